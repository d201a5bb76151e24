// The bad-input matrix through the JavaScript API: every case of tests/bad-input/cases.json (every
// config field, each kind of bad value, whole-config cases) given to LinReg.create and
// LinReg.check as a JavaScript value and as JSON text, to the setters of the fields that change
// mid-run, and in a saved session given to LinReg.importSession. Each must throw an Error whose
// message starts with the field and the rule, and leave everything as it was: a trainer made
// before goes on bit for bit like its twin, and the wasm heap is where it started. The native
// surfaces (core, CLI) run the same table in tests/cpp/bad_input_test.cpp, the page's form and
// links in tests/web/bad-input.test.js. The counts are printed.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test, before } = require('node:test');
const { ROOT, loadApi, errorMessage } = require('./helpers.js');

const { cases, surfaces } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'bad-input', 'cases.json'), 'utf8'));

let LinReg;
before(async () => {
  LinReg = await loadApi();
});

const SPECIAL_JS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '1e999': Infinity };
const SPECIAL_TEXT = { NaN: 'null', Infinity: '1e999', '-Infinity': '-1e999', '1e999': '1e999' };
const isSpecial = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$' in v;

// The case's value as JavaScript (NaN, Infinity) and as JSON text (null, 1e999: see the C++ test).
function jsValue(v) {
  if (isSpecial(v)) return SPECIAL_JS[v.$];
  if (Array.isArray(v)) return v.map(jsValue);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsValue(x)]));
  return v;
}
function jsonText(v) {
  if (isSpecial(v)) return SPECIAL_TEXT[v.$];
  if (Array.isArray(v)) return `[${v.map(jsonText).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${jsonText(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}
const configValue = (c) => (c.field ? { [c.field]: jsValue(c.value) } : jsValue(c.value));
const configText = (c) => (c.json !== undefined ? c.json : c.field ? `{${JSON.stringify(c.field)}: ${jsonText(c.value)}}` : jsonText(c.value));
// A saved session with the case's value in its config (the other keys as saved).
function sessionText(file, c) {
  let config;
  if (c.field || (c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value))) {
    const bad = c.field ? { [c.field]: c.value } : c.value;
    const entries = Object.entries(file.config).filter(([k]) => !(k in bad)).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    for (const [k, v] of Object.entries(bad)) entries.push(`${JSON.stringify(k)}: ${jsonText(v)}`);
    config = `{${entries.join(', ')}}`;
  } else {
    config = jsonText(c.value);
  }
  return JSON.stringify({ ...file, config: '@CONFIG@' }).replace('"@CONFIG@"', () => config);
}
const expected = (c, surface) => (c.expect_by_surface && c.expect_by_surface[surface]) || c.expect;

function assertStarts(message, prefix, where) {
  assert.ok(message.startsWith(prefix), `${where}:\n  expected a message starting with\n  ${prefix}\n  got\n  ${message}`);
}

// What a failed call must leave as it was.
function snapshot(trainer) {
  const s = trainer.state();
  return JSON.stringify({ config: trainer.config(), state: { ...s, w: Array.from(s.w), errorW: Array.from(s.errorW) }, history: Array.from(trainer.history().stepLoss) });
}

const counts = {};
const count = (surface) => { counts[surface] = (counts[surface] || 0) + 1; };

test(`bad-input matrix: ${cases.length} cases through create(), check(), the setters and importSession()`, (t) => {
  assert.ok(cases.length >= 100);
  const config = { num_train: 100, num_val: 10, max_epochs: 5 };
  const trainer = LinReg.create(config);
  const twin = LinReg.create(config);
  const session = LinReg.create();  // its saved session gets the bad configs
  const sessionFile = JSON.parse(session.exportSession());
  session.delete();
  try {
    for (let i = 0; i < 7; ++i) {
      trainer.step();
      twin.step();
    }
    const before = snapshot(trainer);
    const heapBefore = LinReg.heapInUse();
    const setters = { lr: 'setLr', gradient_clip_val: 'setGradientClipVal', max_epochs: 'setMaxEpochs' };
    for (const c of cases) {
      // A JavaScript value (malformed JSON has none) and JSON text.
      if (c.json === undefined) {
        const value = configValue(c);
        assertStarts(errorMessage(() => LinReg.create(value)), expected(c, 'js'), `${c.id}: create(value)`);
        assertStarts(errorMessage(() => LinReg.check(value)), expected(c, 'js'), `${c.id}: check(value)`);
        count('create(value) and check(value)');
      }
      // (Text that does not start with '{' is a preset's name.)
      const text = configText(c);
      if (text.trimStart().startsWith('{')) {
        assertStarts(errorMessage(() => LinReg.create(text)), expected(c, 'json'), `${c.id}: create(text)`);
        count('create(JSON text)');
      }
      // The setters of the fields that change mid-run.
      if (c.field && setters[c.field]) {
        assertStarts(errorMessage(() => trainer[setters[c.field]](jsValue(c.value))), expected(c, 'js'), `${c.id}: ${setters[c.field]}`);
        assert.equal(snapshot(trainer), before, `${c.id}: the trainer is as it was`);
        count('trainer setters');
      }
      // A saved session whose config has the value.
      if (c.json === undefined) {
        const m = errorMessage(() => LinReg.importSession(sessionText(sessionFile, c)));
        const prefix = configText(c).includes('1e999')
          ? `the session's 'config.${c.field}`  // too large for a double: where it is
          : `the session's config: ${expected(c, 'json')}`;
        assertStarts(m, prefix, `${c.id}: importSession`);
        count('importSession(a session with the value)');
      }
    }
    // Nothing changed: the trainer goes on like its twin, and no memory was kept.
    assert.equal(snapshot(trainer), before);
    assert.equal(LinReg.heapInUse(), heapBefore, 'the wasm heap is where it started');
    for (let i = 0; i < 5; ++i) assert.deepEqual(trainer.step(), twin.step());
    assert.equal(snapshot(trainer), snapshot(twin));
  } finally {
    trainer.delete();
    twin.delete();
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  t.diagnostic(`bad-input matrix (JS API): ${cases.length} cases, ${total} checks: ` +
               Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', '));
});

