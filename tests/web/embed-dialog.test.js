// The Embed dialog's live preview and its per-setting locks and hides: the preview is an <iframe>
// of exactly the snippet's URL, sized by the tool's resize event, and the tool inside applies
// what the dialog says (hidden parts and settings, locked settings).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

// The src of the snippet's <iframe> (its attribute, unescaped).
async function snippetSrc(dialog) {
  const text = await dialog.locator('#embed-snippet').inputValue();
  const m = /^<iframe src="([^"]*)"/.exec(text);
  assert.ok(m, `the snippet is an <iframe> with a src: ${text}`);
  return m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}

// Waits until the preview shows the snippet's URL and the tool inside is complete (every part
// built: web/later.js) and has reported its height; returns the frame and what the preview and
// the tool say.
async function settledPreview(page, dialog) {
  const src = await snippetSrc(dialog);
  await page.waitForFunction((want) => {
    const f = document.querySelector('[data-part="embed-preview"]');
    return f && f.src === want && f.dataset.height && f.contentDocument && f.contentDocument.body.classList.contains('is-complete');
  }, src, { timeout: 20000 });
  const frame = page.frames().find((f) => f.parentFrame() === page.mainFrame() && f.url() === src);
  assert.ok(frame, `a frame at ${src}`);
  await page.waitForTimeout(300); // the last resize after the layout settles
  const outer = await page.evaluate(() => {
    const f = document.querySelector('[data-part="embed-preview"]');
    return { src: f.src, location: f.contentWindow.location.href, height: f.getBoundingClientRect().height, reported: Number(f.dataset.height) };
  });
  const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  return { src, frame, outer, content };
}

