// Errors: each failing call throws an Error with the exact C++ message, and leaves the trainer as
// it was, still working (its run continues bit for bit as if nothing had happened).
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, errorMessage } = require('./helpers.js');

const KNOWN_KEYS = 'known keys are w b noise num_train num_val batch_size lr max_epochs sigma init_w init_b seed shuffle' +
  ' gradient_clip_val' +
  ' loss huber_delta order drop_last outlier dataset resistance bug';
const DELETED = 'this Trainer was deleted; create a new one with LinReg.create()';

// [config given to create() and check(), the message]
const CONFIG_ERRORS = [
  [{ batch_size: 0 }, "'batch_size' must be an integer >= 1, got 0"],
  [{ batch_size: 2.5 }, "'batch_size' must be an integer >= 1, got 2.5"],
  [{ lr: 0 }, "'lr' must be a finite number > 0, got 0"],
  [{ lr: NaN }, "'lr' must be a finite number > 0, got null"],
  [{ lr: '0.1' }, "'lr' must be a finite number > 0, got \"0.1\""],
  [{ noise: -1 }, "'noise' must be a finite number >= 0, got -1"],
  [{ sigma: -1 }, "'sigma' must be a finite number >= 0, got -1"],
  [{ gradient_clip_val: -0.5 }, "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got -0.5"],
  [{ max_epochs: 1e7 }, "'max_epochs' must be an integer <= 1000000, got 10000000"],
  [{ w: [] }, "'w' must be a non-empty list of finite numbers, got []"],
  [{ w: [1, Infinity] }, "'w' must be a non-empty list of finite numbers, got w[1] = null"],
  [{ w: new Array(4097).fill(1) }, "'w' must be a list of at most 4096 numbers, got a list of 4097"],
  [{ shuffle: 1 }, "'shuffle' must be true or false, got 1"],
  [{ seed: 2 ** 53 }, "'seed' must be an integer <= 9007199254740991, got 9007199254740992"],
  [{ seed: -1 }, "'seed' must be an integer >= 0, got -1"],
  [{ num_train: 1e7 }, "'num_train' must be such that num_train + num_val is at most 10000000, got 10000000 + 1000"],
  [{ lrr: 0.1 }, `unknown key 'lrr' (did you mean 'lr'?); ${KNOWN_KEYS}`],
  [{ batchsize: 10 }, `unknown key 'batchsize' (did you mean 'batch_size'?); ${KNOWN_KEYS}`],
  [{ foo: 1 }, `unknown key 'foo'; ${KNOWN_KEYS}`],
  ['{"lr": }', "the config is not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 8: " +
               "syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal"],
  ['{"lr": 0.1', 'the config is not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 11: ' +
                 "syntax error while parsing object - unexpected end of input; expected '}'"],
  ['{"batch_size": 0}', "'batch_size' must be an integer >= 1, got 0"],
  ['nope', "unknown preset 'nope'; the presets are book and book-v1"],
  [42, 'the config must be a JSON object, got 42'],
  [null, 'the config must be a JSON object, got null'],
  [[1], 'the config must be a JSON object, got [1]'],
  [new Map(), 'the config must be a preset name, JSON text or a plain object, got a Map'],
];

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

test('bad configs: create() and check() throw the exact message', () => {
  for (const [config, message] of CONFIG_ERRORS) {
    assert.equal(errorMessage(() => LinReg.create(config)), message, `create(${String(config)})`);
    assert.equal(errorMessage(() => LinReg.check(config)), message, `check(${String(config)})`);
  }
  assert.equal(errorMessage(() => LinReg.preset('nope')), "unknown preset 'nope'; the presets are book and book-v1");
  const cyclic = {};
  cyclic.w = cyclic;
  assert.match(errorMessage(() => LinReg.create(cyclic)), /^the value cannot be written as JSON: Converting circular structure/);
});

test('good configs: missing keys take the defaults; JSON text, objects and typed arrays agree', () => {
  const defaults = LinReg.defaults();
  assert.deepEqual(LinReg.check(undefined), defaults);
  assert.deepEqual(LinReg.check({}), defaults);
  assert.deepEqual(LinReg.check('book'), defaults);
  assert.deepEqual(LinReg.check('  {"lr": 0.1}'), { ...defaults, lr: 0.1 });
  assert.deepEqual(LinReg.check({ lr: 0.1, b: undefined }), { ...defaults, lr: 0.1 });
  assert.deepEqual(LinReg.check({ w: new Float64Array([1, 2, 3]) }), { ...defaults, w: [1, 2, 3] });
  assert.deepEqual(LinReg.check({ batch_size: 10.0, seed: 2 ** 53 - 1 }), { ...defaults, batch_size: 10, seed: 2 ** 53 - 1 });
  assert.deepEqual(LinReg.check({ seed: 2n ** 53n - 1n }), { ...defaults, seed: 2 ** 53 - 1 });  // BigInt
  assert.deepEqual(LinReg.preset('book-v1'), { ...defaults, batch_size: 10, num_val: 0 });
  assert.deepEqual(LinReg.presetNames(), ['book', 'book-v1']);
  assert.deepEqual(defaults, {
    w: [2, -3.4], b: 4.2, noise: 0.01, num_train: 1000, num_val: 1000, batch_size: 32, lr: 0.03,
    max_epochs: 3, sigma: 0.01, seed: 0, shuffle: true, gradient_clip_val: 0,
    loss: 'squared', huber_delta: 1, order: 'shuffle', drop_last: false, outlier: null, dataset: 'synthetic',
    resistance: 10, bug: 'none',
  });
});

