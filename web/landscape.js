// The loss landscape: a heat map with contour lines of the training loss over two parameters
// (the others held where they are), the path SGD took on it, the start, the true and the
// least-squares parameters, and at the point of the last step two arrows: the step the minibatch
// gradient took and the one the full-batch gradient would take. Beside it, the loss along b.
// It draws the numbers of RunAnalysis.landscapeView (web/analysis.js) and never sees the trainer.
import { canvasplot } from './canvasplot.js';
import { colours } from './colours.js';
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const C = { ...colours.OKABE_ITO, white: colours.WHITE };

// viridis at 0, 0.1, .., 1 (perceptually uniform, readable with colour-vision deficiencies).
const VIRIDIS = ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70',
  '#7ad151', '#bddf26', '#fde725'].map(colours.rgb);

function viridis(t) {
  const x = Math.min(1, Math.max(0, t)) * 10;
  const i = Math.min(9, Math.floor(x));
  const f = x - i;
  return VIRIDIS[i].map((c, k) => Math.round(c + (VIRIDIS[i + 1][k] - c) * f));
}

// viridis at 256 levels, as packed RGB (the heat map looks colours up here).
const VIRIDIS_LUT = Array.from({ length: 256 }, (_, k) => viridis(k / 255));

// Log-spaced colour scale over the grid's values: t(v) in [0, 1].
function colourScale(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return { t: () => 0.5, levels: [], lo, hi };
  const eps = Math.max(hi * 1e-9, 1e-300);
  const a = Math.log(lo + eps);
  const b = Math.log(hi + eps);
  const levels = [];
  for (let k = 1; k <= 11; ++k) levels.push(Math.exp(a + ((b - a) * k) / 12) - eps);
  return { t: (v) => (Math.log(v + eps) - a) / (b - a), levels, lo, hi };
}

// Marching squares: the segments where the grid's values cross `level`, appended to `out` as
// x0, y0, x1, y1 in grid index units (flat, no allocation per cell).
function contourSegments(values, nx, ny, level, out = []) {
  const ex = [0, 0, 0, 0];  // crossing points: bottom, right, top, left (x, y pairs below)
  const ey = [0, 0, 0, 0];
  for (let j = 0; j + 1 < ny; ++j) {
    const row = j * nx;
    for (let i = 0; i + 1 < nx; ++i) {
      const v00 = values[row + i];
      const v10 = values[row + i + 1];
      const v01 = values[row + nx + i];
      const v11 = values[row + nx + i + 1];
      const a00 = v00 < level;
      const a10 = v10 < level;
      const a01 = v01 < level;
      const a11 = v11 < level;
      if (a00 === a10 && a10 === a01 && a01 === a11) continue;  // no crossing (or a NaN corner)
      if (!(Number.isFinite(v00) && Number.isFinite(v10) && Number.isFinite(v01) && Number.isFinite(v11))) continue;
      let n = 0;
      const mask = [false, false, false, false];
      if (a00 !== a10) { ex[0] = i + (level - v00) / (v10 - v00); ey[0] = j; mask[0] = true; ++n; }
      if (a10 !== a11) { ex[1] = i + 1; ey[1] = j + (level - v10) / (v11 - v10); mask[1] = true; ++n; }
      if (a01 !== a11) { ex[2] = i + (level - v01) / (v11 - v01); ey[2] = j + 1; mask[2] = true; ++n; }
      if (a00 !== a01) { ex[3] = i; ey[3] = j + (level - v00) / (v01 - v00); mask[3] = true; ++n; }
      if (n === 2) {
        let first = -1;
        for (let k = 0; k < 4; ++k) {
          if (!mask[k]) continue;
          if (first < 0) first = k;
          else out.push(ex[first], ey[first], ex[k], ey[k]);
        }
      } else if (n === 4) {
        // A saddle: the centre decides which corners connect.
        if (((v00 + v10 + v01 + v11) / 4 < level) === a00) out.push(ex[0], ey[0], ex[1], ey[1], ex[2], ey[2], ex[3], ey[3]);
        else out.push(ex[0], ey[0], ex[3], ey[3], ex[2], ey[2], ex[1], ey[1]);
      }
    }
  }
  return out;
}

