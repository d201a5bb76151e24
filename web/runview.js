// The run as the page shows it: the three plots, the inspector, the estimates, the status line,
// the narration and table views, the goal, the beyond-the-book parts and the host's events, all
// redrawn from what the run controller publishes. It reads the run and never changes it.
import { a11y } from './a11y.js';
import { charts as chartsLib } from './charts.js';
import { FeaturePicker } from './controls.js';
import { format } from './format.js';
import { Inspector } from './inspector.js';
import { LastStepStrip } from './laststep.js';
import { MathView } from './math.js';
import { OnScreen } from './onscreen.js';
import { Readouts, StatusLine } from './readouts.js';
import { session as sessionLib } from './session.js';
import { t } from './strings.js';
import { setData } from './dom.js';

// While a run in the worker plays, the parts rebuilt as text redraw at most this often.
const TEXT_INTERVAL_MS = 250;

export class RunView {
  // controller: web/controller.js's RunController; view: the link's view settings ({feature, log}).
  constructor({ controller, $, view }) {
    this.controller = controller;
    this.session = controller.session;
    this.$ = $;
    this.charts = {
      data: new chartsLib.DataChart($('#chart-data'), $('#data-note')),
      loss: new chartsLib.LossChart($('#chart-loss')),
      params: new chartsLib.ParamChart($('#chart-params'), $('#params-note')),
    };
    // While a control is dragged or the run plays, only the parts on screen follow each move or
    // step (web/onscreen.js, here and in the other views); one that scrolls into the window
    // meanwhile is drawn then (with the player's next frame while it plays), and every part on
    // release, pause or the run's end.
    OnScreen.playing = () => Boolean(controller.player.mode);
    OnScreen.redraw = () => controller.player.redraw();
    this.onscreen = new OnScreen(() => controller.touching && controller.render());
    this.plotRoots = { data: $('#chart-data'), loss: $('#chart-loss'), params: $('#chart-params') };
    this.textRoots = { strip: $('#last-step'), math: $('#math'), readouts: $('#readouts'), inspector: $('#inspector') };
    for (const el of [...Object.values(this.plotRoots), ...Object.values(this.textRoots)]) this.onscreen.watch(el);
    this.inspector = new Inspector($('#inspector'));
    this.strip = new LastStepStrip($('#last-step'));
    this.math = new MathView($('#math'), this.session); // the section's math, tied to the numbers
    this.readouts = new Readouts($('#readouts'));
    this.status = new StatusLine($('#status'));
    this.features = new FeaturePicker($('[data-control="feature"]'), () => controller.render());
    this.logScale = $('[data-control="log-scale"]');
    this.lossMode = $('[data-control="loss-mode"]');
    this.lossNote = $('[data-part="loss-note"]');
    this.narrator = new a11y.Narrator($('#narration'));
    this.tables = new a11y.TableViews({
      data: $('[data-table="data"]'), loss: $('[data-table="loss"]'), params: $('[data-table="params"]'),
    });
    this.shown = { dataVersion: -1, feature: -1 };
    this.shownRunId = null;
    this.shownMode = null;
    this.textDrawn = -Infinity;
    this.parts = []; // more views redrawn with the run: {render()} (the beyond-the-book parts)
    this.onNewRun = () => {}; // a new run is shown (or the same run moved between page and worker)
    this.afterRender = () => {}; // (reached): the goal checked, for the host's events and the link
    if (view.feature) this.features.feature = view.feature - 1;
    if (view.log) this.setLog(true);
    this.lossMode.addEventListener('change', () => controller.render());
    this.logScale.addEventListener('change', () => {
      this.charts.loss.setLog(this.logScale.checked); // the learner's choice, from now on
      controller.render(); // the loss note says no more that the plot chose
    });
  }

  setLog(on) {
    this.logScale.checked = on;
    this.charts.loss.setLog(on);
  }

  // The view as the book's run shows it (an exercise opens, or goes back to the book's run): the
  // loss on a linear scale (automatic again from the next render), the data plot's default feature.
  resetView() {
    this.setLog(false);
    this.charts.loss.chosenLog = null; // linear now, and the plot's own choice again from the next render
    this.features.feature = null;
  }

  // Whether the learner (the link, an exercise) chose the log scale: the link keeps only a choice.
  logChosen() {
    return this.charts.loss.chosenLog === true;
  }

  // The feature shown in the data plot beyond the default, for the link (1-based).
  viewFeature() {
    const f = this.features.feature;
    return f !== null && f !== Math.min(1, this.session.data.d - 1) ? f + 1 : undefined;
  }

  // What an exercise's explanation reads of the run (web/exercises.js).
  exerciseContext() {
    const s = this.session;
    const a = this.analysis;
    return {
      state: s.state, config: s.config, analysis: a, ls: a.ls, last: s.last, numBatches: s.numBatches, initialW: a.initial.w,
      lastEpochLoss: () => s.epochs.trainLoss[s.epochs.trainLoss.length - 1],
      distance: () => a.closedFormView(s.state).current,
    };
  }

  // The controller's 'playing' event: the buttons, the status line and the counters beside them
  // follow the player (a run that stops within a frame, e.g. at a divergence, is not left with a
  // status that names a step the counters have not reached until the next frame).
  playing(running) {
    const s = this.session;
    this.transport.setState({ canStep: s.canStep(), canPhase: s.canStep() && !s.remote, running });
    this.status.show(s.state, s.config, running, s.remote);
    if (!running && s.state && !s.loading) this.readouts.updateCounters(s.state, s.config);
    if (!running) this.narrator.flush();
  }

