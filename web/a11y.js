// Accessibility beyond the markup: a live region that narrates the training in words ("step 17 of
// epoch 2: loss 0.0213, w = [1.93, -3.31], b = 4.12") and a table view of each plot's numbers.
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const RUN_INTERVAL_MS = 4000; // while Run animates, at most one sentence this often
const MAX_WEIGHTS_SPOKEN = 4;
const MAX_TABLE_ROWS = 100;

const { spoken } = format;

function weights(w) {
  const shown = Array.from(w.slice(0, MAX_WEIGHTS_SPOKEN), spoken).join(', ');
  return w.length > MAX_WEIGHTS_SPOKEN ? t('narrate.moreWeights', { shown, more: w.length - MAX_WEIGHTS_SPOKEN }) : `[${shown}]`;
}

// The sentence for one step (also used by the tests, which compare it with the numbers).
function stepSentence(mb, numBatches) {
  return t('narrate.step', {
    step: format.int(mb.step), batch: format.int(mb.batch + 1), batches: format.int(numBatches),
    epoch: format.int(mb.epoch + 1), loss: spoken(mb.loss), w: weights(mb.wAfter), b: spoken(mb.bAfter),
  });
}

class Narrator {
  constructor(region) {
    this.region = region;
    this.lastStep = 0;
    this.lastEpochs = 0;
    this.lastSpoken = 0;
    this.pending = null;
  }

  say(text) {
    // Replacing the text of a polite live region makes screen readers read the new sentence.
    this.region.textContent = text;
    this.lastSpoken = performance.now();
  }

  // After every render: one sentence for the newest step (throttled while running) and one per
  // finished epoch.
  update(session, running) {
    const s = session.state;
    if (s.globalStep < this.lastStep) {
      this.lastStep = s.globalStep;
      this.lastEpochs = 0;
      this.say(t('narrate.reset'));
      return;
    }
    const parts = [];
    if (s.globalStep > this.lastStep && session.last) {
      parts.push(stepSentence(session.last, session.numBatches));
      this.lastStep = s.globalStep;
    }
    const e = session.epochs;
    if (e.epoch.length > this.lastEpochs) {
      const i = e.epoch.length - 1;
      parts.push(session.config.num_val > 0
        ? t('narrate.epochVal', { epoch: e.epoch[i], train: spoken(e.trainLoss[i]), val: spoken(e.valLoss[i]) })
        : t('narrate.epoch', { epoch: e.epoch[i], train: spoken(e.trainLoss[i]) }));
      this.lastEpochs = e.epoch.length;
    }
    if (parts.length === 0) return;
    const text = parts.join(' ');
    if (running && performance.now() - this.lastSpoken < RUN_INTERVAL_MS) {
      this.pending = text;
      return;
    }
    this.pending = null;
    this.say(text);
  }

  // When Run stops: the latest sentence that was held back.
  flush() {
    if (this.pending) this.say(this.pending);
    this.pending = null;
  }
}

// ---- Table views of the plots ---------------------------------------------------------------

// At most `max` evenly spaced indices of 0 .. n-1, the last one included.
function sample(n, max) {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = [];
  for (let k = 0; k < max; ++k) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return out;
}

function table(caption, head, rows) {
  return el('table', { class: 'examples data-table' },
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, j) => (j === 0 ? el('th', { scope: 'row', text: c }) : el('td', { text: c })))))));
}

const num = (x) => (x === null || x === undefined ? '' : format.dec4Pretty(x));
const loss = (x) => (x === null || x === undefined || Number.isNaN(x) ? '\u2014' : format.loss(x));

// The numbers each plot draws, as tables (built only while their <details> is open).
const TABLES = {
  data(session, feature) {
    const v = session.dataView(feature);
    const f = format;
    const xName = session.state.reference === 'true' ? `x${f.sub(feature + 1)}` : session.columns[feature];
    const lines = t('table.lines', {
      fit: `${f.dec4Pretty(v.fit.slope)} \u00b7 ${xName} + ${f.dec4Pretty(v.fit.intercept)}`,
      truth: `${f.dec4Pretty(v.truth.slope)} \u00b7 ${xName} + ${f.dec4Pretty(v.truth.intercept)}`,
    });
    const idx = session.last ? Array.from(session.last.indices.subarray(0, MAX_TABLE_ROWS)) : [];
    const rows = idx.map((i, k) => [String(i), num(v.batchX[k]), num(v.batchY[k])]);
    return [
      el('p', { class: 'table-note', text: lines }),
      rows.length
        ? table(t('table.batchCaption', { shown: rows.length, total: session.last.indices.length }), [t('table.row'), xName, 'y'], rows)
        : el('p', { class: 'table-note', text: t('table.noStep') }),
    ];
  },
  loss(session) {
    const v = session.lossView();
    const out = [];
    const hasVal = v.hasVal;
    out.push(v.epochs.x.length
      ? table(t('table.epochCaption'), [t('table.epoch'), t('table.trainLoss'), ...(hasVal ? [t('table.valLoss')] : [])],
        v.epochs.x.map((e, i) => [String(e), loss(v.epochs.train[i]), ...(hasVal ? [loss(v.epochs.val[i])] : [])]))
      : el('p', { class: 'table-note', text: t('table.noEpoch') }));
    if (v.smooth.x.length) {
      out.push(table(t('table.smoothCaption'), [t('table.epochX'), t('table.loss')],
        sample(v.smooth.x.length, MAX_TABLE_ROWS).map((i) => [format.dec4(v.smooth.x[i]), loss(v.smooth.y[i])])));
    }
    if (v.steps.x.length) {
      const picks = sample(v.steps.x.length, MAX_TABLE_ROWS);
      out.push(table(t('table.stepsCaption', { shown: picks.length, total: session.state.globalStep }), [t('table.epochX'), t('table.loss')],
        picks.map((i) => [format.dec4(v.steps.x[i]), loss(v.steps.y[i])])));
    }
    out.push(el('p', { class: 'table-note', text: t('table.floor', { floor: loss(v.floor) }) }));
    return out;
  },
  params(session) {
    const v = session.paramView();
    const f = format;
    const head = [t('table.step'), ...v.w.map((_, j) => `w${f.sub(j + 1)}`), 'b'];
    const picks = sample(v.x.length, MAX_TABLE_ROWS);
    const rows = picks.map((i) => [f.int(v.x[i]), ...v.w.map((col) => num(col[i])), num(v.b[i])]);
    const refRow = [session.state.reference === 'least-squares' ? t('table.leastSquares') : t('table.true'),
      ...v.trueW.map(num), num(v.trueB)];
    return [table(t('table.paramsCaption', { shown: rows.length, total: v.x.length }), head, [...rows, refRow])];
  },
};

class TableViews {
  // details: {data, loss, params} <details> elements, each with a [data-part="table"] inside.
  constructor(details) {
    this.details = details;
    this.args = null;
    for (const [name, d] of Object.entries(details)) {
      if (d) d.addEventListener('toggle', () => this.fill(name));
    }
  }

  update(session, feature) {
    this.args = [session, feature];
    for (const name of Object.keys(this.details)) this.fill(name);
  }

  fill(name) {
    const d = this.details[name];
    if (!d || !d.open || !this.args) return;
    d.querySelector('[data-part="table"]').replaceChildren(...TABLES[name](...this.args));
  }
}

export const a11y = { Narrator, TableViews, stepSentence };
