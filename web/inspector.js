// The step inspector: everything about the last minibatch update, with its numbers.
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const MAX_ROWS = 1000; // table rows rendered for a very large minibatch
const MAX_FEATURE_COLUMNS = 8;
const MAX_UPDATE_LINES = 16;
const MAX_INDICES = 5000; // indices written out for a very large minibatch

// "w" with subscript j as DOM: w<sub>1</sub>.
function sym(name, j) {
  return el('span', { class: 'sym' }, name, j !== undefined && el('sub', { text: String(j) }));
}

// A text of web/strings.js.
const tr = (key, vars) => (t ? t(key, vars) : key);

class Inspector {
  constructor(root) {
    this.root = root;
    this.summary = root.querySelector('[data-part="summary"]');
    this.indices = root.querySelector('[data-part="indices"]');
    this.table = root.querySelector('[data-part="examples"]');
    this.gradient = root.querySelector('[data-part="gradient"]');
    this.updates = root.querySelector('[data-part="updates"]');
    this.clip = root.querySelector('[data-part="clip"]');
  }

  // mb: the last Minibatch (or null); data: {d, X} of the training set; numBatches.
  update(mb, data, numBatches) {
    const f = format;
    this.root.toggleAttribute('data-empty', !mb);
    if (!mb) {
      this.summary.textContent = tr('inspector.empty');
      for (const part of [this.indices, this.table, this.gradient, this.updates, this.clip]) part.replaceChildren();
      this.indices.dataset.count = '0';
      return;
    }
    const m = mb.indices.length;
    this.summary.textContent = tr('inspector.summary', {
      step: f.int(mb.step), batch: f.int(mb.batch + 1), batches: f.int(numBatches), epoch: f.int(mb.epoch + 1),
      m: f.int(m), loss: f.loss(mb.loss),
    });

    const shown = Array.from(mb.indices.subarray(0, MAX_INDICES)).join(', ');
    this.indices.textContent = m > MAX_INDICES ? tr('inspector.moreIndices', { shown, more: f.int(m - MAX_INDICES) }) : shown;
    this.indices.dataset.count = String(m);
    this.renderTable(mb, data);
    this.renderGradient(mb, data.d);
    this.renderUpdates(mb, data.d);
  }

  renderTable(mb, data) {
    const f = format;
    const { d, X } = data;
    const cols = Math.min(d, MAX_FEATURE_COLUMNS);
    const head = el('tr', {}, el('th', { scope: 'col', text: tr('inspector.row') }));
    for (let j = 0; j < cols; ++j) head.append(el('th', { scope: 'col' }, sym('x', j + 1)));
    if (cols < d) head.append(el('th', { scope: 'col', text: '\u2026' }));
    head.append(
      el('th', { scope: 'col', text: 'y' }),
      el('th', { scope: 'col', text: '\u0177' }),
      el('th', { scope: 'col', text: '\u0177 \u2212 y' }),
    );
    const body = document.createDocumentFragment();
    const rows = Math.min(mb.indices.length, MAX_ROWS);
    for (let k = 0; k < rows; ++k) {
      const i = mb.indices[k];
      const row = el('tr', {}, el('th', { scope: 'row', text: String(i) }));
      for (let j = 0; j < cols; ++j) row.append(el('td', { text: f.dec4Pretty(X[i * d + j]) }));
      if (cols < d) row.append(el('td', { text: '\u2026' }));
      row.append(
        el('td', { text: f.dec4Pretty(mb.y[k]) }),
        el('td', { text: f.dec4Pretty(mb.yHat[k]) }),
        el('td', { text: f.dec4Pretty(mb.residual[k]) }),
      );
      body.append(row);
    }
    const caption = el('caption', {
      text: rows < mb.indices.length
        ? tr('inspector.captionSome', { rows: f.int(rows), total: f.int(mb.indices.length) })
        : tr('inspector.captionAll', { rows: f.int(rows) }),
    });
    this.table.replaceChildren(caption, el('thead', {}, head), el('tbody', {}, body));
  }

  renderGradient(mb, d) {
    const f = format;
    const items = [];
    const shown = Math.min(d, MAX_UPDATE_LINES);
    for (let j = 0; j < shown; ++j) items.push(el('li', { 'data-param': `w${j + 1}` }, ...gradientText(mb, j)));
    if (shown < d) items.push(el('li', { text: tr('inspector.more', { n: f.int(d - shown) }) }));
    items.push(el('li', { 'data-param': 'b' }, ...gradientText(mb)));
    this.gradient.replaceChildren(...items);

    this.clip.textContent = mb.clipped
      ? tr('inspector.clipped', { norm: f.dec4(mb.gradNorm) })
      : tr('inspector.notClipped', { norm: f.dec4(mb.gradNorm) });
  }

  renderUpdates(mb, d) {
    const f = format;
    const applied = updateApplied(mb);
    const line = (j) => el('li', { 'data-param': j === undefined ? 'b' : `w${j + 1}` }, updateCode(mb, j, applied));
    const items = [];
    const shown = Math.min(d, MAX_UPDATE_LINES);
    for (let j = 0; j < shown; ++j) items.push(line(j));
    if (shown < d) items.push(el('li', { text: tr('inspector.more', { n: f.int(d - shown) }) }));
    items.push(line(undefined));
    if (!applied) items.unshift(el('li', { class: 'skipped', text: tr('inspector.skipped') }));
    this.updates.replaceChildren(...items);
  }
}

// The parts of "dL/dw_1 = 4.5600" for weight j (0-based; undefined: the bias) of minibatch mb.
function gradientText(mb, j) {
  return ['\u2202L/\u2202', j === undefined ? sym('b') : sym('w', j + 1), gradientValue(mb, j)];
}

// Its number: " = 4.5600".
function gradientValue(mb, j) {
  return ` = ${format.dec4Pretty(j === undefined ? mb.gradB : mb.gradW[j])}`;
}

// Whether the trainer applied the update: it skips it when the loss or the gradient is not
// finite (divergence).
function updateApplied(mb) {
  return Number.isFinite(mb.loss) && Number.isFinite(mb.gradB) && mb.gradW.every(Number.isFinite);
}

// "w_1 <- 1.2300 - 0.03 x 4.5600 = 1.0932" for weight j (0-based; undefined: the bias), as code.
function updateCode(mb, j, applied = updateApplied(mb)) {
  const name = j === undefined ? sym('b') : sym('w', j + 1);
  const { text, result } = updateParts(mb, j, applied);
  return result === null ? el('code', {}, name, text) : el('code', {}, name, text, el('strong', { text: result }));
}

// Its text after the name and its result (null when the update was skipped):
// {text: " <- 1.2300 - 0.03 x 4.5600 = ", result: "1.0932"}.
function updateParts(mb, j, applied) {
  const f = format;
  const [before, g, after] = j === undefined ? [mb.bBefore, mb.gradB, mb.bAfter] : [mb.wBefore[j], mb.gradW[j], mb.wAfter[j]];
  if (!applied) return { text: ` ${tr('inspector.stays', { value: f.dec4Pretty(after) })}`, result: null };
  const arg = g < 0 ? `(${f.dec4Pretty(g)})` : f.dec4Pretty(g);
  return { text: ` \u2190 ${f.dec4Pretty(before)} \u2212 ${f.plain(mb.lr)} \u00d7 ${arg} = `, result: f.dec4Pretty(after) };
}

export { Inspector, gradientText, gradientValue, updateApplied, updateCode, updateParts };
