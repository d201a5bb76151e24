// The three plots, drawn with uPlot (web/vendor/uPlot.iife.min.js). Each chart only draws the
// numbers it is given: it never sees the trainer. Each sets data-* attributes on its element
// with the number of points it drew, which the browser tests read.
import uPlot from 'uplot';
import { colours } from './colours.js';
import { format } from './format.js';
import { t } from './strings.js';
import { setData } from './dom.js';

const C = colours.OKABE_ITO;
const { halo, truthInk, paramColour, B_COLOUR } = colours;

// A text of web/strings.js (the key itself when the table is not loaded).
const tr = (key, vars) => (t ? t(key, vars) : key);

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// The width of `text` in the axes' font, in CSS pixels.
let measurer = null;
function textWidth(text) {
  if (!measurer) measurer = document.createElement('canvas').getContext('2d');
  measurer.font = FONT;
  return measurer.measureText(text).width;
}

const TICK_SIZE = 10; // uPlot's tick length and gap between ticks and labels
const TICK_GAP = 5;

// How an axis hands its values to uPlot. uPlot finds no ticks for numbers of 1e17 or more (nor
// for tiny ones), so values beyond 1e15 (or below 1e-9) in magnitude are handed over in units of
// 10^k, and a log axis as log10 of the values; the labels show the values themselves.
function unitsFor([lo, hi], log = false) {
  if (log) return { log: true, k: 0, f: 1, fwd: (v) => (v > 0 ? Math.log10(v) : null), bwd: (v) => 10 ** v };
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  const k = Number.isFinite(m) && m > 0 && (m >= 1e15 || m < 1e-9) ? Math.floor(Math.log10(m)) : 0;
  if (k === 0) return { log: false, k, f: 1, fwd: (v) => v, bwd: (v) => v };
  const f = 10 ** k;
  return { log: false, k, f, fwd: (v) => (v === null ? null : v / f), bwd: (v) => v * f };
}

// The ticks of a log axis (in log10 units): whole decades, every 1st, 2nd, 3rd, ... so that at
// most 6 are labelled however many decades the values span.
function logSplits(u, axisIdx, min, max) {
  const a = Math.ceil(min - 1e-9);
  const b = Math.floor(max + 1e-9);
  const every = Math.max(1, Math.ceil((b - a + 1) / 6));
  const out = [];
  for (let e = a; e <= b; e += every) out.push(e);
  return out;
}

// The labels of an axis' ticks, of the values themselves (format.ticks: just enough digits,
// scientific notation for huge or tiny values), kept on the plot (u.tickLabels) for its element's
// data-x-ticks / data-y-ticks. units(): the axis' unitsFor.
function tickLabels(units) {
  return (u, splits, axisIdx, space, incr) => {
    const un = units();
    const values = splits.map((v) => (v == null ? NaN : un.bwd(v)));
    const labels = format.ticks(values, un.log ? 0 : un.bwd(incr), un.log).map((text, i) => (splits[i] == null ? '' : text));
    (u.tickLabels || (u.tickLabels = []))[axisIdx] = labels;
    return labels;
  };
}

// An axis sized for its labels: a y axis as wide as its widest label (nothing is clipped, however
// long the numbers), an x axis one line of labels high.
function axisSize(u, values, axisIdx) {
  if (axisIdx === 0) return 14 + TICK_SIZE + TICK_GAP + 2;
  if (!values) return 50;
  const widest = Math.max(0, ...values.map((v) => (v ? textWidth(String(v)) : 0)));
  return Math.ceil(widest + TICK_SIZE + TICK_GAP + 4);
}

// Room right of the plot for half the last x label (centred on its tick).
function rightPadding(u) {
  const labels = (u.tickLabels || [])[0] || [];
  const last = labels.length ? labels[labels.length - 1] : '';
  return Math.max(25, Math.ceil(textWidth(last) / 2) + 4);
}

// Tick spacings of an axis of steps: 1, 2, 5, 10, 20, 50, ... (never a fraction of a step).
const STEP_INCRS = Array.from({ length: 45 }, (_, i) => [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3));

