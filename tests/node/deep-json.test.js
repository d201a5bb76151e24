// JSON nested deeper than 64 levels (issue 17, item 5): every way JSON text enters the module is
// refused before it is parsed, with the C++ message (no JavaScript RangeError), and leaks nothing
// (before: from about 7,000 levels a RangeError, and each call kept the parsed tree: 300 calls at
// depth 20,000 took +254 MiB).
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadWarmedApi, errorMessage } = require('./helpers.js');

let LinReg;
before(async () => { LinReg = await loadWarmedApi(); });

const DEPTH = 20000;
const deepList = (n) => '['.repeat(n) + ']'.repeat(n);
const LIMIT = 'the JSON is nested deeper than 64 levels';

function deepValue(n) {
  let v = [];
  for (let i = 1; i < n; ++i) v = [v];
  return v;
}

test('deep JSON text and values are refused with the C++ message on every entry point', () => {
  const trainer = LinReg.create({ max_epochs: 2 });
  try {
    const config = `{"w": ${deepList(DEPTH)}}`;
    const expected = `the config is not valid JSON: ${LIMIT} (at line 1, column 70)`;
    assert.equal(errorMessage(() => LinReg.create(config)), expected);
    assert.equal(errorMessage(() => LinReg.check(config)), expected);
    assert.equal(errorMessage(() => LinReg.dataSize(config)), expected);
    assert.equal(errorMessage(() => LinReg.create(config, { csv: 'x,y\n1,2\n' })), expected);
    assert.equal(errorMessage(() => LinReg.importSession(`{"format": ${deepList(DEPTH)}}`)),
                 `the session is not valid JSON: ${LIMIT} (at line 1, column 75)`);
    // JavaScript values are written as JSON text and checked the same way.
    const value = deepValue(DEPTH);
    for (const [what, call] of [
      ['create', () => LinReg.create({ w: value })],
      ['setLr', () => trainer.setLr(value)],
      ['setLive', () => trainer.setLive('lr', value)],
      ['reset', () => trainer.reset(value)],
      ['landscape', () => trainer.landscape({ axes: value })],
      ['lossProfile', () => trainer.lossProfile(value)],
      ['fullBatch', () => trainer.fullBatch(value)],
      ['sweepLr', () => trainer.sweepLr(value)],
      ['history', () => trainer.history(value)],
    ]) {
      let error;
      try { call(); } catch (e) { error = e; }
      assert.ok(error instanceof Error && !(error instanceof RangeError), `${what}: ${error}`);
      assert.match(error.message, new RegExp(LIMIT), what);
    }
    assert.equal(trainer.step().step, 1);  // the trainer goes on
  } finally {
    trainer.delete();
  }
});

test(`300 calls at depth ${DEPTH} leave the heap flat`, () => {
  const config = `{"w": ${deepList(DEPTH)}}`;
  const session = `{"format": ${deepList(DEPTH)}}`;
  for (let i = 0; i < 5; ++i) errorMessage(() => LinReg.create(config));
  const before = LinReg.heapInUse();
  for (let i = 0; i < 300; ++i) {
    errorMessage(() => LinReg.create(config));
    errorMessage(() => LinReg.importSession(session));
  }
  const after = LinReg.heapInUse();
  assert.ok(after - before <= 64 * 1024, `heap in use grew by ${after - before} bytes`);
  const trainer = LinReg.create({ max_epochs: 1 });
  trainer.fit();
  trainer.delete();
});
