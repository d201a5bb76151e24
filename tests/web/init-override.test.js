// The initialization override (init_w, init_b) on the page: the settings form shows the two fields
// in the training fieldset right after sigma, empty for the book's initialization; a link with
// #init_w=..&init_b=.. starts that run (the command-line program's run from that start, bit for
// bit), the page writes them back into its link, and emptying the fields goes back to the book's
// start (and out of the link).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const value = (page, key) => page.locator(`#setting-${key}`).inputValue();

test('the form shows init_w and init_b after sigma, in the training fieldset, empty by default', async () => {
  const { page, context, problems } = await h.openPage(env);
  const boxes = await page.evaluate(() => {
    const fields = Array.from(document.querySelectorAll('fieldset[data-group="training"] .field'), (f) => f.dataset.key);
    const box = (key) => {
      const r = document.querySelector(`.field[data-key="${key}"]`).getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, right: r.right };
    };
    const fieldset = document.querySelector('fieldset[data-group="training"]').getBoundingClientRect();
    const input = document.getElementById('setting-init_w');
    return {
      fields, sigma: box('sigma'), initW: box('init_w'), initB: box('init_b'), fieldsetRight: fieldset.right,
      overflow: input.scrollWidth > input.clientWidth + 1,
      label: document.querySelector('label[for="setting-init_w"]').textContent,
      hidden: document.querySelector('.field[data-key="init_w"]').closest('[hidden]') !== null,
    };
  });
  assert.deepEqual(boxes.fields.slice(0, 3), ['lr', 'batch_size', 'max_epochs'], "the book's hyperparameters first");
  const at = boxes.fields.indexOf('sigma');
  assert.deepEqual(boxes.fields.slice(at, at + 3), ['sigma', 'init_w', 'init_b']);
  assert.equal(boxes.hidden, false);
  assert.match(boxes.label, /Start w at\s+init_w/);
  // Laid out below sigma, one after the other, inside the fieldset, with some width to type in.
  assert.ok(boxes.initW.y >= boxes.sigma.y + boxes.sigma.height - 1, 'init_w below sigma');
  assert.ok(boxes.initB.y >= boxes.initW.y + boxes.initW.height - 1, 'init_b below init_w');
  for (const b of [boxes.initW, boxes.initB]) {
    assert.ok(b.width > 150, `width ${b.width}`);
    assert.ok(b.right <= boxes.fieldsetRight + 0.5, 'inside the fieldset');
  }
  assert.equal(boxes.overflow, false);
  assert.deepEqual([await value(page, 'init_w'), await value(page, 'init_b')], ['', '']);
  await page.locator('.field[data-key="sigma"]').scrollIntoViewIfNeeded();
  await page.locator('fieldset[data-group="training"]').screenshot({ path: h.screenshotPath('init-override-form.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link with init_w and init_b starts that run, bit for bit the CLI\'s, and the fields clear it', async () => {
  const cli = h.cliRun(['--init-w', '1,-2', '--init-b', '0.5', '--seed', '3', '--quiet']);
  const plain = h.cliRun(['--seed', '3', '--quiet']);
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#init_w=1,-2&init_b=0.5&seed=3` });
  assert.ok(await page.locator('#notices').isHidden());
  assert.deepEqual([await value(page, 'init_w'), await value(page, 'init_b')], ['1, -2', '0.5']);
  const start = await h.shownParams(page);
  assert.deepEqual([start.w, start.b], [[1, -2], 0.5], 'step 0 is the override');
  assert.deepEqual(cli.run.initial_params, { w: [1, -2], b: 0.5 });
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  const after3 = await h.shownParams(page);
  assert.deepEqual(after3.w, cli.run.steps[2].w);
  assert.equal(after3.b, cli.run.steps[2].b);
  // The same rows as the run without the override (the CLI's), another path.
  assert.deepEqual(cli.run.steps.map((s) => s.indices), plain.run.steps.map((s) => s.indices));
  assert.notDeepEqual(cli.run.steps[2].w, plain.run.steps[2].w);
  assert.equal(await page.evaluate(() => location.hash), '#init_w=1,-2&init_b=0.5&seed=3');
  // Emptied: the book's start again (after Apply & reset), and no init keys in the link.
  await h.setField(page, 'init_w', '');
  await h.setField(page, 'init_b', '');
  assert.equal(await h.fieldError(page, 'init_w'), '');
  await page.getByRole('button', { name: 'Apply & reset', exact: true }).click();
  assert.equal(await page.evaluate(() => location.hash), '#seed=3');
  const book = await h.shownParams(page);
  assert.deepEqual([book.w, book.b], [plain.run.initial_params.w, 0]);
  // A wrong length is refused by the field, with the rule.
  await h.setField(page, 'init_w', '1, 2, 3');
  assert.equal(await h.fieldError(page, 'init_w'), "'init_w' must be a list of d = 2 numbers, one per feature, got a list of 3");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a start set on the book's data does not block your own data of another width: that data starts from its own draws", async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#init_w=1,-2&init_b=0.5` });
  await page.locator('[data-tool="data"]').click();
  const dialog = page.getByRole('dialog', { name: 'Your own data' });
  await dialog.waitFor();
  const csv = ['a,b,c,y', ...Array.from({ length: 30 }, (_, i) => `${i % 7},${(i * 3) % 5},${i / 10},${2 * i + 1}`)].join('\n');
  await dialog.getByLabel('or paste it here').fill(csv);
  await dialog.getByLabel('Validation rows').fill('5');
  await dialog.getByRole('button', { name: 'Train on this data' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.match(await page.locator('[data-part="data-source"]').textContent(), /^Data: your own/);
  // Three features; w from the normal draws (init_w was for two), b still the start given.
  const reference = await page.evaluate(async (text) => {
    const api = await window.LinReg.load();
    const t = api.create({ num_val: 5, init_b: 0.5 }, { csv: text });
    const out = { w: Array.from(t.state().w), b: t.state().b };
    t.delete();
    return out;
  }, csv);
  const shown = await h.shownParams(page);
  assert.deepEqual([shown.w, shown.b], [reference.w, 0.5]);
  assert.equal(shown.w.length, 3);
  assert.deepEqual([await value(page, 'init_w'), await value(page, 'init_b')], ['', '0.5']);
  assert.deepEqual(problems, []);
  await context.close();
});
