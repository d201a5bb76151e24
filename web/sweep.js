// The learning-rate sweep: the current run (same data, same start, same minibatch order) for a
// list of learning rates, each to the end, in the core (trainer.sweepLr), one rate per frame so
// that the page stays responsive; then the final training loss against lr on log axes, diverged
// runs marked, and the limit 2 / lambda_max and the current lr as vertical lines.
import { canvasplot } from './canvasplot.js';
import { colours } from './colours.js';
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const C = colours.OKABE_ITO;

const DEFAULT_LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 1.5, 2, 3];

// "0.001, 0.01 0.1" -> numbers (anything else stays text, for the core's message).
function parseLrs(text) {
  const t = String(text).trim();
  if (t === '') return [];
  return t.split(/\s*,\s*|\s+/).map((s) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? Number(s) : s));
}

class SweepView {
  // run(lrs, onRun(run, k), onDone(runs)) -> cancel(); handlers from app.js.
  constructor(root, { run }) {
    this.root = root;
    this.runFn = run;
    this.runs = [];
    this.cancel = null;
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'sweep-title', text: t('sweep.title') }));
    root.setAttribute('aria-labelledby', 'sweep-title');
    const onKey = (e) => {
      if (e.key === 'Enter') this.start();
    };
    this.input = el('input', { id: 'sweep-lrs', type: 'text', spellcheck: 'false', on: { keydown: onKey } });
    this.input.value = DEFAULT_LRS.join(', ');
    this.button = el('button', { class: 'btn', type: 'button', 'data-action': 'sweep', text: t('sweep.run'), on: { click: () => this.start() } });
    const form = el('div', { class: 'sweep-form' },
      el('label', { class: 'sweep-label', for: 'sweep-lrs', text: t('sweep.lrs') }), this.input, this.button);
    this.error = el('p', { class: 'field-error', role: 'alert' });
    this.canvas = el('canvas', { class: 'sweep-canvas', id: 'sweep-canvas', role: 'img', 'aria-label': t('sweep.aria') });
    this.note = el('p', { class: 'chart-note', 'data-part': 'sweep-note' });
    root.append(head, el('p', { class: 'chart-note', text: t('sweep.intro') }), form, this.error, this.canvas, this.note);
    this.plot = new canvasplot.CanvasPlot(this.canvas, { height: 240, margin: { l: 58, r: 12, t: 10, b: 38 } });
    this.plot.onResize = () => this.draw();
    this.context = { limit: NaN, lr: NaN, initial: NaN };
    this.draw();
  }

  setLrs(lrs) {
    this.input.value = lrs.join(', ');
  }

  // Starts a sweep of the listed rates (or `lrs`); onDone(runs) when it is complete.
  start(lrs, onDone) {
    if (this.cancel) this.cancel();
    if (lrs) this.setLrs(lrs);
    const list = parseLrs(this.input.value);
    this.runs = [];
    this.error.textContent = '';
    this.root.dataset.state = 'running';
    this.button.disabled = true;
    this.note.textContent = t('sweep.running', { n: list.length });
    this.cancel = this.runFn(list, (run) => {
      this.runs.push(run);
      this.draw();
    }, (runs, error) => {
      this.cancel = null;
      this.button.disabled = false;
      if (error) {
        this.root.dataset.state = 'error';
        this.error.textContent = error;
        this.note.textContent = '';
        this.draw();
        return;
      }
      this.runs = runs;
      this.root.dataset.state = 'done';
      this.draw();
      if (onDone) onDone(runs);
    });
  }

  // The run's limit 2 / lambda_max, current lr and initial loss (for the chart's lines).
  setContext(context) {
    const changed = context.limit !== this.context.limit || context.lr !== this.context.lr ||
      context.version !== this.context.version;
    if (context.version !== this.context.version && this.runs.length) {
      // A new run: the old sweep is of other data or another start.
      this.runs = [];
      this.root.dataset.state = '';
    }
    this.context = context;
    if (changed) this.draw();
  }

  draw() {
    const f = format;
    const p = this.plot;
    p.begin();
    const runs = this.runs;
    const ok = runs.filter((r) => !r.diverged && r.finalTrainLoss > 0);
    const bad = runs.filter((r) => r.diverged);
    const lrs = runs.map((r) => r.lr).concat(DEFAULT_LRS.slice(0, 1), [this.context.limit, this.context.lr].filter((v) => v > 0));
    const [xlo, xhi] = canvasplot.logRange(Math.min(...lrs), Math.max(...lrs));
    const ys = ok.map((r) => r.finalTrainLoss).concat(runs.map((r) => r.initialTrainLoss).filter((v) => v > 0));
    let [ylo, yhi] = canvasplot.logRange(ys.length ? Math.min(...ys) : 1e-4, ys.length ? Math.max(...ys) : 10);
    if (bad.length) yhi *= 10;  // a band at the top for the diverged runs
    p.setScales({ lo: xlo, hi: xhi, log: true }, { lo: ylo, hi: yhi, log: true });
    p.axes(t('sweep.x'), t('sweep.y'));
    if (this.context.limit > 0) p.vline(this.context.limit, { colour: C.vermillion, width: 1.5, dash: [6, 4] });
    if (this.context.lr > 0) p.vline(this.context.lr, { colour: C.blue, width: 1, dash: [2, 3] });
    const initial = runs.length ? runs[0].initialTrainLoss : NaN;
    if (initial > 0) p.hline(initial, { colour: colours.GREY, width: 1, dash: [4, 4] });
    const sorted = ok.slice().sort((a, b) => a.lr - b.lr);
    p.line(sorted.map((r) => [r.lr, r.finalTrainLoss]), { colour: C.blue, width: 1.5 });
    for (const r of sorted) p.marker(r.lr, r.finalTrainLoss, 'circle', { colour: C.blue, size: 8 });
    const top = yhi / 2.2;
    for (const r of bad) p.marker(r.lr, top, 'cross', { colour: C.vermillion, size: 10 });
    const { left, top: areaTop } = p.area;
    if (this.context.limit > 0) {
      p.text(t('sweep.limitLabel'), p.px(this.context.limit) - 4, areaTop + p.area.height - 6,
        { colour: C.vermillion, align: 'right' });
    }
    if (initial > 0) p.text(t('sweep.startLabel'), left + 6, p.py(initial) - 4, { colour: colours.GREY });
    this.canvas.dataset.runs = String(runs.length);
    this.canvas.dataset.diverged = String(bad.length);
    this.canvas.dataset.limit = String(this.context.limit);
    if (this.root.dataset.state === 'done') {
      const best = sorted.reduce((a, r) => (!a || r.finalTrainLoss < a.finalTrainLoss ? r : a), null);
      this.note.textContent = t('sweep.done', {
        n: runs.length,
        bad: bad.length,
        best: best ? f.plain(best.lr) : '\u2014',
        loss: best ? f.loss(best.finalTrainLoss) : '\u2014',
        limit: this.context.limit > 0 ? f.loss(this.context.limit) : '\u2014',
      });
    } else if (!runs.length && this.root.dataset.state !== 'running') {
      this.note.textContent = t('sweep.empty');
    }
  }
}


export const sweep = { parseLrs, DEFAULT_LRS };

export { SweepView };
