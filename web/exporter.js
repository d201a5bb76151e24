// Saving and opening: the whole session as JSON (exportSession, restored exactly by the run
// controller's importSession), the loss history as CSV, the step log in the command-line program's
// --export-run format, the data as CSV, and each plot as a PNG. Everything is made in the page and
// handed to the browser as a download: nothing is sent anywhere.
import { Dialog } from './dialog.js';
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';
import { theme } from './theme.js';


const MAX_SESSION_FILE = 256 * 1024 * 1024; // bytes of a session file we try to read
const MAX_PARAM_VALUES = 4e6; // per-step parameters in the history CSV: steps x (d + 1) at most

// Hands `content` to the browser as a file download.
function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function csvName(name) {
  return /[",\n\r]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

// The loss history as CSV: one row per step (epoch and batch 1-based, the minibatch loss, the
// parameters after the step when the run is not too large) with the epoch's training and
// validation loss on the step that ends it.
function historyCsv(run) {
  const h = run.history();
  const state = run.state();
  const nb = state.numBatches;
  const names = run.dataSource().columns.slice(0, -1).map(format.escaped);
  const d = state.w.length;
  const steps = h.stepLoss.length;
  const withParams = state.globalStep * (d + 1) <= MAX_PARAM_VALUES; // the trajectory has every step
  const tr = withParams ? run.trajectory(1, d) : null;
  const header = ['step', 'epoch', 'batch', 'loss'];
  if (withParams) header.push(...names.map((n, j) => csvName(`w_${j + 1} (${n})`)), 'b');
  header.push('train_loss', 'val_loss');
  const epochEnd = new Map();
  for (let i = 0; i < h.epoch.length; ++i) epochEnd.set(h.epoch[i] * nb, i);
  const lines = [header.join(',')];
  for (let i = 0; i < steps; ++i) {
    const k = h.step[i]; // every step (a run of more than 65,536 steps: an evenly thinned record)
    const row = [String(k), String(Math.floor((k - 1) / nb) + 1), String(((k - 1) % nb) + 1), format.csv(h.stepLoss[i])];
    if (withParams) {
      for (let j = 0; j < d; ++j) row.push(format.csv(tr.w[k * tr.k + j]));
      row.push(format.csv(tr.b[k]));
    }
    const e = epochEnd.get(k);
    if (e === undefined) row.push('', '');
    else row.push(format.csv(h.trainLoss[e]), state && run.config().num_val > 0 ? format.csv(h.valLoss[e]) : '');
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

// A plot as a PNG: its title, the uPlot canvas and its legend, on the theme's panel colour.
function plotPng(chart, title) {
  const u = chart.u;
  if (!u) return Promise.resolve(null);
  const src = u.ctx.canvas;
  const dpr = src.width / Math.max(1, u.width);
  const pad = Math.round(12 * dpr);
  const titleSize = Math.round(15 * dpr);
  const legendSize = Math.round(12 * dpr);
  const series = u.series.slice(1).map((s, i) => ({
    label: typeof s.label === 'string' ? s.label : '',
    colour: typeof s.stroke === 'function' ? s.stroke(u, i + 1) : s.stroke,
    show: s.show !== false,
  })).filter((s) => s.show && s.label);
  const out = document.createElement('canvas');
  out.width = src.width + 2 * pad;
  const legendRows = Math.ceil(series.length / 3);
  out.height = src.height + 3 * pad + titleSize + legendRows * (legendSize + pad / 2);
  const ctx = out.getContext('2d');
  ctx.fillStyle = theme ? theme.css('--panel', '#ffffff') : '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  const ink = theme ? theme.css('--ink', '#1f2937') : '#1f2937';
  ctx.fillStyle = ink;
  ctx.font = `600 ${titleSize}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.fillText(title, pad, pad);
  const top = 2 * pad + titleSize;
  ctx.drawImage(src, pad, top);
  ctx.font = `${legendSize}px system-ui, sans-serif`;
  const colWidth = src.width / 3;
  series.forEach((s, i) => {
    const x = pad + (i % 3) * colWidth;
    const y = top + src.height + pad + Math.floor(i / 3) * (legendSize + pad / 2);
    ctx.fillStyle = typeof s.colour === 'string' ? s.colour : ink;
    ctx.fillRect(x, y + legendSize * 0.3, legendSize * 1.4, legendSize * 0.4);
    ctx.fillStyle = ink;
    ctx.fillText(s.label, x + legendSize * 2, y);
  });
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

class Exporter {
  // run(): the page's back end (web/backend.js: exportSession, exportRun, dataCsv, history,
  // state, dataSource, trajectory, config); charts: {data, loss, params}; titles(name) -> text;
  // importSession(text) -> steps taken (the run controller's: throws the C++ message);
  // report(kind, text).
  constructor({ run, charts, titles, importSession, report }) {
    Object.assign(this, { run, charts, titles, importSession, report });
  }

  saveSession() {
    download('linreg-session.json', this.run().exportSession(), 'application/json');
    this.report('info', t('export.sessionSaved'));
  }

  saveHistory() {
    download('linreg-history.csv', historyCsv(this.run()), 'text/csv');
    this.report('info', t('export.historySaved'));
  }

  saveRun() {
    download('linreg-run.json', this.run().exportRun(), 'application/json');
    this.report('info', t('export.runSaved'));
  }

  saveData() {
    download('linreg-data.csv', this.run().dataCsv(), 'text/csv');
    this.report('info', t('export.dataSaved'));
  }

  async savePlot(name) {
    const blob = await plotPng(this.charts[name], this.titles(name));
    if (!blob) {
      this.report('error', t('export.plotEmpty'));
      return;
    }
    download(`linreg-${name}.png`, blob);
    this.report('info', t('export.plotSaved', { name: this.titles(name) }));
  }

  // The Downloads dialog: the history, the step log, the data and each plot.
  openDownloads() {
    if (!this.dialog) {
      this.dialog = new Dialog(t('export.title'), (body) => {
        const item = (label, help, action) => el('li', {},
          el('button', { type: 'button', class: 'btn', text: label, on: { click: action } }),
          el('span', { class: 'download-help', text: help }));
        body.append(el('ul', { class: 'downloads' },
          item(t('export.history'), t('export.historyHelp'), () => this.saveHistory()),
          item(t('export.run'), t('export.runHelp'), () => this.saveRun()),
          item(t('export.data'), t('export.dataHelp'), () => this.saveData()),
          item(t('export.session'), t('export.sessionHelp'), () => this.saveSession()),
          ...['data', 'loss', 'params'].map((name) =>
            item(t('export.plot', { name: this.titles(name) }), t('export.plotHelp'), () => this.savePlot(name)))));
      });
    }
    this.dialog.open();
  }

  // A session file chosen by the user: restored (replayed and checked) or refused with the reason.
  async openFile(file) {
    if (!file) return false;
    if (file.size > MAX_SESSION_FILE) {
      this.report('error', t('export.openFailed', { name: file.name, error: t('export.tooLarge') }));
      return false;
    }
    let steps;
    try {
      steps = this.importSession(await file.text());
    } catch (e) {
      this.report('error', t('export.openFailed', { name: file.name, error: e.message }));
      return false;
    }
    this.report('info', t('export.opened', { name: file.name, step: format.int(steps) }));
    return true;
  }
}


export const exporter = { download, historyCsv, plotPng };

export { Exporter };
