// What the views beyond the book show, as plain numbers: the least-squares reference and the
// distance ||theta - theta_ls|| after every step, the curvature and learning-rate limit, the
// trajectory of the parameters, and the loss landscape around it with the two gradients at the
// current point. The numbers come from the core through the page's back end (web/backend.js:
// leastSquares, curvature, landscape, lossProfile, fullBatch); this file only keeps them per run
// and chooses what to ask for.
// It observes the session (fresh: a new run; step: a completed minibatch) and never touches the page.
import { canvasplot } from './canvasplot.js';
import { format } from './format.js';
import { Trace } from './session.js';

const MAX_AXIS_WEIGHTS = 32;  // weights the landscape can show (w_1 .. w_32, and b)
const TRAJECTORY_POINTS = 4096;
const LS_BUDGET = 2.5e8;  // as kAnalysisBudget in cpp/landscape.hpp

// Parameter k of a point: w_{k+1} for k < d, b for k = d.
function param(w, b, k) {
  return k < w.length ? w[k] : b;
}

function distance(w, b, ls) {
  let s = 0;
  for (let j = 0; j < w.length; ++j) s += (w[j] - ls.w[j]) ** 2;
  return Math.sqrt(s + (b - ls.b) ** 2);
}

class RunAnalysis {
  constructor() {
    this.backend = null; // the page's back end (web/backend.js), where the data is
    this.version = 0;  // bumps with every new run
  }

  // A new run (create or reset): the closed form and the curvature of its data, the traces.
  fresh(session) {
    const t = session.page;
    this.backend = t;
    this.version += 1;
    const s = session.state;
    this.d = s.w.length;
    this.tracked = Math.min(this.d, MAX_AXIS_WEIGHTS);
    // The closed form costs n (d+1)^2 multiply-adds and a copy of the data: skipped for data sets
    // beyond the budget of the curvature (landscape.hpp), where it would freeze the page.
    const cost = session.config.num_train * (this.d + 1) ** 2;
    // The same training data as the last run (another lr, batch size or start): its closed form
    // and curvature are kept, not computed again.
    const sameData = this.dataKey === session.dataKey && Boolean(session.dataKey);
    if (!sameData) {
      this.dataKey = session.dataKey;
      this.lsSkipped = cost > LS_BUDGET;
      this.ls = this.lsSkipped ? null : t.leastSquares();
      this.curvature = t.curvature();
    }
    this.hasTruth = s.hasTrueParams !== false && s.trueW.every(Number.isFinite);
    this.truth = this.hasTruth ? { w: Array.from(s.trueW), b: s.trueB } : null;
    this.trajectory = new Trace(this.tracked + 1, TRAJECTORY_POINTS);
    this.distance = new Trace(1);
    // Per axes: the landscape's box. A run shown whole on the same data (a control dragged,
    // web/scrub.js) keeps it, so that the view holds still under the pointer.
    if (!(sameData && session.replayed && this.ranges)) this.ranges = new Map();
    if (s.globalStep > 0 && t.trajectory) {
      // A run restored mid-way (an imported session): its parameters along the run, replayed.
      const tr = session.replayed || t.trajectory(Math.max(1, Math.ceil(s.globalStep / TRAJECTORY_POINTS)));
      for (let i = 0; i < tr.steps.length; ++i) {
        const w = tr.w.subarray(i * tr.k, (i + 1) * tr.k);
        if (i === 0) {
          this.initial = { w: Array.from(w), b: tr.b[0] };
          this.initialLoss = t.fullBatch(this.initial).loss;
        }
        this.trajectory.push(tr.steps[i], [...w.subarray(0, this.tracked), tr.b[i]]);
        if (this.ls) this.distance.push(tr.steps[i], [distance(w, tr.b[i], this.ls)]);
      }
      return;
    }
    this.initial = { w: Array.from(s.w), b: s.b };
    this.initialLoss = t.fullBatch(this.initial).loss;
    this.trajectory.push(0, [...s.w.subarray(0, this.tracked), s.b]);
    if (this.ls) this.distance.push(0, [distance(s.w, s.b, this.ls)]);
  }

  // A completed step.
  step(mb) {
    this.trajectory.push(mb.step, [...mb.wAfter.subarray(0, this.tracked), mb.bAfter]);
    if (this.ls) this.distance.push(mb.step, [distance(mb.wAfter, mb.bAfter, this.ls)]);
  }

  // The parameters the landscape can use as axes: [{index, name}] (w_1 .. w_32, b).
  axisChoices() {
    const out = [];
    for (let j = 0; j < this.tracked; ++j) out.push({ index: j, name: `w${format.sub(j + 1)}` });
    out.push({ index: this.d, name: 'b' });
    return out;
  }

  defaultAxes() {
    return this.d >= 2 ? [0, 1] : [0, this.d];
  }

  // Column of the trajectory for parameter k.
  column(k) {
    return k === this.d ? this.tracked : k;
  }

