// The section's mathematics (Dive into Deep Learning §3.4), typeset with KaTeX: the data, the
// model, the minibatch loss, its gradient and the update, each symbol tied to its number in the
// current step. A symbol (in a formula, on hover, or its entry in the list of numbers "now", on
// focus or hover) highlights the others of its kind and the step inspector's matching lines when
// they are there. KaTeX builds DOM nodes (katex.render, styles set through the CSSOM, no inline style
// attribute), so it runs under the page's Content-Security-Policy; its stylesheet and fonts come
// from web/vendor/katex/ (scripts/vendor.sh). It reads the run and never changes it.
//
// KaTeX is most of the page's script, so it is not in the page's bundle: web/dist/katex.js (a
// classic script, scripts/bundle.js, entry web/katex-entry.js) and its stylesheet are loaded when
// the block is first about to be shown (it comes within half a screen of the window, or is un-hidden);
// until then each formula is shown as plain text in a box of the typeset formula's height (style.css).
import { el } from './dom.js';
import { format } from './format.js';
import { addScript } from './moduleloader.js';
import { t } from './strings.js';

// \sym{key}{tex}: a symbol tied to the number `key` (KaTeX's \htmlData, the only command trusted).
const sym = (key, tex) => `\\htmlData{sym=${key}}{${tex}}`;
const B = '|\\mathcal{B}|';
const RESIDUAL = '\\big(\\hat{y}^{(i)} - y^{(i)}\\big)';
const SUM = '\\sum_{i \\in \\mathcal{B}}';

// The five formulas, in the book's notation (§3.4.1-3.4.3, and §3.1 for the loss).
const FORMULAS = [
  ['data', `\\mathbf{y} = \\mathbf{X}${sym('wtrue', '\\mathbf{w}')} + ${sym('btrue', 'b')} + \\boldsymbol{\\epsilon},\\quad \\epsilon \\sim \\mathcal{N}(0, ${sym('sigma', '\\sigma')}^2)`],
  ['model', `\\hat{\\mathbf{y}} = \\mathbf{X}${sym('w', '\\mathbf{w}')} + ${sym('b', 'b')}`],
  ['loss', `${sym('loss', 'L_{\\mathcal{B}}')} = \\frac{1}{${sym('batch', B)}} ${SUM} \\tfrac{1}{2}${RESIDUAL}^2`],
  ['gradient', `${sym('gradw', '\\partial_{\\mathbf{w}} L_{\\mathcal{B}}')} = \\frac{1}{${B}} ${SUM} \\mathbf{x}^{(i)} ${RESIDUAL},\\quad ${sym('gradb', '\\partial_{b} L_{\\mathcal{B}}')} = \\frac{1}{${B}} ${SUM} ${RESIDUAL}`],
  ['update', `${sym('w', '\\mathbf{w}')} \\leftarrow \\mathbf{w} - \\frac{${sym('eta', '\\eta')}}{${B}} ${SUM} \\mathbf{x}^{(i)} ${RESIDUAL},\\quad ${sym('b', 'b')} \\leftarrow b - \\frac{\\eta}{${B}} ${SUM} ${RESIDUAL}`],
];

// The same, as plain text: shown until KaTeX is loaded.
const SUMB = '\u2211(i \u2208 B)';
const RES = '(\u0177\u207d\u2071\u207e \u2212 y\u207d\u2071\u207e)';
const PLAIN = {
  data: 'y = Xw + b + \u03b5,  \u03b5 \u223c \ud835\udca9(0, \u03c3\u00b2)',
  model: '\u0177 = Xw + b',
  loss: `L_B = 1/|B| ${SUMB} \u00bd ${RES}\u00b2`,
  gradient: `\u2202_w L_B = 1/|B| ${SUMB} x\u207d\u2071\u207e ${RES},  \u2202_b L_B = 1/|B| ${SUMB} ${RES}`,
  update: `w \u2190 w \u2212 \u03b7/|B| ${SUMB} x\u207d\u2071\u207e ${RES},  b \u2190 b \u2212 \u03b7/|B| ${SUMB} ${RES}`,
};

