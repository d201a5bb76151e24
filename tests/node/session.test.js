// Sessions and the user's data through the wasm module: CSV parsing with line and column, training
// on CSV data bit-identical to the native CLI (`linreg --data`), sessions exported and imported
// back to the same state (mid-run changes included), refused when edited, and no leaks.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before } = require('node:test');
const { loadApi, runCli, assertSameNumbers, assertSameNumber, errorMessage } = require('./helpers.js');

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

// A CSV with a header, from a known plane with a little deterministic noise.
function planeCsv(rows, header = 'area,rooms,price') {
  const lines = header ? [header] : [];
  for (let i = 0; i < rows; ++i) {
    const a = Math.sin(0.7 * i) * 3;
    const r = Math.cos(1.3 * i);
    lines.push([a, r, 1.5 * a - 2 * r + 0.5 + 0.01 * Math.sin(17 * i)].join(','));
  }
  return lines.join('\n') + '\n';
}

function withTrainer(trainer, body) {
  try {
    return body(trainer);
  } finally {
    trainer.delete();
  }
}

test('parseCsv: the table, its columns and header', () => {
  const t = LinReg.parseCsv('area,rooms,price\n50,2,100.5\n80,3,170\n');
  assert.deepEqual([t.n, t.d, t.hasHeader], [2, 2, true]);
  assert.deepEqual(t.columns, ['area', 'rooms', 'price']);
  assert.deepEqual(Array.from(t.X), [50, 2, 80, 3]);
  assert.deepEqual(Array.from(t.y), [100.5, 170]);
  const bare = LinReg.parseCsv('1\t2\n3\t4');
  assert.deepEqual(bare.columns, ['x1', 'y']);
  assert.equal(bare.hasHeader, false);
  assert.deepEqual(LinReg.csvLimits(), { maxBytes: 8388608, maxRows: 100000, maxFeatures: 100 });
});

test('parseCsv: errors name the line and the column, also as numbers', () => {
  let error;
  try {
    LinReg.parseCsv('x,y\n1,2\n\n3,abc\n');
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error);
  assert.equal(error.message, "line 4, column 2: 'abc' is not a number");
  assert.deepEqual([error.line, error.column], [4, 2]);
  assert.equal(errorMessage(() => LinReg.parseCsv('a,b,c\n1,2\n')), 'line 2: 2 cells, but the header (line 1) has 3');
  assert.equal(errorMessage(() => LinReg.parseCsv('')), 'there is no data: paste rows of numbers, the label in the last column');
  assert.equal(errorMessage(() => LinReg.parseCsv(42)), 'the CSV text must be a string, got number');
  // A cell that looks like markup is quoted as text in the message, nothing more.
  assert.equal(errorMessage(() => LinReg.parseCsv('1,2\n<img src=x onerror=alert(1)>,3\n')),
               "line 2, column 1: '<img src=x onerror=alert(1)>' is not a number");
});

test('create with options.csv: trains on the data, no true parameters, least squares as reference', () => {
  withTrainer(LinReg.create({ num_val: 10, batch_size: 8, max_epochs: 30, lr: 0.05 }, { csv: planeCsv(80), name: 'plane.csv' }), (t) => {
    const c = t.config();
    assert.deepEqual([c.num_train, c.num_val, c.w, c.b, c.noise], [70, 10, [0, 0], 0, 0]);
    assert.deepEqual(t.dataSource(), { source: 'user', name: 'plane.csv', columns: ['area', 'rooms', 'price'] });
    const s = t.state();
    assert.equal(s.hasTrueParams, false);
    assert.ok(Number.isNaN(s.trueB) && Number.isNaN(s.errorW[0]));
    const ls = t.leastSquares();
    assert.ok(Math.abs(ls.w[0] - 1.5) < 0.01 && Math.abs(ls.w[1] + 2) < 0.01 && Math.abs(ls.b - 0.5) < 0.01);
    t.fit();
    const w = t.state().w;
    assert.ok(Math.abs(w[0] - ls.w[0]) < 0.02 && Math.abs(w[1] - ls.w[1]) < 0.02, `SGD approaches least squares: ${w}`);
    assert.equal(t.valData().n, 10);
    // The data comes back as CSV, exactly.
    const back = LinReg.parseCsv(t.dataCsv());
    const orig = LinReg.parseCsv(planeCsv(80));
    assertSameNumbers(Array.from(orig.X), back.X, 'X');
    assertSameNumbers(Array.from(orig.y), back.y, 'y');
  });
  withTrainer(LinReg.create(), (t) => {
    assert.deepEqual(t.dataSource(), { source: 'synthetic', name: '', columns: ['x1', 'x2', 'y'] });
    assert.equal(t.state().hasTrueParams, true);
    const ls = t.leastSquares();
    assert.ok(Math.abs(ls.w[0] - 2) < 0.01 && Math.abs(ls.b - 4.2) < 0.01);
  });
  // No unique least-squares solution: a feature that repeats another.
  withTrainer(LinReg.create({ num_val: 0 }, { csv: '1,2,1\n2,4,2\n3,6,2\n4,8,5\n' }), (t) => assert.equal(t.leastSquares(), null));
});