// An axis named `label` whose values are in units() (unitsFor).
function axis(label, units, extra) {
  const log = units().log;
  return Object.assign(
    {
      label,
      font: FONT,
      labelFont: LABEL_FONT,
      labelSize: 20,
      stroke: colours.ink(),
      grid: { stroke: colours.gridInk(), width: 1 },
      ticks: { stroke: colours.tickInk(), width: 1, size: TICK_SIZE },
      gap: TICK_GAP,
      values: tickLabels(units),
      size: axisSize,
    },
    log ? { splits: logSplits, filter: (u, splits) => splits } : {},
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

// f(value) of every value, as a plain array filled by index (Array.from(values, f) would make an
// iterator result for every value, on every frame of a run).
function mapped(values, f) {
  const out = new Array(values.length);
  for (let i = 0; i < values.length; ++i) out[i] = f(values[i]);
  return out;
}

// Finite numbers as they are; anything else as null (a gap), e.g. after divergence.
const finiteOrNull = (v) => (Number.isFinite(v) ? v : null);
function finite(values) {
  return mapped(values, finiteOrNull);
}

// One series of a plot drawn in uPlot's mode 2 (every series with its own x): the points of it
// that can be drawn, compacted into typed arrays that are kept from frame to frame. A plot that
// redraws every frame of a long run then makes no new arrays of numbers; an aligned table's null
// gaps would store every number in it as a boxed heap number, and the boxes of the table uPlot
// holds outlive the frame (bench/README.md, "The plots' frame without garbage").
class Facet {
  constructor() {
    this.x = new Float64Array(64);
    this.y = new Float64Array(64);
    this.n = 0;
    this.xExtent = [Infinity, -Infinity]; // of every finite x offered, drawn or not
    this.yExtent = [Infinity, -Infinity]; // of the points kept
  }

  // The points (xs[i], ys[i]) whose y is finite (and positive, with `positive`); the others are
  // gaps, which the line spans. (No predicate function: a call for each value would box it.)
  fill(xs, ys, positive = false) {
    const m = Math.min(xs.length, ys.length);
    if (this.x.length < m) {
      const size = Math.max(m, 2 * this.x.length);
      this.x = new Float64Array(size);
      this.y = new Float64Array(size);
    }
    let n = 0;
    let [xLo, xHi, yLo, yHi] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < m; ++i) {
      const x = xs[i];
      if (Number.isFinite(x)) {
        if (x < xLo) xLo = x;
        if (x > xHi) xHi = x;
      }
      const v = ys[i];
      if (!Number.isFinite(v) || (positive && !(v > 0))) continue;
      this.x[n] = x;
      this.y[n] = v;
      ++n;
      if (v < yLo) yLo = v;
      if (v > yHi) yHi = v;
    }
    this.n = n;
    this.xExtent = [xLo, xHi];
    this.yExtent = [yLo, yHi];
    return this;
  }

  // The kept points in the units uPlot is handed (ux, uy: the axes' units, unitsFor).
  data(ux, uy) {
    const [x, y] = [this.x.subarray(0, this.n), this.y.subarray(0, this.n)];
    if (ux.f !== 1) for (let i = 0; i < this.n; ++i) x[i] /= ux.f;
    if (uy.log) for (let i = 0; i < this.n; ++i) y[i] = Math.log10(y[i]);
    else if (uy.f !== 1) for (let i = 0; i < this.n; ++i) y[i] /= uy.f;
    return [x, y];
  }
}

// The series of a mode-2 plot drawn straight onto uPlot's canvas, each at its turn (the
// drawSeries hook): the line through its points (unless its options say `paths: () => null`)
// and its dots (points.show: true; points.kept: a function of the points' version, for a set of
// dots drawn once into a canvas of their own and copied at every frame while it and the scales
// stay). uPlot would build every series' path anew at every frame as Path2D objects (and one more
// to clip each), which Blink frees only at V8's full collections, so a plot redrawn every frame
// of a long run held tens of megabytes of them (bench/README.md, "The plots' frame without
// garbage"). A line of more than 4 points per pixel column is drawn as uPlot draws one: each
// column's first, lowest, highest and last value.
function drawnDirectly(opts) {
  const lines = new Set(); // series indexes
  const dots = new Map(); // series index -> its points' options
  opts.series.forEach((s, i) => {
    if (i === 0) return;
    if (!s.paths) lines.add(i);
    if (s.points && s.points.show === true) dots.set(i, { ...s.points, key: null, layer: null });
    s.paths = () => null;
    s.points = { show: false };
  });
  const hooks = opts.hooks;
  hooks.drawSeries = [...(hooks.drawSeries || []), (u, si) => {
    const [xs, ys] = u.data[si];
    if (!xs.length) return;
    const s = u.series[si];
    const dpr = window.devicePixelRatio || 1;
    const ctx = u.ctx;
    if (lines.has(si) && s.width > 0 && s._stroke) {
      const { left, top, width, height } = u.bbox;
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, top, width, height);
      ctx.clip();
      ctx.beginPath();
      ctx.strokeStyle = s._stroke;
      ctx.lineWidth = s.width * dpr;
      ctx.lineJoin = 'round';
      ctx.setLineDash((s.dash || []).map((d) => d * dpr));
      polyline(ctx, u, xs, ys);
      ctx.stroke();
      ctx.restore();
    }
    const p = dots.get(si);
    if (!p) return;
    if (!p.kept) {
      discs(ctx, u, xs, ys, p, dpr);
      return;
    }
    const { x, y } = u.scales;
    const b = u.bbox;
    const canvas = ctx.canvas;
    const key = [p.kept(), x.min, x.max, y.min, y.max, b.left, b.top, b.width, b.height, canvas.width, canvas.height].join('|');
    if (key !== p.key) {
      if (!p.layer) p.layer = document.createElement('canvas');
      p.layer.width = canvas.width;
      p.layer.height = canvas.height;
      const layer = p.layer.getContext('2d');
      layer.clearRect(0, 0, canvas.width, canvas.height);
      discs(layer, u, xs, ys, p, dpr);
      p.key = key;
    }
    ctx.drawImage(p.layer, 0, 0);
  }];
}

