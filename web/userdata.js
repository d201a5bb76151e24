// Your own data: a dialog to paste or upload a CSV (the features, then the label in the last
// column; an optional header). The text is read by the C++ core (LinReg.parseCsv) in this page:
// it never leaves the browser. Errors name the line and the column; a preview shows what was read.
import { Dialog } from './dialog.js';
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const PREVIEW_ROWS = 5;
const PREVIEW_COLUMNS = 8;

// The encoding a file's first bytes name by their byte-order mark when it is not UTF-8 (the core's
// rule, cpp/json_fields.cpp encoding_error: file.text() would decode such a file into other text).
function byteOrderMark(b) {
  const starts = (...bytes) => bytes.every((x, i) => b[i] === x);
  if (starts(0xff, 0xfe, 0, 0)) return 'UTF-32 LE';
  if (starts(0, 0, 0xfe, 0xff)) return 'UTF-32 BE';
  if (starts(0xff, 0xfe)) return 'UTF-16 LE';
  if (starts(0xfe, 0xff)) return 'UTF-16 BE';
  return null;
}

class UserDataDialog {
  // api: LinReg; onApply({csv, name}, numVal) throws the C++ message when the run cannot start;
  // onSynthetic(): back to the book's data.
  constructor({ api, onApply, onSynthetic }) {
    Object.assign(this, { api, onApply, onSynthetic });
    this.dialog = null;
    this.name = '';
    this.table = null;
  }

  open(current) {
    if (!this.dialog) this.dialog = new Dialog(t('data.title'), (body) => this.build(body), { wide: true });
    this.f.back.hidden = !current;
    this.dialog.open();
  }

  build(body) {
    const limits = this.api.csvLimits();
    const f = {};
    f.file = el('input', { type: 'file', id: 'userdata-file', accept: '.csv,.tsv,.txt,text/csv,text/plain',
      on: { change: () => this.readFile() } });
    f.text = el('textarea', { id: 'userdata-text', rows: '8', spellcheck: 'false', 'aria-describedby': 'userdata-help userdata-error',
      placeholder: 'area,rooms,price\n52.5,2,180\n81,3,265\n…', on: { input: () => {
        this.name = '';
        this.check();
      } } });
    f.numVal = el('input', { type: 'text', id: 'userdata-numval', inputmode: 'numeric', value: '0', 'aria-describedby': 'userdata-numval-help',
      on: { input: () => this.check() } });
    f.error = el('p', { class: 'field-error', id: 'userdata-error', role: 'alert' });
    f.summary = el('p', { class: 'userdata-summary', role: 'status' });
    f.preview = el('div', { class: 'table-scroll preview', tabindex: '0', role: 'region', 'aria-label': t('data.previewLabel') });
    f.apply = el('button', { type: 'button', class: 'btn primary', text: t('data.apply'), on: { click: () => this.apply() } });
    f.back = el('button', { type: 'button', class: 'btn', text: t('data.back'), on: { click: () => this.back() } });
    this.f = f;
    body.append(
      el('p', { class: 'dialog-lede', text: t('data.lede') }),
      el('p', { class: 'privacy', text: t('data.privacy') }),
      el('div', { class: 'field' }, el('label', { for: 'userdata-file', text: t('data.upload') }), f.file),
      el('div', { class: 'field' }, el('label', { for: 'userdata-text', text: t('data.paste') }), f.text,
        el('p', { class: 'field-help', id: 'userdata-help', text: t('data.rules', {
          bytes: '8 MiB', rows: format.int(limits.maxRows), features: format.int(limits.maxFeatures),
        }) })),
      el('div', { class: 'field field-short' }, el('label', { for: 'userdata-numval', text: t('data.numVal') }), f.numVal,
        el('p', { class: 'field-help', id: 'userdata-numval-help', text: t('data.numValHelp') })),
      f.error, f.summary, f.preview,
      el('div', { class: 'dialog-actions' }, f.apply, f.back));
    this.check();
  }

