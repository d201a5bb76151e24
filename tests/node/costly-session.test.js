// A session whose replay would take hours (issue 17, item 4: a 338-byte file, num_train 1,
// num_val 9999999, batch_size 1, max_epochs 1e6 and a large saved step, evaluated the validation
// set at the end of every one-batch epoch) is refused at once, with the cost and the limit.
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi, errorMessage } = require('./helpers.js');

let LinReg;
before(async () => { LinReg = await loadApi(); });

test('a session that would evaluate 10^7 examples after every step is refused at once', () => {
  const source = LinReg.create({ max_epochs: 1 });
  const j = JSON.parse(source.exportSession());
  source.delete();
  Object.assign(j.config, { num_train: 1, num_val: 9999999, batch_size: 1, max_epochs: 1000000 });
  j.state.step = 900000;
  const started = Date.now();
  assert.equal(errorMessage(() => LinReg.importSession(JSON.stringify(j))),
               'the session is too long to restore: replaying its 900000 steps takes about 27000002700000.0 ' +
               'multiply-adds, 27000000000000.0 of them evaluating the training and validation sets at the end ' +
               'of each of its 900000.0 epochs; the limit is 2000000000.0');
  assert.ok(Date.now() - started < 1000, `refused in ${Date.now() - started} ms`);
});
