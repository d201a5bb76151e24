// Shared set-up for the page tests: the static server, headless Chromium (playwright-core), a page
// that records console errors and failed requests, and the native command-line program's run.
'use strict';
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer } = require('../../scripts/serve.js');

const repoRoot = path.resolve(__dirname, '..', '..');
const artifacts = path.join(repoRoot, 'tests', 'artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The page needs web/dist (the wasm build) and web/vendor (scripts/vendor.sh).
function checkBuilt() {
  for (const f of ['web/dist/linreg-single.js', 'web/dist/page.js']) {
    assert.ok(fs.existsSync(path.join(repoRoot, f)), `${f} is missing: build the page first (bash scripts/build.sh)`);
  }
  // The one-file module the page loads from file:// is written from the wasm (scripts/bundle.js):
  // again when the wasm was rebuilt alone.
  const packed = path.join(repoRoot, 'web/dist/linreg-packed.js');
  if (!fs.existsSync(packed) || fs.statSync(packed).mtimeMs < fs.statSync(path.join(repoRoot, 'web/dist/linreg.wasm')).mtimeMs) {
    execFileSync(process.execPath, [path.join(repoRoot, 'scripts/bundle.js'), '--pack'], { stdio: 'inherit' });
  }
  if (!fs.existsSync(path.join(repoRoot, 'web/vendor/uPlot.min.css'))) {
    execFileSync('bash', [path.join(repoRoot, 'scripts/vendor.sh')], { stdio: 'inherit' });
  }
}

// One server and one browser per test file; a fresh context (profile) per page.
async function setup() {
  checkBuilt();
  const server = await startServer(repoRoot, 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

// Records in `problems` what a page must not do: a request that `allowed(url)` refuses (data: and
// blob: always pass), console errors and warnings, uncaught errors, failed requests and HTTP errors.
function watchProblems(page, problems, allowed) {
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'data:' || u.protocol === 'blob:' || allowed(u)) return;
    problems.push(`external request: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A font the math block asked for is aborted (net::ERR_ABORTED) when the page moves on before it
  // arrived (a reload for another language, the context closed): not a failure. A missing one is a 404.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (!(error === 'net::ERR_ABORTED' && /\.woff2$/.test(r.url()))) problems.push(`request failed: ${r.url()} (${error})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
}

// A page with its problems recorded: console errors and warnings, uncaught exceptions, failed or
// unsuccessful requests, and any request that is not for the page's own files (another origin;
// from file://, anything but file:, data: and blob:). `url` defaults to the served page; waits
// until the page is ready and complete (body.is-complete: every part built). `context` options
// (locale, colorScheme, hasTouch, ...) are passed on.
async function openPage(env, { width = 1280, height = 800, url = env.url, ready = true, ...options } = {}) {
  const context = await env.browser.newContext(Object.assign({ viewport: { width, height } }, options));
  const page = await context.newPage();
  const problems = [];
  const own = new URL(url);
  watchProblems(page, problems, (u) => (own.protocol === 'file:' ? u.protocol === 'file:' : u.origin === own.origin));
  await page.goto(url);
  if (ready) {
    await page.waitForSelector('body.is-ready', { timeout: 15000 });
    // The parts below the first screen are built after that (web/later.js): the tests read them all.
    await page.waitForSelector('body.is-complete', { state: 'attached', timeout: 15000 });
  }
  return { page, context, problems };
}

// ---- Reading the page ------------------------------------------------------------------------

async function counters(page) {
  return page.evaluate(() => {
    const read = (name) => {
      const el = document.querySelector(`[data-counter="${name}"]`);
      return { value: Number(el.dataset.value), text: el.textContent.trim() };
    };
    return { epoch: read('epoch'), step: read('step'), examples: read('examples'), total: read('total') };
  });
}

async function dataset(page, selector) {
  return page.evaluate((s) => Object.assign({}, document.querySelector(s).dataset), selector);
}

// The current parameters as the readouts show them: {w: [...], b} (full precision from
// data-value, and the six-decimal text).
async function shownParams(page) {
  return page.evaluate(() => {
    const rows = Array.from(document.querySelectorAll('[data-readout="params"] tr[data-param]'));
    const out = { w: [], wText: [], b: null, bText: null };
    for (const tr of rows) {
      const now = tr.querySelector('td.now');
      if (tr.dataset.param === 'b') {
        out.b = Number(now.dataset.value);
        out.bText = now.textContent;
      } else {
        out.w.push(Number(now.dataset.value));
        out.wText.push(now.textContent);
      }
    }
    return out;
  });
}

// The inspector's update lines, parsed: {param, before, lr, grad, after}.
async function updateLines(page) {
  const texts = await page.$$eval('[data-part="updates"] li[data-param]', (lis) =>
    lis.map((li) => ({ param: li.dataset.param, text: li.textContent })));
  const num = '([-+0-9.e]+)';
  const re = new RegExp(`\u2190\\s*${num}\\s+-\\s+${num}\\s+\u00d7\\s+\\(?${num}\\)?\\s+=\\s+${num}`);
  return texts.map(({ param, text }) => {
    const m = text.replace(/\u2212/g, '-').match(re);
    assert.ok(m, `update line not in the form "p \u2190 a \u2212 lr \u00d7 g = c": ${text}`);
    return { param, text, before: Number(m[1]), lr: Number(m[2]), grad: Number(m[3]), after: Number(m[4]) };
  });
}

// Presses a transport button by its accessible name.
async function press(page, name) {
  await page.getByRole('button', { name, exact: true }).click();
}

// Types into a settings field (by its label) and commits it with Enter.
async function setField(page, key, text) {
  const input = page.locator(`#setting-${key}`);
  await input.fill(text);
  await input.press('Enter');
}

async function fieldError(page, key) {
  return (await page.locator(`#setting-${key}-error`).textContent()).trim();
}

// Runs the page to the end at full speed.
async function runToEnd(page) {
  await page.selectOption('[data-control="speed"]', '1000000');
  await press(page, 'Run');
  // Done, diverged, or finished with a warning (a run whose loss grew: data-ended says it ended).
  await page.waitForFunction(() => {
    const s = document.querySelector('#status');
    return s.dataset.kind === 'done' || s.dataset.kind === 'error' || (s.dataset.kind === 'warn' && s.dataset.ended === 'true');
  }, null, { timeout: 30000 });
}

// ---- The native command-line program ------------------------------------------------------

function cliPath() {
  const cli = process.env.LINREG_CLI || path.join(repoRoot, 'build', 'linreg');
  assert.ok(fs.existsSync(cli), `the command-line program ${cli} is missing: build it (bash scripts/build.sh) or set LINREG_CLI`);
  return cli;
}

// stdout (and exit status) of the CLI, plus its --export-run JSON, for the given arguments.
function cliRun(args = []) {
  const cli = cliPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-web-'));
  const file = path.join(dir, 'run.json');
  let stdout = '';
  let stderr = '';
  let status = 0;
  try {
    stdout = execFileSync(cli, [...args, '--export-run', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    stdout = e.stdout;
    stderr = e.stderr;
    status = e.status;
  }
  const run = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  return { stdout, stderr, status, run };
}

function screenshotPath(name) {
  fs.mkdirSync(artifacts, { recursive: true });
  return path.join(artifacts, name);
}

// examples/host.html (the example course page that embeds the tool), once the tool has said
// `event` (ready, by default); `tool` is the embedded tool's frame.
async function openHost(env, { width = 1280, height = 1000, event = 'ready' } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(`${env.url}examples/host.html`);
  await page.waitForFunction((name) => window.hostEvents && window.hostEvents.some((m) => m.event === name), event, { timeout: 15000 });
  const tool = page.frames().find((f) => f.url().includes('index.html'));
  return { page, context, tool };
}

// The embedded tool's height as the host last heard it, once the tool is complete (the parts below
// its first screen are built after it is ready, web/later.js, and it grows) and that height has
// reached the host: the tool's report and the host's resize are a round trip of messages, given up
// to `ms` on a busy machine. Returns the last reading: the content's height (scrollHeight and the
// rounded-up box height), the frame's client height inside it, what the host heard and the frame's
// height on the host page.
async function settledHeight(page, tool, { ms = 5000 } = {}) {
  await tool.waitForSelector('body.is-complete', { state: 'attached', timeout: 15000 });
  const read = async () => {
    const content = await tool.evaluate(() => ({
      height: document.documentElement.scrollHeight,
      box: Math.ceil(document.documentElement.getBoundingClientRect().height),
      client: document.documentElement.clientHeight,
    }));
    const host = await page.evaluate(() => ({
      sent: (window.hostEvents.filter((m) => m.event === 'resize').pop() || { data: {} }).data.height,
      frame: document.getElementById('tool').clientHeight,
    }));
    return { content, ...host };
  };
  const end = Date.now() + ms;
  for (;;) {
    const m = await read();
    const settled = Math.abs(m.sent - m.content.box) <= 1 && Math.abs(m.sent - m.content.height) <= 1 && Math.abs(m.frame - m.content.box) <= 1 && m.content.height <= m.content.client + 1;
    if (settled || Date.now() > end) return m;
    await page.waitForTimeout(200);
  }
}

module.exports = {
  watchProblems,
  settledHeight,
  repoRoot,
  setup,
  openPage,
  openHost,
  counters,
  dataset,
  shownParams,
  updateLines,
  press,
  setField,
  fieldError,
  runToEnd,
  cliRun,
  screenshotPath,
};
