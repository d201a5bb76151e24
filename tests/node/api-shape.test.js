// The API has the shape of web/linreg-api.d.ts: the declarations are read from the file itself,
// so every method and field listed there is checked, and nothing undeclared comes back.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { test, before, after } = require('node:test');
const { ROOT, DIST, API_PATH, loadApi, errorMessage } = require('./helpers.js');

// ---- A small reader of the .d.ts: interface name -> { member: { type, optional, method } } -----

function readDeclarations() {
  const text = fs.readFileSync(path.join(ROOT, 'web', 'linreg-api.d.ts'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  const interfaces = {};
  for (const m of text.matchAll(/export interface (\w+) \{([^}]*)\}/g)) {
    const members = {};
    for (const line of m[2].split(';').map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean)) {
      const method = line.match(/^(\w+)\((.*)\): (.+)$/);
      if (method) {
        members[method[1]] = { method: true, params: method[2], type: method[3] };
        continue;
      }
      const field = line.match(/^(?:readonly )?(\w+)(\?)?: (.+)$/);
      assert.ok(field, `cannot read the declaration '${line}'`);
      members[field[1]] = { method: false, optional: !!field[2], type: field[3] };
    }
    interfaces[m[1]] = members;
  }
  const load = text.match(/export function load\((.*)\): (.+);/);
  return { interfaces, load };
}

const { interfaces, load: loadDecl } = readDeclarations();

// Asserts that `value` has the declared TypeScript type (the subset the .d.ts uses).
function checkType(value, type, where) {
  type = type.trim();
  if (type.includes('|')) {
    const options = type.split('|').map((s) => s.trim());
    const errors = [];
    for (const option of options) {
      try {
        checkType(value, option, where);
        return;
      } catch (e) {
        errors.push(e.message);
      }
    }
    assert.fail(`${where}: not any of ${type}: ${errors.join('; ')}`);
  }
  if (type.endsWith('[]')) {
    assert.ok(Array.isArray(value), `${where}: expected an array, got ${value}`);
    value.forEach((v, i) => checkType(v, type.slice(0, -2), `${where}[${i}]`));
    return;
  }
  if (type === 'number' || type === 'boolean' || type === 'string') {
    assert.equal(typeof value, type, `${where}: expected a ${type}, got ${value}`);
  } else if (type === 'void') {
    assert.equal(value, undefined, `${where}: expected undefined`);
  } else if (type === 'null') {
    assert.equal(value, null, `${where}: expected null`);
  } else if (type === 'Float64Array' || type === 'Int32Array') {
    assert.ok(value instanceof globalThis[type], `${where}: expected a ${type}, got ${value}`);
  } else if (/^'[^']*'$/.test(type)) {
    assert.equal(value, type.slice(1, -1), `${where}: expected ${type}`);
  } else if (type === 'PresetName') {
    assert.ok(value === 'book' || value === 'book-v1', `${where}: not a preset name: ${value}`);
  } else if (interfaces[type]) {
    checkInterface(value, type, where);
  } else {
    assert.fail(`${where}: the test does not know the type ${type}`);
  }
}

// Every declared field is there with its type; no field is there that is not declared.
function checkInterface(value, name, where) {
  assert.ok(value !== null && typeof value === 'object', `${where}: expected a ${name} object`);
  const members = interfaces[name];
  for (const [key, decl] of Object.entries(members)) {
    if (decl.method) continue;
    if (decl.optional && !(key in value)) continue;
    assert.ok(key in value, `${where}: ${name}.${key} is missing`);
    checkType(value[key], decl.type, `${where}.${key}`);
  }
  for (const key of Object.keys(value)) {
    assert.ok(key in members, `${where}: ${name} has the undeclared field '${key}'`);
  }
}

// ---- The tests --------------------------------------------------------------------------------

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

test('the .d.ts was read', () => {
  for (const name of ['Config', 'State', 'Minibatch', 'History', 'Dataset', 'Trainer', 'LinReg', 'LoadOptions',
    'CsvTable', 'CsvLimits', 'DataSource', 'LeastSquares', 'CreateOptions', 'Trajectory']) {
    assert.ok(interfaces[name], `interface ${name}`);
  }
  assert.ok(loadDecl, 'load()');
  assert.ok(Object.keys(interfaces.Trainer).length >= 16);
});

