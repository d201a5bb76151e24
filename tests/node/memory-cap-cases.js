// The memory-cap cases, shared by the test files that run them (tests/node/memory-cap.test.js,
// memory-cap-holes.test.js and memory-cap-again.test.js, which runs them in turn in one process).
'use strict';

const assert = require('node:assert/strict');

// Trainers of `config` until one does not fit (at most `most`).
function fillWith(LinReg, config, fill, most) {
  for (let i = 0; i < most; ++i) {
    try {
      fill.push(LinReg.create(config));
    } catch (e) {
      assert.match(e.message, /^out of memory/);
      return;
    }
  }
}

// With the memory full (to within the module's reserve), every kind of text and array sent in
// fails with the module's message, and the trainers go on; deleting the fillers gives everything back.
function memoryFull(LinReg, t) {
  const start = LinReg.heapInUse();
  const run = LinReg.create({ max_epochs: 3 });
  run.step();
  const fill = [];
  try {
    fillWith(LinReg, { num_train: 2_000_000, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 40);  // 100 MB each
    fillWith(LinReg, { num_train: 20_000, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 200);     // 1 MB
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
}

// At the cap: the memory filled with trainers of shrinking size until not even the smallest one
// fits (a call needs its own room plus the module's 1 MiB reserve, cpp/bindings.cpp guarded(): what
// is left are holes between the fillers), then every entry point with small input. Each either
// works or fails with the module's "out of memory" message; nothing traps, and the existing trainer
// steps after each. Then one 100 MB filler is deleted and every call works again.
// exact: the heap in use must come back to the byte (true from a fresh heap; after an earlier fill the
// allocator's bookkeeping may differ by a few bytes, which is reported instead).
function holes(LinReg, t, exact = true) {
  const start = LinReg.heapInUse();
  const run = LinReg.create({ num_train: 40, num_val: 8, max_epochs: 50 });
  run.step();
  const small = { num_train: 1, num_val: 0, w: [1], max_epochs: 1, batch_size: 1 };
  const probe = LinReg.create(small);
  const before = LinReg.heapInUse();
  probe.delete();
  const smallest = before - LinReg.heapInUse();
  const session = run.exportSession();  // (with less than the module's 1 MiB reserve left, refused)
  // A learner's record of a short run, checked against that run (docs/bugs.md).
  const short = LinReg.create({ num_train: 8, num_val: 0, batch_size: 4, max_epochs: 2 });
  short.fit();
  const runText = short.exportRun();
  short.delete();
  const record = 'step,loss,w1,w2,b\n' + JSON.parse(runText).steps.map((x) => [x.step, x.loss, ...x.w, x.b].join(',')).join('\n') + '\n';
  const fill = [];
  try {
    fillWith(LinReg, { num_train: 2_000_000, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 40);
    for (const n of [20_000, 2_000, 200, 20]) fillWith(LinReg, { num_train: n, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 2000);
    fillWith(LinReg, small, fill, 100_000);
    const left = 2 ** 31 - LinReg.heapInUse();  // in holes between the fillers, the 1 MiB reserve included
    t.diagnostic(`${fill.length} trainers; a smallest trainer takes ${smallest} bytes; ${left} bytes not in use`);
    assert.ok(smallest < 12 * 1024, `${smallest} bytes`);
    const calls = {
      'create(object)': () => LinReg.create(small),
      'create(JSON text)': () => LinReg.create(JSON.stringify(small)),
      'create(preset)': () => LinReg.create('book'),
      'create(csv)': () => LinReg.create({ num_val: 0 }, { csv: 'x,y\n1,2\n2,4\n' }),
      'parseCsv': () => LinReg.parseCsv('x,y\n1,2\n2,4\n'),
      'check(text)': () => LinReg.check('{"lr": 0.1}'),
      'importSession': () => LinReg.importSession(session),
      'setLr': () => run.setLr(0.02),
      'reset(seed)': () => run.reset(7),
      'fullBatch (array)': () => run.fullBatch({ w: [0.5, 0.5], b: 0 }),
      'landscape': () => run.landscape({ axes: [0, 1], x: [-1, 1], y: [-1, 1], size: 5 }),
      'state()': () => run.state(),
      'history()': () => run.history(),
      'exportRun()': () => run.exportRun(),
      'exportSession()': () => run.exportSession(),
      'lastBatch()': () => run.lastBatch(),
      'checkRecord()': () => assert.equal(LinReg.checkRecord(record, runText).matches, true),
    };
    const outcome = {};
    for (const [what, call] of Object.entries(calls)) {
      for (let k = 0; k < 3; ++k) {  // again: the reserve the first failure gave back is taken again
        try {
          const made = call();
          if (made && typeof made.delete === 'function') made.delete();
          outcome[what] = outcome[what] || 'works';
        } catch (e) {
          assert.ok(e instanceof Error, `${what}: an Error`);
          assert.match(e.message, /^out of memory: this does not fit in the WebAssembly memory/, `${what}: ${e.message}`);
          outcome[what] = 'out of memory';
        }
        const s = run.step();  // the existing trainer goes on
        assert.equal(s.step, run.state().globalStep, what);
      }
    }
    t.diagnostic(Object.entries(outcome).map(([k, v]) => `${k}: ${v}`).join('; '));
    assert.ok(Object.values(outcome).includes('out of memory'), 'the memory was full enough that some calls failed');
    // One large filler less (100 MB): every call works again.
    fill.shift().delete();
    for (const [what, call] of Object.entries(calls)) {
      const made = call();
      if (made && typeof made.delete === 'function') made.delete();
    }
  } finally {
    for (const x of fill) x.delete();
  }
  run.reset(3);
  run.fit();
  // 50 epochs of ceil(40 / batch_size) minibatches (the last one short: drop_last is false).
  assert.equal(run.config().drop_last, false);
  assert.equal(run.state().globalStep, 50 * Math.ceil(40 / run.config().batch_size));
  run.delete();
  if (exact) assert.equal(LinReg.heapInUse(), start, 'everything came back');
  else t.diagnostic(`heap in use after: ${LinReg.heapInUse() - start} bytes from the start`);
}

module.exports = { memoryFull, holes };
