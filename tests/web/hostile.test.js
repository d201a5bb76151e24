// Hostile links and files: untrusted text (values and keys in the URL, CSV headers, cells and file
// names, the names and strings of an imported session, what an embedding page sends) is only ever
// inserted as text. Each surface gets script-injection payloads and the test asserts that nothing
// ran: no payload's code executed (it would set window.__pwned), the page's Content-Security-Policy
// reported no violation (an injected handler or script would be blocked and reported), no element
// carries an inline handler, and the payload shows up as plain text. Also: the policy itself, and
// embed commands from anywhere but the listed origin's parent window are ignored.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const PWN = 'window.__pwned=(window.__pwned||0)+1';
const PAYLOADS = [
  `<img src=x onerror="${PWN}">`,
  `<script>${PWN}</script>`,
  `"><svg onload="${PWN}"><x y="`,
  `javascript:${PWN}`,
  `<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
  `{{constructor.constructor('${PWN}')()}}`,
];

// Records what would betray a payload that ran: Content-Security-Policy violations, in every frame.
async function watch(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
}

async function assertNothingRan(page, where) {
  for (const frame of page.frames()) {
    const r = await frame.evaluate(() => {
      const inline = [];
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) if (/^on/i.test(a.name)) inline.push(`<${el.localName} ${a.name}>`);
        if (el.localName === 'script' && !el.src) inline.push('<script> without src');
        if (el.localName === 'a' && /^\s*javascript:/i.test(el.getAttribute('href') || '')) inline.push('javascript: link');
      }
      return {
        pwned: window.__pwned, violations: window.__violations || [], inline, url: location.href,
        foreign: document.querySelectorAll('img[src="x"], svg[onload], iframe[srcdoc]').length,
      };
    });
    const isApp = !/examples\/host\.html/.test(r.url);
    assert.equal(r.pwned, undefined, `${where}: a payload ran in ${r.url}`);
    assert.deepEqual(r.violations, [], `${where}: Content-Security-Policy violations in ${r.url}`);
    if (isApp) {
      assert.deepEqual(r.inline, [], `${where}: inline handlers or scripts in ${r.url}`);
      assert.equal(r.foreign, 0, `${where}: injected elements in ${r.url}`);
    }
  }
}

async function pageText(page) {
  return page.evaluate(() => document.body.innerText + '\n' + Array.from(document.querySelectorAll('input, textarea, select'))
    .map((el) => el.value).join('\n') + '\n' + Array.from(document.querySelectorAll('option')).map((o) => o.textContent).join('\n'));
}

test('the page runs under a strict Content-Security-Policy: its own scripts only, no eval', async () => {
  const { page, context, problems } = await h.openPage(env);
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"], 'no unsafe-inline, no unsafe-eval');
  assert.deepEqual(directives['style-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  assert.deepEqual(directives['base-uri'], ["'none'"]);
  // Enforced: an inline script and eval are refused (and reported), the module still runs.
  // (Code that the test driver evaluates is exempt from the policy; a string timer runs as the
  // page's own code, so eval is tested with one.)
  const refused = await page.evaluate(() => new Promise((resolve) => {
    const out = {};
    try {
      setTimeout('window.__timer = 1', 0);  // eval of a string: refused
    } catch (e) {
      out.timerError = e.name;
    }
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    s.remove();
    setTimeout(() => {
      out.timer = window.__timer;
      out.inline = window.__inline;
      resolve(out);
    }, 100);
  }));
  assert.equal(refused.timer, undefined, 'a string is never evaluated');
  assert.equal(refused.inline, undefined, 'an inline script never runs');
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).total.value, 1);
  // (The refused inline script is reported on the console: that one is expected.)
  assert.ok(problems.every((p) => /Content Security Policy/.test(p)), problems.join('\n'));
  await context.close();
});

test('hostile links: payloads in values and keys are shown as text and never run', async () => {
  for (const p of PAYLOADS) {
    const e = encodeURIComponent(p);
    const hash = `#lr=${e}&w=${e}&outlier=${e}&loss=${e}&${e}=1&goal=${e}&origins=${e}&hide=${e}&lock=${e}&lang=${e}&theme=${e}&speed=${e}`;
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await watch(context);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${env.url}${hash}`);
    await page.waitForSelector('body.is-ready', { timeout: 15000 });
    const notices = await page.locator('#notices li').allTextContents();
    assert.ok(notices.length >= 10, `${p}: ${notices.length} notices`);
    assert.ok(notices.some((m) => m.includes(p)), `${p}: the payload is quoted as text`);
    // And on a hash change, on a running page.
    await h.press(page, 'Step');
    await page.evaluate((x) => { location.hash = `#lr=${encodeURIComponent(x)}&${encodeURIComponent(x)}=2`; }, p);
    await page.waitForFunction(() => document.querySelectorAll('#notices li').length >= 2);
    // Copy link and the Embed dialog build text from the state: still nothing runs.
    await page.locator('[data-tool="embed"]').click();
    await page.keyboard.press('Escape');
    await assertNothingRan(page, `link ${p}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('hostile CSV: header names, cells and file names are shown as text and never run', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await watch(context);
  const page = await context.newPage();
  await page.goto(env.url);
  await page.waitForSelector('body.is-ready', { timeout: 15000 });
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  // Names: every payload a column (the last one the label).
  const names = PAYLOADS.slice(0, 4);
  const rows = [names.map(q).join(',')];
  for (let i = 0; i < 12; ++i) rows.push([i, (i * 7) % 5, i % 3, 2 * i + 1].join(','));
  await page.locator('[data-tool="data"]').click();
  await page.locator('#userdata-file').setInputFiles({ name: `${PAYLOADS[0]}.csv`, mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => !document.querySelector('#userdata-error').textContent);
  await page.getByRole('button', { name: 'Train on this data', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#settings').classList.contains('uses-own-data'));
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  for (const table of ['data', 'loss', 'params']) await page.locator(`[data-table="${table}"] summary`).click();
  const text = await pageText(page);
  for (const n of names.slice(0, 3)) assert.ok(text.includes(n), `the column name is shown as text: ${n}`);
  assert.ok(text.includes(`${PAYLOADS[0]}.csv`), 'the file name is shown as text');
  // Cells: an error message quotes the cell.
  await page.locator('[data-tool="data"]').click();
  for (const p of PAYLOADS) {
    await page.locator('#userdata-text').fill(`x,y\n1,2\n${q(p)},3\n`);
    await page.waitForFunction(() => document.querySelector('#userdata-error').textContent.length > 0);
    assert.match(await page.locator('#userdata-error').textContent(), /^line 3, column 1: '.*' is not a number$/);
  }
  await page.keyboard.press('Escape');
  await assertNothingRan(page, 'CSV');
  await context.close();
});

test('hostile session files: names and strings from the file are shown as text and never run', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await watch(context);
  const page = await context.newPage();
  await page.goto(env.url);
  await page.waitForSelector('body.is-ready', { timeout: 15000 });
  // A genuine session on data whose name and columns are payloads (it replays bit for bit).
  const file = await page.evaluate(async (names) => {
    const api = await window.LinReg.load();
    const csv = [names.map((n) => `"${n.replace(/"/g, '""')}"`).join(','), '1,2,3,4', '2,0,1,5', '3,1,1,7', '4,2,0,9', '5,1,2,11'].join('\n');
    const t = api.create({ num_val: 1, batch_size: 2 }, { csv, name: names[0] });
    t.step();
    t.step();
    const text = t.exportSession();
    t.delete();
    return text;
  }, PAYLOADS.slice(0, 4));
  await page.locator('[data-part="open-file"]').setInputFiles({ name: `${PAYLOADS[2]}.json`, mimeType: 'application/json', buffer: Buffer.from(file) });
  await page.waitForFunction(() => document.querySelector('[data-part="tool-status"]').textContent.length > 0);
  assert.equal((await h.counters(page)).total.value, 2, 'the session was opened');
  const text = await pageText(page);
  assert.ok(text.includes(PAYLOADS[0]), 'the data name is shown as text');
  assert.ok(text.includes(`${PAYLOADS[2]}.json`), 'the file name is shown as text');
  // Files refused with the payload in the message: quoted as text.
  for (const p of PAYLOADS) {
    const bad = JSON.stringify({ format: p });
    await page.locator('[data-part="open-file"]').setInputFiles({ name: `${p}.json`, mimeType: 'application/json', buffer: Buffer.from(bad) });
    await page.waitForFunction((x) => document.querySelector('[data-part="tool-status"]').textContent.includes('this is not a saved session'), p);
    const edited = JSON.parse(file);
    edited.data.columns[0] = p;
    edited.state.step = 1;
    await page.locator('[data-part="open-file"]').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) });
    await page.waitForFunction(() => document.querySelector('[data-part="tool-status"]').textContent.includes('edited.json'));
  }
  await assertNothingRan(page, 'session');
  await context.close();
});

