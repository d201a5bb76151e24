// Accessibility and comfort: axe-core finds no serious or critical violation in both themes (the
// system setting) and both languages (the browser's), nor in the dialogs, embed mode or on a
// phone; the live region narrates each step with the trainer's numbers; the table views hold the
// plots' numbers; every control is reachable by keyboard with a visible focus; 390 px wide and
// touch work. Screenshots of the themes and languages go to tests/artifacts/.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const AXE_SOURCE = require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Serious and critical violations of WCAG 2.1 A/AA and axe's best practices, as readable lines.
async function axeProblems(page, where) {
  // Evaluated by the test driver: the page's Content-Security-Policy refuses inline script tags.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ')}`);
}

// The page after a step, with the loss plot's table view open.
async function busyPage(page) {
  await page.locator('[data-control="speed"]').focus(); // keep the keyboard shortcuts for the test
  await page.keyboard.press('Escape');
  await page.locator('#transport .btn.primary').click();
  await page.locator('[data-table="loss"] summary').click();
}

// bypassCSP: the page's Content-Security-Policy admits only its own scripts, and axe-core is
// injected by the test.
const VARIANTS = [
  { name: 'en-light', options: { locale: 'en-US', colorScheme: 'light', bypassCSP: true }, lang: 'en', theme: 'light' },
  { name: 'en-dark', options: { locale: 'en-US', colorScheme: 'dark', bypassCSP: true }, lang: 'en', theme: 'dark' },
  { name: 'zh-light', options: { locale: 'zh-CN', colorScheme: 'light', bypassCSP: true }, lang: 'zh-Hans', theme: 'light' },
  { name: 'zh-dark', options: { locale: 'zh-CN', colorScheme: 'dark', bypassCSP: true }, lang: 'zh-Hans', theme: 'dark' },
];

for (const v of VARIANTS) {
  test(`axe-core: no serious or critical violation, ${v.name} (browser language and system theme followed)`, async () => {
    const { page, context, problems } = await h.openPage(env, v.options);
    assert.equal(await page.evaluate(() => document.documentElement.lang), v.lang);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), v.theme);
    await busyPage(page);
    const found = await axeProblems(page, v.name);
    await page.screenshot({ path: h.screenshotPath(`a11y-${v.name}-1280x800.png`) });
    // The dialogs.
    await page.locator('[data-tool="embed"]').click();
    found.push(...await axeProblems(page, `${v.name}, Embed dialog`));
    await page.keyboard.press('Escape');
    await page.locator('[data-tool="data"]').click();
    await page.locator('#userdata-text').fill('x,y\n1,2\n2,x\n');
    found.push(...await axeProblems(page, `${v.name}, data dialog with an error`));
    await page.keyboard.press('Escape');
    // The phone layout, and embed mode with a goal and locks.
    const phone = await h.openPage(env, Object.assign({ width: 390, height: 844 }, v.options));
    await busyPage(phone.page);
    found.push(...await axeProblems(phone.page, `${v.name}, 390 px`));
    const embed = await h.openPage(env, Object.assign({ url: `${env.url}#embed=1&lock=all&goal=loss<0.01&hide=inspector` }, v.options));
    found.push(...await axeProblems(embed.page, `${v.name}, embed mode`));
    assert.deepEqual(found, []);
    assert.deepEqual([...problems, ...phone.problems, ...embed.problems], []);
    for (const c of [context, phone.context, embed.context]) await c.close();
  });
}

test('the URL flags choose the language and theme over the browser and system', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lang=zh&theme=dark`, locale: 'en-US', colorScheme: 'light' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.screenshot({ path: h.screenshotPath('zh-dark-1280x800.png') });
  const en = await h.openPage(env, { url: `${env.url}#lang=en`, locale: 'zh-CN' });
  assert.equal(await en.page.evaluate(() => document.documentElement.lang), 'en');
  // The system theme is followed live.
  await en.page.emulateMedia({ colorScheme: 'dark' });
  await en.page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.deepEqual([...problems, ...en.problems], []);
  await context.close();
  await en.context.close();
});

test('the live region narrates each step and epoch with the trainer\'s numbers', async () => {
  const cli = h.cliRun(['--seed', '0']);
  const { page, context, problems } = await h.openPage(env);
  const region = page.locator('#narration');
  assert.equal(await region.getAttribute('aria-live'), 'polite');
  await h.press(page, 'Step');
  const s = cli.run.steps[0];
  const three = (x) => String(Number(x.toPrecision(3)));
  assert.equal(await region.textContent(),
               `step 1 of epoch 1: loss ${three(s.loss)}, w = [${s.w.map(three).join(', ')}], b = ${three(s.b)}`);
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').dataset.value === '1');
  const e = cli.run.epochs[0];
  const last = cli.run.steps[31];
  assert.equal(await region.textContent(),
               `step 32 of epoch 1: loss ${three(last.loss)}, w = [${last.w.map(three).join(', ')}], b = ${three(last.b)} ` +
               `Epoch 1 done: training loss ${three(e.train_loss)}, validation loss ${three(e.val_loss)}.`);
  const zh = await h.openPage(env, { url: `${env.url}#lang=zh` });
  await zh.page.locator('#transport .btn.primary').click();
  assert.equal(await zh.page.locator('#narration').textContent(),
               `第 1 个迭代周期的第 1 步：损失 ${three(s.loss)}，w = [${s.w.map(three).join(', ')}]，b = ${three(s.b)}`);
  assert.deepEqual([...problems, ...zh.problems], []);
  await context.close();
  await zh.context.close();
});

