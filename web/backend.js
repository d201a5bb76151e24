// The run's back end: the one place (with the worker, which runs the same code) that holds a
// Trainer. One interface, two places to train:
//
//   PageBackend (below)       trains on the page's main thread, in the page's module
//   WorkerRun (worker-run.js) sends the same requests to a Web Worker (web/worker.js), which
//                             answers them with a TrainerRun of its own
//
// Both answer with the same messages: `ready` after a start or reset ({config, source, state,
// data}), `state` after a live change ({config, state}) and `progress` after a chunk of steps
// ({taken, state, history, params, last, epochEnded, canStep}); web/session.js records them the
// same way whichever back end sent them, and web/player.js drives both. The page's back end
// answers at once (a start that breaks a rule throws the C++ message there and then); the
// worker's answers are promises.

// Examples drawn in the data plot (the worker sends a random sample of this many).
export const MAX_DATA_POINTS = 2000;
// Weights drawn in the parameter plot (w_1 .. w_8, plus b).
export const MAX_PARAM_TRACES = 8;
// Parameter vectors a progress message carries from the worker (evenly spaced over the chunk);
// the page's back end sends every step's.
const WORKER_PARAM_POINTS = 256;
// Rows of the last minibatch the worker sends (the inspector's table shows at most 1000), and of
// their features (the inspector shows 8), plus the plotted one.
const BATCH_ROWS = 1000;
const BATCH_COLUMNS = 8;
// At most this many feature values in the worker's sample (fewer points for a large d).
const SAMPLE_VALUES = 1 << 20;
// Parameter vectors of a ghost run (web/session.js's setGhost) kept along its path.
const GHOST_POINTS = 4096;

