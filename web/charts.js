// The three plots, drawn with uPlot (web/vendor/uPlot.iife.min.js). Each chart only draws the
// numbers it is given: it never sees the trainer. Each sets data-* attributes on its element
// with the number of points it drew, which the browser tests read.
import uPlot from 'uplot';
import { colours } from './colours.js';
import { format } from './format.js';
import { t } from './strings.js';

const C = colours.OKABE_ITO;
const { halo, truthInk, paramColour, B_COLOUR } = colours;

// A text of web/strings.js (the key itself when the table is not loaded).
const tr = (key, vars) => (t ? t(key, vars) : key);

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function axis(label, extra) {
  return Object.assign(
    {
      label,
      font: FONT,
      labelFont: LABEL_FONT,
      labelSize: 20,
      stroke: colours.ink(),
      grid: { stroke: colours.gridInk(), width: 1 },
      ticks: { stroke: colours.tickInk(), width: 1 },
    },
    extra || {},
  );
}

function pad([lo, hi], frac = 0.06) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const p = (hi - lo) * frac;
  return [lo - p, hi + p];
}

function extent(...arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; ++i) {
      const v = a[i];
      if (v == null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

// Tick labels of a log axis: 100, 1, 0.01, 1e-4 (uPlot passes null for ticks it leaves unlabelled).
function logTicks(u, splits) {
  return splits.map((v) => (v == null ? '' : format.tick(v, true)));
}

// Finite numbers as they are; anything else as null (a gap), e.g. after divergence.
function finite(values) {
  return Array.from(values, (v) => (Number.isFinite(v) ? v : null));
}

// Merges series with their own ascending x into uPlot's aligned table [X, Y1, .., Yk], with
// null where a series has no point at an x (equal x values share a row).
function align(series) {
  const X = [];
  const Ys = series.map(() => []);
  const pos = series.map(() => 0);
  for (;;) {
    let next = Infinity;
    series.forEach((s, k) => {
      if (pos[k] < s.x.length && s.x[pos[k]] < next) next = s.x[pos[k]];
    });
    if (next === Infinity) break;
    X.push(next);
    series.forEach((s, k) => {
      if (pos[k] < s.x.length && s.x[pos[k]] === next) Ys[k].push(s.y[pos[k]++]);
      else Ys[k].push(null);
    });
  }
  return [X, ...Ys];
}

// A horizontal dashed line at value v on scale 'y', drawn over the plot area.
function hline(u, v, colour, dash, label, right = false) {
  if (v == null || !Number.isFinite(v)) return;
  const y = u.valToPos(v, 'y', true);
  const { left, top, width, height } = u.bbox;
  if (!(y >= top - 1 && y <= top + height + 1)) return;
  const ctx = u.ctx;
  const dpr = window.devicePixelRatio || 1;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5 * dpr;
  ctx.setLineDash(dash.map((d) => d * dpr));
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(left + width, y);
  ctx.stroke();
  if (label) {
    ctx.setLineDash([]);
    ctx.fillStyle = colour;
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    ctx.textAlign = right ? 'right' : 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(label, right ? left + width - 6 * dpr : left + 6 * dpr, y - 3 * dpr);
  }
  ctx.restore();
}

// A ghost run's series (controller.setGhost): faint and dashed, in `colour`; only the first of
// a plot's ghost series has a legend entry (class ghost-extra hides the others' rows).
function ghostSeries(label, colour, first = true) {
  return { label, class: first ? 'ghost' : 'ghost-extra', stroke: colours.withAlpha(colour, 0.5), width: 1.75,
    dash: [5, 4], spanGaps: true, points: { show: false } };
}

// The legend's name of a ghost run.
function ghostLabel(label) {
  return tr('ghost.legend', { label });
}

// What a chart drew of the ghost, as data-ghost-* attributes (the browser tests read them):
// its x and y values, comma-separated, or none.
function recordGhost(el, name, xs, ys) {
  const d = el.dataset;
  if (!xs) {
    delete d[`ghost${name}X`];
    delete d[`ghost${name}Y`];
    return;
  }
  d[`ghost${name}X`] = Array.from(xs, String).join(',');
  d[`ghost${name}Y`] = Array.from(ys, (v) => (v === null ? '' : String(v))).join(',');
}

// Shared plumbing: the uPlot instance sized to its element, rebuilt when its options change.
class Chart {
  constructor(el, height) {
    this.el = el;
    this.height = height;
    this.u = null;
    this.signature = null;
    this.ro = new ResizeObserver(() => this.fit());
    this.ro.observe(el);
  }

  width() {
    return Math.max(200, Math.floor(this.el.clientWidth));
  }

  fit() {
    if (!this.u) return;
    const w = this.width();
    if (w !== this.u.width) this.u.setSize({ width: w, height: this.height });
  }

  // Scales whose ranges are this.ranges.x / this.ranges.y, set before each draw.
  scales(y) {
    return {
      x: { time: false, range: () => this.ranges.x },
      y: Object.assign({ range: () => this.ranges.y }, y || {}),
    };
  }

  // Draws `data`, first (re)creating the plot when `signature` differs from the current one.
  draw(signature, makeOpts, data) {
    signature = `${signature}|${document.documentElement.dataset.theme || 'light'}`; // new colours: a new plot
    if (this.u && signature === this.signature) {
      this.u.setData(data);
      return;
    }
    if (this.u) this.u.destroy();
    const opts = makeOpts();
    opts.width = this.width();
    opts.height = this.height;
    // A line with no point to draw (the fitted line once the parameters are not finite, any line
    // before the first step) gets no path: uPlot would build one, and its fill, from no points,
    // at NaN coordinates (tests/web/divergence.test.js).
    const linear = uPlot.paths.linear();
    opts.series.forEach((s, i) => {
      if (i === 0 || s.paths) return;
      s.paths = (u, si, i0, i1) => {
        const ys = u.data[si];
        for (let k = i0; k <= i1; ++k) if (ys[k] !== null && ys[k] !== undefined) return linear(u, si, i0, i1);
        return null;
      };
    });
    this.u = new uPlot(opts, data, this.el);
    this.signature = signature;
  }

  setEmpty(empty) {
    this.el.closest('.chart-card')?.toggleAttribute('data-empty', empty);
  }
}

// ---- The data: a feature against the label --------------------------------------------------

class DataChart extends Chart {
  // note: an element for a caption that says how many points are drawn.
  constructor(el, note) {
    super(el, 260);
    this.note = note;
    this.base = null;
  }

  // The training examples to draw (feature values x, labels y; `total` in the training set)
  // and the x axis label; sampled: the points are a random sample of the set (a run in the
  // background worker), which the caption says.
  setPoints(x, y, xLabel, total = x.length, { sampled = false } = {}) {
    this.total = total;
    this.sampled = sampled;
    this.el.dataset.sampled = String(sampled);
    this.el.dataset.total = String(total);
    this.noteText = null;
    const order = Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
    this.base = { x: order.map((i) => x[i]), y: order.map((i) => y[i]) };
    this.xLabel = xLabel;
    this.xRange = pad(extent(x));
    this.yRange = pad(extent(y));
  }

  // The current minibatch's points (batchTotal: its size, when only some are given) and the two
  // lines y = slope * x + intercept.
  update({ batchX, batchY, batchTotal = batchX.length, fit, truth, reference = 'true', ghost = null }) {
    const base = this.base;
    const batch = Array.from(batchX.keys()).sort((a, b) => batchX[a] - batchX[b]);
    const n = base.x.length;
    const m = batch.length;
    const X = new Array(n + m);
    const Y = new Array(n + m).fill(null);
    const YB = new Array(n + m).fill(null);
    let i = 0;
    let k = 0;
    for (let r = 0; r < n + m; ++r) {
      if (k < m && (i >= n || batchX[batch[k]] < base.x[i])) {
        X[r] = batchX[batch[k]];
        YB[r] = batchY[batch[k++]];
      } else {
        X[r] = base.x[i];
        Y[r] = base.y[i++];
      }
    }
    // Lines: two points each, at the ends of the x range (uPlot spans the gaps).
    const F = new Array(n + m).fill(null);
    const T = new Array(n + m).fill(null);
    const G = new Array(n + m).fill(null);
    if (n + m > 0) {
      const [x0, x1] = [X[0], X[n + m - 1]];
      const at = (line, xv) => {
        const v = line.slope * xv + line.intercept;
        return Number.isFinite(v) ? v : null;
      };
      F[0] = at(fit, x0);
      F[n + m - 1] = at(fit, x1);
      T[0] = at(truth, x0);
      T[n + m - 1] = at(truth, x1);
      if (ghost) {
        G[0] = at(ghost, x0);
        G[n + m - 1] = at(ghost, x1);
      }
    }
    const [bx0, bx1] = extent(batchX);
    const [by0, by1] = extent(batchY);
    const xr = [Math.min(this.xRange[0], bx0), Math.max(this.xRange[1], bx1)];
    const yr = [Math.min(this.yRange[0], by0), Math.max(this.yRange[1], by1)];
    this.ranges = { x: xr, y: yr };
    this.reference = reference;
    this.ghost = ghost;
    const data = [X, Y, YB, F, T];
    if (ghost) data.push(G);
    this.draw(`${this.xLabel}|${this.reference}|${ghost ? ghost.label : ''}`, () => this.options(), data);
    recordGhost(this.el, 'Line', ghost && n + m > 0 ? [X[0], X[n + m - 1]] : null, [G[0], G[n + m - 1]]);
    this.caption(n, m, batchTotal);
    this.el.dataset.points = String(n);
    this.el.dataset.batchPoints = String(m);
    this.el.dataset.fitSlope = String(fit.slope);
  }

  caption(n, m, batchTotal) {
    const f = format;
    const points = n < this.total
      ? tr(this.sampled ? 'chart.data.sampled' : 'chart.data.showing', { n: f.int(n), total: f.int(this.total) })
      : tr('chart.data.all', { n: f.int(n) });
    const batch = m < batchTotal
      ? tr('chart.data.batchSome', { m: f.int(m), total: f.int(batchTotal) })
      : tr('chart.data.batchAll');
    const text = points + tr('text.sentenceGap') + batch;
    if (this.note && text !== this.noteText) this.note.textContent = this.noteText = text;
  }

  options() {
    return {
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: this.scales(),
      axes: [axis(this.xLabel), axis(tr('chart.data.yAxis'))],
      series: [
        {},
        { label: tr('chart.data.examples'), stroke: C.sky, fill: C.sky, paths: () => null,
          points: { show: true, size: 4, width: 0, fill: colours.withAlpha(C.sky, 0.55), stroke: colours.withAlpha(C.sky, 0.55) } },
        { label: tr('chart.data.batch'), stroke: C.vermillion, fill: C.vermillion, paths: () => null,
          points: { show: true, size: 7, width: 1, fill: C.vermillion, stroke: halo() } },
        { label: tr('chart.data.fit'), stroke: C.blue, width: 2.5, spanGaps: true, points: { show: false } },
        { label: tr(this.reference === 'true' ? 'chart.data.truth' : 'chart.data.lsLine'), stroke: truthInk(), width: 1.5,
          dash: [6, 5], spanGaps: true, points: { show: false } },
        ...(this.ghost ? [ghostSeries(ghostLabel(this.ghost.label), colours.ink())] : []),
      ],
    };
  }
}

// ---- The loss -------------------------------------------------------------------------------

class LossChart extends Chart {
  constructor(el) {
    super(el, 260);
    this.log = false;
  }

  setLog(log) {
    this.log = log;
    if (this.lastView) this.update(this.lastView);
  }

  // Against steps: steps/smooth {x, y}; epochs {step, train, val} at the step that ended each
  // epoch; floor: noise^2 / 2; ghost: {label, x, y} or null. The x axis spans what exists.
  update(view) {
    this.lastView = view;
    const positive = (ys) => finite(ys).map((v) => (this.log && !(v > 0) ? null : v));
    const series = [
      { x: view.steps.x, y: positive(view.steps.y) },
      { x: view.smooth.x, y: positive(view.smooth.y) },
      { x: view.epochs.step, y: positive(view.hasVal ? view.epochs.val : view.epochs.train) },
    ];
    const ghost = view.ghost;
    if (ghost) series.push({ x: ghost.x, y: positive(ghost.y) });
    const data = align(series);
    this.floor = view.floor;
    this.numBatches = view.numBatches;
    this.reference = view.reference; // the least-squares parameters' training loss (web/closedform.js)
    this.el.dataset.reference = String(view.reference);
    const [lo, hi] = extent(...data.slice(1));
    let yr;
    if (this.log) {
      const floor = view.floor > 0 ? view.floor : lo;
      const a = Number.isFinite(lo) ? Math.min(lo, floor) : 1e-5;
      const b = Number.isFinite(hi) ? hi : 10;
      // uPlot's log axis wants whole decades.
      yr = [10 ** Math.floor(Math.log10(a)), 10 ** Math.ceil(Math.log10(b * 1.0001))];
    } else {
      yr = [0, (Number.isFinite(hi) ? hi : 1) * 1.06];
    }
    this.ranges = { x: stepRange(data[0]), y: yr };
    this.ghostName = ghost ? ghost.label : null;
    this.draw(`${this.log}|${view.hasVal}|${this.ghostName}`, () => this.options(view.hasVal), data);
    recordGhost(this.el, 'Loss', ghost ? data[0] : null, ghost ? data[4] : null);
    const d = this.el.dataset;
    d.stepPoints = String(view.steps.x.length);
    d.smoothedPoints = String(view.smooth.x.length);
    d.epochPoints = String(view.epochs.step.length);
    d.xRange = this.ranges.x.join(',');
    this.setEmpty(view.stepsTaken !== undefined ? view.stepsTaken === 0 : view.steps.x.length === 0);
  }

  options(hasVal) {
    const self = this;
    return {
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: this.scales(this.log ? { distr: 3, log: 10 } : {}),
      axes: [
        axis(tr('chart.loss.xAxis')),
        axis(tr(this.log ? 'chart.loss.yAxisLog' : 'chart.loss.yAxis'), this.log ? { size: 56, values: logTicks } : { size: 56 }),
      ],
      series: [
        {},
        { label: tr('chart.loss.minibatch'), stroke: C.sky, width: 1, spanGaps: true, points: { show: false } },
        { label: tr('chart.loss.smoothed'), stroke: C.orange, width: 2, spanGaps: true,
          points: { show: true, size: 7, fill: C.orange, stroke: halo(), width: 1 } },
        hasVal
          ? { label: tr('chart.loss.val'), stroke: C.green, width: 2, spanGaps: true,
            points: { show: true, size: 8, fill: C.green, stroke: halo(), width: 1 } }
          : { label: tr('chart.loss.train'), stroke: C.blue, width: 2, spanGaps: true,
            points: { show: true, size: 8, fill: C.blue, stroke: halo(), width: 1 } },
        ...(this.ghostName !== null ? [ghostSeries(ghostLabel(this.ghostName), colours.ink())] : []),
      ],
      hooks: {
        draw: [
          (u) => {
            self.el.dataset.epochMarks = String(epochMarks(u, self.numBatches));
          },
          (u) => hline(u, self.floor, colours.GREY, [4, 4], tr('chart.loss.floor')),
          (u) => hline(u, self.reference, C.purple, [2, 3], t ? t('plot.lsLabel') : 'least squares', true),
        ],
      },
    };
  }
}

// The x range of a plot against steps: the steps that exist, from the first to the last (a
// single step gets a step either side).
function stepRange(xs) {
  const [lo, hi] = extent(xs);
  if (!Number.isFinite(lo)) return [0, 1];
  return hi - lo >= 1 ? [lo, hi] : [lo - 0.5, hi + 0.5];
}

// The epochs' ends on a plot against steps: a faint vertical line at every numBatches-th step
// in view (every 2nd, 5th, ... when they would be closer than 24 px), named when there is room.
// Returns how many it drew.
function epochMarks(u, numBatches) {
  if (!(numBatches > 0)) return 0;
  const [x0, x1] = [u.scales.x.min, u.scales.x.max];
  const { left, top, width, height } = u.bbox;
  const dpr = window.devicePixelRatio || 1;
  const perEpoch = (numBatches / (x1 - x0)) * width;
  if (!(perEpoch > 0)) return 0;
  const every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 1e4, 1e5, 1e6].find((k) => k * perEpoch >= 24 * dpr) || 1e7;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = colours.withAlpha(colours.GREY, 0.55);
  ctx.fillStyle = colours.GREY;
  ctx.lineWidth = dpr;
  ctx.setLineDash([2 * dpr, 3 * dpr]);
  ctx.font = `${10 * dpr}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  let drawn = 0;
  for (let e = Math.max(every, Math.ceil(x0 / numBatches / every) * every); e * numBatches <= x1; e += every) {
    const x = Math.round(u.valToPos(e * numBatches, 'x', true)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    if (every * perEpoch >= 56 * dpr) ctx.fillText(tr('chart.loss.epochMark', { e }), x + 3 * dpr, top + 3 * dpr);
    ++drawn;
  }
  ctx.restore();
  return drawn;
}

// ---- The parameters against steps -------------------------------------------------------------

class ParamChart extends Chart {
  // note: an element for a caption that says which parameters are drawn.
  constructor(el, note) {
    super(el, 260);
    this.note = note;
  }

  // x: steps; w: one array per w_j; b; trueW, trueB: drawn as dashed lines.
  update(view) {
    const f = format;
    const labels = view.w.map((_, j) => `w${f.sub(j + 1)}`);
    const g = view.ghost;
    this.ghost = g ? { label: g.label, k: g.w.length } : null;
    const curves = [...view.w, view.b].map((y) => ({ x: view.x, y: finite(y) }));
    if (g) curves.push(...[...g.w, g.b].map((y) => ({ x: g.x, y: finite(y) })));
    const data = g ? align(curves) : [view.x, ...curves.map((c) => c.y)];
    this.truths = [...view.trueW.map((v, j) => [v, paramColour(j)]), [view.trueB, B_COLOUR]];
    const [lo, hi] = extent(...data.slice(1), view.trueW, [view.trueB]);
    const [x0, x1] = extent(data[0]);
    this.ranges = { x: [0, Math.max(1, Number.isFinite(x1) ? x1 : 0, x0)], y: pad([lo, hi], 0.08) };
    this.draw(`${labels.join(',')}|${g ? `${g.label}|${g.w.length}` : ''}`, () => this.options(labels), data);
    recordGhost(this.el, 'B', g ? data[0] : null, g ? data[data.length - 1] : null);
    const dashed = tr(view.reference === 'least-squares' ? 'chart.params.dashedLs' : 'chart.params.dashedTrue');
    const text = view.w.length < view.d
      ? tr('chart.params.noteSome', { k: f.int(view.w.length), d: f.int(view.d), dashed })
      : tr('chart.params.noteAll', { dashed });
    if (this.note && this.note.textContent !== text) this.note.textContent = text;
    this.el.dataset.steps = String(view.x.length);
    this.el.dataset.params = String(view.w.length + 1);
  }

  options(labels) {
    const self = this;
    return {
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: this.scales(),
      axes: [axis(tr('chart.params.xAxis')), axis(tr('chart.params.yAxis'), { size: 48 })],
      series: [
        {},
        ...labels.map((label, j) => ({
          label, stroke: paramColour(j), width: 2, spanGaps: true, points: { show: false },
        })),
        { label: 'b', stroke: B_COLOUR, width: 2, spanGaps: true, points: { show: false } },
        ...(this.ghost ? [...Array.from({ length: this.ghost.k }, (_, j) => paramColour(j)), B_COLOUR]
          .map((colour, i) => ghostSeries(ghostLabel(this.ghost.label), colour, i === 0)) : []),
      ],
      hooks: {
        draw: [(u) => (self.truths || []).forEach(([v, colour]) => hline(u, v, colour, [6, 5]))],
      },
    };
  }
}

export const charts = { DataChart, LossChart, ParamChart, align };
