// Text and arrays sent into the module when its memory is full (issue 17, item 3): before, embind's
// string marshalling wrote through a failed malloc and every later call trapped ("memory access
// out of bounds"), step() and delete() of existing trainers included. Now each call fails with the
// module's "out of memory" message and the existing trainers go on. (This file grows the memory to
// its 2 GiB cap; node --test runs each file in a process of its own.)
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadWarmedApi } = require('./helpers.js');

let LinReg;
before(async () => { LinReg = await loadWarmedApi(); });

// Trainers of `config` until one does not fit.
function fillWith(config, fill, most) {
  for (let i = 0; i < most; ++i) {
    try {
      fill.push(LinReg.create(config));
    } catch (e) {
      assert.match(e.message, /^out of memory/);
      return;
    }
  }
}

test('with the memory full, every kind of text and array fails cleanly and the trainers go on', (t) => {
  const start = LinReg.heapInUse();
  const run = LinReg.create({ max_epochs: 3 });
  run.step();
  const fill = [];
  try {
    fillWith({ num_train: 2_000_000, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 40);  // 100 MB each
    fillWith({ num_train: 20_000, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 200);     // 1 MB
    t.diagnostic(`${fill.length} trainers fill the memory: heap size ${LinReg.heapSize()}, in use ${LinReg.heapInUse()}`);
    const MB2 = 2 * 1024 * 1024;
    const csv = 'x,y\n' + '1,2\n'.repeat(MB2 / 4);
    const numbers = new Array(MB2 / 8).fill(0.5);
    const session = run.exportSession() + ' '.repeat(MB2);
    const config = JSON.stringify({ lr: 0.01 }) + ' '.repeat(MB2);
    const calls = {
      'create(JSON text)': () => LinReg.create(config),
      'create(object with a long list)': () => LinReg.create({ w: numbers }),
      'create(preset name)': () => LinReg.create('b'.repeat(MB2)),
      'create(csv)': () => LinReg.create('book', { csv }),
      'importSession': () => LinReg.importSession(session),
      'parseCsv': () => LinReg.parseCsv(csv),
      'check': () => LinReg.check(config),
      'dataSize': () => LinReg.dataSize(config),
      'preset': () => LinReg.preset('b'.repeat(MB2)),
      'setLr': () => run.setLr('x'.repeat(MB2)),
      'setLive': () => run.setLive('k'.repeat(MB2), 1),
      'reset': () => run.reset(numbers),
      'history': () => run.history(numbers),
      'trajectory': () => run.trajectory(numbers),
      'landscape': () => run.landscape({ axes: numbers }),
      'lossProfile': () => run.lossProfile({ axis: numbers }),
      'fullBatch': () => run.fullBatch({ w: numbers, b: 0 }),
      'sweepLr (lr list)': () => run.sweepLr(numbers),
    };
    for (const [what, call] of Object.entries(calls)) {
      let error = null;
      try {
        const made = call();
        if (made && typeof made.delete === 'function') made.delete();
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof Error, `${what}: fails`);
      assert.match(error.message, /^out of memory: this does not fit in the WebAssembly memory/, what);
      // The module goes on after each: the existing trainer steps.
      assert.equal(run.step().step, run.state().globalStep, what);
    }
    assert.ok(run.state().globalStep >= Object.keys(calls).length);
  } finally {
    for (const x of fill) x.delete();  // the trainers delete
  }
  run.fit();
  assert.equal(run.state().globalStep, 96);
  run.delete();
  const after = LinReg.create({ w: new Array(2000).fill(1), num_train: 100, num_val: 0 });
  after.step();
  after.delete();
  assert.equal(LinReg.heapInUse(), start, 'everything came back');
});
