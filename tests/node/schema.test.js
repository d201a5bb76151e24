// LinReg.schema(): the configuration's fields as the core declares them (cpp/schema.hpp), against
// what the API does with them (defaults, check, setLive); and a diverged run's cause.
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, errorMessage } = require('./helpers.js');

let api;
before(async () => {
  api = await loadApi();
});

test('schema() lists every key of defaults() once, and the optional ones, in the order of the settings form', () => {
  const { fields } = api.schema();
  assert.deepEqual(fields.map((f) => f.key), [
    'lr', 'batch_size', 'max_epochs', 'w', 'b', 'noise', 'num_train', 'num_val', 'gradient_clip_val', 'sigma',
    'init_w', 'init_b', 'seed', 'shuffle', 'order', 'drop_last', 'loss', 'huber_delta', 'outlier', 'dataset',
    'resistance', 'bug']);
  // The optional fields (the initialization override) are absent from defaults().
  assert.deepEqual(fields.filter((f) => f.optional).map((f) => f.key), ['init_w', 'init_b']);
  assert.deepEqual(fields.filter((f) => !f.optional).map((f) => f.key).sort(), Object.keys(api.defaults()).sort());
});

test('each field\'s keys come in the documented order (docs/js-api.md)', () => {
  const order = ['key', 'type', 'default', 'choices', 'min', 'minExclusive', 'max', 'optional', 'rule', 'live', 'flag',
    'group', 'doc'];
  for (const f of api.schema().fields) {
    const keys = Object.keys(f);
    assert.deepEqual(keys, order.filter((k) => keys.includes(k)), f.key);
  }
});

test('each field\'s default is defaults()\'s value (null for an optional field)', () => {
  const defaults = api.defaults();
  for (const f of api.schema().fields) assert.deepEqual(f.default, f.optional ? null : defaults[f.key], f.key);
});

test('the live fields are exactly lr, gradient_clip_val and max_epochs', () => {
  const live = api.schema().fields.filter((f) => f.live).map((f) => f.key).sort();
  assert.deepEqual(live, ['gradient_clip_val', 'lr', 'max_epochs']);
});

test('each field\'s rule is what the check says for a bad value', () => {
  for (const f of api.schema().fields) {
    assert.equal(errorMessage(() => api.check({ [f.key]: 'bad' })), `'${f.key}' must be ${f.rule}, got "bad"`, f.key);
  }
  const lr = api.schema().fields.find((f) => f.key === 'lr');
  assert.equal(lr.rule, 'a finite number > 0');
  assert.equal(errorMessage(() => api.check({ lr: 0 })), `'lr' must be ${lr.rule}, got 0`);
});

test('types, choices, ranges, flags and groups', () => {
  const byKey = Object.fromEntries(api.schema().fields.map((f) => [f.key, f]));
  assert.deepEqual(byKey.lr, {
    key: 'lr', type: 'number', default: 0.03, min: 0, minExclusive: true, rule: 'a finite number > 0', live: true,
    flag: '--lr', group: 'training', doc: 'the learning rate of minibatch SGD',
  });
  const types = { w: 'list', b: 'number', num_train: 'int', seed: 'int', shuffle: 'bool', order: 'choice',
    loss: 'choice', dataset: 'choice', outlier: 'outlier', drop_last: 'bool', init_w: 'list', init_b: 'number' };
  for (const [key, type] of Object.entries(types)) assert.equal(byKey[key].type, type, key);
  assert.deepEqual(byKey.loss.choices, ['squared', 'absolute', 'huber']);
  assert.deepEqual(byKey.order.choices, ['shuffle', 'generated', 'sorted']);
  assert.deepEqual([byKey.seed.min, byKey.seed.max], [0, 2 ** 53 - 1]);
  assert.deepEqual([byKey.num_train.min, byKey.num_train.max], [1, 1e7]);
  assert.equal(byKey.shuffle.flag, '--no-shuffle');
  assert.equal(byKey.gradient_clip_val.flag, '--gradient-clip-val');
  for (const f of Object.values(byKey)) {
    assert.ok(['training', 'data', 'exercise'].includes(f.group), f.key);
    assert.ok(f.doc.length > 0 && !f.doc.includes('\n'), f.key);
  }
  assert.notEqual(api.schema(), api.schema());  // a fresh copy each time
});

test('setLive changes a live field from the next step, as setLr does, bit for bit', () => {
  const a = api.create({ max_epochs: 2 });
  const b = api.create({ max_epochs: 2 });
  try {
    a.step();
    b.step();
    a.setLive('lr', 0.1);
    b.setLr(0.1);
    a.setLive('gradient_clip_val', 0.5);
    b.setGradientClipVal(0.5);
    a.setLive('max_epochs', 4);
    b.setMaxEpochs(4);
    assert.deepEqual(a.config(), b.config());
    assert.equal(a.config().max_epochs, 4);
    a.fit();
    b.fit();
    assert.deepEqual(a.state(), b.state());
    assert.equal(a.exportSession(), b.exportSession());
  } finally {
    a.delete();
    b.delete();
  }
});

test('setLive refuses a field that waits for a reset, and a bad value, and changes nothing', () => {
  const t = api.create({ max_epochs: 2 });
  try {
    t.step();
    const before = [JSON.stringify(t.config()), t.exportSession()];
    assert.equal(errorMessage(() => t.setLive('batch_size', 10)), "'batch_size' cannot change mid-run");
    assert.equal(errorMessage(() => t.setLive('lrr', 0.1)), "'lrr' cannot change mid-run");
    assert.equal(errorMessage(() => t.setLive('lr', 0)), "'lr' must be a finite number > 0, got 0");
    assert.equal(errorMessage(() => t.setLive('lr', '0.1')), '\'lr\' must be a finite number > 0, got "0.1"');
    assert.equal(errorMessage(() => t.setLive('max_epochs', 2.5)), "'max_epochs' must be an integer >= 1, got 2.5");
    assert.equal(errorMessage(() => t.setLive(7, 1)), 'the key must be a string, got number');
    assert.deepEqual([JSON.stringify(t.config()), t.exportSession()], before);
  } finally {
    t.delete();
  }
});

test('a diverged run names its cause', () => {
  const cases = [
    [{ lr: 10, max_epochs: 50 }, 'lr_above_limit'],
    [{ outlier: { index: 5, value: 1e200 }, max_epochs: 1 }, 'data_overflow'],
    [{ loss: 'absolute', lr: 1e307, max_epochs: 1 }, 'lr_overflow'],
  ];
  for (const [config, cause] of cases) {
    const t = api.create(config);
    try {
      t.fit();
      const { diverged, divergence } = t.state();
      assert.ok(diverged, JSON.stringify(config));
      assert.equal(divergence.cause, cause, divergence.message);
    } finally {
      t.delete();
    }
  }
});
