// Inputs the bad-input matrix missed (issue 17): link keys that name Object.prototype members,
// and host commands whose reply must say what happened.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const PROTOTYPE_KEYS = ['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];

test('link keys that name Object.prototype members are reported as unknown, on load and on a hash change', async () => {
  const hash = `#${PROTOTYPE_KEYS.map((k) => `${k}=1`).join('&')}&lr=0.1`;
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}${hash}` });
  const notices = await page.locator('#notices li').allTextContents();
  for (const key of PROTOTYPE_KEYS) assert.ok(notices.some((n) => n.includes(`'${key}'`)), `${key} is reported: ${notices.join(' | ')}`);
  assert.equal(await page.inputValue('#setting-lr'), '0.1', 'the good key still applies');
  // The same keys arriving while the page is open: reported, and the page goes on.
  await page.evaluate(() => { location.hash = '#toString=2&__proto__=3&lr=0.2'; });
  await page.waitForFunction(() => document.querySelector('#setting-lr').value === '0.2');
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).total.value, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a host's reset with a seed that breaks the rule replies ok: false with the core's message, and the run stays", async () => {
  const { page, context } = await h.openHost(env);
  const post = (message) => page.evaluate((m) => document.getElementById('tool').contentWindow.postMessage(m, '*'), message);
  await post({ protocol: 'd2l-linreg', version: 1, command: 'step', id: 'step' });
  const seeds = ['abc', -1, 1.5, 2 ** 60];
  for (const seed of seeds) await post({ protocol: 'd2l-linreg', version: 1, command: 'reset', seed, id: `seed ${seed}` });
  await page.waitForFunction((n) => window.hostEvents.filter((m) => m.event === 'reply').length >= n, 1 + seeds.length);
  const replies = Object.fromEntries((await page.evaluate(() => window.hostEvents.filter((m) => m.event === 'reply').map((m) => m.data)))
    .map((r) => [r.id, r]));
  for (const seed of seeds) {
    const r = replies[`seed ${seed}`];
    assert.equal(r.ok, false, `seed ${seed}: ${JSON.stringify(r)}`);
    assert.match(r.error, /^'seed' must be an integer/);
  }
  const total = await page.frameLocator('#tool').locator('[data-counter="total"]').getAttribute('data-value');
  assert.equal(total, '1', 'the run was not reset');
  await context.close();
});

test('a flood of host commands: every one replied to, the run drawn once a frame rather than once a command', async (t) => {
  const { page, context, tool } = await h.openHost(env);
  // Room for the steps: 100 epochs of 32 minibatches.
  await page.evaluate(() => document.getElementById('tool').contentWindow.postMessage(
    { protocol: 'd2l-linreg', version: 1, command: 'setConfig', config: { max_epochs: 100 }, id: 'epochs' }, '*'));
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'reply' && m.data.id === 'epochs' && m.data.ok));
  await page.evaluate(() => { window.hostEvents.length = 0; });
  // Count the tool's renders (each one rewrites the step counter) and its frames.
  await tool.evaluate(() => {
    window.renders = 0;
    window.frameCount = 0;
    new MutationObserver(() => { window.renders += 1; })
      .observe(document.querySelector('[data-counter="total"]'), { attributes: true, attributeFilter: ['data-value'] });
    const tick = () => {
      window.frameCount += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const n = 2000;
  await page.evaluate((count) => {
    const target = document.getElementById('tool').contentWindow;
    for (let i = 0; i < count; ++i) target.postMessage({ protocol: 'd2l-linreg', version: 1, command: 'step', id: i }, '*');
  }, n);
  await page.waitForFunction((count) => window.hostEvents.filter((m) => m.event === 'reply').length >= count, n, { timeout: 120000 });
  const replies = await page.evaluate(() => window.hostEvents.filter((m) => m.event === 'reply').map((m) => m.data));
  assert.equal(replies.length, n);
  assert.ok(replies.every((r) => r.ok), 'every step succeeded');
  assert.deepEqual(replies.map((r) => r.result.step), Array.from({ length: n }, (_, i) => i + 1), 'in order, one step each');
  await tool.waitForFunction((count) => Number(document.querySelector('[data-counter="total"]').dataset.value) === count, n);
  const { renders, frames } = await tool.evaluate(() => ({ renders: window.renders, frames: window.frameCount }));
  t.diagnostic(`${renders} renders for ${n} commands in ${frames} frames`);
  // At most two renders a frame (one at once, one queued); before, each command drew the run.
  assert.ok(renders <= 2 * frames + 2 && renders < n, `${renders} renders for ${n} commands in ${frames} frames`);
  await context.close();
});

test('lr = 3 to the end: the status warns that the run diverged (never a plain "Finished"), and the host hears it', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lr=3` });
  await h.runToEnd(page);
  assert.equal(await page.locator('#status').getAttribute('data-kind'), 'warn');
  assert.match(await page.locator('#status').textContent(), /^Finished 3 epochs, 96 steps, but the run diverged: the training loss grew from 16\.5915 at the start to \d/);
  assert.deepEqual(problems, []);
  await context.close();

  const { page: hostPage, context: host } = await h.openHost(env);
  await hostPage.evaluate(() => window.sendToTool('setConfig', { config: { lr: 3, max_epochs: 3 } }));
  await hostPage.evaluate(() => window.sendToTool('run'));
  await hostPage.waitForFunction(() => window.hostEvents.some((m) => m.event === 'finished'), null, { timeout: 60000 });
  const events = await hostPage.evaluate(() => window.hostEvents);
  const diverging = events.filter((m) => m.event === 'diverging');
  assert.equal(diverging.length, 1, 'said once');
  assert.equal(diverging[0].data.epoch, 1);
  assert.ok(diverging[0].data.trainLoss > diverging[0].data.startTrainLoss);
  assert.equal(events.find((m) => m.event === 'finished').data.diverging, true);
  await host.close();
});

