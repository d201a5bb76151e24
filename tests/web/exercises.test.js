// The exercises that show their evidence, and the book's PyTorch code in step, in headless
// Chromium: a deep link (#exercise=<id>) opens an exercise with its run, alone in an embed; the
// run plays at a visible pace and Skip ends it at the native run's numbers; the comparison run is a
// ghost whose errors equal an independent run of the module; nothing an exercise set (feature,
// log scale, ghost, explanation) leaks into the next one or stays when the run is changed; "Back
// to the book's run" gives the schema's defaults and the CLI's numbers; an explanation's
// citations scroll to and highlight what they cite; Phase moves through the PyTorch lines with
// the step inspector's numbers. Screenshots mid-animation with the ghost and mid-Phase.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./helpers.js');

let env;
let EXERCISES;
before(async () => {
  env = await h.setup();
  ({ EXERCISES } = (await import(pathToFileURL(path.join(h.repoRoot, 'web', 'exerciselist.js')).href)).exerciseList);
});
after(async () => env && env.close());

const byId = (id) => EXERCISES.find((e) => e.id === id);
const detail = (page) => h.dataset(page, '.exercise-detail');

async function openExercise(page, id) {
  await page.locator(`[data-exercise="${id}"].exercise-button`).click();
  assert.equal((await detail(page)).state, 'predict');
}

// Predict (the first choice), Run it, then (skip: true) Skip to the end; waits for the explanation.
async function runExercise(page, { skip = true } = {}) {
  await page.locator('.exercise-option input').first().check();
  await page.locator('[data-action="run-exercise"]').click();
  if (skip && (await detail(page)).state === 'running') await page.locator('[data-action="exercise-skip"]').click();
  await page.waitForFunction(() => document.querySelector('.exercise-detail').dataset.state === 'explained', null, { timeout: 60000 });
}

// What the plots drew of a ghost run (web/charts.js's data-ghost-* attributes).
const ghostDrawn = (page) => page.evaluate(() =>
  ['#chart-data', '#chart-loss', '#chart-params'].map((s) => Object.keys(document.querySelector(s).dataset).some((k) => k.startsWith('ghost'))));

// The settings form's values against the schema's defaults: the keys that differ.
const differFromSchema = (page) => page.evaluate(async () => {
  const api = await window.LinReg.load();
  const out = [];
  for (const f of api.schema().fields) {
    const input = document.getElementById(`setting-${f.key}`);
    let value;
    if (input.type === 'checkbox') value = input.checked;
    else if (f.optional && input.value === '') value = null;  // (init_w, init_b: not set)
    else if (f.type === 'list') value = input.value.split(',').map(Number);
    else if (f.type === 'number' || f.type === 'int') value = Number(input.value);
    else if (f.key === 'outlier') value = input.value === '' ? null : input.value;
    else value = input.value;
    if (JSON.stringify(value) !== JSON.stringify(f.default)) out.push(`${f.key}: ${JSON.stringify(value)} vs ${JSON.stringify(f.default)}`);
  }
  return out;
});

