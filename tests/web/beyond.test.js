// The views beyond the book's run, in headless Chromium: the loss landscape (axes for any d, the
// path, the markers, the two gradient arrows), the closed form beside SGD and the distance plot,
// the learning-rate limit under the lr field and divergence above it, the lr sweep, the book's
// loss plot in its three modes (with its edge cases), the code in step with phase stepping, the
// exercise settings, every exercise from a fresh page load, and screenshots.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const data = (page, selector) => h.dataset(page, selector);

// The exercises' extras sit behind a disclosure: open it, then fill the fields.
async function openExtras(page) {
  await page.locator('[data-part="exercise-settings"]').evaluate((d) => { d.open = true; });
}

async function applySettings(page, fields) {
  await openExtras(page);
  for (const [key, value] of Object.entries(fields)) {
    const tag = await page.locator(`#setting-${key}`).evaluate((el) => el.tagName);
    if (tag === 'SELECT') await page.selectOption(`#setting-${key}`, value);
    else if (typeof value === 'boolean') await page.locator(`#setting-${key}`).setChecked(value);
    else await h.setField(page, key, value);
  }
  await page.getByRole('button', { name: 'Apply & reset', exact: true }).click();
}

test('the loss landscape, the closed form and the lr limit for the book\'s run; arrows after a step', async () => {
  const { page, context, problems } = await h.openPage(env);
  let land = await data(page, '#landscape-canvas');
  assert.equal(land.axes, '0,1');
  assert.equal(land.grid, '61x61');
  assert.equal(land.quadratic, 'true');
  assert.equal(land.examples, '1000');
  assert.equal(land.arrows, '0');
  assert.equal(land.markers, 'start,ls,truth,current');
  assert.ok(Number(land.contours) > 100);
  const [x0, x1, y0, y1] = land.box.split(',').map(Number);
  assert.ok(x0 < 0 && x1 > 2 && y0 < -3.4 && y1 > 0, 'the box holds the start and the truth');
  assert.ok(Math.abs((x1 - x0) - (y1 - y0)) < 1e-9, 'square in parameter units');

  // The closed form: the core's least squares, to full precision, beside SGD's parameters.
  const ref = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    const t = api.create('book');
    const out = { ls: t.leastSquares(), c: t.curvature() };
    out.ls = { w: Array.from(out.ls.w), b: out.ls.b, trainLoss: out.ls.trainLoss };
    t.delete();
    return out;
  });
  const shownLs = await page.$$eval('#closed-form tbody tr[data-param] td.ls', (tds) => tds.map((td) => Number(td.dataset.value)));
  assert.deepEqual(shownLs, [...ref.ls.w, ref.ls.b]);
  assert.equal(Number((await data(page, '#chart-loss')).reference), ref.ls.trainLoss);
  assert.match(await page.locator('[data-part="cf-losses"]').textContent(), /least squares 4\.7472e-5, the lowest possible/);

  // The lr limit under the lr field.
  const limit = await data(page, '[data-part="lr-limit"]');
  assert.equal(limit.state, 'below');
  assert.equal(Number(limit.limit), ref.c.lrLimit);
  assert.match(await page.locator('[data-part="lr-limit"]').textContent(), /Stable up to 2\/\u03bb_max = 1\.77568/);

  await h.press(page, 'Step');
  land = await data(page, '#landscape-canvas');
  assert.equal(land.arrows, '2');
  assert.equal(land.trajectory, '3');  // the start, step 1, and the current point
  assert.match(await page.locator('.landscape-arrow-note').textContent(), /step 1 started/);
  for (let i = 0; i < 9; ++i) await h.press(page, 'Step');
  assert.equal((await data(page, '#distance-canvas')).points, '11');
  const d = Number((await data(page, '[data-part="cf-losses"]')).distance);
  assert.ok(d > 0 && d < 5, `distance ${d}`);
  assert.equal((await data(page, '#profile-canvas')).points, '121');
  assert.deepEqual(problems, []);
  await context.close();
});

