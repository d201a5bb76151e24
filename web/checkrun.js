// "Check my run...": the learner gives the record of their own training loop (a file or pasted
// text: CSV with the columns step, loss, w1 .. wd, b, or JSON; the format of docs/checking.md) and
// the core's checker (api.checkRecord) compares it with the current run's export step by step.
// The dialog shows the verdict (the first step and quantity that differ beyond the stated
// tolerance), the learner's curves over the reference run, the two runs side by side around that
// step, and the bug whose simulated run matches the record best. A bad record shows the checker's
// message, which names the line and the field.
import { canvasplot } from './canvasplot.js';
import { colours } from './colours.js';
import { Dialog } from './dialog.js';
import { el } from './dom.js';
import { format } from './format.js';
import { i18n, t } from './strings.js';

// ---- The record's numbers, for the plots (the checker has read and checked the text first) ----

// [{step, loss, w: [...], b}] from a record's text: CSV with a header (step, loss, w1 .. wd, b),
// or JSON (a list of such objects, or an object holding it as `steps`).
function readRecord(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = JSON.parse(trimmed);
    const rows = Array.isArray(json) ? json : json.steps || json.records || [];
    return rows.map((r) => ({ step: r.step, loss: num(r.loss), w: Array.from(r.w || [], num), b: num(r.b) }));
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const header = lines[0].split(',').map((h) => h.trim());
  const col = (name) => header.indexOf(name);
  const wCols = header.map((h, i) => (/^w\d+$/.test(h) ? i : -1)).filter((i) => i >= 0);
  return lines.slice(1).map((line) => {
    const cells = line.split(',').map((c) => Number(c.trim()));
    return { step: cells[col('step')], loss: cells[col('loss')], w: wCols.map((i) => cells[i]), b: cells[col('b')] };
  });
}

function num(v) {
  return v === null || v === undefined ? NaN : Number(v);
}

// The reference run's steps in the same shape, from its export.
function referenceSteps(run) {
  return run.steps.map((s) => ({ step: s.step, loss: num(s.loss), w: s.w.map(num), b: num(s.b) }));
}

// A quantity as the page names it: loss, w2, b (the checker's name for it when it gives one).
function quantityName(diff) {
  if (diff.name) return diff.name;
  return diff.quantity === 'w' ? `w${diff.index + 1}` : diff.quantity;
}

// ---- Plots: the record over the reference ----------------------------------------------------

function range(values, log) {
  const v = values.filter((x) => Number.isFinite(x) && (!log || x > 0));
  if (!v.length) return log ? [1e-3, 1] : [0, 1];
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return log ? canvasplot.logRange(lo, hi) : canvasplot.padRange(lo, hi);
}

// series: [{points: [[x, y]], colour, dash, width}]; mark: a step to draw a vertical line at.
function drawPlot(plot, series, { yLabel, log, mark }) {
  plot.begin();
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [xlo, xhi] = range(xs, false);
  const [ylo, yhi] = range(ys, log);
  plot.setScales({ lo: Math.max(0, xlo), hi: xhi, log: false }, { lo: ylo, hi: yhi, log });
  plot.axes(t('check.plot.step'), yLabel);
  if (mark !== null && mark !== undefined) plot.vline(mark, { colour: colours.OKABE_ITO.vermillion, width: 1.5, dash: [2, 3] });
  for (const s of series) plot.line(s.points, { colour: s.colour, width: s.width, dash: s.dash || [] });
}

function drawCurves(plots, reference, record, mark) {
  const ref = { width: 4, dash: [] };
  const yours = { width: 1.5, dash: [5, 3] };
  const losses = [...reference.map((s) => s.loss), ...record.map((s) => s.loss)];
  const log = losses.every((v) => !Number.isFinite(v) || v > 0);
  const lossLine = (steps) => steps.map((s) => [s.step, s.loss]);
  drawPlot(plots.loss, [
    Object.assign({ points: lossLine(reference), colour: colours.withAlpha(colours.GREY, 0.55) }, ref),
    Object.assign({ points: lossLine(record), colour: colours.ink() }, yours),
  ], { yLabel: t('check.plot.loss'), log, mark });
  const d = reference.length ? reference[0].w.length : 0;
  const series = [];
  for (let j = 0; j <= Math.min(d, 8); ++j) {
    const pick = j < Math.min(d, 8) ? (s) => s.w[j] : (s) => s.b;
    const colour = j < Math.min(d, 8) ? colours.paramColour(j) : colours.B_COLOUR;
    series.push(Object.assign({ points: reference.map((s) => [s.step, pick(s)]), colour: colours.withAlpha(colour, 0.4) }, ref));
    series.push(Object.assign({ points: record.map((s) => [s.step, pick(s)]), colour }, yours));
  }
  drawPlot(plots.params, series, { yLabel: t('check.plot.params'), log: false, mark });
}