test('#exercise=<id> opens the exercise with its run; the link follows the exercise opened and closed', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#exercise=sorted` });
  assert.equal((await detail(page)).exercise, 'sorted');
  assert.equal(await page.locator('[data-exercise="sorted"].exercise-button').getAttribute('aria-pressed'), 'true');
  // Its run: the book's run with the exercise's changes, in the form and in the link.
  const expected = byId('sorted').config;
  for (const [key, value] of Object.entries(expected)) {
    const input = page.locator(`#setting-${key}`);
    const shown = await input.evaluate((el) => (el.type === 'checkbox' ? el.checked : el.value));
    assert.equal(String(shown), String(value), key);
  }
  assert.match(await page.evaluate(() => location.hash), /(^|[#&])exercise=sorted(&|$)/);
  // Another exercise by the link.
  await page.evaluate(() => { location.hash = '#exercise=zero-init'; });
  await page.waitForFunction(() => document.querySelector('.exercise-detail').dataset.exercise === 'zero-init');
  assert.equal(await page.locator('#setting-sigma').inputValue(), '0');
  assert.equal(await page.locator('#setting-order').inputValue(), 'shuffle', 'the last exercise\'s order is gone');
  // A bad id is reported, with the list of ids.
  const bad = await h.openPage(env, { url: `${env.url}#exercise=nope` });
  assert.match(await bad.page.locator('#notices').textContent(), /exercise.*nope.*zero-init/s);
  assert.ok(await bad.page.locator('.exercise-detail').isHidden());
  await bad.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('embedded alone (#exercise=<id>&embed=1): the exercise and its plots, for each hide= combination', async () => {
  const hides = ['', 'settings', 'settings,tools', 'settings,tools,landscape,closed-form,sweep,code,inspector,estimates,plot-params'];
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    for (const hide of hides) {
      const url = `${env.url}#exercise=abs-outlier&embed=1${hide ? `&hide=${hide}` : ''}`;
      const { page, context, problems } = await h.openPage(env, { url, width, height });
      assert.ok(await page.locator('.exercise-list').isHidden(), 'alone: no list of exercises');
      assert.ok(await page.locator('[data-action="exercise-back"]').isHidden(), 'alone: no way out');
      assert.equal((await detail(page)).exercise, 'abs-outlier');
      const boxes = await page.evaluate(() => ['.exercise-detail', '[data-card="data"]', '[data-card="loss"]', '[data-card="params"]']
        .map((s) => {
          const el = document.querySelector(s);
          const b = el.getBoundingClientRect();
          return { s, visible: el.getClientRects().length > 0 && !el.closest('.embed-hidden'), x: b.x, w: b.width, right: b.right };
        }));
      const page_w = await page.evaluate(() => document.documentElement.clientWidth);
      for (const b of boxes) {
        if (!b.visible) continue;
        assert.ok(b.w >= 200, `${width} hide=${hide}: ${b.s} is ${b.w}px wide`);
        assert.ok(b.x >= 0 && b.right <= page_w + 0.5, `${width} hide=${hide}: ${b.s} within the page (${b.x}..${b.right})`);
      }
      assert.ok(boxes[1].visible && boxes[2].visible, 'the data and loss plots are shown');
      if (hide.includes('plot-params') && width === 1280) {
        await runExercise(page);
        // A citation of a hidden part is plain text; of a shown one, a button.
        assert.deepEqual(await page.$$eval('[data-part="explanation"] .exercise-cite', (bs) => bs.map((b) => b.dataset.cite)), ['data']);
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});

test('the run plays at a visible pace; Skip to the end and reduced motion end at the native run\'s numbers', async () => {
  const cli = h.cliRun(['--sigma', '0']);
  const { page, context, problems } = await h.openPage(env);
  await openExercise(page, 'zero-init');
  await page.locator('.exercise-option input').first().check();
  await page.locator('[data-action="run-exercise"]').click();
  // Playing, not jumping: some steps in, not all; the run button says Pause.
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) > 0);
  const mid = (await h.counters(page)).total.value;
  assert.ok(mid > 0 && mid < 96, `mid-animation at step ${mid}`);
  assert.equal((await detail(page)).state, 'running');
  assert.match(await page.locator('[data-part="exercise-progress"]').textContent(), /96 steps in about 3\.2 s/);
  assert.equal(await page.locator('#transport [data-action="run"]').evaluate((b) => b.classList.contains('is-running')), true);
  await page.waitForFunction(() => document.querySelector('.exercise-detail').dataset.state === 'explained', null, { timeout: 60000 });
  const played = await h.shownParams(page);
  assert.deepEqual(played.w, cli.run.final.w);
  assert.equal(played.b, cli.run.final.b);
  // Predict again, then skip: the same numbers.
  await page.getByRole('button', { name: 'Predict again', exact: true }).click();
  assert.equal((await h.counters(page)).total.value, 0, 'a fresh run');
  await runExercise(page, { skip: true });
  assert.deepEqual(await h.shownParams(page), played);
  assert.deepEqual(problems, []);
  await context.close();

  // Reduced motion: no animation (the player goes straight to the end), the same numbers.
  const reduced = await h.openPage(env, { reducedMotion: 'reduce' });
  await openExercise(reduced.page, 'zero-init');
  await reduced.page.locator('.exercise-option input').first().check();
  await reduced.page.locator('[data-action="run-exercise"]').click();
  assert.equal(await reduced.page.locator('#transport [data-action="run"]').evaluate((b) => b.classList.contains('is-running')), false);
  await reduced.page.waitForFunction(() => document.querySelector('.exercise-detail').dataset.state === 'explained');
  assert.deepEqual(await h.shownParams(reduced.page), played);
  assert.deepEqual(reduced.problems, []);
  await reduced.context.close();
});

test('the comparison run is a ghost whose final errors equal an independent run of the module', async () => {
  const { page, context, problems } = await h.openPage(env);
  for (const id of ['abs-loss', 'sorted']) {
    await openExercise(page, id);
    assert.deepEqual(await ghostDrawn(page), [false, false, false], `${id}: no ghost before Run it`);
    await runExercise(page);
    assert.deepEqual(await ghostDrawn(page), [true, true, true], `${id}: the ghost in the three plots`);
    const ex = byId(id);
    const expected = await page.evaluate(async ({ config, compare }) => {
      const api = await window.LinReg.load();
      const t = api.create(Object.assign(api.defaults(), config, compare));
      t.fit();
      const s = t.state();
      t.delete();
      const six = (x) => x.toFixed(6);
      return `[${Array.from(s.errorW, six).join(', ')}], [${six(s.errorB)}]`;
    }, { config: ex.config, compare: ex.compare });
    const text = await page.locator('[data-part="explanation"]').textContent();
    assert.ok(text.includes(expected), `${id}: "${expected}" in: ${text}`);
    assert.match(await page.locator('.exercise-ghost-note').textContent(), /ghost/);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('nothing an exercise set leaks into the next one; a changed run closes the exercise', async () => {
  const { page, context, problems } = await h.openPage(env);
  // A chosen feature and an exercise with a ghost.
  await page.selectOption('[data-control="feature"]', '0');
  await openExercise(page, 'abs-loss');
  assert.equal(await page.locator('[data-control="feature"]').inputValue(), '1', 'an exercise starts from the book\'s view');
  await page.selectOption('[data-control="feature"]', '0');
  await runExercise(page);
  assert.deepEqual(await ghostDrawn(page), [true, true, true]);
  // The next exercise (it sets the log scale): no ghost, no explanation, the default feature.
  await openExercise(page, 'epochs');
  assert.deepEqual(await ghostDrawn(page), [false, false, false], 'the ghost went');
  assert.equal(await page.locator('[data-part="explanation"]').count(), 0, 'the explanation went');
  assert.equal(await page.locator('[data-control="feature"]').inputValue(), '1');
  assert.equal(await page.locator('[data-control="log-scale"]').isChecked(), true, 'epochs plots the loss on a log scale');
  await runExercise(page);
  // The next one: the log scale goes with the exercise that set it.
  await openExercise(page, 'zero-init');
  assert.equal(await page.locator('[data-control="log-scale"]').isChecked(), false);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /log=/);
  await runExercise(page);
  // Switching back to the book's preset: the exercise closes (explanation, link and all).
  await page.selectOption('[data-control="preset"]', 'book');
  await page.getByRole('button', { name: 'Apply & reset', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('.exercise-detail').hidden);
  assert.equal(await page.locator('[data-part="explanation"]').count(), 0);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /exercise=/);
  assert.equal(await page.locator('.exercise-button[aria-pressed="true"]').count(), 0);
  // A live change also takes the run away from the exercise.
  await openExercise(page, 'sorted');
  await runExercise(page);
  await h.setField(page, 'lr', '0.05');
  await page.waitForFunction(() => document.querySelector('.exercise-detail').hidden);
  assert.deepEqual(await ghostDrawn(page), [false, false, false]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Back to the book\'s run: the schema\'s defaults, no ghost, and the CLI\'s default numbers', async () => {
  const cli = h.cliRun([]);
  const { page, context, problems } = await h.openPage(env);
  await openExercise(page, 'huber-outlier');
  await runExercise(page);
  assert.notDeepEqual(await differFromSchema(page), []);
  await page.locator('[data-action="exercise-back"]').click();
  assert.ok(await page.locator('.exercise-detail').isHidden());
  assert.deepEqual(await differFromSchema(page), [], 'every setting at its schema default');
  assert.equal(await page.evaluate(() => location.hash), '', 'the link holds nothing but the book\'s run');
  assert.deepEqual(await ghostDrawn(page), [false, false, false]);
  assert.equal(await page.locator('[data-control="log-scale"]').isChecked(), false);
  assert.equal((await h.counters(page)).total.value, 0);
  await h.runToEnd(page);
  const shown = await h.shownParams(page);
  assert.deepEqual(shown.w, cli.run.final.w);
  assert.equal(shown.b, cli.run.final.b);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an explanation\'s citations scroll to what they cite and highlight it', async () => {
  const { page, context, problems } = await h.openPage(env);
  await openExercise(page, 'batch-remainder');
  await runExercise(page);
  const cite = page.locator('[data-part="explanation"] .exercise-cite[data-cite="inspector"]');
  assert.equal(await cite.textContent(), 'the step inspector');
  await page.evaluate(() => window.scrollTo(0, 0));
  await cite.click();
  await page.waitForFunction(() => {
    const b = document.querySelector('#inspector').getBoundingClientRect();
    return b.top < innerHeight && b.bottom > 0;
  });
  assert.equal(await page.locator('#inspector').evaluate((el) => el.classList.contains('is-cited')), true);
  await page.waitForFunction(() => !document.querySelector('#inspector').classList.contains('is-cited'), null, { timeout: 5000 });
  // No citation is left as markup, in any explanation text.
  assert.doesNotMatch(await page.locator('[data-part="explanation"]').textContent(), /\[\[|\]\]|\|/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Phase moves through the PyTorch lines with the step inspector\'s numbers', async () => {
  const { page, context, problems } = await h.openPage(env);
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  const value = (line) => page.locator(`.code-row[data-line="${line}"] .code-value`).textContent();
  const seen = {};
  for (const [stop, line] of [['forward', 'forward'], ['loss', 'training-step'], ['zero_grad', 'sgd-zero'],
    ['gradient', 'backward'], ['update', 'optim-step']]) {
    await page.locator('[data-action="phase"]').click();
    assert.equal((await h.dataset(page, '#code')).done, stop);
    seen[stop] = await value(line);
    assert.notEqual(seen[stop], '', `${stop}: a value beside ${line}`);
  }
  // Step 4 is done: the inspector shows it. The same numbers, as the inspector writes them.
  const insp = await page.evaluate(() => ({
    summary: document.querySelector('#inspector [data-part="summary"]').textContent,
    yHat: Array.from(document.querySelectorAll('#inspector [data-part="examples"] tbody tr'))
      .slice(0, 3).map((tr) => tr.children[tr.children.length - 2].textContent),
    rows: document.querySelectorAll('#inspector [data-part="examples"] tbody tr').length,
    grads: Array.from(document.querySelectorAll('#inspector [data-part="gradient"] li[data-param]'), (li) => li.textContent.split(' = ')[1]),
    after: Array.from(document.querySelectorAll('#inspector [data-part="updates"] li[data-param] strong'), (s) => s.textContent),
  }));
  assert.match(insp.summary, /step 4\b/i);
  assert.equal(seen.forward, `y_hat: (${insp.rows}, 1) [${insp.yHat.join(', ')}, \u2026]`);
  assert.ok(insp.summary.includes(seen.loss.replace('loss = ', '')), `${seen.loss} in ${insp.summary}`);
  assert.equal(seen.zero_grad, 'w.grad = [0, 0], b.grad = [0]');
  assert.equal(seen.gradient, `w.grad = [${insp.grads.slice(0, 2).join(', ')}], b.grad = [${insp.grads[2]}]`);
  assert.equal(seen.update, `w = [${insp.after.slice(0, 2).join(', ')}], b = [${insp.after[2]}]`);
  assert.match(await value('for'), new RegExp(`^X: \\(${insp.rows}, 2\\), y: \\(${insp.rows}, 1\\)`));
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots: an exercise mid-animation with its ghost, the code mid-Phase, at 1280x800 and 390x844', async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const { page, context, problems } = await h.openPage(env, { width, height });
    await openExercise(page, 'sorted');
    await page.locator('.exercise-option input').nth(1).check();
    await page.locator('[data-action="run-exercise"]').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) >= 30);
    await h.press(page, 'Pause');
    await page.locator('[data-card="data"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: h.screenshotPath(`exercise-ghost-${width}x${height}.png`) });
    await page.locator('#exercises').screenshot({ path: h.screenshotPath(`exercise-panel-${width}x${height}.png`) });
    await page.locator('[data-action="exercise-skip"]').click();
    await page.waitForFunction(() => document.querySelector('.exercise-detail').dataset.state === 'explained');
    await page.locator('#exercises').screenshot({ path: h.screenshotPath(`exercise-explained-${width}x${height}.png`) });
    await page.locator('[data-action="exercise-back"]').click();
    for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
    for (let i = 0; i < 4; ++i) await page.locator('[data-action="phase"]').click();
    await page.locator('#code').scrollIntoViewIfNeeded();
    await page.locator('#code').screenshot({ path: h.screenshotPath(`code-phase-${width}x${height}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px at ${width}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
