#!/usr/bin/env node
// The page at scale, measured in headless Chromium (playwright-core, /usr/bin/chromium) against the
// targets of the benchmark's issue, and written as the section "## The page in headless Chromium"
// of the report bench/bench.js wrote (bench/run.sh runs this right after it):
//   1. cold load on localhost to the first possible Step (fresh context, no cache): median of loads
//   2. everything the default page downloads, gzipped (level 9) by this script; then what it
//      downloads when its math block is shown (KaTeX); the same for the offline folder's page
//   3. the animated run of the book's data at 60 steps/s: frame rate, against an empty page's
//   4. num_train = 1,000,000, d = 16 while it trains: long tasks, the data plot's frame rate, the
//      plot's caption (a sample?), where the trainer runs, and the renderer's memory
//
//   node bench/page.js [--quick] [--out FILE] [--only load,size,animation,large] [--no-profile] [--report-only]
//
//   --quick        one load, short runs, item 4 at num_train = 200,000 for 2 s (3.2 million values:
//                  above the page's threshold for the worker, web/session.js); the test command's
//                  smoke test: figures only, no verdicts; the report goes to bench/out/quick.md
//   --out FILE     the report to add the section to (default bench/RESULTS.md; quick: bench/out/quick.md)
//   --only LIST    some of the items (for development; the section then shows only those)
//   --profile, --no-profile   after items 3 and 4, run each again with a trace and V8's sampling
//                  profiler on the page's main thread, and list where its time goes (a pass of its
//                  own: profiling slows the page). Default: on, off with --quick.
//   --report-only  no measurement: write the section again from bench/out/page.json (page-quick.json)
// The exit status is 1 only when the page cannot be driven (no Chromium, the page breaks, a
// timeout); a missed target is reported, never an error.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const probes = require('./page-probes.js');
const { plainLoads } = require('./plain-load.js');

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const SECTION = '## The page in headless Chromium';
const { CHROMIUM, CHROMIUM_ARGS, trueWeights } = probes;
const VIEWPORT = { width: 1280, height: 800 };
const ITEMS = ['load', 'size', 'animation', 'large'];

const TARGETS = {
  loadMs: 350,
  bareRatio: 1.5,
  downloadKb: 200,
  offlineKb: 350,
  wasmKb: 250,
  animationFps: 55,
  longTaskMs: 50,
  plotFps: 30,
  memoryRatio: 2,
};


function log(text) {
  process.stderr.write(`page: ${text}\n`);
}

// ---- Command line ----------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { quick: false, out: null, only: ITEMS, reportOnly: false, profile: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') opts.quick = true;
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--report-only') opts.reportOnly = true;
    else if (a === '--profile') opts.profile = true;
    else if (a === '--no-profile') opts.profile = false;
    else if (a === '--only') {
      const list = value().split(',').map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((s) => !ITEMS.includes(s));
      if (bad.length || !list.length) throw new Error(`--only takes a list of ${ITEMS.join(', ')}, got '${list.join(',')}'`);
      opts.only = list;
    } else throw new Error(`unknown option '${a}' (see the head of bench/page.js)`);
  }
  if (opts.profile === null) opts.profile = !opts.quick;
  opts.out = opts.out || (opts.quick ? path.join(BENCH, 'out', 'quick.md') : path.join(BENCH, 'RESULTS.md'));
  opts.json = path.join(BENCH, 'out', opts.quick ? 'page-quick.json' : 'page.json');
  // How long each part runs.
  Object.assign(opts, opts.quick
    ? { loads: 1, animationSeconds: 1.5, referenceSeconds: 1, largeN: 200000, largeSeconds: 2, budgetSeconds: 120 }
    : { loads: 7, animationSeconds: 5, referenceSeconds: 5, largeN: 1000000, largeSeconds: 10, budgetSeconds: 600 });
  opts.largeD = 16;
  return opts;
}

// ---- Driving the page ------------------------------------------------------------------------

// Rejects with `message` after `ms` (and clears its timer when `promise` settles first).
function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (no answer within ${Math.round(ms / 1000)} s)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function loadPlaywright() {
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error('playwright-core is not installed: run bash scripts/setup.sh test (npm ci)');
  }
}

function checkBuilt() {
  for (const f of ['web/dist/linreg-single.js', 'web/dist/page.js', 'web/vendor/uPlot.min.css']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build the page first (bash scripts/build.sh, bash scripts/vendor.sh)`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: run bash scripts/setup.sh test (or set CHROMIUM)`);
}

// A fresh context (own profile: empty cache) with the probes installed and its problems recorded
// (also in env.problems, for the report: they are reported, and fail the run only if the page then
// cannot be driven).
async function freshPage(env) {
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(probes.initScript);
  const page = await context.newPage();
  const problems = [];
  const note = (text) => {
    problems.push(text);
    if (!env.problems.includes(text)) env.problems.push(text);
  };
  page.on('pageerror', (e) => note(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') note(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => note(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  return { context, page, problems };
}

// Navigates and waits until the page is ready to step; throws with the page's own status text
// (and any recorded problem) when it breaks or does not get there in time.
async function openUntilReady(page, problems, url, timeoutMs) {
  await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  try {
    await page.waitForFunction(
      () => (window.__bench && window.__bench.readyAt !== null && window.__bench.frameAt !== null) ||
        (document.body && document.body.classList.contains('is-broken')),
      null, { timeout: timeoutMs, polling: 50 });
  } catch (e) {
    throw new Error(`the page at ${url} was not ready to step within ${timeoutMs / 1000} s${problems.length ? `: ${problems.join('; ')}` : ''}`);
  }
  const broken = await page.evaluate(() => document.body.classList.contains('is-broken') && document.querySelector('#status').textContent.trim());
  if (broken) throw new Error(`the page at ${url} broke: "${broken}"${problems.length ? ` (${problems.join('; ')})` : ''}`);
}

async function runFrames(page, ms, plot) {
  const result = await withTimeout(page.evaluate(probes.countFrames, { ms, plot }), ms + 30000,
    'counting animation frames in the page');
  return probes.frameStats(result);
}

// runFrames, with a CPU profile and a trace of the page's main thread around it when `profile` is
// set: {frames, profile: {js: [{name, where, ms, share}], tasks: [{name, ms, share}]} | null}.
async function runFramesProfiled(page, ms, plot, profile) {
  if (!profile) return { frames: await runFrames(page, ms, plot), profile: null };
  const browser = page.context().browser();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'v8'] });
  await cdp.send('Profiler.start');
  let frames;
  let raw;
  let trace;
  try {
    frames = await runFrames(page, ms, plot);
  } finally {
    raw = (await cdp.send('Profiler.stop')).profile;
    trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
    await cdp.detach().catch(() => {});
  }
  return { frames, profile: { js: selfTimes(raw), tasks: traceSelfTimes(trace), long: longTaskParts(trace) } };
}

