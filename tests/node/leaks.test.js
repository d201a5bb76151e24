// The module survives many failed calls and many trainers, and the wasm heap does not grow:
// C++ exceptions are caught inside the module, and delete() frees everything a trainer holds.
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, heapOf, errorMessage } = require('./helpers.js');

const ROUNDS = 10000;

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

const heap = () => heapOf(LinReg);

// Every kind of failure the API has, once each.
function failEveryWay(trainer, finished) {
  errorMessage(() => LinReg.create({ batch_size: 0 }));
  errorMessage(() => LinReg.create({ lrr: 0.1 }));
  errorMessage(() => LinReg.create('{"lr": }'));
  errorMessage(() => LinReg.create('nope'));
  errorMessage(() => LinReg.check({ w: [] }));
  errorMessage(() => LinReg.preset('nope'));
  errorMessage(() => finished.step());
  errorMessage(() => finished.fit());
  errorMessage(() => trainer.setLr(-1));
  errorMessage(() => trainer.setMaxEpochs(0));
  errorMessage(() => trainer.reset(-1));
  errorMessage(() => trainer.history(-1));
}

test(`${ROUNDS} rounds of failed calls: no heap growth, the module still works`, (t) => {
  const trainer = LinReg.create();
  const finished = LinReg.create({ max_epochs: 1 });
  finished.fit();
  try {
    for (let i = 0; i < 100; ++i) failEveryWay(trainer, finished);  // warm-up
    const start = heap();
    for (let i = 0; i < ROUNDS; ++i) failEveryWay(trainer, finished);
    const end = heap();
    t.diagnostic(`heap in use ${start.inUse} -> ${end.inUse} bytes, heap size ${start.size} -> ${end.size} bytes ` +
                 `after ${ROUNDS * 12} failed calls`);
    assert.deepEqual(end, start);
    assert.equal(trainer.fit(), 96);
    assert.equal(trainer.state().globalStep, 96);
  } finally {
    trainer.delete();
    finished.delete();
  }
});

test(`${ROUNDS} create/step/delete cycles: no heap growth`, (t) => {
  const cycle = () => {
    const trainer = LinReg.create();
    trainer.step();
    trainer.delete();
  };
  for (let i = 0; i < 100; ++i) cycle();  // warm-up
  const start = heap();
  for (let i = 0; i < ROUNDS; ++i) cycle();
  const end = heap();
  t.diagnostic(`heap in use ${start.inUse} -> ${end.inUse} bytes, heap size ${start.size} -> ${end.size} bytes ` +
               `after ${ROUNDS} trainers`);
  assert.deepEqual(end, start);
});

test('a big trainer gives its memory back to the allocator', (t) => {
  const start = heap();
  const trainer = LinReg.create({ num_train: 200000, num_val: 0, w: [1, 2, 3, 4] });
  const during = heap();
  trainer.delete();
  const end = heap();
  t.diagnostic(`heap in use ${start.inUse} -> ${during.inUse} -> ${end.inUse} bytes`);
  assert.ok(during.inUse - start.inUse >= 200000 * 5 * 8, 'the data lives in the wasm heap');
  assert.equal(end.inUse, start.inUse);
});
