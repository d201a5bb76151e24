// The section's exercises that can be run, one click each. An exercise first asks the learner
// to predict what will happen (three choices), then runs (a preset on top of the book's run, or
// the learning-rate sweep), then explains what was seen in a few sentences with the run's own
// numbers. The texts are in web/strings.js (keys ex.*); the actions (start a run, play it to the
// end, sweep, compare with another run) come from app.js.
import { el } from './dom.js';
import { format } from './format.js';
import { t } from './strings.js';

const OUTLIER = { index: 5, value: 10000 };

// book: the exercise's number in the section (current edition); config: on top of the book's run;
// run: 'fit' (to the end) or 'sweep'; answer: the choice that matches what happens;
// facts(ctx): the numbers the explanation quotes.
const EXERCISES = [
  { id: 'zero-init', book: 1, config: { sigma: 0 }, run: 'fit', answer: 1,
    facts: (c) => ({ ew: c.list(c.state.errorW), eb: c.num(c.state.errorB) }) },
  { id: 'var-1000', book: 1, config: { sigma: Math.sqrt(1000) }, run: 'fit', answer: 2,
    facts: (c) => ({ ew: c.list(c.state.errorW), eb: c.num(c.state.errorB), limit: c.limit(), w0: c.list(c.initialW) }) },
  { id: 'ohm', book: 2, config: { dataset: 'ohm', resistance: 10, max_epochs: 10 }, run: 'fit', answer: 1,
    facts: (c) => ({
      w: c.num(c.state.w[0]), R: c.dec(1 / c.state.w[0]), b: c.num(c.state.b), limit: c.limit(),
      lambda: c.analysis.curvature.available ? c.loss(c.analysis.curvature.lambdaMax) : '\u2014',
      epochs: c.int(c.config.max_epochs),
    }) },
  { id: 'lr-sweep', book: 6, config: {}, run: 'sweep', answer: 2,
    facts: (c) => {
      const ok = c.sweep.filter((r) => !r.diverged);
      const best = ok.reduce((a, r) => (!a || r.finalTrainLoss < a.finalTrainLoss ? r : a), null);
      const small = c.sweep.reduce((a, r) => (!a || r.lr < a.lr ? r : a), null);
      return {
        start: c.loss(c.sweep[0].initialTrainLoss), best: best ? c.loss(best.finalTrainLoss) : '\u2014',
        bestLr: best ? c.plain(best.lr) : '\u2014', limit: c.limit(), bad: c.int(c.sweep.length - ok.length),
        small: c.plain(small.lr), smallLoss: c.loss(small.finalTrainLoss),
      };
    } },
  { id: 'epochs', book: 6, config: { max_epochs: 30 }, run: 'fit', answer: 2, log: true,
    facts: (c) => ({ floor: c.loss(c.config.noise ** 2 / 2), final: c.loss(c.lastEpochLoss()), dist: c.dec(c.distance()) }) },
  { id: 'batch-remainder', book: 7, config: { num_train: 100, num_val: 20, batch_size: 30, max_epochs: 2 }, run: 'fit', answer: 2,
    facts: (c) => ({ nb: c.int(c.numBatches), last: c.int(c.last.indices.length), dropped: c.int(100 % 30) }) },
  { id: 'abs-loss', book: 8, config: { loss: 'absolute', max_epochs: 20 }, run: 'fit', answer: 1, compare: { loss: 'squared' },
    facts: (c) => ({ ew: c.list(c.state.errorW), eb: c.num(c.state.errorB), other: c.errors(c.compared) }) },
  { id: 'sq-outlier', book: 8, config: { outlier: OUTLIER, max_epochs: 20 }, run: 'fit', answer: 2,
    facts: (c) => ({ ew: c.list(c.state.errorW), eb: c.num(c.state.errorB), bls: c.num(c.ls.b) }) },
  { id: 'abs-outlier', book: 8, config: { loss: 'absolute', outlier: OUTLIER, max_epochs: 20 }, run: 'fit', answer: 2,
    compare: { loss: 'squared' },
    facts: (c) => ({ ew: c.list(c.state.errorW), eb: c.num(c.state.errorB), other: c.errors(c.compared) }) },
  { id: 'huber-outlier', book: 8, config: { loss: 'huber', huber_delta: 1, outlier: OUTLIER, max_epochs: 20 }, run: 'fit',
    answer: 1, compare: { loss: 'absolute' },
    facts: (c) => ({ ew: c.list(c.state.errorW), eb: c.num(c.state.errorB), other: c.errors(c.compared) }) },
  { id: 'sorted', book: 9, config: { order: 'sorted', noise: 1, lr: 0.1, max_epochs: 5 }, run: 'fit', answer: 2,
    compare: { order: 'shuffle' },
    facts: (c) => ({ ew: c.list(c.state.errorW), eb: c.num(c.state.errorB), other: c.errors(c.compared) }) },
];