// The mean of each feature over the n rows of X (row-major, d columns).
export function featureMeans(X, n, d) {
  const means = new Float64Array(d);
  for (let i = 0; i < n; ++i) {
    const row = i * d;
    for (let j = 0; j < d; ++j) means[j] += X[row + j];
  }
  for (let j = 0; j < d; ++j) means[j] /= n;
  return means;
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

const finite = (v) => Number.isFinite(v);

// One run's trainer, and the messages a view of the run is made from. `where` is 'page' (the
// whole training data is sent with `ready`, every step's parameters with `progress`) or
// 'worker' (a sample of the data, parameters evenly spaced, the last minibatch's rows).
export class TrainerRun {
  constructor(api, where) {
    this.api = api;
    this.where = where;
    this.trainer = null;
    this.data = null; // {X, y, n, d}: views of the training data in the module's memory
    this.historyFrom = 0; // the loss history already sent
    this.lastStep = null; // the last Minibatch
    this.stepsPerMs = 0; // how fast the last chunk went
  }

  // A new trainer for `config` (on `userData`, {csv, name}, when given); throws the C++ message
  // and keeps the current run.
  start(config, userData = null) {
    const next = userData ? this.api.create(config, { csv: userData.csv, name: userData.name }) : this.api.create(config);
    this.replace(next);
    return this.ready();
  }

  // A saved session (its JSON text), replayed and checked by the core; throws the C++ message
  // and keeps the current run.
  importSession(text) {
    this.replace(this.api.importSession(text));
    return this.ready();
  }

  replace(trainer) {
    if (this.trainer) this.trainer.delete();
    this.trainer = trainer;
    this.data = null;
  }

  // The identical run again (no seed) or new data and initialization (a new seed).
  reset(seed) {
    if (seed === undefined) this.trainer.reset();
    else this.trainer.reset(seed);
    this.data = null;
    return this.ready();
  }

  // A setting that applies from the next step (the schema's live fields); throws the C++ message
  // ("'seed' cannot change mid-run" for any other).
  set(key, value) {
    this.trainer.setLive(key, value);
    return { type: 'state', config: this.trainer.config(), state: this.trainer.state() };
  }

  delete() {
    this.replace(null);
  }

  // The training data without a copy: views of the module's memory. A view dies when the memory
  // grows (its length becomes 0): then it is taken again; a new data set clears `data`.
  liveData() {
    if (this.data === null || (this.data.n > 0 && this.data.y.length === 0)) this.data = this.trainer.trainDataView();
    return this.data;
  }

  // A run ready to train: its config, data source and state, and the data the page draws (the
  // whole training set from the page's back end, a sample from the worker's) with the means of
  // the features.
  ready() {
    this.historyFrom = 0;
    this.lastStep = null;
    const t = this.trainer;
    const message = { type: 'ready', config: t.config(), source: t.dataSource(), state: t.state(), data: null };
    if (this.where === 'page') {
      const { n, d, X, y } = t.trainData();
      message.data = { n, d, X, y, means: featureMeans(X, n, d) };
      return message;
    }
    const { X, y, n, d } = this.liveData();
    const m = Math.min(n, MAX_DATA_POINTS, Math.max(1, Math.floor(SAMPLE_VALUES / d)));
    const rows = sampleRows(n, m, Number(message.config.seed) % 4294967296);
    const sx = new Float64Array(m * d);
    const sy = new Float64Array(m);
    for (let k = 0; k < m; ++k) {
      sx.set(X.subarray(rows[k] * d, rows[k] * d + d), k * d);
      sy[k] = y[rows[k]];
    }
    message.data = { n, d, X: sx, y: sy, means: featureMeans(X, n, d), sampled: m, rows };
    return message;
  }

  // The loss history since the last call.
  takeHistory() {
    const h = this.trainer.history(this.historyFrom);
    this.historyFrom = h.step.length ? h.step[h.step.length - 1] : h.from;
    return h;
  }

  // The first rows of the last minibatch: features 0..7 and `feature`, as {rows, columns, values}.
  batchRows(feature) {
    const mb = this.lastStep;
    if (!mb) return null;
    const { X, d } = this.liveData();
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

  // Steps until `steps` are taken, the epoch ends (untilEpochEnd), done() says so, the run cannot
  // go on, or the time budget is spent; onStep(minibatch) after each. The message holds the new
  // part of the loss history, the parameters along the chunk (every step's from the page's back
  // end; vectors spaced evenly from the worker's), the state and the last minibatch.
  advance({ steps, untilEpochEnd = false, budgetMs = Infinity, feature = 0, done = null, onStep = null }) {
    const t = this.trainer;
    let state = t.state();
    const total = state.numBatches * t.config().max_epochs;
    const k = Math.min(state.w.length, MAX_PARAM_TRACES);
    const started = performance.now();
    const deadline = started + budgetMs;
    const every = this.paramSpacing(steps, budgetMs);
    // The worker reads each step's summary only, and the whole minibatch where it is recorded.
    const light = this.where === 'worker' && !onStep;
    const paramSteps = [];
    const params = [];
    let taken = 0;
    let epochEnded = false;
    let stopped = state.finished || state.diverged || Boolean(done && done());
    while (!stopped && taken < steps) {
      const mb = light ? t.stepSummary() : t.step();
      if (!light) this.lastStep = mb;
      ++taken;
      if (onStep) onStep(mb);
      epochEnded = mb.batch + 1 === state.numBatches;
      const allFinite = light ? mb.finite
        : finite(mb.loss) && finite(mb.gradB) && finite(mb.bAfter) && mb.wAfter.every(finite) && mb.gradW.every(finite);
      if (!allFinite) {
        state = t.state(); // the core decides whether this is divergence
        if (state.diverged) stopped = true;
      }
      if (mb.step >= total) stopped = true;
      if (taken % every === 0 || stopped || taken === steps || epochEnded) {
        const full = light ? t.lastBatch() : mb;
        paramSteps.push(full.step);
        params.push(...full.wAfter.subarray(0, k), full.bAfter);
      }
      if ((untilEpochEnd && epochEnded) || (done && done(mb)) || performance.now() > deadline) break;
    }
    if (light && taken > 0) this.lastStep = t.lastBatch();
    const last = this.lastStep;
    if (last && taken > 0 && paramSteps[paramSteps.length - 1] !== last.step) {
      paramSteps.push(last.step);
      params.push(...last.wAfter.subarray(0, k), last.bAfter);
    }
    const elapsed = performance.now() - started;
    if (taken > 0 && elapsed > 0) this.stepsPerMs = taken / elapsed;
    state = t.state();
    return {
      type: 'progress', taken, state, history: this.takeHistory(),
      params: { steps: Float64Array.from(paramSteps), values: Float64Array.from(params), k },
      last: last && taken > 0 ? this.lastMessage(last, feature) : null,
      epochEnded, canStep: !state.finished && !state.diverged,
    };
  }

  // Every how many steps a progress message records the parameters.
  paramSpacing(steps, budgetMs) {
    if (this.where === 'page') return 1;
    const expected = this.stepsPerMs > 0 ? Math.min(steps, this.stepsPerMs * budgetMs) : Math.min(steps, 1e9);
    return Math.max(1, Math.ceil(expected / WORKER_PARAM_POINTS));
  }

  // The last minibatch as a message: from the worker with its first rows (the page has no data).
  lastMessage(mb, feature) {
    return this.where === 'page' ? mb : Object.assign({}, mb, { rows: this.batchRows(feature) });
  }
}

// The page's back end: a TrainerRun on the main thread, which also answers the questions that need
// the whole data set here (the landscape, the closed form, the sweep, the code in step, saving).
export class PageBackend extends TrainerRun {
  constructor(api) {
    super(api, 'page');
    this.remote = false;
  }

  // One minibatch (the rest of a step in progress, or a whole one), or one phase of it.
  step() {
    const mb = this.trainer.step();
    this.lastStep = mb;
    return mb;
  }

  stepPhase() {
    const r = this.trainer.stepPhase();
    if (r.phase === 'update') this.lastStep = r.minibatch;
    return r;
  }

  holdsRun() { return Boolean(this.trainer); }
  state() { return this.trainer.state(); }
  config() { return this.trainer.config(); }
  dataSource() { return this.trainer.dataSource(); }
  lastBatch() { return this.trainer.lastBatch(); }
  trajectory(...args) { return this.trainer.trajectory(...args); }
  leastSquares() { return this.trainer.leastSquares(); }
  curvature() { return this.trainer.curvature(); }
  fullBatch(...at) { return this.trainer.fullBatch(...at); }
  landscape(request) { return this.trainer.landscape(request); }
  lossProfile(request) { return this.trainer.lossProfile(request); }
  sweepLr(lrs) { return this.trainer.sweepLr(lrs); }
  history(...from) { return this.trainer.history(...from); }
  exportSession() { return this.trainer.exportSession(); }
  exportRun() { return this.trainer.exportRun(); }
  dataCsv() { return this.trainer.dataCsv(); }

  // A separate run of `config` to the end, beside the run shown (which stays as it is), on the
  // user's data ({csv, name}) when given: its config, final state, loss history and parameters
  // along the run (every `every`-th step so that at most GHOST_POINTS rows come back, of at most
  // `maxWeights` weights). The page draws it as a ghost; throws the C++ message.
  ghostRun(config, userData, maxWeights) {
    const other = userData ? this.api.create(config, { csv: userData.csv, name: userData.name }) : this.api.create(config);
    try {
      other.fit();
      const state = other.state();
      const every = Math.max(1, Math.ceil(state.globalStep / GHOST_POINTS));
      return { config: other.config(), state, history: other.history(0), trajectory: other.trajectory(every, maxWeights) };
    } finally {
      other.delete();
    }
  }

  // The same run again from its start with some live settings changed (`changes`, e.g. {lr}),
  // trained to the end at once: the same data, start and order (a reset keeps the data), no copy
  // of the data. Returns the ready message without data (the caller keeps the data it has).
  rerun(changes) {
    const t = this.trainer;
    t.reset();
    for (const [key, value] of Object.entries(changes)) t.setLive(key, value);
    t.fit();
    this.historyFrom = 0;
    this.lastStep = t.lastBatch();
    return { type: 'ready', config: t.config(), source: t.dataSource(), state: t.state(), data: null };
  }

  // A new run of `config` (on `userData` when given) trained to the end at once; the ready message
  // with the data, as start() returns it. Throws the C++ message and keeps the current run.
  startWhole(config, userData = null) {
    const next = userData ? this.api.create(config, { csv: userData.csv, name: userData.name }) : this.api.create(config);
    try {
      next.fit();
    } catch (e) {
      next.delete();
      throw e;
    }
    this.replace(next);
    const ready = this.ready();
    this.lastStep = next.lastBatch();
    return ready;
  }

  // The final errors of a separate run of `config` to the end (the run shown stays as it is).
  compareRun(config) {
    const other = this.api.create(config);
    try {
      other.fit();
      const s = other.state();
      return { errorW: s.errorW, errorB: s.errorB };
    } finally {
      other.delete();
    }
  }

  // The export (--export-run text) of a separate run of `config` to the end, on `userData`
  // ({csv, name}) when given: a reference to compare with (the bug lab, Check my run).
  exportRunOf(config, userData = null) {
    const other = userData ? this.api.create(config, { csv: userData.csv, name: userData.name }) : this.api.create(config);
    try {
      other.fit();
      return other.exportRun();
    } finally {
      other.delete();
    }
  }
}
