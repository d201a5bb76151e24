// The course author's recipes (docs/authoring.md), built and opened: the plain HTML page, the
// Sphinx project (a Jupyter Book chapter is built the same way), the notebook converted by
// nbconvert (executed, so its IFrame and HTML outputs are real), the LMS-style sandboxed iframe and
// the goal recorder with its grading stub. They are built into a temporary folder and served from
// another origin (localhost) than the tool (127.0.0.1), as a course site would be; each is opened in
// Chromium and the tool inside must be ready, laid out (the iframe's geometry), and heard by the
// host where the recipe listens to it.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const h = require('./helpers.js');
const { startStub } = require('../../examples/grading-stub.js');

const root = path.resolve(__dirname, '..', '..');
const examples = path.join(root, 'examples');
const SPHINX = '/usr/bin/sphinx-build';
const NBCONVERT = '/usr/bin/jupyter-nbconvert';
let env;
let site; // the built recipes
let course; // their server (another origin)
let toolUrl;

function need(file, pkg) {
  assert.ok(fs.existsSync(file), `${file} is missing: install the Debian package ${pkg} (bash scripts/setup.sh test)`);
}

// The recipes' pages as a course site serves them: static files, no policy of the tool's.
function serveCourse(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html');
    if (rel === '/favicon.ico') return res.writeHead(204).end(); // (the browser asks every site for one)
    const file = path.join(dir, rel);
    if (!file.startsWith(dir + path.sep)) return res.writeHead(403).end();
    return fs.readFile(file, (err, body) => (err ? res.writeHead(404).end() : res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' }).end(body)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://localhost:${server.address().port}/`, close: () => new Promise((r) => server.close(r)),
  })));
}

// Builds every recipe into `dir`; the tool's address is the test's own server.
function build(dir) {
  need(SPHINX, 'python3-sphinx');
  need(NBCONVERT, 'jupyter-nbconvert (and python3-ipykernel to execute the notebook)');
  const envVars = Object.assign({}, process.env, { LINREG_TOOL: toolUrl, PATH: `/usr/bin:${process.env.PATH}`, PYDEVD_DISABLE_FILE_VALIDATION: '1' });
  fs.mkdirSync(path.join(dir, 'html'), { recursive: true });
  for (const name of ['plain.html', 'lms.html', 'goal-recorder.html']) {
    const text = fs.readFileSync(path.join(examples, name), 'utf8');
    assert.ok(text.includes('"../index.html#'), `${name} embeds ../index.html`);
    fs.writeFileSync(path.join(dir, 'html', name), text.split('"../index.html#').join(`"${toolUrl}#`));
  }
  execFileSync(SPHINX, ['-q', '-W', '-b', 'html', path.join(examples, 'sphinx'), path.join(dir, 'sphinx')], { env: envVars, stdio: 'pipe' });
  // Debian's nbconvert points require.js and MathJax at file:/// paths a served page cannot load;
  // the notebook needs neither.
  execFileSync(NBCONVERT, ['--to', 'html', '--execute', '--HTMLExporter.require_js_url=', '--HTMLExporter.mathjax_url=',
    '--output-dir', path.join(dir, 'notebook'), path.join(examples, 'notebook.ipynb')], { env: envVars, stdio: 'pipe', cwd: dir });
}

before(async () => {
  env = await h.setup();
  toolUrl = `${env.url}index.html`;
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-authoring-'));
  build(site);
  course = await serveCourse(site);
});
after(async () => {
  if (course) await course.close();
  if (env) await env.close();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

// A recipe's page, with its problems recorded (console errors, page errors, failed requests, and
// any request for neither the course site nor the tool, nor the origins in `also`).
async function openRecipe(rel, { width = 1280, height = 900, permissions, also = [] } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, permissions });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  const origins = [new URL(course.url).origin, new URL(env.url).origin, ...also];
  page.on('request', (r) => requests.push(r.url()));
  h.watchProblems(page, problems, (u) => origins.includes(u.origin));
  await page.goto(`${course.url}${rel}`);
  return { page, context, problems, requests };
}

// The tool's frame in `page` (the n-th, in document order), once the tool is ready.
async function toolFrame(page, n = 0) {
  const selector = `iframe[src^="${toolUrl}"]`;
  await page.waitForFunction((s) => document.querySelectorAll(s).length > 0, selector);
  const handle = (await page.$$(selector))[n];
  const frame = await handle.contentFrame();
  await frame.waitForSelector('body.is-ready', { timeout: 20000 });
  return { handle, frame };
}