// The bad-input matrix's host cases (tests/bad-input/cases.json, "surfaces"): an id that cannot
// come back in the reply is refused (with id null) before the command runs, and a setConfig whose
// config has an own key naming an Object.prototype member is refused with the JS API's message.
test('bad-input matrix (host commands): every command gets a reply that says what happened', async (t) => {
  const fs = require('node:fs');
  const path = require('node:path');
  const { surfaces } = JSON.parse(fs.readFileSync(path.join(h.repoRoot, 'tests', 'bad-input', 'cases.json'), 'utf8'));
  const hostCases = surfaces.filter((c) => c.surface === 'host');
  assert.ok(hostCases.length >= 5);
  const { loadApi, errorMessage } = require('../node/helpers.js');
  const api = await loadApi();
  const { page, context, tool } = await h.openHost(env);
  const configBefore = await tool.evaluate(() => location.hash);
  const lrBefore = await tool.locator('#setting-lr').inputValue();
  for (const [i, c] of hostCases.entries()) {
    await page.evaluate(([c, i]) => {
      const m = { protocol: 'd2l-linreg', version: 1, command: c.command };
      const special = { cycle: () => { const o = { i }; o.self = o; return o; }, Map: () => new Map([['i', i]]) };
      if ('message_id' in c) {
        const v = c.message_id;
        m.id = v && typeof v === 'object' && '$' in v ? special[v.$]() : v;
      } else {
        m.id = `case ${i}`;
      }
      if (c.config_json) m.config = JSON.parse(c.config_json);  // JSON.parse makes "__proto__" an own key
      document.getElementById('tool').contentWindow.postMessage(m, '*');
    }, [c, i]);
    await page.waitForFunction((n) => window.hostEvents.filter((m) => m.event === 'reply').length >= n, i + 1);
  }
  const replies = await page.evaluate(() => window.hostEvents.filter((m) => m.event === 'reply').map((m) => m.data));
  assert.equal(replies.length, hostCases.length, 'one reply a command');
  for (const [i, c] of hostCases.entries()) {
    const r = replies[i];
    assert.equal(r.ok, false, `${c.id}: ${JSON.stringify(r)}`);
    assert.equal(r.command, c.command);
    assert.ok(r.error.startsWith(c.expect), `${c.id}: ${r.error}`);
    if ('message_id' in c) {
      assert.equal(r.id, null, `${c.id}: the reply's id is null`);
    } else {
      assert.equal(r.id, `case ${i}`);
      // The same message as the JS API's for the same config merged into the run's.
      const book = api.create();
      const config = Object.fromEntries([...Object.entries(book.config()), ...Object.entries(JSON.parse(c.config_json))]);
      book.delete();
      assert.equal(r.error, errorMessage(() => api.check(config)), c.id);
    }
  }
  // Nothing ran: no step, the same settings.
  assert.equal(await tool.locator('[data-counter="total"]').getAttribute('data-value'), '0');
  assert.equal(await tool.evaluate(() => location.hash), configBefore);
  assert.equal(await tool.locator('#setting-lr').inputValue(), lrBefore, 'lr 0.2 of the refused setConfig was not applied');
  t.diagnostic(`bad-input matrix (host commands): ${hostCases.length} cases`);
  await context.close();
});