  async readFile() {
    const file = this.f.file.files[0];
    if (!file) return;
    const limit = this.api.csvLimits().maxBytes;
    if (file.size > limit) {
      this.showError(t('data.fileTooLarge', { name: format.escaped(file.name), size: format.int(file.size), limit: format.int(limit) }));
      return;
    }
    const encoding = byteOrderMark(new Uint8Array(await file.slice(0, 4).arrayBuffer()));
    if (encoding) {
      this.showError(t('data.notUtf8', { name: format.escaped(file.name), encoding }));
      return;
    }
    this.f.text.value = await file.text();
    this.name = file.name;
    this.check();
  }

  showError(message) {
    this.f.error.textContent = message;
    this.f.apply.disabled = true;
  }

  numVal() {
    const text = this.f.numVal.value.trim();
    return /^\d+$/.test(text) ? Number(text) : text;
  }

  // Reads the text with the core's rules; shows the error or a summary and a preview.
  check() {
    const f = this.f;
    f.error.textContent = '';
    f.summary.textContent = '';
    f.preview.replaceChildren();
    this.table = null;
    const text = f.text.value;
    if (text.trim() === '') {
      f.apply.disabled = true;
      f.summary.textContent = t('data.empty');
      return;
    }
    try {
      this.table = this.api.parseCsv(text);
    } catch (e) {
      this.showError(e.message);
      this.showLine(text, e.line);
      return;
    }
    const tb = this.table;
    const numVal = this.numVal();
    if (!(Number.isInteger(numVal) && numVal >= 0 && numVal < tb.n)) {
      this.showError(t('data.numValError', { max: format.int(tb.n - 1) }));
      return;
    }
    f.apply.disabled = false;
    f.summary.textContent = t('data.summary', {
      rows: format.int(tb.n), d: format.int(tb.d), features: tb.columns.slice(0, -1).map(format.escaped).join(', '),
      label: format.escaped(tb.columns[tb.d]), train: format.int(tb.n - numVal), val: format.int(numVal),
      header: tb.hasHeader ? t('data.withHeader') : t('data.withoutHeader'),
    });
    this.renderPreview(tb);
  }

  // The line an error is on, shown as text under the message.
  showLine(text, line) {
    if (!line) return;
    const lines = text.split(/\r\n|\r|\n/);
    const shown = lines[line - 1];
    if (shown === undefined) return;
    const cut = shown.length > 120 ? `${shown.slice(0, 120)}\u2026` : shown;
    this.f.preview.replaceChildren(el('pre', { class: 'error-line' }, el('span', { class: 'line-no', text: `${line}: ` }), cut));
  }

  renderPreview(tb) {
    const cols = Math.min(tb.d, PREVIEW_COLUMNS);
    const head = el('tr', {});
    for (let j = 0; j < cols; ++j) head.append(el('th', { scope: 'col', text: format.escaped(tb.columns[j]) }));
    if (cols < tb.d) head.append(el('th', { scope: 'col', text: '\u2026' }));
    head.append(el('th', { scope: 'col', class: 'label-col', text: format.escaped(tb.columns[tb.d]) }));
    const body = el('tbody', {});
    for (let i = 0; i < Math.min(tb.n, PREVIEW_ROWS); ++i) {
      const tr = el('tr', {});
      for (let j = 0; j < cols; ++j) tr.append(el('td', { text: String(tb.X[i * tb.d + j]) }));
      if (cols < tb.d) tr.append(el('td', { text: '\u2026' }));
      tr.append(el('td', { class: 'label-col', text: String(tb.y[i]) }));
      body.append(tr);
    }
    const caption = el('caption', { text: t('data.previewCaption', { shown: Math.min(tb.n, PREVIEW_ROWS), rows: format.int(tb.n) }) });
    this.f.preview.replaceChildren(el('table', { class: 'examples' }, caption, el('thead', {}, head), body));
  }

  apply() {
    if (!this.table) return;
    try {
      this.onApply({ csv: this.f.text.value, name: this.name || t('data.pastedName') }, this.numVal());
    } catch (e) {
      this.showError(e.message);
      return;
    }
    this.dialog.close();
  }

  back() {
    this.onSynthetic();
    this.dialog.close();
  }
}

export { UserDataDialog };
