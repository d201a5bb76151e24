// The code in step: the section's own PyTorch code (d2l §3.4: LinearRegressionScratch.forward and
// .loss, the SGD optimizer's step and zero_grad, Trainer.fit_epoch), the lines just executed
// highlighted and the run's values beside them. The Phase button (key P) moves through the step
// one stop at a time: the forward pass, the loss, zero_grad, backward, the optimizer's step; Step
// runs the rest of the step. The core has four phases (forward, loss, gradient, update); the
// zero_grad stop is the panel's own (zeroing changes no number the run keeps), so Phase after
// the loss first shows the gradients cleared, then asks the run for the gradient phase.
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const MAX_SHOWN = 3;  // vector entries written out

// The line that computes the per-example loss, for each loss (the book's squared loss; its
// exercise 8's absolute value loss; Huber's loss as PyTorch's huber_loss computes it).
const LOSS_CODE = {
  squared: '    l = (y_hat - y) ** 2 / 2',
  absolute: '    l = (y_hat - y).abs()',
  huber: "    l = F.huber_loss(y_hat, y, reduction='none', delta=self.delta)",
};

// [id, code]: the section's code as the book writes it (PyTorch tab), '' for a blank line. The
// guided tour (web/tour.js) quotes its lines from here.
function lines(loss) {
  return [
    ['', '@d2l.add_to_class(LinearRegressionScratch)'],
    ['', 'def forward(self, X):'],
    ['forward', '    return d2l.matmul(X, self.w) + self.b'],
    ['', ''],
    ['', '@d2l.add_to_class(LinearRegressionScratch)'],
    ['', 'def loss(self, y_hat, y):'],
    ['loss-l', LOSS_CODE[loss] || LOSS_CODE.squared],
    ['loss', '    return d2l.reduce_mean(l)'],
    ['', ''],
    ['', 'class SGD(d2l.HyperParameters):'],
    ['', '    def step(self):'],
    ['', '        for param in self.params:'],
    ['sgd-step', '            param -= self.lr * param.grad'],
    ['', ''],
    ['', '    def zero_grad(self):'],
    ['', '        for param in self.params:'],
    ['', '            if param.grad is not None:'],
    ['sgd-zero', '                param.grad.zero_()'],
    ['', ''],
    ['', '@d2l.add_to_class(d2l.Trainer)'],
    ['', 'def fit_epoch(self):'],
    ['', '    self.model.train()'],
    ['for', '    for batch in self.train_dataloader:'],
    ['training-step', '        loss = self.model.training_step(self.prepare_batch(batch))'],
    ['zero-grad', '        self.optim.zero_grad()'],
    ['', '        with torch.no_grad():'],
    ['backward', '            loss.backward()'],
    ['clip-if', '            if self.gradient_clip_val > 0:  # To be discussed later'],
    ['clip', '                self.clip_gradients(self.gradient_clip_val, self.model)'],
    ['optim-step', '            self.optim.step()'],
    ['batch-idx', '        self.train_batch_idx += 1'],
    ['', '    if self.val_dataloader is None:'],
    ['', '        return'],
    ['', '    self.model.eval()'],
    ['val-for', '    for batch in self.val_dataloader:'],
    ['', '        with torch.no_grad():'],
    ['val', '            self.model.validation_step(self.prepare_batch(batch))'],
    ['', '        self.val_batch_idx += 1'],
  ];
}

// The stops of Phase, in order; 'zero_grad' is the panel's own (see above).
const STOPS = ['forward', 'loss', 'zero_grad', 'gradient', 'update'];

// The lines each stop runs (highlighted once it ran).
function activeLines(stop, { clipOn, epochEnded }) {
  switch (stop) {
    case 'forward': return ['for', 'training-step', 'forward'];
    case 'loss': return ['training-step', 'loss-l', 'loss'];
    case 'zero_grad': return ['zero-grad', 'sgd-zero'];
    case 'gradient': return clipOn ? ['backward', 'clip-if', 'clip'] : ['backward', 'clip-if'];
    case 'update': return ['optim-step', 'sgd-step', 'batch-idx', ...(epochEnded ? ['val-for', 'val'] : [])];
    default: return [];
  }
}

