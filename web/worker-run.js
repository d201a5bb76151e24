// The main thread's side of a run in the background worker (web/worker.js): WorkerRun sends it
// requests and hands back its replies as promises; WorkerPlayer drives the run over animation
// frames as web/player.js does on the main thread, in chunks the worker times itself.
import { t } from './strings.js';

// A chunk of steps in the worker takes at most this long (then its report comes back), so a
// running page gets about one report per frame and Pause takes effect within a frame or two.
const CHUNK_BUDGET_MS = 16;

// One worker holding one run. Each request gets the reply with its id: a promise that resolves
// with the reply, or rejects with the worker's error message (the one the main thread would show).
class WorkerRun {
  constructor(url) {
    this.worker = new Worker(url); // throws where workers cannot start (a file:// page)
    this.nextId = 1;
    this.waiting = new Map();
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.failAll(new Error(t('worker.failed', { error: e.message || 'the worker script could not run' })));
    };
  }

  request(message) {
    if (!this.worker) return Promise.reject(Object.assign(new Error('the worker was stopped'), { stopped: true }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(Object.assign({ id }, message));
    });
  }

  receive(msg) {
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    if (msg.type === 'error') w.reject(new Error(msg.message));
    else w.resolve(msg);
  }

  failAll(error) {
    const all = Array.from(this.waiting.values());
    this.waiting.clear();
    for (const w of all) w.reject(error);
  }

  start(config) { return this.request({ type: 'start', config }); }
  reset(seed) { return this.request({ type: 'reset', seed }); }
  set(key, value) { return this.request({ type: 'set', key, value }); }
  advance({ steps, untilEpochEnd = false, budgetMs = CHUNK_BUDGET_MS, feature = 0 }) {
    return this.request({ type: 'advance', steps, untilEpochEnd, budgetMs, feature });
  }
  rows(feature) { return this.request({ type: 'rows', feature }); }
  memory() { return this.request({ type: 'memory' }); } // the worker's wasm memory: {heapSize, heapInUse}

  // Ends the worker and frees its memory; requests still waiting reject with `stopped` set.
  terminate() {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    this.failAll(Object.assign(new Error('the worker was stopped'), { stopped: true }));
  }
}

// Run, Epoch and Step for a run in the worker, with the interface of web/player.js's Player.
// While running, two requests are out at a time (one for the epoch), and the next goes as soon
// as a report is in, so the worker keeps training while the page draws. Drawing happens once
// per animation frame at most, and less often when a frame's drawing takes long (as Player does).
class WorkerPlayer {
  // session: web/session.js's Session (advance, canStep); render(); changed(running); failed(message).
  constructor({ session, render, changed, failed }) {
    this.session = session;
    this.render = render;
    this.changed = changed || (() => {});
    this.failed = failed || (() => {});
    this.mode = null; // null, 'run' or 'forward' (to the end of the epoch)
    this.speed = 10;
    this.inflight = 0; // requests out
    this.frame = 0; // a frame asked for: to draw, or to take the next steps at a low speed
    this.renderCost = 0;
    this.lastRender = -Infinity;
    this.dirty = false;
  }

  get running() {
    return this.mode === 'run';
  }

  setSpeed(stepsPerSecond) {
    this.speed = stepsPerSecond;
  }

  run() {
    this.mode = 'run';
    this.due = 1; // the first step right away
    this.last = performance.now();
    this.changed(true);
    this.pump();
  }

  forward() {
    this.mode = 'forward';
    this.changed(false);
    this.pump();
  }

  // One step (when no other request is out).
  step() {
    this.pause();
    if (this.session.canStep()) this.send(1, false); // after any chunk still out (the worker keeps the order)
  }

  pause() {
    if (!this.mode) return;
    this.mode = null;
    this.changed(false);
    this.dirty = true; // the parts drawn only when stopped (web/app.js)
    this.nextFrame();
  }

  // Sends the next chunk: as many steps as are due at the chosen speed (run), or the rest of
  // the epoch (forward), each bounded by the worker's time budget.
  pump() {
    while (this.mode && this.inflight < (this.mode === 'run' ? 2 : 1)) {
      if (!this.session.canStep()) {
        if (this.inflight === 0) this.stop();
        return;
      }
      if (this.mode === 'forward') {
        this.send(Number.MAX_SAFE_INTEGER, true);
        return;
      }
      const now = performance.now();
      this.due += (this.speed * Math.max(0, now - this.last)) / 1000;
      this.last = now;
      const n = Math.floor(this.due);
      if (n < 1) {
        this.nextFrame();
        return;
      }
      this.due -= n;
      this.send(n, false);
    }
  }

  send(steps, untilEpochEnd) {
    ++this.inflight;
    this.session.advance({ steps, untilEpochEnd, budgetMs: CHUNK_BUDGET_MS }).then((msg) => {
      --this.inflight;
      if (msg.taken < steps) this.due = 0; // too fast for this machine: drop the backlog
      this.dirty = true;
      if (!msg.canStep || (this.mode === 'forward' && msg.epochEnded)) this.stop();
      this.nextFrame();
      this.pump();
    }, (e) => {
      --this.inflight;
      if (e.stopped) return; // the run was replaced
      this.stop();
      this.failed(e.message);
    });
  }

  stop() {
    if (this.mode) {
      this.mode = null;
      this.changed(false);
    }
    this.dirty = true;
    this.nextFrame();
  }

  nextFrame() {
    if (!this.frame) this.frame = requestAnimationFrame((t) => this.tick(t));
  }

  tick(now) {
    this.frame = 0;
    if (this.dirty) {
      if (!this.mode || now - this.lastRender >= 2 * this.renderCost) {
        const start = performance.now();
        this.dirty = false;
        this.lastRender = now;
        this.render();
        this.renderCost = performance.now() - start;
      } else {
        this.nextFrame();
      }
    }
    if (this.mode === 'run') this.pump();
  }
}



export const workerRun = { CHUNK_BUDGET_MS };

export { WorkerRun, WorkerPlayer };
