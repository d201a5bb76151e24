// The section's exercises, one click each (the list: web/exerciselist.js). An exercise sets up
// its run at once (the book's run with its changes), asks the learner to predict what will happen
// (three choices), then plays the run at a visible pace (a few seconds; "Skip to the end", and at
// once for prefers-reduced-motion) with its comparison run drawn as a ghost beside it, and
// explains what was seen with the run's own numbers. What an explanation cites ("the dashed
// line", "the step inspector") is a button that scrolls to it and highlights it. The exercise
// belongs to its run: once the run is changed (another exercise, a preset, a setting, Reset) it
// closes, taking its explanation, its ghost and its log scale with it. "Back to the book's run"
// closes it and starts the book's run. `#exercise=<id>` opens one; with `embed=1` it is shown alone.
import { el } from './dom.js';
import { exerciseList } from './exerciselist.js';
import { format } from './format.js';
import { settings } from './settings.js';
import { t } from './strings.js';
import { sweep as sweepLib } from './sweep.js';

const { EXERCISES, describeConfig } = exerciseList;

// The run plays in about this long: at least MIN_SECONDS, at most MAX_SECONDS, else
// STEPS_PER_SECOND (the book's 96 steps: 3.2 s).
const PACE = { MIN_SECONDS: 2, MAX_SECONDS: 6, STEPS_PER_SECOND: 30 };
const CITE_MS = 2400; // how long a cited part stays highlighted

// What an explanation may cite: [[text|name]] in its text.
const CITES = {
  data: '[data-card="data"]', loss: '[data-card="loss"]', params: '[data-card="params"]', estimates: '#readouts',
  inspector: '#inspector', landscape: '[data-card="landscape"]', 'closed-form': '[data-card="closed-form"]',
  sweep: '[data-card="sweep"]', 'lr-limit': '[data-part="lr-limit"]',
};

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