test('the module exports load() returning a Promise of the same API each time', async () => {
  const api = require(API_PATH);
  assert.equal(typeof api.load, 'function');
  const p = api.load();
  assert.ok(p instanceof Promise);
  assert.equal(await p, LinReg);
});

test('LinReg has every declared method, each returning its declared type', () => {
  const calls = {
    create: () => LinReg.create(),
    check: () => LinReg.check('book'),
    dataSize: () => LinReg.dataSize('book'),
    presetNames: () => LinReg.presetNames(),
    preset: () => LinReg.preset('book-v1'),
    defaults: () => LinReg.defaults(),
    schema: () => LinReg.schema(),
    bugs: () => LinReg.bugs(),
    checkRecord: () => {  // a record of a sum_loss run against the correct one: it differs
      const config = { num_train: 60, num_val: 6, max_epochs: 1 };
      const reference = LinReg.create(config);
      const runText = reference.exportRun();
      reference.delete();
      const t = LinReg.create({ ...config, bug: 'sum_loss' });
      try {
        const steps = JSON.parse(t.exportRun()).steps;
        const csv = 'step,loss,w1,w2,b\n' + steps.map((s) => [s.step, s.loss, ...s.w, s.b].join(',')).join('\n');
        return LinReg.checkRecord(csv, runText);
      } finally {
        t.delete();
      }
    },
    heapInUse: () => LinReg.heapInUse(),
    heapSize: () => LinReg.heapSize(),
    importSession: () => {
      const source = LinReg.create({ max_epochs: 1 });
      try {
        return LinReg.importSession(source.exportSession());
      } finally {
        source.delete();
      }
    },
    parseCsv: () => LinReg.parseCsv('a,b,y\n1,2,3\n'),
    csvLimits: () => LinReg.csvLimits(),
  };
  for (const [name, decl] of Object.entries(interfaces.LinReg)) {
    assert.ok(decl.method, `LinReg.${name} is a method`);
    assert.equal(typeof LinReg[name], 'function', `LinReg.${name}`);
    assert.ok(calls[name], `the test calls LinReg.${name}`);
    const value = calls[name]();
    if (decl.type === 'Trainer') {
      assert.equal(typeof value.delete, 'function');
      value.delete();
    } else {
      checkType(value, decl.type, `LinReg.${name}()`);
    }
  }
  assert.deepEqual(Object.keys(LinReg).sort(), Object.keys(interfaces.LinReg).sort());
});

test('Trainer has every declared method, each returning its declared type', () => {
  const trainer = LinReg.create({ max_epochs: 2 });
  try {
    const calls = [
      ['lastBatch', () => trainer.lastBatch()],  // null before the first step
      ['config', () => trainer.config()],
      ['step', () => trainer.step()],
      ['stepSummary', () => trainer.stepSummary()],
      ['lastBatch', () => trainer.lastBatch()],
      ['epoch', () => trainer.epoch()],
      ['state', () => trainer.state()],
      ['history', () => trainer.history()],
      ['history', () => trainer.history(3)],
      ['trainData', () => trainer.trainData()],
      ['valData', () => trainer.valData()],
      ['trainDataView', () => trainer.trainDataView()],
      ['setLr', () => trainer.setLr(0.05)],
      ['setGradientClipVal', () => trainer.setGradientClipVal(1)],
      ['setMaxEpochs', () => trainer.setMaxEpochs(3)],
      ['setLive', () => trainer.setLive('lr', 0.04)],
      ['fit', () => trainer.fit()],
      ['exportRun', () => trainer.exportRun()],
      ['exportSession', () => trainer.exportSession()],
      ['dataCsv', () => trainer.dataCsv()],
      ['dataSource', () => trainer.dataSource()],
      ['leastSquares', () => trainer.leastSquares()],
      ['trajectory', () => trainer.trajectory()],
      ['trajectory', () => trainer.trajectory(3, 1)],
      ['reset', () => trainer.reset()],
      ['reset', () => trainer.reset(5)],
      ['curvature', () => trainer.curvature()],
      ['nextPhase', () => trainer.nextPhase()],
      ['pendingStep', () => trainer.pendingStep()],  // null between steps
      ['stepPhase', () => trainer.stepPhase()],
      ['pendingStep', () => trainer.pendingStep()],
      ['landscape', () => trainer.landscape({ axes: [0, 2], x: [-1, 3], y: [0, 5], size: [5, 4] })],
      ['lossProfile', () => trainer.lossProfile({ axis: 2, range: [0, 5], size: 9 })],
      ['fullBatch', () => trainer.fullBatch()],
      ['sweepLr', () => trainer.sweepLr([0.01, 0.1])],
    ];
    const called = new Set();
    for (const [name, call] of calls) {
      const decl = interfaces.Trainer[name];
      assert.ok(decl && decl.method, `Trainer.${name} is declared`);
      checkType(call(), decl.type, `trainer.${name}()`);
      called.add(name);
    }
    for (const [name, decl] of Object.entries(interfaces.Trainer)) {
      if (name === 'delete' || name === 'isDeleted') continue;
      assert.ok(decl.method, `Trainer.${name}`);
      assert.equal(typeof trainer[name], 'function', `trainer.${name}`);
      assert.ok(called.has(name), `the test calls trainer.${name}`);
    }
    assert.equal(trainer.isDeleted, false);
  } finally {
    trainer.delete();
  }
  checkType(trainer.isDeleted, interfaces.Trainer.isDeleted.type, 'trainer.isDeleted');
  assert.equal(trainer.isDeleted, true);
});