// The iframe's box in the page and the tool's content inside it: the frame is inside the page and
// wide enough, and every visible part of the tool inside is at least 200 px wide and inside it.
async function geometry(page, handle, frame) {
  const outer = await handle.evaluate((f) => {
    const r = f.getBoundingClientRect();
    // height: the frame's inner height (a border is not the tool's).
    return { left: r.left, right: r.right, width: r.width, height: f.clientHeight, styleHeight: f.style.height, vw: document.documentElement.clientWidth,
      sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1 };
  });
  const inner = await frame.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const bad = [];
    for (const el of document.querySelectorAll('#transport, #settings, [data-card], .chart')) {
      if (el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 200 || r.left < -0.5 || r.right > vw + 0.5) bad.push(`${el.id || el.dataset.card || el.className}: ${Math.round(r.left)}..${Math.round(r.right)} of ${vw}`);
    }
    return { vw, content: Math.ceil(document.documentElement.getBoundingClientRect().height), client: document.documentElement.clientHeight, bad };
  });
  assert.ok(outer.left >= -0.5 && outer.right <= outer.vw + 0.5 && !outer.sideways, `the frame is inside the page: ${JSON.stringify(outer)}`);
  assert.ok(outer.width >= 300, `the frame is ${outer.width} px wide`);
  assert.deepEqual(inner.bad, [], 'the tool lays out inside its frame');
  return { outer, inner };
}

// The frame takes the height the tool reported, and the tool shows without a scroll bar.
// (Chromium pauses the rendering of a cross-origin frame that is off screen, and with it the
// tool's ResizeObserver: the frame is brought into view first, as a reader scrolls to it.)
// The tool builds the parts below its first screen after it is ready (web/later.js) and reports
// its height again then: the frame is measured once the tool is complete.
async function sizedByTool(page, handle, frame) {
  await handle.scrollIntoViewIfNeeded();
  await frame.waitForFunction(() => document.body.classList.contains('is-complete'));
  await page.waitForTimeout(600);
  const { outer, inner } = await geometry(page, handle, frame);
  const heights = await page.evaluate(() => (window.hostEvents || []).filter((m) => m.event === 'resize').map((m) => m.data.height));
  const sent = heights[heights.length - 1];
  assert.ok(Math.abs(outer.height - inner.content) <= 1, `frame ${outer.height} px (${outer.styleHeight}) for content ${inner.content} px (${inner.vw} wide; heard ${heights})`);
  if (sent !== undefined) assert.ok(Math.abs(sent - inner.content) <= 1, `the host heard ${sent} px for content ${inner.content} px`);
  assert.ok(inner.content <= inner.client + 1, `no scroll bar: ${inner.content} in ${inner.client}`);
}

