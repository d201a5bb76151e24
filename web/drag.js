// Dragging the run: the start on the loss landscape (web/landscape.js's handle) and the fitted
// line on the data plot (web/charts.js's DataChart). The views report where the learner put
// them; this file turns that into parameters and asks the run controller: a dragged start
// previews the whole run from it and, released, becomes the run's start (the config's init_w and
// init_b); a dragged line sets a probe (its parameters, with their training loss, shown in the
// data plot and on the landscape) that "Train from here" starts a run from.
import { el, setFlag } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

// The run's start with the landscape's two axes moved to `point` ([x, y]): {init_w, init_b}.
function startWith(initial, axes, point) {
  const w = Array.from(initial.w);
  let b = initial.b;
  axes.forEach((k, i) => {
    if (k === w.length) b = point[i];
    else w[k] = point[i];
  });
  return { init_w: w, init_b: b };
}

// The parameters of a line along feature j (slope, intercept) when the other features sit at
// their means: w_j = slope, b = intercept - sum over i != j of w_i mean_i, the other w_i kept.
function paramsOfLine(base, j, means, line) {
  const w = Float64Array.from(base.w);
  w[j] = line.slope;
  let b = line.intercept;
  for (let i = 0; i < w.length; ++i) if (i !== j) b -= w[i] * means[i];
  return { w, b };
}

// Under the data plot: the dragged line's parameters and training loss, and "Train from here".
class ProbeNote {
  constructor(card, { train, drop }) {
    this.text = el('span', { 'data-part': 'probe-text' });
    this.train = el('button', { type: 'button', class: 'btn', 'data-action': 'train-from-here', text: t('touch.trainFromHere'), on: { click: train } });
    this.drop = el('button', { type: 'button', class: 'btn', 'data-action': 'drop-line', text: t('touch.dropLine'), on: { click: drop } });
    this.el = el('div', { class: 'line-probe', 'data-part': 'line-probe', hidden: true }, this.text, ' ', this.train, ' ', this.drop);
    this.hint = el('p', { class: 'chart-note', 'data-part': 'line-hint', text: t('touch.lineHint') });
    this.live = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    card.append(this.hint, this.el, this.live);
  }

  // probe: {w, b, loss} or null; runLoss: the run's training loss now; names of w's entries.
  update(probe, runLoss) {
    setFlag(this.el, 'hidden', !probe);
    setFlag(this.hint, 'hidden', Boolean(probe));
    if (!probe) return;
    const f = format;
    const w = Array.from(probe.w.subarray(0, 4), (v, j) => `w${f.sub(j + 1)} = ${f.sig(v, 4)}`).join(', ');
    const more = probe.w.length > 4 ? ', \u2026' : '';
    const text = t('touch.probe', { params: `${w}${more}, b = ${f.sig(probe.b, 4)}`, loss: f.loss(probe.loss), now: f.loss(runLoss) });
    if (this.text.textContent !== text) this.text.textContent = text;
    this.el.dataset.loss = String(probe.loss);
  }

  announce() {
    this.live.textContent = this.text.textContent;
  }
}

export function wireDrags({ controller, view, beyond, gesture, $ }) {
  const session = controller.session;
  const start = gesture(t('touch.ghost'));
  beyond.onStart = (point, phase) => { // (the landscape's handle, once it is built)
    if (phase === 'cancel') {
      start.cancel();
      return;
    }
    const changes = startWith(view.analysis.initial, beyond.landscape.axes, point);
    if (phase === 'end') start.end(changes);
    else start.move(changes);
  };
  const probe = new ProbeNote($('#chart-data').closest('.chart-card'), {
    train: () => controller.trainFrom(session.probe),
    drop: () => controller.probe(null),
  });
  view.charts.data.onLine = (line, phase) => {
    if (!line) {
      controller.probe(null);
      return;
    }
    const base = session.probe || session.state;
    controller.probe(paramsOfLine(base, session.feature || 0, session.data.means, line));
    if (phase === 'end') probe.announce();
  };
  controller.subscribe((event) => {
    if (event === 'render') probe.update(session.probe, beyond.currentLoss);
  });
}

export const drag = { startWith, paramsOfLine };