test('create with options.csv: errors, and nothing leaks', () => {
  assert.equal(errorMessage(() => LinReg.create({}, { csv: planeCsv(20) })),
               "'num_val' must be an integer from 0 to 19 (your data has 20 rows and training needs at least one), got 1000");
  assert.equal(errorMessage(() => LinReg.create({ num_val: 0 }, { csv: '1,2\n3,\n' })),
               'line 2, column 2: the cell is empty; every cell must be a number');
  assert.equal(errorMessage(() => LinReg.create({ lr: 0 }, { csv: '1,2\n' })), "'lr' must be a finite number > 0, got 0");
  assert.equal(errorMessage(() => LinReg.create({ num_val: 0 }, { csv: 7 })), 'options.csv must be a string, got number');
  const before = LinReg.heapInUse();
  for (let i = 0; i < 2000; ++i) {
    try {
      LinReg.create({ num_val: 0 }, { csv: '1,2\n3,x\n' });
    } catch (e) {
      // expected
    }
    try {
      LinReg.importSession('{"format":"d2l-linreg-session"}');
    } catch (e) {
      // expected
    }
    LinReg.create({ num_val: 0 }, { csv: '1,2\n3,4\n' }).delete();
  }
  assert.ok(LinReg.heapInUse() - before < 64 * 1024, `heap grew by ${LinReg.heapInUse() - before} bytes`);
});

