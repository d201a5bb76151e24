// A small canvas plotter for the views that uPlot does not fit (a heat map with contours, log-log
// scatter plots with markers of several shapes): a plot area with linear or log axes, ticks,
// labels, and primitives in data coordinates. It draws numbers it is given and nothing else.
import { colours } from './colours.js';
import { format } from './format.js';

const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const { ink, gridInk, halo } = colours;

// "Nice" ticks for a linear range: about `count` values at 1, 2 or 5 times a power of ten.
function linearTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

// Whole decades within [lo, hi] (thinned to at most `count` + 1).
function logTicks(lo, hi, count = 6) {
  const a = Math.ceil(Math.log10(lo) - 1e-9);
  const b = Math.floor(Math.log10(hi) + 1e-9);
  const every = Math.max(1, Math.ceil((b - a + 1) / count));
  const ticks = [];
  for (let e = a; e <= b; e += every) ticks.push(10 ** e);
  return ticks;
}

// The band left of the y labels that holds the axis' name (drawn rotated, centred at x = 12),
// and the gap between a tick label and the plot area.
const Y_LABEL_BAND = 20;
const TICK_GAP = 5;

// The ticks of a scale ({lo, hi, log}) and their labels (format.ticks: short, scientific for huge
// or tiny values): about `count` on a linear scale, at most `decades` + 1 decades on a log one.
function tickSet(scale, count, decades) {
  if (scale.log) {
    const values = logTicks(scale.lo, scale.hi, decades);
    return { values, labels: format.ticks(values, 0, true) };
  }
  const values = linearTicks(scale.lo, scale.hi, count);
  const step = values.length > 1 ? values[1] - values[0] : Math.abs(scale.hi - scale.lo);
  return { values, labels: format.ticks(values, step) };
}

// The width of a tick label in FONT, in CSS pixels, measured once per text: plots redrawn on
// every move of a dragged control (web/scrub.js) ask for the same labels again and again.
const labelWidths = new Map();
let measurer = null;
function labelWidth(text) {
  let w = labelWidths.get(text);
  if (w === undefined) {
    if (!measurer) measurer = document.createElement('canvas').getContext('2d');
    measurer.font = FONT;
    w = measurer.measureText(text).width;
    if (labelWidths.size > 4096) labelWidths.clear();
    labelWidths.set(text, w);
  }
  return w;
}