test('for d = 5 the learner picks the two weights; for Ohm\'s law (d = 1) the axes are w1 and b', async () => {
  const { page, context, problems } = await h.openPage(env);
  await applySettings(page, { w: '1, -2, 3, 0.5, 4' });
  const options = await page.$$eval('[data-control="landscape-x"] option', (os) => os.map((o) => o.textContent));
  assert.deepEqual(options, ['w\u2081', 'w\u2082', 'w\u2083', 'w\u2084', 'w\u2085', 'b']);
  await page.selectOption('[data-control="landscape-x"]', '2');
  await page.selectOption('[data-control="landscape-y"]', '4');
  assert.equal((await data(page, '#landscape-canvas')).axes, '2,4');
  await h.press(page, 'Step');
  assert.equal((await data(page, '#landscape-canvas')).axes, '2,4', 'the choice stays while stepping');
  // Choosing the other axis' parameter swaps them.
  await page.selectOption('[data-control="landscape-x"]', '4');
  assert.equal((await data(page, '#landscape-canvas')).axes, '4,2');
  await page.selectOption('[data-control="landscape-y"]', '5');  // b
  assert.equal((await data(page, '#landscape-canvas')).axes, '4,5');
  assert.match(await page.locator('.landscape-note').textContent(), /The other weights are held/);

  await applySettings(page, { dataset: 'ohm' });
  assert.equal((await data(page, '#landscape-canvas')).axes, '0,1');
  assert.deepEqual(await page.$$eval('[data-control="landscape-x"] option', (os) => os.map((o) => o.textContent)), ['w\u2081', 'b']);
  const limit = Number((await data(page, '[data-part="lr-limit"]')).limit);
  assert.ok(Math.abs(limit - 0.0587) < 0.003, `Ohm's lr limit ${limit}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('above the lr limit the note warns and the run diverges; the absolute loss\'s surface is evaluated directly', async () => {
  const { page, context, problems } = await h.openPage(env);
  await h.setField(page, 'lr', '3');
  assert.equal((await data(page, '[data-part="lr-limit"]')).state, 'above');
  assert.match(await page.locator('[data-part="lr-limit"]').textContent(), /lr = 3 is above the limit/);
  // Diverging is judged where the book evaluates, at the end of an epoch (Trainer::diverging).
  for (let i = 0; i < 10; ++i) await h.press(page, 'Step');
  assert.equal((await data(page, '[data-part="lr-limit"]')).growing, 'false', 'no epoch has ended yet');
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => document.querySelector('[data-part="lr-limit"]').dataset.growing === 'true');
  assert.equal(await page.locator('#status').getAttribute('data-kind'), 'warn');
  assert.match(await page.locator('#status').textContent(), /^Diverging: the training loss grew from 16\.5915 at the start to /);
  assert.match(await page.locator('[data-part="lr-limit"]').textContent(), /Diverging: the training loss went from 16\.5915 at the start to /);
  await h.setField(page, 'max_epochs', '20');
  await h.runToEnd(page);
  assert.equal(await page.locator('#status').getAttribute('data-kind'), 'error');
  assert.match(await page.locator('#status').textContent(), /diverged/);

  await h.setField(page, 'lr', '0.03');
  await applySettings(page, { loss: 'absolute' });
  const land = await data(page, '#landscape-canvas');
  assert.equal(land.quadratic, 'false');
  assert.equal(land.grid, '41x41');
  assert.match(await page.locator('.landscape-note').textContent(), /absolute loss is not quadratic/);
  assert.match(await page.locator('[data-part="lr-limit"]').textContent(), /only a guide/);
  assert.match(await page.locator('.code-row[data-line="loss-l"] .code-text').textContent(), /abs\(\)/);
  assert.match(await page.locator('[data-part="loss-math"]').textContent(), /sign\(0\) = 0/);
  assert.ok(await page.locator('#inspector .math-note').first().isHidden(), 'the squared loss\'s formula is hidden');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the lr sweep: one run per rate in the core, diverged runs marked, bad lists refused with the core\'s message', async () => {
  const { page, context, problems } = await h.openPage(env);
  await page.getByRole('button', { name: 'Run sweep', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#sweep').dataset.state === 'done');
  const s = await data(page, '#sweep-canvas');
  assert.equal(s.runs, '10');
  assert.ok(Number(s.diverged) >= 1, 'lr = 3 is above the limit');
  const expected = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    const t = api.create('book');
    const runs = t.sweepLr([0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 1.5, 2, 3]);
    t.delete();
    return runs.filter((r) => r.diverged).length;
  });
  assert.equal(Number(s.diverged), expected);
  assert.match(await page.locator('[data-part="sweep-note"]').textContent(), /^10 runs; \d+ diverged/);
  await page.locator('#sweep-lrs').fill('0.1, -1');
  await page.getByRole('button', { name: 'Run sweep', exact: true }).click();
  assert.equal((await page.locator('#sweep .field-error').textContent()).trim(),
               "'lrs' must be a list of finite numbers > 0, got lrs[1] = -1");
  assert.deepEqual(problems, []);
  await context.close();
});

test('the book\'s loss plot: both, every step, or only the book\'s points, with its edge cases said on the page', async () => {
  const { page, context, problems } = await h.openPage(env);
  for (let i = 0; i < 20; ++i) await h.press(page, 'Step');
  let loss = await data(page, '#chart-loss');
  assert.deepEqual([loss.stepPoints, loss.smoothedPoints], ['20', '1']);
  await page.selectOption('[data-control="loss-mode"]', 'raw');
  loss = await data(page, '#chart-loss');
  assert.deepEqual([loss.stepPoints, loss.smoothedPoints], ['20', '0']);
  await page.selectOption('[data-control="loss-mode"]', 'book');
  loss = await data(page, '#chart-loss');
  assert.deepEqual([loss.stepPoints, loss.smoothedPoints], ['0', '1']);
  const note = page.locator('[data-part="loss-note"]');
  assert.match(await note.textContent(), /int\(num_batches \/ 2\) = 16/);
  assert.match(await note.textContent(), /The last 4 minibatch losses wait for a full group of 16/);

  // One minibatch per epoch: the book plots no training point at all (the page used to plot
  // every step there; 'both' still does).
  await applySettings(page, { num_train: '100', batch_size: '100', max_epochs: '5' });
  await h.runToEnd(page);
  loss = await data(page, '#chart-loss');
  assert.deepEqual([loss.stepPoints, loss.smoothedPoints, loss.epochPoints], ['0', '0', '5']);
  assert.equal((await data(page, '[data-part="loss-note"]')).single, 'true');
  assert.match(await note.textContent(), /With one minibatch per epoch the book plots no training loss at all/);
  assert.ok(await page.locator('[data-card="loss"]').evaluate((el) => !el.hasAttribute('data-empty')), 'the plot is not "empty"');
  await page.selectOption('[data-control="loss-mode"]', 'both');
  loss = await data(page, '#chart-loss');
  assert.deepEqual([loss.stepPoints, loss.smoothedPoints], ['5', '5']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the code in step: Phase runs forward, loss, zero_grad, backward, the optimizer\'s step with the lines highlighted; the same bits as Step', async () => {
  const cli = h.cliRun(['--seed', '0']);
  const { page, context, problems } = await h.openPage(env);
  const code = page.locator('#code');
  const active = () => page.$$eval('#code .code-row.is-active', (rows) => rows.map((r) => r.dataset.line)); // in the code's order
  const value = (line) => page.locator(`.code-row[data-line="${line}"] .code-value`).textContent();
  const phase = () => page.locator('[data-action="phase"]').click();
  assert.equal((await data(page, '#code')).next, 'forward');
  await phase();
  assert.deepEqual(await active(), ['forward', 'for', 'training-step']);
  assert.equal((await data(page, '#code')).next, 'loss');
  assert.match(await value('forward'), /^y_hat: \(32, 1\) \[/);
  assert.equal(await value('loss'), '');
  await phase();
  assert.deepEqual(await active(), ['loss-l', 'loss', 'training-step']);
  const l = Number((await value('training-step')).replace('loss = ', '').replace('\u2212', '-'));
  assert.ok(Math.abs(l - cli.run.steps[0].loss) < 1e-4, `l = ${l}`);
  await page.keyboard.press('p');  // the shortcut
  assert.deepEqual(await active(), ['sgd-zero', 'zero-grad']);
  assert.equal((await data(page, '#code')).next, 'gradient');
  await phase();
  assert.deepEqual(await active(), ['backward', 'clip-if']);
  assert.equal((await h.counters(page)).total.value, 0, 'no update yet');
  assert.equal((await data(page, '#landscape-canvas')).arrows, '2', 'the gradients of the step in progress');
  assert.match(await page.locator('.landscape-arrow-note').textContent(), /step 1 in progress/);
  await phase();
  assert.deepEqual(await active(), ['sgd-step', 'optim-step', 'batch-idx']);
  assert.equal((await h.counters(page)).total.value, 1);
  let shown = await h.shownParams(page);
  assert.deepEqual(shown.w, cli.run.steps[0].w);
  assert.equal(shown.b, cli.run.steps[0].b);
  // Two phases, then Step finishes the step: still the native run's step 2.
  await phase();
  await phase();
  await h.press(page, 'Step');
  shown = await h.shownParams(page);
  assert.deepEqual(shown.w, cli.run.steps[1].w);
  assert.equal((await h.counters(page)).total.value, 2);
  // The last step of an epoch also highlights the validation. (Epoch runs its steps in chunks
  // between frames: the panel is read once the epoch's last step is drawn.)
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => /Step 32 done/.test(document.querySelector('#code [data-part="code-status"]').textContent), null, { timeout: 10000 });
  assert.deepEqual(await active(), ['sgd-step', 'optim-step', 'batch-idx', 'val-for', 'val']);
  assert.match(await value('val'), /^val_loss = /);
  assert.match(await code.locator('[data-part="code-status"]').textContent(), /Step 32 done/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the exercise settings: loss, Huber delta, order (kept in step with shuffle), drop_last, outlier, data set', async () => {
  const cli = h.cliRun(['--loss', 'huber', '--huber-delta', '0.5', '--order', 'sorted', '--drop-last',
    '--outlier', '{"index": 5, "value": 10000}', '--num-train', '100', '--batch-size', '30']);
  const { page, context, problems } = await h.openPage(env);
  await openExtras(page);
  await page.selectOption('#setting-order', 'sorted');
  assert.equal(await page.locator('#setting-shuffle').isChecked(), false, 'order sorted unticks shuffle');
  await page.locator('#setting-shuffle').check();
  assert.equal(await page.locator('#setting-order').inputValue(), 'shuffle', 'shuffle back on: order shuffle');
  await h.setField(page, 'outlier', '5, abc');
  assert.equal(await h.fieldError(page, 'outlier'), "'outlier.value' must be a finite number, got \"abc\"");
  await applySettings(page, {
    loss: 'huber', huber_delta: '0.5', order: 'sorted', drop_last: true, outlier: '5, 10000', num_train: '100', batch_size: '30',
  });
  assert.equal((await h.counters(page)).step.text, '0 / 3');
  await h.runToEnd(page);
  const shown = await h.shownParams(page);
  assert.deepEqual(shown.w, cli.run.final.w);
  assert.equal(shown.b, cli.run.final.b);
  assert.equal(await page.locator('#setting-outlier').inputValue(), '5, 10000');
  assert.deepEqual(problems, []);
  await context.close();
});

// Every exercise from a fresh page load: predict, run, read the explanation.
const EXERCISES = ['zero-init', 'var-1000', 'ohm', 'lr-sweep', 'epochs', 'batch-remainder', 'abs-loss', 'sq-outlier',
  'abs-outlier', 'huber-outlier', 'sorted'];

test('every exercise preset runs from a fresh page load and explains what happened', async () => {
  const seen = [];
  for (const id of EXERCISES) {
    const { page, context, problems } = await h.openPage(env);
    await page.locator(`[data-exercise="${id}"].exercise-button`).click();
    const detail = page.locator('.exercise-detail');
    assert.equal(await detail.getAttribute('data-state'), 'predict');
    const run = page.getByRole('button', { name: 'Run it', exact: true });
    assert.ok(await run.isDisabled(), `${id}: predict first`);
    await page.locator('.exercise-option input').nth(1).check();
    await run.click();
    if (id !== 'lr-sweep') await page.locator('[data-action="exercise-skip"]').click(); // the played run: tests/web/exercises.test.js
    await page.waitForFunction(() => document.querySelector('.exercise-detail').dataset.state === 'explained', null,
      { timeout: 60000 });
    const text = await page.locator('[data-part="explanation"]').textContent();
    assert.ok(text.length > 150, `${id}: an explanation`);
    assert.doesNotMatch(text, /\{|\}|\[\[|undefined|NaN|\u2014/, `${id}: every number and citation filled in: ${text}`);
    assert.match(await page.locator('.exercise-verdict').textContent(), /You chose/);
    if (id !== 'lr-sweep') {
      assert.ok(['done', 'error'].includes(await page.locator('#status').getAttribute('data-kind')), `${id}: ran to the end`);
    } else {
      assert.equal((await data(page, '#sweep-canvas')).runs, '10');
    }
    if (id === 'huber-outlier') {
      await page.locator('#exercises').screenshot({ path: h.screenshotPath('beyond-exercise-1280x800.png') });
    }
    seen.push(id);
    assert.deepEqual(problems, [], id);
    await context.close();
  }
  assert.deepEqual(seen, EXERCISES);
  // And all of them are on the page, in this order.
  const { page, context } = await h.openPage(env);
  assert.deepEqual(await page.$$eval('.exercise-button', (bs) => bs.map((b) => b.dataset.exercise)), EXERCISES);
  await context.close();
});

test('screenshots of the new views at 1280x800 and 390x844', async () => {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const { page, context, problems } = await h.openPage(env, { width, height });
    for (let i = 0; i < 12; ++i) await h.press(page, 'Step');
    await page.locator('[data-action="phase"]').click();
    await page.locator('[data-action="phase"]').click();
    await page.locator('[data-action="phase"]').click();
    await page.getByRole('button', { name: 'Run sweep', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#sweep').dataset.state === 'done');
    for (const [name, selector] of [['landscape', '#landscape'], ['closed-form', '#closed-form'], ['sweep', '#sweep'],
      ['code', '#code'], ['exercises', '#exercises']]) {
      await page.locator(selector).scrollIntoViewIfNeeded();
      await page.locator(selector).screenshot({ path: h.screenshotPath(`beyond-${name}-${width}x${height}.png`) });
    }
    await page.screenshot({ path: h.screenshotPath(`beyond-page-${width}x${height}-full.png`), fullPage: true });
    // Nothing wider than the screen on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px at ${width}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
