// Links, embedding and the host page: settings round-trip through the URL hash; a bad value in a
// link gives a message and that field's default; Copy link; the Embed dialog's snippet; embed mode
// (hidden parts, locks, goal); and examples/host.html driving an embedded tool on another origin
// by postMessage, with locked settings, until it records the goal event.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

async function fieldValue(page, key) {
  return page.locator(`#setting-${key}`).inputValue();
}

test('settings round-trip through the URL hash, and a link opens the same run', async () => {
  const { page, context, problems } = await h.openPage(env);
  assert.equal(await page.evaluate(() => location.hash), '', 'the default run has an empty hash');
  await h.setField(page, 'lr', '0.1');
  await h.setField(page, 'batch_size', '10');
  await h.setField(page, 'w', '1, 2, 3');
  await page.getByRole('button', { name: 'Apply & reset', exact: true }).click();
  await page.locator('[data-control="log-scale"]').check();
  const hash = await page.evaluate(() => location.hash);
  assert.equal(hash, '#lr=0.1&batch_size=10&w=1,2,3&log=1');
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  const params = await h.shownParams(page);

  const second = await h.openPage(env, { url: `${env.url}${hash}` });
  assert.deepEqual([await fieldValue(second.page, 'lr'), await fieldValue(second.page, 'batch_size'), await fieldValue(second.page, 'w')],
                   ['0.1', '10', '1, 2, 3']);
  assert.ok(await second.page.locator('[data-control="log-scale"]').isChecked());
  for (let i = 0; i < 3; ++i) await h.press(second.page, 'Step');
  assert.deepEqual(await h.shownParams(second.page), params, 'the same seed and settings give the same numbers');
  assert.ok(await second.page.locator('#notices').isHidden());
  assert.deepEqual([...problems, ...second.problems], []);
  await second.context.close();
  await context.close();
});

test('a bad value in a link: a message naming the field and rule, and that field keeps its default', async () => {
  const hash = '#lr=abc&batch_size=0&seed=7&color=red&goal=val_loss<-1&hide=plots&origins=ftp://x';
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}${hash}` });
  const items = await page.locator('#notices li').allTextContents();
  for (const message of [
    "'lr=abc' was not used: 'lr' must be a finite number > 0, got \"abc\". It keeps its default, 0.03.",
    "'batch_size=0' was not used: 'batch_size' must be an integer >= 1, got 0. It keeps its default, 32.",
    "'color' is not a setting of this page; it was ignored.",
  ]) assert.ok(items.includes(message), `${message}\nin\n${items.join('\n')}`);
  assert.equal(items.length, 6, items.join('\n'));
  assert.ok(items.some((m) => m.startsWith("'goal=val_loss<-1' was not used: a goal is written metric<value")));
  assert.ok(items.some((m) => m.startsWith("'hide=plots' was not used: plots is not one of header, footer,")));
  assert.ok(items.some((m) => m.startsWith("'origins=ftp://x' was not used: 'ftp://x' is not an origin")));
  // The page works, with the good value applied and the defaults for the bad ones.
  assert.deepEqual([await fieldValue(page, 'lr'), await fieldValue(page, 'batch_size'), await fieldValue(page, 'seed')], ['0.03', '32', '7']);
  await h.press(page, 'Step');
  assert.equal((await h.counters(page)).total.value, 1);
  // Cross-field rules too: each value is checked with the others.
  const big = await h.openPage(env, { url: `${env.url}#num_train=9000000&num_val=2000000` });
  const bigItems = await big.page.locator('#notices li').allTextContents();
  assert.equal(bigItems.length, 1);
  assert.match(bigItems[0], /^'num_val=2000000' was not used: 'num_train' must be such that num_train \+ num_val is at most 10000000/);
  // Markup in a link is shown as text, never run.
  const xss = await h.openPage(env, { url: `${env.url}#<img src=x onerror=window.pwned=1>=1&lr=<b>1</b>` });
  assert.equal(await xss.page.evaluate(() => window.pwned), undefined);
  assert.equal(await xss.page.locator('#notices img, #notices b').count(), 0);
  assert.match((await xss.page.locator('#notices').textContent()), /'<img src' is not a setting of this page/);
  await page.locator('#notices').getByRole('button', { name: 'Dismiss' }).click();
  assert.ok(await page.locator('#notices').isHidden());
  assert.deepEqual([...problems, ...big.problems, ...xss.problems], []);
  for (const c of [context, big.context, xss.context]) await c.close();
});

