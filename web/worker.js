// The background trainer for large data sets (web/worker-run.js starts it): the same module and
// the same JavaScript API as the page, so a run here takes exactly the steps, and gives exactly the
// numbers, of a run on the main thread. The data is generated here and lives only in this
// worker's WebAssembly memory; the page gets a random sample of it, the last minibatch's rows, the
// parameters and the loss history, in compact messages (typed arrays, transferred).
//
// Messages in:  {type: 'start', config} | {type: 'reset', seed?} | {type: 'set', key, value}
//               {type: 'advance', steps, untilEpochEnd, budgetMs, feature} | {type: 'rows', feature}
//               {type: 'memory'}
// Messages out: {type: 'ready', ...} | {type: 'progress', ...} | {type: 'rows', ...}
//               {type: 'state', ...} | {type: 'memory', heapSize, heapInUse}
//               {type: 'error', request, message}
// Every reply carries the request's `id`.
/* global importScripts */
// An ES module, bundled by scripts/bundle.js into web/dist/worker.js (a classic worker script, so
// it needs no module-worker support): the module's glue is the file beside that bundle.
import { load } from './linreg-api.js';

importScripts('linreg-single.js');

const SAMPLE_POINTS = 2000; // examples drawn in the data plot (as MAX_DATA_POINTS in web/session.js)
const SAMPLE_VALUES = 1 << 20; // at most this many feature values in the sample (fewer points for a large d)
const BATCH_ROWS = 1000; // rows of the last minibatch sent (the inspector's table shows at most 1000)
const BATCH_COLUMNS = 8; // features of those rows sent (the inspector shows 8), plus the plotted one
const PARAM_POINTS = 256; // parameter vectors sent per chunk for the parameter plot (evenly spaced)
const MAX_PARAMS = 8; // weights sent per parameter vector (the parameter plot draws w_1 .. w_8 and b)

let api = null;
let trainer = null;
let data = null; // {X, y, n, d}: views of the training data in the module's memory
let historyFrom = 0;
let lastStep = null; // the last Minibatch, with its rows
let stepsPerMs = 0; // how fast the last chunk went

const loading = load();

// The training data without a copy: views of the module's memory. A view dies when the memory
// grows (its length becomes 0): then it is taken again; a new data set clears `data`.
function liveData() {
  if (data === null || (data.n > 0 && data.y.length === 0)) data = trainer.trainDataView();
  return data;
}

