// The guided tour of the section (d2l §3.4), eight stops in the book's order: the data, the model,
// the loss, one minibatch, its gradient, the update, an epoch, validation. Each stop outlines the
// part of the page it talks about (scrolled into view above the tour's panel), quotes the book's
// PyTorch line (from web/codepanel.js's copy where the code panel has it), explains it with the
// run's own numbers and asks the learner to do one thing; once the run shows it was done, the tour
// says so and goes on. Back / Next move freely, Leave (or Escape) closes it and the page's Tour
// button resumes it at the same stop (kept in sessionStorage). `#tour=3` opens stop 3; with
// `embed=1` the tour is shown alone, with only the parts it uses. The tour never trains: the
// learner's actions go through the page's own controls, and the tour reads the run controller.
import { codeLines } from './codepanel.js';
import { el } from './dom.js';
import { format } from './format.js';
import { settings } from './settings.js';
import { t } from './strings.js';

const STORE = 'linreg-tour-stop'; // sessionStorage: the stop to resume (1-based)
const ADVANCE_MS = 1800; // how long a done action's message shows before the next stop
const MAX_SHOWN = 3; // vector entries written out
const SETTLE_MS = 900; // when to check that a stop's part is still in view after scrolling to it

// The book's lines that the code panel does not show (PyTorch tab of §3.4).
const BOOK = {
  data: 'data = d2l.SyntheticRegressionData(w=d2l.tensor([2, -3.4]), b=4.2)',
  initW: 'self.w = d2l.normal(0, sigma, (num_inputs, 1), requires_grad=True)',
  initB: 'self.b = d2l.zeros(1, requires_grad=True)',
};
const code = (id) => codeLines('squared').find(([key]) => key === id)[1].trim();

// Where the landscape's start point can be moved from the keyboard: the draggable point of the
// landscape when there is one, else the initialization's field in the settings.
const START_CONTROLS = ['#landscape [data-control="start"]', '#setting-init_w'];

// The parts of the page the tour uses; with `embed=1&tour=N` every other part is hidden, and
// every setting but those in KEEP_SETTINGS (web/embed.js's extraHide).
const ALONE_HIDE = ['exercises', 'buglab', 'closed-form', 'sweep', 'math', 'plot-params', 'tools', 'presets'];
const KEEP_SETTINGS = ['lr', 'init_w', 'init_b'];

const f = format;
const num = (x) => (Number.isFinite(x) ? f.dec4Pretty(x) : '\u2014');
function vec(a) {
  const list = Array.from(a || []);
  return `[${list.slice(0, MAX_SHOWN).map(num).join(', ')}${list.length > MAX_SHOWN ? ', \u2026' : ''}]`;
}
const plainVec = (a) => `[${Array.from(a || []).slice(0, MAX_SHOWN).map(f.plain).join(', ')}${a && a.length > MAX_SHOWN ? ', \u2026' : ''}]`;
const PHASE_RANK = { forward: 1, loss: 2, gradient: 3 };
const lrLimit = (a) => (a && a.curvature && a.curvature.available ? a.curvature.lrLimit : NaN);
const lastOf = (list) => (list.length ? list[list.length - 1] : NaN);

// What the tour watches of the run and the view; a stop is done when it changed as asked.
function snapshot(ctx) {
  const s = ctx.session;
  return {
    step: s.state.globalStep,
    phase: s.pending ? PHASE_RANK[s.phaseDone] || 0 : 0,
    epochs: s.state.epoch,
    finished: Boolean(s.state.finished),
    diverged: Boolean(s.state.diverged),
    diverging: Boolean(s.state.diverging),
    recorded: s.epochs.epoch.length, // epochs whose losses the page has (a run shown whole: once released)
    feature: ctx.feature ? ctx.feature.value : '',
    init: JSON.stringify([s.config.init_w === undefined ? null : s.config.init_w, s.config.init_b === undefined ? null : s.config.init_b]),
    lr: s.config.lr,
    runId: s.runId,
  };
}

