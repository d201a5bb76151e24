// Readouts: the counters, the parameters against the true ones, and the lines the book (and the
// command-line program) prints: the loss after each epoch and the error in estimating w and b.
import { el, setData } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const MAX_PARAM_ROWS = 16;

// A text of web/strings.js.
const tr = (key, vars) => (t ? t(key, vars) : key);

// A counter's text and its value (data-value), each written only when it changed.
function counter(node, text, value) {
  if (node.textContent !== text) node.textContent = text;
  setData(node, 'value', value);
}

class Readouts {
  constructor(root) {
    this.root = root;
    this.q = (name) => root.querySelector(`[data-readout="${name}"]`);
    this.counters = {
      epoch: document.querySelector('[data-counter="epoch"]'),
      step: document.querySelector('[data-counter="step"]'),
      examples: document.querySelector('[data-counter="examples"]'),
      total: document.querySelector('[data-counter="total"]'),
    };
  }

  // The counters beside the buttons (always on screen: they follow every step and move).
  updateCounters(state, config) {
    const f = format;
    const c = this.counters;
    counter(c.epoch, `${f.int(state.epoch)} / ${f.int(config.max_epochs)}`, state.epoch);
    counter(c.step, `${f.int(state.batchInEpoch)} / ${f.int(state.numBatches)}`, state.batchInEpoch);
    counter(c.examples, f.int(state.examplesSeen), state.examplesSeen);
    counter(c.total, f.int(state.globalStep), state.globalStep);
  }

  // The card: the parameters against the reference and the lines printed after each epoch.
  // state: the trainer's State; config: its Config; epochs: {epoch, trainLoss, valLoss}.
  update(state, config, epochs) {
    const f = format;
    this.renderParams(state);
    // The reference: the true parameters, or on the user's data the least-squares solution, as
    // the command-line program prints it for --data.
    const truth = state.reference === undefined || state.reference === 'true';
    this.setText('truth-head', tr(truth ? 'readouts.true' : 'readouts.leastSquares'));
    this.setText('error-head', tr(truth ? 'readouts.error' : 'readouts.errorLs'));
    this.setText('output-title', tr(truth ? 'readouts.bookPrints' : 'readouts.programPrints'));
    if (truth) {
      this.setText('error-w', tr('readouts.errorW', { list: f.list6(state.errorW) }));
      this.setText('error-b', tr('readouts.errorB', { value: f.printed6(state.errorB) }));
    } else {
      this.setText('error-w', tr('readouts.estimated', { w: f.list6(state.w), b: f.printed6(state.b) }));
      this.setText('error-b', state.reference === 'least-squares'
        ? tr('readouts.leastSquaresLine', { w: f.list6(state.trueW), b: f.printed6(state.trueB) })
        : tr('readouts.noLeastSquares'));
    }
    this.renderEpochs(config, epochs);
  }

  setText(name, text) {
    const el = this.q(name);
    if (el && el.textContent !== text) el.textContent = text;
  }

  renderParams(state) {
    const f = format;
    const d = state.w.length;
    const rows = [];
    const row = (name, j, truth, now, err) => el('tr', { 'data-param': `${name}${j === undefined ? '' : j}` },
      el('th', { scope: 'row' }, name, j !== undefined && el('sub', { text: String(j) })),
      ...[[truth, 'truth'], [now, 'now'], [err, 'err']].map(([v, cls]) =>
        el('td', { class: cls, 'data-value': String(v), text: f.param6(v) })));
    const shown = Math.min(d, MAX_PARAM_ROWS);
    for (let j = 0; j < shown; ++j) rows.push(row('w', j + 1, state.trueW[j], state.w[j], state.errorW[j]));
    if (shown < d) rows.push(el('tr', null, el('td', { colspan: '4', text: tr('readouts.moreWeights', { n: f.int(d - shown) }) })));
    rows.push(row('b', undefined, state.trueB, state.b, state.errorB));
    this.q('params').replaceChildren(...rows);
  }

