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

test('every hide= value, alone and in common combinations, lays out at 360, 768, 1100 and 1400 px', async (t) => {
  const failures = [];
  let checked = 0;
  for (const width of WIDTHS) {
    const { page, context, problems } = await h.openPage(env, { width, height: 900, url: `${env.url}#embed=1` });
    const parts = await page.evaluate(async () => (await import('/web/embed.js')).embed.PARTS.map((p) => p.name));
    const cases = [...parts.filter((p) => p !== 'header' && p !== 'footer'), ...COMBINATIONS];
    for (const hide of cases) {
      const bad = await page.evaluate(async (list) => {
        const { embed } = await import('/web/embed.js');
        embed.applyLayout({ embed: true, hide: list.split(',') });
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const out = [];
        const vw = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth > vw + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${vw})`);
        for (const el of document.querySelectorAll('#transport, #settings, #exercises, #code, #inspector, [data-card], .chart')) {
          if (el.closest('.embed-hidden') || el.getClientRects().length === 0) continue;
          const r = el.getBoundingClientRect();
          const name = el.id ? `#${el.id}` : el.dataset.card ? `card ${el.dataset.card}` : el.className;
          if (r.width < 200) out.push(`${name} is ${Math.round(r.width)} px wide`);
          if (r.left < -0.5 || r.right > vw + 0.5) out.push(`${name} is outside the page (${Math.round(r.left)}..${Math.round(r.right)} of ${vw})`);
        }
        return out;
      }, hide);
      checked += 1;
      for (const b of bad) failures.push(`${width} px, hide=${hide}: ${b}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
  t.diagnostic(`${checked} layouts checked`);
  assert.deepEqual(failures, []);
});

test('the tool posts its content height to the host, which sizes the frame to it: no scroll bars, also after the content grows', async () => {
  const { page, context, tool } = await h.openHost(env, { width: 1100, height: 900, event: 'resize' });
  const fits = async () => {
    await page.waitForTimeout(300);
    const content = await tool.evaluate(() => ({ height: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
    const sent = await page.evaluate(() => window.hostEvents.filter((m) => m.event === 'resize').pop().data.height);
    const frame = await page.evaluate(() => document.getElementById('tool').getBoundingClientRect().height);
    return { content, sent, frame };
  };
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
