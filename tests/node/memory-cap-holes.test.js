// The module at its memory cap with only holes left (issue 17, item 3; tests/node/memory-cap.test.js
// sends 2 MB texts into a memory full to within a megabyte). A file of its own: node --test runs each
// file in a process of its own, and this one needs the module's memory as it is after loading (the
// "everything came back" count is exact only from a fresh heap).
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadWarmedApi } = require('./helpers.js');

let LinReg;
before(async () => { LinReg = await loadWarmedApi(); });

// Trainers of `config` until one does not fit (at most `most`).
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

// At the cap: the memory filled with trainers of shrinking size until not even the smallest one
// fits (a call needs its own room plus the module's 1 MiB reserve, cpp/bindings.cpp guarded(): what
// is left are holes between the fillers), then every entry point with small input. Each either
// works or fails with the module's "out of memory" message; nothing traps, and the existing trainer
// steps after each. Then one 100 MB filler is deleted and every call works again.
test('with not even the smallest trainer fitting, every entry point works or fails cleanly, and the trainers go on', (t) => {
  const start = LinReg.heapInUse();
  const run = LinReg.create({ num_train: 40, num_val: 8, max_epochs: 50 });
  run.step();
  const small = { num_train: 1, num_val: 0, w: [1], max_epochs: 1, batch_size: 1 };
  const probe = LinReg.create(small);
  const before = LinReg.heapInUse();
  probe.delete();
  const smallest = before - LinReg.heapInUse();
  const session = run.exportSession();  // (with less than the module's 1 MiB reserve left, refused)
  // A learner's record of a short run, checked against that run (docs/checking.md).
  const short = LinReg.create({ num_train: 8, num_val: 0, batch_size: 4, max_epochs: 2 });
  short.fit();
  const runText = short.exportRun();
  short.delete();
  const record = 'step,loss,w1,w2,b\n' + JSON.parse(runText).steps.map((x) => [x.step, x.loss, ...x.w, x.b].join(',')).join('\n') + '\n';
  const fill = [];
  try {
    fillWith({ num_train: 2_000_000, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 40);
    for (const n of [20_000, 2_000, 200, 20]) fillWith({ num_train: n, num_val: 0, w: [1, 2, 3, 4, 5] }, fill, 2000);
    fillWith(small, fill, 100_000);
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
  assert.equal(LinReg.heapInUse(), start, 'everything came back');
});
