// Messages quote at most a short prefix of a value (issue 17, item 7), in C++ and in the JS API:
// 64 characters, then "... (N characters)".
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, errorMessage } = require('./helpers.js');

let LinReg;
before(async () => { LinReg = await loadApi(); });

const N = 1000000;

test('a 1 MB value gives a short message on every entry point', () => {
  const long = 'a'.repeat(N);
  assert.equal(errorMessage(() => LinReg.create({ lr: long })),
               `'lr' must be a finite number > 0, got "${'a'.repeat(63)}... (${N + 2} characters)`);
  assert.equal(errorMessage(() => LinReg.create(`{"lr": "${long}"}`)),
               `'lr' must be a finite number > 0, got "${'a'.repeat(63)}... (${N + 2} characters)`);
  assert.match(errorMessage(() => LinReg.create({ [long]: 1 })), new RegExp(`^unknown key '${'a'.repeat(64)}\\.\\.\\. \\(${N} characters\\)'`));
  const shortEnough = (what, call) => {
    const m = errorMessage(call);
    assert.ok(m.length < 1000, `${what}: ${m.length} characters: ${m.slice(0, 200)}`);
  };
  shortEnough('preset name', () => LinReg.create(long));
  shortEnough('unterminated JSON', () => LinReg.check(`{"lr": "${long}`));
  shortEnough('session', () => LinReg.importSession(`{"format": "${long}"}`));
  shortEnough('session key', () => LinReg.importSession(`{"${long}": 1e999}`));
  shortEnough('class name', () => LinReg.create(new ({ [long]: class {} })[long]()));
  shortEnough('toJSON', () => LinReg.create({ lr: { toJSON() { throw new Error(long); } } }));
  const trainer = LinReg.create({ max_epochs: 1 });
  try {
    shortEnough('setLive key', () => trainer.setLive(long, 1));
    shortEnough('setLr', () => trainer.setLr(long));
    shortEnough('sweepLr', () => trainer.sweepLr([long]));
    shortEnough('landscape', () => trainer.landscape({ axes: [0, 1], x: [long, 1], y: [0, 1], size: 5 }));
    shortEnough('landscape key', () => trainer.landscape({ [long]: 1 }));
    shortEnough('history', () => trainer.history(long));
  } finally {
    trainer.delete();
  }
});
