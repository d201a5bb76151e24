// Plots that fit their data: the loss against steps, zoomed to the steps taken, epoch ends
// marked; a log scale switched on by itself when the loss spans more than three decades (and
// said), the learner's choice winning once made; and in every plot (data, loss, parameters,
// landscape, loss along b, distance, sweep) tick labels that are short numbers, all different,
// and fit the room the axis has (measured in the page with the axes' font), at lr = 3 (a loss
// of 1e66) and on unscaled CSV data of millions.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const UPLOTS = ['#chart-data', '#chart-loss', '#chart-params'];
const CANVASES = ['#landscape-canvas', '#profile-canvas', '#distance-canvas', '#sweep-canvas'];

// Every plot's tick labels and the widest one's width in the axes' font, with the room its y
// axis has: for a uPlot chart its axis' width less ticks and gap (15 px); for a canvas plot the
// margin left of the plot area less the band of the axis' name (data-y-axis-width) and a 5 px gap.
async function axes(page) {
  return page.evaluate(({ uplots, canvases }) => {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    const read = (s, gap) => {
      const d = document.querySelector(s).dataset;
      const x = d.xTicks ? d.xTicks.split('|') : [];
      const y = d.yTicks ? d.yTicks.split('|') : [];
      const widest = Math.max(0, ...y.map((l) => ctx.measureText(l).width));
      return { plot: s, x, y, widest, room: Number(d.yAxisWidth) - gap };
    };
    return [...uplots.map((s) => read(s, 15)), ...canvases.map((s) => read(s, 5))];
  }, { uplots: UPLOTS, canvases: CANVASES });
}

function checkLabels(all, { scientific = [] } = {}) {
  for (const a of all) {
    for (const [name, labels] of [['x', a.x], ['y', a.y]]) {
      const shown = labels.filter((l) => l !== '');
      assert.ok(shown.length >= 2, `${a.plot} ${name} axis has numbers: ${JSON.stringify(labels)}`);
      for (const l of shown) {
        assert.ok(l.length <= 8, `${a.plot} ${name} label "${l}" is short`);
        assert.ok(Number.isFinite(Number(l)), `${a.plot} ${name} label "${l}" is a number`);
      }
      assert.equal(new Set(shown).size, shown.length, `${a.plot} ${name} labels differ: ${shown}`);
    }
    assert.ok(a.widest <= a.room, `${a.plot}: the widest y label (${a.widest.toFixed(1)} px) fits its axis (${a.room} px)`);
    if (scientific.includes(a.plot)) assert.ok(a.y.some((l) => /e[+-]\d+$/.test(l)), `${a.plot} in scientific notation: ${a.y}`);
  }
}

async function sweep(page, lrs) {
  await page.locator('#sweep-lrs').fill(lrs);
  await page.locator('[data-action="sweep"]').click();
  await page.waitForSelector('#sweep[data-state="done"]');
}

test('lr = 3: every axis keeps its numbers; the loss switches to a log scale by itself and says so', async () => {
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#lr=3` });
  await h.runToEnd(page);
  await sweep(page, '0.01, 0.1, 1, 3');
  const all = await axes(page);
  checkLabels(all, { scientific: ['#chart-loss', '#chart-params', '#profile-canvas'] });
  const loss = all.find((a) => a.plot === '#chart-loss');
  assert.ok(loss.y.includes('1e+55') || loss.y.some((l) => Number(l) >= 1e50), `decades up to the loss: ${loss.y}`);
  assert.ok(await page.locator('[data-control="log-scale"]').isChecked(), 'the box shows the log scale');
  const note = page.locator('[data-part="loss-note"]');
  assert.equal(await note.getAttribute('data-auto-log'), 'true');
  assert.match(await note.textContent(), /The loss spans 6\d decades, so the plot switched to a log scale by itself/);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /log/, 'the link keeps only a choice');
  // The learner's choice wins: linear, and linear it stays for the next run.
  await page.locator('[data-control="log-scale"]').uncheck();
  assert.equal(await note.getAttribute('data-auto-log'), 'false');
  const linear = (await axes(page)).find((a) => a.plot === '#chart-loss');
  checkLabels([linear], { scientific: ['#chart-loss'] });
  assert.ok(linear.y.every((l) => Number(l) >= 0), `a linear axis from 0: ${linear.y}`);
  await h.press(page, 'Reset');
  await h.runToEnd(page);
  assert.equal(await page.locator('[data-control="log-scale"]').isChecked(), false);
  await page.screenshot({ path: h.screenshotPath('axes-lr3-1280x800.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the loss against steps: zoomed to the steps taken, epoch ends marked, the validation loss at the epoch\'s last step', async () => {
  const { page, context, problems } = await h.openPage(env);
  const loss = () => h.dataset(page, '#chart-loss');
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  assert.deepEqual([(await loss()).xRange, (await loss()).epochMarks], ['1,3', '0']);
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').dataset.value === '1');
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  const l = await loss();
  assert.deepEqual([l.xRange, l.epochMarks, l.epochPoints, l.stepPoints], ['1,35', '1', '1', '35']);
  // The validation loss sits at step 32 (the end of epoch 1), as an independent run has it.
  const val = await page.evaluate(async () => {
    const api = await window.LinReg.load();
    const t = api.create({});
    for (let i = 0; i < 32; ++i) t.step();
    const v = t.history(0).valLoss[0];
    t.delete();
    return v;
  });
  assert.equal(l.lastEpoch, `32,${val}`);
  // Fewer than three decades (the first 35 steps of the book's run: 16 down to about 0.05):
  // linear, no note.
  assert.equal(await page.locator('[data-part="loss-note"]').getAttribute('data-auto-log'), 'false');
  checkLabels((await axes(page)).filter((a) => UPLOTS.includes(a.plot)));
  assert.deepEqual(problems, []);
  await context.close();
});

test('unscaled CSV data in the millions: every axis in scientific notation where needed, nothing clipped', async () => {
  const rows = ['area,price'];
  for (let i = 0; i < 80; ++i) {
    const area = 2e6 + 37e3 * i + 11e3 * Math.sin(i);
    rows.push(`${area},${(310 * area + 4e7 + 2e6 * Math.cos(3 * i)).toFixed(0)}`);
  }
  const { page, context, problems } = await h.openPage(env);
  await page.locator('[data-tool="data"]').click();
  const dialog = page.getByRole('dialog', { name: 'Your own data' });
  await dialog.locator('#userdata-file').setInputFiles({ name: 'houses.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await dialog.getByLabel('Validation rows').fill('10');
  await dialog.getByRole('button', { name: 'Train on this data' }).click();
  await dialog.waitFor({ state: 'hidden' });
  for (let i = 0; i < 2; ++i) await h.press(page, 'Step'); // the loss and parameters grow huge at once
  await sweep(page, '1e-15, 1e-13, 1e-11');
  const all = await axes(page);
  checkLabels(all, { scientific: ['#chart-data', '#chart-loss', '#chart-params'] });
  const data = all.find((a) => a.plot === '#chart-data');
  assert.ok(data.x.some((l) => /e\+6$/.test(l)), `the areas on the x axis: ${data.x}`);
  await page.screenshot({ path: h.screenshotPath('axes-csv-1280x800.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
