// The initialization override through the JavaScript API (config keys init_w and init_b): absent
// from defaults(), taken by create() and check(), removed by null; the run starts there, on the
// data and in the order of the run without it; NaN and infinities are refused (not read as null);
// the exported run and a saved session carry it; with the user's own data its length is checked
// against the data's columns. (Native and wasm bits: tests/node/bit-identity.test.js.)
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, errorMessage, assertSameNumbers } = require('./helpers.js');

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

const START = { init_w: [0.75, -1.5], init_b: 3.25 };
const SMALL = { num_train: 120, num_val: 30, batch_size: 16, max_epochs: 2, seed: 5, sigma: 0.5 };
const W_RULE = "'init_w' must be null or a list of finite numbers, one per feature, got ";
const B_RULE = "'init_b' must be null or a finite number, got ";

test('absent by default; check() keeps it when given, null removes it', () => {
  const defaults = LinReg.defaults();
  assert.ok(!('init_w' in defaults) && !('init_b' in defaults));
  const c = LinReg.check(START);
  assert.deepEqual([c.init_w, c.init_b], [[0.75, -1.5], 3.25]);
  assert.deepEqual(LinReg.check({ ...c, init_w: null, init_b: null }), defaults);
  assert.deepEqual(LinReg.check({ ...c, init_w: undefined, init_b: undefined }), defaults);
  assert.deepEqual(LinReg.check({ init_b: 0 }), { ...defaults, init_b: 0 });
});

test('the run starts from the override, on the same data and in the same order', () => {
  const plain = LinReg.create(SMALL);
  const start = LinReg.create({ ...SMALL, ...START });
  try {
    const s0 = start.state();
    assert.deepEqual(Array.from(s0.w), [0.75, -1.5]);
    assert.equal(s0.b, 3.25);
    assert.notDeepEqual(Array.from(plain.state().w), [0.75, -1.5]);
    assertSameNumbers(Array.from(plain.trainData().X), start.trainData().X, 'X_train');
    assertSameNumbers(Array.from(plain.trainData().y), start.trainData().y, 'y_train');
    let steps = 0;
    while (!plain.state().finished) {
      const a = plain.step();
      const b = start.step();
      assert.deepEqual(Array.from(b.indices), Array.from(a.indices), `step ${a.step}: the same rows`);
      ++steps;
    }
    assert.equal(steps, 2 * 8);
    assert.ok(start.state().finished);
    // The first update from the override, by hand from the first minibatch's rows.
    const again = LinReg.create({ ...SMALL, ...START });
    const X = again.trainData().X;
    const y = again.trainData().y;
    const mb = again.step();
    let gw0 = 0, gw1 = 0, gb = 0;
    for (const i of mb.indices) {
      const r = X[2 * i] * 0.75 + X[2 * i + 1] * -1.5 + 3.25 - y[i];
      gw0 += r * X[2 * i];
      gw1 += r * X[2 * i + 1];
      gb += r;
    }
    const m = mb.indices.length;
    assert.ok(Math.abs(mb.wAfter[0] - (0.75 - 0.03 * gw0 / m)) < 1e-12);
    assert.ok(Math.abs(mb.wAfter[1] - (-1.5 - 0.03 * gw1 / m)) < 1e-12);
    assert.ok(Math.abs(mb.bAfter - (3.25 - 0.03 * gb / m)) < 1e-12);
    again.delete();
  } finally {
    plain.delete();
    start.delete();
  }
});

test('bad values are refused with the field and its rule; NaN and infinities are not taken for null', () => {
  const cases = [
    [{ init_w: [1, 2, 3] }, "'init_w' must be a list of d = 2 numbers, one per feature, got a list of 3"],
    [{ init_w: [] }, "'init_w' must be a list of d = 2 numbers, one per feature, got []"],
    [{ init_w: 'abc' }, `${W_RULE}"abc"`],
    [{ init_w: [1, NaN] }, `${W_RULE}init_w[1] = null`],
    [{ init_w: new Float64Array([1, Infinity]) }, `${W_RULE}init_w[1] = null`],
    [{ init_b: NaN }, `${B_RULE}"NaN"`],
    [{ init_b: Infinity }, `${B_RULE}"Infinity"`],
    [{ init_b: -Infinity }, `${B_RULE}"-Infinity"`],
    [{ init_b: '1' }, `${B_RULE}"1"`],
    [{ dataset: 'ohm', init_w: [1, 2] }, "'init_w' must be a list of d = 1 numbers, one per feature, got a list of 2"],
  ];
  for (const [config, message] of cases) {
    assert.equal(errorMessage(() => LinReg.check(config)), message, JSON.stringify(config));
    assert.equal(errorMessage(() => LinReg.create(config)), message, JSON.stringify(config));
  }
  // (Any other key keeps JSON's null for NaN, as before: the message says null.)
  assert.equal(errorMessage(() => LinReg.check({ lr: NaN })), "'lr' must be a finite number > 0, got null");
});

test('the exported run and a saved session carry it', () => {
  const t = LinReg.create({ ...SMALL, ...START });
  try {
    const run = JSON.parse(t.exportRun());
    assert.deepEqual([run.config.init_w, run.config.init_b], [[0.75, -1.5], 3.25]);
    assert.deepEqual([run.initial_params.w, run.initial_params.b], [[0.75, -1.5], 3.25]);
    for (let i = 0; i < 5; ++i) t.step();
    const saved = t.exportSession();
    assert.deepEqual(JSON.parse(saved).config.init_w, [0.75, -1.5]);
    const r = LinReg.importSession(saved);
    try {
      assert.deepEqual(r.config(), t.config());
      assertSameNumbers(Array.from(t.state().w), r.state().w, 'w after 5 steps');
      assert.deepEqual(r.step(), t.step());
    } finally {
      r.delete();
    }
  } finally {
    t.delete();
  }
});

test("with the user's own data, init_w has one number per feature column", () => {
  const csv = 'a,b,c,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${(i * 7) % 5},${1 / (i + 1)},${2 * i + 1}`).join('\n');
  assert.equal(errorMessage(() => LinReg.create({ init_w: [1, 2] }, { csv, name: 'three.csv' })),
    "'init_w' must be a list of d = 3 numbers, one per feature, got a list of 2");
  const t = LinReg.create({ init_w: [1, 2, 3], init_b: -1 }, { csv, name: 'three.csv' });
  try {
    assert.deepEqual(Array.from(t.state().w), [1, 2, 3]);
    assert.equal(t.state().b, -1);
    assert.deepEqual(t.config().init_w, [1, 2, 3]);
  } finally {
    t.delete();
  }
});
