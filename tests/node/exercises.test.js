// The API beyond the book's run: phase stepping, the loss landscape and profile, the full-batch
// gradient, the curvature and learning-rate limit, the least-squares reference and the
// learning-rate sweep. The closed-form numbers are compared bit for bit with the native
// command-line program (`linreg --analysis`), the runs with separate runs.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before } = require('node:test');
const { loadApi, runCli, assertSameNumbers, assertSameNumber, errorMessage } = require('./helpers.js');

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

// The native program's --analysis JSON for a config object.
function cliAnalysis(config) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-analysis-'));
  try {
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify(config));
    const r = runCli(['--config', file, '--analysis', '-']);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ANALYSIS_CASES = [
  ['book', {}],
  ["Ohm's law", { dataset: 'ohm', resistance: 4.7, seed: 3 }],
  ['d = 5, Huber loss', { w: [1, -2, 3.5, -4, 0.25], b: 0.5, seed: 9, loss: 'huber', huber_delta: 0.5, noise: 1 }],
  ['absolute loss, outlier', { loss: 'absolute', outlier: { index: 5, value: 10000 }, num_train: 300 }],
  ['d = 1, 12 examples', { w: [0.7], b: -1, num_train: 12, num_val: 3, seed: 4 }],
];

for (const [name, config] of ANALYSIS_CASES) {
  test(`closed form, curvature, landscape and profile are bit-identical to the native program: ${name}`, () => {
    const native = cliAnalysis(config);
    const trainer = LinReg.create(config);
    try {
      const ls = trainer.leastSquares();
      assertSameNumbers(native.least_squares.w, ls.w, 'least squares w');
      assertSameNumber(native.least_squares.b, ls.b, 'least squares b');
      assertSameNumber(native.least_squares.train_loss, ls.trainLoss, 'least squares train loss');
      const c = trainer.curvature();
      assert.equal(c.available, true);
      assertSameNumber(native.curvature.lambda_max, c.lambdaMax, 'lambda_max');
      assertSameNumber(native.curvature.lambda_min, c.lambdaMin, 'lambda_min');
      assertSameNumber(native.curvature.lr_limit, c.lrLimit, 'lr limit');
      const initial = trainer.state();  // before the first step: the initial parameters
      const fb = trainer.fullBatch({ w: initial.w, b: initial.b });
      assertSameNumber(native.full_batch_at_init.loss, fb.loss, 'full-batch loss');
      assertSameNumbers(native.full_batch_at_init.grad_w, fb.gradW, 'full-batch grad w');
      assertSameNumber(native.full_batch_at_init.grad_b, fb.gradB, 'full-batch grad b');
      const { axes, x, y, size, values } = native.landscape;
      const L = trainer.landscape({ axes, x, y, size });
      assertSameNumbers(values, L.values, 'landscape');
      const p = native.profile;
      assertSameNumbers(p.values, trainer.lossProfile({ axis: p.axis, range: p.range, size: p.size }).values, 'profile');
    } finally {
      trainer.delete();
    }
  });
}

test('stepPhase: forward, loss, gradient, update, with the fields computed so far; the same bits as step()', () => {
  const config = { num_train: 70, num_val: 10, batch_size: 16, loss: 'huber', gradient_clip_val: 2 };
  const a = LinReg.create(config);
  const b = LinReg.create(config);
  try {
    assert.equal(b.nextPhase(), 'forward');
    assert.equal(b.pendingStep(), null);
    let steps = 0;
    while (!a.state().finished) {
      const full = a.step();
      const f = b.stepPhase();
      assert.equal(f.phase, 'forward');
      assert.equal(b.nextPhase(), 'loss');
      assert.deepEqual(Array.from(f.minibatch.indices), Array.from(full.indices));
      assertSameNumbers(Array.from(full.yHat), f.minibatch.yHat, 'yHat after forward');
      assert.equal(f.minibatch.residual.length, 0);
      assert.ok(Number.isNaN(f.minibatch.loss));
      assert.deepEqual(b.pendingStep(), f.minibatch);
      const l = b.stepPhase();
      assert.equal(l.phase, 'loss');
      assertSameNumber(full.loss, l.minibatch.loss, 'loss');
      assert.equal(l.minibatch.gradW.length, 0);
      const g = b.stepPhase();
      assert.equal(g.phase, 'gradient');
      assertSameNumbers(Array.from(full.gradW), g.minibatch.gradW, 'gradW');
      assert.equal(g.minibatch.clipped, full.clipped);
      assert.equal(g.minibatch.wAfter.length, 0);
      assertSameNumbers(Array.from(full.wBefore), b.state().w, 'not updated before the update phase');
      const u = b.stepPhase();
      assert.equal(u.phase, 'update');
      assert.deepEqual(u.minibatch, full);
      assert.equal(b.pendingStep(), null);
      ++steps;
    }
    assert.equal(steps, 15);  // 5 batches x 3 epochs
    assert.deepEqual(b.state(), a.state());
    assert.deepEqual(b.history(), a.history());
    assert.equal(errorMessage(() => b.stepPhase()), 'training is finished after 3 epochs; reset or raise max_epochs');
    // step() finishes a started step; reset drops it.
    b.reset();
    b.stepPhase();
    b.stepPhase();
    assert.equal(b.step().step, 1);
    b.stepPhase();
    b.reset();
    assert.equal(b.nextPhase(), 'forward');
  } finally {
    a.delete();
    b.delete();
  }
});

