// Saving and opening sessions, the downloads (history CSV, the step log in the command-line
// program's format, the data, each plot as PNG), and training on the user's own CSV data.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

// Clicks `click()` and returns the downloaded file's name and text (or bytes).
async function downloaded(page, click, binary = false) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), content: binary ? fs.readFileSync(file) : fs.readFileSync(file, 'utf8') };
}

async function steps(page, n) {
  for (let i = 0; i < n; ++i) await h.press(page, 'Step');
}

test('Save session, then Open it in a new page: the same state, plots and future, checked bit for bit', async () => {
  const { page, context, problems } = await h.openPage(env);
  await steps(page, 5);
  await h.setField(page, 'lr', '0.1');
  await steps(page, 32);
  const saved = await downloaded(page, () => page.locator('[data-tool="save"]').click());
  assert.equal(saved.name, 'linreg-session.json');
  const session = JSON.parse(saved.content);
  assert.equal(session.format, 'd2l-linreg-session');
  assert.equal(session.state.step, 37);
  assert.deepEqual(session.changes, [{ after_phase: 0, after_step: 5, key: 'lr', value: 0.1 }]);
  const before = { params: await h.shownParams(page), counters: await h.counters(page), loss: await h.dataset(page, '#chart-loss') };

  const other = await h.openPage(env);
  await other.page.locator('[data-part="open-file"]').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(saved.content) });
  await other.page.locator('[data-part="tool-status"]').filter({ hasText: 'Opened' }).waitFor();
  assert.equal(await other.page.locator('[data-part="tool-status"]').textContent(),
               'Opened \u201cmine.json\u201d: the run is back at step 37, checked number for number.');
  assert.deepEqual(await h.shownParams(other.page), before.params);
  assert.deepEqual(await h.counters(other.page), before.counters);
  const loss = await h.dataset(other.page, '#chart-loss');
  assert.deepEqual([loss.stepPoints, loss.smoothedPoints, loss.epochPoints], [before.loss.stepPoints, before.loss.smoothedPoints, before.loss.epochPoints]);
  assert.equal((await h.dataset(other.page, '#chart-params')).steps, '38', 'the parameter plot has every step again');
  assert.equal(await other.page.locator('#setting-lr').inputValue(), '0.1');
  // The same future.
  await steps(page, 3);
  await steps(other.page, 3);
  assert.deepEqual(await h.shownParams(other.page), await h.shownParams(page));
  assert.deepEqual(await h.updateLines(other.page), await h.updateLines(page));

  // An edited file is refused with the reason, and the run stays as it was.
  session.state.w[1] += 1e-12;
  await other.page.locator('[data-part="open-file"]').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(session)) });
  await other.page.locator('[data-part="tool-status"][data-kind="error"]').waitFor();
  assert.match(await other.page.locator('[data-part="tool-status"]').textContent(),
               /^Could not open \u201cedited\.json\u201d: the session does not replay to its saved state: after 37 steps 'state\.w\[1\]' is /);
  assert.equal((await h.counters(other.page)).total.value, 40);
  assert.deepEqual([...problems, ...other.problems], []);
  await other.context.close();
  await context.close();
});