// How the panel writes numbers: as the step inspector does (web/inspector.js), so the two agree.
const num = (x) => (Number.isFinite(x) ? format.dec4Pretty(x) : '\u2014');
function vec(a) {
  if (!a || !a.length) return '\u2014';
  const shown = Array.from(a.subarray(0, MAX_SHOWN), num).join(', ');
  return `[${shown}${a.length > MAX_SHOWN ? ', \u2026' : ''}]`;
}
const shape = (...dims) => `(${dims.map((n) => format.int(n)).join(', ')})`;
const zeros = (d) => `[${Array.from({ length: Math.min(d, MAX_SHOWN) }, () => '0').join(', ')}${d > MAX_SHOWN ? ', \u2026' : ''}]`;

// The value beside each line, for the minibatch `mb` with the stops `reached(stop)` done.
function values(view, mb, reached) {
  const f = format;
  const d = view.state.w.length;
  const m = mb ? mb.indices.length : 0;
  const out = {};
  if (mb) {
    out.for = t('code.val.batchShape', {
      x: shape(m, d), y: shape(m, 1), k: f.int(mb.batch + 1), n: f.int(view.numBatches), e: f.int(mb.epoch + 1),
      max: f.int(view.config.max_epochs),
    });
  }
  if (reached('forward')) out.forward = `y_hat: ${shape(m, 1)} ${vec(mb.yHat)}`;
  if (reached('loss')) {
    out['loss-l'] = `l: ${shape(m, 1)}`;
    out.loss = `mean(l) = ${f.loss(mb.loss)}`;
    out['training-step'] = `loss = ${f.loss(mb.loss)}`;
  }
  if (reached('zero_grad')) {
    out['zero-grad'] = t('code.val.zeroed');
    out['sgd-zero'] = `w.grad = ${zeros(d)}, b.grad = [0]`;
  }
  if (reached('gradient')) {
    out.backward = `w.grad = ${vec(mb.gradW)}, b.grad = [${num(mb.gradB)}]`;
    const clipVal = view.config.gradient_clip_val;
    out['clip-if'] = clipVal > 0
      ? t(mb.clipped ? 'code.val.clipped' : 'code.val.notClipped', { norm: num(mb.gradNorm), c: f.plain(clipVal) })
      : t('code.val.clipOff', { norm: num(mb.gradNorm) });
  }
  if (reached('update')) {
    out['optim-step'] = `w = ${vec(mb.wAfter)}, b = [${num(mb.bAfter)}]`;
    out['sgd-step'] = t('code.val.sgd', { lr: f.plain(mb.lr) });
    out['batch-idx'] = `train_batch_idx = ${f.int(mb.step)}`;
  }
  if (view.epochEnded) {
    out.val = Number.isFinite(view.valLoss) ? t('code.val.val', { loss: f.loss(view.valLoss) }) : t('code.val.noVal');
  }
  return out;
}