test('editing the hash of an open page changes its run; Copy link copies the current state', async () => {
  const { page, context, problems } = await h.openPage(env);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.url).origin });
  await page.evaluate(() => { location.hash = '#lr=0.2&max_epochs=4'; });
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').textContent.trim() === '0 / 4');
  assert.equal(await fieldValue(page, 'lr'), '0.2');
  await page.locator('[data-tool="link"]').click();
  await page.locator('[data-part="tool-status"]').filter({ hasText: 'Link copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `${env.url}#lr=0.2&max_epochs=4`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Embed dialog writes the <iframe> snippet; keyboard: Escape closes it and focus returns', async () => {
  const { page, context, problems } = await h.openPage(env);
  await h.setField(page, 'lr', '0.1');
  const button = page.locator('[data-tool="embed"]');
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Embed in a course page' });
  await dialog.waitFor();
  await dialog.getByLabel('Settings', { exact: true }).check();
  await dialog.getByLabel('Step inspector').check();
  await dialog.getByLabel('Lock every setting').check();
  await dialog.getByLabel('Reach a').selectOption('val_loss');
  await dialog.getByLabel('below').fill('0.001');
  await dialog.getByLabel('Your page’s origin').fill('https://course.example.org');
  const snippet = await dialog.locator('textarea').inputValue();
  assert.equal(snippet,
    `<iframe src="${env.url}#lr=0.1&amp;embed=1&amp;hide=settings,inspector&amp;lock=all&amp;goal=val_loss%3C0.001&amp;origins=https%3A%2F%2Fcourse.example.org" ` +
    'title="Linear regression from scratch: minibatch SGD step by step" width="100%" height="760" style="border:0;max-width:100%" loading="lazy"></iframe>');
  await dialog.getByLabel('Your page’s origin').fill('course.example.org');
  assert.match(await dialog.locator('.field-error').textContent(), /'course.example.org' is not an origin/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // Focus goes back in the <dialog>'s close event, a task after it hides.
  await page.waitForFunction(() => document.activeElement && document.activeElement.dataset.tool === 'embed', null, { timeout: 5000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('embed mode: hidden parts, locked settings and a goal reported when reached', async () => {
  const hash = '#lr=0.1&max_epochs=5&embed=1&hide=settings,inspector,plot-params&lock=all&goal=val_loss<0.001';
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}${hash}`, width: 900, height: 700 });
  for (const sel of ['.site-header', '.site-footer', '#settings', '#inspector', '[data-card="params"]']) {
    assert.ok(await page.locator(sel).isHidden(), `${sel} is hidden`);
  }
  for (const sel of ['#transport', '[data-card="data"]', '[data-card="loss"]', '#readouts', '#goal']) {
    assert.ok(await page.locator(sel).isVisible(), `${sel} is shown`);
  }
  assert.ok(await page.locator('#setting-lr').isDisabled());
  assert.ok(await page.getByRole('button', { name: 'New data', exact: true }).isDisabled());
  assert.equal(await page.locator('#goal').textContent(), 'Goal: reach a validation loss below 0.001.');
  await h.press(page, 'Epoch');
  await page.waitForFunction(() => document.querySelector('[data-counter="epoch"]').dataset.value === '1');
  assert.doesNotMatch(await page.locator('#goal').textContent(), /reached/);
  await h.press(page, 'Epoch');
  await page.locator('#goal.is-reached').waitFor();
  assert.match(await page.locator('#goal').textContent(), /^Goal reached: validation loss 7\.\d+e-5 < 0\.001 at step 64 \(epoch 2\)\.$/);
  await page.screenshot({ path: h.screenshotPath('embed-900x700.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

// The host page on one origin (127.0.0.1), the tool on another (localhost): events and commands
// cross origins, and only the listed origin may command.
test('examples/host.html embeds the tool with locked settings, drives it by postMessage and records the goal', async () => {
  const toolUrl = env.url.replace('127.0.0.1', 'localhost');
  const hostUrl = `${env.url}examples/host.html?tool=${encodeURIComponent(`${toolUrl}index.html`)}`;
  const { page, context, problems } = await h.openPage(env, { url: hostUrl, ready: false, width: 1280, height: 1000 });
  const events = () => page.evaluate(() => window.hostEvents.map((m) => m.event));
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'ready'), null, { timeout: 15000 });
  const ready = await page.evaluate(() => window.hostEvents.find((m) => m.event === 'ready'));
  assert.equal(ready.protocol, 'd2l-linreg');
  assert.equal(ready.version, 1);
  assert.equal(ready.data.config.lr, 0.1);
  assert.ok(['lr', 'batch_size', 'seed', 'w'].every((k) => ready.data.locked.includes(k)), 'lock=all locks every setting');
  assert.deepEqual(ready.data.goal, { metric: 'val_loss', threshold: 0.001 });
  const frame = page.frameLocator('#tool');
  assert.ok(await frame.locator('#setting-lr').isDisabled(), 'settings are locked in the embedded tool');
  assert.ok(await frame.locator('#settings').isHidden());

  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'step'));
  const step = await page.evaluate(() => window.hostEvents.find((m) => m.event === 'step').data);
  assert.deepEqual([step.step, step.epoch, step.batch, step.steps], [1, 1, 1, 1]);
  assert.equal(step.w.length, 2);
  const reply = await page.evaluate(() => window.hostEvents.find((m) => m.event === 'reply').data);
  assert.deepEqual([reply.id, reply.command, reply.ok, reply.result.step], [1, 'step', true, 1]);

  await page.getByRole('button', { name: 'Epoch', exact: true }).click();
  await page.getByRole('button', { name: 'Epoch', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'goal'));
  const goal = await page.evaluate(() => window.hostEvents.find((m) => m.event === 'goal').data);
  assert.equal(goal.metric, 'val_loss');
  assert.equal(goal.threshold, 0.001);
  assert.ok(goal.value < 0.001);
  assert.deepEqual([goal.step, goal.epoch], [64, 2]);
  assert.match(await page.locator('#goal').textContent(), /^Goal reached at step 64: val_loss 7\.\d\de-5 < 0\.001\.$/);
  const epochs = await page.evaluate(() => window.hostEvents.filter((m) => m.event === 'epoch').map((m) => m.data));
  assert.deepEqual(epochs.map((e) => [e.epoch, e.step]), [[1, 32], [2, 64]]);
  // The epoch losses are the command-line program's.
  const cli = h.cliRun(['--lr', '0.1', '--max-epochs', '5']);
  assert.deepEqual(epochs.map((e) => e.valLoss), cli.run.epochs.slice(0, 2).map((e) => e.val_loss));

  // A host command changes a locked setting (the author's page may); a bad command is answered.
  await page.getByRole('button', { name: 'setConfig lr = 0.03', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'reply' && m.data.command === 'setConfig'));
  assert.equal(await frame.locator('#setting-lr').inputValue(), '0.03');
  await page.evaluate(() => window.sendToTool('setConfig', { config: { batch_size: 0 } }));
  await page.evaluate(() => window.sendToTool('fly'));
  await page.waitForFunction(() => window.hostEvents.filter((m) => m.event === 'reply' && !m.data.ok).length === 2);
  const failures = await page.evaluate(() => window.hostEvents.filter((m) => m.event === 'reply' && !m.data.ok).map((m) => m.data.error));
  assert.deepEqual(failures, ["'batch_size' must be an integer >= 1, got 0",
    "unknown command 'fly'; the commands are step, epoch, run, pause, reset, setConfig, getState"]);
  // Run to the end: the finished event.
  await page.evaluate(() => window.sendToTool('setConfig', { config: { max_epochs: 3 } }));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'finished'), null, { timeout: 30000 });
  const finished = await page.evaluate(() => window.hostEvents.find((m) => m.event === 'finished').data);
  assert.equal(finished.step, 96);
  assert.ok(finished.errorW.length === 2 && Number.isFinite(finished.errorB));
  // A reset from the host starts the run again, and says so.
  await page.getByRole('button', { name: 'Reset', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'reset'));
  assert.equal(await page.frameLocator('#tool').locator('[data-counter="total"]').getAttribute('data-value'), '0');
  // (resize: the tool's height, whenever its content changes size.)
  assert.deepEqual((await events()).filter((e) => !['step', 'reply', 'epoch', 'resize'].includes(e)), ['ready', 'goal', 'finished', 'reset']);
  await page.screenshot({ path: h.screenshotPath('host-example-1280x1000.png') });
  // Only the tool's own origin was contacted besides the host's.
  assert.deepEqual(problems.filter((p) => !p.startsWith(`external request: ${toolUrl}`)), []);
  await context.close();
});

test('the host page hears of divergence, and Run and Pause work from the host', async () => {
  const toolUrl = env.url.replace('127.0.0.1', 'localhost');
  const hostUrl = `${env.url}examples/host.html?tool=${encodeURIComponent(`${toolUrl}index.html`)}`;
  const { page, context } = await h.openPage(env, { url: hostUrl, ready: false });
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'ready'), null, { timeout: 15000 });
  const replies = () => page.evaluate(() => window.hostEvents.filter((m) => m.event === 'reply').map((m) => m.data));
  // Run, then Pause: the run moved and then stopped.
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.filter((m) => m.event === 'step').length >= 2);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'reply' && m.data.command === 'pause'));
  const frame = page.frameLocator('#tool');
  const stopped = await frame.locator('[data-counter="total"]').getAttribute('data-value');
  await page.waitForTimeout(400);
  assert.equal(await frame.locator('[data-counter="total"]').getAttribute('data-value'), stopped, 'paused');
  // A learning rate far too large: the diverged event, with its step.
  await page.evaluate(() => window.sendToTool('setConfig', { config: { lr: 60, max_epochs: 40 } }));
  for (let i = 0; i < 20; ++i) {
    await page.evaluate(() => window.sendToTool('epoch'));
    if (await page.evaluate(() => window.hostEvents.some((m) => m.event === 'diverged'))) break;
  }
  await page.waitForFunction(() => window.hostEvents.some((m) => m.event === 'diverged'));
  const diverged = await page.evaluate(() => window.hostEvents.find((m) => m.event === 'diverged').data);
  assert.ok(Number.isInteger(diverged.step) && diverged.step > Number(stopped), JSON.stringify(diverged));
  // Stepping a diverged run is refused, with the reason.
  await page.evaluate(() => window.sendToTool('step'));
  await page.waitForFunction(() => window.hostEvents.filter((m) => m.event === 'reply' && m.data.command === 'step').length === 1);
  const refused = (await replies()).find((r) => r.command === 'step');
  assert.equal(refused.ok, false);
  assert.match(refused.error, /^the run cannot take another step/);
  await context.close();
});

test('commands from an origin that is not listed are ignored', async () => {
  // The tool lists https://course.example.org; this host (another origin) is not it.
  const toolUrl = `${env.url.replace('127.0.0.1', 'localhost')}index.html#embed=1&origins=https://course.example.org`;
  const { page, context } = await h.openPage(env, { url: `${env.url}examples/host.html`, ready: false });
  await page.evaluate((src) => {
    window.seen = [];
    window.addEventListener('message', (e) => window.seen.push(e.data && e.data.event));
    document.getElementById('tool').src = src;
  }, toolUrl);
  await page.frameLocator('#tool').locator('body.is-ready').waitFor({ timeout: 15000 });
  const origin = new URL(toolUrl).origin;
  await page.evaluate((o) => document.getElementById('tool').contentWindow.postMessage({ protocol: 'd2l-linreg', version: 1, command: 'step', id: 1 }, o), origin);
  await page.waitForTimeout(500);
  assert.equal(await page.frameLocator('#tool').locator('[data-counter="total"]').getAttribute('data-value'), '0');
  assert.ok(!(await page.evaluate(() => window.seen)).includes('reply'));
  await context.close();
});
