// The bug lab and Check my run (issue 14): the explanations' numbers against the command-line
// program's exports (pure, in Node), then the page in headless Chromium: each bug's run bit for bit
// against the CLI's run with that bug, the ghost against the correct run, switching off, "Find the
// bug", and the check dialog with a correct record, a record with a planted bug and a bad one.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./helpers.js');

const web = {};
let env;
let bugs = null; // the module's bugs (api.bugs()); null until the module has them
// Until the core's bugs (issue 14, branch h14) are merged, the tests that need them wait.
const WAITING = 'the module has no api.bugs() yet: the core\'s bugs (branch h14) are not merged';
before(async () => {
  for (const f of ['buglab.js', 'format.js']) Object.assign(web, await import(pathToFileURL(path.join(h.repoRoot, 'web', f)).href));
  const api = await require(path.join(h.repoRoot, 'web', 'dist', 'linreg-api.cjs')).load();
  if (typeof api.bugs === 'function') bugs = api.bugs().filter((b) => b.name !== 'none');
  env = await h.setup();
});

// The numbers each bug's explanation must quote (as the page writes them).
const QUOTED = {
  no_zero_grad: ['moved', 'movedLater', 'ratioLater'], sum_loss: ['moved', 'movedCorrect', 'ratio'],
  shape_broadcast: ['w', 'meanY', 'trueWOverB'], same_batch: ['usedRows', 'finalLoss'], ascent: ['moved', 'finalLoss'],
  short_batch_divisor: ['moved', 'rows', 'ratio'], double_mean: ['moved', 'ratio'], frozen_bias: ['b', 'bCorrect', 'halfBias'],
};
after(async () => env && env.close());

// A record in the documented CSV format (step,loss,w1..wd,b), from a run's export.
function recordCsv(run) {
  const d = run.initial_params.w.length;
  const head = ['step', 'loss', ...Array.from({ length: d }, (_, j) => `w${j + 1}`), 'b'].join(',');
  return [head, ...run.steps.map((s) => [s.step, s.loss, ...s.w, s.b].join(','))].join('\n') + '\n';
}

const norm = (v) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
const wMove = (run, i) => norm(run.steps[i - 1].w.map((v, j) => v - (i === 1 ? run.initial_params.w : run.steps[i - 2].w)[j]));

// ---- The numbers the explanations quote (pure) -------------------------------------------------

test('compareRuns: identical runs do not differ; a doubled lr moves the first step twice as far', () => {
  const { compareRuns, firstDifference } = web.buglab;
  const a = h.cliRun(['--seed', '3']).run;
  assert.equal(firstDifference(a, h.cliRun(['--seed', '3']).run), null);
  const b = h.cliRun(['--seed', '3', '--lr', '0.06']).run;
  const f = compareRuns(b, a);
  assert.equal(f.step, 1);
  // From the same start, twice the learning rate is twice the step (up to rounding).
  assert.ok(Math.abs(f.moved / f.movedCorrect - 2) < 1e-12, `${f.moved} / ${f.movedCorrect}`);
  assert.equal(f.finalLoss, b.epochs[b.epochs.length - 1].train_loss);
  assert.equal(f.usedRows, 1000);
});

test('the bugs\' facts follow from the bugs\' definitions', (t) => {
  if (!bugs) return t.skip(WAITING);
  const { compareRuns } = web.buglab;
  const correct = h.cliRun(['--seed', '0']).run;
  const facts = (name) => compareRuns(h.cliRun(['--seed', '0', '--bug', name]).run, correct);
  const names = bugs.map((b) => b.name);
  // A summed loss: the first step, from the same start, is batch_size times the correct one.
  if (names.includes('sum_loss')) {
    const f = facts('sum_loss');
    assert.equal(f.step, 1);
    assert.ok(Math.abs(f.moved / f.movedCorrect - 32) < 1e-9, `${f.moved / f.movedCorrect}`);
  }
  // The short last batch (1000 = 31 x 32 + 8) divided by 32: step 32 differs first, 8/32 as far.
  if (names.includes('short_batch_divisor')) {
    const f = facts('short_batch_divisor');
    assert.deepEqual([f.step, f.epoch, f.rows], [32, 1, 8]);
    assert.ok(Math.abs(f.moved / f.movedCorrect - 8 / 32) < 1e-9, `${f.moved / f.movedCorrect}`);
  }
  // Averaged twice: the first step 1/32 as long.
  if (names.includes('double_mean')) {
    const f = facts('double_mean');
    assert.equal(f.step, 1);
    assert.ok(Math.abs(f.moved / f.movedCorrect - 1 / 32) < 1e-9, `${f.moved / f.movedCorrect}`);
  }
  // The bias left out: b ends where it started (the correct run's moves toward the true 4.2).
  if (names.includes('frozen_bias')) {
    const f = facts('frozen_bias');
    assert.equal(f.b, correct.initial_params.b);
    assert.ok(f.bCorrect > 3, `${f.bCorrect}`);
  }
  // The same minibatch every step: only its rows are ever used.
  if (names.includes('same_batch')) assert.equal(facts('same_batch').usedRows, 32);
  // Gradient ascent: the first step as long as the correct one.
  if (names.includes('ascent')) {
    const f = facts('ascent');
    assert.ok(Math.abs(f.moved / f.movedCorrect - 1) < 1e-12);
    assert.ok(f.finalLoss > f.firstLoss);
  }
  assert.ok(bugs.length >= 6, `${bugs.length} bugs`);
  return undefined;
});

