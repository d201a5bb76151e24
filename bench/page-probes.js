// What bench/page.js measures inside the page and around it: the init script installed before the
// page's own scripts (ready moment, long tasks, wasm memories), the frame counter run in the page,
// and the memory of Chromium's processes read from /proc.
'use strict';

const fs = require('node:fs');

// Runs in every document of a context before its scripts. Records in window.__bench:
//   readyAt     performance.now() when the page is usable: body.is-ready (web/main.js adds it once
//               the module is loaded and the first render is done) with the Step button enabled
//   frameAt     the first animation frame after that (the ready page about to be painted)
//   onFrame     null, or a function called once frameAt is set (bench/plain-load.js's report)
//   longTasks   [{start, duration}] from a PerformanceObserver of type 'longtask'
//   memories    the WebAssembly.Memory of every module instantiated on this thread (a worker's are
//               not seen: init scripts do not run in workers)
function initScript() {
  const b = (window.__bench = { readyAt: null, frameAt: null, onFrame: null, longTasks: [], memories: [], longTaskError: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    b.longTaskError = String(e && e.message);
  }
  const keep = (result) => {
    const instance = result && (result.instance || result);
    const exports = instance && instance.exports;
    if (exports) {
      for (const v of Object.values(exports)) if (v instanceof WebAssembly.Memory) b.memories.push(v);
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original === 'function') {
      WebAssembly[name] = function (...args) {
        return original.apply(this, args).then(keep);
      };
    }
  }
  const check = () => {
    if (b.readyAt !== null || !document.body || !document.body.classList.contains('is-ready')) return;
    const step = document.querySelector('[data-action="step"]');
    if (!step || step.disabled) return;
    b.readyAt = performance.now();
    requestAnimationFrame(() => {
      b.frameAt = performance.now();
      if (b.onFrame) b.onFrame();
    });
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['class', 'disabled'] });
}

// Runs in the page: counts animation frames for `ms` milliseconds. Also counts the frames in which
// the element `plot` (a selector) changed (any attribute or child in its subtree: the data plot's
// update() writes its data-* attributes every time it draws), and reads the page's step counter
// at the first and the last frame. Resolves {times, plotFrames, plotFound, steps0, steps1}.
function countFrames({ ms, plot }) {
  return new Promise((resolve) => {
    const total = () => {
      const el = document.querySelector('[data-counter="total"]');
      return el ? Number(el.dataset.value) : NaN;
    };
    const target = plot ? document.querySelector(plot) : null;
    let changed = false;
    let plotFrames = 0;
    const observer = target ? new MutationObserver(() => { changed = true; }) : null;
    if (observer) observer.observe(target, { subtree: true, attributes: true, childList: true, characterData: true });
    const times = [];
    let steps0 = NaN;
    const tick = (t) => {
      if (times.length === 0) {
        steps0 = total();
        changed = false;
      } else if (changed) {
        ++plotFrames;
        changed = false;
      }
      times.push(t);
      if (t - times[0] < ms) {
        requestAnimationFrame(tick);
      } else {
        if (observer) observer.disconnect();
        resolve({ times, plotFrames, plotFound: Boolean(target), steps0, steps1: total() });
      }
    };
    requestAnimationFrame(tick);
  });
}

// Frame statistics from countFrames' timestamps: mean rate, the median of the rates in whole
// 1-second windows, the median and the worst interval, and how many intervals exceeded 1.5 x
// `nominal` ms (a dropped frame at that refresh interval).
function frameStats(result, nominal = 1000 / 60) {
  const t = result.times;
  const span = t[t.length - 1] - t[0];
  const intervals = t.slice(1).map((v, i) => v - t[i]);
  const windows = [];
  for (let start = t[0], i = 0; start + 1000 <= t[t.length - 1]; start += 1000) {
    let n = 0;
    while (i < t.length && t[i] < start) ++i;
    for (let j = i; j < t.length && t[j] < start + 1000; ++j) ++n;
    windows.push(n);
  }
  return {
    start: t[0],
    end: t[t.length - 1],
    seconds: span / 1000,
    frames: intervals.length,
    fpsMean: span > 0 ? (1000 * intervals.length) / span : 0,
    fpsMedian: windows.length ? median(windows) : (span > 0 ? (1000 * intervals.length) / span : 0),
    medianIntervalMs: intervals.length ? median(intervals) : NaN,
    worstIntervalMs: intervals.length ? Math.max(...intervals) : NaN,
    dropped: intervals.filter((v) => v > 1.5 * nominal).length,
    plotUpdatesPerSecond: result.plotFound && span > 0 ? (1000 * result.plotFrames) / span : null,
    steps: result.steps1 - result.steps0,
    stepsPerSecond: span > 0 ? (1000 * (result.steps1 - result.steps0)) / span : NaN,
  };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// kB figures of one process from /proc: resident (VmRSS) and proportional (Pss: shared pages split
// between the processes that map them). null when the process is gone.
function processMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number((status.match(/^VmRSS:\s+(\d+)\s+kB/m) || [])[1]);
    let pss = NaN;
    try {
      const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      pss = Number((rollup.match(/^Pss:\s+(\d+)\s+kB/m) || [])[1]);
    } catch (e) {
      pss = NaN;
    }
    return { rssKb: rss, pssKb: pss };
  } catch (e) {
    return null;
  }
}