// The stops: the part they outline (target; anchor: the line to bring into view when the part is
// taller than the screen), the control that does their action, the book's lines, the numbers of
// their text (vars) and of their done message (doneVars), and when their action is done. A stop
// whose action trains (steps) finds the run at its start when it had ended (a dragged start or a
// scrubbed lr shows its whole run): the tour then starts it again as the page's Reset does, and
// says so.
const STOPS = [
  {
    id: 'data', target: '[data-card="data"]', control: ['[data-control="feature"]'], code: () => [BOOK.data],
    vars: ({ s, c }) => ({ n: f.int(c.num_train), nv: f.int(c.num_val), d: f.int(s.state.w.length), w: plainVec(s.state.trueW),
      b: f.plain(s.state.trueB), noise: f.plain(c.noise) }),
    doneVars: ({ s, feature }) => ({ feature: feature.selectedOptions[0] ? feature.selectedOptions[0].textContent : '',
      wj: f.plain(s.state.trueW[Number(feature.value)]) }),
    done: (now, then) => now.feature !== then.feature,
  },
  {
    id: 'model', target: '[data-card="landscape"]', control: START_CONTROLS, code: () => [BOOK.initW, BOOK.initB, code('forward')],
    vars: ({ c, a }) => ({ w0: vec(a.initial && a.initial.w), b0: num(a.initial ? a.initial.b : NaN), sigma: f.plain(c.sigma),
      loss0: f.loss(a.initialLoss) }),
    doneVars: ({ a }) => ({ w0: vec(a.initial && a.initial.w), b0: num(a.initial ? a.initial.b : NaN), loss0: f.loss(a.initialLoss) }),
    done: (now, then) => now.init !== then.init,
  },
  {
    id: 'loss', steps: true, target: '#code', anchor: '[data-line="loss"]', control: ['#code [data-action="phase"]'], code: () => [code('loss-l'), code('loss')],
    vars: ({ c, a }) => ({ B: f.int(c.batch_size), loss0: f.loss(a.initialLoss) }),
    doneVars: ({ s }) => {
      const mb = s.pending || s.last;
      return { loss: f.loss(mb ? mb.loss : NaN), B: f.int(mb ? mb.indices.length : 0) };
    },
    done: (now, then) => now.step > then.step || (now.phase >= PHASE_RANK.loss && now.phase > then.phase),
  },
  {
    id: 'minibatch', steps: true, target: '#inspector', control: ['[data-action="step"]'], code: () => [code('for'), code('training-step')],
    vars: ({ s, c }) => ({ B: f.int(c.batch_size), n: f.int(c.num_train), nb: f.int(s.numBatches) }),
    doneVars: ({ s }) => ({ k: f.int(s.last.step), rows: Array.from(s.last.indices.subarray(0, 5), f.int).join(', '),
      loss: f.loss(s.last.loss) }),
    done: (now, then) => now.step > then.step,
  },
  {
    id: 'gradient', steps: true, target: '#code', anchor: '[data-line="backward"]', control: ['#code [data-action="phase"]'], code: () => [code('backward')],
    vars: ({ s }) => ({ gw: vec(s.last && s.last.gradW), gb: num(s.last ? s.last.gradB : NaN), wt: plainVec(s.state.trueW) }),
    doneVars: ({ s }) => {
      const mb = s.pending && s.phaseDone === 'gradient' ? s.pending : s.last;
      return { gw: vec(mb.gradW), gb: num(mb.gradB), norm: num(mb.gradNorm) };
    },
    done: (now, then) => now.step > then.step || (now.phase >= PHASE_RANK.gradient && now.phase > then.phase),
  },
  {
    id: 'update', target: '#settings .field[data-key="lr"]', control: ['[data-part="lr-slider"]', '#setting-lr'], code: () => [code('sgd-step')],
    vars: ({ s, c, a }) => ({ lr: f.plain(c.lr), before: vec(s.last && s.last.wBefore), after: vec(s.last && s.last.wAfter),
      limit: f.loss(lrLimit(a)), lambda: f.loss(a.curvature ? a.curvature.lambdaMax : NaN) }),
    doneVars: ({ c, a }) => ({ lr: f.plain(c.lr), limit: f.loss(lrLimit(a)) }),
    done: (now, then, { a }) => now.lr !== then.lr && (now.lr > lrLimit(a) || !Number.isFinite(lrLimit(a))),
  },
  {
    id: 'epoch', steps: true, target: '[data-card="loss"]', control: ['[data-action="epoch"]'], code: () => [code('for'), code('batch-idx')],
    vars: ({ s, c, a }) => ({ nb: f.int(s.numBatches), n: f.int(c.num_train), done: f.int(s.state.epoch), max: f.int(c.max_epochs),
      lr: f.plain(c.lr), limit: f.loss(lrLimit(a)) }),
    doneVars: ({ s, c, a }) => ({ e: f.int(s.state.epoch), train: f.loss(lastOf(s.epochs.trainLoss)), val: f.loss(lastOf(s.epochs.valLoss)),
      step: f.int(s.state.divergedStep), limit: f.loss(lrLimit(a)), lr: f.plain(c.lr) }),
    done: (now, then) => now.epochs > then.epochs || (now.diverged && !then.diverged),
  },
  {
    id: 'validation', steps: true, target: '#readouts', control: ['[data-action="run"]'], code: () => [code('val-for'), code('val')],
    vars: ({ c, a }) => ({ nv: f.int(c.num_val), floor: f.loss(c.noise * c.noise / 2), limit: f.loss(lrLimit(a)) }),
    doneVars: ({ s }) => ({ val: s.epochs.valLoss.map(f.loss).join(', '), train: s.epochs.trainLoss.map(f.loss).join(', '),
      ew: vec(s.state.errorW), eb: num(s.state.errorB) }),
    done: (now) => now.finished && !now.diverging && now.recorded === now.epochs,
  },
];

