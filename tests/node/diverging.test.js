// One definition of a run that runs away (Trainer::diverging): diverged, or the training loss at
// the end of the last epoch above the training loss at the start. The state reports it with the
// two losses; the lr sweep marks its runs with it.
'use strict';

const assert = require('node:assert/strict');
const { test, before } = require('node:test');
const { loadApi } = require('./helpers.js');

let api;
before(async () => {
  api = await loadApi();
});

// The mean of (x.w + b - y)^2 / 2 over the training set, in plain JavaScript.
function trainLoss(data, w, b) {
  let sum = 0;
  for (let i = 0; i < data.n; ++i) {
    let yHat = b;
    for (let j = 0; j < data.d; ++j) yHat += data.X[i * data.d + j] * w[j];
    sum += (yHat - data.y[i]) ** 2 / 2;
  }
  return sum / data.n;
}

test("the book's run: the start loss is the initial model's training loss; the run is not diverging", () => {
  const t = api.create('book');
  try {
    const start = t.state();
    assert.equal(start.diverging, false);
    assert.ok(Number.isNaN(start.startTrainLoss), 'not known before an epoch ends');
    const expected = trainLoss(t.trainData(), start.w, start.b);
    t.epoch();
    const s = t.state();
    assert.ok(Math.abs(s.startTrainLoss - expected) <= 1e-12 * expected, `${s.startTrainLoss} against ${expected}`);
    assert.ok(Math.abs(s.lastTrainLoss - trainLoss(t.trainData(), s.w, s.b)) <= 1e-12 * s.lastTrainLoss);
    t.fit();
    assert.equal(t.state().diverging, false);
  } finally {
    t.delete();
  }
});

test('lr = 3: diverging from the end of the first epoch, while every value is still finite', () => {
  const t = api.create({ lr: 3 });
  try {
    for (let i = 0; i < 31; ++i) t.step();
    assert.equal(t.state().diverging, false, 'no epoch has ended');
    t.step();
    const s = t.state();
    assert.equal(s.diverged, false);
    assert.equal(s.diverging, true);
    assert.ok(s.lastTrainLoss > s.startTrainLoss && Number.isFinite(s.lastTrainLoss));
  } finally {
    t.delete();
  }
});

test('a diverged run (not finite) is diverging too', () => {
  const t = api.create({ lr: 10, max_epochs: 10 });
  try {
    t.fit();
    const s = t.state();
    assert.equal(s.diverged, true);
    assert.equal(s.diverging, true);
  } finally {
    t.delete();
  }
});

test("the sweep's diverged runs are exactly the runs that end diverging", () => {
  const t = api.create('book');
  const lrs = [0.01, 0.03, 0.3, 1, 1.5, 2, 3];
  try {
    const runs = t.sweepLr(lrs);
    lrs.forEach((lr, k) => {
      const other = api.create({ lr });
      try {
        other.fit();
        assert.equal(runs[k].diverged, other.state().diverging, `lr ${lr}`);
      } finally {
        other.delete();
      }
    });
    assert.deepEqual(runs.map((r) => r.diverged), [false, false, false, false, false, true, true]);
  } finally {
    t.delete();
  }
});