// The faces of KaTeX's fonts the five formulas use (bold w, X; italic and bold-italic symbols;
// calligraphic B; the large sums): loaded before the plain text is replaced, so that the formulas
// never show for a moment without their glyphs (KaTeX's fonts are font-display: block).
const FONTS = ['16px KaTeX_Main', 'bold 16px KaTeX_Main', 'italic 16px KaTeX_Math', 'bold italic 16px KaTeX_Math',
  '16px KaTeX_Caligraphic', '16px KaTeX_Size1', '16px KaTeX_Size2'];

// Loads KaTeX (once, for every MathView): its stylesheet and script, paths from the block's
// data-katex-href and data-katex-src; resolves with katex.
let katexLoad = null;
function loadKatex(root) {
  if (!katexLoad) {
    const css = new Promise((resolve, reject) => {
      const link = el('link', { rel: 'stylesheet', href: root.dataset.katexHref });
      link.onload = resolve;
      link.onerror = () => reject(new Error(`${root.dataset.katexHref} could not be loaded`));
      document.head.append(link);
    });
    const fonts = () => Promise.all(FONTS.map((f) => document.fonts.load(f).catch(() => null)));
    katexLoad = Promise.all([addScript(root.dataset.katexSrc), css.then(fonts)]).then(() => globalThis.LinRegKatex);
  }
  return katexLoad;
}

// The numbers "now", in the order listed: [key, the symbol as text (null: the true w or b)].
const SYMBOLS = [
  ['wtrue', null], ['btrue', null], ['sigma', '\u03c3'], ['w', 'w'], ['b', 'b'],
  ['batch', '|\u0042|'], ['loss', 'L_B'], ['gradw', '\u2202L/\u2202w'], ['gradb', '\u2202L/\u2202b'], ['eta', '\u03b7'],
];

// The step inspector's lines that show a symbol's number (web/inspector.js).
const INSPECTOR = {
  gradw: '#inspector [data-part="gradient"] li[data-param^="w"]',
  gradb: '#inspector [data-part="gradient"] li[data-param="b"]',
  w: '#inspector [data-part="updates"] li[data-param^="w"]',
  b: '#inspector [data-part="updates"] li[data-param="b"]',
  eta: '#inspector [data-part="updates"] li[data-param]',
};

const vector = (v) => {
  const shown = Array.from(v).slice(0, 8).map(format.dec4Pretty);
  return `[${shown.join(', ')}${v.length > 8 ? ', \u2026' : ''}]`;
};

