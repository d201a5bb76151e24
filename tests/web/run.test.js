// The page in headless Chromium: a whole run against the native command-line program, every
// plotted series on its canvas, settings (live, held for a reset, invalid), divergence, file://
// and the screenshots.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

function cliLines(stdout, prefix) {
  return stdout.split('\n').filter((l) => l.startsWith(prefix));
}

test('#lr=3 diverges: what the book prints is the command-line program\'s lines, huge values in scientific notation', async () => {
  const cli = h.cliRun(['--seed', '0', '--lr', '3']);
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lr=3` });
  await h.runToEnd(page);
  const errW = await page.locator('[data-readout="error-w"]').textContent();
  const errB = await page.locator('[data-readout="error-b"]').textContent();
  assert.deepEqual([errW, errB], cliLines(cli.stdout, 'error in estimating'));
  assert.match(errW, /e\+\d\d/, errW); // the error is about 1e33: not 34 digits and six decimals
  assert.ok(errW.length < 80, errW);
  const epochs = (await page.locator('[data-readout="epochs"]').textContent()).split('\n');
  assert.deepEqual(epochs, cliLines(cli.stdout, 'epoch '));
  assert.deepEqual(problems, []);
  await context.close();
});

test('Run to the end: the errors in w and b (and the epoch lines) are the command-line program\'s', async () => {
  const cli = h.cliRun(['--seed', '0']);
  assert.equal(cli.status, 0);
  const { page, context, problems } = await h.openPage(env);
  await h.runToEnd(page);
  assert.match(await page.locator('#status').textContent(), /^Finished: 3 epochs, 96 steps/);

  const errW = await page.locator('[data-readout="error-w"]').textContent();
  const errB = await page.locator('[data-readout="error-b"]').textContent();
  assert.deepEqual([errW, errB], cliLines(cli.stdout, 'error in estimating'));
  const epochs = (await page.locator('[data-readout="epochs"]').textContent()).split('\n');
  assert.deepEqual(epochs, cliLines(cli.stdout, 'epoch '));
  // And to full precision (same seed, same bits).
  const shown = await h.shownParams(page);
  assert.deepEqual(shown.w, cli.run.final.w);
  assert.equal(shown.b, cli.run.final.b);

  const c = await h.counters(page);
  assert.deepEqual([c.epoch.text, c.step.text, c.examples.value, c.total.value], ['3 / 3', '0 / 32', 3000, 96]);
  const loss = await h.dataset(page, '#chart-loss');
  assert.deepEqual([loss.stepPoints, loss.smoothedPoints, loss.epochPoints], ['96', '6', '3']);
  assert.equal((await h.dataset(page, '#chart-params')).steps, '97');
  for (const name of ['Step', 'Epoch', 'Run']) {
    assert.ok(await page.getByRole('button', { name, exact: true }).isDisabled(), `${name} is disabled when finished`);
  }
  await page.screenshot({ path: h.screenshotPath('page-1280x800.png') });
  await page.screenshot({ path: h.screenshotPath('page-1280x800-full.png'), fullPage: true });

  // Raising max_epochs continues the same run without a reset.
  await h.setField(page, 'max_epochs', '4');
  assert.ok(await page.getByRole('button', { name: 'Step', exact: true }).isEnabled());
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').dataset.value === '4');
  const cli4 = h.cliRun(['--seed', '0', '--max-epochs', '4']);
  assert.equal(await page.locator('[data-readout="error-w"]').textContent(), cliLines(cli4.stdout, 'error in estimating w')[0]);
  assert.deepEqual(problems, []);
  await context.close();
});

// The pixels inside each plot's area (uPlot's .u-over box) near the colour of each of its legend's
// series (the marker's border colour): each channel within 16, at least a little opaque (the
// canvas is transparent: an edge pixel keeps its colour at a lower alpha). Ghost rows left out.
async function inkBySeries(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const canvas = el.querySelector('canvas');
    const over = el.querySelector('.u-over').getBoundingClientRect();
    const box = canvas.getBoundingClientRect();
    const k = canvas.width / box.width;
    const [x0, y0] = [Math.round((over.left - box.left) * k), Math.round((over.top - box.top) * k)];
    const [w, hgt] = [Math.round(over.width * k), Math.round(over.height * k)];
    const px = canvas.getContext('2d').getImageData(x0, y0, w, hgt).data;
    const rows = Array.from(el.querySelectorAll('.u-legend .u-series')).filter((r) => !/ghost/.test(r.className) && r.querySelector('.u-marker'));
    return {
      width: w,
      series: rows.map((r) => {
        const rgb = getComputedStyle(r.querySelector('.u-marker')).borderTopColor.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
        let n = 0;
        for (let i = 0; i < px.length; i += 4) {
          if (px[i + 3] >= 60 && Math.abs(px[i] - rgb[0]) <= 16 && Math.abs(px[i + 1] - rgb[1]) <= 16 && Math.abs(px[i + 2] - rgb[2]) <= 16) ++n;
        }
        return { label: r.querySelector('.u-label').textContent, rgb, n };
      }),
    };
  }, selector);
}

test('the plots draw every series: each line\'s and dot\'s colour inside its plot area, in both themes', async (t) => {
  for (const theme of ['light', 'dark']) {
    const { page, context, problems } = await h.openPage(env, { url: `${env.url}#theme=${theme}` });
    await h.runToEnd(page);
    await page.waitForFunction(() => document.querySelector('#chart-loss').dataset.stepPoints === '96');
    const data = await inkBySeries(page, '#chart-data');
    const loss = await inkBySeries(page, '#chart-loss');
    const params = await inkBySeries(page, '#chart-params');
    const say = (c) => `${theme}: ${c.series.map((s) => `${s.label} ${s.n}`).join(', ')} (pixels, in a plot area ${c.width} wide)`;
    for (const c of [data, loss, params]) t.diagnostic(say(c));
    assert.deepEqual(data.series.map((s) => s.label), ['training examples', 'current minibatch', 'fitted line', 'true line']);
    // The examples' dots (1,000, drawn once into a canvas of their own), the minibatch's (32), the lines.
    for (const s of data.series) assert.ok(s.n >= 40, say(data));
    assert.deepEqual(loss.series.map((s) => s.label), ['minibatch loss', 'smoothed (book)', 'validation loss']);
    for (const s of loss.series) assert.ok(s.n >= 40, say(loss));
    // Each parameter's curve across the plot, beside its dashed true value (the same colour, a
    // thinner broken line: less than the width's worth of pixels on its own).
    assert.deepEqual(params.series.map((s) => s.label), ['w\u2081', 'w\u2082', 'b']);
    for (const s of params.series) assert.ok(s.n >= 1.5 * params.width, say(params));
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the book-v1 preset matches the command-line program\'s book-v1 run', async () => {
  const cli = h.cliRun(['--preset', 'book-v1']);
  const { page, context, problems } = await h.openPage(env);
  await page.selectOption('[data-control="preset"]', 'book-v1');
  await page.locator('[data-part="pending"]').waitFor();
  await page.getByRole('button', { name: 'Apply & reset', exact: true }).click();
  assert.ok(await page.locator('[data-part="pending"]').isHidden());
  assert.equal((await h.counters(page)).step.text, '0 / 100');
  await h.runToEnd(page);
  const errors = [
    await page.locator('[data-readout="error-w"]').textContent(),
    await page.locator('[data-readout="error-b"]').textContent(),
  ];
  assert.deepEqual(errors, cliLines(cli.stdout, 'error in estimating'));
  const epochs = (await page.locator('[data-readout="epochs"]').textContent()).split('\n');
  assert.deepEqual(epochs, cliLines(cli.stdout, 'epoch '));
  // The loss on a log scale (it reaches the noise floor here).
  await page.locator('[data-control="log-scale"]').check();
  assert.equal((await h.dataset(page, '#chart-loss')).stepPoints, '300');
  await page.locator('[data-control="log-scale"]').uncheck();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad lr shows the C++ message by the field and leaves the run untouched', async () => {
  const { page, context, problems } = await h.openPage(env);
  await h.press(page, 'Step');
  await h.press(page, 'Step');
  const before = await h.shownParams(page);

  await h.setField(page, 'lr', '-1');
  assert.match(await h.fieldError(page, 'lr'), /^'lr' must be a finite number > 0, got -1(\.0)?$/);
  assert.equal(await page.locator('#setting-lr').getAttribute('aria-invalid'), 'true');
  await h.setField(page, 'lr', 'abc');
  assert.equal(await h.fieldError(page, 'lr'), '\'lr\' must be a finite number > 0, got "abc"');
  assert.deepEqual(await h.shownParams(page), before, 'nothing changed');
  assert.equal((await h.counters(page)).total.value, 2);
  assert.equal((await h.dataset(page, '#chart-loss')).stepPoints, '2');

  // Step still advances, with the last valid lr; the previous steps are kept.
  await h.press(page, 'Step');
  const c = await h.counters(page);
  assert.deepEqual([c.step.text, c.examples.value], ['3 / 32', 96]);
  assert.equal((await h.dataset(page, '#chart-loss')).stepPoints, '3');
  const lines = await h.updateLines(page);
  assert.ok(lines.every((l) => l.lr === 0.03));

  // Other fields: integer rules, list rules.
  await h.setField(page, 'batch_size', '0');
  assert.equal(await h.fieldError(page, 'batch_size'), "'batch_size' must be an integer >= 1, got 0");
  await h.setField(page, 'w', '2, x');
  assert.match(await h.fieldError(page, 'w'), /^'w' must be a non-empty list of finite numbers, got w\[1\] = "x"$/);
  assert.ok(await page.locator('[data-part="pending"]').isHidden(), 'invalid entries hold no changes');

  // A valid lr clears the message and applies from the next step, without a reset.
  await h.setField(page, 'lr', '0.1');
  assert.equal(await h.fieldError(page, 'lr'), '');
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).total.value, 4);
  assert.ok((await h.updateLines(page)).every((l) => l.lr === 0.1));

  // Clipping, too, applies from the next step.
  await h.setField(page, 'gradient_clip_val', '0.5');
  await h.press(page, 'Step');
  assert.match(await page.locator('[data-part="clip"]').textContent(), /^Clipped: the gradient's norm \d/);
  const g = (await h.updateLines(page)).map((l) => l.grad);
  assert.ok(Math.hypot(...g) <= 0.5 + 1e-3, `clipped gradient norm ${Math.hypot(...g)}`);

  await page.screenshot({ path: h.screenshotPath('page-errors-1280x800.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('data settings wait for a reset, with a notice; Discard restores the fields', async () => {
  const { page, context, problems } = await h.openPage(env);
  await h.press(page, 'Step');
  const notice = page.locator('[data-part="pending"]');
  assert.ok(await notice.isHidden());

  await h.setField(page, 'batch_size', '50');
  await h.setField(page, 'w', '1, 2, 3');
  await notice.waitFor();
  assert.match(await notice.textContent(), /Settings changed \(batch_size, w\): press Reset to apply/);
  // Nothing is lost until then: the run goes on with the old settings.
  await h.press(page, 'Step');
  let c = await h.counters(page);
  assert.deepEqual([c.step.text, c.total.value], ['2 / 32', 2]);
  assert.equal(await page.locator('[data-control="preset"]').inputValue(), 'custom');

  await page.getByRole('button', { name: 'Discard changes', exact: true }).click();
  assert.ok(await notice.isHidden());
  assert.equal(await page.locator('#setting-batch_size').inputValue(), '32');
  assert.equal(await page.locator('#setting-w').inputValue(), '2, -3.4');
  assert.equal((await h.counters(page)).total.value, 2);

  // Reset applies the held settings: three features now.
  await h.setField(page, 'w', '1, 2, 3');
  await h.setField(page, 'num_train', '500');
  await h.press(page, 'Reset');
  assert.ok(await notice.isHidden());
  c = await h.counters(page);
  assert.deepEqual([c.step.text, c.total.value], ['0 / 16', 0]);
  await h.press(page, 'Step');
  assert.equal(await page.locator('[data-control="feature"] option').count(), 3);
  assert.deepEqual((await h.updateLines(page)).map((l) => l.param), ['w1', 'w2', 'w3', 'b']);
  assert.equal((await h.dataset(page, '#chart-params')).params, '4');
  assert.equal((await h.dataset(page, '#chart-data')).points, '500');
  await page.selectOption('[data-control="feature"]', '2');
  assert.equal((await h.dataset(page, '#chart-data')).fitSlope, String((await h.shownParams(page)).w[2]));
  assert.deepEqual(problems, []);
  await context.close();
});

test('divergence stops training, names the step and suggests a smaller learning rate', async () => {
  const cli = h.cliRun(['--seed', '0', '--lr', '1000']);
  assert.equal(cli.status, 1);
  const step = Number(cli.stderr.match(/diverged at step (\d+)/)[1]);
  const { page, context, problems } = await h.openPage(env);
  await h.setField(page, 'lr', '1000');
  await h.runToEnd(page);
  const status = page.locator('#status');
  assert.equal(await status.getAttribute('role'), 'alert');
  const text = await status.textContent();
  assert.match(text, new RegExp(`diverged at step ${step}\\b`));
  assert.match(text, /smaller learning rate/);
  assert.equal((await h.counters(page)).total.value, step);
  assert.ok(await page.getByRole('button', { name: 'Step', exact: true }).isDisabled());
  // Reset with a sensible lr recovers.
  await h.setField(page, 'lr', '0.03');
  await h.press(page, 'Reset');
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).total.value, 1);
  assert.doesNotMatch(await status.textContent(), /diverged/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone (390x844) the page fits the width and stays usable', async () => {
  const { page, context, problems } = await h.openPage(env, { width: 390, height: 844 });
  for (let i = 0; i < 20; ++i) await h.press(page, 'Step');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  await page.screenshot({ path: h.screenshotPath('page-390x844.png') });
  await h.runToEnd(page);
  await page.screenshot({ path: h.screenshotPath('page-390x844-full.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page also works opened from file:// (no server)', async () => {
  const url = pathToFileURL(path.join(h.repoRoot, 'index.html')).href;
  const { page, context, problems } = await h.openPage(env, { url });
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).examples.value, 32);
  assert.deepEqual(problems, []);
  await context.close();
});