// The host page on 127.0.0.1 lists its own origin; the tool runs on localhost (another origin).
test('embed: commands from an unlisted origin, from a window that is not the parent, or malformed, are ignored or refused; payloads in commands never run', async () => {
  const toolOrigin = env.url.replace('127.0.0.1', 'localhost');
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await watch(context);
  const page = await context.newPage();
  const listed = `${env.url}examples/host.html?tool=${encodeURIComponent(`${toolOrigin}index.html`)}`;
  await page.goto(listed);
  await page.waitForFunction(() => window.hostEvents && window.hostEvents.some((m) => m.event === 'ready'), null, { timeout: 15000 });
  const tool = page.frameLocator('#tool');
  const total = async () => Number(await tool.locator('[data-counter="total"]').getAttribute('data-value'));
  const replies = () => page.evaluate(() => window.hostEvents.filter((m) => m.event === 'reply').map((m) => m.data));
  const post = (message, origin = '*') => page.evaluate(([m, o]) => document.getElementById('tool').contentWindow.postMessage(m, o), [message, origin]);

  // The listed parent: a command works (the control).
  await post({ protocol: 'd2l-linreg', version: 1, command: 'step', id: 1 });
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'reply'));
  assert.equal(await total(), 1);

  // A sibling frame of the listed origin (not the tool's parent): ignored. (Posted from the
  // sibling's own realm, so that the sibling is the message's source.)
  await page.evaluate(() => new Promise((resolve) => {
    const sib = document.createElement('iframe');
    sib.name = 'sibling';
    sib.srcdoc = '<p>sibling</p>';
    sib.onload = resolve;
    document.body.append(sib);
  }));
  const sibling = page.frames().find((f) => f.name() === 'sibling');
  await sibling.evaluate(() => {
    const target = parent.document.getElementById('tool').contentWindow;
    target.postMessage({ protocol: 'd2l-linreg', version: 1, command: 'step', id: 2 }, '*');
    target.postMessage({ protocol: 'd2l-linreg', version: 1, command: 'reset', id: 3 }, '*');
  });
  // Malformed and hostile commands from the parent: refused by name, nothing runs.
  for (const command of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', PAYLOADS[0]]) {
    await post({ protocol: 'd2l-linreg', version: 1, command, id: command });
  }
  await post({ protocol: 'd2l-linreg', version: 1, command: { toString: null }, id: 'object' });
  await post('step');
  await post(null);
  await post({ protocol: 'other', command: 'step' });
  for (const p of PAYLOADS) {
    await post({ protocol: 'd2l-linreg', version: 1, command: 'setConfig', config: { lr: p }, id: `set ${p}` });
  }
  await page.waitForFunction((n) => window.hostEvents.filter((m) => m.event === 'reply').length >= n, 1 + 5 + PAYLOADS.length);
  const all = await replies();
  const byId = Object.fromEntries(all.map((r) => [r.id, r]));
  for (const command of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', PAYLOADS[0]]) {
    assert.equal(byId[command].ok, false, `${command} refused`);
    assert.match(byId[command].error, /^unknown command /);
  }
  for (const p of PAYLOADS) {
    assert.equal(byId[`set ${p}`].ok, false);
    assert.ok(byId[`set ${p}`].error.startsWith("'lr' must be a finite number > 0, got "), byId[`set ${p}`].error);
  }
  assert.equal(byId[2], undefined, 'the sibling frame was ignored');
  assert.equal(byId[3], undefined, 'the sibling frame was ignored');
  assert.equal(byId.object, undefined, 'a command that is not a string is ignored');
  assert.equal(await total(), 1, 'only the listed parent stepped the run');

  // An unlisted origin (the same host page on localhost embeds a tool that lists 127.0.0.1 only).
  const unlisted = await context.newPage();
  await unlisted.goto(`${toolOrigin}examples/host.html?tool=${encodeURIComponent(`${env.url}index.html`)}`);
  await unlisted.waitForFunction(() => window.hostEvents && window.hostEvents.some((m) => m.event === 'ready'), null, { timeout: 15000 });
  // That host lists itself (localhost) to its tool: change the tool's link to list 127.0.0.1 only.
  // (A new query, so that the frame loads a new document rather than changing its hash; the frame
  // is then found by its address, since until the new document commits, the old one is still
  // there and ready.)
  await unlisted.evaluate((src) => {
    window.hostEvents.length = 0;
    document.getElementById('tool').src = src;
  }, `${env.url}index.html?unlisted=1#embed=1&origins=${encodeURIComponent('http://127.0.0.1:1')}`);
  let relisted = null;
  for (let i = 0; i < 150 && !relisted; i += 1) {
    relisted = unlisted.frames().find((f) => f.url().includes('unlisted=1')) || null;
    if (!relisted) await unlisted.waitForTimeout(100);
  }
  assert.ok(relisted, 'the tool loaded its new link');
  await relisted.waitForSelector('body.is-ready', { state: 'attached', timeout: 15000 });
  await unlisted.evaluate(() => document.getElementById('tool').contentWindow.postMessage({ protocol: 'd2l-linreg', version: 1, command: 'step', id: 9 }, '*'));
  await unlisted.waitForTimeout(500);
  assert.equal(await relisted.locator('[data-counter="total"]').getAttribute('data-value'), '0');
  assert.ok(!(await unlisted.evaluate(() => window.hostEvents.map((m) => m.event))).includes('reply'));
  await assertNothingRan(page, 'embed');
  await assertNothingRan(unlisted, 'embed, unlisted');
  await context.close();
});
