// While the run plays, the parts of the page out of the window wait (web/onscreen.js: the frame's
// time goes to the parts on screen); each shows the run's numbers, checked against the
// command-line program's run step by step, as soon as it comes into view and when the run pauses.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

// The parts that wait off screen while the run plays, and the ones always at the top at 1280x800.
const WAITING = ['#chart-params', '#readouts', '#inspector', '#math', '#landscape', '#closed-form'];
const TOP = ['#chart-data', '#chart-loss', '#last-step'];

// What the page shows now, read in one go (one render's output): the counters, each part's
// data-deferred, and the numbers of the readouts, the inspector, the strip and the math block.
function shown(page) {
  return page.evaluate(([waiting, top]) => {
    const q = (s) => document.querySelector(s);
    const rows = Array.from(document.querySelectorAll('[data-readout="params"] tr[data-param]'));
    const now = (p) => Number(rows.find((r) => r.dataset.param === p).querySelector('td.now').dataset.value);
    const box = (s) => q(s).getBoundingClientRect();
    return {
      total: Number(q('[data-counter="total"]').dataset.value),
      running: q('[data-action="run"]').classList.contains('is-running'),
      deferred: Object.fromEntries([...waiting, ...top].map((s) => [s, q(s).dataset.deferred])),
      inView: Object.fromEntries([...waiting, ...top].map((s) => [s, box(s).bottom > 0 && box(s).top < innerHeight])),
      w: rows.filter((r) => r.dataset.param !== 'b').map((r) => Number(r.querySelector('td.now').dataset.value)),
      b: now('b'),
      indices: q('#inspector [data-part="indices"]').textContent,
      inspector: q('#inspector [data-part="summary"]').textContent,
      strip: Number(q('#last-step').dataset.step),
      mathNote: q('#math [data-part="math-note"]').textContent,
      epochLines: q('[data-readout="epochs"]').textContent,
      lines: Object.fromEntries(['#last-step [data-part="strip-gradient"]', '#last-step [data-part="strip-updates"]',
        '#inspector [data-part="gradient"]', '#inspector [data-part="updates"]'].map((sel) =>
        [sel, Array.from(document.querySelectorAll(`${sel} li[data-param]`), (li) => `${li.dataset.param}: ${li.textContent}`)])),
    };
  }, [WAITING, TOP]);
}

// Every part drawn (data-deferred false) shows the numbers of the CLI's step `s.total` (the
// readouts at full precision); a part that waits shows that step or an earlier one.
function assertStep(s, cli, label) {
  const step = cli.run.steps[s.total - 1];
  assert.ok(step, `${label}: step ${s.total} is in the CLI's run`);
  const drawn = (part) => s.deferred[part] === 'false';
  if (drawn('#readouts')) {
    assert.deepEqual(s.w, step.w, `${label}: the readouts' w is the CLI's after step ${s.total}`);
    assert.equal(s.b, step.b, `${label}: the readouts' b`);
    const epochs = Math.floor(s.total / 32);
    assert.equal(s.epochLines.split('\n').filter((l) => l.startsWith('epoch ')).length, epochs, `${label}: one line per epoch done`);
  }
  if (drawn('#inspector')) {
    assert.equal(s.indices, step.indices.join(', '), `${label}: the inspector's minibatch is step ${s.total}'s`);
    assert.match(s.inspector, new RegExp(`^Step ${s.total}:`), `${label}: the inspector's summary`);
  }
  if (drawn('#last-step')) assert.equal(s.strip, s.total, `${label}: the strip's step`);
  else assert.ok(s.strip <= s.total, `${label}: the strip waits`);
  if (drawn('#math')) assert.match(s.mathNote, new RegExp(`step ${s.total};`), `${label}: the math block's step`);
}