test('your own data: bit-identical to the native CLI (linreg --data)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-csv-'));
  try {
    const file = path.join(dir, 'plane.csv');
    fs.writeFileSync(file, planeCsv(150));
    const out = path.join(dir, 'run.json');
    const r = runCli(['--data', file, '--num-val', '30', '--batch-size', '16', '--max-epochs', '5', '--lr', '0.05',
      '--seed', '3', '--export-run', out, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const cliText = fs.readFileSync(out, 'utf8');
    const run = JSON.parse(cliText);
    assert.equal(run.true_params, null);
    withTrainer(LinReg.create({ num_val: 30, batch_size: 16, max_epochs: 5, lr: 0.05, seed: 3 }, { csv: planeCsv(150), name: file }), (t) => {
      assert.equal(t.exportRun(), cliText);  // byte for byte
      for (const expected of run.steps) {
        const mb = t.step();
        assertSameNumbers(expected.w, mb.wAfter, `step ${expected.step} w`);
        assertSameNumber(expected.b, mb.bAfter, `step ${expected.step} b`);
      }
    });
    // What the CLI prints for your data: the estimate and the least-squares reference.
    const printed = runCli(['--data', file, '--max-epochs', '2']);
    assert.equal(printed.status, 0);
    assert.match(printed.stdout, /^linreg: 150 training and 0 validation examples, d = 2,/);
    assert.match(printed.stdout, /\nestimated w: \[[-0-9., ]+\], b: [-0-9.]+\nleast squares w: \[1\.49\d+, -1\.99\d+\], b: 0\.50\d+\n$/);
    fs.writeFileSync(file, 'a,b\n1,2\n3,q\n');
    const bad = runCli(['--data', file]);
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, `linreg: --data ${file}: line 3, column 2: 'q' is not a number\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function sameState(a, b, what) {
  const sa = a.state();
  const sb = b.state();
  for (const key of ['epoch', 'batchInEpoch', 'globalStep', 'examplesSeen', 'finished', 'diverged', 'divergedStep']) {
    assert.equal(sb[key], sa[key], `${what}: ${key}`);
  }
  assertSameNumbers(Array.from(sa.w), sb.w, `${what}: w`);
  assertSameNumber(sa.b, sb.b, `${what}: b`);
  assert.deepEqual(b.config(), a.config(), `${what}: config`);
  const ha = a.history();
  const hb = b.history();
  assertSameNumbers(Array.from(ha.stepLoss), hb.stepLoss, `${what}: step losses`);
  assertSameNumbers(Array.from(ha.valLoss), hb.valLoss, `${what}: val losses`);
  assert.deepEqual(b.lastBatch() && Array.from(b.lastBatch().indices), a.lastBatch() && Array.from(a.lastBatch().indices));
}

test('exportSession / importSession: the same state, at every kind of point, and the same future', () => {
  for (const steps of [0, 1, 16, 32, 50, 96]) {
    withTrainer(LinReg.create({ seed: 4 }), (a) => {
      for (let i = 0; i < steps; ++i) a.step();
      const text = a.exportSession();
      const saved = JSON.parse(text);
      assert.equal(saved.format, 'd2l-linreg-session');
      assert.equal(saved.state.step, steps);
      withTrainer(LinReg.importSession(text), (b) => {
        sameState(a, b, `after ${steps} steps`);
        assert.equal(b.exportSession(), text);
        if (!a.state().finished) {
          a.epoch();
          b.epoch();
          sameState(a, b, `after ${steps} steps and an epoch`);
        }
      });
    });
  }
});

test('exportSession / importSession: mid-run changes and the user data come back', () => {
  withTrainer(LinReg.create({ num_val: 20, batch_size: 10, max_epochs: 2 }, { csv: planeCsv(100), name: 'plane.csv' }), (a) => {
    for (let i = 0; i < 5; ++i) a.step();
    a.setLr(0.2);
    a.setGradientClipVal(1);
    for (let i = 0; i < 4; ++i) a.step();
    a.fit();
    a.setMaxEpochs(3);
    a.step();
    const text = a.exportSession();
    const saved = JSON.parse(text);
    // The file's layout, which saved sessions keep: the top level in this order, every object
    // below with its keys sorted, one line.
    assert.deepEqual(Object.keys(saved), ['format', 'version', 'config', 'changes', 'data', 'state', 'history']);
    for (const inner of [saved.config, saved.changes[0], saved.data, saved.state, saved.history, saved.history.epochs[0]]) {
      assert.deepEqual(Object.keys(inner), Object.keys(inner).sort());
    }
    assert.equal(text.indexOf('\n'), text.length - 1);
    assert.deepEqual(saved.changes.map((c) => [c.after_step, c.key, c.value]),
                     [[5, 'lr', 0.2], [5, 'gradient_clip_val', 1], [16, 'max_epochs', 3]]);
    assert.equal(saved.data.name, 'plane.csv');
    assert.deepEqual(saved.data.columns, ['area', 'rooms', 'price']);
    assert.equal(saved.data.X.length, 100);
    withTrainer(LinReg.importSession(JSON.stringify(saved)), (b) => {
      sameState(a, b, 'restored');
      assert.deepEqual(b.dataSource(), a.dataSource());
      a.fit();
      b.fit();
      sameState(a, b, 'both finished');
    });
  });
});

test('importSession refuses an edited or foreign file, naming what is wrong', () => {
  withTrainer(LinReg.create(), (a) => {
    for (let i = 0; i < 10; ++i) a.step();
    const saved = JSON.parse(a.exportSession());
    const edited = JSON.parse(JSON.stringify(saved));
    edited.state.b += 1e-9;
    assert.match(errorMessage(() => LinReg.importSession(JSON.stringify(edited))),
                 /^the session does not replay to its saved state: after 10 steps 'state\.b' is .*, but the file says /);
    assert.equal(errorMessage(() => LinReg.importSession(a.exportRun())),
                 'this is not a saved session: \'format\' must be "d2l-linreg-session", got "d2l-linreg-run"');
    assert.match(errorMessage(() => LinReg.importSession('not json')), /^the session is not valid JSON: /);
    assert.equal(errorMessage(() => LinReg.importSession(null)), 'the session must be a string, got null');
  });
});
