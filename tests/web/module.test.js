// Which build of the module the page loads (web/moduleloader.js): over http the two-file build
// (the wasm fetched and compiled while it downloads), from file:// the single file; both give the
// command-line program's numbers.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const loaded = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname.split('/').pop()));

async function stepsLikeTheCli(page) {
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  const shown = await h.shownParams(page);
  const cli = h.cliRun(['--seed', '0']).run;
  assert.deepEqual(shown.w, cli.steps[2].w);
  assert.equal(shown.b, cli.steps[2].b);
}

test('over http: the two-file build, its wasm fetched next to the glue; the single file is not downloaded', async () => {
  const { page, context, problems } = await h.openPage(env);
  const files = await loaded(page);
  assert.ok(files.includes('linreg.wasm') && files.includes('linreg.js'), files.join(', '));
  assert.ok(!files.includes('linreg-single.js') && !files.includes('linreg-packed.js'), 'no single-file module');
  // The wasm is asked for from <head> (web/preload.js: <link rel="preload">), once: the glue's
  // streaming fetch takes the preloaded response.
  const wasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/linreg.wasm')).map((r) => r.initiatorType));
  assert.deepEqual(wasm, ['link']);
  await stepsLikeTheCli(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('from file://: the single-file build (a browser fetches nothing from disk)', async () => {
  const url = pathToFileURL(path.join(h.repoRoot, 'index.html')).href;
  const { page, context, problems } = await h.openPage(env, { url });
  const scripts = await page.evaluate(() => Array.from(document.scripts, (s) => s.getAttribute('src')));
  assert.ok(scripts.includes('web/dist/linreg-packed.js'), scripts.join(', '));
  assert.equal(await page.locator('link[rel="preload"]').count(), 0, 'no preload of the wasm from file://');
  await stepsLikeTheCli(page);
  assert.deepEqual(problems, []);
  await context.close();
});
