// The worker's back end (see web/backend.js): the main thread's side of a run in the background
// worker (web/worker.js). WorkerRun sends it requests and hands back its replies as promises.
import { t } from './strings.js';

// One worker holding one run. Each request gets the reply with its id: a promise that resolves
// with the reply, or rejects with the worker's error message (the one the main thread would show).
class WorkerRun {
  constructor(url) {
    this.remote = true; // the run trains elsewhere: its data is not on this thread
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
  advance({ steps, untilEpochEnd = false, budgetMs = 16, feature = 0 }) {
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

export { WorkerRun };