test('plain HTML: the snippet and its resize listener; the frame is as tall as the tool, at 1280 and 390 px', async () => {
  for (const width of [1280, 390]) {
    const { page, context, problems } = await openRecipe('html/plain.html', { width, height: 844 });
    const { handle, frame } = await toolFrame(page);
    await sizedByTool(page, handle, frame);
    await frame.getByRole('button', { name: 'Step', exact: true }).click();
    assert.equal(await frame.locator('[data-counter="total"]').getAttribute('data-value'), '1');
    if (width === 390) await page.screenshot({ path: h.screenshotPath('authoring-plain-390x844.png'), fullPage: false });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('Sphinx (and Jupyter Book): the raw html directive embeds the tool, and its script hears the tool\'s events', async () => {
  const { page, context, problems } = await openRecipe('sphinx/index.html');
  await page.getByRole('heading', { name: 'Linear regression from scratch', exact: true }).waitFor();
  const { handle, frame } = await toolFrame(page);
  await page.waitForFunction(() => (window.hostEvents || []).some((m) => m.event === 'ready'));
  await sizedByTool(page, handle, frame);
  await frame.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'step' && m.data.step === 1));
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: h.screenshotPath('authoring-sphinx-1280x900.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Jupyter: the executed notebook\'s IFrame output shows the tool; its HTML output sizes the frame and hears the goal', async () => {
  const { page, context, problems } = await openRecipe('notebook/notebook.html');
  const first = await toolFrame(page, 0);
  const fixed = await geometry(page, first.handle, first.frame);
  assert.equal(Math.round(fixed.outer.height), 900, 'IFrame(..., height=900)');
  const second = await toolFrame(page, 1);
  await sizedByTool(page, second.handle, second.frame);
  for (let i = 0; i < 2; ++i) await second.frame.getByRole('button', { name: 'Epoch', exact: true }).click();
  await page.waitForFunction(() => /^Goal reached at step 64: val_loss /.test(document.getElementById('linreg-goal-status').textContent), null, { timeout: 20000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('LMS-style page: the sandbox and allow attributes the recipe gives are enough for every feature, and each one is needed', async (t) => {
  const lms = fs.readFileSync(path.join(site, 'html', 'lms.html'), 'utf8');
  const full = 'allow-scripts allow-same-origin allow-downloads allow-popups allow-popups-to-escape-sandbox';
  assert.ok(lms.includes(`sandbox="${full}"`) && lms.includes('allow="clipboard-write"'));
  const { page, context, problems } = await openRecipe('html/lms.html', { permissions: ['clipboard-read', 'clipboard-write'] });
  const { handle, frame } = await toolFrame(page);
  const { outer, inner } = await geometry(page, handle, frame);
  // No script sizes this frame: the hidden parts and settings make the tool fit its fixed height.
  assert.ok(inner.content <= outer.height + 1, `the tool (${inner.content} px) fits the frame (${outer.height} px)`);
  t.diagnostic(`LMS-style page at 1280 px: the tool is ${inner.content} px tall in its ${outer.height} px frame`);
  await frame.getByRole('button', { name: 'Epoch', exact: true }).click();
  assert.ok(await frame.locator('#setting-lr').isDisabled(), 'lock=lr');
  assert.deepEqual(await frame.locator('#settings .field[data-key]').evaluateAll((l) => l.filter((f) => f.getClientRects().length).map((f) => f.dataset.key)),
    ['lr', 'batch_size'], 'of the settings, only lr and batch_size show');
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: h.screenshotPath('authoring-lms-1280x900.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), frame.locator('[data-tool="save"]').click()]);
  assert.match(download.suggestedFilename(), /\.json$/);
  await frame.locator('[data-tool="link"]').click();
  await frame.locator('[data-part="tool-status"]', { hasText: 'Link copied' }).waitFor();
  const [popup] = await Promise.all([context.waitForEvent('page'), frame.locator('[data-part="full-page"]').click()]);
  await popup.waitForSelector('body.is-ready', { timeout: 20000 });
  assert.equal(await popup.evaluate(() => document.body.classList.contains('is-embedded')), false, 'the full page opens outside the sandbox');
  assert.deepEqual(problems, []);
  await context.close();

  // Without allow-downloads, Save is refused. Without allow-same-origin the frame's origin is
  // opaque: the browser refuses the tool's fetch of its WebAssembly file (CORS) and the tool starts
  // on its single-file build instead (web/moduleloader.js).
  for (const drop of ['allow-downloads', 'allow-same-origin']) {
    const variant = lms.replace(`sandbox="${full}"`, `sandbox="${full.replace(`${drop} `, '')}"`);
    fs.writeFileSync(path.join(site, 'html', `lms-no-${drop}.html`), variant);
    const v = await openRecipe(`html/lms-no-${drop}.html`);
    const { frame: f } = await toolFrame(v.page);
    if (drop === 'allow-same-origin') {
      assert.ok(v.problems.some((p) => /linreg\.wasm/.test(p) && /CORS|ERR_FAILED/.test(p)), v.problems.join('\n'));
      assert.ok(v.requests.some((u) => u.endsWith('linreg-packed.js')), 'the single-file build was loaded');
      await f.getByRole('button', { name: 'Step', exact: true }).click();
      assert.equal(await f.locator('[data-counter="total"]').getAttribute('data-value'), '1');
    } else {
      let downloaded = false;
      v.page.on('download', () => { downloaded = true; });
      await f.locator('[data-tool="save"]').click();
      await v.page.waitForTimeout(1000);
      assert.equal(downloaded, false, 'without allow-downloads, Save downloads nothing');
      assert.ok(v.problems.some((p) => /allow-downloads/.test(p)), v.problems.join('\n'));
    }
    await v.context.close();
  }
});

test('recording a goal: the host posts the tool\'s goal event to a grading endpoint (a local stub), with the value the CLI computes', async () => {
  const stub = await startStub(0);
  try {
    const rel = `html/goal-recorder.html?endpoint=${encodeURIComponent(stub.url)}&student=s-042`;
    const { page, context, problems } = await openRecipe(rel, { also: [new URL(stub.url).origin] });
    const { handle, frame } = await toolFrame(page);
    await sizedByTool(page, handle, frame);
    for (let i = 0; i < 2; ++i) await frame.getByRole('button', { name: 'Epoch', exact: true }).click();
    await page.locator('#record[data-state="recorded"]').waitFor({ timeout: 20000 });
    assert.equal(stub.grades.length, 1);
    const g = stub.grades[0];
    const cli = h.cliRun(['--lr', '0.1', '--max-epochs', '5']).run;
    assert.deepEqual({ student: g.student, metric: g.metric, threshold: g.threshold, step: g.step, epoch: g.epoch },
      { student: 's-042', metric: 'val_loss', threshold: 0.001, step: 64, epoch: 2 });
    assert.equal(g.value, cli.epochs[1].val_loss, 'the validation loss of epoch 2, as the CLI computes it');
    assert.ok(cli.epochs[0].val_loss >= 0.001, 'epoch 1 had not reached the goal');
    // The stub checks what it records.
    const bad = await fetch(stub.url, { method: 'POST', body: JSON.stringify(Object.assign({}, g, { value: 0.5 })) });
    assert.equal(bad.status, 422);
    assert.match((await bad.json()).error, /'value' must be below 'threshold'/);
    assert.equal(stub.grades.length, 1);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await stub.close();
  }
});