test('w of the wrong length, where w must match the data', () => {
  const trainer = LinReg.create();  // d = 2
  try {
    const before = snapshot(trainer);
    for (const w of [[1], [1, 2, 3], []]) {
      assertStarts(errorMessage(() => trainer.fullBatch({ w, b: 0 })), "'at.w' must be a list of 2 finite numbers", `fullBatch w=${w}`);
      assertStarts(errorMessage(() => trainer.landscape({ axes: [0, 1], x: [-1, 1], y: [-1, 1], size: 5, at: { w, b: 0 } })), "'at.w' must be a list of 2 finite numbers", `landscape w=${w}`);
      assertStarts(errorMessage(() => trainer.lossProfile({ axis: 0, range: [-1, 1], size: 5, at: { w, b: 0 } })), "'at.w' must be a list of 2 finite numbers", `lossProfile w=${w}`);
    }
    assert.equal(snapshot(trainer), before);
    const file = JSON.parse(trainer.exportSession());
    file.state.w = [0, 0, 0];
    assertStarts(errorMessage(() => LinReg.importSession(JSON.stringify(file))), "the session's 'state.w' must be a list of 2 numbers", 'importSession');
  } finally {
    trainer.delete();
  }
});

// The other surfaces' JS cases (cases.json's "surfaces"): BigInts are read as their own digits
// (or refused by the 64-bit rule), never rounded to another number first; NUL bytes in config and
// session text are refused as invalid JSON, not taken for the end of the text.
test('bad-input matrix (JS API, other surfaces): BigInts and NUL bytes', (t) => {
  const jsCases = surfaces.filter((c) => c.surface === 'js');
  assert.ok(jsCases.length >= 6);
  const big = (v) => (v !== null && typeof v === 'object' && v.$ === 'BigInt' ? BigInt(v.digits) : v);
  const trainer = LinReg.create({ num_train: 50, max_epochs: 2 });
  const twin = LinReg.create({ num_train: 50, max_epochs: 2 });
  let n = 0;
  try {
    trainer.step();
    twin.step();
    const before = snapshot(trainer);
    for (const c of jsCases) {
      if (c.config) {
        const config = Object.fromEntries(Object.entries(c.config).map(([k, v]) => [k, big(v)]));
        assertStarts(errorMessage(() => LinReg.create(config)), c.expect, `${c.id}: create`);
        assertStarts(errorMessage(() => LinReg.check(config)), c.expect, `${c.id}: check`);
        n += 2;
        if ('seed' in config) {
          const m = errorMessage(() => trainer.reset(config.seed));
          assert.ok(m.includes(c.expect.replace(/^'seed'(: )?/, '')) || m.startsWith(c.expect), `${c.id}: reset: ${m}`);
          assert.equal(snapshot(trainer), before, `${c.id}: the trainer is as it was`);
          n += 1;
        }
      } else if (c.config_text) {
        assertStarts(errorMessage(() => LinReg.create(c.config_text)), c.expect, `${c.id}: create(text)`);
        n += 1;
      } else if (c.session_edit === 'NUL') {
        const text = trainer.exportSession();
        assertStarts(errorMessage(() => LinReg.importSession(text.trimEnd() + '\u0000{}')), c.expect, `${c.id}: importSession`);
        n += 1;
      }
    }
    // A BigInt within the rules is its own value.
    assert.equal(LinReg.check({ seed: 9007199254740991n }).seed, 9007199254740991);
    assert.equal(LinReg.check({ num_train: 12n }).num_train, 12);
    assert.equal(snapshot(trainer), before);
    assert.deepEqual(trainer.step(), twin.step());
  } finally {
    trainer.delete();
    twin.delete();
  }
  t.diagnostic(`bad-input matrix (JS API, other surfaces): ${jsCases.length} cases, ${n} checks`);
});
