// One field schema, many surfaces: the page's settings form, its URL codec and its embed lock list
// are built from the module's schema (api.schema(), declared once in cpp/schema.cpp). A field
// added to the schema, with nothing changed in the page's code, appears in the form (in the
// fieldset of its schema group, marked as applying at once or on Reset, with its doc as help), round-trips through a link, and can be locked.
// (The command line's side, the flag and --help, is tests/cpp/schema_test.cpp.)
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

test('a field added to the schema appears in the settings form, the URL codec and the lock list', async () => {
  const { page, context, problems } = await h.openPage(env);
  const seen = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    const { settings } = await import('/web/settings.js');
    const { SettingsForm } = await import('/web/controls.js');
    const { urlstate } = await import('/web/urlstate.js');
    const { embed } = await import('/web/embed.js');
    const schema = api.schema();
    // Two new fields, as the core would declare them: one live, one applied on reset.
    schema.fields.push(
      { key: 'momentum', type: 'number', default: 0, min: 0, rule: 'a finite number >= 0', live: true, flag: '--momentum', group: 'training', doc: 'the momentum of SGD' },
      { key: 'warmup', type: 'choice', default: 'none', choices: ['none', 'linear'], rule: 'one of "none", "linear"', live: false, flag: '--warmup', group: 'exercise', doc: 'how lr ramps up' },
    );
    settings.useSchema(schema);
    // The form, in a copy of the page's settings panel without its fields.
    const root = document.querySelector('#settings').cloneNode(true);
    for (const field of root.querySelectorAll('fieldset .field')) field.remove();
    const defaults = Object.assign(api.defaults(), { momentum: 0, warmup: 'none' });
    const form = new SettingsForm(root, { book: defaults }, { check: (c) => c, live: () => {}, apply: () => {} });
    form.setRunConfig(defaults);
    const field = (key) => {
      const input = root.querySelector(`#setting-${key}`);
      return input && {
        group: input.closest('fieldset').dataset.group,
        when: input.closest('.field').querySelector('.field-when').dataset.when,
        help: input.closest('.field').querySelector('.field-help').textContent,
        tag: input.tagName.toLowerCase(),
        options: Array.from(input.options || [], (o) => o.value),
      };
    };
    // The link: written when it differs from the defaults, read back by the codec.
    const hash = urlstate.build({ config: Object.assign({}, defaults, { momentum: 0.9, warmup: 'linear' }), defaults });
    const read = urlstate.parse(hash, (c) => Object.assign({}, defaults, typeof c === 'string' ? {} : c));
    return {
      momentum: field('momentum'), warmup: field('warmup'), lr: field('lr'), hash,
      read: { momentum: read.config.momentum, warmup: read.config.warmup, messages: read.messages },
      locked: embed.lockedKeys({ lock: ['all'] }),
    };
  });
  assert.deepEqual(seen.momentum, { group: 'training', when: 'live', help: 'The momentum of SGD.', tag: 'input', options: [] });
  assert.deepEqual(seen.warmup, { group: 'exercise', when: 'reset', help: 'How lr ramps up.', tag: 'select', options: ['none', 'linear'] });
  assert.equal(seen.lr.group, 'training', "lr is in the training group because the core's schema says so");
  assert.equal(seen.lr.when, 'live', "lr applies at once because the core's schema says so");
  assert.match(seen.hash, /(^#|&)momentum=0\.9(&|$)/);
  assert.match(seen.hash, /(^#|&)warmup=linear(&|$)/);
  assert.deepEqual(seen.read, { momentum: 0.9, warmup: 'linear', messages: [] });
  assert.ok(seen.locked.includes('momentum') && seen.locked.includes('warmup'), 'lock=all covers the new fields');
  assert.deepEqual(problems, []);
  await context.close();
});

test("the page's settings are exactly the schema's fields, in its order, in its groups, with its live flags", async () => {
  const { page, context } = await h.openPage(env);
  const { fields, shown } = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    return {
      fields: api.schema().fields.map((f) => ({ key: f.key, group: f.group, live: String(f.live) })),
      shown: Array.from(document.querySelectorAll('#settings fieldset .field'), (el) => ({
        key: el.dataset.key, group: el.closest('fieldset').dataset.group, live: el.dataset.live,
      })),
    };
  });
  const order = (list, group) => list.filter((f) => f.group === group).map((f) => f.key);
  for (const group of ['training', 'data', 'exercise']) assert.deepEqual(order(shown, group), order(fields, group));
  assert.equal(shown.length, fields.length);
  const live = (list) => list.filter((f) => f.live === 'true').map((f) => f.key).sort();
  assert.deepEqual(live(shown), live(fields));
  await context.close();
});
