// The session owns the trainer (web/linreg-api.js owns the wasm memory behind it) and keeps what
// the page shows of the run: the loss history (fetched incrementally with trainer.history(from)),
// the book's smoothed loss, the parameters after every step, and the training data.
// It never touches the page.
(function (page) {
  'use strict';

  const MAX_TRACE_POINTS = 1 << 16; // per recorded series; older points are thinned beyond this
  const MAX_DATA_POINTS = 2000; // training examples drawn in the data plot
  const MAX_PARAM_TRACES = 8; // w_j drawn in the parameter plot (plus b)

  // A growing record of (x, y_1 .. y_k) that stays within `capacity` points: when full it keeps
  // every other point and from then on records every 2nd (4th, ...) offered point, so a long run
  // stays evenly sampled. view() adds the latest point when thinning skipped it.
  class Trace {
    constructor(columns, capacity = MAX_TRACE_POINTS) {
      this.capacity = capacity;
      this.x = new Float64Array(capacity);
      this.ys = Array.from({ length: columns }, () => new Float64Array(capacity));
      this.n = 0; // stored points
      this.offered = 0; // points offered so far
      this.stride = 1;
      this.latest = null;
    }

    push(x, values) {
      const i = this.offered++;
      this.latest = { x, values: Array.from(values) };
      if (i % this.stride !== 0) return;
      if (this.n === this.capacity) this.thin();
      if (i % this.stride !== 0) return;
      this.x[this.n] = x;
      for (let c = 0; c < this.ys.length; ++c) this.ys[c][this.n] = values[c];
      ++this.n;
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

    // Plain arrays (copies) of the recorded points, the latest included.
    view() {
      const x = Array.from(this.x.subarray(0, this.n));
      const ys = this.ys.map((col) => Array.from(col.subarray(0, this.n)));
      if (this.latest && (this.n === 0 || x[x.length - 1] !== this.latest.x)) {
        x.push(this.latest.x);
        ys.forEach((col, c) => col.push(this.latest.values[c]));
      }
      return { x, ys };
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
      this.raw = [];
      this.skipped = 0; // points offered to a faithful board of every_n = 0 (never plotted)
    }

    // Raw points waiting for a full group (the book never plots a group that is not full).
    get waiting() {
      return this.everyN === 0 ? this.skipped : this.raw.length;
    }

    draw(x, y) {
      if (this.everyN === 0) {
        ++this.skipped;
        return null;
      }
      this.raw.push([x, y]);
      if (this.raw.length !== this.everyN) return null;
      let sx = 0;
      let sy = 0;
      for (const [px, py] of this.raw) {
        sx += px;
        sy += py;
      }
      const n = this.raw.length;
      this.raw = [];
      return { x: sx / n, y: sy / n };
    }
  }

  class Session {
    constructor(api) {
      this.api = api;
      this.trainer = null;
      this.dataVersion = 0; // bumps whenever the training data may have changed
      this.userData = null; // {csv, name}: the user's own data (web/userdata.js), kept across starts
      this.observers = []; // {fresh(session), step(minibatch, session)}: e.g. web/analysis.js
    }

    // An observer is told about every new run and every completed step.
    observe(observer) {
      this.observers.push(observer);
      if (this.trainer) observer.fresh(this);
    }

    // A new trainer for `config` (on the user's data when there is some). Throws the C++ message
    // (and keeps the current run) when the config is invalid or the run does not fit in memory.
    start(config) {
      const trainer = this.userData
        ? this.api.create(config, { csv: this.userData.csv, name: this.userData.name })
        : this.api.create(config);
      if (this.trainer) this.trainer.delete();
      this.trainer = trainer;
      this.fresh();
    }

    // Switches to the user's data ({csv, name}) or back to synthetic data (null) with `config`;
    // throws (and keeps everything as it was) when that run cannot start.
    startWithData(userData, config) {
      const kept = this.userData;
      this.userData = userData;
      try {
        this.start(config);
      } catch (e) {
        this.userData = kept;
        throw e;
      }
    }

    // A trainer made elsewhere (an imported session, web/exporter.js): the plots are rebuilt from
    // its history, with its parameters replayed along the run.
    adopt(trainer) {
      const source = trainer.dataSource();
      if (this.trainer) this.trainer.delete();
      this.trainer = trainer;
      this.userData = source.source === 'user' ? { csv: trainer.dataCsv(), name: source.name } : null;
      this.fresh();
      const steps = this.state.globalStep;
      if (steps > 0) {
        const tr = trainer.trajectory(Math.max(1, Math.ceil(steps / MAX_TRACE_POINTS)), this.paramCount);
        this.paramTrace = new Trace(this.paramCount + 1);
        for (let i = 0; i < tr.steps.length; ++i) {
          this.paramTrace.push(tr.steps[i], [...tr.w.subarray(i * tr.k, (i + 1) * tr.k), tr.b[i]]);
        }
        this.last = trainer.lastBatch();
      }
    }

    // The trainer's state; on the user's data (no true parameters) the least-squares solution
    // stands in for them where there is one (reference: 'true', 'least-squares' or 'none').
    readState() {
      const s = this.trainer.state();
      if (s.hasTrueParams) {
        s.reference = 'true';
        return s;
      }
      if (this.leastSquares === undefined) this.leastSquares = this.trainer.leastSquares();
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
    reset(seed) {
      if (seed === undefined) this.trainer.reset();
      else this.trainer.reset(seed);
      this.fresh();
    }

    fresh() {
      const t = this.trainer;
      this.runId = (this.runId || 0) + 1; // a new run (start, reset, import)
      this.config = t.config();
      this.columns = t.dataSource().columns; // feature names, then the label's
      this.leastSquares = undefined;
      this.state = this.readState();
      this.last = null;
      this.numBatches = this.state.numBatches;
      this.board = new ProgressBoard(Math.floor(this.numBatches / 2));
      this.lossTrace = new Trace(1);
      this.smoothTrace = new Trace(1);
      this.historyFrom = 0;
      this.epochs = { epoch: [], trainLoss: [], valLoss: [] };
      this.paramCount = Math.min(this.state.w.length, MAX_PARAM_TRACES);
      this.paramTrace = new Trace(this.paramCount + 1);
      this.paramTrace.push(0, [...this.state.w.subarray(0, this.paramCount), this.state.b]);
      this.bookBoard = new ProgressBoard(Math.floor(this.numBatches / 2), { faithful: true });
      this.bookTrace = new Trace(1);
      this.pending = null; // a step in progress (stepPhase), or null
      this.phaseDone = null; // the phase done last: 'forward' .. 'update', null before any
      this.loadData();
      for (const o of this.observers) o.fresh(this);
    }

    loadData() {
      const data = this.trainer.trainData();
      const means = new Float64Array(data.d);
      for (let i = 0; i < data.n; ++i) for (let j = 0; j < data.d; ++j) means[j] += data.X[i * data.d + j];
      for (let j = 0; j < data.d; ++j) means[j] /= data.n;
      this.data = { n: data.n, d: data.d, X: data.X, y: data.y, means };
      this.dataVersion += 1;
      this.pointCache = null;
    }

    canStep() {
      return !this.state.finished && !this.state.diverged;
    }

    // One minibatch; false when the run is finished or diverged.
    step() {
      if (!this.canStep()) return false;
      this.completed(this.trainer.step()); // the rest of a step in progress, or a whole one
      return true;
    }

    completed(mb) {
      this.last = mb;
      this.pending = null;
      this.phaseDone = 'update';
      this.paramTrace.push(mb.step, [...mb.wAfter.subarray(0, this.paramCount), mb.bAfter]);
      this.state = this.readState();
      for (const o of this.observers) o.step(mb, this);
    }

    // One phase of the current step (forward, loss, gradient, update: web/codepanel.js); false
    // when the run cannot advance. A step completed this way is recorded as step() records it.
    stepPhase() {
      if (!this.canStep()) return false;
      const r = this.trainer.stepPhase();
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

    // Changes lr, gradient_clip_val or max_epochs from the next step on; throws the C++ message.
    setLive(key, value) {
      if (key === 'lr') this.trainer.setLr(value);
      else if (key === 'gradient_clip_val') this.trainer.setGradientClipVal(value);
      else if (key === 'max_epochs') this.trainer.setMaxEpochs(value);
      else throw new Error(`'${key}' cannot change mid-run`);
      this.config = this.trainer.config();
      this.state = this.readState();
    }

    // Pulls the loss history of the steps taken since the last sync.
    sync() {
      const h = this.trainer.history(this.historyFrom);
      const nb = this.numBatches;
      for (let i = 0; i < h.stepLoss.length; ++i) {
        // The book's x: epochs completed before this step (h.step: the core thins the record of
        // a run longer than 65,536 steps, but always returns every step of the last 16,384).
        const x = (h.step[i] - 1) / nb;
        const loss = h.stepLoss[i];
        this.lossTrace.push(x, [loss]);
        const p = this.board.draw(x, loss);
        if (p) this.smoothTrace.push(p.x, [p.y]);
        const q = this.bookBoard.draw(x, loss);
        if (q) this.bookTrace.push(q.x, [q.y]);
      }
      this.historyFrom = h.step.length ? h.step[h.step.length - 1] : h.from;
      this.epochs = { epoch: Array.from(h.epoch), trainLoss: Array.from(h.trainLoss), valLoss: Array.from(h.valLoss) };
      this.state = this.readState();
    }

    // ---- What the plots show, as plain numbers ----------------------------------------------

    // Training examples for the data plot: feature `j` and the label (at most MAX_DATA_POINTS).
    points(j) {
      if (this.pointCache && this.pointCache.j === j) return this.pointCache;
      const { n, d, X, y } = this.data;
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
      const all = this.last ? this.last.indices : new Int32Array(0);
      const idx = all.subarray(0, MAX_DATA_POINTS);
      const batchX = new Float64Array(idx.length);
      const batchY = new Float64Array(idx.length);
      for (let k = 0; k < idx.length; ++k) {
        batchX[k] = X[idx[k] * d + j];
        batchY[k] = y[idx[k]];
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
        fit: line(this.state.w, this.state.b),
        truth: line(this.state.trueW, this.state.trueB),
        reference: this.state.reference, // 'true', 'least-squares' (the user's data) or 'none'
      };
    }

    // mode: 'both' (every step and the book's points, with single steps for a single batch per
    // epoch), 'raw' (every step) or 'book' (only what the book's board plots, faithfully).
    lossView(mode = 'both') {
      const all = this.lossTrace.view();
      const none = { x: [], ys: [[]] };
      const steps = mode === 'book' ? none : all;
      const smooth = mode === 'raw' ? none : mode === 'book' ? this.bookTrace.view() : this.smoothTrace.view();
      const hasVal = this.config.num_val > 0;
      const lastX = all.x.length ? all.x[all.x.length - 1] : 0;
      const maxEpochs = this.config.max_epochs;
      return {
        mode,
        stepsTaken: this.historyFrom,
        book: { everyN: this.bookBoard.everyN, waiting: this.bookBoard.waiting },
        steps: { x: steps.x, y: steps.ys[0] },
        smooth: { x: smooth.x, y: smooth.ys[0] },
        epochs: { x: this.epochs.epoch, train: this.epochs.trainLoss, val: this.epochs.valLoss },
        hasVal,
        floor: (this.config.noise * this.config.noise) / 2,
        xMax: maxEpochs <= 20 ? maxEpochs : Math.max(1, lastX + 1 / this.numBatches, this.epochs.epoch.length),
      };
    }

    paramView() {
      const v = this.paramTrace.view();
      const total = this.config.max_epochs * this.numBatches;
      const lastX = v.x[v.x.length - 1];
      return {
        x: v.x,
        w: v.ys.slice(0, this.paramCount),
        b: v.ys[this.paramCount],
        trueW: Array.from(this.state.trueW.subarray(0, this.paramCount)),
        trueB: this.state.trueB,
        reference: this.state.reference,
        d: this.state.w.length,
        xMax: total <= 2000 ? total : Math.max(1, lastX),
      };
    }
  }

  page.Trace = Trace;
  page.ProgressBoard = ProgressBoard;
  page.Session = Session;
})((window.LinRegPage = window.LinRegPage || {}));
