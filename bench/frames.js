#!/usr/bin/env node
// The frame budget of touching the run (issue 15): frames per second and input-to-paint latency
// while a control is dragged with a stream of real (CDP) pointer events, at the book's size and
// at num_train = 100,000, d = 16, against an empty page's frame rate measured in the same run.
// Written as the section "## Touching the run: frames while dragging" of the report (bench/run.sh
// runs it after bench/page.js).
//
//   node bench/frames.js [--quick] [--out FILE] [--seconds S] [--report-only]
//
//   --quick      1 s per measurement; the report goes to bench/out/quick.md (the smoke test)
//   --out FILE   the report to add the section to (default bench/RESULTS.md)
//   --seconds S  seconds per measurement (default 4)
//   --only LIST  some of the gestures: start, lr (for development)
//   --report-only  only write the section again from the last run's figures (bench/out/frames.json,
//                or frames-quick.json with --quick), as bash bench/run.sh --report-from does
//
// Method. Each gesture is a stream of pointer events sent through the DevTools protocol
// (playwright's page.mouse, which waits until the renderer has taken each event), for S seconds:
//   - the start on the loss landscape, moved on a circle around where it was (the whole run
//     from that start is recomputed and every plot redrawn on each move), and
//   - the lr slider's thumb, moved back and forth along its track (the whole run with that lr).
// In the page: animation frames are counted while the gesture lasts (frames per second), and for
// every pointermove the time from the event's timestamp to the end of the frame that follows its
// handling (the next animation frame, then a task after it: the frame's paint is done by then) is
// the input-to-paint latency; the median and the 95th percentile are reported. The empty page's
// frames are counted the same way, without input. Targets (the issue's): at least 55 frames/s at
// the book's size, under 50 ms input to paint at 100,000 x 16 (the preview there is a thinned run,
// said by the page's note: web/controller.js's PREVIEW_MAX_VALUES). Figures only: a missed
// target is reported, never an error; the exit status is 1 only when the page cannot be driven.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const SECTION = '## Touching the run: frames while dragging';
const { CHROMIUM, CHROMIUM_ARGS, trueWeights } = require('./page-probes.js');
const VIEWPORT = { width: 1280, height: 800 };
const TARGETS = { fps: 55, latencyMs: 50 };
const SIZES = [
  { name: "the book's (1,000 x 2)", hash: '' },
  { name: '100,000 x 16', hash: `#num_train=100000&w=${trueWeights(16).join(',')}` },
];

function log(text) {
  process.stderr.write(`frames: ${text}\n`);
}

function parseArgs(argv) {
  const opts = { quick: false, out: null, seconds: 4, gestures: ['start', 'lr'], reportOnly: false };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--seconds') opts.seconds = Number(argv[++i]);
    else if (a === '--only') opts.gestures = String(argv[++i]).split(',');
    else if (a === '--report-only') opts.reportOnly = true;
    else throw new Error(`unknown option ${a} (see the head of bench/frames.js)`);
  }
  if (opts.quick) opts.seconds = 1;
  if (!(opts.seconds > 0)) throw new Error('--seconds must be a number > 0');
  opts.out = opts.out || path.join(BENCH, opts.quick ? 'out/quick.md' : 'RESULTS.md');
  return opts;
}