// The main thread's tasks over 50 ms in the trace (outermost events), each with the events that
// took its time (self time per event name within it, the 4 largest): what the long tasks were.
function longTaskParts(trace) {
  const events = mainThreadEvents(trace);
  const out = [];
  for (let i = 0; i < events.length; ) {
    const top = events[i];
    const end = top.ts + top.dur;
    let k = i + 1;
    while (k < events.length && events[k].ts < end) k += 1;
    if (top.dur > 50000) {
      const { self } = selfTimeByName(events.slice(i, k));
      const parts = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, us]) => ({ name, ms: us / 1000 }));
      out.push({ ms: top.dur / 1000, parts });
    }
    i = k;
  }
  return out;
}

// Self time (microseconds) per event name of complete events sorted by start: an event's duration
// less its children's (the events nested in it); busy: the time the outermost events cover.
function selfTimeByName(events) {
  const self = new Map();
  const stack = [];
  let busy = 0;
  const close = (f) => self.set(f.name, (self.get(f.name) || 0) + Math.max(0, f.dur - f.children));
  for (const e of events) {
    while (stack.length && stack[stack.length - 1].end <= e.ts) close(stack.pop());
    const parent = stack[stack.length - 1];
    if (parent) parent.children += Math.min(e.dur, parent.end - e.ts);
    else busy += e.dur;
    stack.push({ name: e.name, end: e.ts + e.dur, dur: e.dur, children: 0 });
  }
  while (stack.length) close(stack.pop());
  return { self, busy };
}

// The busiest renderer main thread's complete events (the page's, in a trace of one page).
function mainThreadEvents(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents || [];
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args && e.args.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number' || !mains.has(`${e.pid}:${e.tid}`)) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  let best = [];
  for (const list of byThread.values()) if (list.length > best.length) best = list;
  return best.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

// Time in the evaluation of each script and in the calls into it (inclusive), by file: the 8 largest.
function scriptTimes(trace) {
  const byFile = new Map();
  for (const e of mainThreadEvents(trace)) {
    if (e.name !== 'EvaluateScript' && e.name !== 'FunctionCall') continue;
    const data = (e.args && (e.args.data || e.args.beginData)) || {};
    const file = String(data.url || '(no file)').replace(/^https?:\/\/[^/]+\//, '') || 'index.html';
    const key = `${e.name === 'EvaluateScript' ? 'evaluate' : 'calls'}|${file}`;
    byFile.set(key, (byFile.get(key) || 0) + e.dur);
  }
  return [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([key, us]) => {
    const [what, file] = key.split('|');
    return { what, file, ms: us / 1000 };
  });
}

// Self time per trace event name on the busiest renderer main thread (Layout, Paint,
// FunctionCall, ...: what V8's profile shows as "(program)"), the 15 largest.
function traceSelfTimes(trace) {
  const { self, busy: top } = selfTimeByName(mainThreadEvents(trace));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)
    .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }))
    .concat([{ name: '(busy, all events)', ms: top / 1000, share: 1 }]);
}

// Self time per function from a V8 CPU profile, the 15 largest (idle excluded from the shares).
function selfTimes(raw) {
  const byId = new Map(raw.nodes.map((n) => [n.id, n]));
  const ms = new Map();
  let total = 0;
  for (let i = 0; i < raw.samples.length; ++i) {
    const node = byId.get(raw.samples[i]);
    const dt = (raw.timeDeltas[i + 1] ?? raw.timeDeltas[i] ?? 0) / 1000;
    const f = node.callFrame;
    if (f.functionName === '(idle)') continue;
    const where = f.url ? `${f.url.replace(/^https?:\/\/[^/]+\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}|${where}`;
    ms.set(key, (ms.get(key) || 0) + dt);
    total += dt;
  }
  return [...ms.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([key, v]) => {
    const [name, where] = key.split('|');
    return { name, where, ms: v, share: total > 0 ? v / total : 0 };
  }).concat([{ name: '(busy, all functions)', where: '', ms: total, share: 1 }]);
}

// ---- 1 and 2: cold load, downloads -----------------------------------------------------------

// One cold load of the bare page (bench/fixtures/bare.html: uPlot and the same wasm module only),
// in a fresh context as the page's: its ready time (ms from the navigation start).
async function bareLoad(env) {
  const { context, page, problems } = await freshPage(env);
  try {
    await openUntilReady(page, problems, new URL('bench/fixtures/bare.html', env.url).href, 30000);
    return await page.evaluate(() => window.__bench.readyAt);
  } finally {
    await context.close();
  }
}

async function measureLoads(env, opts, wantLoad, wantSize) {
  const out = { loads: [], bareLoads: [], warmup: null, downloads: null };
  const count = wantLoad ? opts.loads : 0;
  // Load 0 opens a first renderer in this browser (not counted) and records the downloads.
  for (let i = 0; i <= count; ++i) {
    const { context, page, problems } = await freshPage(env);
    const responses = [];
    if (i === 0) {
      context.on('requestfinished', (request) => responses.push(request));
    }
    try {
      await openUntilReady(page, problems, env.url, 30000);
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          readyMs: window.__bench.readyAt,
          frameMs: window.__bench.frameAt,
          responseEndMs: nav ? nav.responseEnd : NaN,
          lastFileMs: Math.max(0, ...performance.getEntriesByType('resource').filter((e) => e.startTime < window.__bench.readyAt).map((e) => e.responseEnd)),
          domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : NaN,
          loadEventMs: nav ? nav.loadEventEnd : NaN,
          longTasks: window.__bench.longTasks.filter((e) => e.start < window.__bench.readyAt).map((e) => e.duration),
        };
      });
      if (i === 0) {
        // The first load must be able to step: press Step once and read the step counter.
        await page.click('[data-action="step"]', { timeout: 10000 });
        await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) === 1, null, { timeout: 10000 })
          .catch(() => { throw new Error('pressing Step on the loaded page did not take a step (the step counter stayed at 0)'); });
        if (wantSize) {
          await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
          out.downloads = await downloads(responses.splice(0));
          out.downloads.later = await mathDownloads(page, responses);
        }
        out.warmup = t;
      } else {
        out.loads.push(t);
      }
      // The bare page's load in the same round, right after the page's (its own fresh context).
      if (i > 0) {
        const bare = await bareLoad(env);
        out.bareLoads.push(bare);
        log(`bare page load ${i}: ready at ${bare.toFixed(0)} ms`);
      }
      log(`load ${i === 0 ? 'warm-up' : i}: ready to step at ${t.readyMs.toFixed(0)} ms (next frame ${t.frameMs.toFixed(0)} ms)`);
    } finally {
      await context.close();
    }
  }
  if (wantLoad && opts.profile) out.profile = await profileLoad(env);
  if (wantLoad) {
    // The targets' figures: the same loads in a plain browser, no DevTools protocol attached
    // (bench/plain-load.js says why).
    out.plain = await plainLoads({ root: ROOT, rounds: count, paths: { page: '', bare: 'bench/fixtures/bare.html' } });
    log(`plain browser: page ready at ${out.plain.page.map((l) => l.readyMs.toFixed(0)).join(', ')} ms; bare page ${out.plain.bare.map((l) => l.readyMs.toFixed(0)).join(', ')} ms`);
  }
  return out;
}