// The variant of a stop's text and of its request for the run as it is: before any step, with
// the lr above its limit, after a divergence ('' for the usual one).
function textVariant(stop, ctx) {
  if ((stop.id === 'gradient' || stop.id === 'update') && !ctx.s.last) return '.first';
  return '';
}
function askVariant(stop, ctx) {
  const above = ctx.c.lr > lrLimit(ctx.a);
  if (stop.id === 'epoch' && above) return '.above';
  if (stop.id === 'validation' && (ctx.s.state.diverging || above)) return '.above';
  return '';
}

// The controls of a stop's action: the lr slider first when the last stop asks for a lower lr.
function controls(stop, ctx) {
  if (stop.id === 'validation' && askVariant(stop, ctx)) return STOPS[5].control;
  return stop.control;
}

// The first element of a list of selectors that is on the page and shown.
function shown(selectors) {
  for (const s of selectors) {
    const node = document.querySelector(s);
    if (node && !node.closest('.embed-hidden, .embed-hidden-field, [hidden]')) return node;
  }
  return null;
}

function storedStop() {
  try {
    const n = Number(sessionStorage.getItem(STORE));
    return Number.isInteger(n) && n >= 1 && n <= STOPS.length ? n : null;
  } catch (e) {
    return null; // storage refused (a sandboxed frame): nothing to resume
  }
}

function store(n) {
  try {
    if (n) sessionStorage.setItem(STORE, String(n));
    else sessionStorage.removeItem(STORE);
  } catch (e) {
    // storage refused: the tour works, it just cannot be resumed after a reload
  }
}

// Where T is typed rather than a shortcut (a slider, a checkbox or a button is not).
const TYPING = 'textarea, select, input:not([type="range"]):not([type="checkbox"]):not([type="radio"]):not([type="button"])';

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

class Tour {
  // root: the panel (#tour); entry: the page's Tour button; context(): {session, analysis, reset()};
  // alone: shown alone in an embed (no Leave, no entry); needPart(element): builds the part of
  // the page that holds `element` if it is not built yet (web/later.js).
  constructor({ root, entry, context, feature, needPart = () => {}, alone = false }) {
    Object.assign(this, { root, entry, context, feature, needPart, alone });
    this.index = -1; // the open stop (0-based), -1 when closed
    this.then = null; // the snapshot taken when the stop opened
    this.doneAt = -1; // the stop whose action was done
    this.timer = 0;
    this.targetEl = null;
    this.aim = null; // where reveal() put the part's top on screen
    this.settle = 0;
    this.build();
    if (entry) entry.addEventListener('click', () => this.open(storedStop() || 1));
    document.addEventListener('keydown', (e) => this.onKey(e));
    for (const type of ['change', 'input']) document.addEventListener(type, () => this.check(), true);
    this.showEntry();
  }

