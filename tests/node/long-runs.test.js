// Long runs and many calls leave the WebAssembly heap where it started: 1,000,000 steps (the
// trainer's records are bounded and reserved when the run starts: see cpp/step_history.hpp),
// 10,000 resets, and 10,000 rejected configs. The measurements are printed.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before } = require('node:test');
const { ROOT, loadWarmedApi, heapOf, errorMessage } = require('./helpers.js');

let LinReg;
before(async () => {
  LinReg = await loadWarmedApi();
});

const heap = () => heapOf(LinReg);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

test('1,000,000 steps: the heap in use is flat from the first epoch to the last, and all of it comes back', (t) => {
  const start = heap();
  // The book's run for 31,250 epochs of 32 minibatches: 1,000,000 steps.
  const trainer = LinReg.create({ max_epochs: 31250 });
  const created = heap();
  assert.equal(trainer.epoch(), 32);
  const warm = heap();
  const samples = [];
  let steps = 32;
  for (let epochs = 1; epochs < 31250;) {
    for (let e = 0; e < 1250 && epochs < 31250; ++e, ++epochs) steps += trainer.epoch();
    samples.push(heap());
  }
  assert.equal(steps, 1000000);
  const s = trainer.state();
  assert.equal(s.globalStep, 1000000);
  assert.ok(!s.diverged);
  // Measured before history(): its answer (77,860 steps of every field) is built in the heap and
  // may grow the memory once, which is not training's doing; what it takes it gives back (below).
  const end = heap();
  // The history: bounded, every one of the last 16,384 steps, the last one included.
  const h = trainer.history();
  assert.ok(h.step.length <= 65536 + 16384, `${h.step.length} recorded steps`);
  assert.equal(h.step[h.step.length - 1], 1000000);
  assert.equal(h.step[h.step.length - 16384], 1000000 - 16383);
  assert.equal(h.epoch.length, 31250);
  const recent = trainer.history(1000000 - 100);
  assert.deepEqual(Array.from(recent.step), Array.from({ length: 100 }, (_, i) => 1000000 - 99 + i));
  const afterHistory = heap();
  assert.equal(afterHistory.inUse, end.inUse, 'history() gives back what it took');
  trainer.history();
  assert.deepEqual(heap(), afterHistory, 'a second history() takes no more memory');
  trainer.delete();
  const freed = heap();
  t.diagnostic(`heap in use: ${kib(start.inUse)} before, ${kib(created.inUse)} created (records reserved), ` +
               `${kib(warm.inUse)} after the first epoch, ${samples.map((x) => kib(x.inUse)).join(' ')} every 40,000 ` +
               `steps, ${kib(end.inUse)} after 1,000,000 steps, ${kib(freed.inUse)} after delete(); ` +
               `heap size ${kib(start.size)} -> ${kib(end.size)}`);
  for (const x of samples) assert.deepEqual(x, warm, 'flat while training');
  assert.deepEqual(end, warm);
  assert.equal(freed.inUse, start.inUse, 'delete() gives everything back');
});

test('10,000 resets (the same seed and new seeds): no heap growth', (t) => {
  const trainer = LinReg.create();
  try {
    const round = (i) => {
      if (i % 2) trainer.reset();
      else trainer.reset(i);
      trainer.step();
    };
    // The allocator's count of bytes in use moves by a few bytes from round to round with the
    // seed (the same in every build; where it stands after a given round depends on the order of
    // the short-lived allocations), so the warm-up gives the range the heap keeps to.
    const warm = [];
    for (let i = 0; i < 32; ++i) {
      round(i);
      warm.push(heap());
    }
    const start = warm[warm.length - 1];
    for (let i = 0; i < 10000; ++i) round(i);
    const end = heap();
    t.diagnostic(`heap in use ${kib(start.inUse)} -> ${kib(end.inUse)}, size ${kib(start.size)} -> ${kib(end.size)} ` +
                 'after 10,000 resets');
    assert.equal(end.size, start.size);
    assert.ok(end.inUse <= Math.max(...warm.map((h) => h.inUse)),
              `heap in use ${end.inUse} after 10,000 resets, at most ${Math.max(...warm.map((h) => h.inUse))} before`);
    // Still the book's run.
    trainer.reset(0);
    assert.equal(trainer.fit(), 96);
  } finally {
    trainer.delete();
  }
});

test('10,000 rejected configs (the bad-input table, round and round): no heap growth, the trainer untouched', (t) => {
  const { cases } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'bad-input', 'cases.json'), 'utf8'));
  const special = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '1e999': Infinity };
  const js = (v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && '$' in v) return special[v.$];
    if (Array.isArray(v)) return v.map(js);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, js(x)]));
    return v;
  };
  const configs = cases.map((c) => (c.json !== undefined ? c.json : c.field ? { [c.field]: js(c.value) } : js(c.value)));
  const trainer = LinReg.create();
  try {
    trainer.step();
    const before = JSON.stringify([trainer.config(), Array.from(trainer.state().w)]);
    const reject = (i) => {
      const config = configs[i % configs.length];
      errorMessage(() => LinReg.create(config));
      if (i % 3 === 0) errorMessage(() => trainer.setLr(-i));
    };
    for (let i = 0; i < 200; ++i) reject(i);  // warm-up
    const start = heap();
    for (let i = 0; i < 10000; ++i) reject(i);
    const end = heap();
    t.diagnostic(`heap in use ${kib(start.inUse)} -> ${kib(end.inUse)}, size ${kib(start.size)} -> ${kib(end.size)} ` +
                 `after 10,000 rejected configs (and 3,334 rejected setLr calls)`);
    assert.deepEqual(end, start);
    assert.equal(JSON.stringify([trainer.config(), Array.from(trainer.state().w)]), before);
  } finally {
    trainer.delete();
  }
});
