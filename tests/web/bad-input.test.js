// The bad-input matrix on the page: every case of tests/bad-input/cases.json that a person can type
// (its `text`) goes into the settings form field and into a link (#key=text), and the page must
// say what is wrong with the field's own rule (the C++ message) and leave the run as it was: the
// same counters, parameters and next step as the command-line program's run. The JS API and the
// native surfaces run the same table (tests/node/bad-input.test.js, tests/cpp/bad_input_test.cpp).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./helpers.js');

const { cases } = JSON.parse(fs.readFileSync(path.join(h.repoRoot, 'tests', 'bad-input', 'cases.json'), 'utf8'));
const expected = (c) => (c.expect_by_surface && c.expect_by_surface.text) || c.expect;
const typed = cases.filter((c) => typeof c.text === 'string');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

function assertStarts(message, prefix, where) {
  assert.ok(message.startsWith(prefix), `${where}:\n  expected a message starting with\n  ${prefix}\n  got\n  ${message}`);
}

test(`bad-input matrix, settings form: each typed case shows the field's rule and leaves the run as it was`, async (t) => {
  const cli = h.cliRun(['--seed', '0']);
  const { page, context, problems } = await h.openPage(env);
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  const before = { counters: await h.counters(page), params: await h.shownParams(page) };
  // The form's fields that take typed text (check boxes and menus cannot hold a bad value).
  // The page's settings module, imported as the ES module it is (the page runs its bundle), with
  // the module's field schema.
  // The exercises' extras sit behind a disclosure: open it. A field that does not apply to this run
  // (huber_delta without the Huber loss, resistance without Ohm's law) is hidden and cannot be
  // typed into; the other surfaces below cover its cases.
  await page.evaluate(() => { document.querySelector('[data-part="exercise-settings"]').open = true; });
  const fields = await page.evaluate(async () => Object.fromEntries((await (async () => {
    const { settings } = await import('/web/settings.js');
    settings.useSchema((await window.LinReg.load()).schema());
    return settings;
  })()).SETTINGS
    .filter((s) => document.getElementById(`setting-${s.key}`)?.matches('input:not([type=checkbox]), textarea'))
    .filter((s) => !document.getElementById(`setting-${s.key}`).closest('[hidden]'))
    .map((s) => [s.key, document.getElementById(`setting-${s.key}`).value])));
  let n = 0;
  for (const c of typed) {
    const key = c.field || c.text_field;
    if (!(key in fields)) continue;
    await h.setField(page, key, c.text);
    assertStarts(await h.fieldError(page, key), expected(c), `${c.id} (typed ${JSON.stringify(c.text.slice(0, 40))})`);
    // Back to the run's value: the message goes.
    await h.setField(page, key, fields[key]);
    assert.equal(await h.fieldError(page, key), '', `${c.id}: the message clears`);
    ++n;
  }
  assert.ok(n >= 60, `${n} form cases`);
  // Nothing changed: no pending reset, the same counters and parameters, and the next step is the
  // command-line program's fourth.
  assert.ok(await page.locator('[data-part="pending"]').isHidden(), 'no change waits for a reset');
  assert.deepEqual(await h.counters(page), before.counters);
  assert.deepEqual(await h.shownParams(page), before.params);
  await h.press(page, 'Step');
  const after4 = await h.shownParams(page);
  assert.deepEqual(after4.w, cli.run.steps[3].w);
  assert.equal(after4.b, cli.run.steps[3].b);
  assert.deepEqual(problems, []);
  t.diagnostic(`bad-input matrix (page form): ${n} typed cases in ${Object.keys(fields).length} fields`);
  await context.close();
});

test('bad-input matrix, links: each typed case in #key=text is reported with the rule and the field keeps its default', async (t) => {
  const { page, context, problems } = await h.openPage(env);
  // The page's own reading of a link (web/urlstate.js, the function it runs on load and on
  // hashchange), with the module's checks.
  const results = await page.evaluate(async (list) => {
    const api = await window.LinReg.load();
    const { settings } = await import('/web/settings.js');
    settings.useSchema(api.schema());
    const { urlstate } = await import('/web/urlstate.js');
    const keys = new Set(settings.SETTINGS.map((s) => s.key));
    const out = [];
    for (const c of list) {
      const key = c.field || c.text_field;
      if (!keys.has(key)) continue;
      const hash = `#${key}=${encodeURIComponent(c.text)}`;
      const r = urlstate.parse(hash, (config) => api.check(config));
      out.push({ id: c.id, key, messages: r.messages, value: r.config[key], keys: r.keys });
    }
    return { out, defaults: api.defaults() };
  }, typed);
  for (const r of results.out) {
    const c = typed.find((x) => x.id === r.id);
    assert.equal(r.messages.length, 1, `${r.id}: one message: ${r.messages.join(' | ')}`);
    assert.ok(r.messages[0].includes(expected(c)), `${r.id}: the message has the rule:\n  ${expected(c)}\n  in\n  ${r.messages[0]}`);
    assert.deepEqual(r.value, results.defaults[r.key], `${r.id}: ${r.key} keeps its default`);
    assert.ok(!r.keys.includes(r.key), `${r.id}: not taken from the link`);
  }
  assert.ok(results.out.length >= 80, `${results.out.length} link cases`);
  assert.deepEqual(problems, []);
  t.diagnostic(`bad-input matrix (links): ${results.out.length} typed cases`);
  await context.close();
});

test('a link with several bad values opens on the defaults and lists each; a bad hash change leaves the run alone', async () => {
  const bad = { lr: '0', batch_size: '2.5', w: '1, NaN', seed: '-1', noise: 'abc', max_epochs: '1e12' };
  const hash = Object.entries(bad).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#${hash}` });
  const notices = await page.locator('#notices li').allTextContents();
  assert.equal(notices.length, Object.keys(bad).length, notices.join('\n'));
  for (const key of Object.keys(bad)) assert.ok(notices.some((m) => m.includes(`'${key}' must be`)), `${key}: ${notices.join('\n')}`);
  assert.ok(await page.locator('#notices').isVisible());
  // The run is the book's.
  const cli = h.cliRun(['--seed', '0']);
  await h.press(page, 'Step');
  assert.deepEqual((await h.shownParams(page)).w, cli.run.steps[0].w);
  // A hash change with a bad value: reported, the run goes on.
  await page.evaluate(() => { location.hash = '#lr=-1'; });
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#notices li')).some((li) => li.textContent.includes("'lr' must be")));
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).total.value, 2);
  assert.deepEqual((await h.shownParams(page)).w, cli.run.steps[1].w);
  assert.deepEqual(problems, []);
  await context.close();
});
