// The session keeps what the page shows of the run, whichever back end trains it (web/backend.js:
// the page's, or the worker's for a large run, see WORKER_MIN_VALUES): the loss history, the
// book's smoothed loss, the parameters along the run, and the training data (in the worker's case
// a random sample of it, with the last minibatch's first rows). Both back ends send the same
// messages (ready, state, progress), recorded here the same way. It never touches the page.
//
// Starting or resetting a run in the worker completes later: `loading` is set meanwhile, and
// onRemote(event, detail) reports 'ready', 'state' (a live setting applied), 'rows' and 'error'
// (with the message the main thread would show; the run shown stays as it was).
import { MAX_DATA_POINTS, MAX_PARAM_TRACES, PageBackend } from './backend.js';
import { format } from './format.js';
import { WorkerRun } from './worker-run.js';

const MAX_TRACE_POINTS = 1 << 16; // per recorded series; older points are thinned beyond this
// Per series for a run in the worker, whose plots must redraw within a frame at any length.
const WORKER_TRACE_POINTS = 1 << 12;
// Runs whose data holds more than this many values, (num_train + num_val) * (d + 1), train in the
// worker: 2^21 values (16 MB) take the main thread well over a frame to generate.
const WORKER_MIN_VALUES = 2 ** 21;
// A ghost run's loss points and the weights of its path kept for the plots (the landscape's
// axes reach w_32).
const MAX_GHOST_POINTS = 4096;
const MAX_GHOST_WEIGHTS = 32;
// Parameter vectors of a run shown whole (showWhole): as many as the landscape's path keeps.
const TRAJECTORY_POINTS = 4096;

// A fingerprint of a data set ({n, d, X, y}): its size, every label's bits and the first rows'
// features. A new run on the same data (a reset, another learning rate) keeps it.
function dataKey({ n, d, X, y }) {
  let h = 0x811c9dc5;
  const mix = (words) => {
    for (let i = 0; i < words.length; ++i) h = Math.imul(h ^ words[i], 0x01000193) >>> 0;
  };
  mix(new Uint32Array(y.buffer, y.byteOffset, y.length * 2));
  const head = Math.min(X.length, 4096);
  mix(new Uint32Array(X.buffer, X.byteOffset, head * 2));
  return `${n}x${d}:${y.length}:${h.toString(16)}`;
}


// A growing record of (x, y_1 .. y_k) that stays within `capacity` points: when full it keeps
// every other point and from then on records every 2nd (4th, ...) offered point, so a long run
// stays evenly sampled. view() adds the latest point when thinning skipped it.
class Trace {
  constructor(columns, capacity = MAX_TRACE_POINTS) {
    this.capacity = capacity;
    // One slot more than it keeps: window() puts the latest point there.
    this.x = new Float64Array(capacity + 1);
    this.ys = Array.from({ length: columns }, () => new Float64Array(capacity + 1));
    this.n = 0; // stored points
    this.offered = 0; // points offered so far
    this.stride = 1;
    // The latest point offered (kept in place: a run in the worker offers thousands a frame).
    this.latestX = null;
    this.latest = new Float64Array(columns);
    this.one = new Float64Array(1);
  }

  // values: the y of each column (an array or a typed array; copied, not kept).
  push(x, values) {
    const i = this.offered++;
    this.latestX = x;
    for (let c = 0; c < this.latest.length; ++c) this.latest[c] = values[c];
    if (i % this.stride !== 0) return;
    if (this.n === this.capacity) this.thin();
    if (i % this.stride !== 0) return;
    this.x[this.n] = x;
    for (let c = 0; c < this.ys.length; ++c) this.ys[c][this.n] = values[c];
    ++this.n;
  }

  // push(x, [y]) for a single column, without the array.
  pushOne(x, y) {
    this.one[0] = y;
    this.push(x, this.one);
  }

  thin() {
    const keep = (this.n + 1) >> 1;
    for (let k = 0; k < keep; ++k) {
      this.x[k] = this.x[2 * k];
      for (const col of this.ys) col[k] = col[2 * k];
    }
    this.n = keep;
    this.stride *= 2;
  }