test('each plot has a table view of its numbers', async () => {
  const cli = h.cliRun(['--seed', '0']);
  const { page, context, problems } = await h.openPage(env);
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').dataset.value === '1');
  await page.locator('[data-table="loss"] summary').click();
  const epochRows = page.locator('[data-table="loss"] table').first().locator('tbody tr');
  await epochRows.first().waitFor(); // the table is filled on the details' toggle event, a task later
  assert.equal(await epochRows.count(), 1);
  const cells = await epochRows.first().locator('th, td').allTextContents();
  assert.equal(cells[0], '1');
  assert.ok(Math.abs(Number(cells[1]) - cli.run.epochs[0].train_loss) < 1e-5 * cli.run.epochs[0].train_loss);
  await page.locator('[data-table="params"] summary').click();
  const paramRows = page.locator('[data-table="params"] tbody tr');
  await paramRows.first().waitFor();
  assert.equal(await paramRows.count(), 34); // steps 0..32, then the true values
  assert.deepEqual(await paramRows.last().locator('th, td').allTextContents(), ['true', '2.0000', '\u22123.4000', '4.2000']);
  await page.locator('[data-table="data"] summary').click();
  await page.locator('[data-table="data"] tbody tr').first().waitFor();
  assert.equal(await page.locator('[data-table="data"] tbody tr').count(), 8); // the last, short minibatch (1000 = 31 x 32 + 8)
  // Updated as the run goes on.
  await h.press(page, 'Step');
  assert.equal(await page.locator('[data-table="data"] tbody tr').count(), 32);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every control is reachable with Tab and shows where the focus is; Enter and Space press them', async () => {
  const { page, context, problems } = await h.openPage(env);
  const seen = new Map();
  for (let i = 0; i < 200; ++i) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      const label = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '';
      const name = el.dataset.tool || el.dataset.action || el.id || el.dataset.control || el.getAttribute('aria-label') || label ||
        el.textContent.trim().slice(0, 30);
      return { key: `${el.tagName.toLowerCase()}:${name}`, visible };
    });
    if (info.key.startsWith('body:') || seen.has(info.key)) continue; // past the last control: the page itself
    seen.set(info.key, info.visible);
  }
  const keys = Array.from(seen.keys());
  for (const expected of ['button:step', 'button:epoch', 'button:run', 'button:reset', 'button:newData', 'select:speed',
    'button:data', 'button:save', 'button:open', 'button:downloads', 'button:link', 'button:embed', 'select:preset',
    'input:setting-lr', 'input:setting-seed', 'input:setting-shuffle', 'summary:Show the numbers as a table']) {
    assert.ok(keys.some((k) => k === expected || k.startsWith(expected)), `${expected} is reachable by Tab (seen: ${keys.join(', ')})`);
  }
  const invisible = keys.filter((k) => !seen.get(k));
  assert.deepEqual(invisible, [], 'every focused control shows a focus ring');
  // Keyboard use: Enter on a focused button presses it; Escape leaves a field.
  await page.locator('[data-action="step"]').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press(' ');
  assert.equal((await h.counters(page)).total.value, 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('390 px wide and touch: nothing scrolls sideways, taps work (English and Chinese)', async () => {
  for (const lang of ['en', 'zh']) {
    const { page, context, problems } = await h.openPage(env, {
      url: `${env.url}#lang=${lang}`, width: 390, height: 844, hasTouch: true, isMobile: true, deviceScaleFactor: 2,
    });
    await page.locator('#transport .btn.primary').tap();
    await page.locator('[data-tool="embed"]').tap();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${lang}: the page is ${overflow} px wider than the screen`);
    const dialogBox = await page.locator('dialog[open]').boundingBox();
    assert.ok(dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 390, `${lang}: the dialog fits`);
    await page.screenshot({ path: h.screenshotPath(`${lang}-dialog-390x844.png`) });
    await page.keyboard.press('Escape');
    assert.equal((await h.counters(page)).total.value, 1);
    await page.screenshot({ path: h.screenshotPath(`${lang}-390x844.png`) });
    await page.screenshot({ path: h.screenshotPath(`${lang}-390x844-full.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  }
});