// An explanation's text as pieces: strings, and {label, name} for each [[label|name]].
function citeParts(text) {
  const parts = [];
  let at = 0;
  for (const m of text.matchAll(/\[\[([^|\]]+)\|([a-z-]+)\]\]/g)) {
    if (m.index > at) parts.push(text.slice(at, m.index));
    parts.push({ label: m[1], name: m[2] });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

// The part of the page a citation names, when it is there to be seen (not hidden by an embed).
function citedPart(name) {
  const target = CITES[name] ? document.querySelector(CITES[name]) : null;
  if (!target || target.closest('.embed-hidden, [hidden]')) return null;
  return target;
}

// Scrolls to the cited part and highlights it for a moment.
function showCited(target) {
  target.scrollIntoView({ behavior: reducedMotion() ? 'auto' : 'smooth', block: 'center' });
  target.classList.remove('is-cited');
  void target.offsetWidth; // restart the highlight's animation
  target.classList.add('is-cited');
  clearTimeout(target.citeTimer);
  target.citeTimer = setTimeout(() => target.classList.remove('is-cited'), CITE_MS);
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

const sameConfig = (a, b) => settings.SETTINGS.every((s) => settings.sameValue(a[s.key], b[s.key]));

class Exercises {
  // actions: {defaults() -> Config, check(config) -> Config, apply(config), run() -> {runId, config,
  //   loading, step, steps, playing}, play(stepsPerSecond, done), skip(), sweep(done), setGhost(config,
  //   label), ghost() -> the ghost's state or null, setLog(on), resetView(), context() -> ctx pieces}
  // alone: shown alone (an embed of one exercise): no list, no way out.
  constructor(root, actions, { alone = false } = {}) {
    this.root = root;
    this.actions = actions;
    this.current = null;
    this.own = null; // {config, runId}: the run the open exercise set up (runId null until it is ready)
    this.logSet = false; // the exercise turned the log scale on
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'exercises-title', text: t('ex.title') }));
    root.setAttribute('aria-labelledby', 'exercises-title');
    root.classList.toggle('is-alone', alone);
    const intro = el('p', { class: 'exercises-intro', text: t('ex.intro') });
    this.list = el('div', { class: 'exercise-list', role: 'group', 'aria-label': t('ex.title') });
    this.buttons = {};
    for (const ex of EXERCISES) {
      const b = el('button', {
        class: 'exercise-button', type: 'button', 'data-exercise': ex.id, 'aria-pressed': 'false', on: { click: () => this.open(ex.id) },
      }, el('span', { class: 'exercise-number', text: t('ex.number', { n: ex.book }) }),
      el('span', { class: 'exercise-name', text: t(`ex.${ex.id}.title`) }));
      this.list.append(b);
      this.buttons[ex.id] = b;
    }
    this.detail = el('div', { class: 'exercise-detail', hidden: true });
    root.append(head, intro, this.list, this.detail);
  }

  // The open exercise's id, for the link (undefined: none).
  linkId() {
    return this.current ? this.current.id : undefined;
  }

  // Opens the exercise `id` (null: closes the open one), as a changed link asks.
  show(id) {
    if (id) this.open(id);
    else this.leave();
  }

  changed() {
    this.root.dispatchEvent(new Event('change')); // the link follows (web/main.js)
  }

  // Opens an exercise: the last one's traces gone, the view as the book's, its run set up.
  open(id) {
    const ex = EXERCISES.find((e) => e.id === id);
    if (!ex) return;
    this.leave({ quiet: true });
    this.actions.resetView();
    this.current = ex;
    this.choice = null;
    this.config = this.actions.check(Object.assign({}, this.actions.defaults(), ex.config));
    this.setUp();
    for (const [key, b] of Object.entries(this.buttons)) b.setAttribute('aria-pressed', String(key === id));
    this.renderDetail(ex);
    this.detail.scrollIntoView({ block: 'nearest' });
    this.changed();
  }

  // The exercise's run from its start, owned by the exercise (the run shown when it is that
  // already: a link's first run).
  setUp() {
    this.own = null;
    const now = this.actions.run();
    if (now.loading || now.step > 0 || !sameConfig(now.config, this.config)) this.actions.apply(this.config);
    const r = this.actions.run();
    this.own = { config: r.config, runId: r.loading ? null : r.runId };
    if (this.current.log) {
      this.actions.setLog(true);
      this.logSet = true;
    }
  }

  renderDetail(ex) {
    const d = this.detail;
    d.hidden = false;
    d.dataset.exercise = ex.id;
    d.dataset.state = 'predict';
    const title = el('h3', { class: 'exercise-title', text: t(`ex.${ex.id}.title`) });
    const book = el('p', { class: 'exercise-book' },
      el('strong', { text: t('ex.bookAsks', { n: ex.book }) }), ' ', t(`ex.${ex.id}.book`));
    const setup = el('p', { class: 'exercise-setup' },
      el('strong', { text: t('ex.setup') }), ' ', el('code', { text: describeConfig(ex.config) }), ' ', t(`ex.${ex.id}.setup`));
    this.radios = [1, 2, 3].map((k) => el('input', {
      type: 'radio', name: `predict-${ex.id}`, value: String(k), on: { change: () => this.choose(k) },
    }));
    const form = el('fieldset', { class: 'exercise-predict' }, el('legend', { text: t(`ex.${ex.id}.q`) }),
      ...this.radios.map((input, i) => el('label', { class: 'exercise-option' }, input, ' ', t(`ex.${ex.id}.o${i + 1}`))));
    this.runButton = el('button', {
      class: 'btn primary', type: 'button', 'data-action': 'run-exercise', disabled: true, text: t('ex.run'),
      on: { click: () => this.run() },
    });
    const back = el('button', {
      class: 'btn', type: 'button', 'data-action': 'exercise-back', title: t('ex.back.title'), text: t('ex.back'),
      on: { click: () => this.back() },
    });
    const actions = el('div', { class: 'exercise-actions' }, this.runButton, back);
    const hint = el('p', { class: 'exercise-hint', text: t('ex.predictFirst') });
    this.result = el('div', { class: 'exercise-result', hidden: true, 'aria-live': 'polite' });
    d.replaceChildren(title, book, setup, form, actions, hint, this.result);
  }

  choose(k) {
    this.choice = k;
    this.runButton.disabled = false;
  }

  // Run it: the exercise's run from its start, played (or the sweep), its ghost beside it.
  run() {
    const ex = this.current;
    if (!ex || !this.choice) return;
    this.detail.dataset.state = 'running';
    this.runButton.disabled = true;
    for (const r of this.radios) r.disabled = true;
    this.result.hidden = false;
    this.setUp();
    if (ex.compare) {
      const what = describeConfig(ex.compare);
      // From the book's run, not from the exercise's checked config: there `order: 'sorted'` has
      // already turned `shuffle` off, and `order: 'shuffle'` on top of it would not reshuffle.
      this.actions.setGhost(Object.assign({}, this.actions.defaults(), ex.config, ex.compare), what);
    }
    const finish = (extra) => {
      if (this.current === ex) this.explain(ex, extra || {});
    };
    if (ex.run === 'sweep') {
      this.result.replaceChildren(el('p', { class: 'exercise-running', text: t('ex.running') }));
      this.actions.sweep((runs) => finish({ sweep: runs }));
      return;
    }
    this.play(finish);
  }

  // The run played at a visible pace, with Skip to the end (at once for reduced motion).
  play(finish) {
    const r = this.actions.run();
    const steps = r.steps - r.step;
    const seconds = Math.min(PACE.MAX_SECONDS, Math.max(PACE.MIN_SECONDS, steps / PACE.STEPS_PER_SECOND));
    this.playNote = el('p', { class: 'exercise-running', 'data-part': 'exercise-progress',
      text: t('ex.playing', { steps: format.int(steps), seconds: format.plain(Math.round(seconds * 10) / 10) }) });
    this.playText = this.playNote.textContent;
    const skip = el('button', {
      class: 'btn', type: 'button', 'data-action': 'exercise-skip', text: t('ex.skip'), on: { click: () => this.actions.skip() },
    });
    this.result.replaceChildren(this.playNote, skip);
    this.actions.play(steps / seconds, () => finish());
    if (reducedMotion()) this.actions.skip();
  }

  explain(ex, extra) {
    const f = format;
    const ctx = this.actions.context();
    const c = Object.assign({}, ctx, extra, {
      list: (v) => f.list6(v),
      num: (x) => f.printed6(x),
      dec: (x) => f.dec4(x),
      loss: (x) => f.loss(x),
      int: (n) => f.int(n),
      plain: (x) => f.plain(x),
      limit: () => (ctx.analysis.curvature.available ? f.loss(ctx.analysis.curvature.lrLimit) : '\u2014'),
      errors: (r) => (r ? `${f.list6(r.errorW)}, [${f.printed6(r.errorB)}]` : '\u2014'),
    });
    if (ex.compare) c.compared = this.actions.ghost();
    let vars;
    try {
      vars = ex.facts(c);
    } catch (e) {
      vars = {};
    }
    const right = this.choice === ex.answer;
    const verdict = el('p', { class: `exercise-verdict ${right ? 'is-right' : 'is-other'}` },
      el('strong', { text: t(right ? 'ex.verdict.right' : 'ex.verdict.other') }), ' ',
      t('ex.verdict.text', { yours: t(`ex.${ex.id}.o${this.choice}`), seen: t(`ex.${ex.id}.o${ex.answer}`) }));
    const explanation = el('p', { class: 'exercise-explanation', 'data-part': 'explanation' },
      ...this.citing(t(`ex.${ex.id}.explain`, vars)));
    const ghost = ex.compare && c.compared
      ? el('p', { class: 'exercise-ghost-note', text: t('ex.ghostNote', { what: describeConfig(ex.compare) }) })
      : null;
    const again = el('button', { class: 'btn', type: 'button', text: t('ex.again'), on: { click: () => this.open(ex.id) } });
    this.result.replaceChildren(verdict, explanation, ...(ghost ? [ghost] : []), again);
    this.detail.dataset.state = 'explained';
    this.detail.dataset.right = String(right);
  }

  // The explanation's text with its citations as buttons (plain text where the part is hidden).
  citing(text) {
    return citeParts(text).map((p) => {
      if (typeof p === 'string') return p;
      if (!citedPart(p.name)) return p.label;
      return el('button', {
        class: 'exercise-cite', type: 'button', 'data-cite': p.name, title: t('ex.cite.title'), text: p.label,
        on: { click: () => {
          const target = citedPart(p.name);
          if (target) showCited(target);
        } },
      });
    });
  }

  // Closes the open exercise: its detail, ghost and log scale go; the run stays.
  leave({ quiet = false } = {}) {
    if (!this.current) return;
    this.current = null;
    this.own = null;
    // The log scale first: a plot drawn (setGhost renders) and then switched from log to linear
    // in the same task hangs uPlot (its queued redraw computes log ticks from a linear range).
    if (this.logSet) this.actions.setLog(false);
    this.logSet = false;
    this.actions.setGhost(null);
    for (const b of Object.values(this.buttons)) b.setAttribute('aria-pressed', 'false');
    this.detail.hidden = true;
    this.detail.replaceChildren();
    delete this.detail.dataset.exercise;
    this.detail.dataset.state = 'closed';
    if (!quiet) this.changed();
  }

  // Back to the book's run: no exercise, the book's view and settings, a fresh run.
  back() {
    this.leave();
    this.actions.resetView();
    this.actions.apply(this.actions.defaults());
    this.root.querySelector('.exercise-list').scrollIntoView({ block: 'nearest' });
  }

  // After each render of the run (a part of web/runview.js's RunView): a run that is no longer
  // the exercise's closes it; while it plays, the progress line says where it is.
  render() {
    if (!this.current || !this.own) return;
    const r = this.actions.run();
    if (r.loading) return;
    if (this.own.runId === null && sameConfig(r.config, this.own.config)) this.own.runId = r.runId;
    if (r.runId !== this.own.runId || !sameConfig(r.config, this.own.config)) {
      queueMicrotask(() => this.leave()); // not inside the render that saw it
      return;
    }
    if (this.detail.dataset.state === 'running' && this.playNote) {
      const text = r.playing
        ? this.playText
        : t('ex.paused', { step: format.int(r.step), steps: format.int(r.steps) });
      if (this.playNote.textContent !== text) this.playNote.textContent = text;
    }
  }
}

