// The wasm module computes the same bits as the native CLI: for each case the CLI's --export-run
// is compared number by number (Object.is) with a run driven step by step through the JS API.
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, cliExport, assertSameNumbers, assertSameNumber } = require('./helpers.js');

// [name, preset, config on top of the preset, (optional) what the case must exercise]
const CASES = [
  ['book, seed 0', 'book', {}],
  ['book, seed 2024', 'book', { seed: 2024 }],
  ['book, largest seed', 'book', { seed: 9007199254740991 }],
  ['book-v1 (no validation set)', 'book-v1', { seed: 3 }, (run) => run.epochs.every((e) => e.val_loss === null)],
  ['d = 1', 'book', { w: [1.5], b: -2, seed: 7, num_train: 300, num_val: 50 }],
  ['d = 5, batch size divides num_train', 'book', { w: [1, -2, 3.5, -4, 0.25], b: 0.5, seed: 99, batch_size: 25 }],
  ['batch size does not divide num_train', 'book', { num_train: 100, num_val: 30, batch_size: 7, max_epochs: 4, seed: 11 },
   (run) => run.steps.some((s) => s.indices.length === 2)],
  ['batch size larger than num_train', 'book', { num_train: 20, num_val: 5, batch_size: 64, max_epochs: 5, seed: 12 }],
  ['gradient clipping on', 'book', { gradient_clip_val: 2, lr: 0.1, seed: 5 },
   (run) => run.steps.some((s) => s.clipped) && run.steps.some((s) => !s.clipped)],
  ['shuffle off', 'book', { shuffle: false, seed: 13, noise: 0.5, sigma: 1 },
   (run) => run.steps[32].indices[0] === 0 && run.steps[33].indices[0] === 32],
  ['diverges (nulls in the export)', 'book', { lr: 60, num_train: 200, num_val: 20, max_epochs: 50, seed: 1 },
   (run) => run.final.diverged_step !== null && run.steps.at(-1).loss === null],
  // The exercises' options.
  ['zero initialization', 'book', { sigma: 0 }, (run) => run.initial_params.w.every((w) => w === 0)],
  ['sigma^2 = 1000', 'book', { sigma: Math.sqrt(1000), seed: 2 }],
  ['absolute loss, outlier y_5 = 10000', 'book', { loss: 'absolute', outlier: { index: 5, value: 10000 }, max_epochs: 4 },
   (run) => run.data.y_train[5] === 10000],
  ['Huber loss, delta 0.5, outlier', 'book', { loss: 'huber', huber_delta: 0.5, outlier: { index: 5, value: 10000 }, seed: 4 }],
  ['squared loss, outlier', 'book', { outlier: { index: 5, value: 10000 }, num_train: 300, num_val: 50 }],
  ['sorted by label, no reshuffling', 'book', { order: 'sorted', num_train: 200, num_val: 20, seed: 6 },
   (run) => run.steps[0].indices.every((i, k, a) => k === 0 || run.data.y_train[a[k - 1]] <= run.data.y_train[i])],
  ['generated order, drop_last', 'book', { order: 'generated', drop_last: true, num_train: 100, num_val: 10, batch_size: 30 },
   (run) => run.steps.length === 9 && run.steps.every((s) => s.indices.length === 30)],
  ['drop_last with reshuffling', 'book-v1', { drop_last: true, num_train: 95, batch_size: 10, seed: 8 },
   (run) => run.steps.length === 27],
  ["Ohm's law", 'book', { dataset: 'ohm', resistance: 4.7, max_epochs: 5, seed: 10 },
   (run) => run.true_params.w[0] === 1 / 4.7 && run.data.X_train.every((x) => x.length === 1 && x[0] >= 0 && x[0] < 10)],
  // The initialization override (init_w, init_b): the start replaced, the data and order kept.
  ['init override', 'book', { init_w: [0.75, -1.5], init_b: 3.25, seed: 14, num_train: 300, num_val: 40 },
   (run) => run.initial_params.w[0] === 0.75 && run.initial_params.w[1] === -1.5 && run.initial_params.b === 3.25 &&
     run.config.init_w.length === 2],
  ['init override, Ohm\'s law, init_b only', 'book', { dataset: 'ohm', init_b: -0.5, max_epochs: 2, seed: 15 },
   (run) => run.initial_params.b === -0.5 && !('init_w' in run.config)],
  // The simulated bugs (docs/bugs.md): every one, natively and in wasm.
  ['bug no_zero_grad', 'book', { bug: 'no_zero_grad', lr: 0.01, seed: 3 },
   (run) => run.steps[1].grad_norm > 0 && run.config.bug === 'no_zero_grad'],
  ['bug no_zero_grad, clipped', 'book', { bug: 'no_zero_grad', gradient_clip_val: 12, num_train: 300, num_val: 30, seed: 9 },
   (run) => run.steps.some((s) => s.clipped) && run.steps.some((s) => !s.clipped)],
  ['bug sum_loss', 'book', { bug: 'sum_loss', num_train: 300, num_val: 30, batch_size: 7, seed: 2 }],
  ['bug shape_broadcast', 'book', { bug: 'shape_broadcast', seed: 3 }],
  ['bug same_batch', 'book', { bug: 'same_batch', seed: 4 },
   (run) => run.steps.every((s) => JSON.stringify(s.indices) === JSON.stringify(run.steps[0].indices))],
  ['bug ascent (diverges)', 'book', { bug: 'ascent', lr: 3, num_train: 200, num_val: 20, max_epochs: 60, seed: 1 },
   (run) => run.final.diverged_step !== null],
  ['bug short_batch_divisor', 'book-v1', { bug: 'short_batch_divisor', num_train: 95, seed: 8 },
   (run) => run.steps.some((s) => s.indices.length === 5)],
  ['bug double_mean', 'book', { bug: 'double_mean', seed: 5 }],
  ['bug frozen_bias', 'book', { bug: 'frozen_bias', seed: 6 }, (run) => run.final.b === 0],
];

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

