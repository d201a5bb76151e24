// Touch the run: the lr and batch_size sliders scrubbed, the start dragged on the landscape (with
// a pointer and with the keys) and the fitted line dragged on the data plot, each with real input
// (playwright's mouse, touchscreen and keyboard). Every recomputed run is checked, bit for bit,
// against the native command-line program's run of the same settings and start (its export,
// and the losses and parameters the plots were given), and the ghost against the run before.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const numbers = (text) => (text ? text.split(',').map((v) => (v === '' ? null : Number(v))) : []);

// The run as the page holds and draws it: its config, its export (the core's replay of it), the
// per-step losses and b the plots were given, the ghost, the form's lr and the link.
async function pageRun(page) {
  return page.evaluate(() => {
    const c = window.LinRegPage.controller;
    const s = c.session;
    const loss = s.lossView('raw').steps;
    const params = s.paramView();
    const d = (sel) => document.querySelector(sel).dataset;
    return {
      config: c.config,
      touching: c.touching,
      steps: s.state.globalStep,
      exported: s.backend.exportRun(),
      loss: { x: loss.x, y: loss.y },
      b: { x: params.x, y: params.b },
      w1: params.w[0],
      ghost: c.ghost && { config: c.ghost.config, steps: c.ghost.state.globalStep },
      ghostLoss: [d('#chart-loss').ghostLossX, d('#chart-loss').ghostLossY],
      lossChartSteps: Number(d('#chart-loss').stepPoints),
      landscapePath: Number(d('#landscape-canvas').trajectory),
      // The plots left undrawn while a gesture lasts, and whether each is in the window.
      deferred: Object.fromEntries(['#chart-data', '#chart-loss', '#chart-params', '#landscape', '#closed-form'].map((sel) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        return [sel, { deferred: d(sel).deferred === 'true', inView: r.bottom > 0 && r.top < innerHeight && r.width > 0 }];
      })),
      start: d('#landscape-canvas').box && document.querySelector('[data-control="start"]').dataset.start,
      hash: location.hash,
      formLr: document.querySelector('#setting-lr').value,
      formBatch: document.querySelector('#setting-batch_size').value,
    };
  });
}

// The CLI's arguments for a config's keys that differ from the book's run.
function cliArgs(config) {
  const args = ['--lr', String(config.lr), '--batch-size', String(config.batch_size)];
  if (config.init_w) args.push('--init-w', `[${config.init_w.join(',')}]`);
  if (config.init_b !== undefined && config.init_b !== null) args.push('--init-b', String(config.init_b));
  return args;
}

// The page's run against the native program's run of the same settings: the export byte for
// byte (as parsed JSON), and every step's loss and b that the plots were given, bit for bit.
function checkAgainstCli(run, label) {
  const ref = h.cliRun(cliArgs(run.config)).run;
  assert.deepEqual(JSON.parse(run.exported), ref, `${label}: the page's run is the CLI's run`);
  assert.equal(run.steps, ref.steps.length, `${label}: the whole run, to the end of max_epochs`);
  assert.deepEqual(run.loss.x, ref.steps.map((s) => s.step), `${label}: every step in the loss plot`);
  assert.deepEqual(run.loss.y, ref.steps.map((s) => s.loss), `${label}: the losses drawn are the CLI's`);
  assert.deepEqual(run.b.y, [ref.initial_params.b, ...ref.steps.map((s) => s.b)], `${label}: b drawn along the run`);
  assert.deepEqual(run.w1, [ref.initial_params.w[0], ...ref.steps.map((s) => s.w[0])], `${label}: w1 drawn along the run`);
  // While a gesture lasts only the plots in the window follow it; every one of them does, and
  // the others are drawn on release (checkDrawn).
  for (const [sel, p] of Object.entries(run.deferred)) {
    if (p.inView) assert.equal(p.deferred, false, `${label}: ${sel} is in the window and follows`);
    if (!run.touching) assert.equal(p.deferred, false, `${label}: ${sel} is drawn once the gesture ends`);
  }
  if (!run.deferred['#chart-loss'].deferred) assert.equal(run.lossChartSteps, ref.steps.length, `${label}: the loss chart drew every step`);
  if (!run.deferred['#landscape'].deferred) assert.equal(run.landscapePath, ref.steps.length + 2, `${label}: the landscape's path has every step (and now)`);
  return ref;
}