test('every bug of the module has its title, description, symptom and explanation in both languages', async (t) => {
  if (!bugs) return t.skip(WAITING);
  const { strings } = await import(pathToFileURL(path.join(h.repoRoot, 'web', 'strings.js')).href);
  for (const lang of ['en', 'zh']) {
    for (const b of bugs) {
      for (const part of ['title', 'description', 'symptom', 'explain']) {
        assert.equal(typeof strings.STRINGS[lang][`bug.${b.name}.${part}`], 'string', `${lang}: bug.${b.name}.${part}`);
      }
    }
  }
  return undefined;
});

// ---- The page ----------------------------------------------------------------------------------

// The ghost as the controller has it and as the plots drew it (their data-ghost-* attributes:
// a chart's x values with the ghost's y at each, empty where it has no point).
async function drawnGhost(page) {
  return page.evaluate(() => {
    const g = window.LinRegPage.controller.ghost;
    const series = (sel, name) => {
      const d = document.querySelector(sel).dataset;
      if (!d[`ghost${name}X`]) return [];
      const ys = d[`ghost${name}Y`].split(',');
      return d[`ghost${name}X`].split(',').map((x, i) => [Number(x), ys[i]]).filter((p) => p[1] !== '').map(([x, y]) => [x, Number(y)]);
    };
    const end = document.querySelector('#landscape-canvas').dataset.ghostEnd;
    return {
      label: g ? g.label : null, w: g ? Array.from(g.state.w) : null, b: g ? g.state.b : null,
      loss: series('#chart-loss', 'Loss'), bias: series('#chart-params', 'B'), pathEnd: end ? end.split(',').map(Number) : [],
    };
  });
}

// The lab's section state once its run has ended and been explained.
async function waitExplained(page, state = 'explained') {
  await page.waitForFunction((s) => document.querySelector('#buglab').dataset.state === s, state, { timeout: 30000 });
}