test('Downloads: the history as CSV, the step log as the CLI writes it, the data, each plot as PNG', async () => {
  const { page, context, problems } = await h.openPage(env);
  await steps(page, 40);
  await page.locator('[data-tool="downloads"]').click();
  const dialog = page.getByRole('dialog', { name: 'Downloads' });
  await dialog.waitFor();

  const history = await downloaded(page, () => dialog.getByRole('button', { name: 'History (CSV)' }).click());
  const lines = history.content.trim().split('\n');
  assert.equal(lines[0], 'step,epoch,batch,loss,w_1 (x1),w_2 (x2),b,train_loss,val_loss');
  assert.equal(lines.length, 41);
  const cli = h.cliRun(['--seed', '0']);
  const row32 = lines[32].split(',');
  assert.deepEqual(row32.slice(0, 3), ['32', '1', '32']);
  assert.equal(Number(row32[3]), cli.run.steps[31].loss);
  assert.deepEqual(row32.slice(4, 6).map(Number), cli.run.steps[31].w);
  assert.equal(Number(row32[6]), cli.run.steps[31].b);
  assert.deepEqual(row32.slice(7).map(Number), [cli.run.epochs[0].train_loss, cli.run.epochs[0].val_loss]);
  assert.deepEqual(lines[33].split(',').slice(7), ['', '']);

  const run = await downloaded(page, () => dialog.getByRole('button', { name: 'Step log (JSON)' }).click());
  const file = h.cliRun(['--seed', '0']);
  assert.deepEqual(JSON.parse(run.content), file.run, 'the --export-run format, the same numbers');

  const data = await downloaded(page, () => dialog.getByRole('button', { name: 'Data (CSV)' }).click());
  const dataLines = data.content.trim().split('\n');
  assert.equal(dataLines[0], 'x1,x2,y');
  assert.equal(dataLines.length, 2001);
  assert.deepEqual(dataLines[1].split(',').map(Number), [...file.run.data.X_train[0], file.run.data.y_train[0]]);

  for (const name of ['Data and fit', 'Loss', 'Parameters']) {
    const png = await downloaded(page, () => dialog.getByRole('button', { name: `${name} (PNG)` }).click(), true);
    assert.match(png.name, /^linreg-(data|loss|params)\.png$/);
    assert.deepEqual([...png.content.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.content.readUInt32BE(16) > 300 && png.content.readUInt32BE(20) > 200, 'a plot-sized image');
  }
  assert.deepEqual(problems, []);
  await context.close();
});

const CSV = ['area,rooms,price'];
for (let i = 0; i < 60; ++i) {
  const a = +(Math.sin(0.7 * i) * 3).toFixed(4);
  const r = +Math.cos(1.3 * i).toFixed(4);
  CSV.push(`${a},${r},${+(1.5 * a - 2 * r + 0.5 + 0.01 * Math.sin(17 * i)).toFixed(5)}`);
}

test('your own data: errors name the line and column; it trains like the synthetic data, with least squares as the reference', async () => {
  const { page, context, problems } = await h.openPage(env);
  await page.locator('[data-tool="data"]').click();
  const dialog = page.getByRole('dialog', { name: 'Your own data' });
  await dialog.waitFor();
  const text = dialog.getByLabel('or paste it here');
  await text.fill('area,rooms,price\n1,2,3\n4,five,6\n');
  assert.equal(await dialog.locator('#userdata-error').textContent(), "line 3, column 2: 'five' is not a number");
  assert.equal(await dialog.locator('.error-line').textContent(), '3: 4,five,6');
  assert.ok(await dialog.getByRole('button', { name: 'Train on this data' }).isDisabled());
  await text.fill('a,b\n1,2,3\n');
  assert.equal(await dialog.locator('#userdata-error').textContent(), 'line 2: 3 cells, but the header (line 1) has 2');

  await dialog.locator('#userdata-file').setInputFiles({ name: 'rooms.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV.join('\n')) });
  await dialog.getByLabel('Validation rows').fill('10');
  assert.equal(await dialog.locator('.userdata-summary').textContent(),
               '60 rows with a header: 2 feature(s) (area, rooms) and the label \u201cprice\u201d; 50 for training, 10 for validation.');
  assert.equal(await dialog.locator('.preview tbody tr').count(), 5);
  await dialog.getByRole('button', { name: 'Train on this data' }).click();
  await dialog.waitFor({ state: 'hidden' });

  assert.match(await page.locator('[data-part="data-source"]').textContent(), /^Data: your own, \u201crooms\.csv\u201d \(60 rows\)/);
  assert.equal((await h.counters(page)).step.text, '0 / 2');
  assert.ok(await page.locator('#setting-w').isHidden(), 'the synthetic data settings do not apply');
  assert.deepEqual(await page.locator('[data-control="feature"] option').allTextContents(), ['area', 'rooms']);
  // Trained exactly as on synthetic data: the same numbers as the core on the same rows.
  await h.setField(page, 'max_epochs', '200');
  await h.setField(page, 'lr', '0.05');
  await h.runToEnd(page);
  const shown = await h.shownParams(page);
  const reference = await page.evaluate(async ({ csv }) => {
    const api = await window.LinReg.load();
    const t = api.create({ num_val: 10, max_epochs: 200, lr: 0.05 }, { csv });
    t.fit();
    const out = { w: Array.from(t.state().w), b: t.state().b, ls: t.leastSquares() };
    out.ls = { w: Array.from(out.ls.w), b: out.ls.b };
    t.delete();
    return out;
  }, { csv: CSV.join('\n') });
  assert.deepEqual(shown.w, reference.w);
  assert.equal(shown.b, reference.b);
  // The least-squares solution stands in for the true parameters.
  const truth = await page.$$eval('[data-readout="params"] td.truth', (tds) => tds.map((td) => Number(td.dataset.value)));
  assert.deepEqual(truth, [...reference.ls.w, reference.ls.b]);
  assert.ok(Math.abs(reference.ls.w[0] - 1.5) < 0.01);

  // A saved session carries the data; opening it elsewhere gives the same run.
  const saved = await downloaded(page, () => page.locator('[data-tool="save"]').click());
  assert.equal(JSON.parse(saved.content).data.name, 'rooms.csv');
  const other = await h.openPage(env);
  await other.page.locator('[data-part="open-file"]').setInputFiles({ name: 's.json', mimeType: 'application/json', buffer: Buffer.from(saved.content) });
  await other.page.locator('[data-part="tool-status"]').filter({ hasText: 'Opened' }).waitFor();
  assert.match(await other.page.locator('[data-part="data-source"]').textContent(), /rooms\.csv/);
  assert.deepEqual(await h.shownParams(other.page), shown);

  // Back to the book's data.
  await page.locator('[data-tool="data"]').click();
  await dialog.getByRole('button', { name: "Back to the book's synthetic data" }).click();
  assert.match(await page.locator('[data-part="data-source"]').textContent(), /^Data: the book's synthetic data/);
  assert.equal((await h.counters(page)).step.text, '0 / 32');
  assert.equal(await page.locator('#setting-w').inputValue(), '2, -3.4');
  assert.deepEqual([...problems, ...other.problems], [], 'no request leaves the page: the data stays in the browser');
  await other.context.close();
  await context.close();
});