  // Plain arrays (copies) of the recorded points, the latest included (filled by index: no
  // iterator objects for every value, as Array.from makes).
  view() {
    const extra = this.latestX !== null && (this.n === 0 || this.x[this.n - 1] !== this.latestX) ? 1 : 0;
    const copy = (col, last) => {
      const out = new Array(this.n + extra);
      for (let i = 0; i < this.n; ++i) out[i] = col[i];
      if (extra) out[this.n] = last;
      return out;
    };
    return { x: copy(this.x, this.latestX), ys: this.ys.map((col, c) => copy(col, this.latest[c])) };
  }

  // view() without the copies: views of the trace's own arrays, valid until the next push, for a
  // caller that reads them at once (a plot's frame).
  window() {
    const n = this.n;
    const extra = this.latestX !== null && (n === 0 || this.x[n - 1] !== this.latestX) ? 1 : 0;
    if (extra) {
      this.x[n] = this.latestX;
      for (let c = 0; c < this.ys.length; ++c) this.ys[c][n] = this.latest[c];
    }
    return { x: this.x.subarray(0, n + extra), ys: this.ys.map((col) => col.subarray(0, n + extra)) };
  }
}

// The book's ProgressBoard.draw(x, y, every_n): collect raw points and, every `everyN` of them,
// plot one point at their mean x and mean y. With plot_train_per_epoch = 2 the training loss is
// averaged over int(num_batches / 2) consecutive steps, at x = train_batch_idx / num_batches
// (train_batch_idx counted from 0, before the step). The book would never plot with every_n = 0
// (a single batch per epoch); here that case averages single steps instead, unless the board is
// `faithful` (the "book's points" view): then it plots nothing, as the book's board does.
class ProgressBoard {
  constructor(everyN, { faithful = false } = {}) {
    this.faithful = faithful;
    this.everyN = faithful ? Math.max(0, everyN) : Math.max(1, everyN);
    // The raw points of the group being collected, as their count and running sums (added in
    // their order, as the book's mean adds them: the same bits as summing a list of them).
    this.count = 0;
    this.sx = 0;
    this.sy = 0;
    this.skipped = 0; // points offered to a faithful board of every_n = 0 (never plotted)
  }

  // Raw points waiting for a full group (the book never plots a group that is not full).
  get waiting() {
    return this.everyN === 0 ? this.skipped : this.count;
  }

  draw(x, y) {
    if (this.everyN === 0) {
      ++this.skipped;
      return null;
    }
    if (this.count === 0) {
      this.sx = 0;
      this.sy = 0;
    }
    this.sx += x;
    this.sy += y;
    if (++this.count !== this.everyN) return null;
    const n = this.count;
    this.count = 0;
    return { x: this.sx / n, y: this.sy / n };
  }
}

class Session {
  constructor(api) {
    this.api = api;
    this.page = new PageBackend(api); // the back end on this thread (holds no trainer while the run is in the worker)
    this.backend = null; // the back end of the current run: this.page, or a WorkerRun
    this.dataVersion = 0; // bumps whenever the training data may have changed
    this.userData = null; // {csv, name}: the user's own data (web/userdata.js), kept across starts
    this.observers = []; // {fresh(session), step(minibatch, session)}: e.g. web/analysis.js
    // Where a run trains: 'auto' (in the worker from WORKER_MIN_VALUES on), 'worker' or 'main'
    // (forced, e.g. by index.html?trainer=worker); workerUrl: null where workers cannot start.
    this.placement = 'auto';
    this.workerUrl = null;
    this.loading = null; // the WorkerRun that is starting (or resetting) a run
    this.onRemote = () => {};
    this.ghost = null; // a separate run drawn faintly beside this one (setGhost), or null
    this.dataKey = ''; // a fingerprint of the training data shown (the ghost goes when it changes)
    this.probe = null; // parameters of a line dragged on the data plot ({w, b, loss}), until a new run
  }