// One more cold load with a trace: where the main thread's time goes until the page is ready
// (self time per trace event, and the scripts' evaluation and calls by file).
async function profileLoad(env) {
  const { context, page, problems } = await freshPage(env);
  let trace;
  let readyMs;
  try {
    await env.browser.startTracing(page, { categories: ['devtools.timeline', 'blink', 'v8'] });
    try {
      await openUntilReady(page, problems, env.url, 30000);
      readyMs = await page.evaluate(() => window.__bench.readyAt);
    } finally {
      trace = JSON.parse((await env.browser.stopTracing()).toString('utf8'));
    }
  } finally {
    await context.close();
  }
  log(`load (traced): ready to step at ${readyMs.toFixed(0)} ms`);
  return { readyMs, tasks: traceSelfTimes(trace), scripts: scriptTimes(trace) };
}

// Every response of the page's load (data: and blob: URLs are not downloads): its bytes as served,
// and gzipped here at level 9 (the server does not compress; a response that came compressed
// counts with its size on the wire).
async function downloads(requests) {
  const files = [];
  for (const request of requests) {
    const url = request.url();
    if (!/^https?:/.test(url)) continue;
    const response = await request.response();
    if (!response) continue;
    let body;
    try {
      body = await response.body();
    } catch (e) {
      body = Buffer.alloc(0);
    }
    const encoding = (response.headers()['content-encoding'] || '').trim();
    const sizes = await request.sizes();
    const gzipBytes = encoding ? sizes.responseBodySize : zlib.gzipSync(body, { level: 9 }).length;
    files.push({ path: new URL(url).pathname, status: response.status(), bytes: body.length, gzipBytes, encoding: encoding || null });
  }
  files.sort((a, b) => b.gzipBytes - a.gzipBytes);
  const sum = (k) => files.reduce((s, f) => s + f[k], 0);
  return { files, bytes: sum('bytes'), gzipBytes: sum('gzipBytes') };
}

// What the page downloads later, when its math block is scrolled into view (KaTeX: web/math.js),
// gzipped the same way; `responses` collects the context's finished requests from now on.
async function mathDownloads(page, responses) {
  await page.locator('#math').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => ['done', 'failed'].includes(document.querySelector('#math').dataset.typeset), null, { timeout: 20000 })
    .catch(() => { throw new Error('the math block was not typeset within 20 s of being scrolled into view'); });
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
  return downloads(responses);
}

// The offline folder (scripts/package.sh, written to bench/out/site/), served by scripts/serve.js
// as a static host would serve it: everything its page downloads until it is ready to step and the
// network is idle (the single-file module instead of the two files), gzipped the same way; and the
// same files' bytes as read from disk (file://, where nothing is compressed).
async function measureOffline(env) {
  const site = path.join(BENCH, 'out', 'site');
  require('node:child_process').execFileSync('bash', [path.join(ROOT, 'scripts', 'package.sh'), site], { stdio: 'ignore' });
  const host = await env.startServer(site, 0);
  const { context, page, problems } = await freshPage(env);
  const responses = [];
  context.on('requestfinished', (request) => responses.push(request));
  try {
    await openUntilReady(page, problems, host.url, 30000);
    await page.waitForLoadState('networkidle', { timeout: 10000 }).catch(() => {});
    const out = await downloads(responses.splice(0));
    out.later = await mathDownloads(page, responses);
    log(`offline folder: ${kb(out.gzipBytes)} gzipped, ${kb(out.bytes)} as on disk (${out.files.length} files)`);
    return out;
  } finally {
    await context.close();
    await host.close();
  }
}

// For comparison: the module's builds (the two files web/dist/linreg.js + linreg.wasm, and the
// single files linreg-packed.js and linreg-single.js), gzipped the same way; null when not built.
function separateBuild() {
  const files = ['web/dist/linreg.js', 'web/dist/linreg.wasm'].map((f) => path.join(ROOT, f));
  if (!files.every((f) => fs.existsSync(f))) return null;
  const sizes = files.map((f) => {
    const body = fs.readFileSync(f);
    return { path: path.relative(ROOT, f), bytes: body.length, gzipBytes: zlib.gzipSync(body, { level: 9 }).length };
  });
  const singles = ['web/dist/linreg-packed.js', 'web/dist/linreg-single.js'].filter((f) => fs.existsSync(path.join(ROOT, f))).map((f) => {
    const body = fs.readFileSync(path.join(ROOT, f));
    return { path: f, bytes: body.length, gzipBytes: zlib.gzipSync(body, { level: 9 }).length };
  });
  return { files: sizes, gzipBytes: sizes.reduce((s, f) => s + f.gzipBytes, 0), singles };
}

// ---- 3: the animated run at 60 steps/s -------------------------------------------------------

// profile: the profiled pass (no reference, the profile instead of clean figures).
async function measureAnimation(env, opts, profile = false) {
  const ms = opts.animationSeconds * 1000;
  // The reference: an empty page's animation frames in the same browser.
  let reference = null;
  if (!profile) {
    const empty = await freshPage(env);
    try {
      await empty.page.setContent('<!doctype html><title>empty</title><body></body>');
      reference = await runFrames(empty.page, opts.referenceSeconds * 1000, null);
    } finally {
      await empty.context.close();
    }
    log(`empty page: ${reference.fpsMean.toFixed(1)} frames/s (worst interval ${reference.worstIntervalMs.toFixed(1)} ms)`);
  }

  // The book's run (the default settings) with enough epochs to animate for the whole measurement
  // (3 epochs of 32 steps would end after 1.6 s), at the speed 60 steps/s from the link.
  const epochs = Math.ceil(((opts.animationSeconds + 3) * 60) / 32);
  const hash = `#max_epochs=${epochs}&speed=60`;
  const { context, page, problems } = await freshPage(env);
  try {
    await openUntilReady(page, problems, env.url + hash, 30000);
    const speed = await page.$eval('[data-control="speed"]', (s) => s.value);
    if (speed !== '60') throw new Error(`the link ${hash} did not set the speed to 60 steps/s (the speed control reads ${speed})`);
    await page.click('[data-action="run"]', { timeout: 10000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) > 0, null, { timeout: 10000 })
      .catch(() => { throw new Error('pressing Run did not start the animation (no step within 10 s)'); });
    await page.waitForTimeout(500); // past the first frames
    const { frames, profile: where } = await runFramesProfiled(page, ms, '#chart-data', profile);
    const running = await page.$eval('[data-action="run"]', (b) => b.classList.contains('is-running'));
    const longTasks = await page.evaluate(({ start, end }) => window.__bench.longTasks
      .filter((e) => e.start + e.duration >= start && e.start <= end).map((e) => e.duration), frames);
    log(`animated run at 60 steps/s${profile ? ' (profiled)' : ''}: ${frames.fpsMean.toFixed(1)} frames/s (median of 1-s windows ${frames.fpsMedian}), ` +
      `${frames.stepsPerSecond.toFixed(1)} steps/s, worst interval ${frames.worstIntervalMs.toFixed(1)} ms`);
    return { reference, frames, epochs, hash, runningAtEnd: running, longTasks, profile: where };
  } finally {
    await context.close();
  }
}

