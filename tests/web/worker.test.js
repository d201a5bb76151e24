// The page at scale: a run whose data holds more than 2^21 values trains in a Web Worker
// (web/worker.js). At num_train = 1,000,000 and d = 16 the data is generated there and stays
// there, the data plot draws a random sample and says so, the controls and readouts work, the
// parts that need the whole data set say why they are not available, and bad values give the
// main thread's messages. A run forced into the worker (index.html?trainer=worker) takes exactly
// the main thread's steps: the same bits.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

let env;
before(async () => {
  env = await h.setup();
});
after(async () => env && env.close());

const TRUE_W = [2, -3.4, 1.5, -1, 0.5, -0.5, 1, -2, 2.5, -1.5, 0.8, -0.8, 1.2, -1.2, 0.3, -0.3];
const TRUE_B = 4.2; // the book's

// Long tasks of the main thread from the page's start (installed before any script runs).
function observeLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ entryTypes: ['longtask'] });
}

async function longTasks(page, from = 0) {
  const all = await page.evaluate((t0) => window.__longTasks.filter((e) => e.start >= t0), from);
  return { count: all.length, maxMs: Math.round(Math.max(0, ...all.map((e) => e.duration))) };
}

const total = async (page) => (await h.counters(page)).total.value;

test('1,000,000 examples, 16 features: trained in the worker, sampled plot, controls, readouts, messages', async (t) => {
  // A first page, then the large one with the long-task observer in place from its start.
  const { page, context, problems } = await h.openPage(env);
  await page.addInitScript(observeLongTasks);
  // batch_size=0 breaks a rule: the link's notice says so and the run uses the default (32).
  // max_epochs=1000: the run is paused after its first epoch, and a fast worker would otherwise
  // finish the book's 3 epochs (93,750 steps) before the click on Pause lands.
  const url = `${env.url}?at=scale#num_train=1000000&w=${TRUE_W.join(',')}&batch_size=0&max_epochs=1000`;
  await page.goto(url);
  await page.waitForSelector('body.is-ready', { timeout: 120000 });
  const created = await longTasks(page);
  t.diagnostic(`creating the data and the first render: ${created.count} main-thread tasks over 50 ms (longest ${created.maxMs} ms)`);

  assert.equal(await page.evaluate(() => document.documentElement.dataset.trainer), 'worker');
  assert.match(await page.locator('#notices').textContent(), /batch_size/);
  assert.equal(await page.locator('#setting-num_train').inputValue(), '1000000');
  assert.equal(await page.locator('#setting-batch_size').inputValue(), '32');

  // The data plot: a random sample of 2,000 examples, and a caption that says so.
  const note = (await page.locator('#data-note').textContent()).trim();
  assert.match(note, /^Showing 2,000 of 1,000,000 training examples \(a random sample\)\./);
  const plot = await h.dataset(page, '#chart-data');
  assert.deepEqual([plot.points, plot.sampled, plot.total], ['2000', 'true', '1000000']);

  // What needs the whole data set on the main thread says why it is not there.
  for (const part of ['#landscape', '#closed-form', '#sweep', '#code']) {
    const text = await page.locator(`${part} [data-part="worker-unavailable"]`).textContent();
    assert.match(text, /available for data sets of up to 2,097,152 values.*this run has 17,017,000 and trains in a background worker/, part);
  }
  assert.match(await page.locator('[data-part="lr-limit"]').textContent(), /background worker/);
  for (const tool of ['save', 'downloads']) assert.ok(await page.locator(`[data-tool="${tool}"]`).isDisabled(), tool);
  assert.match(await page.locator('[data-part="data-source"]').textContent(), /Save and Downloads are available for data sets of up to 2,097,152 values/);

  // One step, then a whole epoch (31,250 minibatches) at full speed.
  await h.press(page, 'Step');
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) === 1);
  assert.equal(await page.locator('[data-part="examples"] tbody tr').count(), 32, 'the inspector shows the minibatch');
  const cells = await page.locator('[data-part="examples"] tbody tr').first().locator('td').allTextContents();
  assert.ok(cells.length >= 11 && cells.every((c) => c === '\u2026' || /^\u2212?\d+\.\d{4}$/.test(c)), cells.join(' | '));
  assert.equal(Number((await h.dataset(page, '#chart-data')).batchPoints), 32);

  await page.selectOption('[data-control="speed"]', '1000000');
  const runFrom = await page.evaluate(() => performance.now());
  await h.press(page, 'Run');
  await page.waitForFunction(() => document.querySelector('[data-action="run"]').classList.contains('is-running'));
  await page.waitForFunction(() => Number(document.querySelector('[data-counter="epoch"]').dataset.value) >= 1, null, { timeout: 240000 });
  await h.press(page, 'Pause');
  await page.waitForFunction(() => !document.querySelector('[data-action="run"]').classList.contains('is-running'));
  const trained = await longTasks(page, runFrom);
  // The main thread's memory after a collection: its JS heap and every ArrayBuffer (the page's
  // own wasm memory included). The data (17,017,000 values, 136 MB) lives in the worker: a copy of
  // X alone here would be 128 MB.
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const mainBytes = heap.usedSize + heap.backingStorageSize;
  t.diagnostic(`training: ${trained.count} main-thread tasks over 50 ms (longest ${trained.maxMs} ms) on this machine; ` +
    `main thread: JS heap ${(heap.usedSize / 2 ** 20).toFixed(1)} MiB + array buffers ${(heap.backingStorageSize / 2 ** 20).toFixed(1)} MiB`);
  assert.ok(mainBytes < 136e6 / 2, `main thread holds ${mainBytes} bytes`);

  const steps = await total(page);
  assert.ok(steps > 31250, `${steps} steps`);
  await page.waitForFunction(() => document.querySelector('#status').textContent === 'Paused.');
  assert.equal(await total(page), steps, 'paused: no more steps');
  const p = await h.shownParams(page);
  assert.equal(p.w.length, 16);
  p.w.forEach((w, j) => assert.ok(Math.abs(w - TRUE_W[j]) < 0.01, `w${j + 1} = ${w}`));
  assert.ok(Math.abs(p.b - TRUE_B) < 0.01, `b = ${p.b}`);
  assert.match(await page.locator('[data-readout="epochs"]').textContent(), /epoch 1, train loss/);
  // The loss and parameter plots: their records thinned to at most 4,096 points per series.
  const loss = await h.dataset(page, '#chart-loss');
  assert.ok(Number(loss.stepPoints) > 1000 && Number(loss.stepPoints) <= 4097, `loss points ${loss.stepPoints}`);
  // One point per epoch ended (a fast machine ends a second epoch within the test's run).
  assert.equal(Number(loss.epochPoints), Math.floor(steps / 31250), `epoch points ${loss.epochPoints} after ${steps} steps`);
  const params = await h.dataset(page, '#chart-params');
  assert.equal(params.params, '9', 'w1..w8 and b');
  assert.ok(Number(params.steps) > 100 && Number(params.steps) <= 4097, `parameter points ${params.steps}`);

  await page.screenshot({ path: h.screenshotPath('worker-1e6x16.png'), fullPage: true });

  // A bad live value: the main thread's message by the field; the run still steps.
  await h.setField(page, 'lr', '-1');
  assert.match(await h.fieldError(page, 'lr'), /'lr' must be/);
  await h.press(page, 'Step');
  await page.waitForFunction((n) => Number(document.querySelector('[data-counter="total"]').dataset.value) === n + 1, steps);
  // A size beyond the core's limit: its message, and the run stays.
  await h.setField(page, 'num_train', '20000000');
  assert.match(await h.fieldError(page, 'num_train'), /num_train/);
  // An error inside the worker comes back as the message the main thread gives.
  const messages = await page.evaluate(async () => {
    const bad = { lr: 0, num_train: 1000 };
    const api = await LinReg.load();
    let here = null;
    try {
      api.create(bad);
    } catch (e) {
      here = e.message;
    }
    const { WorkerRun } = await import('/web/worker-run.js');
    const run = new WorkerRun('web/dist/worker.js');
    try {
      await run.start(bad);
      return { here, there: null };
    } catch (e) {
      return { here, there: e.message };
    } finally {
      run.terminate();
    }
  });
  assert.ok(messages.here && messages.here.includes("'lr'"), messages.here);
  assert.equal(messages.there, messages.here);

  // Back to a small run: the main thread again, with every part.
  await h.setField(page, 'lr', '0.03');
  await h.setField(page, 'num_train', '1000');
  await page.locator('[data-action="apply"]').click();
  await page.waitForFunction(() => document.documentElement.dataset.trainer === 'main');
  assert.equal(await page.locator('[data-part="worker-unavailable"]').count(), 0);
  assert.ok(await page.locator('[data-tool="save"]').isEnabled());
  await h.press(page, 'Step');
  assert.equal(await total(page), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

// Everything the page shows of a run after one epoch and three more steps.
async function afterSteps(url) {
  const { page, context, problems } = await h.openPage(env, { url });
  const trainer = await page.evaluate(() => document.documentElement.dataset.trainer);
  const nb = Number((await h.counters(page)).step.text.split('/')[1].replace(/,/g, ''));
  await h.press(page, 'Epoch');
  await page.waitForFunction((n) => Number(document.querySelector('[data-counter="total"]').dataset.value) === n, nb);
  for (let k = 1; k <= 3; ++k) {
    await h.press(page, 'Step');
    await page.waitForFunction((n) => Number(document.querySelector('[data-counter="total"]').dataset.value) === n, nb + k);
  }
  await page.waitForFunction(() => document.querySelector('#status').dataset.kind === 'info');
  const shown = {
    params: await h.shownParams(page),
    updates: (await h.updateLines(page)).map((u) => u.text),
    counters: await h.counters(page),
    epochs: await page.locator('[data-readout="epochs"]').textContent(),
    indices: await page.locator('[data-part="indices"]').textContent(),
    fitSlope: (await h.dataset(page, '#chart-data')).fitSlope,
  };
  assert.deepEqual(problems, []);
  await context.close();
  return { trainer, shown };
}

test('a run in the worker takes exactly the main thread\'s steps (same module, seed and steps)', async () => {
  const configs = [
    '#seed=0', // the book's run
    '#seed=7&num_train=100&num_val=20&batch_size=30&lr=0.1&gradient_clip_val=0.5', // a short last batch, clipping
  ];
  for (const hash of configs) {
    const main = await afterSteps(`${env.url}${hash}`);
    const worker = await afterSteps(`${env.url}?trainer=worker${hash}`);
    assert.equal(main.trainer, 'main', hash);
    assert.equal(worker.trainer, 'worker', hash);
    assert.deepEqual(worker.shown, main.shown, hash);
  }
});

// The loss plot's records (every step's loss, the book's board, the epochs) of a run trained in
// chunks by the worker and by the main thread: the worker packs each chunk's figures into one buffer,
// which the page unpacks, records and hands back with its next request.
test('the worker\'s chunks, in buffers handed back and forth, give the page the main thread\'s records', async () => {
  const { page, context, problems } = await h.openPage(env);
  const r = await page.evaluate(async () => {
    const api = await LinReg.load();
    const { Session } = await import('/web/session.js');
    // 2,000 examples in batches of 7: 286 steps an epoch, 9 epochs in all, in chunks of 97 steps.
    const config = api.check({ num_train: 2000, num_val: 50, batch_size: 7, max_epochs: 9, seed: 3, lr: 0.01 });
    const runIn = async (placement) => {
      const s = new Session(api);
      s.placement = placement;
      s.workerUrl = 'web/dist/worker.js';
      const ready = new Promise((resolve, reject) => {
        s.onRemote = (event, detail) => (event === 'ready' ? resolve() : event === 'error' ? reject(new Error(detail)) : null);
      });
      s.start(config);
      if (placement === 'worker') await ready;
      const handedBack = [];
      const buffersPerReport = [];
      let previous = null;
      while (s.canStep()) {
        const msg = await s.advance({ steps: 97, budgetMs: 60000 });
        if (previous) handedBack.push(previous.buffer.byteLength); // 0: transferred back to the worker
        previous = msg.history.step;
        // The report's small arrays (the state's and the last minibatch's): how many buffers.
        const small = [msg.state.w, msg.state.trueW, msg.state.errorW, msg.last.indices, msg.last.y, msg.last.yHat,
          msg.last.residual, msg.last.gradW, msg.last.wBefore, msg.last.wAfter, ...(msg.last.rows ? [msg.last.rows.values, msg.last.rows.columns] : [])];
        buffersPerReport.push(new Set(small.map((a) => a.buffer)).size);
      }
      const st = s.state;
      const last = s.last;
      const arrays = (o, keys) => keys.map((k) => Array.from(o[k], (v) => v.toString()).join(','));
      const views = {
        both: s.lossView('both'), book: s.lossView('book'), steps: st.globalStep,
        state: arrays(st, ['w', 'trueW', 'errorW']), last: arrays(last, ['indices', 'y', 'yHat', 'residual', 'gradW', 'wBefore', 'wAfter']),
      };
      if (s.remote) s.remote.terminate();
      return { views: JSON.stringify(views), mode: s.mode, handedBack, buffersPerReport };
    };
    return { main: await runIn('main'), worker: await runIn('worker') };
  });
  assert.equal(r.main.mode, 'main');
  assert.equal(r.worker.mode, 'worker');
  const at = [...r.main.views].findIndex((c, i) => c !== r.worker.views[i]);
  assert.ok(at < 0, `the records differ from character ${at}: main ...${r.main.views.slice(at - 80, at + 40)}... ` +
    `worker ...${r.worker.views.slice(at - 80, at + 40)}...`);
  assert.ok(JSON.parse(r.main.views).steps === 9 * 286, 'the whole run');
  assert.ok(r.worker.handedBack.length > 20 && r.worker.handedBack.every((b) => b === 0), `buffers ${r.worker.handedBack.join(',')}`);
  // In the worker's reports, the dozen small arrays are views of one buffer (web/worker.js, gather):
  // one ArrayBuffer per report on the page instead of twelve. On the main thread each is its own.
  assert.ok(r.worker.buffersPerReport.every((n) => n === 1), `buffers per report ${r.worker.buffersPerReport.join(',')}`);
  assert.ok(r.main.buffersPerReport.every((n) => n >= 10), `buffers per report on the main thread ${r.main.buffersPerReport.join(',')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('memory: the worker holds the data once, the page only a sample', async (t) => {
  const { page, context, problems } = await h.openPage(env);
  const m = await page.evaluate(async (w) => {
    const api = await LinReg.load();
    const mainBefore = api.heapSize();
    const { WorkerRun } = await import('/web/worker-run.js');
    const run = new WorkerRun('web/dist/worker.js');
    try {
      const ready = await run.start(api.check({ num_train: 1000000, w }));
      await run.advance({ steps: 2000, budgetMs: 60000 });
      const worker = await run.memory();
      return { mainBefore, mainAfter: api.heapSize(), worker, sample: ready.data.X.length + ready.data.y.length };
    } finally {
      run.terminate();
    }
  }, TRUE_W);
  const dataBytes = (1000000 + 1000) * 17 * 8; // X and y of the training and validation sets
  t.diagnostic(`data ${(dataBytes / 2 ** 20).toFixed(1)} MiB; worker wasm memory ${(m.worker.heapSize / 2 ** 20).toFixed(1)} MiB ` +
    `(${(m.worker.heapSize / dataBytes).toFixed(2)}x), of which in use ${(m.worker.heapInUse / 2 ** 20).toFixed(1)} MiB ` +
    `(${(m.worker.heapInUse / dataBytes).toFixed(2)}x); page's wasm memory ${(m.mainAfter / 2 ** 20).toFixed(1)} MiB`);
  // The data is in the worker once (plus the shuffle order and the records of the run), and the
  // page's module never grows for it: the page keeps 2,000 rows of 16 features and their labels.
  assert.ok(m.worker.heapInUse < 1.1 * dataBytes, `in use ${m.worker.heapInUse}`);
  assert.equal(m.mainAfter, m.mainBefore);
  assert.equal(m.sample, 2000 * 17);
  assert.deepEqual(problems, []);
  await context.close();
});
