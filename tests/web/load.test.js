// What the default page loads (issue 16): in English over http, the page, its stylesheets, the
// theme script, the module's glue and wasm (the wasm once, preloaded) and the page's bundle, and
// nothing else: no Chinese text (web/dist/strings-zh.js), no KaTeX (web/dist/katex.js, its
// stylesheet, its fonts) until the math block is shown, no single-file module. Then the math block,
// scrolled to, loads KaTeX and is typeset.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

test('the bundle holds no KaTeX; KaTeX\'s own bundle does', () => {
  const read = (f) => fs.readFileSync(path.join(h.repoRoot, 'web', 'dist', f), 'utf8');
  // A message of KaTeX's parser, in its code (and nowhere in ours).
  assert.ok(read('katex.js').includes('KaTeX parse error'));
  assert.ok(!read('page.js').includes('KaTeX parse error'), 'web/dist/page.js does not carry KaTeX');
});

test('in English over http: only the page\'s own files until the math block is shown, then KaTeX', async () => {
  const { page, context, problems } = await h.openPage(env);
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
  await h.press(page, 'Step');
  const first = [...loaded, ...requests].map((p) => p.replace(/^\//, '')).sort();
  assert.deepEqual(first, ['web/dist/linreg.js', 'web/dist/linreg.wasm', 'web/dist/page.js', 'web/dist/theme.js',
    'web/style.css', 'web/theme.css', 'web/tools.css', 'web/vendor/uPlot.min.css']);
  requests.length = 0;
  await page.locator('#math').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('#math').dataset.typeset === 'done');
  await page.evaluate(() => document.fonts.ready);
  assert.equal(await page.locator('#math .math-formula .katex').count(), 5);
  const later = requests.map((p) => p.replace(/^\//, ''));
  assert.ok(later.includes('web/dist/katex.js') && later.includes('web/vendor/katex/katex.min.css'), later.join(', '));
  assert.ok(later.every((p) => p.startsWith('web/dist/katex.js') || p.startsWith('web/vendor/katex/')), later.join(', '));
  assert.ok(!later.some((p) => /strings-|linreg-(single|packed)/.test(p)));
  assert.deepEqual(problems, []);
  await context.close();
});