// The bad-input matrix's page cases (tests/bad-input/cases.json, "surfaces", surface "page").
function pageCases() {
  const fs = require('node:fs');
  const path = require('node:path');
  return JSON.parse(fs.readFileSync(path.join(h.repoRoot, 'tests', 'bad-input', 'cases.json'), 'utf8')).surfaces
    .filter((c) => c.surface === 'page');
}
// Control and bidi characters that must never reach the page raw (\n and \t aside).
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

async function chooseFile(frame, c) {
  const dialog = frame.getByRole('dialog', { name: 'Your own data' });
  if (!(await dialog.isVisible())) {
    await frame.locator('[data-tool="data"]').click();
    await dialog.waitFor();
  }
  const buffer = c.file_hex ? Buffer.from(c.file_hex, 'hex') : Buffer.from(c.file_text);
  await dialog.locator('#userdata-file').setInputFiles({ name: c.file_name, mimeType: 'text/csv', buffer });
  return dialog;
}

async function loadOwnData(frame, c) {
  const dialog = await chooseFile(frame, c);
  await frame.waitForFunction(() => document.querySelector('.userdata-summary').textContent.includes('rows with'));
  await dialog.getByRole('button', { name: 'Train on this data' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('bad-input matrix (page, names and files): bidi overrides and control characters in names are shown escaped; UTF-16/32 files are refused', async (t) => {
  const cases = pageCases().filter((c) => c.file_name);
  const { page, context, problems } = await h.openPage(env);
  // Files that are not UTF-8: the command line's message, naming the file (escaped).
  for (const c of cases.filter((x) => x.file_hex)) {
    const dialog = await chooseFile(page, c);
    await page.waitForFunction((e) => document.querySelector('#userdata-error').textContent === e, c.expect);
    assert.ok(await dialog.getByRole('button', { name: 'Train on this data' }).isDisabled(), c.id);
  }
  const named = cases.find((c) => c.column);
  const dialog = await chooseFile(page, named);
  await page.waitForFunction(() => document.querySelector('.userdata-summary').textContent.includes('rows with'));
  assert.equal(await dialog.locator('.userdata-summary').textContent(),
               `20 rows with a header: 2 feature(s) (${named.column}, rooms) and the label \u201cprice\u201d; 20 for training, 0 for validation.`);
  assert.equal(await dialog.locator('.preview th').first().textContent(), named.column);
  await dialog.getByRole('button', { name: 'Train on this data' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.ok((await page.locator('[data-part="data-source"]').textContent()).startsWith(named.expect));
  assert.deepEqual(await page.locator('[data-control="feature"] option').allTextContents(), [named.column, 'rooms']);
  await h.press(page, 'Step');
  // Nowhere on the page (estimates, plots' labels, readouts, accessible names) is either raw.
  const texts = await page.evaluate(() => [document.body.innerText,
    ...[...document.querySelectorAll('[aria-label], [title]')].map((e) => `${e.getAttribute('aria-label') || ''}${e.getAttribute('title') || ''}`)]);
  for (const text of texts) assert.doesNotMatch(text, RAW);
  assert.ok(texts[0].includes(named.column), 'the column name is shown, escaped');
  // The history download names the weights by column: escaped too.
  await page.locator('[data-tool="downloads"]').click();
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('dialog', { name: 'Downloads' }).getByRole('button', { name: 'History (CSV)' }).click()]);
  const csv = require('node:fs').readFileSync(await download.path(), 'utf8');
  assert.ok(csv.split('\n')[0].includes(`w_1 (${named.column})`), csv.split('\n')[0]);
  assert.doesNotMatch(csv, RAW);
  await page.screenshot({ path: h.screenshotPath('escaped-names.png'), fullPage: true });
  assert.deepEqual(problems, []);
  t.diagnostic(`bad-input matrix (page, names and files): ${cases.length} cases`);
  await context.close();
});

test('bad-input matrix (page, own data): settings of generated data in a host setConfig or a link are reported as not applying', async (t) => {
  const cases = pageCases().filter((c) => c.config || c.hash);
  const data = pageCases().find((c) => c.column);
  const { page, context, tool } = await h.openHost(env);
  // The host's page hides the settings panel and locks its tools (lock=all): opened here to load the data.
  await tool.evaluate(() => {
    document.querySelectorAll('.embed-hidden').forEach((e) => e.classList.remove('embed-hidden'));
    document.querySelector('[data-tool="data"]').disabled = false;
  });
  await loadOwnData(tool, data);
  const hostCases = cases.filter((c) => c.config);
  for (const [i, c] of hostCases.entries()) {
    await page.evaluate((m) => document.getElementById('tool').contentWindow.postMessage(m, '*'),
      { protocol: 'd2l-linreg', version: 1, command: 'setConfig', config: c.config, id: c.id });
    await page.waitForFunction((n) => window.hostEvents.filter((m) => m.event === 'reply').length >= n, i + 1);
  }
  const replies = new Map((await page.evaluate(() => window.hostEvents.filter((m) => m.event === 'reply').map((m) => m.data))).map((r) => [r.id, r]));
  for (const c of hostCases) {
    const r = replies.get(c.id);
    assert.equal(r.ok, true, `${c.id}: ${JSON.stringify(r)}`);
    assert.equal(r.result.notice, c.expect, c.id);
    for (const [key, value] of Object.entries(c.config)) {
      // A key that applies does; the others were left out.
      if (c.expect.includes(` ${key}`)) assert.notDeepEqual(r.result.config[key], value, `${c.id}: ${key}`);
      else assert.deepEqual(r.result.config[key], value, `${c.id}: ${key}`);
    }
  }
  await context.close();
  // A link: the same notice on the page; the key that applies still applies.
  const opened = await h.openPage(env);
  await loadOwnData(opened.page, data);
  for (const c of cases.filter((x) => x.hash)) {
    await opened.page.evaluate((hash) => { location.hash = hash; }, c.hash);
    const lr = new URLSearchParams(c.hash.slice(1)).get('lr');
    await opened.page.waitForFunction((v) => document.querySelector('#setting-lr').value === v, lr);
    const notices = await opened.page.locator('#notices li').allTextContents();
    assert.ok(notices.includes(c.expect), `${c.id}: ${notices.join(' | ')}`);
    assert.match(await opened.page.locator('[data-part="data-source"]').textContent(), /\(20 rows\)/);
  }
  assert.deepEqual(opened.problems, []);
  t.diagnostic(`bad-input matrix (page, own data): ${cases.length} cases`);
  await opened.context.close();
});