class CanvasPlot {
  // el: the <canvas>; opts: {height, aspect (height = width * aspect), margin: {l, r, t, b}}
  // onResize(): called when the canvas' width changes (to redraw).
  constructor(canvas, opts = {}) {
    this.canvas = canvas;
    this.opts = opts;
    this.margin = Object.assign({ l: 56, r: 12, t: 10, b: 38 }, opts.margin || {});
    this.cssWidth = 0;  // kept by a ResizeObserver: reading clientWidth on every draw would force a layout
    this.onResize = null;
    this.ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1].contentRect.width);
      if (w > 0 && w !== this.cssWidth) {
        this.cssWidth = w;
        if (this.onResize) this.onResize();
      }
    });
    this.ro.observe(canvas);
  }

  // Sizes the canvas to its CSS width (and the device pixel ratio); returns the 2-D context with
  // its transform in CSS pixels.
  begin() {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    if (!this.cssWidth) this.cssWidth = Math.floor(c.clientWidth || c.parentElement.clientWidth || 300);
    const w = Math.max(160, this.cssWidth);
    const h = this.opts.aspect ? Math.round(w * this.opts.aspect) : this.opts.height || 200;
    if (c.width !== Math.round(w * dpr) || c.height !== Math.round(h * dpr)) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    if (this.cssHeight !== h) {
      c.style.height = `${h}px`;
      this.cssHeight = h;
    }
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    this.ctx = ctx;
    this.w = w;
    this.h = h;
    const m = this.margin;
    this.area = { left: m.l, top: m.t, width: Math.max(10, w - m.l - m.r), height: Math.max(10, h - m.t - m.b) };
    return ctx;
  }

  // x, y: {lo, hi, log}. The ticks and their labels are chosen here, and the plot area sized
  // for them: the left margin as wide as the widest y label (and the axis' name), the right one
  // holding half the last x label, so that no label is clipped however long its number.
  setScales(x, y) {
    this.sx = x;
    this.sy = y;
    const width = (labels) => Math.max(0, ...labels.map(labelWidth));
    const m = this.margin;
    const h = this.area.height;
    this.yTicks = tickSet(y, Math.max(2, Math.floor(h / 45)), 5);
    const left = Math.max(m.l, Math.ceil(width(this.yTicks.labels) + Y_LABEL_BAND + TICK_GAP + 2));
    let span = Math.max(10, this.w - left - m.r);
    this.xTicks = tickSet(x, Math.max(2, Math.floor(span / 70)), 6);
    let widest = width(this.xTicks.labels);
    if (!x.log && this.xTicks.values.length > 1 && widest + 12 > span / this.xTicks.values.length) {
      this.xTicks = tickSet(x, Math.max(2, Math.floor(span / (widest + 16))), 6);
      widest = width(this.xTicks.labels);
    }
    const last = this.xTicks.labels[this.xTicks.labels.length - 1] || '';
    const right = Math.max(m.r, Math.ceil(labelWidth(last) / 2) + 2);
    span = Math.max(10, this.w - left - right);
    this.area = { left, top: m.t, width: span, height: h };
    const d = this.canvas.dataset;
    d.xTicks = this.xTicks.labels.join('|');
    d.yTicks = this.yTicks.labels.join('|');
    d.yAxisWidth = String(left - Y_LABEL_BAND);
  }

  px(v) {
    const { lo, hi, log } = this.sx;
    const t = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    return this.area.left + t * this.area.width;
  }

  py(v) {
    const { lo, hi, log } = this.sy;
    const t = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
    return this.area.top + (1 - t) * this.area.height;
  }

  // Grid lines, tick labels and axis labels.
  axes(xLabel, yLabel, { grid = true } = {}) {
    const ctx = this.ctx;
    const { left, top, width, height } = this.area;
    const { values: xt, labels: xl } = this.xTicks;
    const { values: yt, labels: yl } = this.yTicks;
    ctx.save();
    ctx.font = FONT;
    ctx.fillStyle = ink();
    ctx.strokeStyle = gridInk();
    ctx.lineWidth = 1;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    xt.forEach((v, i) => {
      const x = Math.round(this.px(v)) + 0.5;
      if (grid) {
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
      }
      ctx.fillText(xl[i], x, top + height + 4);
    });
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    yt.forEach((v, i) => {
      const y = Math.round(this.py(v)) + 0.5;
      if (grid) {
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
      }
      ctx.fillText(yl[i], left - TICK_GAP, y);
    });
    ctx.strokeStyle = colours.FRAME;
    ctx.strokeRect(left + 0.5, top + 0.5, width - 1, height - 1);
    ctx.font = `600 ${FONT}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    if (xLabel) ctx.fillText(xLabel, left + width / 2, this.h - 2);
    if (yLabel) {
      ctx.translate(12, top + height / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'middle';
      ctx.fillText(yLabel, 0, 0);
    }
    ctx.restore();
  }

  // Clips drawing to the plot area for fn().
  clipped(fn) {
    const { left, top, width, height } = this.area;
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(left, top, width, height);
    this.ctx.clip();
    fn(this.ctx);
    this.ctx.restore();
  }

  // A polyline through points [[x, y], ...] in data coordinates (non-finite points break it).
  line(points, { colour = ink(), width = 2, dash = [] } = {}) {
    this.clipped((ctx) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      let open = false;
      for (const [x, y] of points) {
        const ok = Number.isFinite(x) && Number.isFinite(y) && (!this.sx.log || x > 0) && (!this.sy.log || y > 0);
        if (!ok) {
          open = false;
          continue;
        }
        const X = this.px(x);
        const Y = this.py(y);
        if (open) ctx.lineTo(X, Y);
        else ctx.moveTo(X, Y);
        open = true;
      }
      ctx.stroke();
    });
  }

  vline(x, opts) {
    this.line([[x, this.sy.lo], [x, this.sy.hi]], opts);
  }

  hline(y, opts) {
    this.line([[this.sx.lo, y], [this.sx.hi, y]], opts);
  }

  // A marker at canvas coordinates: 'circle', 'ring', 'cross', 'diamond', 'star', 'square'.
  markerAt(X, Y, shape, { colour = ink(), size = 7, outline = halo() } = {}) {
    const ctx = this.ctx;
    ctx.save();
    ctx.setLineDash([]);
    ctx.fillStyle = colour;
    ctx.strokeStyle = outline;
    ctx.lineWidth = 1.5;
    const r = size / 2;
    ctx.beginPath();
    if (shape === 'circle' || shape === 'ring') {
      ctx.arc(X, Y, r, 0, 2 * Math.PI);
    } else if (shape === 'diamond') {
      ctx.moveTo(X, Y - r * 1.3);
      ctx.lineTo(X + r * 1.3, Y);
      ctx.lineTo(X, Y + r * 1.3);
      ctx.lineTo(X - r * 1.3, Y);
      ctx.closePath();
    } else if (shape === 'square') {
      ctx.rect(X - r, Y - r, 2 * r, 2 * r);
    } else if (shape === 'star') {
      for (let k = 0; k < 10; ++k) {
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        const rr = k % 2 === 0 ? r * 1.5 : r * 0.65;
        ctx.lineTo(X + rr * Math.cos(a), Y + rr * Math.sin(a));
      }
      ctx.closePath();
    }
    if (shape === 'cross') {
      ctx.strokeStyle = outline;
      ctx.lineWidth = 4;
      for (const pass of [0, 1]) {
        ctx.beginPath();
        ctx.moveTo(X - r, Y - r);
        ctx.lineTo(X + r, Y + r);
        ctx.moveTo(X + r, Y - r);
        ctx.lineTo(X - r, Y + r);
        ctx.stroke();
        ctx.strokeStyle = colour;
        ctx.lineWidth = pass === 0 ? 2 : 2;
      }
    } else if (shape === 'ring') {
      ctx.lineWidth = 3;
      ctx.strokeStyle = outline;
      ctx.stroke();
      ctx.lineWidth = 2;
      ctx.strokeStyle = colour;
      ctx.stroke();
    } else {
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  }

  marker(x, y, shape, opts) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    const X = this.px(x);
    const Y = this.py(y);
    const { left, top, width, height } = this.area;
    if (X < left - 1 || X > left + width + 1 || Y < top - 1 || Y > top + height + 1) return false;
    this.markerAt(X, Y, shape, opts);
    return true;
  }

  // An arrow between two canvas points.
  arrowPx(x0, y0, x1, y1, { colour = ink(), width = 2.5, outline = halo() } = {}) {
    const ctx = this.ctx;
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (!(len > 0.5)) return;
    const ux = (x1 - x0) / len;
    const uy = (y1 - y0) / len;
    const head = Math.min(10, len * 0.45);
    this.clipped(() => {
      for (const [c, w] of outline ? [[outline, width + 2.5], [colour, width]] : [[colour, width]]) {
        ctx.strokeStyle = c;
        ctx.fillStyle = c;
        ctx.lineWidth = w;
        ctx.setLineDash([]);
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1 - ux * head * 0.8, y1 - uy * head * 0.8);
        ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - ux * head - uy * head * 0.5, y1 - uy * head + ux * head * 0.5);
        ctx.lineTo(x1 - ux * head + uy * head * 0.5, y1 - uy * head - ux * head * 0.5);
        ctx.closePath();
        ctx.fill();
        if (c === outline) ctx.stroke();
      }
    });
  }

  text(str, X, Y, { colour = ink(), align = 'left', baseline = 'alphabetic', bold = false } = {}) {
    const ctx = this.ctx;
    ctx.save();
    ctx.font = bold ? `600 ${FONT}` : FONT;
    ctx.fillStyle = colour;
    ctx.textAlign = align;
    ctx.textBaseline = baseline;
    ctx.fillText(str, X, Y);
    ctx.restore();
  }
}

// A range [lo, hi] padded by a fraction, or around a single value.
function padRange(lo, hi, frac = 0.08) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) {
    const d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.5 : 1;
    return [lo - d, hi + d];
  }
  const p = (hi - lo) * frac;
  return [lo - p, hi + p];
}

// Whole decades around [lo, hi] (positive numbers) for a log axis.
function logRange(lo, hi) {
  if (!(lo > 0) || !(hi > 0)) return [1e-3, 1];
  let a = 10 ** Math.floor(Math.log10(lo));
  let b = 10 ** Math.ceil(Math.log10(hi * 1.0001));
  if (a === b) {
    a /= 10;
    b *= 10;
  }
  return [a, b];
}

export const canvasplot = { CanvasPlot, linearTicks, logTicks, padRange, logRange };