// Where uPlot puts values on its canvas (valToPos(v, 'x' or 'y', true) for linear scales), as
// numbers to place points with in a loop: x = left + width * (v - x0) / dx, and y = top + height
// * (1 - (v - y0) / dy). (A call to valToPos for each point would box each result.)
function placing(u) {
  const { left, top, width, height } = u.bbox;
  const { x, y } = u.scales;
  return { left, top, width, height, x0: x._min, dx: x._max - x._min, y0: y._min, dy: y._max - y._min };
}

// The path through points (xs, ys) of plot u, on ctx (see drawnDirectly).
function polyline(ctx, u, xs, ys) {
  const { left, top, width, height, x0, dx, y0, dy } = placing(u);
  const n = xs.length;
  if (n < 4 * width) {
    ctx.moveTo(left + width * ((xs[0] - x0) / dx), top + height * (1 - (ys[0] - y0) / dy));
    for (let i = 1; i < n; ++i) ctx.lineTo(left + width * ((xs[i] - x0) / dx), top + height * (1 - (ys[i] - y0) / dy));
    return;
  }
  let column = NaN;
  let lo = 0;
  let hi = 0;
  let last = 0;
  for (let i = 0; i < n; ++i) {
    const x = Math.round(left + width * ((xs[i] - x0) / dx));
    const y = top + height * (1 - (ys[i] - y0) / dy);
    if (x !== column) {
      if (i === 0) ctx.moveTo(x, y);
      else {
        ctx.lineTo(column, lo);
        ctx.lineTo(column, hi);
        ctx.lineTo(column, last);
        ctx.lineTo(x, y);
      }
      column = x;
      lo = y;
      hi = y;
    } else if (y < lo) lo = y;
    else if (y > hi) hi = y;
    last = y;
  }
  ctx.lineTo(column, lo);
  ctx.lineTo(column, hi);
  ctx.lineTo(column, last);
}