// ---- 4: num_train = 1,000,000, d = 16 while it trains ----------------------------------------

// profile: the profiled pass (its figures are not reported, only the profile).
async function measureLarge(env, opts, profile = false) {
  const n = opts.largeN;
  const d = opts.largeD;
  const ms = opts.largeSeconds * 1000;
  // The user's move: more examples and 16 weights; the rest as the book has it (batch_size 32,
  // num_val as the preset), as fast as possible, enough epochs to keep training throughout.
  const hash = `#num_train=${n}&w=${trueWeights(d).join(',')}&max_epochs=1000&speed=1000000`;
  const browserSession = await env.browser.newBrowserCDPSession();
  const { context, page, problems } = await freshPage(env);
  try {
    await page.goto('about:blank');
    await page.waitForTimeout(500);
    const ui = await probes.uiRenderers(browserSession);
    const before = await probes.chromiumProcesses(browserSession, ui);
    const t0 = Date.now();
    await openUntilReady(page, problems, env.url + hash, 120000);
    const loadSeconds = (Date.now() - t0) / 1000;
    const shown = await page.evaluate(() => ({
      numTrain: document.querySelector('#setting-num_train')?.value,
      w: document.querySelector('#setting-w')?.value,
    }));
    if (Number(String(shown.numTrain).replace(/[^0-9]/g, '')) !== n) {
      throw new Error(`the link did not set num_train = ${n} (the field reads ${shown.numTrain}${problems.length ? `; ${problems.join('; ')}` : ''})`);
    }
    const afterLoad = await probes.chromiumProcesses(browserSession, ui);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    await page.click('[data-action="run"]', { timeout: 10000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-counter="total"]').dataset.value) > 0, null, { timeout: 30000 })
      .catch(() => { throw new Error('pressing Run did not start training (no step within 30 s)'); });
    await page.waitForTimeout(1000);
    const windowStart = await page.evaluate(() => performance.now());

    // Memory sampled every second while the frames are counted.
    const samples = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await probes.chromiumProcesses(browserSession, ui));
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    let frames;
    let where;
    try {
      ({ frames, profile: where } = await runFramesProfiled(page, ms, '#chart-data', profile));
    } finally {
      sampling = false;
      await sampler;
    }
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const inPage = await page.evaluate((from) => {
      const b = window.__bench;
      const el = document.documentElement.dataset.trainer ? document.documentElement : document.querySelector('[data-trainer]');
      return {
        longTasks: b.longTasks.filter((e) => e.start + e.duration >= from).map((e) => e.duration),
        loadLongTasks: b.longTasks.filter((e) => e.start < b.readyAt).map((e) => e.duration),
        longTaskError: b.longTaskError,
        wasmBytes: b.memories.reduce((s, m) => s + m.buffer.byteLength, 0),
        wasmMemories: b.memories.length,
        trainer: el ? el.dataset.trainer : null,
        note: (document.querySelector('#data-note')?.textContent || '').trim(),
        status: (document.querySelector('#status')?.textContent || '').trim(),
        running: document.querySelector('[data-action="run"]').classList.contains('is-running'),
        readyMs: b.readyAt,
      };
    }, windowStart);
    // The worker's own figures (web/worker.js keeps its module API in the global `api`): its wasm
    // memory, which holds the data, and the V8 heap of the worker (null where not available).
    const workerMemory = [];
    for (const w of page.workers()) {
      try {
        workerMemory.push(await w.evaluate(() => ({
          wasmBytes: typeof api === 'object' && api ? api.heapSize() : null,
          wasmInUseBytes: typeof api === 'object' && api ? api.heapInUse() : null,
          jsHeapUsedBytes: self.performance && performance.memory ? performance.memory.usedJSHeapSize : null,
          jsHeapTotalBytes: self.performance && performance.memory ? performance.memory.totalJSHeapSize : null,
        })));
      } catch (e) {
        workerMemory.push({ error: String(e && e.message || e) });
      }
    }
    const growth = samples.map((procs) => probes.rendererGrowth(before, procs));
    const peakAt = growth.reduce((best, g, i) => (g.pssKb > growth[best].pssKb ? i : best), 0);
    const result = {
      n, d, hash, loadSeconds, frames, profile: where, metrics: {
        jsHeapUsedBytes: metrics.JSHeapUsedSize, jsHeapTotalBytes: metrics.JSHeapTotalSize,
      },
      ...inPage,
      workerMemory,
      memory: {
        before: probes.totals(before),
        afterLoad: probes.rendererGrowth(before, afterLoad),
        peak: growth[peakAt],
        peakRenderers: probes.totals(samples[peakAt]),
        peakOther: probes.totals(samples[peakAt], false),
        // Chromium's own interface (probes.uiRenderers): its growth, reported and not counted.
        uiGrowth: probes.rendererGrowth(before, samples[peakAt], 'ui-renderer'),
        samples: samples.length,
      },
      xBytes: n * d * 8,
    };
    log(`num_train = ${n}, d = ${d}${profile ? ' (profiled)' : ''}: trainer ${result.trainer || 'main thread (no data-trainer attribute)'}; ` +
      `${result.longTasks.length} long tasks while training (longest ${Math.max(0, ...result.longTasks).toFixed(0)} ms); ` +
      `${frames.fpsMean.toFixed(1)} frames/s, data plot ${frames.plotUpdatesPerSecond === null ? '?' : frames.plotUpdatesPerSecond.toFixed(1)} updates/s; ` +
      `${frames.stepsPerSecond.toFixed(0)} steps/s; renderers grew by ${mb(growth[peakAt].pssKb * 1024)} (PSS)`);
    return result;
  } finally {
    await context.close();
    await browserSession.detach().catch(() => {});
  }
}

// ---- The report section ----------------------------------------------------------------------

// Decimal units, as the issue's figures (1e6 x 16 x 8 bytes = 128 MB): 1 KB = 1000 bytes, 1 MB = 10^6 bytes.
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes) => `${(bytes / 1e3).toFixed(1)} KB`;
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '?');
const f0 = (v) => (Number.isFinite(v) ? v.toFixed(0) : '?');
const int = (v) => Math.round(v).toLocaleString('en-US');

