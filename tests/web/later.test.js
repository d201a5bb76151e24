// The parts below the first screen (the loss landscape, the closed form, the sweep, the code in
// step) are built after the page is ready to step (web/later.js), in headless Chromium. With the
// browser's idle callbacks held back, a part is built only when it nears the window or something
// needs it (a link to the tour's stop, an exercise's sweep, the P key), and it then shows the run
// as it is, steps taken before it was built included. Without that, every part is built soon
// after the page is ready (body.is-complete).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const PARTS = ['#landscape', '#closed-form', '#sweep', '#code'];

// In the page before its scripts: what was there the moment body got is-ready (the Step button
// enabled, the data plot drawn, which deferred parts had content); with `noIdle`, idle callbacks
// never come; with `noObserver`, nothing is seen nearing the window (no IntersectionObserver).
function recordReady({ noIdle, noObserver }) {
  if (noIdle) window.requestIdleCallback = () => 0;
  if (noObserver) delete window.IntersectionObserver;
  const observer = new MutationObserver(() => {
    if (!document.body || !document.body.classList.contains('is-ready') || window.atReady) return;
    window.atReady = {
      step: !document.querySelector('[data-action="step"]').disabled,
      dataPlot: Boolean(document.querySelector('#chart-data canvas')),
      built: ['#landscape', '#closed-form', '#sweep', '#code'].filter((s) => document.querySelector(s).childElementCount > 0),
    };
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
}

async function open(url, { noIdle = true, noObserver = false, width = 1280, height = 800 } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height } });
  await context.addInitScript(recordReady, { noIdle, noObserver });
  const page = await context.newPage();
  const problems = [];
  h.watchProblems(page, problems, (u) => u.origin === new URL(env.url).origin);
  await page.goto(url);
  await page.waitForSelector('body.is-ready', { timeout: 15000 });
  return { page, context, problems };
}

const built = (page) => page.evaluate((parts) => parts.filter((s) => document.querySelector(s).childElementCount > 0), PARTS);
const complete = (page) => page.evaluate(() => document.body.classList.contains('is-complete'));

test('ready to step before the parts below the first screen; all of them built soon after', async () => {
  const { page, context, problems } = await open(env.url, { noIdle: false });
  const atReady = await page.evaluate(() => window.atReady);
  assert.deepEqual(atReady, { step: true, dataPlot: true, built: [] });
  await page.waitForSelector('body.is-complete', { state: 'attached', timeout: 15000 });
  assert.deepEqual(await built(page), PARTS);
  assert.equal((await h.dataset(page, '#landscape-canvas')).grid, '61x61');
  assert.equal((await h.dataset(page, '#sweep-canvas')).runs, '0');
  assert.equal((await h.dataset(page, '#code')).next, 'forward');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a part is built when it nears the window, with the steps taken before it', async () => {
  const { page, context, problems } = await open(env.url);
  for (let i = 0; i < 3; ++i) await h.press(page, 'Step');
  await page.waitForTimeout(300); // (idle time that never comes: nothing is built meanwhile)
  assert.deepEqual(await built(page), []);
  assert.equal(await complete(page), false);
  await page.locator('#landscape').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('#landscape').childElementCount > 0, null, { timeout: 5000 });
  const land = await h.dataset(page, '#landscape-canvas');
  assert.equal(land.trajectory, '5', 'the start, steps 1 to 3 and the current point');
  assert.equal(land.arrows, '2');
  // The parts near it (empty, they were within a screen of it) are built too, with the run as it is.
  await page.waitForSelector('body.is-complete', { state: 'attached', timeout: 5000 });
  assert.deepEqual(await built(page), PARTS);
  assert.equal((await h.dataset(page, '#distance-canvas')).points, '4');
  assert.match(await page.locator('[data-part="code-status"]').textContent(), /^Step 3 done/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link to the tour\'s stop in the code, the P key and an exercise\'s sweep build their part at once', async () => {
  // #tour=3: the loss, in the code in step (and the parts above it, which then do not move it).
  let { page, context, problems } = await open(`${env.url}#tour=3`);
  await page.waitForFunction(() => document.getElementById('tour').dataset.stop === 'loss', null, { timeout: 10000 });
  assert.deepEqual(await built(page), PARTS);
  assert.equal(await page.locator('#code [data-line="loss"]').count(), 1);
  assert.equal(await page.locator('#code .tour-anchor, #code.tour-target').count() > 0, true, 'the stop outlines the code');
  assert.deepEqual(problems, []);
  await context.close();

  // P: the next phase of the step, from the code panel (built for it).
  ({ page, context, problems } = await open(env.url, { noObserver: true }));
  await page.locator('body').press('p');
  await page.waitForFunction(() => document.querySelector('#code').dataset.done === 'forward', null, { timeout: 5000 });
  assert.deepEqual(await built(page), ['#code']);
  assert.deepEqual(problems, []);
  await context.close();

  // The sweep exercise: its run is the sweep, in the sweep's part (built for it).
  // (No observer: the opened exercise scrolls the page near the parts, which would build them.)
  ({ page, context, problems } = await open(`${env.url}#exercise=lr-sweep`, { noObserver: true }));
  assert.deepEqual(await built(page), []);
  await page.locator('.exercise-option input').first().check();
  await page.locator('[data-action="run-exercise"]').click();
  await page.waitForFunction(() => document.querySelector('.exercise-detail').dataset.state === 'explained', null, { timeout: 60000 });
  assert.deepEqual(await built(page), ['#sweep']);
  assert.equal((await h.dataset(page, '#sweep-canvas')).runs, '10');
  assert.deepEqual(problems, []);
  await context.close();
});
