// The book's experiment through the module: the run the book shows, and examples/book-run.js
// printing exactly what the native CLI prints.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { test, before } = require('node:test');
const { ROOT, loadApi, runCli } = require('./helpers.js');

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

const norm = (v) => Math.hypot(...v);

test("the book's run: 96 steps in 3 epochs, losses falling, small and shrinking errors", () => {
  const trainer = LinReg.create('book');
  try {
    const errors = [];
    const start = trainer.state();
    errors.push(Math.hypot(norm(start.errorW), start.errorB));
    for (let epoch = 1; epoch <= 3; ++epoch) {
      assert.equal(trainer.epoch(), 32);
      const s = trainer.state();
      assert.deepEqual([s.epoch, s.batchInEpoch, s.globalStep, s.examplesSeen], [epoch, 0, 32 * epoch, 1000 * epoch]);
      errors.push(Math.hypot(norm(s.errorW), s.errorB));
    }
    const s = trainer.state();
    assert.equal(s.finished, true);
    assert.equal(s.diverged, false);
    // The book reports errors of order 0.1 after 3 epochs; from about 5.6 at the start.
    assert.ok(errors[0] > 5, `initial error ${errors[0]}`);
    for (let i = 1; i < errors.length; ++i) assert.ok(errors[i] < errors[i - 1], `errors ${errors}`);
    assert.ok(errors[3] < 0.5, `final error ${errors[3]}`);
    for (let j = 0; j < 2; ++j) assert.equal(s.errorW[j], s.trueW[j] - s.w[j]);
    assert.equal(s.errorB, s.trueB - s.b);

    const h = trainer.history();
    assert.equal(h.stepLoss.length, 96);
    assert.equal(h.stepEpochFraction[95], 3);
    assert.deepEqual(Array.from(h.epoch), [1, 2, 3]);
    for (let i = 1; i < 3; ++i) {
      assert.ok(h.trainLoss[i] < h.trainLoss[i - 1]);
      assert.ok(h.valLoss[i] < h.valLoss[i - 1]);
    }
    assert.ok(h.trainLoss[2] < 0.1 && h.valLoss[2] < 0.1);
  } finally {
    trainer.delete();
  }
});

for (const seed of [0, 42]) {
  test(`examples/book-run.js prints what the CLI prints (seed ${seed})`, () => {
    const example = execFileSync(process.execPath, [path.join(ROOT, 'examples', 'book-run.js'), String(seed)],
                                 { encoding: 'utf8' });
    const cli = runCli(['--seed', String(seed)]);
    assert.equal(cli.status, 0, cli.stderr);
    const cliLines = cli.stdout.split('\n').slice(1);  // after the header line
    assert.match(cli.stdout, /^linreg: 1000 training and 1000 validation examples/);
    assert.equal(example.split('\n').length, 6);
    assert.equal(example, cliLines.join('\n'));
  });
}