// ---- The dialog -----------------------------------------------------------------------------

class CheckRunDialog {
  // actions: {check(recordText, runText) -> report (throws the checker's message),
  //   reference() -> {text, steps} the current run's export to its end, or throws why not,
  //   bugTitle(name) -> the bug's title}
  constructor(actions) {
    this.actions = actions;
    this.dialog = null;
  }

  open() {
    if (!this.dialog) this.dialog = new Dialog(t('check.title'), (body) => this.build(body), { wide: true });
    this.dialog.open();
  }

  build(body) {
    const f = {};
    f.file = el('input', { type: 'file', id: 'checkrun-file', accept: '.csv,.json,.txt,text/csv,application/json,text/plain',
      on: { change: () => this.readFile() } });
    f.text = el('textarea', { id: 'checkrun-text', rows: '7', spellcheck: 'false', 'aria-describedby': 'checkrun-help checkrun-error',
      placeholder: 'step,loss,w1,w2,b\n1,16.18,0.0094,-0.0034,0.1258\n\u2026' });
    f.check = el('button', { type: 'button', class: 'btn primary', 'data-action': 'check-run', text: t('check.run'),
      on: { click: () => this.check() } });
    f.error = el('p', { class: 'field-error', id: 'checkrun-error', role: 'alert' });
    f.result = el('div', { class: 'checkrun-result', 'data-part': 'check-result', hidden: true });
    this.f = f;
    body.append(
      el('p', { class: 'dialog-lede', text: t('check.lede') }),
      el('p', { class: 'privacy', text: t('check.privacy') }),
      el('div', { class: 'field' }, el('label', { for: 'checkrun-file', text: t('check.upload') }), f.file),
      el('div', { class: 'field' }, el('label', { for: 'checkrun-text', text: t('check.paste') }), f.text,
        el('p', { class: 'field-help', id: 'checkrun-help', text: t('check.format') })),
      el('div', { class: 'dialog-actions' }, f.check), f.error, f.result);
  }

  async readFile() {
    const file = this.f.file.files[0];
    if (!file) return;
    this.f.text.value = await file.text();
    this.check();
  }

  showError(message) {
    this.f.error.textContent = message;
    this.f.result.hidden = true;
    this.f.result.replaceChildren();
  }

  // Checks the record against the current run; shows the verdict, or the checker's message.
  check() {
    const text = this.f.text.value;
    this.f.error.textContent = '';
    if (text.trim() === '') {
      this.showError(t('check.empty'));
      return;
    }
    let reference;
    let report;
    try {
      reference = this.actions.reference();
      report = this.actions.check(text, reference.text);
    } catch (e) {
      this.showError(e.message);
      return;
    }
    this.show(report, readRecord(text), referenceSteps(reference.run));
  }

  show(report, record, reference) {
    const r = this.f.result;
    const diff = report.first_difference;
    r.hidden = false;
    r.dataset.matches = String(report.matches);
    r.dataset.firstStep = diff ? String(diff.step) : '';
    r.dataset.bestBug = report.best_bug ? report.best_bug.name : '';
    const plots = { loss: el('canvas', { class: 'checkrun-plot', 'data-plot': 'loss', role: 'img', 'aria-label': t('check.plot.lossAria') }),
      params: el('canvas', { class: 'checkrun-plot', 'data-plot': 'params', role: 'img', 'aria-label': t('check.plot.paramsAria') }) };
    r.replaceChildren(this.verdict(report), this.bestBug(report),
      el('div', { class: 'checkrun-plots' }, plots.loss, plots.params),
      el('p', { class: 'chart-note', text: t('check.plot.legend') }),
      ...this.windowTable(report));
    const live = {};
    for (const [name, canvas] of Object.entries(plots)) {
      live[name] = new canvasplot.CanvasPlot(canvas, { height: 200, margin: { l: 60, b: 36 } });
      live[name].onResize = () => drawCurves(live, reference, record, diff ? diff.step : null);
    }
    drawCurves(live, reference, record, diff ? diff.step : null);
  }