// [{name, figure, met}] for the measured items.
function targets(r) {
  const ts = [];
  if (r.load && r.load.plain) {
    // In the plain browser (bench/plain-load.js); section 1 also gives the Playwright loads.
    const m = probes.median(r.load.plain.page.map((l) => l.readyMs));
    const bare = probes.median(r.load.plain.bare.map((l) => l.readyMs));
    const n = r.load.plain.page.length;
    const attached = probes.median(r.load.loads.map((l) => l.readyMs)); // with Playwright
    ts.push({ name: `cold load to the first possible Step <= ${TARGETS.loadMs} ms`, figure: `${f0(m)} ms (median of ${n}, a plain browser; with Playwright attached ${f0(attached)} ms)`, met: m <= TARGETS.loadMs });
    ts.push({
      name: `cold load <= ${TARGETS.bareRatio}x a bare page's (uPlot and the same wasm module only, bench/fixtures/bare.html)`,
      figure: `${(m / bare).toFixed(2)}x (${f0(m)} ms / ${f0(bare)} ms, medians of ${n}, taking turns in a plain browser; with Playwright attached ` +
        `${(attached / probes.median(r.load.bareLoads)).toFixed(2)}x)`,
      met: m <= TARGETS.bareRatio * bare,
    });
  }
  if (r.size) {
    const g = r.size.gzipBytes;
    ts.push({ name: `the default page's downloads <= ${TARGETS.downloadKb} KB gzipped`, figure: `${kb(g)} gzipped (${kb(r.size.bytes)} as served, ${r.size.files.length} files)`, met: g <= TARGETS.downloadKb * 1000 });
    const wasm = r.size.separateBuild && r.size.separateBuild.files.find((f) => f.path.endsWith('.wasm'));
    if (wasm) {
      ts.push({
        name: `the module's wasm <= ${TARGETS.wasmKb} KB before compression`,
        figure: `${kb(wasm.bytes)} (${kb(wasm.gzipBytes)} gzipped; bench/size-report.sh says what takes the space)`,
        met: wasm.bytes <= TARGETS.wasmKb * 1000,
      });
    }
    const o = r.size.offline;
    if (o) {
      ts.push({
        name: `the offline folder's page (the single-file module) <= ${TARGETS.offlineKb} KB gzipped`,
        figure: `${kb(o.gzipBytes)} gzipped (${kb(o.bytes)} on disk, ${o.files.length} files)`,
        met: o.gzipBytes <= TARGETS.offlineKb * 1000,
      });
    }
  }
  if (r.animation) {
    const a = r.animation.frames;
    ts.push({
      name: `animated run at 60 steps/s >= ${TARGETS.animationFps} frames/s`,
      figure: `${f1(a.fpsMedian)} frames/s median of 1-s windows (mean ${f1(a.fpsMean)}; empty page ${f1(r.animation.reference.fpsMean)}), ${f1(a.stepsPerSecond)} steps/s`,
      met: a.fpsMedian >= TARGETS.animationFps,
    });
  }
  if (r.large) {
    const l = r.large;
    const longest = Math.max(0, ...l.longTasks);
    const where = l.trainer ? `trainer: ${l.trainer}` : 'trainer: main thread (the page has no data-trainer attribute)';
    ts.push({ name: `n = ${int(l.n)}, d = ${l.d}: training runs in a Web Worker`, figure: where, met: l.trainer === 'worker' });
    ts.push({
      name: `n = ${int(l.n)}, d = ${l.d}: no main-thread task over ${TARGETS.longTaskMs} ms while it trains`,
      figure: `${l.longTasks.length} long tasks (over 50 ms) in ${f1(l.frames.seconds)} s, the longest ${f0(longest)} ms`,
      met: l.longTaskError ? null : longest <= TARGETS.longTaskMs,
    });
    const plot = l.frames.plotUpdatesPerSecond;
    ts.push({
      name: `n = ${int(l.n)}, d = ${l.d}: the data plot at ${TARGETS.plotFps}+ frames/s`,
      figure: `${plot === null ? 'data plot not found' : `${f1(plot)} plot updates/s`} (page: ${f1(l.frames.fpsMean)} frames/s)`,
      met: plot === null ? null : plot >= TARGETS.plotFps && l.frames.fpsMean >= TARGETS.plotFps,
    });
    const says = /showing|sample|density/i.test(l.note);
    ts.push({ name: `n = ${int(l.n)}, d = ${l.d}: the plot draws a sample or density and says so`, figure: `"${l.note}"`, met: says });
    const grown = l.memory.peak.pssKb * 1024;
    ts.push({
      name: `n = ${int(l.n)}, d = ${l.d}: memory < ${TARGETS.memoryRatio}x the data (X: ${mb(l.xBytes)})`,
      figure: `renderer processes +${mb(grown)} (PSS, ${f1(grown / l.xBytes)}x X)`,
      met: grown < TARGETS.memoryRatio * l.xBytes,
    });
  }
  return ts;
}

// Where the main thread's time went (--profile): self time per trace event and per JS function.
function profileTable(p, profile, seconds) {
  if (!profile) return;
  const busy = (list) => list[list.length - 1].ms;
  p(`Where the main thread's time went, from a second pass of the same measurement with a trace and V8's sampling profiler on ` +
    `(profiling slows the page: these figures are not the ones above), over a ${f1(seconds)} s window. The trace (categories devtools.timeline, ` +
    `blink, v8): the main thread busy ${f0(busy(profile.tasks))} ms, self time per event (FunctionCall is JavaScript). ` +
    'V8\'s sampling profiler: self time per function ("(program)" is the browser\'s own work: style, layout, paint, ...).');
  p();
  p('| trace event | self time | share | | JS function | where | self time | share |');
  p('|---|---:|---:|---|---|---|---:|---:|');
  const rows = Math.max(profile.tasks.length, profile.js.length) - 1;
  for (let i = 0; i < rows; ++i) {
    const t = i < profile.tasks.length - 1 ? profile.tasks[i] : null;
    const j = i < profile.js.length - 1 ? profile.js[i] : null;
    p(`| ${t ? `${t.name} | ${f1(t.ms)} ms | ${(100 * t.share).toFixed(1)}%` : ' | | '} | | ` +
      `${j ? `${j.name} | ${j.where} | ${f1(j.ms)} ms | ${(100 * j.share).toFixed(1)}%` : ' | | | '} |`);
  }
  p();
  if (profile.long) {
    const long = profile.long;
    p(long.length === 0 ? 'The trace holds no main-thread task over 50 ms.'
      : `The trace's main-thread tasks over 50 ms (${long.length}), each with the events that took its time (self time): ` +
        long.slice(0, 8).map((t) => `${f0(t.ms)} ms (${t.parts.map((q) => `${q.name} ${f1(q.ms)}`).join(', ')})`).join('; ') +
        (long.length > 8 ? `; and ${long.length - 8} more` : '') + '.');
    p();
  }
}