// Chromium's processes (CDP SystemInfo.getProcessInfo on the browser session) with their memory:
// [{type, pid, rssKb, pssKb}]. Dedicated workers are threads of their page's renderer process, so
// a renderer's figures include its workers.
// `ui`: the pids of the renderers that draw Chromium's own interface (uiRenderers below), listed
// with type 'ui-renderer' instead of 'renderer', so that a page's figures leave them out.
async function chromiumProcesses(browserSession, ui = new Set()) {
  const { processInfo } = await browserSession.send('SystemInfo.getProcessInfo');
  const out = [];
  for (const p of processInfo) {
    const m = processMemory(p.id);
    if (m) out.push({ type: p.type === 'renderer' && ui.has(p.id) ? 'ui-renderer' : p.type, pid: p.id, ...m });
  }
  return out;
}

// The renderer processes of Chromium's own interface, not of any page: the new headless mode is the
// whole browser and starts a "WebUI Top Renderer" for its omnibox popup (chrome://omnibox-popup.top-chrome),
// which grows by about 20 MB while the first page after about:blank loads, the bare page as much as
// this one (bench/README.md). Named by the process_name metadata of a short trace of every process.
async function uiRenderers(browserSession) {
  const names = [];
  const collect = (e) => names.push(...e.value.filter((v) => v.ph === 'M' && v.name === 'process_name'));
  browserSession.on('Tracing.dataCollected', collect);
  const done = new Promise((resolve) => browserSession.once('Tracing.tracingComplete', resolve));
  // (A process writes its metadata once it has traced something: 'toplevel' and a moment.)
  await browserSession.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel'] }, transferMode: 'ReportEvents' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await browserSession.send('Tracing.end');
  await done;
  browserSession.off('Tracing.dataCollected', collect);
  return new Set(names.filter((v) => /^WebUI\b/.test(String(v.args && v.args.name))).map((v) => v.pid));
}

// What the renderer processes alive in `after` grew by since `before` (a process new since then
// counts whole; one that has exited since does not count at all): {rssKb, pssKb, processes}.
// type: the processes counted ('ui-renderer': those of Chromium's interface, chromiumProcesses).
function rendererGrowth(before, after, type = 'renderer') {
  const old = new Map(before.filter((p) => p.type === type).map((p) => [p.pid, p]));
  const out = { rssKb: 0, pssKb: 0, processes: [] };
  for (const p of after.filter((q) => q.type === type)) {
    const b = old.get(p.pid);
    const grown = { pid: p.pid, beforePssKb: b ? b.pssKb : 0, pssKb: p.pssKb, rssKb: p.rssKb };
    out.rssKb += p.rssKb - (b ? b.rssKb : 0);
    out.pssKb += p.pssKb - (b ? b.pssKb : 0);
    out.processes.push(grown);
  }
  return out;
}

// Sums of the processes of one kind ('renderer' or the others): {rssKb, pssKb, count}.
function totals(processes, renderer = true) {
  const list = processes.filter((p) => (p.type === 'renderer') === renderer);
  return {
    rssKb: list.reduce((s, p) => s + p.rssKb, 0),
    pssKb: list.reduce((s, p) => s + p.pssKb, 0),
    count: list.length,
  };
}

// Chromium, with the page tests' flags (tests/web/helpers.js), for bench/page.js and bench/frames.js.
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The book's weights for d = 2; bench/bench.js's fixed values in [-2, 2] otherwise.
function trueWeights(d) {
  if (d === 2) return [2, -3.4];
  return Array.from({ length: d }, (_, j) => (((j * 7) % 11) - 5) / 2.5);
}

module.exports = { CHROMIUM, CHROMIUM_ARGS, trueWeights, initScript, countFrames, frameStats, median, chromiumProcesses, uiRenderers, rendererGrowth, totals };
