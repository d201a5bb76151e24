// The page's pure parts in Node (no browser): the book's loss smoothing against the command-line
// program's step losses, the bounded history, number formats and reading of field text.
'use strict';
const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./helpers.js');

// The page's ES modules, imported as they are (no browser): their exports by name; the settings
// from the module's field schema, as the page takes them.
const page = {};
before(async () => {
  for (const f of ['format.js', 'settings.js', 'session.js']) {
    Object.assign(page, await import(pathToFileURL(path.join(h.repoRoot, 'web', f)).href));
  }
  page.api = await require(path.join(h.repoRoot, 'web', 'dist', 'linreg-api.cjs')).load();
  page.settings.useSchema(page.api.schema());
});

test("ProgressBoard: the book's smoothed loss, a point per half epoch at the mean x", () => {
  const { run } = h.cliRun(['--seed', '0']);
  const nb = 32; // ceil(1000 / 32)
  const board = new page.ProgressBoard(Math.floor(nb / 2));
  const points = [];
  run.steps.forEach((s, k) => {
    const p = board.draw(k / nb, s.loss); // x = train_batch_idx / num_batches, before the step
    if (p) points.push(p);
  });
  assert.equal(points.length, 6);
  for (let g = 0; g < 6; ++g) {
    const group = run.steps.slice(16 * g, 16 * g + 16);
    const meanLoss = group.reduce((a, s) => a + s.loss, 0) / 16;
    assert.ok(Math.abs(points[g].x - (16 * g + 7.5) / 32) < 1e-15, `x of point ${g}`);
    assert.ok(Math.abs(points[g].y - meanLoss) <= 1e-12 * meanLoss, `y of point ${g}`);
  }
  // book-v1: 100 batches, every 50 steps; one batch per epoch still plots (every step).
  const v1 = new page.ProgressBoard(Math.floor(100 / 2));
  let n = 0;
  for (let k = 0; k < 300; ++k) if (v1.draw(k / 100, 1)) ++n;
  assert.equal(n, 6);
  const single = new page.ProgressBoard(Math.floor(1 / 2));
  assert.deepEqual({ ...single.draw(0, 2) }, { x: 0, y: 2 });
});

test('Trace: stays within its capacity, evenly thinned, and always shows the latest point', () => {
  const t = new page.Trace(1, 8);
  for (let i = 0; i <= 20; ++i) t.push(i, [10 * i]);
  const v = t.view();
  assert.ok(v.x.length <= 9);
  const stored = v.x.slice(0, -1);
  const steps = stored.slice(1).map((x, k) => x - stored[k]);
  assert.ok(steps.every((d) => d === steps[0]), `evenly spaced: ${stored}`);
  assert.equal(v.x[v.x.length - 1], 20);
  assert.equal(v.ys[0][v.ys[0].length - 1], 200);
  assert.equal(v.x[0], 0);
});

test('Trace.window: the points of view() at every length, thinned or not, as views of the trace\'s own arrays', () => {
  const t = new page.Trace(2, 8);
  for (let i = 0; i <= 40; ++i) {
    t.push(i, [10 * i, -i]);
    if (i % 3 === 0) t.push(i, [10 * i, -i]); // the same x again: the latest is the stored point
    const v = t.view();
    const w = t.window();
    assert.deepEqual(Array.from(w.x), v.x, `x after ${i}`);
    assert.deepEqual(w.ys.map((col) => Array.from(col)), v.ys, `ys after ${i}`);
    assert.equal(w.x.buffer, t.x.buffer, 'a view, not a copy');
  }
});

test("format: the command-line program's %f, and four decimals for the update line", () => {
  const f = page.format;
  assert.equal(f.fixed6(0.1257321335), '0.125732');
  assert.equal(f.fixed6(-0.1813631922), '-0.181363');
  assert.equal(f.fixed6(-1e-9), '-0.000000');
  assert.equal(f.fixed6(3306798569916799434122527244288), '3306798569916799434122527244288.000000');
  assert.equal(f.fixed6(NaN), 'nan');
  assert.equal(f.list6([0.125732133, -0.18136319]), '[0.125732, -0.181363]');
  // What the book prints, from 1e9 on: the fewest digits that read back, C's two-digit exponent.
  assert.equal(f.printed6(999999999.5), '999999999.500000');
  assert.equal(f.printed6(1.5e9), '1.5e+09');
  assert.equal(f.printed6(-4.99e196), '-4.99e+196');
  for (const x of [1e9, 3306798569916799434122527244288, -2.718281828459045e33, Number.MAX_VALUE]) {
    assert.equal(Number(f.printed6(x)), x, `${x} reads back`);
  }
  assert.equal(f.list6([2e10, 0.5]), '[2e+10, 0.500000]');
  assert.equal(f.dec4(1.93421), '1.9342');
  assert.equal(f.dec4(-0.00052171), '-5.217e-4');
  assert.equal(f.dec4Pretty(-0.1731), '\u22120.1731');
  assert.equal(f.int(4000), '4,000');
});

test('settings: field text becomes a value the C++ rules can name', () => {
  const { parse, show } = page.settings;
  const BY_KEY = Object.fromEntries(page.settings.BY_KEY);
  assert.equal(parse(BY_KEY.lr, ' 0.03 '), 0.03);
  assert.equal(parse(BY_KEY.lr, '1e-3'), 0.001);
  assert.equal(parse(BY_KEY.lr, 'abc'), 'abc');
  assert.equal(parse(BY_KEY.lr, ''), '');
  assert.deepEqual(Array.from(parse(BY_KEY.w, '[2, -3.4]')), [2, -3.4]);
  assert.deepEqual(Array.from(parse(BY_KEY.w, '1 2,3')), [1, 2, 3]);
  assert.deepEqual(Array.from(parse(BY_KEY.w, '2, x')), [2, 'x']);
  assert.deepEqual(Array.from(parse(BY_KEY.w, ' ')), []);
  assert.equal(parse(BY_KEY.shuffle, false), false);
  assert.equal(show(BY_KEY.w, [2, -3.4]), '2, -3.4');
  assert.deepEqual(
    Array.from(page.settings.resetKeysChanged({ lr: 1, w: [1], seed: 0 }, { lr: 2, w: [1, 2], seed: 0 })),
    ['w'],
  );
});

test("where a run trains: the data's size as the core counts it (Ohm's law has one feature, whatever w is)", () => {
  const session = new page.Session(page.api);
  session.workerUrl = 'web/dist/worker.js';
  const w = Array.from({ length: 16 }, (_, j) => j + 1);
  // 301,000 examples of one feature: 602,000 values, under the worker's threshold of 2^21.
  const ohm = page.api.check({ dataset: 'ohm', w, num_train: 300000 });
  assert.equal(session.dataValues(ohm), 301000 * 2);
  assert.equal(session.wantsWorker(ohm), false);
  // The same with the synthetic data: 17 columns, 5,117,000 values, in the worker.
  const synthetic = page.api.check({ w, num_train: 300000 });
  assert.equal(session.dataValues(synthetic), 301000 * 17);
  assert.equal(session.wantsWorker(synthetic), true);
});
