// The bug lab: the classic from-scratch mistakes (the core simulates each, config key `bug`), one
// click each. Switching a bug on asks the run controller for the same run with that bug and shows
// the correct run (bug "none") as a ghost in the plots; once the run ends, the symptom is explained
// with the two runs' own numbers (their exports, --export-run). "Find the bug" runs a hidden bug,
// drawn by a seeded generator, lets the learner pick it from the curves, then reveals it.
// Switching off restores the run from before the lab and removes the ghost. The texts are in
// web/strings.js (keys bug.*), the bugs' list comes from the core (api.bugs()).
import { el } from './dom.js';
import { format } from './format.js';
import { settings } from './settings.js';
import { i18n, t } from './strings.js';

const NONE = 'none';

// ---- The two runs' numbers (pure: parsed --export-run objects in, numbers out) ---------------

const num = (v) => (v === null || v === undefined ? NaN : v);

// The parameters after step i (0: the initial ones) as one vector [w_1 .. w_d, b].
function paramsAt(run, i) {
  const p = i === 0 ? run.initial_params : run.steps[i - 1];
  return [...p.w.map(num), num(p.b)];
}

const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const minus = (a, b) => a.map((x, j) => x - b[j]);
const same = (a, b) => a === b || (Number.isNaN(num(a)) && Number.isNaN(num(b)));

// The first step (1-based) whose loss or parameters differ between the runs, or null.
function firstDifference(a, b) {
  const n = Math.min(a.steps.length, b.steps.length);
  for (let i = 0; i < n; ++i) {
    const x = a.steps[i];
    const y = b.steps[i];
    if (!same(x.loss, y.loss) || !same(x.b, y.b) || x.w.some((v, j) => !same(v, y.w[j]))) return i + 1;
  }
  return a.steps.length !== b.steps.length ? n + 1 : null;
}

// How far step i moved w (the length of the change of the weight vector), and b.
function moveAt(run, i) {
  if (i < 1 || i > run.steps.length) return { w: NaN, b: NaN };
  const before = paramsAt(run, i - 1);
  const after = paramsAt(run, i);
  const d = before.length - 1;
  return { w: norm(minus(after.slice(0, d), before.slice(0, d))), b: Math.abs(after[d] - before[d]) };
}

const lastOf = (list) => (list.length ? list[list.length - 1] : null);
const distinctRows = (run) => new Set(run.steps.flatMap((s) => s.indices)).size;

// Every number an explanation may quote, for the bug's run against the correct one.
function compareRuns(bugRun, correctRun) {
  const step = firstDifference(bugRun, correctRun);
  const at = step || 1;
  const moved = moveAt(bugRun, at);
  const movedCorrect = moveAt(correctRun, at);
  const s = bugRun.steps[at - 1] || null;
  const c = correctRun.steps[at - 1] || null;
  const later = Math.min(bugRun.steps.length, correctRun.steps.length, Math.max(at + 9, 10));
  const y = bugRun.data.y_train;
  const lastLoss = (run) => num((lastOf(run.epochs) || {}).train_loss);
  const dist = (run) => norm([...(run.final.error_w || []).map(num), num(run.final.error_b)]);
  const truth = bugRun.true_params || { w: [], b: null }; // none for the user's own data
  return {
    step, epoch: s ? s.epoch + 1 : NaN, batch: s ? s.batch + 1 : NaN,
    rows: s ? s.indices.length : NaN, batchSize: bugRun.config.batch_size, numTrain: y.length,
    moved: moved.w, movedCorrect: movedCorrect.w, movedB: moved.b, movedBCorrect: movedCorrect.b,
    loss: s ? num(s.loss) : NaN, lossCorrect: c ? num(c.loss) : NaN,
    later, movedLater: moveAt(bugRun, later).w, movedLaterCorrect: moveAt(correctRun, later).w,
    firstLoss: bugRun.steps.length ? num(bugRun.steps[0].loss) : NaN,
    finalLoss: lastLoss(bugRun), finalLossCorrect: lastLoss(correctRun),
    dist: dist(bugRun), distCorrect: dist(correctRun),
    w: bugRun.final.w.map(num), b: num(bugRun.final.b), wCorrect: correctRun.final.w.map(num), bCorrect: num(correctRun.final.b),
    trueW: truth.w.map(num), trueB: num(truth.b), trueWOverB: truth.w.map((v) => num(v) / bugRun.config.batch_size),
    halfBias: num(truth.b) ** 2 / 2,
    meanY: y.reduce((a, v) => a + v, 0) / y.length,
    usedRows: distinctRows(bugRun), usedRowsCorrect: distinctRows(correctRun),
    divergedStep: bugRun.final.diverged_step, steps: bugRun.steps.length,
  };
}

