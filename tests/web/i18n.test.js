// Languages: every text is in web/strings.js in English and Simplified Chinese; the page shows no
// missing key in either language and, in Chinese, no English beyond names, formulas and the
// config's own keys and values; the language follows the browser or the URL flag.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

// The string table, imported as the ES module it is.
async function loadStrings() {
  return (await import(pathToFileURL(path.join(h.repoRoot, 'web', 'strings.js')).href)).strings;
}

test('the string table: every English text has a Chinese one with the same placeholders', async () => {
  const { STRINGS, detect } = await loadStrings();
  const en = Object.keys(STRINGS.en);
  assert.ok(en.length > 300, `${en.length} texts`);
  const missing = en.filter((k) => !(k in STRINGS.zh));
  assert.deepEqual(missing, []);
  const extra = Object.keys(STRINGS.zh).filter((k) => !(k in STRINGS.en));
  assert.deepEqual(extra, []);
  const holes = (text) => (typeof text === 'string' ? Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]).sort() : null);
  for (const k of en) {
    if (typeof STRINGS.en[k] !== 'string' || typeof STRINGS.zh[k] !== 'string') continue;
    assert.deepEqual(holes(STRINGS.zh[k]), holes(STRINGS.en[k]), `the placeholders of '${k}'`);
  }
  // The language: the URL flag, else the browser's first language we have.
  const loc = (hash) => ({ hash, search: '' });
  assert.equal(detect(loc('#lang=zh'), ['en-US']), 'zh');
  assert.equal(detect(loc('#lr=1&lang=en'), ['zh-CN']), 'en');
  assert.equal(detect(loc(''), ['fr-FR', 'zh-Hans-CN', 'en']), 'zh');
  assert.equal(detect(loc(''), ['fr-FR']), 'en');
  assert.equal(detect(loc('#lang=xx'), ['zh-TW']), 'zh');
});

// Visible text and labels of the page, with the page busy: a step taken, the tables open.
async function visibleWords(page) {
  await page.locator('#transport .btn.primary').click();
  for (const summary of await page.locator('details > summary').all()) {
    if (await summary.isVisible()) await summary.click();
  }
  return page.evaluate(() => {
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('code, kbd, pre, script, style, .math, .sym, [hidden], .visually-hidden')) continue;
      if (el.getClientRects().length) texts.push(n.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const a of ['aria-label', 'title']) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
    }
    texts.push(document.title);
    return texts;
  });
}

test('no key shows instead of its text, in either language', async () => {
  for (const lang of ['en', 'zh']) {
    const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lang=${lang}` });
    const texts = await visibleWords(page);
    const keys = texts.flatMap((t) => t.match(/\b[a-z]+\.[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9-]+)*\b/g) || [])
      .filter((k) => !/^(d2l\.ai|zh\.d2l|linreg|uPlot|e\.g|i\.e)/.test(k) && !/\.(js|css|json|csv|png|html)$/.test(k));
    assert.deepEqual(keys, [], `${lang}: text keys on the page`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('in Chinese, the page shows no English beyond names, formulas and the config\'s own words', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lang=zh` });
  const config = await page.evaluate(async () => (await window.LinReg.load()).schema().fields.flatMap((s) => [s.key, ...(s.choices || [])]));
  const allowed = new Set([
    ...config.flatMap((k) => k.split('_')),
    'Huber', 'Trainer', 'Plot', 'WebAssembly', 'ProgressBoard', 'mean', 'noise', 'grad', 'epoch', 'sigma', 'delta', 'none',
    'book', 'custom', 'Ohm', 'Space',
  ]);
  const texts = await visibleWords(page);
  const english = texts.flatMap((t) => t.match(/[A-Za-z][a-z]{3,}/g) || []).filter((w) => !allowed.has(w));
  assert.deepEqual(Array.from(new Set(english)), []);
  assert.deepEqual(problems, []);
  await context.close();
});

// Only the language shown is downloaded: the page's bundle holds English alone, and Chinese is
// its own script (scripts/bundle.js writes web/dist/strings-zh.js from web/strings.js's zh table),
// loaded only when the page shows Chinese; a change of #lang reloads the page in the other language.
const requested = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname.split('/').pop()));

test('the bundle holds English only; the Chinese table is its own file, with every text', async () => {
  const { STRINGS } = await loadStrings();
  const bundle = fs.readFileSync(path.join(h.repoRoot, 'web', 'dist', 'page.js'), 'utf8');
  const chinese = Object.values(STRINGS.zh).filter((v) => typeof v === 'string' && /[\u4e00-\u9fff]{4}/.test(v));
  assert.ok(chinese.length > 300);
  assert.deepEqual(chinese.filter((v) => bundle.includes(v)), [], 'no Chinese text in web/dist/page.js');
  assert.ok(bundle.includes(STRINGS.en['status.ready']), 'the English text is in the bundle');
  const sandbox = {};
  sandbox.globalThis = sandbox;
  require('node:vm').runInNewContext(fs.readFileSync(path.join(h.repoRoot, 'web', 'dist', 'strings-zh.js'), 'utf8'), sandbox);
  assert.deepEqual(Object.keys(sandbox.LINREG_STRINGS.zh), Object.keys(STRINGS.zh));
  for (const k of Object.keys(STRINGS.zh)) {
    if (typeof STRINGS.zh[k] === 'string') assert.equal(sandbox.LINREG_STRINGS.zh[k], STRINGS.zh[k], k);
  }
});

test('in English no Chinese is downloaded; switching to Chinese reloads with its table, and back', async () => {
  const { page, context, problems } = await h.openPage(env);
  assert.ok(!(await requested(page)).some((f) => f.startsWith('strings-')), 'no strings-*.js for English');
  assert.equal(await page.locator('[data-action="step"] .label').textContent(), 'Step');
  // The language changed in the link: the page reloads in Chinese, loading the Chinese table.
  await page.evaluate(() => { location.hash = 'lang=zh'; });
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans' && document.body !== null && document.body.classList.contains('is-ready'));
  assert.ok((await requested(page)).includes('strings-zh.js'));
  assert.equal(await page.locator('[data-action="step"] .label').textContent(), '单步');
  assert.equal(await page.title(), '线性回归的从零开始实现：逐步演示');
  await h.press(page, '单步');
  assert.match(await page.locator('#status').textContent(), /[\u4e00-\u9fff]/);
  await page.evaluate(() => { location.hash = 'lang=en'; });
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body !== null && document.body.classList.contains('is-ready'));
  assert.ok(!(await requested(page)).some((f) => f.startsWith('strings-')));
  assert.equal(await page.title(), 'Linear regression from scratch, step by step');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Chinese from file://, and English when the Chinese table cannot be loaded', async () => {
  const file = `${pathToFileURL(path.join(h.repoRoot, 'index.html')).href}#lang=zh`;
  const { page, context, problems } = await h.openPage(env, { url: file });
  assert.equal(await page.locator('[data-action="step"] .label').textContent(), '单步');
  assert.deepEqual(problems, []);
  await context.close();
  const missing = await h.openPage(env, { url: `${env.url}#lang=zh`, ready: false });
  await missing.page.route('**/strings-zh.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await missing.page.reload();
  await missing.page.waitForSelector('body.is-ready');
  assert.equal(await missing.page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await missing.page.locator('[data-action="step"] .label').textContent(), 'Step');
  // (The 404 itself, and the console's line about it, are the only problems.)
  assert.ok(missing.problems.every((p) => /strings-zh\.js|Failed to load resource: .* 404/.test(p)), missing.problems.join('; '));
  await missing.context.close();
});