test('while the run plays only the parts on screen follow; one scrolled into view, and all on Pause, show the CLI\'s numbers', async () => {
  const cli = h.cliRun(['--seed', '0', '--max-epochs', '15']);
  assert.equal(cli.status, 0);
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#max_epochs=15&speed=30` });
  await h.press(page, 'Run');
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) >= 20);

  // Mid-run at the top of the page: the parts below wait, the ones at the top follow every step.
  const mid = await shown(page);
  assert.ok(mid.running, 'still running');
  for (const s of TOP) {
    assert.ok(mid.inView[s], `${s} is in the window at the top`);
    assert.equal(mid.deferred[s], 'false', `${s} follows the run`);
  }
  for (const s of WAITING) {
    assert.ok(!mid.inView[s], `${s} is out of the window at the top`);
    assert.equal(mid.deferred[s], 'true', `${s} waits while the run plays`);
  }
  assert.equal(mid.strip, mid.total, 'the strip shows the step the counters show');
  assert.ok(mid.w.length === 2 && !mid.inspector.startsWith(`Step ${mid.total}:`), `the inspector waits (it shows "${mid.inspector}" at step ${mid.total})`);

  // Scrolled to the readouts, the inspector and the math block while the run goes on: they are
  // drawn at once with the run's numbers, and follow it from then on.
  await page.evaluate(() => document.querySelector('#readouts').scrollIntoView({ block: 'start' }));
  await page.waitForFunction(() => ['#readouts', '#inspector'].every((s) => document.querySelector(s).dataset.deferred === 'false'));
  const inView = await shown(page);
  assert.ok(inView.running, 'still running when scrolled to');
  assert.ok(inView.inView['#readouts'] && inView.inView['#inspector'], 'the readouts and the inspector are in the window');
  assertStep(inView, cli, 'scrolled into view');
  await page.waitForFunction((t) => Number(document.querySelector('[data-counter="total"]').dataset.value) >= t + 5, inView.total);
  const later = await shown(page);
  assert.ok(later.running, 'still running');
  assertStep(later, cli, 'in view, steps later');
  assert.equal(later.deferred['#last-step'], 'true', 'the strip, now out of the window, waits');

  // Back at the top, paused: every part shows the step the run stopped at.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.querySelector('#readouts').dataset.deferred === 'true');
  await h.press(page, 'Pause');
  await page.waitForFunction(() => document.querySelector('#status').dataset.kind === 'info' && !document.querySelector('[data-action="run"]').classList.contains('is-running'));
  await page.waitForFunction((parts) => parts.every((s) => document.querySelector(s).dataset.deferred === 'false'), WAITING);
  const paused = await shown(page);
  assert.ok(paused.total > later.total, 'the run went on after the scroll');
  assertStep(paused, cli, 'paused');
  for (const s of [...WAITING, ...TOP]) assert.equal(paused.deferred[s], 'false', `${s} is drawn once paused`);
  // The strip's lines, renumbered in place at every step, read as the inspector's, built anew.
  const L = paused.lines;
  assert.equal(L['#last-step [data-part="strip-updates"]'].length, 3);
  assert.deepEqual(L['#last-step [data-part="strip-gradient"]'], L['#inspector [data-part="gradient"]']);
  assert.deepEqual(L['#last-step [data-part="strip-updates"]'], L['#inspector [data-part="updates"]']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('at 1 step/s a part scrolled into view is drawn at once, not with the next step', async () => {
  const cli = h.cliRun(['--seed', '0']);
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#speed=1` });
  await h.press(page, 'Run'); // the first step at once, the next a second later
  // A few frames after the first step (in one round trip: the next step comes a second later),
  // what the inspector shows, then scrolled to it.
  const before = await page.evaluate(() => new Promise((resolve) => {
    const q = (s) => document.querySelector(s);
    let frames = 0; // frames since the first step: its draws are done
    const poll = () => {
      const total = Number(q('[data-counter="total"]').dataset.value);
      if (total < 1 || ++frames < 6) return requestAnimationFrame(poll);
      const seen = { total, deferred: q('#inspector').dataset.deferred };
      q('#inspector').scrollIntoView({ block: 'start' });
      return resolve(seen);
    };
    poll();
  }));
  assert.equal(before.deferred, 'true', 'the inspector waits out of the window');
  await page.waitForFunction(() => document.querySelector('#inspector').dataset.deferred === 'false', null, { polling: 'raf' });
  const s = await shown(page);
  assert.ok(s.running, 'still running');
  assert.equal(s.total, before.total, 'drawn before the next step (a second later) came');
  assertStep(s, cli, 'scrolled into view between steps');
  assert.deepEqual(problems, []);
  await context.close();
});
