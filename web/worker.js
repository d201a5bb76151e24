// The background trainer for large data sets (web/worker-run.js starts it): the same module and
// the same JavaScript API as the page, so a run here takes exactly the steps, and gives exactly the
// numbers, of a run on the main thread. The data is generated here and lives only in this
// worker's WebAssembly memory; the page gets a random sample of it, the last minibatch's rows, the
// parameters and the loss history, in compact messages (typed arrays, transferred).
//
// Messages in:  {type: 'start', config} | {type: 'reset', seed?} | {type: 'set', key, value}
//               {type: 'advance', steps, untilEpochEnd, budgetMs, feature} | {type: 'rows', feature}
//               {type: 'memory'}; any of them may hand back `buffers` (see pack)
// Messages out: {type: 'ready', ...} | {type: 'progress', ..., bulk} | {type: 'rows', rows}
//               {type: 'state', ...} | {type: 'memory', heapSize, heapInUse}
//               (the messages of web/backend.js's TrainerRun, which does the work here as it
//               does on the page)
//               {type: 'error', request, message}
// Every reply carries the request's `id`.
/* global importScripts */
// An ES module, bundled by scripts/bundle.js into web/dist/worker.js (a classic worker script, so
// it needs no module-worker support): the module's glue is the file beside that bundle.
import { TrainerRun } from './backend.js';
import { load } from './linreg-api.js';

importScripts('linreg-single.js');

let run = null; // the TrainerRun, once the module is loaded
const loading = load();

// A progress message's bulk figures (the new steps' losses, the parameters along the chunk and the
// epochs not sent before) travel in one buffer, which the page hands back with a later request
// (web/worker-run.js): the same few buffers go back and forth, instead of new arrays every frame.
const BULK = [['history', 'step'], ['history', 'stepLoss'], ['params', 'steps'], ['params', 'values'],
  ['history', 'epoch'], ['history', 'trainLoss'], ['history', 'valLoss']];
const EPOCHS = new Set(['epoch', 'trainLoss', 'valLoss']);
const POOL_SIZE = 4; // buffers kept for reuse (two chunks are out at a time while running)
const pool = []; // buffers handed back by the page (see keep)
let epochsSent = 0; // epoch records the page has of this run

// Buffers handed back by the page, kept for the next chunks: the largest POOL_SIZE (a chunk's
// figures grow with the steps it takes, so a small early buffer gives way to a larger one).
function keep(buffers) {
  pool.push(...buffers);
  pool.sort((a, b) => b.byteLength - a.byteLength);
  pool.length = Math.min(pool.length, POOL_SIZE);
}

function takeBuffer(bytes) {
  const at = pool.findIndex((b) => b.byteLength >= bytes);
  if (at >= 0) return pool.splice(at, 1)[0];
  return new ArrayBuffer(2 ** Math.ceil(Math.log2(Math.max(bytes, 1 << 16))));
}

// Moves the bulk figures of a progress reply into one buffer: reply.bulk = {buffer, layout}, with
// [offset, length] in doubles for each array (web/worker-run.js puts views of it back). Only the
// epochs the page does not have go (history.epochFrom: the index of the first).
function pack(reply) {
  const h = reply.history;
  delete h.stepEpochFraction; // not drawn (the page places a step by its number)
  const from = Math.min(epochsSent, h.epoch.length);
  h.epochFrom = from;
  epochsSent = h.epoch.length;
  const parts = BULK.map(([group, key]) => {
    const a = reply[group][key];
    return EPOCHS.has(key) ? a.subarray(from) : a;
  });
  const buffer = takeBuffer(8 * parts.reduce((n, a) => n + a.length, 0));
  const all = new Float64Array(buffer);
  const layout = {};
  let at = 0;
  BULK.forEach(([group, key], i) => {
    all.set(parts[i], at);
    layout[key] = [at, parts[i].length];
    reply[group][key] = null;
    at += parts[i].length;
  });
  reply.bulk = { buffer, layout };
}

// The small typed arrays of a progress reply (the state's w, trueW and errorW; the last minibatch's
// indices, labels, predictions, residuals, gradient, weights and first rows), copied into one new
// buffer as views of it. The page then gets one ArrayBuffer per report instead of a dozen: each
// arrives as a buffer of its own with a backing store that only a full collection frees, and these
// were most of the objects a report left on the page's thread (bench/README.md, "Fewer reports").
// The buffer stays with the page (the state and the minibatch outlive the report there).
function gather(reply) {
  const found = [];
  const visit = (obj) => {
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (ArrayBuffer.isView(v)) found.push([obj, key, v]);
      else if (v && typeof v === 'object' && !Array.isArray(v)) visit(v);
    }
  };
  for (const part of [reply.state, reply.last]) if (part) visit(part);
  const at = [];
  let bytes = 0;
  for (const [, , v] of found) {
    at.push(bytes);
    bytes += Math.ceil(v.byteLength / 8) * 8; // every view starts at a multiple of 8 bytes
  }
  const buffer = new ArrayBuffer(bytes);
  found.forEach(([obj, key, v], i) => {
    const copy = new v.constructor(buffer, at[i], v.length);
    copy.set(v);
    obj[key] = copy;
  });
  // Not enumerable: not part of the message (structured cloning copies enumerable keys only), only
  // in its transfer list.
  Object.defineProperty(reply, 'small', { value: buffer, enumerable: false });
}

// The typed arrays of a reply, handed over rather than copied.
function transferables(reply) {
  const out = [];
  if (reply.type === 'ready') out.push(reply.data.rows.buffer, reply.data.X.buffer, reply.data.y.buffer, reply.data.means.buffer);
  if (reply.type === 'progress') {
    out.push(reply.bulk.buffer, reply.small);
  }
  if (reply.type === 'rows' && reply.rows) out.push(reply.rows.values.buffer);
  return out;
}

// A ready reply: a new run, whose epochs the page has none of.
function fresh(reply) {
  epochsSent = 0;
  return reply;
}

function answer(msg) {
  switch (msg.type) {
    case 'start': return fresh(run.start(msg.config)); // throws the C++ message (the run stays as it was)
    case 'reset': return fresh(run.reset(msg.seed));
    case 'set': return run.set(msg.key, msg.value);
    case 'advance': {
      const reply = run.advance(msg);
      pack(reply);
      gather(reply);
      return reply;
    }
    case 'rows': return { type: 'rows', rows: run.batchRows(msg.feature) };
    case 'memory': return { type: 'memory', heapSize: run.api.heapSize(), heapInUse: run.api.heapInUse() };
    default: throw new Error(`unknown message type '${msg.type}'`);
  }
}

// Requests are handled in order, each once the module is loaded; a failure is sent back as the
// same message the main thread would show.
let queue = Promise.resolve();
self.onmessage = (e) => {
  const msg = e.data;
  if (msg.buffers) keep(msg.buffers);
  queue = queue.then(async () => {
    try {
      if (run === null) {
        run = new TrainerRun(await loading, 'worker');
        self.api = run.api; // the module's API, for the benchmark's reading of the worker's memory
      }
      const reply = Object.assign(answer(msg), { id: msg.id });
      postMessage(reply, transferables(reply));
    } catch (err) {
      postMessage({ type: 'error', id: msg.id, request: msg.type, message: err && err.message ? err.message : String(err) });
    }
  });
};
