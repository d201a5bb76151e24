// Resource limits of the WebAssembly module (its memory is capped at 2 GiB: -sMAXIMUM_MEMORY in
// CMakeLists.txt): a run whose data would not fit is refused before anything is allocated, with a
// message that gives the limit (cpp/config.hpp, Limits: 512 MiB of data); the largest run allowed
// works; outputs that grow with the run (its export, the data as CSV, the trajectory, a sweep) are
// refused up front past their limits; and when the memory does run out, the call fails with
// "out of memory" instead of aborting, and the module goes on. (This file grows the module's
// memory to its cap; node --test runs each file in a process of its own.)
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadWarmedApi, errorMessage } = require('./helpers.js');

let LinReg;
before(async () => {
  LinReg = await loadWarmedApi();
});

const MiB = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const BIG = { num_train: 10_000_000, num_val: 0, w: [1, 2, 3, 4, 5] };  // 60M numbers: 480 MB, the most allowed

test('data that would not fit is refused before it is made, with the limit in the message', () => {
  const start = LinReg.heapInUse();
  const refused = [
    [{ num_train: 10_000_000, num_val: 0, w: [1, 2, 3, 4, 5, 6, 7] },
      "'num_train' must be such that (num_train + num_val) * (len(w) + 1) is at most 67108864 (512 MiB of data), got 80000000"],
    [{ num_train: 10_000_000, num_val: 1 }, "'num_train' must be such that num_train + num_val is at most 10000000, got 10000000 + 1"],
    [{ num_train: 1e8 }, "'num_train' must be an integer <= 10000000, got 100000000"],
    [{ w: new Array(4097).fill(1) }, "'w' must be a list of at most 4096 numbers, got a list of 4097"],
    [{ max_epochs: 1e7 }, "'max_epochs' must be an integer <= 1000000, got 10000000"],
  ];
  for (const [config, message] of refused) assert.equal(errorMessage(() => LinReg.create(config)), message);
  assert.equal(LinReg.heapInUse(), start, 'nothing was allocated');
  const limits = LinReg.csvLimits();
  assert.equal(errorMessage(() => LinReg.parseCsv('x,y\n' + '1,2\n'.repeat(limits.maxRows + 1))),
               `line ${limits.maxRows + 2}: more than ${limits.maxRows} examples; the limit is ${limits.maxRows}`);
});

test('the largest data allowed (10,000,000 examples, d = 5) trains, and gives its memory back', (t) => {
  const start = LinReg.heapInUse();
  const sizeBefore = LinReg.heapSize();
  const trainer = LinReg.create(BIG);
  try {
    // The memory never shrinks, so its size now is the peak of making the data: the data must be
    // made in place, not made and then copied (that would need twice its size at once).
    const dataBytes = 60e6 * 8;
    const grown = LinReg.heapSize() - sizeBefore;
    assert.ok(grown < 1.5 * dataBytes, `the memory grew by ${MiB(grown)} for ${MiB(dataBytes)} of data`);
    const mb = trainer.step();
    assert.equal(mb.indices.length, 32);
    assert.equal(trainer.state().globalStep, 1);
    assert.ok(LinReg.heapInUse() - start >= 60e6 * 8, 'the data is in the wasm heap');
    t.diagnostic(`heap in use ${MiB(start)} -> ${MiB(LinReg.heapInUse())}, heap size ${MiB(LinReg.heapSize())}`);
    // What the browser would not build for it: refused up front, with the limit.
    assert.match(errorMessage(() => trainer.dataCsv()),
                 /^the data as CSV would hold about 60000000 numbers; the limit in the browser is 12000000 \(the WebAssembly memory is capped at 2 GiB\)/);
    assert.match(errorMessage(() => trainer.exportRun()), /^the run's export \(937500 steps\) would hold about \d+ numbers; the limit/);
  } finally {
    trainer.delete();
  }
  assert.equal(LinReg.heapInUse(), start);
});

test('outputs that grow with the run are refused up front past their limits', () => {
  const start = LinReg.heapInUse();
  const long = LinReg.create({ max_epochs: 31250 });  // 1,000,000 steps
  const wide = LinReg.create({ w: new Array(100).fill(1), num_train: 100, num_val: 0, batch_size: 1, max_epochs: 10000, lr: 0.005 });
  try {
    assert.match(errorMessage(() => long.exportRun()),
                 /^the run's export \(1000000 steps\) would hold about 46006000 numbers; the limit in the browser is 6000000 .*: export a shorter run/);
    assert.equal(long.fit(), 1000000);
    assert.equal(long.trajectory(1000).steps.length, 1001);  // within the limit
    assert.equal(wide.fit(), 1000000);
    assert.match(errorMessage(() => wide.trajectory(1)), /^the trajectory would hold about 102000204 numbers; the limit/);
    assert.match(errorMessage(() => long.sweepLr(new Array(100).fill(0.01))),
                 /^the sweep trains each of its 100 rates to the end \(31250 epochs of 1000 examples\): about 28125000000 multiply-adds; the limit is 1000000000/);
    const huge = LinReg.create({ max_epochs: 1_000_000, num_train: 100_000 });
    try {
      assert.match(errorMessage(() => huge.sweepLr([0.01])), /^the sweep trains its rate to the end \(1000000 epochs of 100000 examples\)/);
    } finally {
      huge.delete();
    }
  } finally {
    long.delete();
    wide.delete();
  }
  assert.equal(LinReg.heapInUse(), start);
});

test('when the memory runs out, the call says so, nothing aborts, and everything comes back', (t) => {
  const start = LinReg.heapInUse();
  const run = LinReg.create({ max_epochs: 4000 });  // an export of 128,000 steps: about 500 MB while it is built
  const fill = [];
  let message = '';
  try {
    // Trainers of 100 MB until the memory is at its cap: the last one fails inside Eigen's allocation.
    for (;;) {
      try {
        fill.push(LinReg.create({ num_train: 2_000_000, num_val: 0, w: [1, 2, 3, 4, 5] }));
      } catch (e) {
        message = e.message;
        break;
      }
      assert.ok(fill.length < 40, 'the memory is capped');
    }
    assert.match(message, /^out of memory: this does not fit in the WebAssembly memory \(capped at 2 GiB\)/);
    t.diagnostic(`${fill.length} trainers of 100 MB fill the memory: heap size ${MiB(LinReg.heapSize())}, ` +
                 `in use ${MiB(LinReg.heapInUse())}; the next one: "${message}"`);
    assert.ok(LinReg.heapSize() <= 2 ** 31);
    // Room for 100 MB, not for the export's JSON: it runs out inside many small allocations.
    fill.pop().delete();
    assert.match(errorMessage(() => run.exportRun()), /^out of memory: this does not fit in the WebAssembly memory/);
    // The module goes on: the same trainer still trains, and new ones can be made.
    assert.equal(run.fit(), 128000);
    const small = LinReg.create();
    assert.equal(small.fit(), 96);
    small.delete();
  } finally {
    for (const x of fill) x.delete();
  }
  // With the memory free again, the export works.
  assert.ok(run.exportRun().length > 50e6);
  run.delete();
  assert.equal(LinReg.heapInUse(), start, 'everything came back');
});
