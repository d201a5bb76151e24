// The page's structure, as docs/architecture.md states it: ES modules that import what they use,
// a bundle and a handful of scripts, an entry that only wires, one owner of the trainer, and each
// field's rule written once (in the core's schema).
'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const WEB = path.join(ROOT, 'web');
const sources = fs.readdirSync(WEB).filter((f) => f.endsWith('.js')).map((f) => ({ name: f, text: fs.readFileSync(path.join(WEB, f), 'utf8') }));
// Code without its comments and string literals (good enough for these sources).
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
  .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');

test('every file in web/ is an ES module that imports or exports, and none shares code through window', () => {
  for (const { name, text } of sources) {
    assert.match(text, /^(import|export) /m, `${name} imports or exports`);
    assert.doesNotMatch(code(text), /\bwindow\.LinRegPage\b|\(function \(page\)/, `${name} has no global namespace`);
  }
});

test('index.html loads the bundle, the module and the styles: no more than 4 scripts', () => {
  const html = fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8');
  const scripts = html.match(/<script\b[^>]*\bsrc="[^"]+"/g) || [];
  assert.ok(scripts.length <= 4, scripts.join('\n'));
  assert.ok(scripts.some((s) => s.includes('web/dist/page.js')), 'the bundle');
  assert.ok(scripts.some((s) => s.includes('web/dist/linreg.js')), 'the module (its glue; the wasm comes beside it)');
});

test('the entry file only wires parts together (under 150 lines)', () => {
  const lines = fs.readFileSync(path.join(WEB, 'main.js'), 'utf8').split('\n').length;
  assert.ok(lines < 150, `web/main.js: ${lines} lines`);
});

test('only the back ends (and the API that makes them) touch a trainer', () => {
  const owners = new Set(['backend.js', 'worker.js', 'worker-run.js', 'linreg-api.js']);
  for (const { name, text } of sources) {
    if (owners.has(name)) continue;
    // (dataset.trainer is the <html data-trainer> attribute that says where the run trains.)
    const uses = code(text).replace(/dataset\.trainer\b/g, '').match(/\.trainer\b|\btrainer\s*\.|\bapi\.create\(/g) || [];
    assert.deepEqual(uses, [], `${name} reaches a trainer`);
  }
});

test("lr's rule text, default and 'applies live' are written once in the sources (the core's schema)", () => {
  const files = [];
  for (const dir of ['cpp', 'web']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir))) {
      if (/\.(cpp|hpp|js|ts)$/.test(f)) files.push(path.join(dir, f));
    }
  }
  const read = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8');
  const count = (re, of = read) => files.flatMap((f) => (of(f).match(re) || []).map(() => f));
  // The rule: the lr row of the schema is the only place that pairs 'lr' with its rule text.
  assert.deepEqual(count(/"lr"[^\n]*"a finite number > 0"|'lr'[^\n]*finite number > 0/g), ['cpp/schema.cpp']);
  // The default: Config's member initializer (in code; the exercises' prose may cite the book's 0.03).
  assert.deepEqual(count(/\blr\s*=\s*0\.03\b|\blr:\s*0\.03\b/g, (f) => code(read(f))), ['cpp/config.hpp']);
  // Live: only the schema says which fields may change mid-run (the page reads `live` from it).
  assert.deepEqual(count(/live:\s*true/g), []);
  assert.deepEqual(count(/\['lr', 'gradient_clip_val', 'max_epochs'\]|"lr", "gradient_clip_val", "max_epochs"/g), []);
});

test('no function in web/ is longer than 80 lines', () => {
  // A function's body: from the line that opens it ('function', a method, or an arrow with a
  // block) to its closing brace, matched on the code without comments and strings.
  const opener = /(\bfunction\b[^{]*|=>\s*|^\s*(async\s+)?(static\s+)?(get\s+|set\s+)?[A-Za-z_$][\w$]*\s*\([^)]*\)\s*)\{$/;
  const long = [];
  for (const { name, text } of sources) {
    const stack = [];
    code(text).split('\n').forEach((line, i) => {
      for (let k = 0; k < line.length; ++k) {
        if (line[k] === '{') stack.push({ line: i, fn: opener.test(line.slice(0, k + 1)) });
        else if (line[k] === '}') {
          const open = stack.pop();
          if (open && open.fn && i - open.line + 1 > 80) long.push(`${name}:${open.line + 1} (${i - open.line + 1} lines)`);
        }
      }
    });
  }
  assert.deepEqual(long, []);
});