// The heat map's pixels (RGBA, rows from the top) for the grid's values (rows from the bottom):
// viridis on the colour scale, grey where the loss is not finite.
function heatPixels(out, values, nx, ny, scale) {
  for (let j = 0; j < ny; ++j) {
    for (let i = 0; i < nx; ++i) {
      const v = values[j * nx + i];
      const [r, g, b] = Number.isFinite(v)
        ? VIRIDIS_LUT[Math.max(0, Math.min(255, Math.round(scale.t(v) * 255)))]
        : [200, 200, 200];
      const o = ((ny - 1 - j) * nx + i) * 4;
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = 255;
    }
  }
}

class LandscapeView {
  // root: the card's element; onAxes(axes): the learner picked other axes.
  constructor(root, onAxes) {
    this.root = root;
    this.onAxes = onAxes;
    this.axes = null;
    this.choicesKey = '';
    this.lastDraw = 0;
    this.build();
  }

  build() {
    this.root.setAttribute('aria-labelledby', 'landscape-title');
    this.selects = ['x', 'y'].map((axis) => el('select', {
      'data-control': `landscape-${axis}`, on: { change: (e) => this.pick(axis, Number(e.currentTarget.value)) },
    }));
    const pickers = el('div', { class: 'landscape-pickers' }, ...['x', 'y'].map((axis, k) =>
      el('label', { class: 'inline-control' }, el('span', { text: t(`land.axis.${axis}`) }), ' ', this.selects[k])));
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'landscape-title', text: t('land.title') }), pickers);
    this.canvas = el('canvas', { class: 'landscape-canvas', id: 'landscape-canvas', role: 'img' });
    this.legend = el('ul', { class: 'landscape-legend' });
    this.profileCanvas = el('canvas', { class: 'profile-canvas', id: 'profile-canvas', role: 'img', 'aria-label': t('land.profile.aria') });
    this.profileNote = el('p', { class: 'chart-note' });
    const side = el('div', { class: 'landscape-side' },
      this.legend, el('h3', { text: t('land.profile.title') }), this.profileCanvas, this.profileNote);
    const body = el('div', { class: 'landscape-body' }, el('div', { class: 'landscape-main' }, this.canvas), side);
    this.note = el('p', { class: 'chart-note landscape-note' });
    this.arrowNote = el('p', { class: 'chart-note landscape-arrow-note' });
    this.root.append(head, body, this.note, this.arrowNote);
    this.plot = new canvasplot.CanvasPlot(this.canvas, { aspect: 1, margin: { l: 52, r: 10, t: 10, b: 38 } });
    this.profilePlot = new canvasplot.CanvasPlot(this.profileCanvas, { height: 150, margin: { l: 52, r: 8, t: 8, b: 36 } });
    this.buildLegend();
    this.buildHandle();
    this.plot.onResize = () => this.lastView && this.drawMap(this.lastView);
    this.profilePlot.onResize = () => this.lastView && this.drawProfile(this.lastView);
  }

  buildLegend() {
    const items = [
      ['path', C.white, t('land.legend.path')],
      ['start', C.white, t('land.legend.start')],
      ['current', C.orange, t('land.legend.current')],
      ['truth', C.black, t('land.legend.truth')],
      ['ls', C.purple, t('land.legend.ls')],
      ['minibatch', C.vermillion, t('land.legend.minibatch')],
      ['full', C.sky, t('land.legend.full')],
      ['ghost', C.white, ''],
      ['probe', C.yellow, t('touch.probe.legend')],
    ];
    this.legend.replaceChildren(...items.map(([key, colour, text]) => {
      const swatch = el('span', { class: `swatch swatch-${key}`, 'aria-hidden': 'true' });
      swatch.style.setProperty('--swatch', colour);
      return el('li', { 'data-item': key }, swatch, el('span', { 'data-part': 'label', text }));
    }));
    this.legend.querySelector('[data-item="ghost"]').hidden = true;
    this.legend.querySelector('[data-item="probe"]').hidden = true;
  }

  // The start as a control over its marker: dragged with a pointer or a finger, moved with the
  // arrow keys when focused (Shift: five times further), let go with Enter or a key's release,
  // Escape puts it back. onStart([x, y] in parameter units, phase: 'move', 'end' or 'cancel') is
  // set by web/drag.js; the view only reports where the learner put it.
  buildHandle() {
    this.onStart = null;
    this.handle = el('div', {
      class: 'landscape-start', 'data-control': 'start', role: 'slider', tabindex: '0',
      'aria-roledescription': t('touch.start.role'), 'aria-label': t('touch.start.label'),
    });
    this.canvas.after(this.handle);
    this.handle.addEventListener('pointerdown', (e) => this.grab(e));
    this.handle.addEventListener('pointermove', (e) => this.drag(e, 'move'));
    this.handle.addEventListener('pointerup', (e) => this.drag(e, 'end'));
    this.handle.addEventListener('pointercancel', () => this.release('cancel'));
    this.handle.addEventListener('keydown', (e) => this.key(e));
    this.handle.addEventListener('keyup', (e) => {
      if (e.key.startsWith('Arrow') && this.keyed) this.release('end');
    });
  }

  grab(e) {
    if (!this.start || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    this.handle.setPointerCapture(e.pointerId);
    this.handle.focus({ preventScroll: true });
    // Where the pointer holds the handle, off its centre: kept, so the start does not jump.
    this.grabbed = { id: e.pointerId, dx: e.offsetX - this.handle.offsetWidth / 2, dy: e.offsetY - this.handle.offsetHeight / 2 };
  }

  // The pointer's place as parameters (inside the plot area), reported as a move or the release.
  drag(e, phase) {
    if (!this.grabbed || e.pointerId !== this.grabbed.id) return;
    const rect = this.canvas.getBoundingClientRect();
    const { left, top, width, height } = this.plot.area;
    const X = Math.min(left + width, Math.max(left, e.clientX - rect.left - this.grabbed.dx));
    const Y = Math.min(top + height, Math.max(top, e.clientY - rect.top - this.grabbed.dy));
    const { sx, sy } = this.plot;
    const point = [sx.lo + ((X - left) / width) * (sx.hi - sx.lo), sy.lo + (1 - (Y - top) / height) * (sy.hi - sy.lo)];
    const moved = this.grabbed.moved || phase === 'move';
    this.grabbed.moved = moved;
    if (phase === 'end') this.grabbed = null;
    if (this.onStart && moved) this.onStart(point, phase); // a press without a move changes nothing
  }

  release(phase) {
    this.grabbed = null;
    this.keyed = false;
    if (this.onStart) this.onStart(this.start, phase);
  }

  key(e) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowDown: [0, -1], ArrowUp: [0, 1] };
    if (e.key === 'Enter' || e.key === 'Escape') {
      e.preventDefault();
      this.release(e.key === 'Enter' ? 'end' : 'cancel');
      return;
    }
    if (!moves[e.key] || !this.start) return;
    e.preventDefault();
    const { sx, sy } = this.plot;
    const step = (e.shiftKey ? 5 : 1) / 50;
    const [mx, my] = moves[e.key];
    const point = [this.start[0] + mx * step * (sx.hi - sx.lo), this.start[1] + my * step * (sy.hi - sy.lo)];
    this.keyed = true;
    this.start = point;
    if (this.onStart) this.onStart(point, 'move');
  }

  // The handle over the start's marker, and what a screen reader hears of it.
  placeHandle(view) {
    const [x, y] = view.start;
    const p = this.plot;
    const inside = Number.isFinite(x) && Number.isFinite(y);
    this.handle.hidden = !inside;
    if (!inside) return;
    this.start = view.start;
    this.handle.style.left = `${p.px(x)}px`;
    this.handle.style.top = `${p.py(y)}px`;
    const [xn, yn] = view.names;
    const f = format;
    this.handle.setAttribute('aria-valuenow', String(x));
    this.handle.setAttribute('aria-valuemin', String(view.box.x[0]));
    this.handle.setAttribute('aria-valuemax', String(view.box.x[1]));
    this.handle.setAttribute('aria-valuetext', t('touch.start.value', { x: xn, y: yn, vx: f.sig(x, 4), vy: f.sig(y, 4) }));
    this.handle.dataset.start = `${x},${y}`;
  }

  // The axis pickers for the run's parameters; returns the axes to draw.
  sync(analysis) {
    const choices = analysis.axisChoices();
    // The same choices keep their options (a new run of the same width, as at each move of a drag).
    const key = `${analysis.d}|${choices.map((c) => `${c.index}:${c.name}`).join('|')}`;
    if (key !== this.choicesKey) {
      const d = analysis.d;
      const keep = this.axes && this.axes.every((k) => choices.some((c) => c.index === k)) && this.lastD === d;
      if (!keep) this.axes = analysis.defaultAxes();
      this.lastD = d;
      for (const select of this.selects) {
        select.replaceChildren(...choices.map((c) => new Option(c.name, String(c.index))));
      }
      this.choicesKey = key;
    }
    this.selects[0].value = String(this.axes[0]);
    this.selects[1].value = String(this.axes[1]);
    return this.axes;
  }

  pick(axis, index) {
    const [a, b] = this.axes;
    if (axis === 'x') this.axes = index === b ? [index, a] : [index, b];
    else this.axes = index === a ? [b, index] : [a, index];
    this.onAxes(this.axes);
  }

  // view: RunAnalysis.landscapeView(...)
  draw(view) {
    this.lastDraw = performance.now();
    this.lastView = view;
    this.drawMap(view);
    this.drawProfile(view);
    this.describe(view);
  }

  // The heat map with its contours, the path SGD took, the markers and the arrows; the numbers it
  // drew as data-* attributes of the canvas (the browser tests read them).
  drawMap(view) {
    const p = this.plot;
    p.begin();
    const { box, grid } = view;
    p.setScales({ lo: box.x[0], hi: box.x[1] }, { lo: box.y[0], hi: box.y[1] });
    const scale = colourScale(grid.values);
    this.drawHeat(grid, scale);
    const segments = this.drawContours(grid, scale);
    p.axes(view.names[0], view.names[1], { grid: false });
    const ghost = this.drawGhost(view.ghost);
    const { path, shown } = this.drawPath(view);
    const arrows = this.drawArrows(view.arrows);
    this.placeHandle(view);
    const d = this.canvas.dataset;
    d.axes = view.axes.join(',');
    d.grid = `${grid.x.length}x${grid.y.length}`;
    d.quadratic = String(grid.quadratic);
    d.examples = String(grid.examplesUsed);
    d.trajectory = String(path.length);
    d.contours = String(segments);
    d.arrows = String(arrows);
    d.arrowScale = String(this.arrowScale);
    d.markers = Object.keys(shown).filter((k) => shown[k]).join(',');
    d.box = [...view.box.x, ...view.box.y].join(',');
    d.lossMin = String(scale.lo);
    d.lossMax = String(scale.hi);
    d.ghostPath = String(ghost.length);
    if (ghost.length) d.ghostEnd = ghost[ghost.length - 1].join(',');
    else delete d.ghostEnd;
    this.legend.querySelector('[data-item="ghost"]').hidden = !view.ghost;
    this.legend.querySelector('[data-item="probe"]').hidden = !shown.probe;
    if (view.ghost) this.legend.querySelector('[data-item="ghost"] [data-part="label"]').textContent = t('ghost.legend', { label: view.ghost.label });
  }

  // A ghost run's path (view.ghost: {x, y} or null), faint and dashed under the run's own;
  // returns its points.
  drawGhost(ghost) {
    if (!ghost) return [];
    const points = ghost.x.map((x, k) => [x, ghost.y[k]]);
    this.plot.line(points, { colour: colours.withAlpha(C.white, 0.7), width: 2, dash: [5, 4] });
    return points;
  }

  // The heat map: one pixel per grid point, stretched so that pixel centres sit on the points.
  drawHeat(grid, scale) {
    const p = this.plot;
    const nx = grid.x.length;
    const ny = grid.y.length;
    const img = this.image || (this.image = document.createElement('canvas'));
    img.width = nx;
    img.height = ny;
    const ictx = img.getContext('2d');
    const data = ictx.createImageData(nx, ny);
    heatPixels(data.data, grid.values, nx, ny, scale);
    ictx.putImageData(data, 0, 0);
    const { left, top, width, height } = p.area;
    const cw = width / (nx - 1);
    const ch = height / (ny - 1);
    p.clipped(() => {
      p.ctx.imageSmoothingEnabled = true;
      p.ctx.drawImage(img, left - cw / 2, top - ch / 2, width + cw, height + ch);
    });
  }

  // The contour lines at the colour scale's levels; returns how many segments were drawn. The
  // grid spans the plot area exactly (its ends are the box's), so grid index -> canvas is linear.
  drawContours(grid, scale) {
    const p = this.plot;
    const nx = grid.x.length;
    const ny = grid.y.length;
    const segs = [];
    for (const level of scale.levels) contourSegments(grid.values, nx, ny, level, segs);
    const { left, top, width, height } = p.area;
    p.clipped(() => {
      const ctx = p.ctx;
      ctx.strokeStyle = colours.withAlpha(C.white, 0.55);
      ctx.lineWidth = 1;
      ctx.beginPath();
      const sx = width / (nx - 1);
      const sy = height / (ny - 1);
      const bottom = top + height;
      for (let k = 0; k < segs.length; k += 4) {
        ctx.moveTo(left + segs[k] * sx, bottom - segs[k + 1] * sy);
        ctx.lineTo(left + segs[k + 2] * sx, bottom - segs[k + 3] * sy);
      }
      ctx.stroke();
    });
    return segs.length / 4;
  }

  // The path SGD took and the markers; returns the path's points and which markers were drawn.
  drawPath(view) {
    const p = this.plot;
    const tr = view.trajectory;
    const path = tr.x.map((x, k) => [x, tr.y[k]]);
    if (view.current) path.push(view.current);
    p.line(path, { colour: colours.withAlpha(C.black, 0.55), width: 4 });
    p.line(path, { colour: C.white, width: 2 });
    const shown = {};
    shown.start = p.marker(view.start[0], view.start[1], 'ring', { colour: C.white, outline: C.black, size: 9 });
    // The least-squares point under the true one (they are often close): a larger diamond.
    if (view.ls) shown.ls = p.marker(view.ls[0], view.ls[1], 'diamond', { colour: C.purple, outline: C.white, size: 13 });
    if (view.truth) shown.truth = p.marker(view.truth[0], view.truth[1], 'star', { colour: C.black, outline: C.white, size: 9 });
    shown.current = p.marker(view.current[0], view.current[1], 'circle', { colour: C.orange, outline: C.black, size: 10 });
    // The parameters of the line dragged on the data plot (web/drag.js), until trained or dropped.
    if (view.probe) shown.probe = p.marker(view.probe[0], view.probe[1], 'square', { colour: C.yellow, outline: C.black, size: 10 });
    this.canvas.dataset.probe = view.probe ? view.probe.join(',') : '';
    return { path, shown };
  }

  // At the point of the last step, the step the minibatch gradient took and the one the full-batch
  // gradient would take (a: view.arrows, or null); returns how many arrows were drawn and keeps
  // the factor both were scaled by in this.arrowScale.
  drawArrows(a) {
    this.arrowScale = 1;
    if (!a) return 0;
    const p = this.plot;
    const X0 = p.px(a.from[0]);
    const Y0 = p.py(a.from[1]);
    // The steps -lr g in parameter units, then in pixels.
    const vec = (g) => [p.px(a.from[0] - a.lr * g[0]) - X0, p.py(a.from[1] - a.lr * g[1]) - Y0];
    const m = vec(a.minibatch);
    const f = vec(a.full);
    const longest = Math.max(Math.hypot(...m), Math.hypot(...f));
    // Too short to see (near the minimum): both scaled by the same factor.
    let s = 1;
    if (longest > 0 && longest < 28) s = 28 / longest;
    if (longest > 0.45 * p.area.width) s = (0.45 * p.area.width) / longest;
    this.arrowScale = s;
    if (!(Number.isFinite(X0) && Number.isFinite(Y0) && [...m, ...f].every(Number.isFinite))) return 0;
    // The minibatch's step wide, the full batch's narrower on top: both show where they agree.
    p.arrowPx(X0, Y0, X0 + m[0] * s, Y0 + m[1] * s, { colour: C.vermillion, width: 4 });
    p.arrowPx(X0, Y0, X0 + f[0] * s, Y0 + f[1] * s, { colour: C.sky, width: 2, outline: null });
    return 2;
  }

  drawProfile(view) {
    const p = this.profilePlot;
    p.begin();
    const pr = view.profile;
    const vals = Array.from(pr.values).filter(Number.isFinite);
    const [ylo, yhi] = [0, Math.max(...vals, 1e-12) * 1.05];
    p.setScales({ lo: pr.x[0], hi: pr.x[pr.x.length - 1] }, { lo: ylo, hi: yhi });
    p.axes('b', t('land.profile.yLabel'));
    p.line(Array.from(pr.x, (x, i) => [x, pr.values[i]]), { colour: colours.ink(), width: 2 });
    if (pr.truth !== null) p.vline(pr.truth, { colour: colours.truthInk(), width: 1.5, dash: [6, 4] });
    if (pr.ls !== null) p.vline(pr.ls, { colour: C.purple, width: 1.5, dash: [2, 3] });
    // The current b on the curve.
    const n = pr.x.length;
    const k = Math.round(((pr.current - pr.x[0]) / (pr.x[n - 1] - pr.x[0])) * (n - 1));
    if (k >= 0 && k < n) p.marker(pr.current, pr.values[k], 'circle', { colour: C.orange, outline: C.black, size: 9 });
    this.profileCanvas.dataset.points = String(n);
    this.profileCanvas.dataset.current = String(pr.current);
  }

  describe(view) {
    const f = format;
    const [xn, yn] = view.names;
    const held = view.holdsB ? t('land.note.holdsB') : t('land.note.holdsOthers');
    const how = view.grid.quadratic
      ? t('land.note.quadratic')
      : t('land.note.direct', { loss: t(`loss.${view.loss}`), n: f.int(view.grid.examplesUsed) });
    this.note.textContent = `${t('land.note.surface', { x: xn, y: yn })} ${held} ${how} ${t('touch.start.hint')}`;
    const a = view.arrows;
    if (a) {
      const scaled = Math.abs(this.arrowScale - 1) > 1e-9
        ? ` ${t('land.note.scaled', { s: f.sig(this.arrowScale, 2) })}`
        : '';
      this.arrowNote.textContent = `${t(a.pending ? 'land.note.arrowsPending' : 'land.note.arrows', { step: f.int(a.step) })}${scaled}`;
    } else {
      this.arrowNote.textContent = t('land.note.noArrows');
    }
    this.canvas.setAttribute('aria-label', t('land.aria', { x: xn, y: yn }));
    this.profileNote.textContent = t('land.profile.note');
  }
}


export const landscape = { contourSegments, colourScale, viridis };

export { LandscapeView };
