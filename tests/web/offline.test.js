// The self-contained folder (scripts/package.sh): copied to another place, it works from file://
// with no server and from a static host (at its root and in a sub-folder), and makes no request
// that is not for its own files (helpers.openPage records any other as a problem).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { startServer } = require('../../scripts/serve.js');
const h = require('./helpers.js');

let env;
let dir;
let site;
before(async () => {
  env = await h.setup();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-site-'));
  const built = path.join(dir, 'built');
  const out = execFileSync('bash', [path.join(h.repoRoot, 'scripts', 'package.sh'), built], { encoding: 'utf8' });
  assert.match(out, /^package: \d+ files, \d+ KiB -> /m);
  // "Copied anywhere": the folder moved elsewhere, away from the repository.
  site = path.join(dir, 'copied', 'linreg');
  fs.mkdirSync(path.dirname(site), { recursive: true });
  fs.cpSync(built, site, { recursive: true });
  fs.rmSync(built, { recursive: true, force: true });
});
after(async () => {
  if (env) await env.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function listFiles(root) {
  return fs.readdirSync(root, { recursive: true }).filter((f) => fs.statSync(path.join(root, f)).isFile()).sort();
}

test('the folder holds the page, its assets and the single-file module, and nothing that points outside', () => {
  const files = listFiles(site);
  for (const f of ['index.html', 'README.txt', 'examples/host.html', 'web/dist/linreg-single.js', 'web/dist/page.js',
    'web/dist/theme.js', 'web/dist/worker.js', 'web/vendor/uPlot.min.css', 'web/style.css',
    'web/dist/katex.js', 'web/vendor/katex/katex.min.css', 'web/dist/linreg-packed.js', 'web/vendor/katex/fonts/KaTeX_Main-Regular.woff2', 'web/dist/strings-zh.js']) {
    assert.ok(files.includes(f), `${f} is in the folder`);
  }
  assert.ok(!files.includes('web/dist/linreg.wasm'), 'only the single-file module');
  for (const f of files.filter((x) => /\.(html|js|css)$/.test(x))) {
    const text = fs.readFileSync(path.join(site, f), 'utf8');
    assert.ok(!text.includes(h.repoRoot), `${f} does not name the repository's path`);
    assert.ok(!/node_modules\//.test(text) || f.endsWith('linreg-single.js'), `${f} does not load from node_modules`);
  }
});

// A run to the end from the folder, compared with the command-line program.
async function runAndCheck(page) {
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).total.value, 1);
  await h.runToEnd(page);
  const cli = h.cliRun(['--seed', '0']);
  const errW = await page.locator('[data-readout="error-w"]').textContent();
  assert.equal(errW, cli.stdout.split('\n').find((l) => l.startsWith('error in estimating w')));
}

test('from file:// with no server: the page runs, dialogs work, and no request leaves the folder', async () => {
  const url = pathToFileURL(path.join(site, 'index.html')).href;
  const { page, context, problems } = await h.openPage(env, { url: `${url}#lr=0.03&theme=dark` });
  await runAndCheck(page);
  await page.locator('[data-tool="embed"]').click();
  assert.match(await page.locator("#embed-snippet").inputValue(), /^<iframe src="file:\/\/[^"]*\/index\.html#[^"]*embed=1"/);
  // The dialog's preview runs from disk too: the tool inside reports its height.
  await page.locator('[data-part="embed-preview"][data-height]').waitFor({ timeout: 20000 });
  await page.keyboard.press('Escape');
  await page.locator('[data-tool="data"]').click();
  await page.getByLabel('or paste it here').fill('x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n');
  await page.getByRole('button', { name: 'Train on this data' }).click();
  await h.press(page, 'Epoch');
  assert.match(await page.locator('[data-part="data-source"]').textContent(), /your own/);
  const requests = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(requests.every((r) => r.startsWith('file:') || r.startsWith('data:') || r.startsWith('blob:')), requests.join('\n'));
  // The math block, typeset from the folder when it is shown (KaTeX loaded then).
  await page.locator('#math').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('#math').dataset.typeset === 'done');
  assert.equal(await page.locator('#math .math-formula .katex').count(), 5);
  await page.screenshot({ path: h.screenshotPath('offline-file-dark-1280x800.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('from a static host, at its root and in a sub-folder', async () => {
  const root = await startServer(site, 0);
  const parent = await startServer(path.dirname(site), 0);
  try {
    for (const url of [root.url, `${parent.url}linreg/index.html`]) {
      const { page, context, problems } = await h.openPage(env, { url, width: 390, height: 844 });
      await runAndCheck(page);
      assert.deepEqual(problems, [], url);
      await context.close();
    }
    // In Chinese: its table (web/dist/strings-zh.js) comes from the folder too.
    const { page, context, problems } = await h.openPage(env, { url: `${parent.url}linreg/index.html#lang=zh` });
    assert.equal(await page.locator('[data-action="step"] .label').textContent(), '单步');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await root.close();
    await parent.close();
  }
});