test('the Embed dialog previews exactly its snippet, sized by the tool\'s resize event, and the tool applies each setting\'s lock and hide', async () => {
  const { page, context, problems } = await h.openPage(env, { width: 1280, height: 800 });
  await h.setField(page, 'lr', '0.1');
  await page.click('[data-tool="embed"]');
  const dialog = page.getByRole('dialog', { name: 'Embed in a course page' });
  await dialog.waitFor();
  let p = await settledPreview(page, dialog);
  assert.equal(p.outer.src, p.src);
  assert.equal(p.outer.location, p.src, 'the preview frame shows the snippet\'s URL');
  assert.ok(Math.abs(p.outer.reported - p.content) <= 1, `reported ${p.outer.reported} for content ${p.content}`);
  assert.ok(Math.abs(p.outer.height - p.content) <= 1, `frame ${p.outer.height} for content ${p.content}`);

  // One row per field of the schema; lock lr, hide seed and noise, hide the inspector.
  await dialog.locator('.embed-each summary').click();
  const keys = await page.evaluate(async () => (await LinReg.load()).schema().fields.map((f) => f.key)); // the core's fields
  assert.deepEqual(await dialog.locator('[data-lock]').evaluateAll((l) => l.map((x) => x.dataset.lock)), keys);
  assert.deepEqual(await dialog.locator('[data-hide]').evaluateAll((l) => l.map((x) => x.dataset.hide)), keys);
  await dialog.getByLabel('Lock Learning rate (lr)').check();
  await dialog.locator('[data-hide="seed"]').check();
  await dialog.locator('[data-hide="noise"]').check();
  await dialog.getByLabel('Step inspector').check();
  assert.ok(await dialog.locator('[data-lock="seed"]').isChecked(), 'a hidden setting shows as locked');
  assert.ok(await dialog.locator('[data-lock="seed"]').isDisabled());
  p = await settledPreview(page, dialog);
  assert.match(p.src, /#lr=0\.1&embed=1&hide=inspector,noise,seed&lock=lr$/);
  assert.equal(p.outer.location, p.src);
  const inside = await p.frame.evaluate(() => {
    const shown = (sel) => document.querySelector(sel).getClientRects().length > 0;
    return {
      seed: shown('#setting-seed'), noise: shown('#setting-noise'), lr: shown('#setting-lr'), inspector: shown('#inspector'),
      lrLocked: document.querySelector('#setting-lr').disabled, seedLocked: document.querySelector('#setting-seed').disabled,
      batchLocked: document.querySelector('#setting-batch_size').disabled, preset: document.querySelector('#preset').disabled,
    };
  });
  assert.deepEqual(inside, { seed: false, noise: false, lr: true, inspector: false, lrLocked: true, seedLocked: true, batchLocked: false, preset: true });
  assert.ok(Math.abs(p.outer.height - p.content) <= 1, `frame ${p.outer.height} for content ${p.content}`);

  // Lock every setting: each box shows locked and cannot be unticked; unticking it gives back
  // the author's own choices.
  await dialog.getByLabel('Lock every setting').check();
  assert.ok(await dialog.locator('[data-lock="batch_size"]').isChecked());
  assert.ok(await dialog.locator('[data-lock="batch_size"]').isDisabled());
  assert.match(await snippetSrc(dialog), /&lock=all$/);
  await dialog.getByLabel('Lock every setting').uncheck();
  assert.ok(!(await dialog.locator('[data-lock="batch_size"]').isChecked()));
  assert.ok(await dialog.locator('[data-lock="lr"]').isChecked());
  assert.match(await snippetSrc(dialog), /&lock=lr$/);

  // Every setting hidden, and the tools: the tool lays out as without its settings panel.
  for (const key of keys) await dialog.locator(`[data-hide="${key}"]`).check();
  await dialog.getByLabel('Data, save and share').check();
  p = await settledPreview(page, dialog);
  assert.equal(p.outer.location, p.src);
  const layout = await p.frame.evaluate(() => ({
    noSettings: document.body.classList.contains('embed-no-settings'),
    panel: document.querySelector('#settings').getClientRects().length,
    lr: document.querySelector('#setting-lr').disabled,
  }));
  assert.deepEqual(layout, { noSettings: true, panel: 0, lr: true });
  await page.screenshot({ path: h.screenshotPath('embed-dialog-1280x800.png') });
  // Closing the dialog stops the preview (no tool keeps running behind it).
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // The <dialog>'s close event, which stops the preview, comes a task after it hides.
  await page.waitForFunction(() => !document.querySelector('[data-part="embed-preview"]'), null, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the dialog stacks its options above the preview, and nothing scrolls sideways', async () => {
  const { page, context, problems } = await h.openPage(env, { width: 390, height: 844, hasTouch: true, isMobile: true });
  await page.click('[data-tool="embed"]');
  const dialog = page.getByRole('dialog', { name: 'Embed in a course page' });
  await dialog.waitFor();
  await dialog.getByLabel('Settings', { exact: true }).check();
  await dialog.getByLabel('Exercises').check();
  const p = await settledPreview(page, dialog);
  assert.equal(p.outer.location, p.src);
  const geo = await page.evaluate(() => {
    const d = document.querySelector('.dialog-embed').getBoundingClientRect();
    const opts = document.querySelector('.embed-options').getBoundingClientRect();
    const prev = document.querySelector('[data-part="embed-preview"]').getBoundingClientRect();
    const body = document.querySelector('.dialog-embed');
    return { left: d.left, right: d.right, vw: innerWidth, optsBottom: opts.bottom, prevTop: prev.top, prevWidth: prev.width, sideways: body.scrollWidth > body.clientWidth };
  });
  assert.ok(geo.left >= 0 && geo.right <= geo.vw, `the dialog is inside the screen: ${geo.left}..${geo.right}`);
  assert.ok(geo.prevTop >= geo.optsBottom - 1, 'the preview follows the options');
  assert.ok(geo.prevWidth >= 300, `the preview is ${geo.prevWidth} px wide`);
  assert.equal(geo.sideways, false);
  await page.locator('[data-part="embed-preview-box"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: h.screenshotPath('embed-dialog-390x844.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