// Wires the exercises to the run controller and the view (web/main.js): `view.exercises`.
function wireExercises({ api, controller, view, beyond, url, $ }) {
  const alone = Boolean(url.embed.embed && url.view.exercise);
  const s = controller.session;
  const exercises = new Exercises($('#exercises'), {
    defaults: () => api.defaults(),
    check: (config) => api.check(config),
    apply: (config) => controller.applyExercise(config),
    run: () => ({
      runId: s.runId, config: s.config, loading: Boolean(s.loading), step: s.state.globalStep,
      steps: s.numBatches * s.config.max_epochs, playing: Boolean(controller.player.mode),
    }),
    play: (stepsPerSecond, done) => controller.playToEnd(stepsPerSecond, done),
    skip: () => controller.skipToEnd(),
    sweep: (done) => beyond.sweep.start(sweepLib.DEFAULT_LRS, done),
    setGhost: (config, label) => controller.setGhost(config, label),
    ghost: () => (controller.ghost ? controller.ghost.state : null),
    setLog: (on) => view.setLog(on),
    resetView: () => view.resetView(),
    context: () => view.exerciseContext(),
  }, { alone });
  view.exercises = exercises;
  view.parts.push(exercises);
  if (url.view.exercise) exercises.open(url.view.exercise);
  return exercises;
}

export const exercises = { EXERCISES, describeConfig, citeParts, CITES, PACE };

export { Exercises, wireExercises };
