// An animated run of more than 100,000 steps at the page's fastest speed keeps memory flat (the
// JavaScript heap after garbage collection, the WebAssembly heap, the DOM) and the page
// responsive (frames keep coming; Pause answers at once). The measurements are printed.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const MB = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

test('102,400 animated steps: flat memory, a responsive page', async (t) => {
  // The book's run for 3,200 epochs of 32 minibatches.
  const { page, context, problems } = await h.openPage(env, { url: `${env.url}#max_epochs=3200&speed=1000000` });
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const js = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    const wasm = await page.evaluate(async () => (await window.LinReg.load()).heapInUse());
    const steps = (await h.counters(page)).total.value;
    return { steps, js: js.usedSize, wasm, nodes: dom.nodes, listeners: dom.jsEventListeners };
  };
  // Frames: the longest gap between animation frames while it runs; input: how long a click waits
  // before its handler runs (from the event's timestamp).
  await page.evaluate(() => {
    window.__frames = { count: 0, maxGap: 0, last: performance.now() };
    const tick = (now) => {
      const f = window.__frames;
      f.maxGap = Math.max(f.maxGap, now - f.last);
      f.last = now;
      f.count += 1;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    window.__clicks = [];
    window.addEventListener('click', (e) => window.__clicks.push(performance.now() - e.timeStamp), true);
  });
  const stepsAt = (n) => page.waitForFunction((k) => Number(document.querySelector('[data-counter="total"]').dataset.value) >= k,
    n, { timeout: 180000, polling: 200 });
  const started = Date.now();
  await h.press(page, 'Run');
  // Pause answers at once, mid-run: clicked where the button is (no waiting for the page to be
  // still, as a person would); then Run goes on.
  await stepsAt(40000);
  const box = await page.locator('[data-action="run"]').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('[data-action="run"] .label').textContent.trim() !== 'Pause');
  const pausedAt = (await h.counters(page)).total.value;
  await page.waitForTimeout(300);
  assert.equal((await h.counters(page)).total.value, pausedAt, 'paused means paused');
  const pauseTook = (await page.evaluate(() => window.__clicks))[0];
  await h.press(page, 'Run');
  // Past 65,536 steps every plotted record is full (the page's and the core's: they thin from
  // there on), so from here on nothing may grow.
  await stepsAt(70000);
  const early = await measure();
  await page.waitForFunction(() => document.querySelector('#status').dataset.kind === 'done', null, { timeout: 180000, polling: 250 });
  const seconds = (Date.now() - started) / 1000;
  const end = await measure();
  const frames = await page.evaluate(() => window.__frames);
  t.diagnostic(`${end.steps} steps in ${seconds.toFixed(1)} s (${Math.round(end.steps / seconds)} steps/s, ${frames.count} frames, ` +
               `longest gap ${frames.maxGap.toFixed(0)} ms; the click on Pause waited ${pauseTook.toFixed(0)} ms); after ${early.steps} and ${end.steps} steps: ` +
               `JS heap ${MB(early.js)} -> ${MB(end.js)}, wasm heap ${MB(early.wasm)} -> ${MB(end.wasm)}, ` +
               `DOM nodes ${early.nodes} -> ${end.nodes}, listeners ${early.listeners} -> ${end.listeners}`);
  assert.equal(end.steps, 102400);
  assert.ok(Math.abs(end.wasm - early.wasm) < 65536, 'the WebAssembly heap is flat');
  // A forced GC still leaves a few hundred KB of noise between samples on a loaded machine; a
  // history or DOM that grew with the steps would add several MB over these 20,000+ steps.
  assert.ok(end.js - early.js < 2.5e6, `the JavaScript heap is flat (grew ${MB(end.js - early.js)})`);
  assert.ok(end.nodes - early.nodes < 200, `the DOM does not grow (${early.nodes} -> ${end.nodes} nodes)`);
  assert.ok(end.listeners <= early.listeners + 5, 'no listeners pile up');
  assert.ok(pauseTook < 500, `the click on Pause waited ${pauseTook} ms`);
  assert.ok(frames.maxGap < 1000, `a frame every ${frames.maxGap.toFixed(0)} ms at worst`);
  assert.ok(frames.count > seconds * 10, `${frames.count} frames in ${seconds.toFixed(1)} s`);
  assert.deepEqual(problems, []);
  await context.close();
});
