// The worker's back end (see web/backend.js): the main thread's side of a run in the background
// worker (web/worker.js). WorkerRun sends it requests and hands back its replies as promises.
import { t } from './strings.js';

// A progress message as the page's back end sends it: the arrays the worker packed into one buffer
// (web/worker.js, pack) put back as views of it (history.epochFrom: the index of its first epoch).
function unpack(msg) {
  const { buffer, layout } = msg.bulk;
  const view = ([at, length]) => new Float64Array(buffer, at * 8, length);
  for (const key of ['step', 'stepLoss', 'epoch', 'trainLoss', 'valLoss']) msg.history[key] = view(layout[key]);
  for (const key of ['steps', 'values']) msg.params[key] = view(layout[key]);
  return msg;
}

// One worker holding one run. Each request gets the reply with its id: a promise that resolves
// with the reply, or rejects with the worker's error message (the one the main thread would show).
class WorkerRun {
  constructor(url) {
    this.remote = true; // the run trains elsewhere: its data is not on this thread
    this.worker = new Worker(url); // throws where workers cannot start (a file:// page)
    this.nextId = 1;
    this.waiting = new Map();
    this.spare = []; // buffers of progress messages done with, handed back with the next request
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
      const buffers = this.spare;
      this.spare = [];
      this.worker.postMessage(Object.assign({ id }, message, buffers.length ? { buffers } : {}), buffers);
    });
  }

  receive(msg) {
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    if (msg.type === 'error') w.reject(new Error(msg.message));
    else w.resolve(msg.bulk ? unpack(msg) : msg);
  }

  // A progress message recorded (web/session.js): its bulk buffer goes back to the worker for a
  // later chunk; the message's history and parameter arrays are then empty.
  release(msg) {
    if (!msg.bulk || !msg.bulk.buffer.byteLength) return;
    this.spare.push(msg.bulk.buffer);
    msg.bulk = null;
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
