// The section's math (web/math.js): five formulas typeset by KaTeX under the page's
// Content-Security-Policy with its own fonts, each symbol tied to its number in the current step
// (checked against an independent run of the module), focus on a symbol highlighting its number
// and the step inspector's lines, and the other way round; in Chinese too. KaTeX (web/dist/katex.js,
// its stylesheet and fonts) is downloaded only when the block is about to be shown; until then the
// formulas are plain text in boxes of the typeset height.
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

const dec4 = (x) => {
  const a = Math.abs(x);
  const s = a !== 0 && (a < 1e-3 || a >= 1e7) ? x.toExponential(3) : x.toFixed(4);
  return s.replace('-', '\u2212');
};

// The block's typesetting: KaTeX is loaded when the block comes near the window.
async function typesetNow(page) {
  await page.locator('#math').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => ['done', 'failed'].includes(document.querySelector('#math').dataset.typeset));
  assert.equal(await page.evaluate(() => document.querySelector('#math').dataset.typeset), 'done');
}

const requested = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname.split('/').pop()));

test('KaTeX is not downloaded until the math block is about to be shown; its plain text keeps the typeset height', async () => {
  const { page, context, problems } = await h.openPage(env);
  await h.press(page, 'Step');
  const katexFiles = (files) => files.filter((f) => /^katex\.|^KaTeX_/.test(f));
  assert.deepEqual(katexFiles(await requested(page)), [], 'nothing of KaTeX at the start');
  const geometry = () => page.evaluate(() => ({
    section: document.querySelector('#math').getBoundingClientRect().height,
    boxes: Array.from(document.querySelectorAll('#math .math-formula'), (b) => b.getBoundingClientRect().height),
    below: document.querySelector('#math').nextElementSibling.getBoundingClientRect().top + scrollY,
    overflow: Array.from(document.querySelectorAll('#math .math-formula'), (b) => b.scrollWidth > b.clientWidth),
  }));
  const before = await page.evaluate(() => ({
    state: document.querySelector('#math').dataset.typeset || null,
    plain: Array.from(document.querySelectorAll('#math .math-formula'), (b) => b.textContent),
  }));
  assert.equal(before.state, null, 'not typeset while far from the window');
  assert.equal(before.plain.length, 5);
  assert.match(before.plain[1], /^\u0177 = Xw \+ b$/);
  assert.ok(before.plain.every((text) => text.length > 5 && !text.includes('\\')), 'readable text, no TeX');
  const plain = await geometry();
  // (A clip of the whole page: scrolling the block into view would start its typesetting.)
  const box = await page.locator('#math').boundingBox();
  await page.screenshot({ path: h.screenshotPath('math-plain-1280x800.png'), fullPage: true, clip: box });
  assert.equal(await page.evaluate(() => document.querySelector('#math').dataset.typeset || null), null, 'still plain text');
  await typesetNow(page);
  await page.evaluate(() => document.fonts.ready);
  const done = await geometry();
  assert.ok(Math.abs(done.section - plain.section) < 1, `the block's height: ${plain.section} px as text, ${done.section} px typeset`);
  assert.ok(Math.abs(done.below - plain.below) < 1, 'what follows does not move');
  done.boxes.forEach((height, i) => assert.ok(Math.abs(height - plain.boxes[i]) < 1, `formula ${i}: ${plain.boxes[i]} -> ${height} px`));
  const files = katexFiles(await requested(page));
  assert.ok(files.includes('katex.js') && files.includes('katex.min.css') && files.some((f) => f.endsWith('.woff2')), files.join(', '));
  assert.equal(await page.locator('#math .math-formula .katex').count(), 5);
  await page.locator('#math').screenshot({ path: h.screenshotPath('math-typeset-1280x800.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a hidden math block is not typeset; shown, it is; from file:// too', async () => {
  const url = `${pathToFileURL(path.join(h.repoRoot, 'index.html')).href}`;
  const { page, context, problems } = await h.openPage(env, { url });
  await page.evaluate(() => { document.querySelector('#math').hidden = true; });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelector('#math').dataset.typeset || null), null, 'hidden: not typeset');
  await page.evaluate(() => { document.querySelector('#math').hidden = false; });
  await typesetNow(page);
  assert.equal(await page.locator('#math .math-formula .katex').count(), 5);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the formulas are typeset offline under the CSP, and their numbers are the step\'s', async () => {
  const { page, context, problems } = await h.openPage(env);
  await page.evaluate(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  await typesetNow(page);
  const typeset = await page.evaluate(async () => {
    await document.fonts.ready;
    const box = document.querySelector('#math').getBoundingClientRect();
    return {
      formulas: document.querySelectorAll('#math .math-formula .katex').length,
      symbols: Array.from(document.querySelectorAll('#math .math-formula [data-sym]'), (n) => n.dataset.sym),
      numbers: Array.from(document.querySelectorAll('#math dd[data-sym]'), (n) => n.getAttribute('tabindex')),
      mathml: document.querySelectorAll('#math .math-formula math').length,
      font: document.fonts.check('16px KaTeX_Main') && Array.from(document.fonts).some((f) => f.family.includes('KaTeX') && f.status === 'loaded'),
      overflow: Array.from(document.querySelectorAll('#math .math-label, #math .math-now')).filter((n) => n.getBoundingClientRect().right > box.right + 1).length,
      violations: window.__violations,
    };
  });
  assert.equal(typeset.formulas, 5);
  assert.deepEqual(typeset.symbols, ['wtrue', 'btrue', 'sigma', 'w', 'b', 'loss', 'batch', 'gradw', 'gradb', 'w', 'eta', 'b']);
  assert.equal(typeset.mathml, 5, 'MathML for screen readers');
  assert.ok(typeset.numbers.length === 10 && typeset.numbers.every((v) => v === '0'), 'every number takes the focus');
  assert.ok(typeset.font, 'KaTeX\'s own fonts loaded');
  assert.equal(typeset.overflow, 0, 'the labels and numbers stay inside the card');
  assert.deepEqual(typeset.violations, []);
  const ref = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    const t = api.create({});
    let mb;
    for (let i = 0; i < 3; ++i) mb = t.step();
    const s = t.state();
    t.delete();
    return { loss: mb.loss, gradW: Array.from(mb.gradW), gradB: mb.gradB, w: Array.from(s.w), b: s.b };
  });
  const shown = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('#math dd[data-sym]'), (d) => [d.dataset.sym, d.textContent])));
  assert.equal(shown.loss, dec4(ref.loss));
  assert.equal(shown.gradw, `[${ref.gradW.map(dec4).join(', ')}]`);
  assert.equal(shown.gradb, dec4(ref.gradB));
  assert.equal(shown.w, `[${ref.w.map(dec4).join(', ')}]`);
  assert.equal(shown.b, dec4(ref.b));
  assert.deepEqual([shown.wtrue, shown.btrue, shown.sigma, shown.batch, shown.eta], ['[2.0000, \u22123.4000]', '4.2000', '0.01', '32', '0.03']);

  // The pointer on the gradient's symbol: its number and the inspector's gradient lines light up.
  await page.locator('#math .math-formula [data-sym="gradw"]').hover();
  // (In any document order: the page's layout places the inspector and the math block.)
  const linked = () => page.evaluate(() => Array.from(document.querySelectorAll('.is-linked'), (n) => n.dataset.sym || `inspector:${n.closest('[data-part]').dataset.part}:${n.dataset.param}`).sort());
  assert.deepEqual(await linked(), ['gradw', 'gradw', 'inspector:gradient:w1', 'inspector:gradient:w2']);
  assert.match(await page.locator('#math dd[data-sym="gradw"]').getAttribute('aria-label'), /^the gradient with respect to w: \[/);
  // And the other way, by the keyboard: the learning rate's number lights up eta in the update.
  await page.mouse.move(0, 0);
  await page.locator('#math dd[data-sym="eta"]').focus();
  const eta = await linked();
  assert.deepEqual(eta.slice(0, 2), ['eta', 'eta']);
  assert.ok(eta.includes('inspector:updates:b'));
  await page.locator('#math dd[data-sym="eta"]').blur();
  assert.deepEqual(await linked(), []);
  await page.locator('#math').screenshot({ path: h.screenshotPath('math-1280x800.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('in Chinese, at 390 px, dark', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lang=zh`, width: 390, height: 844, colorScheme: 'dark' });
  await h.press(page, '单步');
  await typesetNow(page);
  assert.equal(await page.locator('#math-title').textContent(), '这一步的数学');
  assert.match(await page.locator('#math [data-part="math-note"]').textContent(), /^损失和梯度是第 1 步的/);
  const overflow = await page.evaluate(() => document.querySelector('#math').scrollWidth - document.querySelector('#math').clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling of the card (${overflow} px)`);
  await page.locator('#math').screenshot({ path: h.screenshotPath('math-390x844-dark-zh.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
