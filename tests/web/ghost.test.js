// The ghost run (controller.setGhost): a separate run of another config drawn faintly beside the
// run in the data, loss and parameter plots and on the landscape. What each plot drew of it
// (its data-ghost-* attributes: the numbers handed to the chart) is checked against an
// independent run of the module with that config; the ghost goes with setGhost(null) and with a
// change of the data, stays across a reset of the same data, and works while the run trains in
// the background worker.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const numbers = (text) => (text === undefined ? [] : text.split(',').map((v) => (v === '' ? null : Number(v))));

// What the plots drew of the ghost, and the ghost as the controller reports it.
async function drawnGhost(page) {
  return page.evaluate(() => {
    const d = (s) => document.querySelector(s).dataset;
    const g = window.LinRegPage.controller.ghost;
    return {
      ghost: g && { label: g.label, config: g.config, errorW: Array.from(g.state.errorW), errorB: g.state.errorB, steps: g.state.globalStep },
      line: [d('#chart-data').ghostLineX, d('#chart-data').ghostLineY],
      loss: [d('#chart-loss').ghostLossX, d('#chart-loss').ghostLossY],
      b: [d('#chart-params').ghostBX, d('#chart-params').ghostBY],
      path: d('#landscape-canvas').ghostPath,
      end: d('#landscape-canvas').ghostEnd,
      legends: Array.from(document.querySelectorAll('.u-legend .u-series.ghost .u-label'), (e) => e.textContent),
      landLegend: (() => {
        const li = document.querySelector('.landscape-legend [data-item="ghost"]');
        return li.hidden ? null : li.textContent;
      })(),
    };
  });
}

// The same config run by the module on its own: its loss per step, b along the run, its final
// parameters and its line through feature j (the others at the training set's means).
async function independent(page, config, j) {
  return page.evaluate(async ({ config, j }) => {
    const api = await window.LinReg.load();
    const t = api.create(config);
    t.fit();
    const s = t.state();
    const hist = t.history(0);
    const tr = t.trajectory(1);
    const { n, d, X } = t.trainData();
    t.delete();
    let intercept = s.b;
    for (let i = 0; i < d; ++i) {
      if (i === j) continue;
      let m = 0;
      for (let r = 0; r < n; ++r) m += X[r * d + i];
      intercept += s.w[i] * (m / n);
    }
    return {
      steps: Array.from(hist.step), loss: Array.from(hist.stepLoss), trSteps: Array.from(tr.steps), b: Array.from(tr.b),
      w: Array.from(s.w), finalB: s.b, errorW: Array.from(s.errorW), errorB: s.errorB, globalStep: s.globalStep,
      slope: s.w[j], intercept,
    };
  }, { config, j });
}

// The y of series `ys` at each x of `xs` (null where the chart has no point of it).
function at(xs, ys) {
  const m = new Map();
  xs.forEach((x, i) => {
    if (ys[i] !== null) m.set(x, ys[i]);
  });
  return m;
}

function checkAgainst(drawn, ref, label) {
  assert.equal(drawn.ghost.label, label);
  assert.deepEqual(drawn.ghost.errorW, ref.errorW, 'controller.ghost.state is the run\'s final state');
  assert.equal(drawn.ghost.errorB, ref.errorB);
  assert.equal(drawn.ghost.steps, ref.globalStep);
  // The loss plot: the ghost's curve is the run's loss at every step.
  const loss = at(numbers(drawn.loss[0]), numbers(drawn.loss[1]));
  assert.equal(loss.size, ref.steps.length, 'one ghost point per step');
  ref.steps.forEach((s, i) => assert.equal(loss.get(s), ref.loss[i], `loss at step ${s}`));
  // The parameter plot: b along the run, from the initialization on.
  const b = at(numbers(drawn.b[0]), numbers(drawn.b[1]));
  assert.equal(b.size, ref.trSteps.length);
  ref.trSteps.forEach((s, i) => assert.equal(b.get(s), ref.b[i], `b after step ${s}`));
  // The data plot: the final fitted line at the two ends of the x range.
  const [x0, x1] = numbers(drawn.line[0]);
  const [y0, y1] = numbers(drawn.line[1]);
  assert.ok(x1 > x0);
  for (const [x, y] of [[x0, y0], [x1, y1]]) {
    const want = ref.slope * x + ref.intercept;
    assert.ok(Math.abs(y - want) <= 1e-9 * (1 + Math.abs(want)), `line at ${x}: ${y} vs ${want}`);
  }
  // The landscape (axes w1, w2): the path's last point is the final parameters.
  assert.equal(Number(drawn.path), ref.trSteps.length, 'the path has every step');
  assert.deepEqual(numbers(drawn.end), ref.w.slice(0, 2));
  assert.deepEqual(drawn.legends, [`ghost: ${label}`, `ghost: ${label}`, `ghost: ${label}`], 'one legend entry per plot');
  assert.equal(drawn.landLegend, `ghost: ${label}`);
}

