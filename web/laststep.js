// The last step in one strip beside the plots: the minibatch's loss, the gradient and each update
// written out with the step's numbers (w1 <- 1.2300 - 0.03 x 4.5600 = 1.0932), the same lines as
// the step inspector below (web/inspector.js), which it links to for the rest.
import { el } from './dom.js';
import { format } from './format.js';
import { gradientText, gradientValue, updateApplied, updateCode, updateParts } from './inspector.js';
import { t } from './strings.js';

const MAX_WEIGHTS = 4; // weights written out in the strip; the inspector has them all

class LastStepStrip {
  constructor(root) {
    this.root = root;
    this.summary = root.querySelector('[data-part="strip-summary"]');
    this.body = root.querySelector('[data-part="strip-body"]');
    this.shown = null; // the minibatch drawn last
  }

  // mb: the session's last Minibatch (or null); numBatches: minibatches per epoch.
  update(mb, numBatches) {
    if (mb === this.shown && mb) return;
    this.shown = mb;
    this.root.toggleAttribute('data-empty', !mb);
    if (!mb) {
      this.summary.textContent = t('strip.empty');
      this.body.replaceChildren();
      this.lines = null;
      return;
    }
    const f = format;
    this.root.dataset.step = String(mb.step);
    this.summary.textContent = t('strip.summary', {
      step: f.int(mb.step), batch: f.int(mb.batch + 1), batches: f.int(numBatches), epoch: f.int(mb.epoch + 1),
      m: f.int(mb.indices.length), loss: f.loss(mb.loss),
    });
    const applied = updateApplied(mb);
    // While the run plays the strip changes at every step: the same lines get their new numbers
    // in place (no new elements, a smaller layout); a new shape (d, a skipped update) builds them.
    const shape = `${mb.gradW.length}|${applied}`;
    if (this.lines && this.lines.shape === shape) this.renumber(mb, applied);
    else this.build(mb, applied, shape);
    this.root.dataset.applied = String(applied);
  }

  build(mb, applied, shape) {
    const d = mb.gradW.length;
    const shown = Math.min(d, MAX_WEIGHTS);
    const params = [...Array.from({ length: shown }, (_, j) => j), undefined];
    const more = shown < d ? el('li', { class: 'last-step-more', text: t('inspector.more', { n: format.int(d - shown) }) }) : null;
    const item = (j, content) => el('li', { 'data-param': j === undefined ? 'b' : `w${j + 1}` }, content);
    const gradients = params.map((j) => el('code', {}, ...gradientText(mb, j)));
    const updates = params.map((j) => updateCode(mb, j, applied));
    this.body.replaceChildren(
      el('p', { class: 'last-step-label', text: t('strip.gradient') }),
      el('ul', { class: 'last-step-list', 'data-part': 'strip-gradient' },
        ...params.map((j, i) => item(j, gradients[i])), more && more.cloneNode(true)),
      el('p', { class: 'last-step-label', text: t('strip.update') }),
      el('ul', { class: 'last-step-list', 'data-part': 'strip-updates' },
        ...params.map((j, i) => item(j, updates[i])), more),
    );
    // The text nodes that hold each line's numbers (web/inspector.js builds the lines).
    this.lines = {
      shape, params,
      gradients: gradients.map((code) => code.lastChild),
      updates: updates.map((code) => ({ text: code.childNodes[1], result: applied ? code.lastChild : null })),
    };
  }

  renumber(mb, applied) {
    const L = this.lines;
    L.params.forEach((j, i) => {
      setData(L.gradients[i], gradientValue(mb, j));
      const { text, result } = updateParts(mb, j, applied);
      setData(L.updates[i].text, text);
      if (result !== null) setData(L.updates[i].result.firstChild, result);
    });
  }
}

// A text node's text, written only when it changed.
function setData(node, text) {
  if (node.data !== text) node.data = text;
}

export { LastStepStrip };
