// The code in step: the book's training loop (Trainer.fit_epoch: forward, loss, backward, clip,
// update; then the validation) as a few lines of code, the line just executed highlighted and the
// live values of its variables beside each line. The Phase button (key P) runs one phase of the
// step at a time; Step runs the rest of the step. It draws what it is given: the step in progress
// (pending), the last complete step, and which phase was done last.
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const MAX_SHOWN = 3;  // vector entries written out

// The loss line's code for each loss.
const LOSS_CODE = {
  squared: 'l = ((y_hat - y) ** 2 / 2).mean()',
  absolute: 'l = (y_hat - y).abs().mean()',
  huber: 'l = huber(y_hat - y, delta).mean()',
};

// [id, code, phase that executes it]
function lines(loss) {
  return [
    ['def', 'def fit_epoch(self):', null],
    ['for', '    for X, y in self.train_dataloader:', 'forward'],
    ['forward', '        y_hat = X @ w + b', 'forward'],
    ['loss', `        ${LOSS_CODE[loss] || LOSS_CODE.squared}`, 'loss'],
    ['backward', '        grad_w, grad_b = l.backward()', 'gradient'],
    ['clip', '        clip_gradients(grad, clip_val)', 'gradient'],
    ['update', '        w -= lr * grad_w;  b -= lr * grad_b', 'update'],
    ['val', '    val_loss = loss(X_val @ w + b, y_val)', 'validation'],
  ];
}

class CodePanel {
  // onPhase(): run one phase (the Phase button and the P key).
  constructor(root, { onPhase }) {
    this.root = root;
    this.onPhase = onPhase;
    root.setAttribute('aria-labelledby', 'code-title');
    this.buttonLabel = el('span', { class: 'label', text: t('code.phase') });
    this.button = el('button', {
      class: 'btn primary', type: 'button', 'data-action': 'phase', 'aria-keyshortcuts': 'P', title: t('code.phase.title'),
      on: { click: () => this.onPhase() },
    }, this.buttonLabel, el('kbd', { 'aria-hidden': 'true', text: 'P' }));
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'code-title', text: t('code.title') }), this.button);
    this.status = el('p', { class: 'code-status', 'data-part': 'code-status', 'aria-live': 'polite' });
    // tabindex: it scrolls sideways on a phone, so reachable with the keyboard
    this.code = el('div', { class: 'code-lines', tabindex: '0', role: 'region', 'aria-label': t('code.aria') });
    this.note = el('p', { class: 'chart-note', text: t('code.note') });
    root.append(head, this.status, this.code, this.note);
    this.rows = {};
    this.loss = null;
    document.addEventListener('keydown', (e) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.key.toLowerCase() !== 'p') return;
      if (e.target instanceof Element && e.target.closest('input, textarea, select, [contenteditable]')) return;
      e.preventDefault();
      if (!this.button.disabled) this.onPhase();
    });
  }

  build(loss) {
    this.loss = loss;
    this.rows = {};
    const rows = lines(loss).map(([id, code]) => {
      const value = el('span', { class: 'code-value' });
      const row = el('div', { class: 'code-row', 'data-line': id }, el('code', { class: 'code-text', text: code }), value);
      this.rows[id] = { row, value };
      return row;
    });
    this.code.replaceChildren(...rows);
  }

  // view: {pending, last, done (the phase done last: 'forward'|'loss'|'gradient'|'update'|null),
  //        next, epochEnded, config, state, numBatches, valLoss}
  update(view) {
    const f = format;
    if (view.config.loss !== this.loss) this.build(view.config.loss);
    const mb = view.pending || view.last;
    const v = (x) => (Number.isFinite(x) ? f.dec4Pretty(x) : '\u2014');
    const vec = (a) => {
      if (!a || !a.length) return '\u2014';
      const shown = Array.from(a.subarray(0, MAX_SHOWN), v).join(', ');
      return `[${shown}${a.length > MAX_SHOWN ? ', \u2026' : ''}]`;
    };
    const set = (id, text) => {
      if (this.rows[id].value.textContent !== text) this.rows[id].value.textContent = text;
    };
    const done = view.done;
    const order = ['forward', 'loss', 'gradient', 'update'];
    const reached = (phase) => mb && (view.pending ? order.indexOf(phase) <= order.indexOf(done) : true);
    set('def', t('code.val.epoch', { e: f.int(mb ? mb.epoch + 1 : 1), max: f.int(view.config.max_epochs) }));
    set('for', mb ? t('code.val.batch', { k: f.int(mb.batch + 1), n: f.int(view.numBatches), m: f.int(mb.indices.length) }) : '');
    set('forward', reached('forward') ? `y_hat = ${vec(mb.yHat)}` : '');
    set('loss', reached('loss') ? `l = ${v(mb.loss)}` : '');
    set('backward', reached('gradient') ? `grad_w = ${vec(mb.gradW)}, grad_b = ${v(mb.gradB)}` : '');
    const clipVal = view.config.gradient_clip_val;
    set('clip', reached('gradient')
      ? (clipVal > 0
        ? t(mb.clipped ? 'code.val.clipped' : 'code.val.notClipped', { norm: v(mb.gradNorm), c: f.plain(clipVal) })
        : t('code.val.clipOff', { norm: v(mb.gradNorm) }))
      : '');
    set('update', !view.pending && mb ? `w = ${vec(mb.wAfter)}, b = ${v(mb.bAfter)}` : '');
    set('val', view.epochEnded && Number.isFinite(view.valLoss)
      ? t('code.val.val', { loss: f.loss(view.valLoss) })
      : view.epochEnded ? t('code.val.noVal') : '');

    // The highlighted lines: those the last phase ran.
    const active = new Set();
    if (done === 'forward') active.add('for').add('forward');
    else if (done === 'loss') active.add('loss');
    else if (done === 'gradient') active.add('backward').add('clip');
    else if (done === 'update') {
      active.add('update');
      if (view.epochEnded) active.add('val');
    }
    for (const [id, { row }] of Object.entries(this.rows)) {
      const on = active.has(id);
      row.classList.toggle('is-active', on);
      if (on) row.setAttribute('aria-current', 'step');
      else row.removeAttribute('aria-current');
    }
    this.root.dataset.done = done || '';
    this.root.dataset.next = view.next || '';
    const status = !mb
      ? t('code.status.start')
      : view.pending
        ? t('code.status.pending', { step: f.int(mb.step), done: t(`code.phase.${done}`), next: t(`code.phase.${view.next}`) })
        : t('code.status.done', { step: f.int(mb.step), next: f.int(mb.step + 1) });
    if (this.status.textContent !== status) this.status.textContent = status;
    this.buttonLabel.textContent = t('code.phaseNext', { next: t(`code.phase.${view.next || 'forward'}`) });
  }

  setEnabled(enabled) {
    this.button.disabled = !enabled;
  }
}

export { CodePanel };