export class MathView {
  // root: the <section id="math">; session: web/session.js's Session, read on each render().
  constructor(root, session) {
    this.root = root;
    this.session = session;
    root.setAttribute('aria-labelledby', 'math-title');
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'math-title', text: t('math.title') }));
    const intro = el('p', { class: 'chart-note', text: t('math.intro') });
    this.formulas = el('div', { class: 'math-formulas' });
    this.boxes = [];
    for (const [name, tex] of FORMULAS) {
      // A formula wider than the card scrolls sideways: by the keyboard too.
      const box = el('div', { class: 'math-formula', 'data-formula': name, tabindex: '0', role: 'region', 'aria-label': t(`math.${name}`) },
        el('span', { class: 'math-plain', text: PLAIN[name] }));
      this.boxes.push([box, tex]);
      this.formulas.append(el('div', { class: 'math-row' }, el('p', { class: 'math-label', text: t(`math.${name}`) }), box));
    }
    this.values = el('dl', { class: 'math-now', 'aria-label': t('math.nowLabel') });
    this.entries = new Map();
    for (const [key, shown] of SYMBOLS) {
      const dd = el('dd', { 'data-sym': key, tabindex: '0' });
      this.entries.set(key, dd);
      const name = shown || t('math.trueOf', { s: key.charAt(0) }); // w (true), b (true)
      this.values.append(el('div', { class: 'math-now-item' }, el('dt', { text: name }), dd));
    }
    this.note = el('p', { class: 'chart-note', 'data-part': 'math-note' });
    root.append(head, intro, this.formulas, el('h3', { text: t('math.now') }), this.values, this.note);
    // The formulas' symbols answer the pointer; the keyboard reaches each through its number
    // below (KaTeX's drawing is hidden from screen readers, which read its MathML instead).
    for (const type of ['focusin', 'mouseover']) root.addEventListener(type, (e) => this.link(e.target.closest('[data-sym]')));
    for (const type of ['focusout', 'mouseout']) root.addEventListener(type, () => this.link(null));
    this.typesetWhenShown();
  }

  // Typesets the formulas once the block comes within half a screen of the window (or is un-hidden).
  typesetWhenShown() {
    if (typeof IntersectionObserver !== 'function') {
      this.typeset();
      return;
    }
    const watch = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      watch.disconnect();
      this.typeset();
    }, { rootMargin: '50% 0px' });
    watch.observe(this.root);
  }

  // Loads KaTeX and typesets the five formulas in place of their plain text; `data-typeset` on the
  // block says how it went (loading, done, or failed: the plain text stays).
  async typeset() {
    this.root.dataset.typeset = 'loading';
    try {
      const katex = await loadKatex(this.root);
      for (const [box, tex] of this.boxes) {
        katex.render(tex, box, {
          displayMode: true, output: 'htmlAndMathml', throwOnError: true,
          trust: (context) => context.command === '\\htmlData', strict: 'ignore',
        });
      }
      this.root.dataset.typeset = 'done';
    } catch (e) {
      this.root.dataset.typeset = 'failed';
    }
  }

  // Highlights every element tied to `node`'s symbol (null: none).
  link(node) {
    for (const n of document.querySelectorAll('.is-linked')) n.classList.remove('is-linked');
    const key = node ? node.dataset.sym : null;
    this.root.dataset.linked = key || '';
    if (!key) return;
    for (const n of this.root.querySelectorAll(`[data-sym="${key}"]`)) n.classList.add('is-linked');
    if (INSPECTOR[key]) for (const n of document.querySelectorAll(INSPECTOR[key])) n.classList.add('is-linked');
  }

  // The numbers of the run's current step (its state, config and last minibatch).
  render() {
    const { state: s, config: c, last } = this.session;
    const truth = s.reference === 'true';
    const none = t('math.none');
    const values = {
      wtrue: truth ? vector(s.trueW) : none,
      btrue: truth ? format.dec4Pretty(s.trueB) : none,
      sigma: truth ? format.plain(c.noise) : none,
      w: vector(s.w),
      b: format.dec4Pretty(s.b),
      batch: last ? format.int(last.indices.length) : format.int(c.batch_size),
      loss: last ? format.dec4Pretty(last.loss) : none,
      gradw: last ? vector(last.gradW) : none,
      gradb: last ? format.dec4Pretty(last.gradB) : none,
      eta: format.plain(c.lr),
    };
    for (const [key, dd] of this.entries) {
      if (dd.textContent !== values[key]) dd.textContent = values[key];
      dd.setAttribute('aria-label', t('math.symbolValue', { symbol: t(`math.sym.${key}`), value: values[key] }));
    }
    const parts = [last ? t('math.step', { step: format.int(last.step) }) : t('math.noStep')];
    if (!truth) parts.push(t('math.noTruth'));
    if (c.loss !== 'squared') parts.push(t('math.otherLoss', { loss: t(`loss.${c.loss}`) }));
    const text = parts.join(' ');
    if (this.note.textContent !== text) this.note.textContent = text;
  }
}