  verdict(report) {
    const diff = report.first_difference;
    const tolerance = typeof report.tolerance === 'number' ? { relative: report.tolerance, absolute: 0 } : report.tolerance;
    const tol = t('check.tolerance', { abs: format.spoken(tolerance.absolute), rel: format.spoken(tolerance.relative) });
    const steps = format.int(report.steps_compared);
    if (report.matches) {
      return el('p', { class: 'checkrun-verdict is-right', 'data-part': 'check-verdict' },
        el('strong', { text: t('check.matches') }), ' ', t('check.matchesText', { steps, tol }));
    }
    const text = diff ? t('check.differsText', {
      step: format.int(diff.step), quantity: quantityName(diff), reference: format.spoken(diff.reference),
      record: format.spoken(diff.record), error: format.spoken(diff.relative_error), tol,
    }) : t('check.differsNoStep', { steps, tol });
    return el('p', { class: 'checkrun-verdict is-other', 'data-part': 'check-verdict' }, el('strong', { text: t('check.differs') }), ' ', text);
  }

  bestBug(report) {
    const best = report.best_bug;
    let text;
    if (report.matches) text = t('check.bestNone');
    else if (!best) text = t('check.bestUnknown');
    else {
      const at = best.first_difference;
      text = t(at ? 'check.bestBugUntil' : 'check.bestBugAll', {
        title: this.actions.bugTitle(best.name), name: best.name, score: format.int(best.score),
        step: at ? format.int(at.step) : '', steps: format.int(report.steps_compared),
      });
    }
    return el('p', { class: 'checkrun-best', 'data-part': 'check-best' }, el('strong', { text: t('check.bestTitle') }), ' ', text);
  }

  // The two runs side by side around the first difference (the checker's window).
  windowTable(report) {
    const rows = report.window || [];
    if (!rows.length) return [];
    const d = rows[0].reference.w.length;
    const names = ['loss', ...Array.from({ length: d }, (_, j) => `w${j + 1}`), 'b'];
    const value = (side, name) => (name === 'loss' ? side.loss : name === 'b' ? side.b : side.w[Number(name.slice(1)) - 1]);
    const diff = report.first_difference;
    const marked = diff ? quantityName(diff) : null;
    const head = el('tr', null, el('th', { scope: 'col', text: t('check.table.step') }),
      ...names.flatMap((n) => [el('th', { scope: 'col', text: t('check.table.reference', { q: n }) }),
        el('th', { scope: 'col', text: t('check.table.yours', { q: n }) })]));
    const body = rows.map((row) => el('tr', { 'data-step': String(row.step), class: diff && row.step === diff.step ? 'is-first' : null },
      el('th', { scope: 'row', text: format.int(row.step) }),
      ...names.flatMap((n) => {
        const off = diff && row.step === diff.step && n === marked ? 'is-different' : null;
        return [el('td', { text: cell(value(row.reference, n)) }), el('td', { class: off, text: cell(value(row.record, n)) })];
      })));
    return [el('p', { class: 'checkrun-table-title', text: t('check.table.title') }),
      el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('check.table.title') },
        el('table', { class: 'checkrun-table' }, el('thead', null, head), el('tbody', null, ...body)))];
  }
}

function cell(v) {
  return v === null || v === undefined ? '\u2014' : format.dec4Pretty(v);
}

// The dialog's actions: the core's checker, and the current run's export to its end (its own
// when it has ended, else a separate run of its settings from the page's back end); with a bug of
// the bug lab on, the correct run of the same settings.
function wireCheckRun({ api, controller }) {
  const session = controller.session;
  return new CheckRunDialog({
    check: (recordText, runText) => api.checkRecord(recordText, runText),
    reference: () => {
      if (session.remote) throw new Error(t('check.unavailable'));
      const correct = Object.assign({}, session.config, { bug: 'none' });
      const own = session.config.bug === 'none' && !session.canStep();
      const text = own ? session.page.exportRun() : session.page.exportRunOf(correct, session.userData);
      return { text, run: JSON.parse(text) };
    },
    bugTitle: (name) => (i18n.has(`bug.${name}.title`) ? t(`bug.${name}.title`) : name),
  });
}

export const checkrun = { readRecord, referenceSteps, quantityName };
export { CheckRunDialog, wireCheckRun };
