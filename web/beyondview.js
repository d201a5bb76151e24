// The parts beyond the book's plots: the loss landscape, the closed form and the lr limit, the lr
// sweep and the code in step (web/landscape.js, closedform.js, sweep.js, codepanel.js), drawn from
// the run's analysis (web/analysis.js). The parts that need the whole data set on the main thread
// say why they are not available while the run trains in the worker.
import { ClosedFormView, LrLimitNote } from './closedform.js';
import { CodePanel } from './codepanel.js';
import { format } from './format.js';
import { LandscapeView } from './landscape.js';
import { OnScreen } from './onscreen.js';
import { session as sessionLib } from './session.js';
import { t } from './strings.js';
import { SweepView } from './sweep.js';

// The parts that need the whole data set on the main thread.
const WHOLE_DATA_PARTS = { landscape: '#landscape', closedForm: '#closed-form', sweep: '#sweep', code: '#code' };

export class BeyondView {
  // controller: web/controller.js's RunController; analysis: web/analysis.js's RunAnalysis.
  constructor({ controller, analysis, $ }) {
    this.controller = controller;
    this.session = controller.session;
    this.analysis = analysis;
    this.$ = $;
    this.landscape = new LandscapeView($('#landscape'), () => this.renderAnalysis(true));
    this.closedForm = new ClosedFormView($('#closed-form'));
    this.lrLimit = new LrLimitNote($('#settings .field[data-key="lr"]'));
    this.sweep = new SweepView($('#sweep'), { run: (lrs, onRun, onDone) => controller.sweep(lrs, onRun, onDone) });
    this.code = new CodePanel($('#code'), { onPhase: () => controller.phase() });
    // The views that ask the core for passes over the data (the landscape, the full-batch loss)
    // redraw while the run plays at most every 120 ms, or less often when a redraw takes long (a
    // large data set): they never take more than a quarter of the time.
    this.analysisDrawn = 0;
    this.analysisCost = 0;
    this.currentLoss = NaN;
    this.unavailableShown = false;
    this.unavailableKey = '';
    this.addLossMath($('#inspector .math-note'));
    // While a control is dragged the landscape and the closed form follow each move only when on
    // screen (web/onscreen.js), as the run's plots do.
    this.onscreen = new OnScreen(() => controller.touching && !this.session.remote && this.renderAnalysis(true));
    this.roots = { landscape: $('#landscape'), closedForm: $('#closed-form') };
    for (const el of Object.values(this.roots)) this.onscreen.watch(el);
  }

  // The inspector's gradient formula for the run's loss (index.html has the squared loss's).
  addLossMath(squaredMath) {
    this.squaredMath = squaredMath;
    this.lossMath = document.createElement('p');
    this.lossMath.className = 'math-note';
    this.lossMath.dataset.part = 'loss-math';
    squaredMath.after(this.lossMath);
  }

  renderAnalysis(force) {
    const now = performance.now();
    if (!force && this.controller.player.running && now - this.analysisDrawn < Math.max(120, 4 * this.analysisCost)) return;
    this.analysisDrawn = now;
    const s = this.session;
    const touching = this.controller.touching;
    if (this.onscreen.draws(this.roots.landscape, touching)) {
      const axes = this.landscape.sync(this.analysis);
      this.landscape.draw(this.analysis.landscapeView(axes, s.config.loss === 'squared' ? 61 : 41, {
        state: s.state, last: s.last, pending: s.pending, config: s.config, ghost: s.ghost, probe: s.probe,
      }));
    }
    const finite = s.state.w.every(Number.isFinite) && Number.isFinite(s.state.b);
    this.currentLoss = finite ? s.fullBatch().loss : Infinity;
    if (this.onscreen.draws(this.roots.closedForm, touching)) {
      this.closedForm.update(this.analysis.closedFormView(s.state), { sgd: this.currentLoss }, s.config.loss);
    }
    this.analysisCost = performance.now() - now;
  }

  render() {
    const s = this.session;
    if (s.remote) {
      this.showUnavailable(true);
      return;
    }
    if (this.unavailableShown) this.showUnavailable(false);
    this.renderAnalysis(false);
    const loss = s.config.loss;
    this.squaredMath.hidden = loss !== 'squared';
    this.lossMath.hidden = loss === 'squared';
    if (loss !== 'squared') this.lossMath.textContent = t(`insp.math.${loss}`, { delta: format.plain(s.config.huber_delta) });
    const a = this.analysis;
    const st = s.state;
    this.lrLimit.update(Object.assign(a.limitView(s.config), {
      diverging: st.diverging,
      start: Number.isFinite(st.startTrainLoss) ? st.startTrainLoss : a.initialLoss,
      now: st.diverged ? NaN : st.lastTrainLoss,
    }));
    // While a control is dragged (web/scrub.js) the plots follow every move; the sweep's context
    // and the code in step wait for the release.
    if (this.controller.touching) return;
    this.sweep.setContext({ limit: a.curvature.available ? a.curvature.lrLimit : NaN, lr: s.config.lr, version: a.version });
    const epochEnded = !s.pending && Boolean(s.last) && st.batchInEpoch === 0 && st.globalStep > 0;
    const val = s.config.num_val > 0 ? s.epochs.valLoss : s.epochs.trainLoss;
    this.code.update({
      pending: s.pending, last: s.last, done: s.phaseDone, next: s.nextPhase(), epochEnded,
      config: s.config, state: st, numBatches: s.numBatches, valLoss: val[val.length - 1],
    });
    this.code.setEnabled(s.canStep());
  }

  // While the run trains in the worker each part shows why it is not available instead of its
  // content; its own content goes into a hidden box (the hidden attribute on its elements would
  // lose to their CSS display), and comes back out as it was.
  showUnavailable(on) {
    const values = format.int(this.session.dataValues(this.session.config));
    const limit = format.int(sessionLib.WORKER_MIN_VALUES);
    if (this.unavailableKey === `${on}|${values}`) return; // as shown (a change of the DOM costs a layout)
    this.unavailableKey = `${on}|${values}`;
    for (const [part, selector] of Object.entries(WHOLE_DATA_PARTS)) {
      const root = this.$(selector);
      let box = root.querySelector(':scope > [data-part="worker-hidden"]');
      let note = root.querySelector(':scope > [data-part="worker-unavailable"]');
      if (on) {
        if (!box) {
          box = document.createElement('div');
          box.dataset.part = 'worker-hidden';
          box.hidden = true;
          box.append(...root.childNodes);
          note = document.createElement('p');
          note.className = 'chart-note';
          note.dataset.part = 'worker-unavailable';
          root.append(box, note);
        }
        note.textContent = t('worker.unavailable', { part: t(`worker.part.${part}`), limit, values });
      } else if (box) {
        note.remove();
        box.replaceWith(...box.childNodes);
      }
      root.dataset.unavailable = String(on);
    }
    if (on) this.lrLimit.update({ curvature: { available: false, reason: t('worker.noLimit') } });
    this.unavailableShown = on;
  }
}