// Dots at points (xs, ys) of plot u, on ctx, as uPlot draws a series' points (p: their options):
// discs of p.size less their rim, filled, rimmed p.width wide in p.stroke, clipped a dot's size
// beyond the plot area.
function discs(ctx, u, xs, ys, p, dpr) {
  const r = ((p.size - p.width) / 2) * dpr;
  const { left, top, width, height, x0, dx, y0, dy } = placing(u);
  const d = 2 * r;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left - d, top - d, width + 2 * d, height + 2 * d);
  ctx.clip();
  ctx.beginPath();
  for (let i = 0; i < xs.length; ++i) {
    const x = left + width * ((xs[i] - x0) / dx);
    const y = top + height * (1 - (ys[i] - y0) / dy);
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fillStyle = p.fill;
  ctx.fill();
  if (p.width > 0) {
    ctx.strokeStyle = p.stroke;
    ctx.lineWidth = p.width * dpr;
    ctx.setLineDash([]);
    ctx.stroke();
  }
  ctx.restore();
}

// The extent of several [lo, hi] extents.
function union(extents) {
  return [Math.min(...extents.map((e) => e[0])), Math.max(...extents.map((e) => e[1]))];
}

// A horizontal dashed line at value v on scale 'y', drawn over the plot area.
function hline(u, v, colour, dash, label, right = false) {
  if (v == null || !Number.isFinite(v)) return; // (v in the units the plot hands uPlot)
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
  setData(el, `ghost${name}X`, Array.from(xs, String).join(','));
  setData(el, `ghost${name}Y`, Array.from(ys, (v) => (v === null ? '' : String(v))).join(','));
}