  // The WorkerRun of the current run when it trains in the worker, else null.
  get remote() {
    return this.backend && this.backend.remote ? this.backend : null;
  }

  // 'worker' when the current run trains in the background worker, else 'main'.
  get mode() {
    return this.remote ? 'worker' : 'main';
  }

  // Whether a run of `config` (checked) trains in the worker.
  wantsWorker(config) {
    if (this.userData || !this.workerUrl) return false;
    if (this.placement !== 'auto') return this.placement === 'worker';
    return this.dataValues(config) > WORKER_MIN_VALUES;
  }

  // How many values a config's data holds, (num_train + num_val) * (d + 1), as the core counts
  // them against its limits (1 feature for Ohm's law, whatever w is).
  dataValues(config) {
    return this.api.dataSize(config).values;
  }

  // An observer is told about every new run and every completed step.
  observe(observer) {
    this.observers.push(observer);
    if (this.backend && !this.remote) observer.fresh(this);
  }

  // A new run of `config` (on the user's data when there is some). Throws the C++ message (and
  // keeps the current run) when the config is invalid or the run does not fit in memory.
  // A run for the worker is checked here (throws the C++ message) and starts later (onRemote).
  start(config) {
    if (!this.userData && this.workerUrl) {
      const checked = this.api.check(config);
      if (this.wantsWorker(checked)) {
        this.startRemote(checked);
        return;
      }
    }
    const ready = this.page.start(config, this.userData);
    this.dropRemote();
    this.backend = this.page;
    this.fresh(ready);
  }

  // A new worker creates the run; the current run stays until it is ready (or fails).
  startRemote(config) {
    let run;
    try {
      run = new WorkerRun(this.workerUrl);
    } catch (e) {
      this.workerUrl = null; // no workers here (e.g. a file:// page): train on the main thread
      this.start(config);
      return;
    }
    if (this.loading && this.loading !== this.remote) this.loading.terminate();
    this.loading = run;
    this.loadingExamples = config.num_train;
    run.start(config).then((ready) => {
      if (this.loading !== run) return run.terminate(); // superseded by a newer start
      this.loading = null;
      if (this.remote) this.remote.terminate();
      this.page.delete();
      this.backend = run;
      this.fresh(ready);
      this.onRemote('ready');
      return undefined;
    }, (e) => {
      run.terminate();
      if (this.loading !== run) return;
      this.loading = null;
      this.onRemote('error', e.message);
    });
  }

  // Leaves the worker (its memory goes with it).
  dropRemote() {
    if (this.loading && this.loading !== this.remote) this.loading.terminate();
    this.loading = null;
    if (this.remote) this.remote.terminate();
  }

  // Switches to the user's data ({csv, name}) or back to synthetic data (null) with `config`;
  // throws (and keeps everything as it was) when that run cannot start.
  startWithData(userData, config) {
    const kept = this.userData;
    // A start of w (init_w) has one number per feature of the data it was set on: other data
    // starts from its own normal draws.
    if (userData !== kept && config && config.init_w != null) config = Object.assign({}, config, { init_w: null });
    this.userData = userData;
    try {
      this.start(config);
    } catch (e) {
      this.userData = kept;
      throw e;
    }
  }

  // A saved session (its JSON text), replayed by the core; throws the C++ message (the run stays).
  // The plots are rebuilt from its history, with its parameters replayed along the run.
  importSession(text) {
    const ready = this.page.importSession(text);
    this.dropRemote();
    this.backend = this.page;
    this.userData = ready.source.source === 'user' ? { csv: this.page.dataCsv(), name: ready.source.name } : null;
    this.fresh(ready);
    const steps = this.state.globalStep;
    if (steps > 0) {
      this.replayParams(this.page.trajectory(Math.max(1, Math.ceil(steps / MAX_TRACE_POINTS)), this.paramCount));
      this.last = this.page.lastBatch();
    }
  }

  // ---- A whole run at once (the previews of web/scrub.js) ----------------------------------------