  build() {
    const r = this.root;
    r.setAttribute('role', 'region');
    r.setAttribute('aria-labelledby', 'tour-title');
    this.count = el('p', { class: 'tour-count', 'data-part': 'tour-count' });
    this.title = el('h2', { id: 'tour-title', class: 'tour-title', tabindex: '-1' });
    this.leaveButton = el('button', { type: 'button', class: 'btn btn-small', 'data-action': 'tour-leave', 'aria-keyshortcuts': 'Escape',
      title: t('tour.leave.title'), text: t('tour.leave'), hidden: this.alone, on: { click: () => this.leave() } });
    this.codeEl = el('pre', { class: 'tour-code', 'data-part': 'tour-code', 'aria-label': t('tour.code') });
    this.text = el('p', { class: 'tour-text', 'data-part': 'tour-text' });
    this.ask = el('p', { class: 'tour-ask', 'data-part': 'tour-ask' });
    this.doneEl = el('p', { class: 'tour-done', 'data-part': 'tour-done', hidden: true });
    this.note = el('p', { class: 'tour-note', 'data-part': 'tour-note', text: t('tour.wasReset'), hidden: true });
    this.backButton = el('button', { type: 'button', class: 'btn', 'data-action': 'tour-back', text: t('tour.back'), on: { click: () => this.go(this.index - 1) } });
    this.showButton = el('button', { type: 'button', class: 'btn', 'data-action': 'tour-show', on: { click: () => this.showControl() } });
    this.nextButton = el('button', { type: 'button', class: 'btn primary', 'data-action': 'tour-next', on: { click: () => this.next() } });
    this.live = el('p', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', 'data-part': 'tour-live' });
    const head = el('div', { class: 'tour-head' }, el('div', null, this.count, this.title), this.leaveButton);
    const body = el('div', { class: 'tour-body' }, el('div', { class: 'tour-explain' }, this.codeEl, this.text),
      el('div', { class: 'tour-act' }, this.note, this.ask, this.doneEl,
        el('div', { class: 'tour-nav', role: 'group', 'aria-label': t('tour.nav') }, this.backButton, this.showButton, this.nextButton)));
    r.replaceChildren(head, body);
    r.after(this.live); // outside the panel: heard also when the panel closes ("Tour left ...")
    r.hidden = true;
    // The panel's height, for the page's padding and scrolling (web/style.css).
    new ResizeObserver(() => document.documentElement.style.setProperty('--tour-height', `${r.offsetHeight}px`)).observe(r);
  }

  get isOpen() {
    return this.index >= 0;
  }

  // The stop for the link (1-based), or undefined when closed.
  linkStop() {
    return this.isOpen ? this.index + 1 : undefined;
  }

  // Opens the tour at stop n (1-based).
  open(n) {
    this.root.hidden = false;
    document.body.classList.add('tour-open');
    this.go(n - 1);
  }

  // Leave: closed, the stop remembered for Resume; focus back on the Tour button.
  leave({ quiet = false } = {}) {
    if (!this.isOpen || this.alone) return;
    const n = this.index + 1;
    this.close();
    store(n);
    this.showEntry();
    if (!quiet) {
      this.say(t('tour.left', { n: f.int(n), total: f.int(STOPS.length) }));
      if (this.entry) this.entry.focus();
    }
    this.changed();
  }

  // The last stop's Finish: closed, nothing to resume.
  finish() {
    this.close();
    store(null);
    this.showEntry();
    this.say(t('tour.finished'));
    if (this.entry) this.entry.focus();
    this.changed();
  }

  close() {
    clearTimeout(this.timer);
    clearTimeout(this.settle);
    this.index = -1;
    this.root.hidden = true;
    document.body.classList.remove('tour-open');
    this.outline(null);
  }

  next() {
    if (this.index === STOPS.length - 1) this.finish();
    else this.go(this.index + 1);
  }

  // Stop i (0-based): its part outlined and scrolled into view, focus on its title, said.
  go(i, { focus = true } = {}) {
    if (i < 0 || i >= STOPS.length) return;
    clearTimeout(this.timer);
    this.index = i;
    this.doneAt = -1;
    const stop = STOPS[i];
    const { session } = this.context();
    const reset = Boolean(stop.steps && !session.loading && !session.canStep());
    if (reset) this.context().reset();
    this.note.hidden = !reset;
    this.then = snapshot(this.watched());
    this.count.textContent = t('tour.count', { n: f.int(i + 1), total: f.int(STOPS.length) });
    this.title.textContent = t(`tour.${stop.id}.title`);
    this.codeEl.replaceChildren(...stop.code().map((line) => el('code', { text: line })));
    this.doneEl.hidden = true;
    this.doneEl.textContent = '';
    this.backButton.disabled = i === 0;
    this.nextButton.textContent = i === STOPS.length - 1 ? t('tour.finish') : t('tour.next');
    this.nextButton.disabled = this.alone && i === STOPS.length - 1;
    this.root.dataset.stop = stop.id;
    this.root.dataset.done = 'false';
    this.needPart(document.querySelector(stop.target)); // (its controls are in it)
    this.render();
    this.outline(shown([stop.target]));
    if (!this.alone) store(i + 1);
    this.reveal();
    if (focus) this.title.focus({ preventScroll: true });
    const ask = reset ? `${t('tour.wasReset')} ${this.ask.textContent}` : this.ask.textContent;
    this.say(t('tour.announce', { n: f.int(i + 1), total: f.int(STOPS.length), title: t(`tour.${stop.id}.title`), ask }));
    this.changed();
  }

  // What the stops read: the run (session), its analysis, its config, the Feature menu.
  watched() {
    return { session: this.context().session, feature: this.feature };
  }

  ctx() {
    const { session, analysis } = this.context();
    return { s: session, c: session.config, a: analysis || {}, feature: this.feature };
  }

  // After every render of the run: the stop's text with the run's numbers, then whether its
  // action is done.
  render() {
    if (!this.isOpen) return;
    const stop = STOPS[this.index];
    const ctx = this.ctx();
    const vars = stop.vars(ctx);
    const text = t(`tour.${stop.id}.text${textVariant(stop, ctx)}`, vars);
    if (this.text.textContent !== text) this.text.textContent = text;
    const control = shown(controls(stop, ctx));
    // (The start's keyboard alternative when the landscape has no handle: its settings field.)
    const field = Boolean(control && control.id === 'setting-init_w');
    const ask = t(`tour.${stop.id}.ask${field ? '.field' : askVariant(stop, ctx)}`, vars);
    if (this.ask.textContent !== ask) this.ask.textContent = ask;
    const variant = stop.id === 'validation' ? askVariant(stop, ctx) : field ? '.field' : '';
    this.showButton.hidden = !control;
    this.showButton.textContent = t('tour.show', { control: t(`tour.${stop.id}.control${variant}`) });
    this.check();
  }

  // The stop's action done: said, and on to the next stop after a moment.
  check() {
    if (!this.isOpen || this.doneAt === this.index) return;
    const stop = STOPS[this.index];
    const ctx = this.ctx();
    if (!stop.done(snapshot(this.watched()), this.then, ctx)) return;
    this.doneAt = this.index;
    const key = stop.id === 'epoch' && ctx.s.state.diverged ? 'tour.epoch.done.diverged' : `tour.${stop.id}.done`;
    const message = t(key, stop.doneVars(ctx));
    this.doneEl.textContent = `\u2713 ${message}`;
    this.doneEl.hidden = false;
    this.root.dataset.done = 'true';
    const last = this.index === STOPS.length - 1;
    this.say(`${t('tour.doneSay')} ${message}${last ? ` ${t('tour.complete')}` : ''}`);
    if (last) return;
    const at = this.index;
    this.timer = setTimeout(() => {
      if (this.index === at) this.go(at + 1);
    }, reducedMotion() ? ADVANCE_MS / 2 : ADVANCE_MS);
  }

  // Outlines the stop's part (null: none), and marks its anchor line (web/style.css).
  outline(node) {
    for (const old of document.querySelectorAll('.tour-target, .tour-anchor')) old.classList.remove('tour-target', 'tour-anchor');
    this.targetEl = node;
    if (!node) return;
    node.classList.add('tour-target');
    const stop = STOPS[this.index];
    const anchor = stop && stop.anchor ? node.querySelector(stop.anchor) : null;
    if (anchor) anchor.classList.add('tour-anchor');
  }

  // The room between the sticky control bar (when it sticks) and the tour's panel: {top, bottom}.
  room() {
    const bar = document.getElementById('transport');
    const top = bar && !bar.closest('.embed-hidden') && getComputedStyle(bar).position === 'sticky' ? bar.offsetHeight : 0;
    return { top, bottom: this.root.getBoundingClientRect().top };
  }

  // Whether the stop's part is where reveal() meant to put it (the page may have moved under it).
  placed() {
    if (!this.targetEl || !this.aim) return true;
    return Math.abs(this.targetEl.getBoundingClientRect().top - this.aim) < 4;
  }

  // Scrolls the stop's part into the room between the sticky control bar and the tour's panel:
  // its top just under the bar, or, when it is taller than that room, its anchor line centred.
  // Once more a moment later if the page moved under it (a plot or the math drawn meanwhile).
  reveal(again = true) {
    const target = this.targetEl;
    if (!target) return;
    const { top, bottom } = this.room();
    const room = bottom - top;
    const box = target.getBoundingClientRect();
    const anchor = target.querySelector('.tour-anchor');
    let y = box.top - top - 8;
    if (box.height > room - 16 && anchor) {
      const a = anchor.getBoundingClientRect();
      y = Math.max(y, a.top + a.height / 2 - top - room / 2); // centred, unless that leaves room above the part
    }
    const end = Math.max(0, Math.min(window.scrollY + y, document.documentElement.scrollHeight - innerHeight));
    this.aim = box.top - (end - window.scrollY); // where the part's top lands on screen
    window.scrollTo({ top: end, behavior: reducedMotion() ? 'auto' : 'smooth' });
    clearTimeout(this.settle);
    if (again) {
      const at = this.index;
      this.settle = setTimeout(() => {
        if (this.index === at && !this.placed()) this.reveal(false);
      }, SETTLE_MS);
    }
  }

  // "Show me": focus on the control of the stop's action (scrolled into view).
  showControl() {
    const stop = STOPS[this.index];
    const control = shown(controls(stop, this.ctx()));
    if (!control) return;
    control.scrollIntoView({ block: 'center', behavior: 'auto' });
    control.focus();
  }

  // Escape leaves the tour, except where it has its own meaning (a field, an open dialog); T
  // brings the focus back to the tour's panel (from a slider too), or opens the tour.
  onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (document.querySelector('dialog[open]') || (target && target.closest('dialog, [role="dialog"]'))) return;
    if (e.key === 'Escape' && this.isOpen && !this.alone) {
      if (target && target.closest('input, textarea, select, [role="slider"]')) return;
      e.preventDefault();
      this.leave();
    } else if (e.key.toLowerCase() === 't') {
      if (target && (target.isContentEditable || target.closest(TYPING))) return;
      e.preventDefault();
      if (!this.isOpen) this.open(storedStop() || 1);
      else this.title.focus();
    }
  }