// Shared plumbing: the uPlot instance sized to its element, rebuilt when its options change.
class Chart {
  constructor(el, height) {
    this.el = el;
    this.height = height;
    this.u = null;
    this.signature = null;
    this.units = { x: unitsFor([0, 1]), y: unitsFor([0, 1]) }; // how the axes' values reach uPlot
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

  // Scales whose ranges are this.ranges.x / this.ranges.y (in the values' own units), set before
  // each draw.
  scales() {
    const r = (axis) => () => this.ranges[axis].map((v) => this.units[axis].fwd(v));
    return { x: { time: false, range: r('x') }, y: { range: r('y') } };
  }

  // The x and y axes, named: their labels show the values whatever units uPlot is handed;
  // steps: the x axis counts steps (whole numbers only).
  axes(xLabel, yLabel, steps = false) {
    return [axis(xLabel, () => this.units.x, steps ? { incrs: STEP_INCRS } : null), axis(yLabel, () => this.units.y)];
  }

  // Draws `facets` (Facet objects, filled: every series with its own x, in the values' own
  // units) in uPlot's mode 2, first (re)creating the plot when `signature` differs from the
  // current one; `log`: the y axis is logarithmic. Every series is drawn by drawnDirectly.
  draw(signature, makeOpts, facets, log = false) {
    const ux = unitsFor(this.ranges.x);
    const uy = unitsFor(this.ranges.y, log);
    this.units = { x: ux, y: uy };
    const data = [null, ...facets.map((f) => f.data(ux, uy))];
    signature = `${signature}|${log}|${document.documentElement.dataset.theme || 'light'}`; // new colours: a new plot
    if (this.u && signature === this.signature) {
      this.u.setData(data);
      return;
    }
    if (this.u) this.u.destroy();
    const opts = makeOpts();
    opts.mode = 2;
    opts.width = this.width();
    opts.height = this.height;
    opts.padding = [null, rightPadding, null, null];
    opts.hooks = opts.hooks || {};
    opts.hooks.draw = [...(opts.hooks.draw || []), (u) => this.recordAxes(u)];
    drawnDirectly(opts);
    this.u = new uPlot(opts, data, this.el);
    this.signature = signature;
    this.created();
  }

  // A new uPlot instance is in place (a chart that listens to its plot area attaches here).
  created() {}

  // The tick labels drawn and the axes' widths, as data-x-ticks, data-y-ticks ('|'-separated)
  // and data-y-axis-width (the browser tests check that every label fits).
  recordAxes(u) {
    const labels = u.tickLabels || [];
    setData(this.el, 'xTicks', (labels[0] || []).join('|'));
    setData(this.el, 'yTicks', (labels[1] || []).join('|'));
    setData(this.el, 'yAxisWidth', u.axes[1]._size);
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
    this.onLine = null; // set by web/drag.js: the fitted line can be grabbed
  }

  // The training examples to draw (feature values x, labels y; `total` in the training set)
  // and the x axis label; sampled: the points are a random sample of the set (a run in the
  // background worker), which the caption says.
  setPoints(x, y, xLabel, total = x.length, { sampled = false } = {}) {
    this.total = total;
    this.sampled = sampled;
    setData(this.el, 'sampled', sampled);
    setData(this.el, 'total', total);
    this.noteText = null;
    const order = Array.from(x.keys()).sort((a, b) => x[a] - x[b]);
    this.base = { x: order.map((i) => x[i]), y: order.map((i) => y[i]) };
    this.baseVersion = (this.baseVersion || 0) + 1;
    this.xLabel = xLabel;
    this.xRange = pad(extent(x));
    this.yRange = pad(extent(y));
  }

  // The current minibatch's points (batchTotal: its size, when only some are given) and the two
  // lines y = slope * x + intercept.
  update({ batchX, batchY, batchTotal = batchX.length, fit, truth, reference = 'true', ghost = null }) {
    const base = this.base;
    const n = base.x.length;
    const m = batchX.length;
    // Lines: two points each, at the ends of the x range of the examples and the minibatch.
    const [bx0, bx1] = extent(batchX);
    const ends = [Math.min(n ? base.x[0] : Infinity, bx0), Math.max(n ? base.x[n - 1] : -Infinity, bx1)];
    const at = (line) => ends.map((xv) => {
      const v = line.slope * xv + line.intercept;
      return Number.isFinite(v) ? v : null;
    });
    const lines = [fit, truth, ...(ghost ? [ghost] : [])].map((line) => (n + m > 0 ? [ends, at(line)] : [[], []]));
    if (!this.facets) this.facets = [];
    while (this.facets.length < 2 + lines.length) this.facets.push(new Facet());
    const facets = [[base.x, base.y], [batchX, batchY], ...lines].map(([xs, ys], k) => this.facets[k].fill(xs, ys));
    // The axes only grow while these examples are shown: a minibatch outside the drawn examples'
    // range (rows of a large set beyond its sample) widens them for the frames that follow too, so
    // the axes do not jump back and forth between frames, and the examples' dots, drawn once for a
    // range (drawnDirectly: points.kept), are not drawn again at every frame.
    const [by0, by1] = extent(batchY);
    const xr = (this.xRange = [Math.min(this.xRange[0], bx0), Math.max(this.xRange[1], bx1)]);
    const yr = (this.yRange = [Math.min(this.yRange[0], by0), Math.max(this.yRange[1], by1)]);
    this.ranges = { x: xr, y: yr };
    this.reference = reference;
    this.ghost = ghost;
    recordGhost(this.el, 'Line', ghost && n + m > 0 ? ends : null, ghost ? lines[2][1] : null);
    this.draw(`${this.xLabel}|${this.reference}|${ghost ? ghost.label : ''}`, () => this.options(), facets);
    this.caption(n, m, batchTotal);
    setData(this.el, 'points', n);
    setData(this.el, 'batchPoints', m);
    setData(this.el, 'fitSlope', fit.slope);
    setData(this.el, 'fitIntercept', fit.intercept);
    setData(this.el, 'xRange', xr.join(','));
    setData(this.el, 'yRange', yr.join(','));
    this.fitLine = fit;
  }

  // ---- The fitted line, grabbed (web/drag.js sets onLine) -------------------------------------
  // Grabbed within a few pixels of the line it moves up and down (the intercept); grabbed
  // elsewhere it turns about its point at the middle of the data's x range (the slope along the
  // feature shown) so that it passes under the pointer. onLine({slope, intercept}, phase: 'move',
  // 'end' or 'cancel') reports each move; the chart draws what it is given back.

  created() {
    const over = this.u.over;
    over.classList.add('line-grab');
    over.addEventListener('pointerdown', (e) => this.grabLine(e));
    over.addEventListener('pointermove', (e) => this.dragLine(e, 'move'));
    over.addEventListener('pointerup', (e) => this.dragLine(e, 'end'));
    over.addEventListener('pointercancel', () => this.dropLine());
    over.addEventListener('lostpointercapture', () => this.grab && this.dropLine());
  }

  // The pointer's place in the plot's values, and in CSS pixels of the plot area.
  pointerAt(e) {
    const rect = this.u.over.getBoundingClientRect();
    const X = e.clientX - rect.left;
    const Y = e.clientY - rect.top;
    return { X, Y, x: this.units.x.bwd(this.u.posToVal(X, 'x')), y: this.units.y.bwd(this.u.posToVal(Y, 'y')) };
  }

  grabLine(e) {
    if (!this.onLine || !this.fitLine || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const { slope, intercept } = this.fitLine;
    if (!Number.isFinite(slope) || !Number.isFinite(intercept)) return;
    const p = this.pointerAt(e);
    const lineY = this.u.valToPos(this.units.y.fwd(slope * p.x + intercept), 'y');
    const near = Math.abs(lineY - p.Y) <= (e.pointerType === 'mouse' ? 12 : 24);
    const pivotX = (this.xRange[0] + this.xRange[1]) / 2;
    e.preventDefault();
    this.u.over.setPointerCapture(e.pointerId);
    this.grab = { id: e.pointerId, mode: near ? 'intercept' : 'slope', y0: p.y, slope, intercept, pivot: [pivotX, slope * pivotX + intercept] };
    setData(this.el, 'dragMode', this.grab.mode);
  }

  dragLine(e, phase) {
    const g = this.grab;
    if (!g || e.pointerId !== g.id) return;
    const p = this.pointerAt(e);
    let line = { slope: g.slope, intercept: g.intercept + (p.y - g.y0) };
    if (g.mode === 'slope') {
      const [px, py] = g.pivot;
      const pivotX = this.u.valToPos(this.units.x.fwd(px), 'x');
      if (Math.abs(p.X - pivotX) < 6) line = this.fitLine; // too close to the pivot to say a slope
      else line = { slope: (p.y - py) / (p.x - px), intercept: py - ((p.y - py) / (p.x - px)) * px };
    }
    const moved = g.moved || phase === 'move';
    g.moved = moved;
    if (phase === 'end') {
      this.grab = null;
      delete this.el.dataset.dragMode;
    }
    if (moved) this.onLine(line, phase); // a click without a move changes nothing
  }

  dropLine() {
    this.grab = null;
    delete this.el.dataset.dragMode;
    if (this.onLine) this.onLine(null, 'cancel');
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
      axes: this.axes(this.xLabel, tr('chart.data.yAxis')),
      series: [
        {},
        { label: tr('chart.data.examples'), stroke: C.sky, fill: C.sky, paths: () => null,
          points: { show: true, size: 4, width: 0, fill: colours.withAlpha(C.sky, 0.55), stroke: colours.withAlpha(C.sky, 0.55),
            kept: () => this.baseVersion } },
        { label: tr('chart.data.batch'), stroke: C.vermillion, fill: C.vermillion, paths: () => null,
          points: { show: true, size: 7, width: 1, fill: C.vermillion, stroke: halo() } },
        { label: tr('chart.data.fit'), stroke: colours.fitInk(), width: 3, spanGaps: true, points: { show: false } },
        { label: tr(this.reference === 'true' ? 'chart.data.truth' : 'chart.data.lsLine'), stroke: truthInk(), width: 1.5,
          dash: [6, 5], spanGaps: true, points: { show: false } },
        ...(this.ghost ? [ghostSeries(ghostLabel(this.ghost.label), colours.ink())] : []),
      ],
    };
  }
}

// ---- The loss -------------------------------------------------------------------------------

// Decades the positive finite values of `arrays` span: log10(largest / smallest), 0 for none.
function decades(...arrays) {
  let lo = Infinity;
  let hi = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; ++i) {
      const v = a[i];
      if (v > 0 && v < Infinity) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return hi > 0 ? Math.log10(hi / lo) : 0;
}

// The loss is drawn on a log scale by itself once it spans more than this many decades (until
// the learner chooses a scale).
const AUTO_LOG_DECADES = 3;

class LossChart extends Chart {
  constructor(el) {
    super(el, 260);
    this.log = false;
    this.chosenLog = null; // the learner's (or the link's, an exercise's) choice; null: none yet
  }