test('the ghost of lr = 0.3 beside the book\'s run: every plot draws the independent run\'s numbers', async () => {
  const { page, context, problems } = await h.openPage(env);
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  const config = await page.evaluate(() => Object.assign({}, window.LinRegPage.controller.config, { lr: 0.3 }));
  await page.evaluate((c) => window.LinRegPage.controller.setGhost(c, 'lr = 0.3'), config);
  const ref = await independent(page, config, 1);
  checkAgainst(await drawnGhost(page), ref, 'lr = 0.3');
  // The loss plot spans the ghost's whole run while the run itself has 3 steps.
  assert.deepEqual(numbers((await h.dataset(page, '#chart-loss')).xRange), [1, 96]);
  await page.screenshot({ path: h.screenshotPath('ghost-1280x800.png'), fullPage: true });

  // Reset (the same data): the ghost stays; it follows the run through a finished run too.
  await h.press(page, 'Reset');
  await h.runToEnd(page);
  checkAgainst(await drawnGhost(page), ref, 'lr = 0.3');

  // A config that cannot run: the core's message; the ghost shown stays.
  const error = await page.evaluate(() => {
    try {
      window.LinRegPage.controller.setGhost({ lr: -1 }, 'bad');
      return null;
    } catch (e) {
      return e.message;
    }
  });
  assert.match(error, /'lr' must be a finite number > 0, got -1/);
  assert.equal((await drawnGhost(page)).ghost.label, 'lr = 0.3');

  // setGhost(null): gone from every plot.
  await page.evaluate(() => window.LinRegPage.controller.setGhost(null));
  let none = await drawnGhost(page);
  assert.equal(none.ghost, null);
  assert.deepEqual([none.line, none.loss, none.b], [[undefined, undefined], [undefined, undefined], [undefined, undefined]]);
  assert.equal(none.path, '0');
  assert.deepEqual([none.legends, none.landLegend], [[], null]);

  // New data: the ghost goes.
  await page.evaluate((c) => window.LinRegPage.controller.setGhost(c, 'lr = 0.3'), config);
  assert.equal((await drawnGhost(page)).ghost.label, 'lr = 0.3');
  await h.press(page, 'New data');
  await page.waitForFunction(() => window.LinRegPage.controller.ghost === null);
  none = await drawnGhost(page);
  assert.deepEqual([none.loss, none.path], [[undefined, undefined], '0']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the ghost while the run trains in the background worker: computed by the page\'s back end', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}index.html?trainer=worker` });
  await page.waitForFunction(() => document.documentElement.dataset.trainer === 'worker');
  await h.press(page, 'Run');
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) >= 2);
  await h.press(page, 'Pause');
  const config = await page.evaluate(() => Object.assign({}, window.LinRegPage.controller.config, { batch_size: 100 }));
  await page.evaluate((c) => window.LinRegPage.controller.setGhost(c, 'batch 100'), config);
  const drawn = await drawnGhost(page);
  const ref = await independent(page, config, 1);
  assert.equal(drawn.ghost.steps, 30);
  assert.deepEqual(drawn.ghost.errorW, ref.errorW);
  const loss = at(numbers(drawn.loss[0]), numbers(drawn.loss[1]));
  ref.steps.forEach((s, i) => assert.equal(loss.get(s), ref.loss[i], `loss at step ${s}`));
  const b = at(numbers(drawn.b[0]), numbers(drawn.b[1]));
  ref.trSteps.forEach((s, i) => assert.equal(b.get(s), ref.b[i], `b after step ${s}`));
  assert.deepEqual(drawn.legends, ['ghost: batch 100', 'ghost: batch 100', 'ghost: batch 100']);
  assert.deepEqual(problems, []);
  await context.close();
});