  // The same run again from its start with live settings changed (`changes`, e.g. {lr}) and
  // trained to the end at once on this thread: the same data, start and order, nothing made anew.
  // Only for a run on this thread (sameTrainer()). Throws the C++ message.
  rerunWhole(changes) {
    const ready = this.page.rerun(changes);
    ready.data = this.data;
    this.showWhole(ready);
  }

  // A new run of `config` trained to the end at once on this thread, whatever its size (the
  // caller thins a large one); throws the C++ message (the run shown stays).
  startWhole(config) {
    const ready = this.page.startWhole(config, this.userData);
    this.dropRemote();
    this.backend = this.page;
    this.showWhole(ready);
  }

  // Whether the run trains on this thread, ready (a rerunWhole can reuse its trainer).
  sameTrainer() {
    return this.backend === this.page && !this.loading && this.page.holdsRun();
  }

  // A run trained to the end, shown whole: its parameters along the run from the core's replay
  // (every step up to TRAJECTORY_POINTS, evenly thinned beyond), asked once for the plots and the
  // analysis (web/analysis.js reads this.replayed); its loss history comes with the next sync().
  showWhole(ready) {
    const steps = ready.state.globalStep;
    this.replayed = steps > 0 ? this.page.trajectory(Math.max(1, Math.ceil(steps / TRAJECTORY_POINTS))) : null;
    this.wholeSteps = steps;
    try {
      this.fresh(ready);
      if (this.replayed) this.replayParams(this.replayed);
      this.last = this.page.lastStep;
    } finally {
      this.replayed = null;
      this.wholeSteps = 0;
    }
  }

  // The parameter plot's record rebuilt from a replay of the run (a trajectory).
  replayParams(tr) {
    this.paramTrace = new Trace(this.paramCount + 1, this.paramTrace.capacity);
    for (let i = 0; i < tr.steps.length; ++i) {
      this.paramTrace.push(tr.steps[i], [...tr.w.subarray(i * tr.k, i * tr.k + this.paramCount), tr.b[i]]);
    }
  }

  // The run's state as the page shows it: on the user's data (no true parameters) the
  // least-squares solution stands in for them where there is one (reference: 'true',
  // 'least-squares' or 'none'; in the worker, where the data is not here, 'none').
  readState(s) {
    if (s.hasTrueParams || this.remote) {
      s.reference = s.hasTrueParams ? 'true' : 'none';
      return s;
    }
    if (this.leastSquares === undefined) this.leastSquares = this.page.leastSquares();
    const ls = this.leastSquares;
    s.reference = ls ? 'least-squares' : 'none';
    if (ls) {
      s.trueW = Float64Array.from(ls.w);
      s.trueB = ls.b;
      s.errorW = s.trueW.map((v, j) => v - s.w[j]);
      s.errorB = ls.b - s.b;
    }
    return s;
  }

  // The identical run again (no seed) or new data and initialization (a new seed).
  // In the worker: completes later (onRemote 'ready' or 'error').
  reset(seed) {
    if (!this.remote) {
      this.fresh(this.page.reset(seed));
      return;
    }
    const run = this.remote;
    this.loading = run;
    this.loadingExamples = this.config.num_train;
    run.reset(seed).then((ready) => {
      if (this.remote !== run || this.loading !== run) return;
      this.loading = null;
      this.fresh(ready);
      this.onRemote('ready');
    }, (e) => {
      if (this.remote !== run || this.loading !== run) return;
      this.loading = null;
      this.onRemote('error', e.message);
    });
  }

  // A run made ready by its back end (a start, reset or import): its config, state and data.
  // The observers (the analysis of the whole data set) are told when the data is here.
  fresh({ config, source, state, data }) {
    this.runId = (this.runId || 0) + 1;
    this.config = config;
    this.probe = null;
    // Feature names, then the label's, as the page shows them (a CSV's names escaped).
    this.columns = source.columns.map(format.escaped);
    this.leastSquares = undefined;
    this.state = this.readState(state);
    this.begin();
    this.data = data;
    this.dataVersion += 1;
    this.pointCache = null;
    this.dataKey = dataKey(data);
    if (this.ghost && this.ghost.dataKey !== this.dataKey) this.ghost = null;
    if (!this.remote) for (const o of this.observers) o.fresh(this);
  }

