// The page in headless Chromium: it loads cleanly with the book's run, and stepping shows
// consistent counters, plots, inspector and readouts.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
let cli;
before(async () => {
  env = await h.setup();
  cli = h.cliRun(['--seed', '0']);
});
after(async () => env && env.close());

test('loads without console errors or failed requests, showing the book run ready to step', async () => {
  const { page, context, problems } = await h.openPage(env);
  assert.equal(await page.locator('#setting-lr').inputValue(), '0.03');
  assert.equal(await page.locator('#setting-batch_size').inputValue(), '32');
  assert.equal(await page.locator('#setting-max_epochs').inputValue(), '3');
  assert.equal(await page.locator('#setting-w').inputValue(), '2, -3.4');
  assert.equal(await page.locator('#setting-seed').inputValue(), '0');
  assert.equal(await page.locator('[data-control="preset"]').inputValue(), 'book');
  assert.equal(await page.locator('[data-control="feature"]').inputValue(), '1', 'feature 2 plotted by default');
  const c = await h.counters(page);
  assert.deepEqual([c.epoch.value, c.step.text, c.examples.value], [0, '0 / 32', 0]);
  for (const name of ['Step', 'Epoch', 'Run', 'Reset', 'New data']) {
    assert.ok(await page.getByRole('button', { name, exact: true }).isEnabled(), `${name} button`);
  }
  const data = await h.dataset(page, '#chart-data');
  assert.equal(data.points, '1000');
  assert.equal(data.batchPoints, '0');
  // The initial parameters are the CLI's (same seed, same bits).
  const p = await h.shownParams(page);
  assert.deepEqual(p.w, cli.run.initial_params.w);
  assert.equal(p.b, cli.run.initial_params.b);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Step five times: counters, plotted points, inspector and readouts agree', async () => {
  const { page, context, problems } = await h.openPage(env);
  await h.press(page, 'Step');
  await h.press(page, 'Step');
  for (let i = 0; i < 3; ++i) await page.keyboard.press('s'); // the shortcut

  const c = await h.counters(page);
  assert.equal(c.epoch.value, 0);
  assert.equal(c.step.text, '5 / 32');
  assert.equal(c.examples.value, 160);
  assert.equal(c.examples.text, '160');
  assert.equal(c.total.value, 5);

  const data = await h.dataset(page, '#chart-data');
  assert.equal(data.points, '1000');
  assert.equal(data.batchPoints, '32');
  const loss = await h.dataset(page, '#chart-loss');
  assert.equal(loss.stepPoints, '5');
  assert.equal(loss.smoothedPoints, '0', 'the book plots a point every 16 steps');
  assert.equal(loss.epochPoints, '0');
  const params = await h.dataset(page, '#chart-params');
  assert.equal(params.steps, '6', 'the initial parameters and one point per step');
  assert.equal(params.params, '3');

  // The inspector: the minibatch is the CLI's fifth, and the update lines add up.
  const indices = await page.locator('[data-part="indices"]');
  assert.equal(await indices.getAttribute('data-count'), '32');
  const shownIndices = (await indices.textContent()).split(',').map((s) => Number(s.trim()));
  assert.deepEqual(shownIndices, cli.run.steps[4].indices);
  assert.equal(await page.locator('[data-part="examples"] tbody tr').count(), 32);

  const shown = await h.shownParams(page);
  assert.deepEqual(shown.w, cli.run.steps[4].w, 'w after step 5 equals the CLI bit for bit');
  assert.equal(shown.b, cli.run.steps[4].b);
  const lines = await h.updateLines(page);
  assert.deepEqual(lines.map((l) => l.param), ['w1', 'w2', 'b']);
  const values = [...shown.w, shown.b];
  lines.forEach((l, k) => {
    assert.equal(l.lr, 0.03, l.text);
    assert.ok(Math.abs(l.before - l.lr * l.grad - l.after) <= 1.5e-4, `the arithmetic of ${l.text}`);
    assert.ok(Math.abs(l.after - values[k]) <= 0.5e-4 + 1e-12, `${l.text} ends at the displayed ${values[k]}`);
  });
  const shownText = [...shown.wText, shown.bText].map((t) => Number(t.replace('\u2212', '-')));
  lines.forEach((l, k) => assert.equal(l.after.toFixed(4), shownText[k].toFixed(4)));

  // The book's error lines are live.
  const errW = await page.locator('[data-readout="error-w"]').textContent();
  assert.match(errW, /^error in estimating w: \[-?\d+\.\d{6}, -?\d+\.\d{6}\]$/);
  await page.screenshot({ path: h.screenshotPath('page-1280x800-step5-full.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Epoch runs to the end of the epoch; Reset replays the same run; New data changes the seed', async () => {
  const { page, context, problems } = await h.openPage(env);
  await h.press(page, 'Step');
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').dataset.value === '1');
  let c = await h.counters(page);
  assert.equal(c.step.text, '0 / 32');
  assert.equal(c.total.value, 32);
  assert.equal(c.examples.value, 1000);
  assert.equal((await h.dataset(page, '#chart-loss')).smoothedPoints, '2');
  assert.equal((await h.dataset(page, '#chart-loss')).epochPoints, '1');
  const epochLines = (await page.locator('[data-readout="epochs"]').textContent()).split('\n');
  assert.equal(epochLines[0], cli.stdout.split('\n').find((l) => l.startsWith('epoch 1,')));

  await page.keyboard.press('e'); // a whole epoch at a boundary
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').dataset.value === '2');

  await page.keyboard.press('0'); // Reset
  c = await h.counters(page);
  assert.equal(c.total.value, 0);
  await h.press(page, 'Step');
  let indices = await page.locator('[data-part="indices"]').textContent();
  assert.equal(indices, cli.run.steps[0].indices.join(', '), 'Reset: the identical first minibatch');

  await h.press(page, 'New data');
  const seed = await page.locator('#setting-seed').inputValue();
  assert.notEqual(seed, '0');
  assert.equal((await h.counters(page)).total.value, 0);
  await page.keyboard.press('n');
  assert.notEqual(await page.locator('#setting-seed').inputValue(), seed);
  await h.press(page, 'Step');
  indices = await page.locator('[data-part="indices"]').textContent();
  assert.notEqual(indices, cli.run.steps[0].indices.join(', '));
  assert.deepEqual(problems, []);
  await context.close();
});

test('Run toggles to Pause and back; shortcuts are ignored while typing in a field', async () => {
  const { page, context, problems } = await h.openPage(env);
  await page.selectOption('[data-control="speed"]', '30');
  await h.press(page, 'Run');
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  await pause.waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) >= 3);
  await pause.click();
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  const stopped = (await h.counters(page)).total.value;
  await page.waitForTimeout(200);
  assert.equal((await h.counters(page)).total.value, stopped, 'paused: no more steps');

  // Typing "s" or a space into a field types; it does not step.
  const input = page.locator('#setting-b');
  await input.click();
  await input.press('s');
  await input.press(' ');
  assert.equal((await h.counters(page)).total.value, stopped);
  await input.press('Escape'); // leaves the field (and commits it: an error by b, nothing else)
  assert.match(await h.fieldError(page, 'b'), /'b' must be a finite number, got "4.2s"/);
  await page.keyboard.press('s');
  assert.equal((await h.counters(page)).total.value, stopped + 1, 'S steps once the field is left');
  assert.deepEqual(problems, []);
  await context.close();
});