  // "epoch 1, train loss 2.371998, val loss 2.274440", as the command-line program prints.
  renderEpochs(config, epochs) {
    const f = format;
    const lines = epochs.epoch.map((e, i) =>
      config.num_val > 0
        ? tr('readouts.epochVal', { epoch: e, train: f.printed6(epochs.trainLoss[i]), val: f.printed6(epochs.valLoss[i]) })
        : tr('readouts.epoch', { epoch: e, train: f.printed6(epochs.trainLoss[i]) }));
    const MAX_LINES = 50;
    const shown = lines.length > MAX_LINES ? ['\u2026', ...lines.slice(-MAX_LINES)] : lines;
    this.q('epochs').textContent = shown.length ? shown.join('\n') : tr('readouts.noEpoch');
  }
}

// The line under the buttons: ready, running, paused, finished, or diverged (with what to do).
// "Paused" only where Run was playing and was stopped, with nothing done since; before Run was
// ever pressed and after manual steps the run is "Ready" for the next one.
class StatusLine {
  constructor(el) {
    this.el = el;
    this.wasRunning = false;
    this.pausedAt = null; // the step at which Run last stopped
  }

  // remote: the run trains in the background worker, whose last steps can arrive after Pause.
  show(state, config, running, remote = false) {
    const f = format;
    if (running) this.pausedAt = null;
    else if (this.wasRunning || (remote && this.pausedAt !== null)) this.pausedAt = state.globalStep;
    this.wasRunning = running;
    setData(this.el, 'ended', Boolean(state.finished || state.diverged));
    if (state.diverged) {
      this.set('error', this.divergence(state, config));
    } else if (state.diverging) { // the loss grew beyond its start (Trainer::diverging): a warning
      const vars = {
        start: f.loss(state.startTrainLoss), now: f.loss(state.lastTrainLoss), epoch: f.int(state.epoch), lr: f.plain(config.lr),
        epochsText: f.int(config.max_epochs), steps: f.int(state.globalStep),
      };
      this.set('warn', tr(state.finished ? 'status.divergingDone' : 'status.diverging', vars));
    } else if (state.finished) {
      this.set('done', tr('status.finished', { epochs: config.max_epochs, epochsText: f.int(config.max_epochs), steps: f.int(state.globalStep) }));
    } else if (running) {
      this.set('info', tr('status.running'));
    } else if (state.globalStep === 0) {
      this.set('info', tr('status.ready'));
    } else {
      const paused = this.pausedAt === state.globalStep;
      this.set('info', paused ? tr('status.paused') : tr('status.readyNext', { step: f.int(state.globalStep + 1) }));
    }
  }

  // What the core found (state.divergence: the cause, decided once in cpp/divergence.cpp, and the
  // numbers behind it), worded for the page.
  divergence(state, config) {
    const f = format;
    const d = state.divergence;
    const p3 = (x) => f.sig(x, 3);
    const what = d ? tr(`diverge.what.${d.what}`) : '';
    switch (d ? d.cause : null) {
      case 'lr_above_limit':
        return tr('status.divergedLr', { step: f.int(d.step), what, lr: f.plain(d.lr), limit: p3(d.lrLimit), suggest: p3(d.lrLimit / 2) });
      case 'lr_minibatch':
        return tr('status.divergedMinibatch', { step: f.int(d.step), what, lr: f.plain(d.lr), limit: p3(d.lrLimit), safe: p3(d.safeLr) });
      case 'data_overflow':
        return tr('status.divergedData', { step: f.int(d.step), what, label: p3(d.maxAbsLabel) });
      default: // lr_overflow: a smaller learning rate helps, with no limit to name
        return tr('status.diverged', { step: f.int(state.divergedStep), lr: f.plain(config.lr), smaller: f.plain(config.lr / 10) });
    }
  }

  error(message) {
    this.set('error', message);
  }

  set(kind, text) {
    const el = this.el;
    if (el.dataset.kind !== kind) {
      el.dataset.kind = kind;
      el.className = `status status-${kind}`;
      el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    }
    if (el.textContent !== text) el.textContent = text;
  }
}

export { Readouts, StatusLine };