  // What every new run starts with: no step, empty plots.
  begin() {
    this.last = null;
    this.numBatches = this.state.numBatches;
    this.board = new ProgressBoard(Math.floor(this.numBatches / 2));
    // A run shown whole (showWhole) needs room for its steps only: a preview a frame allocates less.
    const whole = this.wholeSteps ? 2 ** Math.ceil(Math.log2(this.wholeSteps + 2)) : Infinity;
    const capacity = Math.min(this.remote ? WORKER_TRACE_POINTS : MAX_TRACE_POINTS, Math.max(1024, whole));
    this.lossTrace = new Trace(1, capacity);
    this.smoothTrace = new Trace(1, capacity);
    this.historyFrom = 0;
    this.epochs = { epoch: [], trainLoss: [], valLoss: [] };
    this.paramCount = Math.min(this.state.w.length, MAX_PARAM_TRACES);
    this.paramTrace = new Trace(this.paramCount + 1, capacity);
    this.paramTrace.push(0, [...this.state.w.subarray(0, this.paramCount), this.state.b]);
    this.bookBoard = new ProgressBoard(Math.floor(this.numBatches / 2), { faithful: true });
    this.bookTrace = new Trace(1, capacity);
    this.pending = null; // a step in progress (stepPhase), or null
    this.phaseDone = null; // the phase done last: 'forward' .. 'update', null before any
  }

  canStep() {
    return !this.loading && !this.state.finished && !this.state.diverged;
  }

  // One minibatch on this thread; false when the run is finished or diverged (or trains in the
  // worker, where web/player.js's Player steps it).
  step() {
    if (!this.canStep() || this.remote) return false;
    this.completed(this.page.step()); // the rest of a step in progress, or a whole one
    return true;
  }

  completed(mb) {
    this.last = mb;
    this.pending = null;
    this.phaseDone = 'update';
    this.paramTrace.push(mb.step, [...mb.wAfter.subarray(0, this.paramCount), mb.bAfter]);
    this.state = this.readState(this.page.state());
    this.stepped(mb);
  }

  stepped(mb) {
    for (const o of this.observers) o.step(mb, this);
  }

  // One phase of the current step (forward, loss, gradient, update: web/codepanel.js); false
  // when the run cannot advance. A step completed this way is recorded as step() records it.
  stepPhase() {
    if (!this.canStep() || this.remote) return false;
    const r = this.page.stepPhase();
    if (r.phase === 'update') {
      this.completed(r.minibatch);
    } else {
      this.pending = r.minibatch;
      this.phaseDone = r.phase;
    }
    return true;
  }

  // The phase the next stepPhase() does.
  nextPhase() {
    const order = ['forward', 'loss', 'gradient', 'update'];
    return this.pending ? order[order.indexOf(this.phaseDone) + 1] : 'forward';
  }

  // Changes a live setting (lr, gradient_clip_val, max_epochs) from the next step on; throws the
  // C++ message. In the worker the value is checked here and applied there.
  setLive(key, value) {
    if (!this.remote) {
      this.applyState(this.page.set(key, value));
      return;
    }
    const next = this.api.check(Object.assign({}, this.config, { [key]: value }));
    const run = this.remote;
    run.set(key, next[key]).then((msg) => {
      if (this.remote !== run) return;
      this.applyState(msg);
      this.onRemote('state');
    }, (e) => {
      if (this.remote === run) this.onRemote('error', e.message);
    });
    this.config = next;
  }

  applyState({ config, state }) {
    this.config = config;
    this.state = this.readState(state);
  }

  // Pulls the loss history of the steps taken on this thread since the last sync.
  sync() {
    if (this.remote) return; // the worker sends the history with every chunk (applyProgress)
    this.record(this.page.takeHistory());
    this.state = this.readState(this.page.state());
  }