  // The square box (in parameter units) the landscape shows for `axes`: it holds the start, the
  // truth, the least-squares point and the trajectory so far; it stays put while they stay in it.
  // `probe`: the parameters of a line dragged on the data plot ({w, b} or null), kept in view too.
  box(axes, current, probe = null) {
    const key = axes.join(',');
    const pts = [];
    const add = (w, b) => pts.push([param(w, b, axes[0]), param(w, b, axes[1])]);
    add(this.initial.w, this.initial.b);
    if (probe) add(probe.w, probe.b);
    if (this.truth) add(this.truth.w, this.truth.b);
    if (this.ls) add(this.ls.w, this.ls.b);
    add(current.w, current.b);
    const fits = (box) => pts.every(([x, y]) => !(Number.isFinite(x) && Number.isFinite(y)) ||
      (x >= box.x[0] && x <= box.x[1] && y >= box.y[0] && y <= box.y[1]));
    const old = this.ranges.get(key);
    if (old && (fits(old) || old.frozen)) return old;
    // Include the whole trajectory when recomputing.
    const v = this.trajectory.view();
    const cx = v.ys[this.column(axes[0])];
    const cy = v.ys[this.column(axes[1])];
    for (let i = 0; i < v.x.length; ++i) pts.push([cx[i], cy[i]]);
    const finite = pts.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    const xs = finite.map((p) => p[0]);
    const ys = finite.map((p) => p[1]);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
    const scale = Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1), 1e-6);
    let half = Math.max(x1 - x0, y1 - y0) * 0.62;
    half = Math.max(half, 0.15 * scale, 1e-3);
    const box = { x: [(x0 + x1) / 2 - half, (x0 + x1) / 2 + half], y: [(y0 + y1) / 2 - half, (y0 + y1) / 2 + half] };
    // A run that runs away (divergence) would grow the box without end: stop following it.
    box.frozen = Boolean(old) && half > 1e4 * (old.x[1] - old.x[0]);
    if (box.frozen) return Object.assign(old, { frozen: true });
    this.ranges.set(key, box);
    return box;
  }

  // Everything the landscape view draws, for `axes` ([a, b], parameter indices) and a grid of
  // `size` points per axis. `last`: the last complete step; `pending`: a step in progress.
  // `probe`: the parameters of the line dragged on the data plot ({w, b}), or null.
  landscapeView(axes, size, { state, last, pending, config, ghost = null, probe = null }) {
    const t = this.backend;
    const current = { w: state.w, b: state.b };
    const box = this.box(axes, current, probe);
    const finite = state.w.every(Number.isFinite) && Number.isFinite(state.b);
    const at = finite ? current : this.initial;
    const grid = t.landscape({ axes, x: box.x, y: box.y, size, at });
    // The loss along b, over the b range of interest, the weights at the current point.
    const bs = [this.initial.b, at.b];
    if (this.truth) bs.push(this.truth.b);
    if (this.ls) bs.push(this.ls.b);
    const [blo, bhi] = canvasplot.padRange(Math.min(...bs.filter(Number.isFinite)), Math.max(...bs.filter(Number.isFinite)), 0.35);
    const profile = t.lossProfile({ axis: this.d, range: [blo, bhi], size: 121, at });
    // The two gradients at the point where the shown minibatch gradient was taken.
    let arrows = null;
    const mb = pending && pending.gradW.length ? pending : last;
    if (mb && mb.gradW.length && mb.wBefore.every(Number.isFinite) && Number.isFinite(mb.bBefore)) {
      const full = t.fullBatch({ w: mb.wBefore, b: mb.bBefore });
      arrows = {
        from: [param(mb.wBefore, mb.bBefore, axes[0]), param(mb.wBefore, mb.bBefore, axes[1])],
        minibatch: [param(mb.gradW, mb.gradB, axes[0]), param(mb.gradW, mb.gradB, axes[1])],
        full: [param(full.gradW, full.gradB, axes[0]), param(full.gradW, full.gradB, axes[1])],
        lr: config.lr,
        step: mb.step,
        pending: mb === pending,
      };
    }
    const v = this.trajectory.view();
    const pick = (k) => v.ys[this.column(k)];
    const point = (p) => (p ? [param(p.w, p.b, axes[0]), param(p.w, p.b, axes[1])] : null);
    return {
      axes,
      names: axes.map((k) => (k === this.d ? 'b' : `w${format.sub(k + 1)}`)),
      holdsB: !axes.includes(this.d),
      box,
      grid,
      trajectory: { x: pick(axes[0]), y: pick(axes[1]), steps: v.x },
      start: point(this.initial),
      current: point(current),
      truth: point(this.truth),
      ls: point(this.ls),
      probe: point(probe),
      arrows,
      profile: {
        x: profile.x,
        values: profile.values,
        current: at.b,
        truth: this.truth ? this.truth.b : null,
        ls: this.ls ? this.ls.b : null,
      },
      loss: config.loss,
      ghost: this.ghostPath(ghost, axes),
    };
  }

  // A ghost run's path (web/session.js's ghost) on `axes`, or null when it has other parameters
  // or lacks an axis' weight.
  ghostPath(ghost, axes) {
    if (!ghost || ghost.state.w.length !== this.d) return null;
    const column = (k) => (k === this.d ? ghost.path.b : ghost.path.w[k]);
    const [x, y] = axes.map(column);
    return x && y ? { label: ghost.label, x, y, steps: ghost.path.x } : null;
  }

  // The closed form beside SGD's parameters, and the distance against steps.
  closedFormView(state) {
    const v = this.distance.view();
    return {
      ls: this.ls,
      lsSkipped: this.lsSkipped,
      w: state.w,
      b: state.b,
      truth: this.truth,
      distance: { x: v.x, y: v.ys[0] },
      current: this.ls && state.w.every(Number.isFinite) ? distance(state.w, state.b, this.ls) : NaN,
    };
  }

  // The learning-rate limit for the lr control.
  // currentLoss: the training loss now (for "it grew from .. to ..").
  limitView(config) {
    return { curvature: this.curvature, lr: config.lr, loss: config.loss };
  }
}


export const analysis = { param, distance, MAX_AXIS_WEIGHTS };

export { RunAnalysis };
