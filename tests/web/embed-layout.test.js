// Embeds that never break, checked by geometry: for every hide= value alone, and for the
// combinations course pages use, at the widths people embed at, every visible panel, card and
// plot is at least 200 px wide and inside the page, and nothing scrolls sideways.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const WIDTHS = [360, 768, 1100, 1400];
const COMBINATIONS = [
  'settings,inspector', // examples/host.html
  'settings,exercises,code',
  'settings,tools,exercises,code,inspector,landscape,closed-form,sweep',
  'controls,settings',
  'plot-data,plot-params,estimates',
];

// The layouts the Embed dialog can make (web/embeddialog.js): each offered part alone, every
// pair of them, all of them but one, and each setting hidden alone, every setting of a schema
// group hidden, every setting hidden, and every setting with the tools (the settings panel then
// goes). The page's layout rules key on which grid areas are empty and on two body classes, so
// pairs and all-but-one cover how the parts interact.
function dialogCombinations(offered, keys, groups) {
  const out = [];
  for (let i = 0; i < offered.length; ++i) {
    for (let j = i + 1; j < offered.length; ++j) out.push(`${offered[i]},${offered[j]}`);
    out.push(offered.filter((_, k) => k !== i).join(','));
  }
  out.push(...keys);
  for (const group of new Set(groups)) out.push(keys.filter((_, k) => groups[k] === group).join(','));
  out.push(keys.join(','), `${keys.join(',')},tools`, `${keys.join(',')},inspector,exercises`);
  return out;
}

// In the page: applies hide=`list` (parts and setting keys) and reports what breaks the rules.
async function layoutProblems(page, list) {
  return page.evaluate(async (hide) => {
    window.__embedLayout(hide.split(','));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const out = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${vw})`);
    for (const el of document.querySelectorAll('#transport, #settings, #exercises, #code, #inspector, [data-card], .chart, #settings .field')) {
      if (el.closest('.embed-hidden') || el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      const name = el.id ? `#${el.id}` : el.dataset.card ? `card ${el.dataset.card}` : el.dataset.key ? `field ${el.dataset.key}` : el.className;
      if (r.width < 200) out.push(`${name} is ${Math.round(r.width)} px wide`);
      if (r.left < -0.5 || r.right > vw + 0.5) out.push(`${name} is outside the page (${Math.round(r.left)}..${Math.round(r.right)} of ${vw})`);
    }
    return out;
  }, list);
}

// The page's own embed module is bundled; a fresh import of web/embed.js and web/settings.js is
// given the same schema, so that hide= reads setting keys as the page does.
async function prepare(page) {
  return page.evaluate(async () => {
    const { embed } = await import('/web/embed.js');
    const { settings } = await import('/web/settings.js');
    const { OFFERED_PARTS } = await import('/web/embeddialog.js');
    const schema = (await LinReg.load()).schema();
    settings.useSchema(schema);
    window.__embedLayout = (hide) => embed.applyLayout({ embed: true, hide });
    return { parts: embed.PARTS.map((p) => p.name), offered: OFFERED_PARTS, keys: schema.fields.map((f) => f.key), groups: schema.fields.map((f) => f.group) };
  });
}