// Runs in the page: counts frames and records each pointermove's input-to-paint latency until
// window.__frames.stop() is called; then resolves with the figures.
function installProbe() {
  const f = (window.__frames = { frames: [], latencies: [], on: true });
  const frame = (ts) => {
    f.frames.push(ts);
    if (f.on) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => {
    const now = performance.now();
    for (const ts of waiting.splice(0)) f.latencies.push(now - ts);
  };
  window.addEventListener('pointermove', (e) => {
    if (!f.on) return;
    waiting.push(e.timeStamp);
    if (waiting.length === 1) requestAnimationFrame(() => channel.port2.postMessage(0));
  }, { capture: true });
  f.stop = () => {
    f.on = false;
    return { frames: f.frames, latencies: f.latencies };
  };
}

function stats(raw, ms) {
  const times = raw.frames;
  const span = times.length > 1 ? times[times.length - 1] - times[0] : ms;
  const lat = raw.latencies.slice().sort((a, b) => a - b);
  const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
  let worst = 0;
  for (let i = 1; i < times.length; ++i) worst = Math.max(worst, times[i] - times[i - 1]);
  return {
    fps: times.length > 1 ? ((times.length - 1) * 1000) / span : 0,
    worstFrameMs: worst,
    events: lat.length,
    latencyMedianMs: q(0.5),
    latencyP95Ms: q(0.95),
  };
}

// An empty page's frames, counted the same way.
async function emptyPage(browser, ms) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>empty</title><body></body>');
    await page.evaluate(installProbe);
    await page.waitForTimeout(ms);
    return stats(await page.evaluate(() => window.__frames.stop()), ms);
  } finally {
    await context.close();
  }
}

// Moves the mouse along `path(k)` (page coordinates) with the button down for `ms`; returns how
// many moves were sent.
async function drag(page, from, pathAt, ms) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const end = Date.now() + ms;
  let k = 0;
  while (Date.now() < end) {
    const p = pathAt(++k);
    await page.mouse.move(p.x, p.y);
  }
  return { moves: k, release: () => page.mouse.up() };
}

// One gesture on a page opened at `hash`: 'start' (the landscape's start) or 'lr' (the slider).
async function measureGesture(browser, url, gesture, ms) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const problems = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(url);
    await page.waitForSelector('body.is-ready', { timeout: 60000 });
    const selector = gesture === 'start' ? '[data-control="start"]' : '[data-part="lr-slider"]';
    const target = page.locator(selector);
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    let from;
    let pathAt;
    if (gesture === 'start') {
      from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      pathAt = (k) => ({ x: from.x + 40 * Math.sin(k / 8), y: from.y + 40 * (1 - Math.cos(k / 8)) });
    } else {
      const f = await target.evaluate((e) => (Number(e.value) - Number(e.min)) / (Number(e.max) - Number(e.min)));
      from = { x: box.x + 8 + f * (box.width - 16), y: box.y + box.height / 2 };
      pathAt = (k) => ({ x: from.x + 30 * Math.sin(k / 6), y: from.y });
    }
    await page.evaluate(installProbe);
    const t0 = Date.now();
    const { moves, release } = await drag(page, from, pathAt, ms);
    const figures = stats(await page.evaluate(() => window.__frames.stop()), Date.now() - t0);
    const thinned = await page.evaluate(() => {
      const n = document.querySelector('[data-part="touch-note"]');
      return n && !n.hidden ? Number(n.dataset.examples) : null;
    });
    // The release: the previewed settings become the run's (the whole run, in the worker beyond
    // its threshold); the time until it is trained to the end.
    const released = Date.now();
    await release();
    await page.waitForFunction(() => {
      const c = window.LinRegPage.controller;
      return !c.touching && !c.session.loading && !c.session.canStep();
    }, null, { timeout: 120000 });
    const releaseMs = Date.now() - released;
    const config = await page.evaluate(() => ({ n: window.LinRegPage.controller.config.num_train, d: window.LinRegPage.controller.config.w.length }));
    return Object.assign(figures, { moves, thinned, releaseMs, config, problems });
  } finally {
    await context.close();
  }
}

const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