  // The Tour button: "Tour", or "Resume the tour (stop 3 of 8)" once left.
  showEntry() {
    if (!this.entry) return;
    const n = storedStop();
    this.entry.hidden = this.alone;
    const label = this.entry.querySelector('.label') || this.entry;
    label.textContent = n ? t('tour.resume', { n: f.int(n), total: f.int(STOPS.length) }) : t('tour.start');
    this.entry.setAttribute('aria-expanded', String(this.isOpen));
  }

  say(text) {
    this.live.textContent = '';
    requestAnimationFrame(() => {
      this.live.textContent = text;
    });
  }

  // The link follows the stop (web/main.js syncs on this event).
  changed() {
    if (this.entry) this.entry.setAttribute('aria-expanded', String(this.isOpen));
    this.root.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // A changed link: #tour=N opens stop N; no tour= closes it.
  linkChanged(n) {
    if (n && n - 1 !== this.index) this.open(n);
    else if (!n && this.isOpen) this.leave({ quiet: true });
  }
}

// Wires the tour to the run controller and the view (web/main.js): `view.tour`. Called before
// the embed layout is applied: shown alone (embed=1&tour=N), the parts it does not use are added
// to the hidden ones.
function wireTour({ controller, view, url, later, $ }) {
  const alone = Boolean(url.embed.embed && url.view.tour);
  if (alone) {
    const keys = settings.SETTINGS.map((s) => s.key).filter((k) => !KEEP_SETTINGS.includes(k));
    url.embed.extraHide = [...ALONE_HIDE, ...keys];
  }
  const tour = new Tour({
    root: $('#tour'), entry: $('[data-action="tour"]'), feature: $('[data-control="feature"]'), alone,
    context: () => ({ session: controller.session, analysis: view.analysis, reset: () => controller.restart() }),
    needPart: (element) => later.needAt(element),
  });
  controller.subscribe((event) => {
    if (event === 'render') tour.render();
  });
  window.addEventListener('hashchange', () => {
    const text = new URLSearchParams(location.hash.replace(/^#/, '')).get('tour');
    const n = Number(text);
    tour.linkChanged(text && Number.isInteger(n) && n >= 1 && n <= STOPS.length ? n : null);
  });
  view.tour = tour;
  if (url.view.tour) requestAnimationFrame(() => tour.open(url.view.tour));
  return tour;
}

export const tour = { STOPS, BOOK, ALONE_HIDE, KEEP_SETTINGS, STORE };

export { Tour, wireTour };