// A reproducible random sample of m distinct rows out of n (Robert Floyd's algorithm), sorted.
function sampleRows(n, m, seed) {
  let s = (seed ^ 0x9e3779b9) >>> 0 || 1;
  const next = () => { // xorshift32
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  const picked = new Set();
  for (let j = n - m; j < n; ++j) {
    const t = next() % (j + 1);
    picked.add(picked.has(t) ? j : t);
  }
  return Int32Array.from(picked).sort();
}

// What the page keeps of the data: the sample (every feature), the means of the features and
// the run's description.
function readyMessage(id) {
  const { X, y, n, d } = liveData();
  const means = new Float64Array(d);
  for (let i = 0; i < n; ++i) {
    const row = i * d;
    for (let j = 0; j < d; ++j) means[j] += X[row + j];
  }
  for (let j = 0; j < d; ++j) means[j] /= n;
  const config = trainer.config();
  const m = Math.min(n, SAMPLE_POINTS, Math.max(1, Math.floor(SAMPLE_VALUES / d)));
  const rows = sampleRows(n, m, Number(config.seed) % 4294967296);
  const sx = new Float64Array(m * d);
  const sy = new Float64Array(m);
  for (let k = 0; k < m; ++k) {
    sx.set(X.subarray(rows[k] * d, rows[k] * d + d), k * d);
    sy[k] = y[rows[k]];
  }
  historyFrom = 0;
  lastStep = null;
  return {
    message: {
      type: 'ready', id, config, source: trainer.dataSource(), state: trainer.state(),
      sample: { n, d, rows, X: sx, y: sy, means },
    },
    transfer: [rows.buffer, sx.buffer, sy.buffer, means.buffer],
  };
}

// The first rows of the last minibatch: features 0..7 and `feature`, as {rows, columns, values}.
function batchRows(mb, feature) {
  const { X, d } = liveData();
  const rows = Math.min(mb.indices.length, BATCH_ROWS);
  const cols = [];
  for (let j = 0; j < Math.min(d, BATCH_COLUMNS); ++j) cols.push(j);
  if (feature >= BATCH_COLUMNS && feature < d) cols.push(feature);
  const values = new Float64Array(rows * cols.length);
  for (let k = 0; k < rows; ++k) {
    const at = mb.indices[k] * d;
    for (let c = 0; c < cols.length; ++c) values[k * cols.length + c] = X[at + cols[c]];
  }
  return { rows, columns: Int32Array.from(cols), values };
}

const finite = (v) => Number.isFinite(v);

// Steps until `steps` are taken, the epoch ends (untilEpochEnd), the run cannot go on, or the
// time budget is spent. The reply holds the new part of the loss history, parameter vectors
// spaced evenly over the chunk, the state and the last minibatch with its rows.
function advance({ id, steps, untilEpochEnd, budgetMs, feature }) {
  const config = trainer.config();
  let state = trainer.state();
  const total = state.numBatches * config.max_epochs;
  const k = Math.min(state.w.length, MAX_PARAMS);
  const started = performance.now();
  const deadline = started + budgetMs;
  // Parameter vectors every `every` steps: PARAM_POINTS over the steps this chunk should take.
  const expected = stepsPerMs > 0 ? Math.min(steps, stepsPerMs * budgetMs) : Math.min(steps, 1e9);
  const every = Math.max(1, Math.ceil(expected / PARAM_POINTS));
  const paramSteps = [];
  const params = [];
  let taken = 0;
  let epochEnded = false;
  let stopped = state.finished || state.diverged;
  while (!stopped && taken < steps) {
    const mb = trainer.step();
    lastStep = mb;
    ++taken;
    epochEnded = mb.batch + 1 === state.numBatches;
    if (!(finite(mb.loss) && finite(mb.gradB) && finite(mb.bAfter) && mb.wAfter.every(finite) && mb.gradW.every(finite))) {
      state = trainer.state(); // the core decides whether this is divergence
      if (state.diverged) stopped = true;
    }
    if (mb.step >= total) stopped = true;
    if (taken % every === 0 || stopped || taken === steps || epochEnded) {
      paramSteps.push(mb.step);
      params.push(...mb.wAfter.subarray(0, k), mb.bAfter);
    }
    if ((untilEpochEnd && epochEnded) || performance.now() > deadline) break;
  }
  if (lastStep && paramSteps[paramSteps.length - 1] !== lastStep.step) {
    paramSteps.push(lastStep.step);
    params.push(...lastStep.wAfter.subarray(0, k), lastStep.bAfter);
  }
  const elapsed = performance.now() - started;
  if (taken > 0 && elapsed > 0) stepsPerMs = taken / elapsed;
  state = trainer.state();
  const h = trainer.history(historyFrom);
  historyFrom = h.step.length ? h.step[h.step.length - 1] : h.from;
  const last = lastStep && taken > 0 ? Object.assign({}, lastStep, { rows: batchRows(lastStep, feature) }) : null;
  const p = { steps: Float64Array.from(paramSteps), values: Float64Array.from(params), k };
  const transfer = [h.step.buffer, h.stepLoss.buffer, p.steps.buffer, p.values.buffer];
  if (last) transfer.push(last.rows.values.buffer);
  postMessage({
    type: 'progress', id, taken, state, history: h, params: p, last,
    epochEnded, canStep: !state.finished && !state.diverged,
  }, transfer);
}

function handle(msg) {
  switch (msg.type) {
    case 'start': {
      const next = api.create(msg.config); // throws the C++ message (the run stays as it was)
      if (trainer) trainer.delete();
      trainer = next;
      data = null;
      const r = readyMessage(msg.id);
      postMessage(r.message, r.transfer);
      break;
    }
    case 'reset': {
      if (msg.seed === undefined) trainer.reset();
      else trainer.reset(msg.seed);
      data = null;
      const r = readyMessage(msg.id);
      postMessage(r.message, r.transfer);
      break;
    }
    case 'set': {
      if (msg.key === 'lr') trainer.setLr(msg.value);
      else if (msg.key === 'gradient_clip_val') trainer.setGradientClipVal(msg.value);
      else if (msg.key === 'max_epochs') trainer.setMaxEpochs(msg.value);
      else throw new Error(`'${msg.key}' cannot change mid-run`);
      postMessage({ type: 'state', id: msg.id, config: trainer.config(), state: trainer.state() });
      break;
    }
    case 'advance':
      advance(msg);
      break;
    case 'memory':
      postMessage({ type: 'memory', id: msg.id, heapSize: api.heapSize(), heapInUse: api.heapInUse() });
      break;
    case 'rows': {
      const rows = lastStep ? batchRows(lastStep, msg.feature) : null;
      postMessage({ type: 'rows', id: msg.id, rows }, rows ? [rows.values.buffer] : []);
      break;
    }
    default:
      throw new Error(`unknown message type '${msg.type}'`);
  }
}

// Requests are handled in order, each once the module is loaded; a failure is sent back as the
// same message the main thread would show.
let queue = Promise.resolve();
self.onmessage = (e) => {
  const msg = e.data;
  queue = queue.then(async () => {
    try {
      if (api === null) api = await loading;
      handle(msg);
    } catch (err) {
      postMessage({ type: 'error', id: msg.id, request: msg.type, message: err && err.message ? err.message : String(err) });
    }
  });
};