function section(r, opts) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  p(SECTION);
  p();
  p(`Measured by \`bench/page.js\` (run by \`bench/run.sh\` after \`bench.js\`) on ${r.started}: ${r.browser}, headless, ` +
    `with the page tests' flags (${CHROMIUM_ARGS.join(' ')}), viewport ${VIEWPORT.width}x${VIEWPORT.height}, the page served ` +
    `on localhost by \`scripts/serve.js\` (no compression), driven by playwright-core ${r.playwright}. ` +
    `Load average ${r.loadStart.toFixed(2)} at the start, ${r.loadEnd.toFixed(2)} at the end (${os.cpus().length} cores).` +
    (r.loadStart > os.cpus().length ? ` The machine was busy with other work (load average above its ${os.cpus().length} cores): the times are pessimistic.` : '') +
    (opts.quick ? ' Quick mode: one load, short runs, item 4 at a smaller size: the figures only, no verdicts.' : ''));
  p();
  if (r.problems && r.problems.length) {
    p(`The page reported problems while it was measured (errors in its console, uncaught exceptions, failed requests): ` +
      `${r.problems.slice(0, 10).map((t) => `"${t}"`).join('; ')}${r.problems.length > 10 ? `; and ${r.problems.length - 10} more` : ''}.`);
    p();
  }
  p('### Targets');
  p();
  for (const t of targets(r)) {
    p(`- ${opts.quick ? '' : t.met === null ? 'NOT MEASURED: ' : t.met ? 'met: ' : 'MISSED: '}${t.name}: ${t.figure}`);
  }
  p();
  if (r.load) {
    const L = r.load.loads;
    const med = (k) => probes.median(L.map((l) => l[k]));
    p('### 1. Cold load to the first possible Step');
    p();
    const P = r.load.plain;
    if (P) {
      const pm = (list, k) => probes.median(list.map((l) => l[k]));
      p('The targets\' figures: cold loads in a plain browser, Chromium started with the URL and no DevTools protocol attached ' +
        '(bench/plain-load.js). The page and the bare page take turns in one tab, each load from its own loopback address ' +
        '(a new site: a new renderer process), every response no-store. A probe script, added to the HTML\'s <head> by the ' +
        'benchmark\'s server, records when `body.is-ready` is set with the Step button enabled, and the next animation frame.');
      p();
      p('| plain browser | ready to Step (median) | all loads | next frame (median) |');
      p('|---|---:|---|---:|');
      p(`| the page | **${f0(pm(P.page, 'readyMs'))} ms** | ${P.page.map((l) => f0(l.readyMs)).join(', ')} | ${f0(pm(P.page, 'frameMs'))} ms |`);
      p(`| the bare page (bench/fixtures/bare.html) | ${f0(pm(P.bare, 'readyMs'))} ms | ${P.bare.map((l) => f0(l.readyMs)).join(', ')} | ${f0(pm(P.bare, 'frameMs'))} ms |`);
      p();
      p('Why not the Playwright loads below: with the DevTools protocol\'s Network domain on (Playwright turns it on in every page), ' +
        'Chromium records each request\'s initiator with its JavaScript stack. V8 then re-parses every function on that stack to ' +
        'find its source positions. The page asks for its wasm with the top level of web/dist/page.js still on the stack, and ' +
        'that is re-parsed whole: 92-111 ms of the main thread in one load\'s trace. A browser without DevTools does none of this.');
      p();
    }
    p('With Playwright: each load in a fresh browser context (its own empty cache), in the same browser (one uncounted load first starts it). ' +
      'Times from the navigation start (performance.timeOrigin) to the moment `body.is-ready` is set with the Step button ' +
      'enabled (web/main.js sets it after the module is loaded and the first render), recorded by a MutationObserver ' +
      'installed before the page\'s scripts; "next frame" is the first animation frame after it.');
    p();
    p('| | median | all loads |');
    p('|---|---:|---|');
    p(`| HTML received (responseEnd) | ${f0(med('responseEndMs'))} ms | ${L.map((l) => f0(l.responseEndMs)).join(', ')} |`);
    p(`| the last file received (Resource Timing) | ${f0(med('lastFileMs'))} ms | ${L.map((l) => f0(l.lastFileMs)).join(', ')} |`);
    p(`| DOMContentLoaded done | ${f0(med('domContentLoadedMs'))} ms | ${L.map((l) => f0(l.domContentLoadedMs)).join(', ')} |`);
    p(`| **ready to Step** | **${f0(med('readyMs'))} ms** | ${L.map((l) => f0(l.readyMs)).join(', ')} |`);
    p(`| next frame | ${f0(med('frameMs'))} ms | ${L.map((l) => f0(l.frameMs)).join(', ')} |`);
    const lt = L.map((l) => (l.longTasks.length ? Math.max(...l.longTasks) : 0));
    p(`| longest main-thread task before ready | ${f0(probes.median(lt))} ms | ${lt.map(f0).join(', ')} |`);
    p();
    const lp = r.load.profile;
    if (lp) {
      p(`Where the time goes, from one more load with a trace (ready at ${f0(lp.readyMs)} ms; the trace runs a little past it): ` +
        `the main thread busy ${f0(lp.tasks[lp.tasks.length - 1].ms)} ms (the rest of the time it waits for files: compare ` +
        'the time the last one arrived above; large scripts are parsed and wasm compiled on other threads).');
      p();
      p('| trace event | self time | | script | evaluated or called | time (inclusive) |');
      p('|---|---:|---|---|---|---:|');
      for (let i = 0; i < 8; ++i) {
        const t = lp.tasks[i];
        const s = lp.scripts[i];
        p(`| ${t ? `${t.name} | ${f1(t.ms)} ms` : ' | '} | | ${s ? `${s.file} | ${s.what} | ${f1(s.ms)} ms` : ' | | '} |`);
      }
      p();
      p('The cold load taken apart, variant by variant (the HTML alone, uPlot, page.js evaluated, `main()`): bench/README.md, ' +
        '"Cold load and memory taken apart (session 10)".');
      p();
    }
  }
  if (r.size) {
    p('### 2. What the default page downloads');
    p();
    p(`Every response of one cold load of the default page until the network is idle (data: URLs excluded), gzipped ` +
      `here with zlib level 9: ${r.size.files.length} files, ${kb(r.size.bytes)} as served, **${kb(r.size.gzipBytes)} gzipped**.`);
    p();
    p('| file | as served | gzipped |');
    p('|---|---:|---:|');
    for (const f of r.size.files) p(`| ${f.path} | ${kb(f.bytes)} | ${kb(f.gzipBytes)} |`);
    p();
    const later = (d, what) => {
      if (!d || !d.files.length) return;
      p(`Then, when the math block is scrolled into view (${what}): ${d.files.length} files, ${kb(d.bytes)} as served, ${kb(d.gzipBytes)} gzipped ` +
        `(${d.files.map((f) => `\`${f.path.split('/').pop()}\` ${kb(f.gzipBytes)}`).join(', ')}).`);
      p();
    };
    later(r.size.later, 'KaTeX, its stylesheet and the fonts it uses; web/math.js');
    const o = r.size.offline;
    if (o) {
      p(`The offline folder (\`scripts/package.sh\`, in \`bench/out/site/\`) served by \`scripts/serve.js\` as a static host: ` +
        `${o.files.length} files, ${kb(o.bytes)} as on disk (what a file:// load reads), **${kb(o.gzipBytes)} gzipped**.`);
      p();
      p('| file | on disk | gzipped |');
      p('|---|---:|---:|');
      for (const f of o.files) p(`| ${f.path} | ${kb(f.bytes)} | ${kb(f.gzipBytes)} |`);
      p();
      later(o.later, 'the same files as above');
    }
    const sep = r.size.separateBuild;
    if (sep && sep.singles) {
      p(`The module in its three builds: two files (${sep.files.map((f) => `\`${f.path}\` ${kb(f.bytes)}`).join(' + ')}, the page over http) ` +
        `${kb(sep.gzipBytes)} gzipped; ${sep.singles.map((f) => `\`${f.path}\` ${kb(f.bytes)}, ${kb(f.gzipBytes)} gzipped`).join('; ')} ` +
        '(linreg-packed.js: the glue and the wasm as a string of its bytes, scripts/bundle.js, what file:// and the offline folder load; ' +
        'linreg-single.js: the CMake build\'s, the wasm in base64, which compresses worse; the background worker loads it).');
      p();
    }
  }
  if (r.animation) {
    const a = r.animation;
    const row = (name, s) => `| ${name} | ${f1(s.seconds)} s | ${s.frames} | ${f1(s.fpsMean)} | ${f1(s.fpsMedian)} | ${f1(s.medianIntervalMs)} ms | ${f1(s.worstIntervalMs)} ms | ${s.dropped} |`;
    p('### 3. The animated run at 60 steps/s');
    p();
    p(`The book's run (default settings, \`${a.hash}\`: max_epochs raised so that it animates throughout, speed 60 steps/s, ` +
      `one of the speed control's settings: ${'1, 2, 5, 10, 30, 60, 250, 1000, 10000 steps/s and as fast as possible'}), Run pressed, ` +
      'frames counted with requestAnimationFrame after the first half second. The reference is an empty page in the same browser: ' +
      `headless Chromium's frame rate is capped there at ${f1(a.reference.fpsMean)} frames/s. ` +
      `Steps taken in the window: ${a.frames.steps} (${f1(a.frames.stepsPerSecond)} steps/s); data plot updated in ` +
      `${a.frames.plotUpdatesPerSecond === null ? '?' : f1(a.frames.plotUpdatesPerSecond)} frames/s; still running at the end: ${a.runningAtEnd ? 'yes' : 'no'}; ` +
      `main-thread tasks over 50 ms in the window: ${a.longTasks.length}${a.longTasks.length ? ` (longest ${f0(Math.max(...a.longTasks))} ms)` : ''}.`);
    p();
    p('| page | window | frames | frames/s (mean) | frames/s (median of 1-s windows) | median interval | worst interval | intervals > 25 ms |');
    p('|---|---:|---:|---:|---:|---:|---:|---:|');
    p(row('empty page', a.reference));
    p(row('the book\'s run at 60 steps/s', a.frames));
    p();
    profileTable(p, a.profile, a.frames.seconds);
  }
  if (r.large) {
    const l = r.large;
    const m = l.memory;
    const grown = m.peak.pssKb * 1024;
    const grownRss = m.peak.rssKb * 1024;
    p(`### 4. num_train = ${int(l.n)}, d = ${l.d} while it trains`);
    p();
    p(`The link \`${l.hash}\` (the book's other settings: batch_size 32; the weights bench.js uses for d = ${l.d}), ` +
      `ready to step ${f1(l.loadSeconds)} s after the navigation started, Run pressed at full speed, measured for ` +
      `${f1(l.frames.seconds)} s from one second after the first step.`);
    p();
    p(`- Where it trains: ${l.trainer ? `\`data-trainer="${l.trainer}"\`` : 'the main thread (the page has no `data-trainer` attribute)'}; ` +
      `${int(l.frames.steps)} steps in the window (${int(l.frames.stepsPerSecond)} steps/s, ${int(l.frames.stepsPerSecond * 32)} examples/s); still running at the end: ${l.running ? 'yes' : 'no'}.`);
    p(`- Long tasks on the main thread (PerformanceObserver 'longtask', registered before the page's scripts): ` +
      (l.longTaskError ? `not available (${l.longTaskError}).` :
        `${l.longTasks.length} while training (longest ${f0(Math.max(0, ...l.longTasks))} ms` +
        `${l.longTasks.length ? `; durations ${l.longTasks.slice(0, 12).map(f0).join(', ')}${l.longTasks.length > 12 ? ', ...' : ''} ms` : ''}); ` +
        `${l.loadLongTasks.length} while loading (longest ${f0(Math.max(0, ...l.loadLongTasks))} ms: making the data).`));
    p(`- Frames: ${f1(l.frames.fpsMean)} frames/s (median of 1-s windows ${f1(l.frames.fpsMedian)}, worst interval ${f1(l.frames.worstIntervalMs)} ms); ` +
      `the data plot changed in ${l.frames.plotUpdatesPerSecond === null ? '? (not found)' : f1(l.frames.plotUpdatesPerSecond)} frames/s.`);
    p(`- The data plot's caption: "${l.note}"`);
    p(`- Memory. X alone is ${int(l.n)} x ${l.d} x 8 bytes = ${mb(l.xBytes)}. Counted: what Chromium's renderer processes grew by, ` +
      'from the page on about:blank before the navigation (in a browser started for this item) to the peak of samples taken every ' +
      `second while training (${m.samples} samples): for every renderer alive then, its memory less what it had before (all of it ` +
      'if it started since), except the renderer of Chromium\'s own interface (its omnibox popup, a WebUI page the new headless ' +
      'mode starts with the browser; its size moves by itself as it warms up, in most runs +20 MB at the first navigation, ' +
      'with the bare page as much as with this one' +
      `${m.uiGrowth && m.uiGrowth.processes.length ? `; here it ${m.uiGrowth.pssKb >= 0 ? 'grew by' : 'shrank by'} ${mb(Math.abs(m.uiGrowth.pssKb) * 1024)}` : ''}). A dedicated worker is a thread of its page\'s renderer, so it is included. Pss from ` +
      '/proc/<pid>/smaps_rollup (shared pages split between the processes that map them), RSS from /proc/<pid>/status. ' +
      `Renderers before: ${mb(m.before.pssKb * 1024)} PSS in ${m.before.count} processes; grown by ${mb(m.afterLoad.pssKb * 1024)} once loaded and ` +
      `by **${mb(grown)} PSS (${f1(grown / l.xBytes)}x X)** at the peak while training (${mb(grownRss)} RSS); per renderer at the peak: ` +
      `${m.peak.processes.map((q) => `${mb(q.beforePssKb * 1024)} -> ${mb(q.pssKb * 1024)}`).join(', ')}. ` +
      `Inside the page: the main thread's JS heap ${mb(l.metrics.jsHeapUsedBytes)} used of ${mb(l.metrics.jsHeapTotalBytes)} (CDP Performance.getMetrics), ` +
      `${l.wasmMemories ? `the main thread's wasm memory ${mb(l.wasmBytes)}` : 'no wasm memory on the main thread'} ` +
      `(a worker's is not visible from the page). Chromium's other processes (browser, GPU, network, its interface's renderer, ...): ` +
      `${mb(m.peakOther.pssKb * 1024)} PSS at the peak, not counted.`);
    const wm = (l.workerMemory || []).filter((w) => w.wasmBytes);
    if (wm.length) {
      const wasm = wm.reduce((s, w) => s + w.wasmBytes, 0);
      const inUse = wm.reduce((s, w) => s + w.wasmInUseBytes, 0);
      const heap = wm.filter((w) => w.jsHeapTotalBytes);
      const live = wasm + l.wasmBytes + l.metrics.jsHeapUsedBytes + heap.reduce((s, w) => s + w.jsHeapUsedBytes, 0);
      p(`- The worker's own memory (asked from the worker at the end): its wasm memory ${mb(wasm)} ` +
        `(${f1(wasm / l.xBytes)}x X; ${mb(inUse)} of it in use: X, y, the validation set, the shuffled order and the run's records)` +
        `${heap.length ? `, its JS heap ${mb(heap.reduce((s, w) => s + w.jsHeapUsedBytes, 0))} used of ${mb(heap.reduce((s, w) => s + w.jsHeapTotalBytes, 0))}` : ''}. ` +
        `What the page holds alive (both wasm memories and the JS heaps in use): ${mb(live)}, **${f1(live / l.xBytes)}x X**. ` +
        `The renderer's growth above is larger: it also counts the V8 heaps' room for garbage between collections ` +
        `(the main thread's heap is ${mb(l.metrics.jsHeapTotalBytes)} for ${mb(l.metrics.jsHeapUsedBytes)} in use): ` +
        `what every frame still makes (uPlot's axes and grid; the plots draw their series straight onto the canvas from typed arrays ` +
        `kept from frame to frame, web/charts.js drawnDirectly); each chunk's figures ` +
        `come in a buffer the page hands back to the worker (web/worker.js, pack), and are recorded in place. ` +
        `Chromium's own allocations (the worker's thread, the canvases, its other renderers) count too. ` +
        `Where the memory goes, measured: bench/README.md, "1e6 x 16 in the worker", "Cold load and memory taken apart (session 10)" and "The plots' frame without garbage (session 11)".`);
    }
    p();
    profileTable(p, l.profile, l.frames.seconds);
  }
  return lines.join('\n');
}