  // A choice of scale: it wins over the automatic one from now on.
  setLog(log) {
    this.chosenLog = Boolean(log);
    this.log = this.chosenLog;
    if (this.lastView) this.update(this.lastView);
  }

  // The scale for `view`: {log, auto (chosen by the plot, not the learner), decades}.
  scaleFor(view) {
    const ghost = view.ghost ? [view.ghost.y] : [];
    const span = decades(view.steps.y, view.smooth.y, view.epochs.train, view.epochs.val, ...ghost);
    const wanted = span > AUTO_LOG_DECADES;
    if (this.chosenLog !== null) return { log: this.chosenLog, auto: false, decades: span };
    return { log: wanted, auto: wanted, decades: span };
  }

  // Against steps: steps/smooth {x, y}; epochs {step, train, val} at the step that ended each
  // epoch; floor: noise^2 / 2; ghost: {label, x, y} or null. The x axis spans what exists.
  update(view) {
    this.lastView = view;
    this.log = this.scaleFor(view).log;
    const shown = (v) => Number.isFinite(v) && (!this.log || v > 0);
    const ghost = view.ghost;
    const series = [
      [view.steps.x, view.steps.y],
      [view.smooth.x, view.smooth.y],
      [view.epochs.step, view.hasVal ? view.epochs.val : view.epochs.train],
      ...(ghost ? [[ghost.x, ghost.y]] : []),
    ];
    if (!this.facets) this.facets = [];
    while (this.facets.length < series.length) this.facets.push(new Facet());
    const facets = series.map(([xs, ys], k) => this.facets[k].fill(xs, ys, this.log));
    this.floor = view.floor;
    this.numBatches = view.numBatches;
    this.reference = view.reference; // the least-squares parameters' training loss (web/closedform.js)
    setData(this.el, 'reference', view.reference);
    const [lo, hi] = union(facets.map((f) => f.yExtent));
    let yr;
    if (this.log) {
      const floor = view.floor > 0 ? view.floor : lo;
      const a = Number.isFinite(lo) ? Math.min(lo, floor) : 1e-5;
      const b = Number.isFinite(hi) ? hi : 10;
      // uPlot's log axis wants whole decades.
      const decade = (e) => 10 ** Math.max(-300, Math.min(300, e));
      yr = [decade(Math.floor(Math.log10(a))), decade(Math.ceil(Math.log10(b * 1.0001)))];
    } else {
      yr = [0, (Number.isFinite(hi) ? hi : 1) * 1.06];
    }
    this.ranges = { x: stepRange(union(facets.map((f) => f.xExtent))), y: yr };
    this.ghostName = ghost ? ghost.label : null;
    recordGhost(this.el, 'Loss', ghost ? ghost.x : null, ghost ? mapped(ghost.y, (v) => (shown(v) ? v : null)) : null);
    this.draw(`${this.log}|${view.hasVal}|${this.ghostName}`, () => this.options(view.hasVal), facets, this.log);
    setData(this.el, 'stepPoints', view.steps.x.length);
    setData(this.el, 'smoothedPoints', view.smooth.x.length);
    setData(this.el, 'epochPoints', view.epochs.step.length);
    setData(this.el, 'xRange', this.ranges.x.join(','));
    // The last epoch's point: the step that ended it and its loss (validation, else training).
    const ex = view.epochs.step;
    const ey = view.hasVal ? view.epochs.val : view.epochs.train;
    if (ex.length) setData(this.el, 'lastEpoch', `${ex[ex.length - 1]},${ey[ey.length - 1]}`);
    else delete this.el.dataset.lastEpoch;
    this.setEmpty(view.stepsTaken !== undefined ? view.stepsTaken === 0 : view.steps.x.length === 0);
  }

