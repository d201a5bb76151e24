// The build with a separate .wasm (web/dist/linreg.js + linreg.wasm) loads under Node and gives
// the same numbers as the single-file build.
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, loadSeparateWasmApi } = require('./helpers.js');

let single;
let separate;
before(async () => {
  single = await loadApi();
  separate = await loadSeparateWasmApi();
});

test('two distinct modules are loaded', () => {
  assert.notEqual(single, separate);
  assert.deepEqual(separate.defaults(), single.defaults());
});

for (const config of ['book', 'book-v1', { w: [1, -2, 3], seed: 77, batch_size: 33, gradient_clip_val: 1, shuffle: false }]) {
  test(`same run in both builds: ${JSON.stringify(config)}`, () => {
    const a = single.create(config);
    const b = separate.create(config);
    try {
      while (!a.state().finished) assert.deepEqual(b.step(), a.step());
      assert.deepEqual(b.state(), a.state());
      assert.deepEqual(b.history(), a.history());
      assert.equal(b.exportRun(), a.exportRun());
    } finally {
      a.delete();
      b.delete();
    }
  });
}

test('errors in the separate build too', () => {
  assert.throws(() => separate.create({ batch_size: 0 }), { message: "'batch_size' must be an integer >= 1, got 0" });
});