function checkDataset(expectedX, expectedY, dataset, what) {
  assert.equal(dataset.n, expectedY.length, `${what}.n`);
  assertSameNumbers(expectedX.flat(), dataset.X, `${what}.X`);
  assertSameNumbers(expectedY, dataset.y, `${what}.y`);
}

function checkStep(expected, mb, what) {
  assert.deepEqual([mb.step, mb.epoch, mb.batch, mb.clipped], [expected.step, expected.epoch, expected.batch, expected.clipped],
                   `${what}: step, epoch, batch, clipped`);
  assert.deepEqual(Array.from(mb.indices), expected.indices, `${what}: indices`);
  assertSameNumber(expected.loss, mb.loss, `${what}: loss`);
  assertSameNumbers(expected.grad_w, mb.gradW, `${what}: grad_w`);
  assertSameNumber(expected.grad_b, mb.gradB, `${what}: grad_b`);
  assertSameNumber(expected.grad_norm, mb.gradNorm, `${what}: grad_norm`);
  assertSameNumber(expected.lr, mb.lr, `${what}: lr`);
  assertSameNumbers(expected.w, mb.wAfter, `${what}: w`);
  assertSameNumber(expected.b, mb.bAfter, `${what}: b`);
}

for (const [name, preset, overrides, exercises] of CASES) {
  test(`bit-identical to the native CLI: ${name}`, () => {
    const exportText = cliExport(preset, overrides);
    const run = JSON.parse(exportText);
    if (exercises) assert.ok(exercises(run), 'the case does not exercise what it is named for');
    const config = Object.assign(LinReg.preset(preset), overrides);
    const trainer = LinReg.create(config);
    try {
      assert.deepEqual(trainer.config(), run.config);

      checkDataset(run.data.X_train, run.data.y_train, trainer.trainData(), 'train data');
      checkDataset(run.data.X_val, run.data.y_val, trainer.valData(), 'validation data');
      const initial = trainer.state();
      assertSameNumbers(run.true_params.w, initial.trueW, 'true w');
      assertSameNumber(run.true_params.b, initial.trueB, 'true b');
      assertSameNumbers(run.initial_params.w, initial.w, 'initial w');
      assertSameNumber(run.initial_params.b, initial.b, 'initial b');

      assert.ok(run.steps.length > 0);
      for (const expected of run.steps) {
        const what = `step ${expected.step}`;
        const mb = trainer.step();
        checkStep(expected, mb, what);
        checkStep(expected, trainer.lastBatch(), `${what} (lastBatch)`);
        const state = trainer.state();
        assertSameNumbers(expected.w, state.w, `${what}: state().w`);
        assertSameNumber(expected.b, state.b, `${what}: state().b`);
      }
      const state = trainer.state();
      assert.equal(state.finished || state.diverged, true);
      assert.equal(state.diverged ? state.divergedStep : null, run.final.diverged_step);
      assertSameNumbers(run.final.w, state.w, 'final w');
      assertSameNumber(run.final.b, state.b, 'final b');
      assertSameNumbers(run.final.error_w, state.errorW, 'error_w');
      assertSameNumber(run.final.error_b, state.errorB, 'error_b');

      const h = trainer.history();
      assertSameNumbers(run.steps.map((s) => s.loss), h.stepLoss, 'history stepLoss');
      assertSameNumbers(run.epochs.map((e) => e.epoch), h.epoch, 'epochs');
      assertSameNumbers(run.epochs.map((e) => e.train_loss), h.trainLoss, 'train losses');
      assertSameNumbers(run.epochs.map((e) => e.val_loss), h.valLoss, 'validation losses');

      // The module's own export is byte for byte the CLI's.
      const own = trainer.exportRun();
      assert.deepEqual(JSON.parse(own), run);
      assert.equal(own, exportText);
    } finally {
      trainer.delete();
    }
  });
}

test('fit() and epoch() reach the same bits as step()', () => {
  const run = JSON.parse(cliExport('book', { seed: 21, batch_size: 30 }));
  const a = LinReg.create({ seed: 21, batch_size: 30 });
  const b = LinReg.create({ seed: 21, batch_size: 30 });
  try {
    assert.equal(a.fit(), run.steps.length);
    while (!b.state().finished) b.epoch();
    for (const t of [a, b]) {
      assertSameNumbers(run.final.w, t.state().w, 'final w');
      assertSameNumber(run.final.b, t.state().b, 'final b');
      assertSameNumbers(run.steps.map((s) => s.loss), t.history().stepLoss, 'step losses');
    }
  } finally {
    a.delete();
    b.delete();
  }
});

test('reset() replays the identical run; reset(seed) gives the run of that seed', () => {
  const run7 = JSON.parse(cliExport('book', { seed: 7 }));
  const trainer = LinReg.create('book');
  try {
    trainer.fit();
    const first = trainer.state();
    trainer.reset();
    assert.equal(trainer.lastBatch(), null);
    assert.equal(trainer.state().globalStep, 0);
    trainer.fit();
    assert.deepEqual(trainer.state(), first);
    trainer.reset(7);
    assert.equal(trainer.config().seed, 7);
    assertSameNumbers(run7.data.y_train, trainer.trainData().y, 'y_train of seed 7');
    trainer.fit();
    assertSameNumbers(run7.final.w, trainer.state().w, 'final w of seed 7');
  } finally {
    trainer.delete();
  }
});