// The facts as the sentences show them (three significant digits, lists in brackets).
function spokenFacts(f) {
  const sp = format.spoken;
  const list = (v) => `[${v.map(sp).join(', ')}]`;
  const ratio = (a, b) => (b > 0 && Number.isFinite(a / b) ? sp(a / b) : '\u2014');
  return {
    step: format.int(f.step), epoch: format.int(f.epoch), batch: format.int(f.batch), rows: format.int(f.rows),
    batchSize: format.int(f.batchSize), numTrain: format.int(f.numTrain),
    moved: sp(f.moved), movedCorrect: sp(f.movedCorrect), ratio: ratio(f.moved, f.movedCorrect),
    movedB: sp(f.movedB), movedBCorrect: sp(f.movedBCorrect),
    loss: sp(f.loss), lossCorrect: sp(f.lossCorrect), firstLoss: sp(f.firstLoss),
    later: format.int(f.later), movedLater: sp(f.movedLater), movedLaterCorrect: sp(f.movedLaterCorrect),
    ratioLater: ratio(f.movedLater, f.movedLaterCorrect),
    finalLoss: sp(f.finalLoss), finalLossCorrect: sp(f.finalLossCorrect), dist: sp(f.dist), distCorrect: sp(f.distCorrect),
    w: list(f.w), b: sp(f.b), wCorrect: list(f.wCorrect), bCorrect: sp(f.bCorrect), trueW: list(f.trueW), trueB: sp(f.trueB),
    trueWOverB: list(f.trueWOverB), halfBias: sp(f.halfBias),
    meanY: sp(f.meanY), usedRows: format.int(f.usedRows), usedRowsCorrect: format.int(f.usedRowsCorrect),
    divergedStep: f.divergedStep === null ? '\u2014' : format.int(f.divergedStep), steps: format.int(f.steps),
  };
}

// The explanation of `name`'s run against the correct one, in the page's language.
function explain(name, facts) {
  if (facts.step === null) return t('bug.explain.same', { title: bugText(name, 'title') });
  const key = i18n.has(`bug.${name}.explain`) ? `bug.${name}.explain` : 'bug.explain.generic';
  return t(key, spokenFacts(facts));
}

// A bug's title, description or symptom: the page's translation, else the core's English text.
let coreBugs = [];
function bugText(name, part) {
  const key = `bug.${name}.${part}`;
  if (i18n.has(key)) return t(key);
  const b = coreBugs.find((x) => x.name === name);
  return b ? b[part] : name;
}

// A small seeded generator (mulberry32) for the hidden bug of "Find the bug".
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// The settings that make a run what it is (live ones, such as lr, may change mid-run).
function runKey(config) {
  return JSON.stringify(settings.SETTINGS.filter((s) => !s.live).map((s) => config[s.key]));
}

const withBug = (config, bug) => Object.assign({}, config, { bug });