test('every hide= value, alone and in common combinations, lays out at 360, 768, 1100 and 1400 px', async (t) => {
  const failures = [];
  let checked = 0;
  for (const width of WIDTHS) {
    const { page, context, problems } = await h.openPage(env, { width, height: 900, url: `${env.url}#embed=1` });
    const { parts } = await prepare(page);
    const cases = [...parts.filter((p) => p !== 'header' && p !== 'footer'), ...COMBINATIONS];
    for (const hide of cases) {
      checked += 1;
      for (const b of await layoutProblems(page, hide)) failures.push(`${width} px, hide=${hide}: ${b}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
  t.diagnostic(`${checked} layouts checked`);
  assert.deepEqual(failures, []);
});

test('every combination the Embed dialog offers lays out at 360, 768, 1100 and 1400 px', async (t) => {
  const failures = [];
  let checked = 0;
  for (const width of WIDTHS) {
    const { page, context, problems } = await h.openPage(env, { width, height: 900, url: `${env.url}#embed=1` });
    const { parts, offered, keys, groups } = await prepare(page);
    // hide= reads parts and setting keys from one list: no name may be both.
    assert.deepEqual(keys.filter((k) => parts.includes(k)), []);
    for (const hide of dialogCombinations(offered, keys, groups)) {
      checked += 1;
      for (const b of await layoutProblems(page, hide)) failures.push(`${width} px, hide=${hide}: ${b}`);
    }
    // A group whose settings are all hidden goes with them; with every setting hidden the panel
    // keeps only the tools.
    const state = await page.evaluate(async (all) => {
      window.__embedLayout(all.split(','));
      const shown = (el) => el.getClientRects().length > 0;
      return { fields: Array.from(document.querySelectorAll('#settings .field[data-key]')).filter(shown).length,
        groups: Array.from(document.querySelectorAll('#settings fieldset')).filter(shown).length,
        tools: shown(document.querySelector('#tools')), title: shown(document.querySelector('#settings-title')) };
    }, keys.join(','));
    assert.deepEqual(state, { fields: 0, groups: 0, tools: true, title: false });
    assert.deepEqual(problems, []);
    await context.close();
  }
  t.diagnostic(`${checked} layouts checked`);
  assert.deepEqual(failures, []);
});

test('the tool posts its content height to the host, which sizes the frame to it: no scroll bars, also after the content grows', async () => {
  const { page, context, tool } = await h.openHost(env, { width: 1100, height: 900, event: 'resize' });
  const fits = () => h.settledHeight(page, tool);
  const first = await fits();
  assert.ok(Math.abs(first.sent - first.content.height) <= 1, `sent ${first.sent} for content ${first.content.height}`);
  assert.ok(first.content.height <= first.content.client + 1, `no scroll bar: ${first.content.height} in ${first.content.client}`);
  // The content changes height (the example's run finishes, the readouts fill): a new height.
  await page.evaluate(() => window.sendToTool('setConfig', { config: { max_epochs: 2 } }));
  await page.evaluate(() => window.sendToTool('run'));
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'finished'), null, { timeout: 30000 });
  const after = await fits();
  assert.ok(Math.abs(after.sent - after.content.height) <= 1, `sent ${after.sent} for content ${after.content.height}`);
  assert.ok(after.content.height <= after.content.client + 1, `no scroll bar after the run: ${after.content.height} in ${after.content.client}`);
  await context.close();
});

test('examples/host.html hears a height that matches the content at 390 and 1400 px, and for a snippet of the dialog with settings hidden one by one', async () => {
  for (const width of [390, 1400]) {
    const { page, context, tool } = await h.openHost(env, { width, height: 900, event: 'resize' });
    const check = async (label) => {
      const m = await h.settledHeight(page, tool);
      const { sent, frame } = m;
      const content = { height: m.content.box, client: m.content.client };
      assert.ok(Math.abs(sent - content.height) <= 1, `${label}, ${width} px: sent ${sent} for content ${content.height}`);
      assert.ok(Math.abs(frame - content.height) <= 1, `${label}, ${width} px: frame ${frame} for content ${content.height}`);
      assert.ok(content.height <= content.client + 1, `${label}, ${width} px: no scroll bar`);
    };
    await check('host.html');
    // The same host with another tool link: settings hidden one by one (as the dialog writes it).
    await page.evaluate(() => {
      window.hostEvents.length = 0;
      const f = document.getElementById('tool');
      // (A new query, so that the frame loads the page again: a new hash alone would not.)
      f.src = f.src.replace('index.html#', 'index.html?again=1#').replace(/hide=[^&]*/, 'hide=inspector,lr,seed,noise,batch_size');
    });
    await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'resize'), null, { timeout: 20000 });
    const next = page.frames().find((f) => f.url().includes('hide=inspector,lr'));
    assert.ok(next, 'the tool reloaded with the new link');
    const { sent, content: { box: content } } = await h.settledHeight(page, next);
    assert.ok(Math.abs(sent - content) <= 1, `settings hidden, ${width} px: sent ${sent} for content ${content}`);
    assert.equal(await next.locator('#setting-lr').isVisible(), false);
    await context.close();
  }
});