// Puts the section into the report: replaces it when it is there; otherwise before the analysis
// bench.js appends from bench/NOTES.md (when present), or at the end.
function writeSection(file, text) {
  let report = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = report.indexOf(`\n${SECTION}\n`);
  if (start >= 0) {
    const next = report.slice(start + SECTION.length + 2).search(/^## /m);
    report = report.slice(0, start + 1) + (next >= 0 ? report.slice(start + SECTION.length + 2 + next) : '');
  }
  let at = report.length;
  const notesFile = path.join(BENCH, 'NOTES.md');
  if (fs.existsSync(notesFile)) {
    const firstLine = fs.readFileSync(notesFile, 'utf8').split('\n').find((s) => s.trim());
    const i = firstLine ? report.indexOf(`\n${firstLine}\n`) : -1;
    if (i >= 0) at = i + 1;
  }
  const before = report.slice(0, at).replace(/\n*$/, '\n\n');
  const after = report.slice(at);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, before + text.trimEnd() + '\n' + (after ? '\n' + after : ''));
}

// ---- Main ------------------------------------------------------------------------------------

async function measure(opts) {
  checkBuilt();
  const { chromium } = loadPlaywright();
  const { startServer } = require(path.join(ROOT, 'scripts', 'serve.js'));
  const r = {
    started: new Date().toISOString(),
    quick: opts.quick,
    only: opts.only,
    loadStart: os.loadavg()[0],
    playwright: require('playwright-core/package.json').version,
  };
  const server = await startServer(ROOT, 0);
  let browser = null;
  try {
    const launch = () => withTimeout(chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }), 60000, `starting ${CHROMIUM}`);
    browser = await launch();
    r.browser = `Chromium ${browser.version()}`;
    const env = { browser, url: server.url, problems: [], startServer };
    r.problems = env.problems;
    const want = (item) => opts.only.includes(item);
    if (want('load') || want('size')) {
      const loads = await measureLoads(env, opts, want('load'), want('size'));
      if (want('load')) r.load = { loads: loads.loads, bareLoads: loads.bareLoads, warmup: loads.warmup, profile: loads.profile || null, plain: loads.plain };
      if (want('size')) {
        const offline = await measureOffline(env); // (first: scripts/package.sh brings linreg-packed.js up to date)
        r.size = Object.assign(loads.downloads, { offline, separateBuild: separateBuild() });
      }
    }
    if (want('animation')) {
      r.animation = await measureAnimation(env, opts);
      if (opts.profile) r.animation.profile = (await measureAnimation(env, opts, true)).profile;
    }
    if (browser) await browser.close();
    browser = null;
    // Item 4 in a browser of its own, so that no renderer of the items before it is still exiting
    // while its memory is measured.
    if (want('large')) {
      browser = await launch();
      const own = { browser, url: server.url, problems: env.problems };
      r.large = await measureLarge(own, opts);
      if (opts.profile) r.large.profile = (await measureLarge(own, opts, true)).profile;
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
  }
  r.loadEnd = os.loadavg()[0];
  for (const text of r.problems || []) log(`the page reported: ${text}`);
  return r;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let r;
  if (opts.reportOnly) {
    if (!fs.existsSync(opts.json)) throw new Error(`${path.relative(process.cwd(), opts.json)} is missing: run bench/page.js without --report-only first`);
    r = JSON.parse(fs.readFileSync(opts.json, 'utf8'));
  } else {
    // The whole measurement has a time limit, so that a page that hangs ends the run with a message.
    r = await withTimeout(measure(opts), opts.budgetSeconds * 1000, 'measuring the page');
    fs.mkdirSync(path.dirname(opts.json), { recursive: true });
    fs.writeFileSync(opts.json, JSON.stringify(r, null, 1));
  }
  const text = section(r, opts);
  writeSection(opts.out, text);
  process.stdout.write(`\n${text}\n`);
  log(`section "${SECTION.slice(3)}" written to ${path.relative(process.cwd(), opts.out)}`);
}

main().catch((e) => {
  log(`error: ${e.message}`);
  process.exit(1);
});