// Everything observable about a trainer.
function snapshot(trainer) {
  return {
    config: trainer.config(),
    state: trainer.state(),
    lastBatch: trainer.lastBatch(),
    history: trainer.history(),
  };
}

test('failed calls on a trainer: exact messages, state unchanged, the run continues identically', () => {
  const reference = LinReg.create({ seed: 3 });
  const trainer = LinReg.create({ seed: 3 });
  try {
    for (let i = 0; i < 10; ++i) {
      reference.step();
      trainer.step();
    }
    const before = snapshot(trainer);
    const failing = [
      [() => trainer.setLr(0), "'lr' must be a finite number > 0, got 0"],
      [() => trainer.setLr(-1), "'lr' must be a finite number > 0, got -1"],
      [() => trainer.setLr(NaN), "'lr' must be a finite number > 0, got null"],
      [() => trainer.setLr(Infinity), "'lr' must be a finite number > 0, got null"],
      [() => trainer.setLr(undefined), "'lr' must be a finite number > 0, got null"],
      [() => trainer.setLr('0.1'), "'lr' must be a finite number > 0, got \"0.1\""],
      [() => trainer.setGradientClipVal(-1), "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got -1"],
      [() => trainer.setMaxEpochs(0), "'max_epochs' must be an integer >= 1, got 0"],
      [() => trainer.setMaxEpochs(1.5), "'max_epochs' must be an integer >= 1, got 1.5"],
      [() => trainer.reset(-1), "'seed' must be an integer >= 0, got -1"],
      [() => trainer.reset(1.5), "'seed' must be an integer >= 0, got 1.5"],
      [() => trainer.reset('7'), "'seed' must be an integer >= 0, got \"7\""],
      [() => trainer.reset(2 ** 53), "'seed' must be an integer <= 9007199254740991, got 9007199254740992"],
      [() => trainer.history(-1), "'from' must be an integer >= 0, got -1"],
      [() => trainer.history(1.5), "'from' must be an integer >= 0, got 1.5"],
      [() => trainer.history('a'), "'from' must be an integer >= 0, got \"a\""],
    ];
    for (const [call, message] of failing) {
      assert.equal(errorMessage(call), message);
      assert.deepEqual(snapshot(trainer), before, `unchanged after: ${message}`);
    }
    assert.equal(trainer.fit(), 86);
    reference.fit();
    assert.deepEqual(snapshot(trainer), snapshot(reference));
  } finally {
    reference.delete();
    trainer.delete();
  }
});

test('stepping a finished run throws; raising max_epochs lets it go on', () => {
  const trainer = LinReg.create({ max_epochs: 1 });
  try {
    assert.equal(trainer.fit(), 32);
    const before = snapshot(trainer);
    const message = 'training is finished after 1 epochs; reset or raise max_epochs';
    assert.equal(errorMessage(() => trainer.step()), message);
    assert.equal(errorMessage(() => trainer.epoch()), message);
    assert.equal(errorMessage(() => trainer.fit()), message);
    assert.deepEqual(snapshot(trainer), before);
    trainer.setMaxEpochs(2);
    assert.equal(trainer.state().finished, false);
    assert.equal(trainer.epoch(), 32);
    assert.equal(trainer.state().finished, true);
  } finally {
    trainer.delete();
  }
});

test('a diverged run stops and says why', () => {
  const trainer = LinReg.create({ lr: 60, num_train: 200, num_val: 20, max_epochs: 50, seed: 1 });
  try {
    assert.equal(trainer.fit(), 88);
    const state = trainer.state();
    assert.deepEqual([state.diverged, state.divergedStep, state.finished], [true, 88, false]);
    assert.ok(Number.isNaN(trainer.lastBatch().loss) || !Number.isFinite(trainer.lastBatch().loss));
    const message = 'training diverged at step 88; reset and try a smaller learning rate';
    for (const call of [() => trainer.step(), () => trainer.epoch(), () => trainer.fit()]) {
      assert.equal(errorMessage(call), message);
    }
    trainer.setLr(0.03);
    trainer.reset();
    assert.equal(trainer.fit(), 7 * 50);
    assert.equal(trainer.state().diverged, false);
  } finally {
    trainer.delete();
  }
});

test('changes mid-run apply from the next step', () => {
  const trainer = LinReg.create();
  try {
    trainer.step();
    trainer.setLr(0.1);
    assert.equal(trainer.step().lr, 0.1);
    assert.equal(trainer.config().lr, 0.1);
    trainer.setGradientClipVal(0.01);
    const mb = trainer.step();
    assert.equal(mb.clipped, true);
    assert.ok(Math.abs(Math.hypot(...mb.gradW, mb.gradB) - 0.01) < 1e-15);
    trainer.setMaxEpochs(1);
    assert.equal(trainer.epoch(), 29);
    assert.equal(trainer.state().finished, true);
  } finally {
    trainer.delete();
  }
});

test('every call after delete() throws; isDeleted says so', () => {
  const trainer = LinReg.create();
  trainer.step();
  trainer.delete();
  assert.equal(trainer.isDeleted, true);
  const calls = ['config', 'step', 'epoch', 'fit', 'reset', 'setLr', 'setGradientClipVal', 'setMaxEpochs',
                 'state', 'lastBatch', 'history', 'trainData', 'valData', 'exportRun', 'delete'];
  for (const name of calls) {
    assert.equal(errorMessage(() => trainer[name](0.1)), DELETED, name);
  }
  assert.equal(trainer.isDeleted, true);
});