  // Steps ({steps, untilEpochEnd, budgetMs}) taken by the run's back end, here or in the worker;
  // resolves with its progress message once it is recorded.
  advance(request) {
    const backend = this.backend;
    const feature = this.feature === undefined ? 0 : this.feature;
    if (!this.remote) {
      const msg = this.page.advance(Object.assign({ feature, onStep: (mb) => this.stepped(mb) }, request));
      this.applyProgress(msg);
      return Promise.resolve(msg);
    }
    return backend.advance(Object.assign({ feature }, request)).then((msg) => {
      if (this.backend === backend && !this.loading) this.applyProgress(msg);
      backend.release(msg); // recorded: its buffer goes back to the worker
      return msg;
    });
  }

  // A chunk of steps: the loss history, the parameters along the chunk, the state and the last
  // minibatch (from the worker, with its first rows).
  applyProgress(msg) {
    this.record(msg.history);
    const { steps, values, k } = msg.params;
    for (let i = 0; i < steps.length; ++i) this.paramTrace.push(steps[i], values.subarray(i * (k + 1), (i + 1) * (k + 1)));
    this.state = this.readState(msg.state);
    if (msg.last) {
      this.last = msg.last;
      this.pending = null;
      this.phaseDone = 'update';
      this.batchLookup = null;
    }
  }

  // ---- Questions for the page's back end (the whole data set on this thread) -----------------

  fullBatch(...at) {
    return this.page.fullBatch(...at);
  }

  sweepLr(lrs) {
    return this.page.sweepLr(lrs);
  }

  compareRun(config) {
    return this.page.compareRun(config);
  }

  // The last minibatch's rows with feature j, asked of the worker when they are missing.
  requestRows(j) {
    const run = this.remote;
    if (!run || !this.last || this.rowsAsked === `${this.last.step}:${j}`) return;
    this.rowsAsked = `${this.last.step}:${j}`;
    const step = this.last.step;
    run.rows(j).then((msg) => {
      if (this.remote !== run || !this.last || this.last.step !== step || !msg.rows) return;
      this.last.rows = msg.rows;
      this.batchLookup = null;
      this.onRemote('rows');
    }, () => {});
  }

  // Feature j of the k-th row of the last minibatch, from the rows the worker sent (undefined
  // when not sent).
  batchValue(k, j) {
    const r = this.last.rows;
    const c = r.columns.indexOf(j);
    return c < 0 || k >= r.rows ? undefined : r.values[k * r.columns.length + c];
  }

  // The training data as the inspector reads it ({d, X}, X[i * d + j] for row i): the whole set
  // on the main thread; in the worker, only the last minibatch's rows that were sent.
  inspectorData() {
    if (!this.remote || !this.last || !this.last.rows) return this.data;
    if (!this.batchLookup) {
      const d = this.data.d;
      const X = {};
      const r = this.last.rows;
      for (let k = 0; k < r.rows; ++k) {
        const i = this.last.indices[k];
        for (let c = 0; c < r.columns.length; ++c) X[i * d + r.columns[c]] = r.values[k * r.columns.length + c];
      }
      this.batchLookup = { d, X };
    }
    return this.batchLookup;
  }

  // Steps of a loss history (trainer.history) added to the loss plot's records.
  record(h) {
    const nb = this.numBatches;
    for (let i = 0; i < h.stepLoss.length; ++i) {
      // x: the step's number (h.step: the core thins the record of a run longer than 65,536
      // steps, but always returns every step of the last 16,384). The book's boards average
      // epochs completed before the step, (step - 1) / num_batches: the same points, in steps.
      const x = h.step[i];
      const loss = h.stepLoss[i];
      this.lossTrace.pushOne(x, loss);
      const p = this.board.draw(x, loss);
      if (p) this.smoothTrace.pushOne(p.x, p.y);
      const q = this.bookBoard.draw(x, loss);
      if (q) this.bookTrace.pushOne(q.x, q.y);
    }
    this.historyFrom = h.step.length ? h.step[h.step.length - 1] : h.from;
    this.recordEpochs(h);
  }

