// The bugs and the checker through the module: api.bugs() is the CLI's --bug list and the schema's
// choices; api.checkRecord() gives the CLI's --report, and throws the CLI's message for a bad record
// without harming the module.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, before } = require('node:test');
const { loadApi, cliExport, runCli, errorMessage } = require('./helpers.js');

let api;
before(async () => {
  api = await loadApi();
});

const CONFIG = { num_train: 100, num_val: 10, batch_size: 16, seed: 4 };

function recordOf(runText) {
  const steps = JSON.parse(runText).steps;
  return 'step,loss,w1,w2,b\n' + steps.map((s) => [s.step, s.loss, ...s.w, s.b].join(',')).join('\n') + '\n';
}

// The CLI's verdict on a record: exit status, report (or null), standard error.
function cliCheck(record, runText) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-check-'));
  try {
    const recordFile = path.join(dir, 'record.csv');
    const runFile = path.join(dir, 'run.json');
    const reportFile = path.join(dir, 'report.json');
    fs.writeFileSync(recordFile, record);
    fs.writeFileSync(runFile, runText);
    const r = runCli(['--check', recordFile, '--against', runFile, '--report', reportFile]);
    const text = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : null;
    const report = text === null ? null : JSON.parse(text);
    return { status: r.status, report, text, stderr: r.stderr.replace(`linreg: ${recordFile}: `, '').trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('bugs() lists the schema\'s choices of `bug` (but none), each described', () => {
  const bugs = api.bugs();
  const field = api.schema().fields.find((f) => f.key === 'bug');
  assert.deepEqual(bugs.map((b) => b.name), field.choices.filter((c) => c !== 'none'));
  assert.equal(field.default, 'none');
  for (const b of bugs) {
    for (const key of ['title', 'description', 'code_line', 'symptom']) assert.ok(b[key].length > 5, `${b.name}.${key}`);
  }
  const listed = runCli(['--bug', 'list']);
  assert.equal(listed.status, 0);
  for (const b of bugs) assert.ok(listed.stdout.includes(`${b.name}: ${b.title}\n`), b.name);
});

// The report's keys in the order a person reads them (JSON.parse keeps the text's order).
function assertKeyOrder(report, label) {
  const keys = (value, order, what) => {
    if (value !== null) assert.deepEqual(Object.keys(value), order, `${label}: ${what}`);
  };
  const difference = (d, what) => keys(d, ['step', 'quantity', 'index', 'name', 'reference', 'record', 'relative_error',
    'line'], what);
  keys(report, ['format', 'version', 'matches', 'tolerance', 'steps_compared', 'steps_matched', 'first_difference', 'window',
    'bugs', 'best_bug'], 'the report');
  keys(report.tolerance, ['relative', 'absolute', 'rule'], 'tolerance');
  difference(report.first_difference, 'first_difference');
  for (const row of report.window) {
    keys(row, ['step', 'reference', 'record'], 'a window row');
    for (const who of ['reference', 'record']) keys(row[who], ['loss', 'w', 'b'], `a window row's ${who}`);
  }
  for (const bug of report.bugs) {
    keys(bug, ['name', 'first_difference', 'score'], 'a bug');
    difference(bug.first_difference, `${bug.name}'s first_difference`);
  }
  keys(report.best_bug, ['name', 'title', 'first_difference', 'score', 'fraction'], 'best_bug');
  if (report.best_bug !== null) difference(report.best_bug.first_difference, 'best_bug\'s first_difference');
}

test('checkRecord() gives the CLI\'s report, for a matching record and for a bug\'s', () => {
  const runText = cliExport('book', CONFIG);
  for (const bug of ['none', 'sum_loss', 'no_zero_grad', 'short_batch_divisor']) {
    const record = recordOf(cliExport('book', { ...CONFIG, bug }));
    const cli = cliCheck(record, runText);
    const report = api.checkRecord(record, runText);
    assert.deepEqual(report, cli.report, bug);
    assertKeyOrder(report, `${bug}, the module's`);
    assertKeyOrder(cli.report, `${bug}, the CLI's`);
    assert.ok(cli.text.startsWith('{\n  "format": "d2l-linreg-check",\n  "version": 1,\n  "matches": '), bug);
    assert.ok(cli.text.endsWith('\n}\n'), bug);
    assert.equal(cli.status, bug === 'none' ? 0 : 1);
    assert.equal(report.matches, bug === 'none');
    if (bug !== 'none') assert.equal(report.best_bug.name, bug);
  }
});

test('a bad record throws the CLI\'s message, and the module keeps working', () => {
  const runText = cliExport('book', CONFIG);
  const good = recordOf(runText);
  const bad = [
    good.replace('step,loss,w1,w2,b', 'step,loss,w1,b'),
    good.replace(/\n3,[^,]*,/, '\n3,nan,'),
    good.split('\n').slice(0, 10).join('\n'),
    '\u0000\u0001',
    '',
  ];
  for (const record of bad) {
    const message = errorMessage(() => api.checkRecord(record, runText));
    const cli = cliCheck(record, runText);
    assert.equal(cli.status, 2);
    assert.equal(message, cli.stderr);
    assert.match(message, /line \d+|empty/);
  }
  assert.match(errorMessage(() => api.checkRecord(good, '{')), /^the run is not valid JSON/);
  assert.throws(() => api.checkRecord(42, runText), /the record/);
  assert.equal(api.checkRecord(good, runText).matches, true);
});

test('a session of a bug run is saved and replayed with its bug, bit for bit', () => {
  for (const bug of ['no_zero_grad', 'same_batch', 'ascent']) {
    const a = api.create({ ...CONFIG, bug });
    try {
      for (let k = 0; k < 10; ++k) a.step();
      const text = a.exportSession();
      const b = api.importSession(text);
      try {
        assert.equal(b.config().bug, bug);
        assert.deepEqual(b.state(), a.state());
        a.step();
        b.step();
        assert.deepEqual(b.state(), a.state(), `${bug}: the next step`);
      } finally {
        b.delete();
      }
    } finally {
      a.delete();
    }
  }
});
