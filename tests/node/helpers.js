// Shared by the Node tests: where the builds are, the API loaded once per process, the native CLI,
// and exact comparison of numbers.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'web', 'dist');
const CLI = process.env.LINREG_CLI || path.join(ROOT, 'build', 'linreg');
const API_PATH = path.join(ROOT, 'web', 'dist', 'linreg-api.cjs'); // CommonJS build of web/linreg-api.js

function requireBuilt(file, how) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: ${how}`);
}

// The API over the single-file build (the default factory under Node).
function loadApi() {
  requireBuilt(path.join(DIST, 'linreg-single.js'), 'build the wasm module first (see README.md)');
  return require(API_PATH).load();
}

// The API, ready for measuring its heap: the module keeps 1 MiB back from its first call on, to
// report running out of memory (see cpp/bindings.cpp), and allocates a few bytes once for its first
// trainer; a first trainer made and deleted here does both before a test measures.
async function loadWarmedApi() {
  const api = await loadApi();
  const warmUp = api.create({ max_epochs: 2 });
  warmUp.fit();
  warmUp.delete();
  return api;
}

// The wasm heap: bytes in use and the memory's size.
function heapOf(api) {
  return { inUse: api.heapInUse(), size: api.heapSize() };
}

// The API over the build with a separate .wasm (Node's fetch cannot read file paths: pass the bytes).
function loadSeparateWasmApi() {
  requireBuilt(path.join(DIST, 'linreg.wasm'), 'build the wasm module first (see README.md)');
  return require(API_PATH).load({
    factory: require(path.join(DIST, 'linreg.js')),
    moduleOptions: { wasmBinary: fs.readFileSync(path.join(DIST, 'linreg.wasm')) },
  });
}

// Runs the native CLI; returns { status, stdout, stderr }.
function runCli(args) {
  requireBuilt(CLI, 'build the native CLI first (cmake -S . -B build && cmake --build build), or set LINREG_CLI');
  const r = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The CLI's --export-run text for a preset plus a config object (written to a temporary file).
function cliExport(preset, overrides) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-node-'));
  try {
    const configFile = path.join(dir, 'config.json');
    const runFile = path.join(dir, 'run.json');
    fs.writeFileSync(configFile, JSON.stringify(overrides || {}));
    const r = runCli(['--preset', preset, '--config', configFile, '--export-run', runFile, '--quiet']);
    // Exit status 1 is a diverged run, which is still exported.
    assert.ok(r.status === 0 || r.status === 1, `linreg failed (${r.status}): ${r.stderr}`);
    return fs.readFileSync(runFile, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Exact equality of a number from a run export (null stands for NaN or an infinity) and a JS number.
function sameNumber(expected, actual) {
  if (expected === null) return typeof actual === 'number' && !Number.isFinite(actual);
  return Object.is(expected, actual);
}

// A number as the messages show it (-0 and the full precision visible).
function show(x) {
  return Object.is(x, -0) ? '-0' : String(x);
}

// Asserts exact equality, element by element, and names the first difference.
function assertSameNumbers(expected, actual, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; ++i) {
    if (!sameNumber(expected[i], actual[i])) {
      assert.fail(`${what}[${i}]: expected ${show(expected[i])}, got ${show(actual[i])}`);
    }
  }
}

function assertSameNumber(expected, actual, what) {
  if (!sameNumber(expected, actual)) assert.fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

// Messages of an Error thrown by fn (fails when it does not throw an Error).
function errorMessage(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, `threw a non-Error: ${e}`);
    return e.message;
  }
  assert.fail('expected an Error');
}

module.exports = {
  ROOT, DIST, CLI, API_PATH,
  loadApi, loadWarmedApi, heapOf, loadSeparateWasmApi, runCli, cliExport,
  sameNumber, assertSameNumbers, assertSameNumber, errorMessage,
};