  // The epochs' losses: all of them in `h` (the page's back end), or those from h.epochFrom on
  // (the worker's, which sends only the new ones). New arrays only when there is a new epoch.
  recordEpochs(h) {
    const from = h.epochFrom === undefined ? 0 : h.epochFrom;
    const e = this.epochs;
    const n = h.epoch.length;
    const same = (a, b) => Object.is(a[a.length - 1], b[b.length - 1]);
    if (from + n === e.epoch.length && (n === 0 || (same(h.epoch, e.epoch) && same(h.trainLoss, e.trainLoss) && same(h.valLoss, e.valLoss)))) return;
    const join = (kept, added) => kept.slice(0, from).concat(Array.from(added));
    this.epochs = { epoch: join(e.epoch, h.epoch), trainLoss: join(e.trainLoss, h.trainLoss), valLoss: join(e.valLoss, h.valLoss) };
  }

  // ---- The ghost: another run of the same data, drawn faintly beside this one ------------------

  // A separate run of `config` (checked by the core; on the user's data when the run uses it),
  // trained to the end by the page's back end, wherever this run trains; `label` names it in
  // the plots' legends. null removes it; so does any change of the training data. Throws the
  // C++ message (the ghost shown stays as it was).
  setGhost(config, label = '') {
    if (config === null || config === undefined) {
      this.ghost = null;
      return;
    }
    const run = this.page.ghostRun(config, this.userData, MAX_GHOST_WEIGHTS);
    const h = run.history;
    const stride = Math.max(1, Math.ceil(h.step.length / MAX_GHOST_POINTS));
    const keep = (a) => Array.from(a).filter((_, i) => i % stride === 0 || i === a.length - 1);
    const tr = run.trajectory;
    this.ghost = {
      label: String(label),
      config: run.config,
      state: run.state,
      dataKey: this.dataKey,
      numBatches: run.state.numBatches,
      loss: { x: keep(h.step), y: keep(h.stepLoss) },
      epochs: { x: Array.from(h.epoch, (e) => e * run.state.numBatches), train: Array.from(h.trainLoss), val: Array.from(h.valLoss) },
      // Its parameters along the run: steps, then per weight j (of tr.k) and b, one array each.
      path: {
        x: Array.from(tr.steps),
        w: Array.from({ length: tr.k }, (_, j) => Array.from(tr.steps, (_, i) => tr.w[i * tr.k + j])),
        b: Array.from(tr.b),
      },
    };
  }

  // The ghost's line through feature j (the other features at this run's means), as dataView's.
  ghostLine(j) {
    const g = this.ghost;
    if (!g || g.state.w.length !== this.data.d) return null;
    const { w, b } = g.state;
    let intercept = b;
    for (let i = 0; i < w.length; ++i) if (i !== j) intercept += w[i] * this.data.means[i];
    return { slope: w[j], intercept, label: g.label };
  }

  // ---- What the plots show, as plain numbers ----------------------------------------------

  // Training examples for the data plot: feature `j` and the label (at most MAX_DATA_POINTS).
  // In the worker: the random sample it sent (sampled: how many points).
  points(j) {
    if (this.pointCache && this.pointCache.j === j) return this.pointCache;
    const { n, d, X, y, sampled } = this.data;
    if (sampled) {
      const px = new Float64Array(sampled);
      for (let k = 0; k < sampled; ++k) px[k] = X[k * d + j];
      this.pointCache = { j, x: px, y, shown: sampled, total: n, sampled: true };
      return this.pointCache;
    }
    const m = Math.min(n, MAX_DATA_POINTS);
    const px = new Float64Array(m);
    const py = new Float64Array(m);
    for (let i = 0; i < m; ++i) {
      px[i] = X[i * d + j];
      py[i] = y[i];
    }
    this.pointCache = { j, x: px, y: py, shown: m, total: n };
    return this.pointCache;
  }

