// LinReg.dataSize(config): the checked config's features, examples and values as the core counts
// them against its limits (Config::num_features: 1 for the 'ohm' dataset, else len(w)).
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi } = require('./helpers.js');

let LinReg;
before(async () => { LinReg = await loadApi(); });

test('dataSize counts features, examples and values as the core does', () => {
  const book = LinReg.check('book');
  const d = book.w.length;
  assert.deepEqual(LinReg.dataSize('book'),
                   { features: d, examples: book.num_train + book.num_val,
                     values: (book.num_train + book.num_val) * (d + 1) });
  assert.deepEqual(LinReg.dataSize({ w: [1, 2, 3, 4, 5], num_train: 100, num_val: 20 }),
                   { features: 5, examples: 120, values: 720 });
  assert.deepEqual(LinReg.dataSize(JSON.stringify({ w: [1], num_train: 7, num_val: 0 })),
                   { features: 1, examples: 7, values: 14 });
});

test("dataSize: the 'ohm' dataset has one feature whatever the length of w", () => {
  assert.deepEqual(LinReg.dataSize({ dataset: 'ohm', w: [1, 2, 3], num_train: 10, num_val: 5 }),
                   { features: 1, examples: 15, values: 30 });
});

test('dataSize throws the C++ message for a bad config', () => {
  for (const config of [{ num_train: 0 }, { lr: 0 }, { lrr: 1 }, 'no-such-preset', '{"lr":']) {
    let expected;
    try { LinReg.check(config); } catch (e) { expected = e.message; }
    assert.ok(expected, `check(${JSON.stringify(config)}) throws`);
    assert.throws(() => LinReg.dataSize(config), (e) => e instanceof Error && e.message === expected);
  }
  // At the limit the core counts: 10,000,000 examples with 7 features is refused.
  assert.throws(() => LinReg.dataSize({ num_train: 10000000, num_val: 0, w: [1, 1, 1, 1, 1, 1, 1] }),
                /at most 67108864/);
});
