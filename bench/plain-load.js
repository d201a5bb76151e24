// Cold loads in a plain browser: Chromium started with a URL, no DevTools protocol attached.
//
// Why: bench/page.js drives Chromium with Playwright, which turns on the DevTools protocol's
// Network domain in every page. Chromium then records each request's initiator, with its
// JavaScript stack, and V8 collects the source positions of every function on that stack. It
// re-parses the function to do so. When the page asks for its wasm (web/moduleloader.js), the
// stack still holds the top level of web/dist/page.js: an IIFE of 340 KB, re-parsed for the
// positions. Measured in a trace, that took 92-111 ms of one load's main thread. A student's browser
// has no DevTools attached and never does this. The bare page's small scripts pay much less.
// So the cold-load targets are taken here. The Playwright loads keep their detail (when the
// HTML, the files and DOMContentLoaded arrived) in bench/page.js.
//
// How: one Chromium, one tab. The page and the bare page take turns, `rounds` of each, after one
// uncounted load of each. Each load comes from its own loopback address (127.0.0.2,
// 127.0.0.3, ...: a new site, so a new renderer process, with no script or wasm compiled in it
// yet). Every response says Cache-Control: no-store, so nothing is kept between loads. The server
// puts a probe script at the top of each HTML file's <head>; the page's policy allows
// same-origin scripts. The probe records when body.is-ready is set with the Step button enabled,
// and the next animation frame. It posts both to its server, whose answer is the next URL.
//   const { plainLoads } = require('./plain-load.js');
//   await plainLoads({ root, rounds: 7, paths: { page: '', bare: 'bench/fixtures/bare.html' } })
//     -> { page: [{readyMs, frameMs}, ...], bare: [...] }
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startServer } = require('../scripts/serve.js');
const { CHROMIUM, CHROMIUM_ARGS, initScript } = require('./page-probes.js');

// The probe: page-probes.js's initScript (the same "ready" as the Playwright loads: body.is-ready
// with Step enabled, and the next frame, in window.__bench); at that frame it posts both to the
// server.
const PROBE = `(${initScript})();
window.__bench.onFrame = () => {
  const { readyAt, frameAt } = window.__bench;
  fetch('/__bench/ready', { method: 'POST', body: JSON.stringify({ readyMs: readyAt, frameMs: frameAt }) })
    .then((r) => r.text()).then((next) => { if (next) location.href = next; });
};
`;

// `pages`: {name: path under root}. Resolves with {name: [{readyMs, frameMs}]}, loads in
// turn: round 1 of each, round 2 of each, ...
async function plainLoads({ root, rounds, paths, timeoutMs = 120000, chromium = CHROMIUM }) {
  const names = Object.keys(paths);
  const order = [...names]; // uncounted first loads, one of each
  for (let r = 0; r < rounds; ++r) order.push(...names);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  let k = 0;
  let finish;
  let fail;
  const finished = new Promise((resolve, reject) => { finish = resolve; fail = reject; });
  const servers = [];
  const handle = (req, res, pathname) => {
    if (pathname === '/__bench/probe.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(PROBE);
      return true;
    }
    if (pathname !== '/__bench/ready' || req.method !== 'POST') return false;
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const t = JSON.parse(body);
      if (k >= names.length) results[order[k]].push(t);
      k += 1;
      if (k === order.length) {
        res.end('');
        finish();
      } else {
        res.end(servers[k].url + paths[order[k]]);
      }
    });
    return true;
  };
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'linreg-plain-'));
  let browser = null;
  const timer = setTimeout(() => fail(new Error(`plain-browser loads: no answer after ${timeoutMs} ms (load ${k + 1} of ${order.length}, ${order[k]})`)), timeoutMs);
  try {
    for (let i = 0; i < order.length; ++i) {
      servers.push(await startServer(root, 0, `127.0.0.${2 + i}`, { htmlHead: '<script src="/__bench/probe.js"></script>', noStore: true, handle }));
    }
    browser = spawn(chromium, [...CHROMIUM_ARGS, `--user-data-dir=${userData}`, '--window-size=1280,800', servers[0].url + paths[order[0]]], { stdio: 'ignore', detached: true });
    browser.on('error', (e) => fail(e));
    await finished;
    return results;
  } finally {
    clearTimeout(timer);
    if (browser && browser.exitCode === null) {
      const exited = new Promise((r) => browser.once('exit', r));
      try {
        process.kill(-browser.pid, 'SIGKILL'); // its process group: the browser and its renderers
      } catch (e) {
        browser.kill('SIGKILL');
      }
      await exited;
    }
    // (a child that outlived the kill for a moment may still write there)
    fs.rmSync(userData, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    for (const s of servers) await s.close();
  }
}

module.exports = { plainLoads };

if (require.main === module) {
  const rounds = Number(process.argv[2] || 7);
  plainLoads({ root: path.join(__dirname, '..'), rounds, paths: { page: '', bare: 'bench/fixtures/bare.html' } }).then((r) => {
    for (const [name, loads] of Object.entries(r)) {
      const ready = loads.map((l) => l.readyMs).sort((a, b) => a - b);
      console.log(`${name}: ready median ${ready[Math.floor(ready.length / 2)].toFixed(0)} ms [${loads.map((l) => l.readyMs.toFixed(0)).join(' ')}]`);
    }
  }, (e) => { console.error(e.message); process.exit(1); });
}