  // The current minibatch's points (feature j, label), and the fitted and true lines through
  // feature j with every other feature held at its mean over the training set.
  dataView(j) {
    const { d, X, y, means } = this.data;
    this.feature = j;
    const all = this.last ? this.last.indices : new Int32Array(0);
    let batchX;
    let batchY;
    if (this.remote && this.last) {
      // The rows the worker sent (the first 1000 of the minibatch), when they hold feature j.
      const r = this.last.rows;
      const m = r.columns.includes(j) ? Math.min(r.rows, MAX_DATA_POINTS) : 0;
      if (m === 0) this.requestRows(j);
      batchX = new Float64Array(m);
      batchY = this.last.y.slice(0, m);
      for (let k = 0; k < m; ++k) batchX[k] = this.batchValue(k, j);
    } else {
      const idx = all.subarray(0, MAX_DATA_POINTS);
      batchX = new Float64Array(idx.length);
      batchY = new Float64Array(idx.length);
      for (let k = 0; k < idx.length; ++k) {
        batchX[k] = X[idx[k] * d + j];
        batchY[k] = y[idx[k]];
      }
    }
    const line = (w, b) => {
      let intercept = b;
      for (let i = 0; i < d; ++i) if (i !== j) intercept += w[i] * means[i];
      return { slope: w[j], intercept };
    };
    return {
      batchX,
      batchY,
      batchTotal: all.length,
      fit: this.probe ? line(this.probe.w, this.probe.b) : line(this.state.w, this.state.b), // a dragged line wins
      truth: line(this.state.trueW, this.state.trueB),
      reference: this.state.reference, // 'true', 'least-squares' (the user's data) or 'none'
      ghost: this.ghostLine(j), // the ghost run's final line, or null
    };
  }

  // mode: 'both' (every step and the book's points, with single steps for a single batch per
  // epoch), 'raw' (every step) or 'book' (only what the book's board plots, faithfully).
  // copy: false for the traces as views valid until the run moves on (Trace.window), read at once.
  lossView(mode = 'both', { copy = true } = {}) {
    const view = (trace) => (copy ? trace.view() : trace.window());
    const none = { x: [], ys: [[]] };
    const steps = mode === 'book' ? none : view(this.lossTrace);
    const smooth = mode === 'raw' ? none : view(mode === 'book' ? this.bookTrace : this.smoothTrace);
    const hasVal = this.config.num_val > 0;
    const nb = this.numBatches;
    const g = this.ghost;
    return {
      mode,
      stepsTaken: this.historyFrom,
      numBatches: nb,
      book: { everyN: this.bookBoard.everyN, waiting: this.bookBoard.waiting },
      // x in steps; the epochs' losses at the step that ended each epoch (x: the epoch's number).
      steps: { x: steps.x, y: steps.ys[0] },
      smooth: { x: smooth.x, y: smooth.ys[0] },
      epochs: { x: this.epochs.epoch, step: this.epochs.epoch.map((e) => e * nb), train: this.epochs.trainLoss, val: this.epochs.valLoss },
      hasVal,
      floor: (this.config.noise * this.config.noise) / 2,
      ghost: g ? { label: g.label, x: g.loss.x, y: g.loss.y, numBatches: g.numBatches } : null,
    };
  }

  // copy: as lossView's.
  paramView({ copy = true } = {}) {
    const v = copy ? this.paramTrace.view() : this.paramTrace.window();
    const g = this.ghost;
    const k = Math.min(this.paramCount, g ? g.path.w.length : 0);
    return {
      ghost: g && g.state.w.length === this.state.w.length
        ? { label: g.label, x: g.path.x, w: g.path.w.slice(0, k), b: g.path.b } : null,
      x: v.x,
      w: v.ys.slice(0, this.paramCount),
      b: v.ys[this.paramCount],
      trueW: Array.from(this.state.trueW.subarray(0, this.paramCount)),
      trueB: this.state.trueB,
      reference: this.state.reference,
      d: this.state.w.length,
    };
  }
}




export const session = { WORKER_MIN_VALUES, MAX_DATA_POINTS };

export { Trace, ProgressBoard, Session };