function report(r, opts) {
  const lines = [SECTION, ''];
  lines.push(`Measured by \`node bench/frames.js${opts.quick ? ' --quick' : ''}\` (${r.seconds} s per gesture) on ${r.date}, ` +
    `Chromium headless at ${VIEWPORT.width}x${VIEWPORT.height}. A stream of CDP pointer events drags the control; ` +
    'latency is from each pointermove\'s timestamp to the end of the frame after it was handled (see the head of bench/frames.js).', '');
  lines.push(`Empty page: **${fmt(r.empty.fps)} frames/s** (worst interval ${fmt(r.empty.worstFrameMs)} ms).`, '');
  lines.push('| size | gesture | frames/s | vs empty | input to paint, median / p95 | moves | preview | release to the whole run |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const m of r.measured) {
    const preview = m.thinned ? `thinned: ${m.thinned.toLocaleString('en')} examples` : 'the whole run';
    lines.push(`| ${m.size} | ${m.gesture} | ${fmt(m.fps)} | ${fmt(m.fps / r.empty.fps, 2)} | ${fmt(m.latencyMedianMs)} / ${fmt(m.latencyP95Ms)} ms | ${m.moves} | ${preview} | ${m.releaseMs} ms |`);
  }
  lines.push('');
  const book = r.measured.filter((m) => m.size === SIZES[0].name);
  const big = r.measured.filter((m) => m.size === SIZES[1].name);
  const verdict = (ok) => (ok ? 'met' : 'missed');
  lines.push(`Targets: ${TARGETS.fps} frames/s at the book's size: ${book.map((m) => `${m.gesture} ${verdict(m.fps >= TARGETS.fps)}`).join(', ')}; ` +
    `input to paint under ${TARGETS.latencyMs} ms (median) at 100,000 x 16: ${big.map((m) => `${m.gesture} ${verdict(m.latencyMedianMs < TARGETS.latencyMs)}`).join(', ')}.`);
  return lines.join('\n');
}

function writeSection(file, text) {
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const start = doc.indexOf(`\n${SECTION}\n`);
  if (start >= 0) {
    const rest = doc.slice(start + SECTION.length + 2);
    const next = rest.search(/^## /m);
    doc = doc.slice(0, start + 1) + (next >= 0 ? rest.slice(next) : '');
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${doc.replace(/\n*$/, '\n\n')}${text.trimEnd()}\n`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const raw = path.join(BENCH, 'out', opts.quick ? 'frames-quick.json' : 'frames.json');
  if (opts.reportOnly) {
    if (!fs.existsSync(raw)) throw new Error(`${path.relative(process.cwd(), raw)} is missing: run bench/frames.js first`);
    writeSection(opts.out, report(JSON.parse(fs.readFileSync(raw, 'utf8')), opts));
    log(`section "${SECTION.slice(3)}" written again to ${path.relative(process.cwd(), opts.out)}`);
    return;
  }
  const { chromium } = require('playwright-core');
  const { startServer } = require(path.join(ROOT, 'scripts', 'serve.js'));
  for (const f of ['web/dist/page.js', 'web/dist/linreg-single.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: build the page first (bash scripts/build.sh)`);
  }
  const server = await startServer(ROOT, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const ms = opts.seconds * 1000;
  const r = { date: new Date().toISOString().slice(0, 10), seconds: opts.seconds, measured: [] };
  try {
    r.empty = await emptyPage(browser, ms);
    log(`empty page: ${fmt(r.empty.fps)} frames/s`);
    for (const size of SIZES) {
      for (const gesture of opts.gestures) {
        const m = await measureGesture(browser, server.url + size.hash, gesture, ms);
        m.size = size.name;
        m.gesture = gesture === 'start' ? 'drag the start' : 'scrub lr';
        if (m.problems.length) throw new Error(`the page reported problems: ${m.problems.join('; ')}`);
        log(`${size.name}, ${m.gesture}: ${fmt(m.fps)} frames/s, input to paint ${fmt(m.latencyMedianMs)} / ${fmt(m.latencyP95Ms)} ms ` +
          `(${m.events} events, ${m.moves} moves${m.thinned ? `, thinned to ${m.thinned}` : ''}), release ${m.releaseMs} ms`);
        r.measured.push(m);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  fs.mkdirSync(path.join(BENCH, 'out'), { recursive: true });
  fs.writeFileSync(raw, JSON.stringify(r, null, 1));
  writeSection(opts.out, report(r, opts));
  log(`section "${SECTION.slice(3)}" written to ${path.relative(process.cwd(), opts.out)}`);
}

main().catch((e) => {
  log(e.stack || e.message);
  process.exit(1);
});