class BugLab {
  // actions: {bugs() -> [{name, title, description, code_line, symptom}], config() -> the run's config,
  //   start(config) (a new run, throws the C++ message), runToEnd(done), setGhost(config | null, label),
  //   ghost() -> null or {label, config, state}, exportRun() -> the run's export (parsed),
  //   exportRunOf(config) -> a separate run's export (parsed), compare(config) -> {errorW, errorB},
  //   remote() -> whether the run trains in the worker, ended() -> whether the run cannot step on
  //   (finished or diverged), subscribe(listener)}
  // The explanation waits for the end of the run (a Pause or Reset meanwhile: until it ends).
  constructor(root, actions, { seed = Math.floor(Math.random() * 2 ** 31) } = {}) {
    Object.assign(this, { root, actions });
    this.bugs = actions.bugs().filter((b) => b.name !== NONE);
    coreBugs = this.bugs;
    this.active = null; // {name, base, config, ghost, mode: 'lab' | 'quiz', token}
    this.before = null; // the run's config before the lab changed it
    this.token = 0;
    this.starting = false;
    this.seed = seed >>> 0;
    this.round = 0;
    this.build();
    actions.subscribe((event) => {
      if (event !== 'render' || !this.active || this.starting) return;
      if (runKey(actions.config()) !== this.active.key) this.release();
      else if (!this.active.facts && actions.ended()) this.finished();
    });
  }

  build() {
    const root = this.root;
    root.setAttribute('aria-labelledby', 'buglab-title');
    this.buttons = {};
    const list = el('div', { class: 'buglab-list', role: 'group', 'aria-label': t('bug.listLabel') });
    for (const b of this.bugs) {
      this.buttons[b.name] = el('button', {
        type: 'button', class: 'buglab-bug', 'data-bug': b.name, 'aria-pressed': 'false', on: { click: () => this.switchOn(b.name) },
      }, el('span', { class: 'buglab-bug-name', text: bugText(b.name, 'title') }));
      list.append(this.buttons[b.name]);
    }
    this.offButton = el('button', { type: 'button', class: 'btn', 'data-action': 'bug-off', disabled: true, text: t('bug.off'),
      on: { click: () => this.switchOff() } });
    this.quizButton = el('button', { type: 'button', class: 'btn primary', 'data-action': 'find-bug', text: t('bug.find'),
      on: { click: () => this.quiz() } });
    this.detail = el('div', { class: 'buglab-detail', 'aria-live': 'polite', hidden: true });
    root.append(
      el('div', { class: 'card-head' }, el('h2', { id: 'buglab-title', text: t('bug.title') })),
      el('p', { class: 'buglab-intro', text: t('bug.intro') }),
      list, el('div', { class: 'buglab-actions' }, this.offButton, this.quizButton), this.detail);
    this.mark();
  }

  // The state on the section, for styles and tests: data-bug (the bug switched on), data-mode, data-state.
  mark(state = this.active ? 'running' : 'idle') {
    const a = this.active;
    const shown = a && (a.mode === 'lab' || a.revealed) ? a.name : NONE;
    this.root.dataset.bug = shown;
    this.root.dataset.mode = a ? a.mode : 'off';
    this.root.dataset.state = state;
    for (const [name, b] of Object.entries(this.buttons)) b.setAttribute('aria-pressed', String(name === shown));
    this.offButton.disabled = !a;
    document.body.classList.toggle('bug-quiz', Boolean(a && a.mode === 'quiz' && !a.revealed));
  }

  // The same run with `name` on, the correct one as the ghost.
  switchOn(name) {
    if (!this.usable()) return;
    const current = this.actions.config();
    const base = this.active ? this.active.base : withBug(current, NONE);
    if (!this.before) this.before = current;
    if (this.begin(name, base, 'lab')) this.showLab();
  }

  // The lab needs the whole run on this page (its export); a run in the worker has it there.
  usable() {
    if (!this.actions.remote()) return true;
    this.detail.hidden = false;
    this.detail.replaceChildren(el('p', { class: 'buglab-note', text: t('bug.unavailable') }));
    return false;
  }