test('landscape: values at the grid points are the full-batch loss there; b held at the given point', () => {
  const trainer = LinReg.create({ w: [1, -1, 0.5], num_train: 200, noise: 0.3 });
  try {
    for (let k = 0; k < 5; ++k) trainer.step();
    const s = trainer.state();
    const L = trainer.landscape({ axes: [0, 2], x: [-2, 2], y: [-1, 3], size: [5, 3] });
    assert.deepEqual([L.x.length, L.y.length, L.values.length, L.quadratic, L.examplesUsed], [5, 3, 15, true, 200]);
    for (let j = 0; j < 3; ++j) {
      for (let i = 0; i < 5; ++i) {
        const w = Array.from(s.w);
        w[0] = L.x[i];
        w[2] = L.y[j];
        const direct = trainer.fullBatch({ w, b: s.b }).loss;
        assert.ok(Math.abs(L.values[j * 5 + i] - direct) <= 1e-12 * (1 + direct), `grid point ${i}, ${j}`);
      }
    }
    // Along b, at another point.
    const at = { w: [0, 0, 0], b: 1 };
    const P = trainer.lossProfile({ axis: 3, range: [-5, 5], size: 11, at });
    assert.ok(Math.abs(P.values[6] - trainer.fullBatch(at).loss) < 1e-12);  // b = 1 is the 7th point
    // A loss that is not quadratic is evaluated point by point.
    const abs = LinReg.create({ loss: 'absolute', num_train: 5000 });
    const A = abs.landscape({ axes: [0, 1], x: [0, 4], y: [-5, 0], size: 21 });
    assert.equal(A.quadratic, false);
    assert.equal(A.examplesUsed, 2500);  // evenly spaced: every 2nd of 5000 (at most 4096)
    abs.delete();
  } finally {
    trainer.delete();
  }
});

test('landscape and profile requests: messages name the field and the rule', () => {
  const trainer = LinReg.create();
  try {
    const cases = [
      [{ axes: [0, 3], x: [0, 1], y: [0, 1] }, "'axes' must be a parameter index from 0 to 2 (2 is b), got 3"],
      [{ axes: [1, 1], x: [0, 1], y: [0, 1] }, "'axes' must be two different parameters, got 1 twice"],
      [{ axes: [0], x: [0, 1], y: [0, 1] }, "'axes' must be a list of two parameter indices, got [0]"],
      [{ axes: [0, 1], x: [1, 0], y: [0, 1] }, "'x' must be a range [lo, hi] of finite numbers with lo < hi, got [1,0]"],
      [{ axes: [0, 1], x: [0, 1] }, "'y' must be a range [lo, hi] of finite numbers with lo < hi, got nothing"],
      [{ axes: [0, 1], x: [0, NaN], y: [0, 1] }, "'x' must be a range [lo, hi] of finite numbers with lo < hi, got [0,null]"],
      [{ axes: [0, 1], x: [0, 1], y: [0, 1], size: 1000 }, "'size' must be an integer from 2 to 401, got 1000"],
      [{ axes: [0, 1], x: [0, 1], y: [0, 1], at: { w: [1], b: 0 } }, "'at.w' must be a list of 2 finite numbers, got [1]"],
      [{ axes: [0, 1], x: [0, 1], y: [0, 1], at: { w: [1, 2] } }, "'at.b' must be a finite number, got nothing"],
      [{ axes: [0, 1], x: [0, 1], y: [0, 1], zoom: 2 }, 'unknown key \'zoom\' in the landscape request; its keys are axes x y size at'],
      [null, 'the landscape request must be an object, got null'],
    ];
    for (const [request, message] of cases) {
      assert.equal(errorMessage(() => trainer.landscape(request)), message, JSON.stringify(request));
    }
    assert.equal(errorMessage(() => trainer.lossProfile({ axis: -1, range: [0, 1] })),
                 "'axis' must be a parameter index from 0 to 2 (2 is b), got -1");
    assert.equal(errorMessage(() => trainer.fullBatch({ w: [1, 2], b: Infinity })), "'at.b' must be a finite number, got null");
    assert.equal(trainer.state().globalStep, 0);
  } finally {
    trainer.delete();
  }
});