// The settings an exercise changes, as the book's names: "sigma = 0, max_epochs = 20".
function describeConfig(config) {
  const keys = Object.keys(config);
  if (!keys.length) return t('ex.setup.book');
  return keys.map((k) => {
    const v = config[k];
    const shown = typeof v === 'number' ? format.sig(v, 6) : typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
    return `${k} = ${shown}`;
  }).join(', ');
}

class Exercises {
  // actions: {defaults() -> Config, apply(config), runToEnd(done), sweep(done), compare(config) ->
  //           {errorW, errorB}, setLog(on), context() -> ctx pieces (state, config, analysis, ...)}
  constructor(root, actions) {
    this.root = root;
    this.actions = actions;
    this.current = null;
    const head = el('div', { class: 'card-head' }, el('h2', { id: 'exercises-title', text: t('ex.title') }));
    root.setAttribute('aria-labelledby', 'exercises-title');
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

  open(id) {
    const ex = EXERCISES.find((e) => e.id === id);
    if (!ex) return;
    this.current = ex;
    this.choice = null;
    for (const [key, b] of Object.entries(this.buttons)) b.setAttribute('aria-pressed', String(key === id));
    const d = this.detail;
    d.hidden = false;
    d.dataset.exercise = id;
    d.dataset.state = 'predict';
    const title = el('h3', { class: 'exercise-title', text: t(`ex.${id}.title`) });
    const book = el('p', { class: 'exercise-book' },
      el('strong', { text: t('ex.bookAsks', { n: ex.book }) }), ' ', t(`ex.${id}.book`));
    const setup = el('p', { class: 'exercise-setup' },
      el('strong', { text: t('ex.setup') }), ' ', el('code', { text: describeConfig(ex.config) }), ' ', t(`ex.${id}.setup`));
    const choose = (k) => {
      this.choice = k;
      this.runButton.disabled = false;
    };
    this.radios = [1, 2, 3].map((k) =>
      el('input', { type: 'radio', name: `predict-${id}`, value: String(k), on: { change: () => choose(k) } }));
    const form = el('fieldset', { class: 'exercise-predict' }, el('legend', { text: t(`ex.${id}.q`) }),
      ...this.radios.map((input, i) => el('label', { class: 'exercise-option' }, input, ' ', t(`ex.${id}.o${i + 1}`))));
    this.runButton = el('button', {
      class: 'btn primary', type: 'button', 'data-action': 'run-exercise', disabled: true, text: t('ex.run'),
      on: { click: () => this.run() },
    });
    const hint = el('p', { class: 'exercise-hint', text: t('ex.predictFirst') });
    this.result = el('div', { class: 'exercise-result', hidden: true, 'aria-live': 'polite' });
    d.replaceChildren(title, book, setup, form, this.runButton, hint, this.result);
    d.scrollIntoView({ block: 'nearest' });
  }

  run() {
    const ex = this.current;
    if (!ex || !this.choice) return;
    this.detail.dataset.state = 'running';
    this.runButton.disabled = true;
    for (const r of this.radios) r.disabled = true;
    this.result.hidden = false;
    this.result.replaceChildren(el('p', { class: 'exercise-running', text: t('ex.running') }));
    const config = Object.assign({}, this.actions.defaults(), ex.config);
    this.actions.apply(config);
    if (ex.log !== undefined) this.actions.setLog(ex.log);
    const finish = (extra) => {
      if (this.current !== ex) return;  // another exercise was opened meanwhile
      this.explain(ex, config, extra || {});
    };
    if (ex.run === 'sweep') this.actions.sweep((runs) => finish({ sweep: runs }));
    else this.actions.runToEnd(() => finish());
  }

  explain(ex, config, extra) {
    const f = format;
    const ctx = this.actions.context();
    const c = Object.assign({}, ctx, extra, {
      list: (v) => f.list6(v),
      num: (x) => f.fixed6(x),
      dec: (x) => f.dec4(x),
      loss: (x) => f.loss(x),
      int: (n) => f.int(n),
      plain: (x) => f.plain(x),
      limit: () => (ctx.analysis.curvature.available ? f.loss(ctx.analysis.curvature.lrLimit) : '\u2014'),
      errors: (r) => (r ? `${f.list6(r.errorW)}, [${f.fixed6(r.errorB)}]` : '\u2014'),
    });
    if (ex.compare) c.compared = this.actions.compare(Object.assign({}, config, ex.compare));
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
    const explanation = el('p', { class: 'exercise-explanation', 'data-part': 'explanation', text: t(`ex.${ex.id}.explain`, vars) });
    const again = el('button', { class: 'btn', type: 'button', text: t('ex.again'), on: { click: () => this.open(ex.id) } });
    this.result.replaceChildren(verdict, explanation, again);
    this.detail.dataset.state = 'explained';
    this.detail.dataset.right = String(right);
  }
}


export const exercises = { EXERCISES, describeConfig };

export { Exercises };