  // Starts the run of `name` on `base` and its ghost; false (and the message shown) when it cannot start.
  begin(name, base, mode) {
    const config = withBug(base, name);
    const ghost = withBug(base, NONE);
    const token = ++this.token;
    this.starting = true;
    try {
      this.actions.start(config);
      this.actions.setGhost(ghost, t('bug.ghost'));
    } catch (e) {
      this.detail.hidden = false;
      this.detail.replaceChildren(el('p', { class: 'field-error', role: 'alert', text: t('bug.cannotStart', { error: e.message }) }));
      return false;
    } finally {
      this.starting = false;
    }
    this.active = { name, base, config, ghost, mode, token, key: runKey(this.actions.config()), facts: null };
    this.mark('running');
    this.actions.runToEnd(() => {
      const a = this.active;
      if (a && a.token === token && !a.facts && this.actions.ended()) this.finished();
    });
    return true;
  }

  // The run ended: its numbers against the correct run's.
  finished() {
    const a = this.active;
    a.facts = compareRuns(this.actions.exportRun(), this.actions.exportRunOf(a.ghost));
    this.mark('explained');
    if (a.mode === 'lab') this.showExplanation();
    else this.quizReady();
  }

  // What the bug is: its title, description, the book's line it breaks and the symptom.
  describe(name) {
    const b = this.bugs.find((x) => x.name === name);
    return [
      el('h3', { class: 'buglab-title', text: bugText(name, 'title') }),
      el('p', { class: 'buglab-description', text: bugText(name, 'description') }),
      el('p', { class: 'buglab-line' }, el('strong', { text: t('bug.line') }), ' ', el('code', { text: b ? b.code_line : '' })),
      el('p', { class: 'buglab-symptom' }, el('strong', { text: t('bug.symptom') }), ' ', bugText(name, 'symptom')),
    ];
  }

  showLab() {
    this.detail.hidden = false;
    this.explanation = el('p', { class: 'buglab-explanation', 'data-part': 'bug-explanation', text: t('bug.running') });
    this.detail.replaceChildren(...this.describe(this.active.name), el('p', { class: 'buglab-ghost-note', text: t('bug.ghostNote') }),
      this.explanation);
  }

  showExplanation() {
    const a = this.active;
    this.explanation.textContent = explain(a.name, a.facts);
  }

  // Back to the run from before the lab, without a ghost.
  switchOff() {
    const before = this.before;
    this.release();
    if (!before) return;
    try {
      this.actions.start(before);
    } catch (e) {
      this.detail.hidden = false;
      this.detail.replaceChildren(el('p', { class: 'field-error', role: 'alert', text: t('bug.cannotStart', { error: e.message }) }));
    }
  }

  // The lab lets go of the run (switched off, or another input changed the run): its ghost goes.
  release() {
    const a = this.active;
    ++this.token;
    this.active = null;
    this.before = null;
    if (a && this.ownsGhost(a)) this.actions.setGhost(null);
    this.detail.hidden = true;
    this.detail.replaceChildren();
    this.mark('idle');
  }

  // Whether the ghost shown is the lab's (another part may have drawn its own since).
  ownsGhost(a) {
    const ghost = this.actions.ghost();
    return Boolean(ghost) && ghost.label === t('bug.ghost') && runKey(ghost.config) === runKey(a.ghost);
  }

  // ---- Find the bug ---------------------------------------------------------------------------

  // Bugs that change this run (a bug can leave it as it is: a short last batch needs a batch
  // size that does not divide the data).
  visibleBugs(base) {
    const correct = this.actions.compare(base);
    const sameErrors = (r) => r.errorB === correct.errorB && Array.from(r.errorW).every((v, j) => v === correct.errorW[j]);
    return this.bugs.filter((b) => {
      try {
        return !sameErrors(this.actions.compare(withBug(base, b.name)));
      } catch (e) {
        return false;
      }
    });
  }

