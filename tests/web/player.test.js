// web/player.js against a simulated clock: frames every 16.7 ms, a worker that answers each chunk
// after its time budget, and draws of a chosen cost. No browser: the player only needs
// requestAnimationFrame, performance.now and a session.
'use strict';
const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const h = require('./helpers.js');

let Player;
before(async () => {
  ({ Player } = await import(pathToFileURL(path.join(h.repoRoot, 'web', 'player.js')).href));
});

const FRAME = 1000 / 60;

// Runs a player for `seconds` of simulated time: the worker takes `chunkMs` per chunk, one chunk
// at a time in the order asked; each draw takes `drawMs` of the page's thread (the next frame comes
// at the first vsync after it ends). Returns the reports, the draws' times and the frames.
async function simulate({ seconds, chunkMs, drawMs, remote = true }) {
  let clock = 0;
  const events = []; // {at, fn}, run in time order
  let seq = 0;
  const at = (time, fn) => events.push({ at: time, fn, seq: seq++ });
  const saved = { raf: globalThis.requestAnimationFrame, now: performance.now };
  globalThis.requestAnimationFrame = (cb) => {
    const next = Math.floor(clock / FRAME + 1e-9) * FRAME + FRAME;
    at(next, () => cb(clock));
    return 1;
  };
  Object.defineProperty(performance, 'now', { value: () => clock, configurable: true, writable: true });
  let workerFree = 0;
  let reports = 0;
  const draws = [];
  const session = {
    remote,
    canStep: () => true,
    advance: ({ steps }) => new Promise((resolve) => {
      workerFree = Math.max(workerFree, clock) + chunkMs;
      at(workerFree, () => {
        ++reports;
        resolve({ taken: steps, canStep: true, epochEnded: false });
      });
    }),
  };
  const player = new Player({ session, render: () => { draws.push(clock); clock += drawMs; } });
  player.setSpeed(1e9);
  try {
    player.run();
    while (events.length) {
      events.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const e = events.shift();
      if (e.at > seconds * 1000) break;
      clock = Math.max(clock, e.at);
      e.fn();
      for (let k = 0; k < 5; ++k) await Promise.resolve(); // the promise callbacks of that event
    }
  } finally {
    globalThis.requestAnimationFrame = saved.raf;
    Object.defineProperty(performance, 'now', { value: saved.now, configurable: true, writable: true });
  }
  return { reports, draws };
}

test('a run in the worker draws every report when a draw is cheap (the draw\'s cost is not the wait for the next report)', async () => {
  for (const chunkMs of [16, 25, 40]) {
    const { reports, draws } = await simulate({ seconds: 4, chunkMs, drawMs: 5 });
    assert.ok(reports > (4000 / chunkMs) * 0.9, `${reports} reports of ${chunkMs} ms in 4 s`);
    // Two reports can land in one frame (then one draw shows both); at 25 and 40 ms they cannot.
    const want = chunkMs > FRAME ? reports - 1 : Math.min(reports, 4000 / FRAME) * 0.9;
    assert.ok(draws.length >= want, `${draws.length} draws for ${reports} reports of ${chunkMs}-ms chunks`);
  }
});

test('expensive draws are held back: a draw of 30 ms waits twice its cost after the last', async () => {
  const { reports, draws } = await simulate({ seconds: 4, chunkMs: 16, drawMs: 30 });
  const gaps = draws.slice(1).map((t, i) => t - draws[i]);
  assert.ok(reports > 200, `${reports} reports`);
  assert.ok(Math.min(...gaps) >= 2 * 30 - FRAME, `the shortest gap between draws ${Math.min(...gaps).toFixed(1)} ms`);
  assert.ok(draws.length >= 4000 / (3 * 30 + 2 * FRAME), `${draws.length} draws in 4 s`);
});