  // The controller's 'error' event: the run shown stays; say why by the settings too.
  error({ message, apply }) {
    if (apply) this.form.showApplyError(message);
    this.status.error(message);
    if (apply) this.transport.setState({ canStep: this.session.canStep(), canPhase: this.session.canStep() && !this.session.remote, running: false });
  }

  render() {
    const s = this.session;
    s.sync();
    setData(document.documentElement, 'trainer', s.mode); // 'worker' or 'main'
    const feature = this.renderPlots();
    // Each text part costs a layout of its part of the page. While the run plays (Run, Epoch,
    // Forward) or a control is dragged (web/scrub.js), a part out of the window waits (its
    // data-deferred says so) until it comes into view or the run stops: the frame's time goes to
    // the parts on screen. While a run in the worker plays, the estimates, the strip, the math and
    // the tables redraw a few times a second and the inspector (up to a thousand rows) when it
    // stops; while a control is dragged the plots and the counters follow every move, and the rest
    // of the text the release.
    const now = performance.now();
    const touching = this.controller.touching;
    const quiet = !(touching || (s.remote && this.controller.player.mode)); // every part at every draw
    const textNow = quiet || (!touching && now - this.textDrawn >= TEXT_INTERVAL_MS);
    const shows = (part, can) => this.onscreen.draws(this.textRoots[part], touching, can);
    if (shows('inspector', quiet)) this.inspector.update(s.last, s.inspectorData(), s.numBatches);
    if (textNow) {
      this.textDrawn = now;
      if (shows('strip')) this.strip.update(s.last, s.numBatches);
      if (shows('math')) this.math.render();
    }
    if (textNow || touching) {
      this.readouts.updateCounters(s.state, s.config);
      if (shows('readouts')) this.readouts.update(s.state, s.config, s.epochs);
    }
    for (const part of this.parts) part.render();
    const running = this.controller.running;
    this.transport.setState({ canStep: s.canStep(), canPhase: s.canStep() && !s.remote, running });
    if (s.loading) this.status.set('info', t('worker.loading', { n: format.int(s.loadingExamples || 0) }));
    else this.status.show(s.state, s.config, running, s.remote);
    if (this.shownRunId !== s.runId || this.shownMode !== s.mode) {
      this.shownRunId = s.runId;
      this.shownMode = s.mode;
      this.onNewRun();
    }
    const reached = this.goal.check(s);
    this.narrator.update(s, running);
    if (reached) this.narrator.say(this.goal.text());
    if (textNow) this.tables.update(s, feature);
    this.afterRender(reached);
  }

  // The data, loss and parameter plots; returns the feature shown.
  renderPlots() {
    const s = this.session;
    const names = s.userData ? s.columns : null; // the user's column names
    const feature = this.features.sync(s.data.d, names);
    const draws = (part) => this.onscreen.draws(this.plotRoots[part], this.controller.touching);
    if (draws('data')) {
      if (this.shown.dataVersion !== s.dataVersion || this.shown.feature !== feature) {
        const p = s.points(feature);
        const name = names ? names[feature] : t('chart.data.featureName', { x: `x${format.sub(feature + 1)}`, n: feature + 1 });
        this.charts.data.setPoints(p.x, p.y, name, p.total, { sampled: Boolean(p.sampled) });
        this.shown = { dataVersion: s.dataVersion, feature };
      }
      this.charts.data.update(s.dataView(feature));
    }
    if (draws('loss')) this.charts.loss.update(this.lossView());
    if (draws('params')) this.charts.params.update(s.paramView({ copy: false }));
    return feature;
  }

  // The loss plot in the chosen mode, with the least-squares loss as a reference line.
  lossView() {
    const s = this.session;
    const mode = this.lossMode.value;
    const view = s.lossView(mode, { copy: false });
    view.reference = this.analysis.ls && !s.remote ? this.analysis.ls.trainLoss : null;
    let note = t(`plot.note.${mode}`, { n: view.book.everyN });
    if (mode === 'book' && view.book.everyN === 0) note += ` ${t('plot.note.single')}`;
    else if (mode === 'book' && view.book.waiting > 0) note += ` ${t('plot.note.leftover', { k: view.book.waiting, n: view.book.everyN })}`;
    // The log scale the plot chose by itself (the loss spans more than three decades), said.
    const scale = this.charts.loss.scaleFor(view);
    if (scale.auto) note += ` ${t('chart.loss.autoLog', { n: Math.floor(scale.decades) })}`;
    this.logScale.checked = scale.log;
    setData(this.lossNote, 'autoLog', scale.auto);
    if (this.lossNote.textContent !== note) this.lossNote.textContent = note;
    setData(this.lossNote, 'mode', mode);
    setData(this.lossNote, 'single', view.book.everyN === 0);
    return view;
  }

  // Where the data comes from (synthetic or the user's file), and in the worker what that means.
  showDataSource(wholeRunTools) {
    const s = this.session;
    const own = Boolean(s.userData);
    this.$('#settings').classList.toggle('uses-own-data', own);
    let text = own
      ? t('tools.sourceUser', { name: format.escaped(s.userData.name), rows: format.int(s.config.num_train + s.config.num_val) })
      : t('tools.sourceSynthetic');
    const values = format.int(s.dataValues(s.config));
    if (s.remote) {
      text += `${t('text.sentenceGap')}${t('worker.note', { values })}${t('text.sentenceGap')}${t('worker.tools', { limit: format.int(sessionLib.WORKER_MIN_VALUES) })}`;
    }
    this.$('[data-part="data-source"]').textContent = text;
    for (const name of wholeRunTools) this.$(`[data-tool="${name}"]`).disabled = Boolean(s.remote);
  }
}