test('curvature: the learning-rate limit separates full-batch runs that converge from runs that diverge', () => {
  const config = { num_train: 200, num_val: 0, batch_size: 200, max_epochs: 500, noise: 0.1 };
  const probe = LinReg.create(config);
  const { lrLimit, lambdaMax, lambdaMin } = probe.curvature();
  probe.delete();
  assert.ok(lambdaMin > 0 && lambdaMin <= lambdaMax);
  assert.equal(lrLimit, 2 / lambdaMax);
  const runs = LinReg.create(config);
  try {
    const [below, above] = runs.sweepLr([0.95 * lrLimit, 1.05 * lrLimit]);
    assert.equal(below.diverged, false);
    assert.ok(below.finalTrainLoss < 0.01);
    assert.equal(above.diverged, true);
  } finally {
    runs.delete();
  }
  const big = LinReg.create({ w: new Array(400).fill(0.1), num_train: 50, num_val: 0 });
  const c = big.curvature();
  big.delete();
  assert.equal(c.available, false);
  assert.match(c.reason, /^not computed for data this large/);
  assert.ok(Number.isNaN(c.lrLimit));
});

test('sweepLr: each run is the trainer\'s run with that lr; diverged runs are marked', () => {
  const config = { num_train: 300, num_val: 20, max_epochs: 2, seed: 5 };
  const trainer = LinReg.create(config);
  try {
    trainer.step();  // the sweep runs from the start, whatever the trainer's state
    const lrs = [0.003, 0.03, 0.3, 3, 1e20];
    const runs = trainer.sweepLr(lrs);
    assert.equal(runs.length, 5);
    runs.forEach((r, k) => {
      assert.equal(r.lr, lrs[k]);
      const one = LinReg.create({ ...config, lr: lrs[k] });
      const initial = one.fullBatch().loss;
      one.fit();
      const s = one.state();
      assertSameNumber(initial, r.initialTrainLoss, `initial loss at lr ${lrs[k]}`);
      assertSameNumbers(Array.from(s.w), r.w, `w at lr ${lrs[k]}`);
      assert.equal(r.divergedStep, s.divergedStep);
      if (!s.diverged) assertSameNumbers(Array.from(one.history().trainLoss), r.epochTrainLoss, 'epoch losses');
      one.delete();
    });
    assert.deepEqual(runs.map((r) => r.diverged), [false, false, false, true, true]);
    assert.ok(Number.isNaN(runs[4].finalTrainLoss) && runs[4].divergedStep > 0);
    assert.ok(runs[0].finalTrainLoss > runs[1].finalTrainLoss && runs[1].finalTrainLoss > runs[2].finalTrainLoss);
    assert.equal(trainer.state().globalStep, 1);  // the trainer itself is untouched
    assert.equal(errorMessage(() => trainer.sweepLr([])), "'lrs' must be a list of 1 to 100 learning rates, got a list of 0");
    assert.equal(errorMessage(() => trainer.sweepLr([0.1, 0])), "'lrs' must be a list of finite numbers > 0, got lrs[1] = 0");
    assert.equal(errorMessage(() => trainer.sweepLr(['0.1'])), "'lrs' must be a list of finite numbers > 0, got lrs[0] = \"0.1\"");
    assert.equal(errorMessage(() => trainer.sweepLr(0.1)), "'lrs' must be a list of 1 to 100 learning rates, got 0.1");
  } finally {
    trainer.delete();
  }
});

test('leastSquares: its training loss is the lowest for the squared loss; SGD approaches it', () => {
  const trainer = LinReg.create({ max_epochs: 10 });
  try {
    const ls = trainer.leastSquares();
    const start = trainer.fullBatch().loss;
    trainer.fit();
    const s = trainer.state();
    const sgd = trainer.fullBatch().loss;
    assert.ok(ls.trainLoss <= sgd && sgd < start);
    const dist = Math.hypot(...Array.from(s.w).map((w, j) => w - ls.w[j]), s.b - ls.b);
    assert.ok(dist < 1e-3, `||theta - theta_ls|| = ${dist}`);
  } finally {
    trainer.delete();
  }
});