class CodePanel {
  // onPhase(): run one phase of the run (the gradient phase, after the panel's zero_grad stop).
  constructor(root, { onPhase }) {
    this.root = root;
    this.onPhase = onPhase;
    this.zeroShown = false; // the zero_grad stop shown for the step in progress
    this.view = null;
    root.setAttribute('aria-labelledby', 'code-title');
    this.buttonLabel = el('span', { class: 'label', text: t('code.phase') });
    this.button = el('button', {
      class: 'btn primary', type: 'button', 'data-action': 'phase', 'aria-keyshortcuts': 'P', title: t('code.phase.title'),
      on: { click: () => this.phase() },
    }, this.buttonLabel, el('kbd', { 'aria-hidden': 'true', text: 'P' }));
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'code-title', text: t('code.title') }), this.button);
    this.status = el('p', { class: 'code-status', 'data-part': 'code-status', 'aria-live': 'polite' });
    // tabindex: it scrolls sideways on a phone, so reachable with the keyboard
    this.code = el('div', { class: 'code-lines', tabindex: '0', role: 'region', 'aria-label': t('code.aria') });
    this.note = el('p', { class: 'chart-note', text: t('code.note') });
    root.append(head, this.status, this.code, this.note);
    this.rows = {};
    this.loss = null;
  }

  // Phase: the panel's zero_grad stop after the loss, else the run's next phase.
  phase() {
    const v = this.view;
    if (v && v.pending && v.done === 'loss' && !this.zeroShown) {
      this.zeroShown = true;
      this.update(v);
      return;
    }
    this.onPhase();
  }

  build(loss) {
    this.loss = loss;
    this.rows = {};
    const rows = lines(loss).map(([id, code], i) => {
      const value = el('code', { class: 'code-value' }); // the values as Python writes them
      const row = el('div', { class: 'code-row', 'data-line': id || `l${i}` },
        el('code', { class: 'code-text', text: code || ' ' }), value);
      row.style.setProperty('--indent', `${code.length - code.trimStart().length + 2}ch`); // a value under its line
      if (id) this.rows[id] = { row, value };
      return row;
    });
    this.code.replaceChildren(...rows);
  }

  // view: {pending, last, done (the run's phase done last: 'forward'|'loss'|'gradient'|'update'|null),
  //        next, epochEnded, config, state, numBatches, valLoss}
  update(view) {
    this.view = view;
    if (view.config.loss !== this.loss) this.build(view.config.loss);
    if (!view.pending || view.done !== 'loss') this.zeroShown = false;
    const stop = view.pending && view.done === 'loss' && this.zeroShown ? 'zero_grad' : view.done;
    const next = stop === 'zero_grad' ? 'gradient' : view.pending && view.done === 'loss' ? 'zero_grad' : view.next;
    const mb = view.pending || view.last;
    const reached = (s) => Boolean(mb) && (view.pending ? STOPS.indexOf(s) <= STOPS.indexOf(stop) : true);
    const vals = values(view, mb, reached);
    for (const [id, { value }] of Object.entries(this.rows)) {
      const text = vals[id] || '';
      if (value.textContent !== text) value.textContent = text;
    }
    const active = new Set(mb ? activeLines(stop, { clipOn: view.config.gradient_clip_val > 0, epochEnded: view.epochEnded }) : []);
    for (const [id, { row }] of Object.entries(this.rows)) {
      const on = active.has(id);
      row.classList.toggle('is-active', on);
      if (on) row.setAttribute('aria-current', 'step');
      else row.removeAttribute('aria-current');
    }
    this.root.dataset.done = stop || '';
    this.root.dataset.next = next || '';
    this.showStatus(mb, view, stop, next);
  }

  showStatus(mb, view, stop, next) {
    const f = format;
    const status = !mb
      ? t('code.status.start')
      : view.pending
        ? t('code.status.pending', { step: f.int(mb.step), done: t(`code.phase.${stop}`), next: t(`code.phase.${next}`) })
        : t('code.status.done', { step: f.int(mb.step), next: f.int(mb.step + 1) });
    if (this.status.textContent !== status) this.status.textContent = status;
    this.buttonLabel.textContent = t('code.phaseNext', { next: t(`code.phase.${next || 'forward'}`) });
  }

  setEnabled(enabled) {
    this.button.disabled = !enabled;
  }
}

// The P key anywhere on the page (but in a field): the panel's Phase button. panel(): the
// CodePanel, built when asked for (web/beyondview.js builds it after the page is ready).
function listenToPhaseKey(panel) {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.key.toLowerCase() !== 'p') return;
    if (e.target instanceof Element && e.target.closest('input, textarea, select, [contenteditable]')) return;
    e.preventDefault();
    const p = panel();
    if (!p.button.disabled) p.phase();
  });
}

export { CodePanel, listenToPhaseKey, lines as codeLines };