  quiz() {
    if (!this.usable()) return;
    const current = this.actions.config();
    const base = this.active ? this.active.base : withBug(current, NONE);
    const candidates = this.visibleBugs(base);
    if (candidates.length === 0) {
      this.detail.hidden = false;
      this.detail.replaceChildren(el('p', { class: 'buglab-note', text: t('bug.quiz.none') }));
      return;
    }
    const pick = candidates[Math.floor(mulberry32(this.seed + this.round)() * candidates.length)];
    this.root.dataset.quizSeed = String(this.seed);
    this.root.dataset.quizRound = String(this.round);
    ++this.round;
    if (!this.before) this.before = current;
    if (this.begin(pick.name, base, 'quiz')) this.showQuiz();
  }

  showQuiz() {
    const a = this.active;
    a.choice = null;
    this.revealButton = el('button', { type: 'button', class: 'btn primary', 'data-action': 'reveal-bug', disabled: true,
      text: t('bug.quiz.reveal'), on: { click: () => this.reveal() } });
    const choose = (name) => {
      a.choice = name;
      this.revealButton.disabled = !a.facts;
    };
    const options = this.bugs.map((b) => el('label', { class: 'buglab-option' },
      el('input', { type: 'radio', name: 'buglab-guess', value: b.name, on: { change: () => choose(b.name) } }), ' ', bugText(b.name, 'title')));
    this.quizStatus = el('p', { class: 'buglab-hint', text: t('bug.running') });
    this.result = el('div', { class: 'buglab-result', hidden: true });
    this.detail.hidden = false;
    this.detail.replaceChildren(el('h3', { class: 'buglab-title', text: t('bug.quiz.title') }),
      el('p', { class: 'buglab-description', text: t('bug.quiz.intro') }),
      el('fieldset', { class: 'buglab-guess' }, el('legend', { text: t('bug.quiz.question') }), ...options),
      this.revealButton, this.quizStatus, this.result);
  }

  quizReady() {
    this.quizStatus.textContent = t('bug.quiz.pick');
    if (this.active.choice) this.revealButton.disabled = false;
  }

  reveal() {
    const a = this.active;
    if (!a || !a.facts || !a.choice) return;
    a.revealed = true;
    const right = a.choice === a.name;
    this.revealButton.disabled = true;
    for (const input of this.detail.querySelectorAll('input[name="buglab-guess"]')) input.disabled = true;
    this.quizStatus.hidden = true;
    this.result.hidden = false;
    this.result.dataset.right = String(right);
    this.result.replaceChildren(
      el('p', { class: `buglab-verdict ${right ? 'is-right' : 'is-other'}` }, el('strong', { text: t(right ? 'bug.quiz.right' : 'bug.quiz.wrong') }),
        ' ', t('bug.quiz.was', { yours: bugText(a.choice, 'title'), hidden: bugText(a.name, 'title') })),
      ...this.describe(a.name),
      el('p', { class: 'buglab-explanation', 'data-part': 'bug-explanation', text: explain(a.name, a.facts) }),
      el('button', { type: 'button', class: 'btn', 'data-action': 'find-bug-again', text: t('bug.quiz.again'), on: { click: () => this.quiz() } }));
    this.mark('revealed');
  }
}

// The lab's actions, from the run controller (the runs' exports come from the page's back end).
function wireBugLab({ api, controller, root }) {
  const session = controller.session;
  return new BugLab(root, {
    bugs: () => api.bugs(),
    config: () => controller.config,
    start: (config) => controller.setConfig(config), // on the user's data when the run uses it
    runToEnd: (done) => controller.runToEnd(done),
    setGhost: (config, label) => controller.setGhost(config, label),
    ghost: () => controller.ghost,
    exportRun: () => JSON.parse(session.page.exportRun()),
    exportRunOf: (config) => JSON.parse(session.page.exportRunOf(config, session.userData)),
    compare: (config) => controller.compare(config),
    remote: () => Boolean(session.remote),
    ended: () => !session.loading && !session.canStep(),
    subscribe: (listener) => controller.subscribe(listener),
  });
}

export const buglab = { NONE, firstDifference, moveAt, compareRuns, spokenFacts, explain, mulberry32 };
export { BugLab, wireBugLab };
