// The closed form beside SGD: the least-squares parameters (solved in the core with a
// column-pivoting QR, never an inverse) next to SGD's current ones and the true ones, the training
// loss of each, and the distance ||theta - theta_ls|| against steps on a log scale. Also the
// learning-rate limit 2 / lambda_max marked under the lr field. Both draw numbers only.
import { canvasplot } from './canvasplot.js';
import { colours } from './colours.js';
import { el } from './dom.js';
import { format } from './format.js';
import { LrSlider } from './lrslider.js';
import { t } from './strings.js';

const MAX_ROWS = 8;

class ClosedFormView {
  constructor(root) {
    this.root = root;
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'closed-form-title', text: t('cf.title') }));
    root.setAttribute('aria-labelledby', 'closed-form-title');
    this.intro = el('p', { class: 'chart-note', text: t('cf.intro') });
    this.table = el('table', { class: 'params-table closed-form-table' });
    this.losses = el('p', { class: 'closed-form-losses', 'data-part': 'cf-losses' });
    const chartTitle = el('h3', { text: t('cf.distance.title') });
    this.canvas = el('canvas', { class: 'distance-canvas', id: 'distance-canvas', role: 'img', 'aria-label': t('cf.distance.aria') });
    this.note = el('p', { class: 'chart-note' });
    root.append(head, this.intro, el('div', { class: 'table-wrap' }, this.table), this.losses, chartTitle, this.canvas, this.note);
    this.plot = new canvasplot.CanvasPlot(this.canvas, { height: 190, margin: { l: 56, r: 10, t: 8, b: 36 } });
    this.plot.onResize = () => this.lastView && this.drawDistance(this.lastView);
  }

  // The table built anew: a row per shown weight (a note for the rest), then b.
  build(d, shown, shape) {
    const head = el('tr', null,
      ...['cf.col.param', 'cf.col.sgd', 'cf.col.ls', 'cf.col.truth'].map((h) => el('th', { scope: 'col', text: t(h) })));
    this.cells = [];
    const row = (name, j) => {
      const tds = ['sgd', 'ls', 'truth'].map((cls) => el('td', { class: cls }));
      this.cells.push(tds);
      return el('tr', { 'data-param': `${name}${j === undefined ? '' : j}` },
        el('th', { scope: 'row' }, name, j !== undefined && el('sub', { text: String(j) })), ...tds);
    };
    const rows = [];
    for (let j = 0; j < shown; ++j) rows.push(row('w', j + 1));
    if (shown < d) rows.push(el('tr', null, el('td', { colspan: '4', text: t('cf.more', { n: format.int(d - shown) }) })));
    rows.push(row('b', undefined));
    this.table.replaceChildren(el('thead', null, head), el('tbody', null, ...rows));
    this.shape = shape;
  }

  // Each cell's number (an em dash for none), written only where it changed.
  fill(values) {
    values.forEach((vs, r) => vs.forEach((v, k) => {
      const td = this.cells[r][k];
      const value = v === null ? undefined : String(v);
      if (td.firstChild && td.dataset.value === value) return;
      if (value === undefined) delete td.dataset.value;
      else td.dataset.value = value;
      td.textContent = v === null ? '\u2014' : format.param6(v);
    }));
  }

  // view: RunAnalysis.closedFormView(state); losses: {sgd, ls} training losses; loss: the loss's name.
  update(view, losses, lossName) {
    const f = format;
    this.root.toggleAttribute('data-unavailable', !view.ls);
    const d = view.w.length;
    const shown = Math.min(d, MAX_ROWS);
    // The same rows as drawn before keep their elements: only the numbers change (a drag
    // redraws at every move). Each row: [sgd, ls, truth] (null: none).
    const shape = `${d}|${Boolean(view.ls)}|${Boolean(view.truth)}`;
    if (shape !== this.shape) this.build(d, shown, shape);
    const values = [];
    for (let j = 0; j < shown; ++j) values.push([view.w[j], view.ls ? view.ls.w[j] : null, view.truth ? view.truth.w[j] : null]);
    values.push([view.b, view.ls ? view.ls.b : null, view.truth ? view.truth.b : null]);
    this.fill(values);

    const text = !view.ls
      ? t(view.lsSkipped ? 'cf.skipped' : 'cf.none')
      : t(lossName === 'squared' ? 'cf.losses.squared' : 'cf.losses.other', {
        sgd: f.loss(losses.sgd), ls: f.loss(view.ls.trainLoss), dist: f.dec4(view.current), loss: t(`loss.${lossName}`),
      });
    if (this.losses.textContent !== text) this.losses.textContent = text;
    this.losses.dataset.distance = String(view.current);
    this.drawDistance(view);
  }

  drawDistance(view) {
    this.lastView = view;
    const p = this.plot;
    p.begin();
    const { x, y } = view.distance;
    const pos = y.filter((v) => v > 0 && Number.isFinite(v));
    const xmax = Math.max(1, x.length ? x[x.length - 1] : 1);
    const [ylo, yhi] = canvasplot.logRange(pos.length ? Math.min(...pos) : 1e-3, pos.length ? Math.max(...pos) : 1);
    p.setScales({ lo: 0, hi: xmax }, { lo: ylo, hi: yhi, log: true });
    p.axes(t('cf.distance.x'), '\u2016\u03b8 \u2212 \u03b8_ls\u2016');
    p.line(x.map((s, i) => [s, y[i]]), { colour: colours.OKABE_ITO.purple, width: 2 });
    this.canvas.dataset.points = String(x.length);
    const note = view.ls ? t('cf.distance.note') : '';
    if (this.note.textContent !== note) this.note.textContent = note;
  }
}

// The learning-rate limit at the lr field: the log-scale slider with the limit on its track
// (web/lrslider.js) and a one-line explanation.
class LrLimitNote {
  // field: the lr field's wrapper (.field[data-key="lr"]).
  constructor(field) {
    this.field = field;
    this.slider = new LrSlider(field);
    this.text = el('p', { class: 'lr-limit-text' });
    this.box = el('div', { class: 'lr-limit', 'data-part': 'lr-limit' }, this.text);
    field.append(this.box);
  }

  // view: RunAnalysis.limitView(config), and whether the run is diverging (the core's definition,
  // state.diverging) with the training losses it compares (start, now: NaN once not finite).
  update({ curvature, lr, loss, diverging = false, start, now }) {
    const f = format;
    const c = curvature;
    if (!c || !c.available) {
      this.box.dataset.state = 'unavailable';
      this.text.textContent = t('lr.unavailable', { reason: c ? c.reason : '' });
      this.slider.update(lr, NaN);
      return;
    }
    const limit = c.lrLimit;
    const above = lr > limit;
    this.box.dataset.state = above ? 'above' : 'below';
    this.box.dataset.limit = String(limit);
    this.slider.update(lr, limit);
    const vars = { limit: f.loss(limit), lambda: f.loss(c.lambdaMax), lr: f.plain(lr) };
    let text = t(above ? 'lr.above' : 'lr.below', vars);
    if (loss !== 'squared') text += ` ${t('lr.otherLoss', { loss: t(`loss.${loss}`) })}`;
    // Divergence shown, not hidden: the training loss at the last epoch's end against the start.
    if (diverging) text += ` ${t('lr.growing', { start: f.loss(start), now: Number.isFinite(now) ? f.loss(now) : t('lr.overflow') })}`;
    this.box.dataset.growing = String(diverging);
    this.text.textContent = text;
  }
}

export { ClosedFormView, LrLimitNote };