test('stepSummary() takes the step step() takes and reads its numbers as step() does, finite included', () => {
  // A twin pair per config: one stepped with step(), one with stepSummary(); lr = 10 diverges.
  for (const config of [{ max_epochs: 2 }, { max_epochs: 10, lr: 10 }, { max_epochs: 1, num_train: 7, batch_size: 3 }]) {
    const full = LinReg.create(config);
    const brief = LinReg.create(config);
    try {
      let sawNonFinite = false;
      for (let k = 0; k < 400 && !full.state().finished && !full.state().diverged; ++k) {
        const a = full.step();
        const s = brief.stepSummary();
        assert.deepEqual([s.step, s.epoch, s.batch], [a.step, a.epoch, a.batch]);
        assert.ok(Object.is(s.loss, a.loss), `loss at step ${a.step}`);
        const finite = [a.loss, a.gradB, a.bAfter, ...a.wAfter, ...a.gradW].every(Number.isFinite);
        assert.equal(s.finite, finite, `finite at step ${a.step} (${JSON.stringify(config)})`);
        sawNonFinite ||= !finite;
        assert.deepEqual(brief.lastBatch(), a, 'the whole minibatch is still there');
      }
      if (config.lr === 10) assert.ok(sawNonFinite, 'lr = 10 reaches a step that is not finite');
      assert.deepEqual(brief.state(), full.state());
    } finally {
      full.delete();
      brief.delete();
    }
  }
});

test('values are copies that JavaScript owns', () => {
  const trainer = LinReg.create();
  const mb = trainer.step();
  const state = trainer.state();
  const data = trainer.trainData();
  for (const array of [mb.indices, mb.y, mb.gradW, state.w, data.X]) {
    assert.ok(array.byteOffset === 0 && array.buffer.byteLength === array.byteLength, 'not a view of the heap');
  }
  state.w[0] = 123;
  data.X[0] = 123;
  assert.notEqual(trainer.state().w[0], 123);
  assert.notEqual(trainer.trainData().X[0], 123);
  // A config() copy does not change the trainer either.
  trainer.config().w[0] = 99;
  assert.deepEqual(trainer.config().w, [2, -3.4]);
  trainer.delete();
  // Copies outlive the trainer and memory growth.
  const big = LinReg.create({ num_train: 500000, w: [1, 2, 3] });
  big.delete();
  assert.equal(data.X.length, 2000);
  assert.ok(Number.isFinite(data.X[1]));
});