  options(hasVal) {
    const self = this;
    return {
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: this.scales(),
      axes: this.axes(tr('chart.loss.xAxis'), tr(this.log ? 'chart.loss.yAxisLog' : 'chart.loss.yAxis'), true),
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
            setData(self.el, 'epochMarks', epochMarks(u, self.numBatches, self.units.x));
          },
          (u) => hline(u, self.units.y.fwd(self.floor), colours.GREY, [4, 4], tr('chart.loss.floor')),
          (u) => hline(u, self.units.y.fwd(self.reference), C.purple, [2, 3], t ? t('plot.lsLabel') : 'least squares', true),
        ],
      },
    };
  }
}

// The x range of a plot against steps, from the extent [lo, hi] of the steps that exist (a single
// step gets a step either side).
function stepRange([lo, hi]) {
  if (!Number.isFinite(lo)) return [0, 1];
  return hi - lo >= 1 ? [lo, hi] : [lo - 0.5, hi + 0.5];
}

// The epochs' ends on a plot against steps: a faint vertical line at every numBatches-th step
// in view (every 2nd, 5th, ... when they would be closer than 24 px), named when there is room.
// Returns how many it drew.
function epochMarks(u, numBatches, units) {
  if (!(numBatches > 0)) return 0;
  const toX = units.fwd;
  const [x0, x1] = [units.bwd(u.scales.x.min), units.bwd(u.scales.x.max)];
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
    const x = Math.round(u.valToPos(toX(e * numBatches), 'x', true)) + 0.5;
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
    const curves = [...view.w, view.b].map((y) => [view.x, y]);
    if (g) curves.push(...[...g.w, g.b].map((y) => [g.x, y]));
    if (!this.facets) this.facets = [];
    while (this.facets.length < curves.length) this.facets.push(new Facet());
    const facets = curves.map(([xs, ys], k) => this.facets[k].fill(xs, ys));
    this.truths = [...view.trueW.map((v, j) => [v, paramColour(j)]), [view.trueB, B_COLOUR]];
    const [lo, hi] = union([...facets.map((f) => f.yExtent), extent(view.trueW, [view.trueB])]);
    const [x0, x1] = union(facets.map((f) => f.xExtent));
    this.ranges = { x: [0, Math.max(1, Number.isFinite(x1) ? x1 : 0, x0)], y: pad([lo, hi], 0.08) };
    recordGhost(this.el, 'B', g ? g.x : null, g ? finite(g.b) : null);
    this.draw(`${labels.join(',')}|${g ? `${g.label}|${g.w.length}` : ''}`, () => this.options(labels), facets);
    const dashed = tr(view.reference === 'least-squares' ? 'chart.params.dashedLs' : 'chart.params.dashedTrue');
    const text = view.w.length < view.d
      ? tr('chart.params.noteSome', { k: f.int(view.w.length), d: f.int(view.d), dashed })
      : tr('chart.params.noteAll', { dashed });
    if (this.note && this.note.textContent !== text) this.note.textContent = text;
    setData(this.el, 'steps', view.x.length);
    setData(this.el, 'params', view.w.length + 1);
  }

  options(labels) {
    const self = this;
    return {
      legend: { show: true, live: false },
      cursor: { show: false },
      scales: this.scales(),
      axes: this.axes(tr('chart.params.xAxis'), tr('chart.params.yAxis'), true),
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
        draw: [(u) => (self.truths || []).forEach(([v, colour]) => hline(u, self.units.y.fwd(v), colour, [6, 5]))],
      },
    };
  }
}

export const charts = { DataChart, LossChart, ParamChart };