// The ghost is the run before the gesture: its config, and the losses the loss chart drew of it.
function checkGhost(run, beforeConfig, label) {
  assert.ok(run.ghost, `${label}: a ghost is shown`);
  assert.equal(run.ghost.config.lr, beforeConfig.lr, `${label}: the ghost has the lr before`);
  assert.equal(run.ghost.config.batch_size, beforeConfig.batch_size, `${label}: the ghost has the batch size before`);
  const ref = h.cliRun(cliArgs(beforeConfig)).run;
  if (run.deferred['#chart-loss'].deferred) return; // off screen mid-gesture: drawn on release
  const [xs, ys] = [numbers(run.ghostLoss[0]), numbers(run.ghostLoss[1])];
  const drawn = new Map(xs.map((x, i) => [x, ys[i]]).filter(([, y]) => y !== null));
  assert.deepEqual(Array.from(drawn.keys()), ref.steps.map((s) => s.step), `${label}: the ghost's every step drawn`);
  assert.deepEqual(Array.from(drawn.values()), ref.steps.map((s) => s.loss), `${label}: the ghost's losses are the run before's`);
}

// The centre of a range input's thumb (its value's place on the track), in page coordinates.
async function thumb(page, selector) {
  const range = page.locator(selector);
  await range.scrollIntoViewIfNeeded();
  const box = await range.boundingBox();
  const f = await range.evaluate((e) => (Number(e.value) - Number(e.min)) / (Number(e.max) - Number(e.min)));
  return { x: box.x + 8 + f * (box.width - 16), y: box.y + box.height / 2, box };
}

// Drags with the mouse from `from` by dx, dy in `steps` moves; `during(k)` runs after each move
// with the button still down.
async function mouseDrag(page, from, dx, dy, steps, during) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let k = 1; k <= steps; ++k) {
    await page.mouse.move(from.x + (dx * k) / steps, from.y + (dy * k) / steps);
    if (during) await during(k);
  }
  await page.mouse.up();
}