test('trainDataView: the training data as views of the heap, until the memory grows', () => {
  const trainer = LinReg.create({ w: [1, 2, 3], num_train: 40, num_val: 5 });
  try {
    const copy = trainer.trainData();
    const view = trainer.trainDataView();
    assert.deepEqual([view.n, view.d], [copy.n, copy.d]);
    assert.deepEqual(Array.from(view.X), Array.from(copy.X));
    assert.deepEqual(Array.from(view.y), Array.from(copy.y));
    assert.ok(view.X.buffer.byteLength > view.X.byteLength, 'a view of the whole heap');
    // Growing the memory detaches the views (length 0); a new call gives working ones.
    const big = LinReg.create({ num_train: 1000000, w: [1, 2, 3, 4] });
    big.delete();
    assert.equal(view.X.length, 0);
    assert.deepEqual(Array.from(trainer.trainDataView().y), Array.from(copy.y));
  } finally {
    trainer.delete();
  }
  assert.equal(errorMessage(() => trainer.trainDataView()), errorMessage(() => trainer.trainData()));
});

test('shapes: Dataset, Minibatch, History and State sizes agree with the config', () => {
  const trainer = LinReg.create({ w: [1, 2, 3], num_train: 50, num_val: 7, batch_size: 16, max_epochs: 2 });
  try {
    const train = trainer.trainData();
    const val = trainer.valData();
    assert.deepEqual([train.n, train.d, train.X.length, train.y.length], [50, 3, 150, 50]);
    assert.deepEqual([val.n, val.d, val.X.length, val.y.length], [7, 3, 21, 7]);
    const steps = [];
    for (let i = 0; i < 4; ++i) steps.push(trainer.step());
    assert.deepEqual(steps.map((s) => s.indices.length), [16, 16, 16, 2]);  // the short last batch
    assert.deepEqual(steps.map((s) => [s.step, s.epoch, s.batch]), [[1, 0, 0], [2, 0, 1], [3, 0, 2], [4, 0, 3]]);
    const last = steps[3];
    for (const key of ['y', 'yHat', 'residual']) assert.equal(last[key].length, 2);
    for (const key of ['gradW', 'wBefore', 'wAfter']) assert.equal(last[key].length, 3);
    const state = trainer.state();
    assert.deepEqual([state.epoch, state.batchInEpoch, state.numBatches, state.globalStep, state.examplesSeen],
                     [1, 0, 4, 4, 50]);
    const h = trainer.history();
    assert.equal(h.from, 0);
    assert.deepEqual(Array.from(h.stepEpochFraction), [0.25, 0.5, 0.75, 1]);
    assert.deepEqual(Array.from(h.stepLoss), steps.map((s) => s.loss));
    assert.deepEqual(Array.from(h.epoch), [1]);
    const tail = trainer.history(3);
    assert.equal(tail.from, 3);
    assert.deepEqual(Array.from(tail.stepLoss), [steps[3].loss]);
    // `from` past the end is clamped: empty step arrays.
    const empty = trainer.history(100);
    assert.equal(empty.from, 4);
    assert.equal(empty.stepLoss.length, 0);
    assert.equal(empty.trainLoss.length, 1);
  } finally {
    trainer.delete();
  }
});

test('the classic <script> path defines a global LinReg over the global createLinRegModule', async () => {
  // A browser-like global: window, no module/require/process.
  const context = vm.createContext({
    console, WebAssembly, atob, TextDecoder, setTimeout, clearTimeout, Promise,
  });
  context.window = context;
  context.self = context;
  vm.runInContext(fs.readFileSync(path.join(DIST, 'linreg-single.js'), 'utf8'), context, { filename: 'linreg-single.js' });
  vm.runInContext(fs.readFileSync(path.join(DIST, 'linreg-api.js'), 'utf8'), context, { filename: 'linreg-api.js' });
  assert.equal(typeof context.createLinRegModule, 'function');
  assert.equal(typeof context.LinReg.load, 'function');
  const api = await context.LinReg.load();
  const trainer = api.create('book');
  assert.equal(trainer.fit(), 96);
  // The same numbers as the module loaded through require().
  const reference = LinReg.create('book');
  reference.fit();
  assert.deepEqual(Array.from(trainer.state().w), Array.from(reference.state().w));
  reference.delete();
  trainer.delete();
});

test('the classic <script> path without the module says what to load', async () => {
  const context = vm.createContext({ console, Promise });
  context.window = context;
  vm.runInContext(fs.readFileSync(path.join(DIST, 'linreg-api.js'), 'utf8'), context);
  await assert.rejects(context.LinReg.load(), /createLinRegModule is not defined: load web\/dist\/linreg-single.js/);
});