test('each bug: the page runs the module\'s own run with that bug, bit for bit, beside the correct ghost', async (t) => {
  if (!bugs) return t.skip(WAITING);
  const correct = h.cliRun(['--seed', '0']).run;
  const { page, context, problems } = await h.openPage(env);
  await page.selectOption('[data-control="speed"]', '1000000');
  for (const bug of bugs) {
    const cli = h.cliRun(['--seed', '0', '--bug', bug.name]).run;
    await page.locator(`#buglab [data-bug="${bug.name}"]`).click();
    await waitExplained(page);
    const shown = await h.shownParams(page);
    assert.deepEqual(shown.w, cli.final.w.map((v) => (v === null ? NaN : v)), `${bug.name}: w`);
    assert.equal(shown.b, cli.final.b === null ? NaN : cli.final.b, `${bug.name}: b`);
    assert.equal(await page.locator('#buglab').getAttribute('data-bug'), bug.name);
    assert.equal(await page.locator(`#buglab [data-bug="${bug.name}"]`).getAttribute('aria-pressed'), 'true');
    // The ghost is the correct run: the CLI's run without a bug, as the controller has it and as
    // the loss and parameter plots and the landscape drew it.
    const ghost = await drawnGhost(page);
    assert.equal(ghost.label, 'correct run');
    assert.deepEqual(ghost.w, correct.final.w, `${bug.name}: the ghost's w`);
    assert.equal(ghost.b, correct.final.b, `${bug.name}: the ghost's b`);
    assert.deepEqual(ghost.loss, correct.steps.map((s) => [s.step, s.loss]), `${bug.name}: the ghost's loss per step`);
    assert.deepEqual(ghost.bias, [[0, correct.initial_params.b], ...correct.steps.map((s) => [s.step, s.b])], `${bug.name}: the ghost's b per step`);
    assert.deepEqual(ghost.pathEnd, correct.final.w, `${bug.name}: the end of the ghost's path on the landscape`);
    // The explanation quotes this run's numbers.
    const text = await page.locator('#buglab [data-part="bug-explanation"]').textContent();
    const f = web.buglab.compareRuns(cli, correct);
    const words = web.buglab.spokenFacts(f);
    for (const key of f.step === null ? [] : QUOTED[bug.name] || ['moved', 'movedCorrect']) {
      assert.ok(text.includes(words[key]), `${bug.name}: ${key} = ${words[key]} in "${text}"`);
    }
    assert.equal(await page.locator('#buglab .buglab-line code').textContent(), bug.code_line);
  }
  // Switching off: the book's run again (no bug in the link), no ghost in any plot, the lab idle.
  await page.locator('#buglab [data-action="bug-off"]').click();
  assert.equal(await page.locator('#buglab').getAttribute('data-state'), 'idle');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /bug=/);
  assert.equal(await page.evaluate(() => window.LinRegPage.controller.config.bug), 'none');
  assert.equal((await h.counters(page)).total.value, 0);
  assert.ok(await page.locator('#buglab .buglab-detail').isHidden());
  assert.deepEqual(await drawnGhost(page), { label: null, w: null, b: null, loss: [], bias: [], pathEnd: [] });
  await h.runToEnd(page);
  const back = await h.shownParams(page);
  assert.deepEqual(back.w, correct.final.w);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a settings change while a bug is on lets the lab go: no ghost left behind', async (t) => {
  if (!bugs) return t.skip(WAITING);
  const { page, context, problems } = await h.openPage(env);
  await page.selectOption('[data-control="speed"]', '1000000');
  await page.locator(`#buglab [data-bug="${bugs[0].name}"]`).click();
  await waitExplained(page);
  await h.setField(page, 'batch_size', '10');
  await page.getByRole('button', { name: 'Apply & reset', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#buglab').dataset.state === 'idle');
  assert.equal((await drawnGhost(page)).label, null);
  assert.equal(await page.locator('#buglab').getAttribute('data-bug'), 'none');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Find the bug: a hidden bug runs, the learner picks one, the page reveals the right answer', async (t) => {
  if (!bugs) return t.skip(WAITING);
  const { page, context, problems } = await h.openPage(env);
  await page.selectOption('[data-control="speed"]', '1000000');
  const finals = Object.fromEntries(bugs.map((b) => [b.name, h.cliRun(['--seed', '0', '--bug', b.name]).run.final]));
  for (let round = 0; round < 2; ++round) {
    await page.locator(round === 0 ? '#buglab [data-action="find-bug"]' : '#buglab [data-action="find-bug-again"]').click();
    await page.waitForFunction(() => document.querySelector('#buglab').dataset.mode === 'quiz');
    // Hidden: neither the lab nor the settings show it.
    assert.equal(await page.locator('#buglab').getAttribute('data-bug'), 'none');
    assert.equal(await page.locator('#setting-bug').evaluate((s) => getComputedStyle(s).visibility), 'hidden');
    await page.waitForFunction(() => document.querySelector('#buglab').dataset.state === 'explained', null, { timeout: 30000 });
    // Which bug ran, independently: the run whose final parameters the page shows.
    const shown = await h.shownParams(page);
    const hidden = Object.keys(finals).find((n) => finals[n].w.every((v, j) => v === shown.w[j]) && finals[n].b === shown.b);
    assert.ok(hidden, 'the hidden run is one of the bugs\' runs');
    const guess = round === 0 ? hidden : bugs.find((b) => b.name !== hidden).name;
    await page.locator(`#buglab input[name="buglab-guess"][value="${guess}"]`).check();
    await page.locator('#buglab [data-action="reveal-bug"]').click();
    assert.equal(await page.locator('#buglab .buglab-result').getAttribute('data-right'), String(guess === hidden));
    assert.equal(await page.locator('#buglab').getAttribute('data-bug'), hidden);
    const verdict = await page.locator('#buglab .buglab-verdict').textContent();
    assert.match(verdict, guess === hidden ? /^Right\./ : /^Not this one\./);
    assert.equal(await page.locator('#setting-bug').evaluate((s) => getComputedStyle(s).visibility), 'visible');
  }
  assert.deepEqual(problems, []);
  await context.close();
});

// Opens Check my run, pastes `text` and checks it.
async function checkRecord(page, text) {
  await page.locator('[data-tool="check"]').click();
  await page.locator('#checkrun-text').fill(text);
  await page.locator('[data-action="check-run"]').click();
}

test('Check my run: a correct record matches; a planted bug is named with its step; a bad record gets its message', async (t) => {
  if (!bugs) return t.skip(WAITING);
  const { page, context, problems } = await h.openPage(env);
  const correct = h.cliRun(['--seed', '0']).run;
  await checkRecord(page, recordCsv(correct));
  const result = page.locator('[data-part="check-result"]');
  assert.equal(await result.getAttribute('data-matches'), 'true');
  assert.match(await page.locator('[data-part="check-verdict"]').textContent(), /^Your run matches\. All 96 steps agree/);
  // A record of the same run with a summed loss: step 1, w, and the bug named.
  const planted = bugs.find((b) => b.name === 'sum_loss') || bugs[0];
  const bugRun = h.cliRun(['--seed', '0', '--bug', planted.name]).run;
  const expected = web.buglab.firstDifference(bugRun, correct);
  await page.locator('#checkrun-text').fill(recordCsv(bugRun));
  await page.locator('[data-action="check-run"]').click();
  assert.equal(await result.getAttribute('data-matches'), 'false');
  assert.equal(Number(await result.getAttribute('data-first-step')), expected);
  assert.equal(await result.getAttribute('data-best-bug'), planted.name);
  assert.match(await page.locator('[data-part="check-best"]').textContent(), new RegExp(`\\(${planted.name}\\)`));
  const rows = await page.locator('.checkrun-table tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.step)));
  assert.ok(rows.includes(expected), `the table shows step ${expected}: ${rows}`);
  assert.equal(await page.locator('.checkrun-table tr.is-first td.is-different').count(), 1);
  // The plots are drawn: the canvases hold pixels.
  const inked = await page.locator('.checkrun-plot').evaluateAll((cs) => cs.map((c) => {
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) ++n;
    return n;
  }));
  assert.ok(inked.every((n) => n > 1000), `${inked}`);
  // A malformed record: the checker's message, naming the line; the earlier result goes.
  const bad = recordCsv(correct).replace(/\n3,[^\n]*/, '\n3,nan,0,0,0');
  await page.locator('#checkrun-text').fill(bad);
  await page.locator('[data-action="check-run"]').click();
  const message = await page.locator('#checkrun-error').textContent();
  assert.match(message, /line 4/);
  assert.ok(await result.isHidden());
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots: the bug lab with a bug on and its ghost, and the check dialog, at 1280x800 and 390x844', async (t) => {
  if (!bugs) return t.skip(WAITING);
  const correct = h.cliRun(['--seed', '0']).run;
  const planted = bugs.find((b) => b.name === 'no_zero_grad') || bugs[0];
  const bugRun = h.cliRun(['--seed', '0', '--bug', planted.name]).run;
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const { page, context, problems } = await h.openPage(env, { width, height });
    await page.selectOption('[data-control="speed"]', '1000000');
    await page.locator(`#buglab [data-bug="${planted.name}"]`).click();
    await waitExplained(page);
    // Laid out: the lab within the page's width, no sideways scrolling.
    const box = await page.locator('#buglab').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width + 0.5, `${JSON.stringify(box)} at ${width}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    for (const b of await page.locator('#buglab .buglab-bug').all()) {
      const bb = await b.boundingBox();
      assert.ok(bb.x >= box.x && bb.x + bb.width <= box.x + box.width + 0.5, 'a bug button inside the lab');
    }
    await page.locator('#buglab').scrollIntoViewIfNeeded();
    await page.screenshot({ path: h.screenshotPath(`buglab-${width}x${height}.png`) });
    await page.locator('#chart-loss').scrollIntoViewIfNeeded();
    await page.screenshot({ path: h.screenshotPath(`buglab-plots-${width}x${height}.png`) });
    // With the bug on, the reference is the correct run: the bug's own record differs and is named.
    await checkRecord(page, recordCsv(bugRun));
    assert.equal(await page.locator('[data-part="check-result"]').getAttribute('data-best-bug'), planted.name);
    const dialog = await page.locator('dialog[open]').boundingBox();
    assert.ok(dialog.x >= 0 && dialog.x + dialog.width <= width + 0.5, `the dialog within ${width}`);
    await page.locator('.checkrun-verdict').scrollIntoViewIfNeeded();
    await page.screenshot({ path: h.screenshotPath(`checkrun-${width}x${height}.png`) });
    assert.ok(correct.steps.length > 0);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