test('scrubbing lr recomputes the whole run while it moves, with the run before as the ghost; release makes it the run\'s lr', async () => {
  const { page, context, problems } = await h.openPage(env);
  try {
    const start = await pageRun(page);
    assert.equal(start.config.lr, 0.03);
    const from = await thumb(page, '[data-part="lr-slider"]');
    const seen = [];
    await mouseDrag(page, from, 40, 0, 4, async (k) => {
      const run = await pageRun(page);
      assert.equal(run.touching, true, 'a gesture is on while the button is down');
      assert.notEqual(run.config.lr, 0.03, 'the run has the scrubbed lr');
      assert.equal(run.formLr, '0.03', 'the form keeps the run\'s setting until release');
      assert.equal(run.hash, start.hash, 'the link follows only on release');
      if (k === 2) {
        checkAgainstCli(run, `scrubbing (lr ${run.config.lr})`);
        checkGhost(run, start.config, 'scrubbing');
      }
      seen.push(run.config.lr);
    });
    assert.ok(new Set(seen).size >= 2, `several previews while moving: ${seen}`);
    const released = await pageRun(page);
    assert.equal(released.touching, false);
    assert.equal(released.config.lr, seen[seen.length - 1]);
    assert.equal(released.formLr, String(released.config.lr), 'the form shows the new lr');
    assert.match(released.hash, new RegExp(`lr=${released.config.lr}`), 'the link carries it');
    checkAgainstCli(released, 'released');
    checkGhost(released, start.config, 'released');
    await page.screenshot({ path: h.screenshotPath('touch-lr-1280.png') });
    // The next gesture: the ghost is now the run of the lr just released.
    const again = await thumb(page, '[data-part="lr-slider"]');
    await mouseDrag(page, again, -60, 0, 3);
    const second = await pageRun(page);
    checkAgainstCli(second, 'second scrub');
    checkGhost(second, released.config, 'second scrub');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a slider let go where it was taken (no change event) ends the gesture: the run is the one before, the page not left mid-gesture', async () => {
  const { page, context, problems } = await h.openPage(env);
  try {
    const start = await pageRun(page);
    for (const selector of ['[data-part="lr-slider"]', '[data-part="batch-slider"]']) {
      const from = await thumb(page, selector);
      const value = () => page.locator(selector).evaluate((e) => e.value);
      const taken = await value();
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + 40, from.y, { steps: 4 });
      assert.equal((await pageRun(page)).touching, true, `${selector}: a gesture while moved away`);
      assert.notEqual(await value(), taken);
      // Back to the very value it was taken at (a track position is a pixel or two wide).
      for (const dx of [0, -1, 1, -2, 2, -3, 3]) {
        await page.mouse.move(from.x + dx, from.y, { steps: 2 });
        if ((await value()) === taken) break;
      }
      assert.equal(await value(), taken, `${selector}: the thumb is back where it was taken`);
      await page.mouse.up();
      await page.waitForFunction(() => !window.LinRegPage.controller.touching, null, { timeout: 10000 });
      const back = await pageRun(page);
      assert.equal(back.config.lr, start.config.lr, `${selector}: the lr it was taken at`);
      assert.equal(back.config.batch_size, start.config.batch_size, `${selector}: the batch size it was taken at`);
      assert.equal(back.hash, start.hash, `${selector}: the link as it was`);
      checkAgainstCli(back, `${selector} let go where taken`);
    }
    // The page answers the next gesture as usual.
    const again = await thumb(page, '[data-part="lr-slider"]');
    await mouseDrag(page, again, 40, 0, 3);
    const moved = await pageRun(page);
    assert.equal(moved.touching, false);
    assert.notEqual(moved.config.lr, start.config.lr);
    checkAgainstCli(moved, 'the next scrub');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('scrubbing batch_size: the same data, the order of the seed, every plot recomputed; the keys work too', async () => {
  const { page, context, problems } = await h.openPage(env);
  try {
    const start = await pageRun(page);
    const dataBefore = await page.evaluate(() => window.LinRegPage.controller.session.dataKey);
    const from = await thumb(page, '[data-part="batch-slider"]');
    await mouseDrag(page, from, -35, 0, 3, async () => {
      const run = await pageRun(page);
      assert.equal(run.touching, true);
      assert.equal(run.formBatch, '32');
    });
    const released = await pageRun(page);
    assert.ok(released.config.batch_size < 32, `a smaller batch: ${released.config.batch_size}`);
    assert.equal(released.formBatch, String(released.config.batch_size));
    assert.match(released.hash, new RegExp(`batch_size=${released.config.batch_size}`));
    assert.equal(await page.evaluate(() => window.LinRegPage.controller.session.dataKey), dataBefore, 'the same data');
    checkAgainstCli(released, `batch_size ${released.config.batch_size}`);
    checkGhost(released, start.config, 'batch_size');
    // The keyboard: each arrow key previews and commits.
    await page.locator('[data-part="batch-slider"]').focus();
    await page.keyboard.press('ArrowRight');
    const keyed = await pageRun(page);
    assert.ok(keyed.config.batch_size > released.config.batch_size);
    checkAgainstCli(keyed, 'batch_size by key');
    checkGhost(keyed, released.config, 'batch_size by key');
    await page.screenshot({ path: h.screenshotPath('touch-batch-1280.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// The data plot's geometry: the plot area's box (page coordinates), its value ranges and the
// fitted line it drew; at(x, y) is where the value (x, y) is drawn.
async function dataPlot(page) {
  await page.locator('#chart-data').scrollIntoViewIfNeeded();
  const g = await page.evaluate(() => {
    const el = document.querySelector('#chart-data');
    const r = el.querySelector('.u-over').getBoundingClientRect();
    const d = el.dataset;
    return { box: { x: r.left, y: r.top, width: r.width, height: r.height }, xr: d.xRange.split(',').map(Number),
      yr: d.yRange.split(',').map(Number), slope: Number(d.fitSlope), intercept: Number(d.fitIntercept), mode: d.dragMode || null };
  });
  g.at = (x, y) => ({
    x: g.box.x + ((x - g.xr[0]) / (g.xr[1] - g.xr[0])) * g.box.width,
    y: g.box.y + (1 - (y - g.yr[0]) / (g.yr[1] - g.yr[0])) * g.box.height,
  });
  g.valueAt = (fx) => g.xr[0] + fx * (g.xr[1] - g.xr[0]);
  return g;
}

// The training loss at (w, b) from the CLI's exported data, summed here: mean((x.w + b - y)^2) / 2.
function trainingLoss(ref, w, b) {
  const { X_train: X, y_train: y } = ref.data;
  let s = 0;
  for (let i = 0; i < y.length; ++i) {
    let p = b;
    for (let j = 0; j < w.length; ++j) p += X[i][j] * w[j];
    s += (p - y[i]) ** 2;
  }
  return s / y.length / 2;
}

async function probe(page) {
  return page.evaluate(() => {
    const p = window.LinRegPage.controller.session.probe;
    const note = document.querySelector('[data-part="line-probe"]');
    return p && { w: Array.from(p.w), b: p.b, loss: p.loss, landscape: document.querySelector('#landscape-canvas').dataset.probe,
      note: note.hidden ? null : note.textContent, noteLoss: Number(note.dataset.loss) };
  });
}

test('dragging the fitted line: near it the intercept, elsewhere the slope; its loss shown and its point on the landscape', async () => {
  const { page, context, problems } = await h.openPage(env);
  try {
    const ref = h.cliRun([]).run;
    const g = await dataPlot(page);
    // Grab the line a quarter of the way along and pull it down 40 px.
    const x = g.valueAt(0.25);
    const from = g.at(x, g.slope * x + g.intercept);
    const modes = [];
    await mouseDrag(page, from, 0, 40, 4, async () => {
      const now = await dataPlot(page);
      modes.push(now.mode);
      assert.equal(now.slope, g.slope, 'the slope stays while the intercept moves');
    });
    assert.deepEqual(modes, ['intercept', 'intercept', 'intercept', 'intercept']);
    const moved = await dataPlot(page);
    const expected = g.intercept - (40 / g.box.height) * (g.yr[1] - g.yr[0]);
    assert.ok(Math.abs(moved.intercept - expected) < 0.01 * (g.yr[1] - g.yr[0]), `the line moved down 40 px: ${moved.intercept} vs ${expected}`);
    let p = await probe(page);
    assert.ok(p, 'the dragged parameters are kept');
    const j = await page.evaluate(() => window.LinRegPage.controller.session.feature);
    assert.equal(j, 1, 'the data plot shows x2 by default');
    assert.equal(p.w[0], ref.initial_params.w[0], 'the other weight is kept');
    assert.equal(p.w[1], g.slope, 'w2 is the slope along x2');
    const loss = trainingLoss(ref, p.w, p.b);
    assert.ok(Math.abs(p.loss - loss) <= 1e-12 * loss, `its training loss ${p.loss} is the data's at those parameters (${loss})`);
    assert.equal(p.noteLoss, p.loss);
    assert.match(p.note, /Your line: w₁ = .*, w₂ = .*training loss/);
    assert.equal(p.landscape, `${p.w[0]},${p.w[1]}`, 'the landscape marks the dragged parameters');
    await page.screenshot({ path: h.screenshotPath('touch-line-1280.png') });
    // Grab well above the line at three quarters along: it turns about its middle.
    const x2 = g.valueAt(0.8);
    const pivotX = (g.xr[0] + g.xr[1]) / 2;
    const pivotY = moved.slope * pivotX + moved.intercept;
    const grab = g.at(x2, moved.slope * x2 + moved.intercept);
    await mouseDrag(page, { x: grab.x, y: grab.y - 60 }, 0, -20, 2, async () => {
      assert.equal((await dataPlot(page)).mode, 'slope');
    });
    const turned = await dataPlot(page);
    assert.ok(turned.slope > moved.slope, `the slope grew: ${turned.slope}`);
    assert.ok(Math.abs(turned.slope * pivotX + turned.intercept - pivotY) < 1e-9 * (1 + Math.abs(pivotY)), 'the line still passes through its middle');
    p = await probe(page);
    assert.equal(p.w[1], turned.slope);
    assert.ok(Math.abs(p.loss - trainingLoss(ref, p.w, p.b)) <= 1e-12 * p.loss);
    // Put it back: the run's own line again.
    await page.locator('[data-action="drop-line"]').click();
    assert.equal(await probe(page), null);
    assert.equal((await dataPlot(page)).intercept, g.intercept);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a large run: the scrub previews a thinned run and says so; on release the whole run follows, the module\'s own', async () => {
  // 20,000 x 16: 340,000 values, beyond the whole-run preview's 2^18 (web/controller.js).
  const w = Array.from({ length: 16 }, (_, j) => ((j % 5) - 2) / 2);
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#num_train=20000&num_val=100&w=${w.join(',')}` });
  try {
    const from = await thumb(page, '[data-part="lr-slider"]');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 12, from.y);
    await page.mouse.move(from.x + 24, from.y);
    const during = await page.evaluate(() => {
      const c = window.LinRegPage.controller;
      const note = document.querySelector('[data-part="touch-note"]');
      const r = note.getBoundingClientRect();
      return { thinned: c.thinned, n: c.config.num_train, lr: c.config.lr, finished: c.session.state.finished, note: note.hidden ? null : note.textContent,
        inView: r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth };
    });
    assert.ok(during.thinned && during.thinned.of === 20000 && during.thinned.examples < 20000, JSON.stringify(during.thinned));
    assert.equal(during.n, during.thinned.examples, 'the preview trains the thinned run');
    assert.equal(during.finished, true, 'to its end');
    assert.match(during.note, /^Preview: a run of [\d,]+ examples .* the whole run of 20,000 follows when you let go\.$/);
    assert.ok(during.inView, 'the note is on screen');
    await page.screenshot({ path: h.screenshotPath('touch-thinned-1280.png') });
    await page.mouse.up();
    await page.waitForFunction(() => {
      const c = window.LinRegPage.controller;
      return !c.touching && !c.session.loading && c.session.state.finished;
    }, null, { timeout: 60000 });
    const check = await page.evaluate(async () => {
      const c = window.LinRegPage.controller;
      const api = await window.LinReg.load();
      const own = api.create(c.config);
      own.fit();
      const a = own.state();
      const b = c.session.state;
      own.delete();
      return { n: c.config.num_train, lr: c.config.lr, note: document.querySelector('[data-part="touch-note"]').hidden,
        same: a.globalStep === b.globalStep && a.b === b.b && Array.from(a.w).every((v, j) => v === b.w[j]) };
    });
    assert.equal(check.n, 20000, 'the whole run after release');
    assert.equal(check.lr, during.lr, 'with the lr previewed');
    assert.equal(check.note, true, 'the note goes');
    assert.equal(check.same, true, 'the whole run is the module\'s own run of its settings, bit for bit');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`geometry at ${width}x${height}: the start's handle sits on its marker inside the landscape, the line's grab area is the data plot's, the sliders fit their fields`, async () => {
    const { page, context, problems } = await h.openPage(env, { width, height });
    try {
      const g = await page.evaluate(() => {
        const box = (el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX, bottom: r.bottom + scrollY, width: r.width, height: r.height };
        };
        const handle = document.querySelector('[data-control="start"]');
        return {
          handle: box(handle), canvas: box(document.querySelector('#landscape-canvas')), chart: box(document.querySelector('#chart-data')),
          over: box(document.querySelector('#chart-data .u-over')), touchAction: getComputedStyle(handle).touchAction,
          overTouch: getComputedStyle(document.querySelector('#chart-data .u-over')).touchAction,
          lr: box(document.querySelector('[data-part="lr-slider"]')), lrField: box(document.querySelector('.field[data-key="lr"]')),
          batch: box(document.querySelector('[data-part="batch-slider"]')), batchField: box(document.querySelector('.field[data-key="batch_size"]')),
          role: handle.getAttribute('role'), tabindex: handle.tabIndex, label: handle.getAttribute('aria-label'), text: handle.getAttribute('aria-valuetext'),
          page: document.documentElement.scrollWidth, view: innerWidth,
        };
      });
      const inside = (a, b, what) => assert.ok(a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5,
        `${what}: ${JSON.stringify(a)} inside ${JSON.stringify(b)}`);
      inside(g.handle, g.canvas, 'the start handle');
      assert.ok(g.handle.width >= 24 && g.handle.height >= 24, 'a target at least 24 px');
      assert.equal(g.touchAction, 'none');
      assert.equal(g.overTouch, 'none');
      inside(g.over, g.chart, 'the line\'s grab area');
      inside(g.lr, g.lrField, 'the lr slider');
      inside(g.batch, g.batchField, 'the batch_size slider');
      assert.ok(g.batch.width >= 80, `the batch slider is usable: ${g.batch.width} px`);
      assert.ok(g.page <= g.view, 'no horizontal overflow');
      assert.equal(g.role, 'slider');
      assert.equal(g.tabindex, 0);
      assert.match(g.label, /start of SGD/);
      assert.match(g.text, /^start at w₁ = [-\d.e]+, w₂ = [-\d.e]+$/);
      // The handle is centred on the start's marker: its centre is the canvas' start in pixels.
      const start = await page.evaluate(() => document.querySelector('[data-control="start"]').dataset.start.split(',').map(Number));
      const initial = h.cliRun([]).run.initial_params;
      assert.deepEqual(start, [initial.w[0], initial.w[1]], 'the handle holds the run\'s start');
      await page.locator('[data-control="start"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: h.screenshotPath(`touch-handle-${width}.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

// The start handle's centre (page coordinates) and the start it holds.
async function startHandle(page) {
  const handle = page.locator('[data-control="start"]');
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  const d = await handle.evaluate((e) => {
    const c = document.querySelector('#landscape-canvas');
    const r = c.getBoundingClientRect();
    const h = e.getBoundingClientRect();
    // rx, ry: the handle's centre in the canvas (the page above may change height on release).
    return { start: e.dataset.start.split(',').map(Number), text: e.getAttribute('aria-valuetext'),
      box: c.dataset.box.split(',').map(Number), rx: h.left + h.width / 2 - r.left, ry: h.top + h.height / 2 - r.top };
  });
  return Object.assign(d, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
}

test('dragging the start on the landscape: the whole run from it while dragging; released, it is the run\'s start (init_w, init_b) in the form\'s config and the link', async () => {
  const { page, context, problems } = await h.openPage(env);
  try {
    const start = await pageRun(page);
    const from = await startHandle(page);
    assert.equal(start.config.init_w, undefined, 'no override before');
    await mouseDrag(page, from, 50, 40, 4, async (k) => {
      const run = await pageRun(page);
      assert.equal(run.touching, true);
      assert.equal(run.config.init_w.length, 2, 'the preview starts from the dragged point');
      assert.equal(run.hash, start.hash, 'the link follows on release');
      const now = await startHandle(page);
      assert.ok(Math.abs(now.x - (from.x + (50 * k) / 4)) < 1.5 && Math.abs(now.y - (from.y + (40 * k) / 4)) < 1.5, 'the handle follows the pointer');
      if (k === 2) {
        checkAgainstCli(run, 'dragging the start');
        checkGhost(run, start.config, 'dragging the start');
      }
    });
    const released = await pageRun(page);
    assert.equal(released.touching, false);
    const held = await startHandle(page);
    assert.deepEqual(released.config.init_w, held.start, 'the run starts where the handle was let go');
    assert.equal(released.config.init_b, 0, 'b (not an axis here) keeps its start');
    assert.ok(held.start[0] > from.start[0] && held.start[1] < from.start[1], 'moved right and down');
    assert.match(decodeURIComponent(released.hash), /init_w=[-\d.e]+,[-\d.e]+/, 'the link carries the start');
    const ref = checkAgainstCli(released, 'the released start');
    assert.deepEqual(ref.initial_params.w, released.config.init_w);
    checkGhost(released, start.config, 'the released start');
    await page.screenshot({ path: h.screenshotPath('touch-start-1280.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the start from the keyboard: arrows move it (each release commits), Escape puts it back, the value is announced', async () => {
  const { page, context, problems } = await h.openPage(env);
  try {
    const before = await startHandle(page);
    await page.locator('[data-control="start"]').focus();
    for (let k = 0; k < 3; ++k) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    const moved = await startHandle(page);
    const run = await pageRun(page);
    assert.equal(run.touching, false, 'each key\'s release commits');
    const dx = (before.box[1] - before.box[0]) / 50;
    const dy = (before.box[3] - before.box[2]) / 50;
    assert.deepEqual(run.config.init_w, moved.start);
    assert.ok(Math.abs(moved.start[0] - (before.start[0] + 3 * dx)) < 1e-9 * (1 + Math.abs(moved.start[0])), 'three steps right, a 50th of the box each');
    assert.ok(Math.abs(moved.start[1] - (before.start[1] - 5 * dy)) < 0.2 * dy, 'Shift: five steps down');
    assert.notEqual(moved.text, before.text);
    assert.match(moved.text, /^start at w₁ = [-\d.e]+, w₂ = [-\d.e]+$/);
    checkAgainstCli(run, 'the keyboard\'s start');
    // Escape while a key is held: the run as it was.
    await page.keyboard.down('ArrowUp');
    assert.equal((await pageRun(page)).touching, true);
    await page.keyboard.press('Escape');
    await page.keyboard.up('ArrowUp');
    const back = await pageRun(page);
    assert.equal(back.touching, false);
    assert.deepEqual(back.config.init_w, run.config.init_w, 'Escape put the start back');
    checkAgainstCli(back, 'after Escape');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the start dragged with a finger at 390x844 (touch events through the browser\'s input)', async () => {
  const { page, context, problems } = await h.openPage(env, { width: 390, height: 844, hasTouch: true, isMobile: true });
  try {
    const from = await startHandle(page);
    const cdp = await context.newCDPSession(page);
    const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await touch('touchStart', from.x, from.y);
    for (let k = 1; k <= 4; ++k) await touch('touchMove', from.x + 10 * k, from.y + 12 * k);
    const during = await pageRun(page);
    assert.equal(during.touching, true, 'a finger drags the start');
    await touch('touchEnd');
    await page.waitForFunction(() => !window.LinRegPage.controller.touching);
    const run = await pageRun(page);
    const held = await startHandle(page);
    assert.deepEqual(run.config.init_w, held.start);
    assert.ok(held.start[0] > from.start[0] && held.start[1] < from.start[1]);
    assert.ok(Math.abs(held.rx - (from.rx + 40)) < 1.5 && Math.abs(held.ry - (from.ry + 48)) < 1.5, `the handle is where the finger left it: ${JSON.stringify([from, held])}`);
    checkAgainstCli(run, 'the start by touch');
    await page.screenshot({ path: h.screenshotPath('touch-start-390.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('"Train from here": a run from the dragged line\'s parameters, played to its end, is the CLI\'s run from that start', async () => {
  const { page, context, problems } = await h.openPage(env);
  try {
    const start = await pageRun(page);
    await page.selectOption('[data-control="speed"]', '1000000');
    const g = await dataPlot(page);
    const x = g.valueAt(0.7);
    await mouseDrag(page, g.at(x, g.slope * x + g.intercept), 0, -30, 3);
    const p = await probe(page);
    await page.locator('[data-action="train-from-here"]').click();
    await page.waitForFunction(() => window.LinRegPage.controller.session.state.finished, null, { timeout: 30000 });
    const run = await pageRun(page);
    assert.deepEqual(run.config.init_w, p.w, 'the run starts from the dragged parameters');
    assert.equal(run.config.init_b, p.b);
    assert.equal(await probe(page), null, 'the probe is the run now');
    checkAgainstCli(run, 'trained from the line');
    checkGhost(run, start.config, 'trained from the line');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
