// The section's exercises that can be run (d2l §3.4's exercise list, current edition): each a
// preset on top of the book's run (or the learning-rate sweep), the prediction that matches what
// happens, an optional comparison run (drawn as a ghost beside it) and the numbers its
// explanation quotes. The texts are in web/strings.js (keys ex.*); web/exercises.js shows them,
// and web/urlstate.js reads `#exercise=<id>` against this list.
import { format } from './format.js';
import { t } from './strings.js';

const OUTLIER = { index: 5, value: 10000 };

// book: the exercise's number in the section (current edition); config: on top of the book's run;
// run: 'fit' (to the end) or 'sweep'; answer: the choice that matches what happens; compare: the
// comparison run's changes (its ghost); log: the loss plot's scale; facts(ctx): the numbers the
// explanation quotes.
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

const IDS = EXERCISES.map((e) => e.id);

export const exerciseList = { EXERCISES, IDS, describeConfig };
