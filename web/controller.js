// The run controller: the one owner of the run's configuration and life. Every input asks it (the
// buttons and keys, the settings form, the link, the host page's commands, the exercises, the
// importer and the user's data), and it alone starts, resets, steps and changes the run, through
// the session (web/session.js, which holds the back end: the trainer here or the worker there) and
// the player that drives it. Views do not change the run: they subscribe and draw what it publishes.
import { Player } from './player.js';
import { Session } from './session.js';
import { settings } from './settings.js';
import { t } from './strings.js';

// A gesture previews its run whole on this thread up to this many values in the data,
// (num_train + num_val) * (d + 1): about 15,000 examples of 16 features, a whole run (data, the
// training and the replay of its path) in a few milliseconds. Beyond it, the preview trains a
// thinned run of about PREVIEW_THIN_VALUES values (fewer examples, the same seed and settings),
// and the whole run follows on release: a whole run of 100,000 x 16 takes about 270 ms.
const PREVIEW_MAX_VALUES = 2 ** 18;
const PREVIEW_THIN_VALUES = 2 ** 16;

export class RunController {
  // api: the loaded JavaScript API; workerUrl: the background trainer's script (null where workers
  // cannot start); placement: 'worker' or 'main' to put every run there, else by size. The settings
  // form (web/controls.js's SettingsForm) is attached once it exists.
  constructor({ api, workerUrl = null, placement = null }) {
    this.api = api;
    const session = new Session(api);
    if (workerUrl) session.workerUrl = workerUrl;
    if (placement === 'worker' || placement === 'main') session.placement = placement;
    this.session = session;
    this.form = null;
    this.listeners = [];
    this.renderedThisFrame = false; // renderSoon drew since the last frame
    this.renderQueued = false;
    this.syntheticConfig = null; // the synthetic run's settings while the user's data is used
    this.player = new Player({
      session,
      render: () => this.render(),
      changed: () => this.emit('playing', { running: this.player.running }),
      failed: (message) => this.emit('error', { message }),
    });
    // A run in the worker reports later: ready (a start or reset done), a live setting applied,
    // the rows of another feature, or an error (the run shown stays as it was).
    session.onRemote = (event, message) => {
      if (event === 'error') {
        this.emit('error', { message: t('app.cannotStart', { error: message }), apply: true });
        return;
      }
      if (event === 'ready') this.form.setRunConfig(session.config);
      this.render();
    };
  }

  attachForm(form) {
    this.form = form;
  }

  // Listeners: listener(event, detail) for 'render' (draw the run), 'playing' (the player started
  // or stopped), 'error' ({message, apply}: a run could not start; the run shown stays).
  subscribe(listener) {
    this.listeners.push(listener);
  }

  emit(event, detail = {}) {
    for (const l of this.listeners) l(event, detail);
  }

  render() {
    this.emit('render');
  }

  // A render now if none was asked for this way since the last frame, else one with the next
  // frame: commands that come in a flood (a host page's thousands of steps) are drawn once or
  // twice a frame, not once each.
  renderSoon() {
    if (this.renderQueued) return;
    if (!this.renderedThisFrame) {
      this.renderedThisFrame = true;
      requestAnimationFrame(() => {
        this.renderedThisFrame = false;
      });
      this.render();
      return;
    }
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  get config() {
    return this.session.config;
  }

  get running() {
    return this.player.running;
  }

  canStep() {
    return this.session.canStep();
  }

  // The chosen speed (steps a second) of Run.
  setSpeed(stepsPerSecond) {
    this.speed = stepsPerSecond;
    this.player.setSpeed(stepsPerSecond);
  }

  pause() {
    this.player.pause();
  }

  // ---- Stepping ------------------------------------------------------------------------------

  // One step: at once on this thread; in the worker, after any chunk still out.
  step() {
    if (this.session.remote) {
      this.player.step();
      return;
    }
    this.player.pause();
    this.session.step();
    this.render();
  }

  // To the end of the epoch.
  epoch() {
    this.player.pause();
    this.player.forward(true);
  }

  toggleRun() {
    if (this.player.running) this.player.pause();
    else this.player.run();
  }

  // One phase of the current step (the code panel's Phase).
  phase() {
    this.player.pause();
    this.session.stepPhase();
    this.render();
  }

  // An exercise's run, played to the end at `stepsPerSecond` (the chosen speed comes back once it
  // ended or the run was replaced); done() once it ended (finished or diverged), never when the
  // run was replaced. Pause holds it; Run or skipToEnd() go on.
  playToEnd(stepsPerSecond, done) {
    const session = this.session;
    const runId = session.runId;
    this.player.setSpeed(stepsPerSecond);
    this.player.run();
    const wait = () => {
      if (session.runId !== runId) {
        this.player.setSpeed(this.speed);
        return;
      }
      if (session.loading || session.canStep() || this.player.mode) {
        requestAnimationFrame(wait);
        return;
      }
      this.player.setSpeed(this.speed);
      done();
    };
    requestAnimationFrame(wait);
  }

  // The rest of the run at once (in chunks the back end times), as an exercise's Skip to the end.
  skipToEnd() {
    if (this.session.canStep()) this.player.forward(false);
  }

  // The rest of the run at once, then done() (the bug lab's runs).
  runToEnd(done) {
    this.skipToEnd();
    const wait = () => (this.player.mode || this.session.loading ? requestAnimationFrame(wait) : done());
    requestAnimationFrame(wait);
  }

  // ---- New runs and changes --------------------------------------------------------------------

  // After a new run or a change of the run's config: the form shows it, the views redraw.
  started() {
    this.form.setRunConfig(this.session.config);
    this.render();
  }

  // Reset: the same run again, with any held settings applied; a seed: new data too. Returns
  // null, or the C++ message (also shown by the settings) when the new run cannot start: the
  // current run stays.
  restart(seed, fromHost = false) {
    this.pause();
    if (fromHost) this.form.discard();
    const next = this.form.nextConfig();
    if (seed !== undefined) next.seed = seed;
    try {
      if (this.form.pendingKeys().length > 0) this.session.start(next);
      else if (seed !== undefined) this.session.reset(seed);
      else this.session.reset();
    } catch (e) {
      this.emit('error', { message: t('app.cannotStart', { error: e.message }), apply: true });
      return e.message;
    }
    this.started();
    return null;
  }

  newData() {
    return this.restart(Math.floor(Math.random() * 2 ** 31));
  }

  // A live setting from the form (lr, max_epochs, gradient_clip_val): from the next step on.
  setLive(key, value) {
    this.session.setLive(key, value);
    this.render();
  }

  // Changes from the host or a changed link: live keys change the run in place; any other key
  // starts a new run. Throws the C++ message (the run stays as it was). Returns the notice that
  // names the keys which do not apply to the user's own data ('' when none), left out.
  setConfig(given) {
    if (!given || typeof given !== 'object' || Array.isArray(given)) throw new Error(t('embed.configObject'));
    const { ignored, notice } = this.session.userData ? settings.notApplying(Object.keys(given)) : { ignored: [] };
    const changes = Object.fromEntries(Object.entries(given).filter(([k]) => !ignored.includes(k)));
    const current = this.session.config;
    // Own keys as data (Object.assign would take an own "__proto__" key as the prototype and drop
    // it): the API then refuses it as it refuses it from any caller.
    const next = this.api.check(Object.fromEntries([...Object.entries(current), ...Object.entries(changes)]));
    const differs = settings.SETTINGS.filter((s) => !settings.sameValue(next[s.key], current[s.key]));
    this.pause();
    if (differs.every((s) => s.live)) {
      for (const s of differs) this.session.setLive(s.key, next[s.key]);
    } else {
      this.session.start(next);
    }
    this.started();
    return notice || '';
  }

  // An exercise's run (on the user's data when there is some).
  applyExercise(config) {
    this.pause();
    if (this.session.userData) this.session.startWithData(null, config);
    else this.session.start(config);
    this.started();
  }

  // The user's own data ({csv, name}) with num_val validation rows; throws when it cannot start.
  useOwnData(data, numVal) {
    this.pause();
    const base = this.session.userData ? this.form.nextConfig() : this.session.config;
    this.session.startWithData(data, Object.assign({}, base, { num_val: numVal }));
    if (!this.syntheticConfig) this.syntheticConfig = base;
    this.started();
  }

  // Back to synthetic data, with the settings it had before the user's data.
  useSynthetic(defaults) {
    this.pause();
    this.session.startWithData(null, this.syntheticConfig || defaults);
    this.syntheticConfig = null;
    this.started();
  }

  // A saved session (web/exporter.js): replayed and checked by the core, it becomes the run,
  // which continues from where it was saved. Returns its steps; throws the C++ message (the run
  // shown stays).
  importSession(text) {
    this.session.importSession(text);
    this.pause();
    this.started();
    return this.session.state.globalStep;
  }

  // The first run of the page: resolves once it is ready (a run for the worker starts later);
  // rejects with the reason when it cannot start.
  startFirst(config) {
    const session = this.session;
    const onRemote = session.onRemote;
    return new Promise((resolve, reject) => {
      session.onRemote = (event, message) => (event === 'error' ? reject(new Error(message)) : resolve());
      session.start(config);
      if (!session.loading) resolve();
    }).finally(() => {
      session.onRemote = onRemote;
    });
  }

  // ---- The ghost: another run drawn faintly beside this one ------------------------------------

  // Runs `config` to the end in a separate trainer of the page's back end (on the user's data
  // when the run uses it) and draws it as a ghost, named `label` in the legends: its fitted line,
  // its loss, its parameters and its path on the landscape. null removes it; a change of the
  // data removes it too. Throws the C++ message for a config that cannot run (nothing changes).
  setGhost(config, label = '') {
    this.session.setGhost(config, label);
    this.render();
  }

  // null, or {label, config, state}: the ghost's final state() (errorW, errorB, diverging, ...).
  get ghost() {
    const g = this.session.ghost;
    return g ? { label: g.label, config: g.config, state: g.state } : null;
  }

  // ---- Touching the run: whole runs previewed while a control moves (web/scrub.js) -------------
  // A gesture (a slider scrubbed, the start or the fitted line dragged) begins with beginTouch(),
  // previews the run of the changed settings whole with preview() on every move, and ends with
  // commitTouch() (released: the settings become the run's, in the form and the link) or
  // cancelTouch() (the run as it was). The run before the gesture stays as the ghost until the
  // next one.

  // A gesture begins: the run as it is (its settings, to the end) becomes the ghost, named `label`;
  // `owner`: who began it (touchedBy(owner) says whether it is still theirs).
  beginTouch(label, owner = null) {
    this.pause();
    const config = this.session.config;
    this.touch = { config, label, owner, changes: null, thinned: null };
    try {
      this.session.setGhost(this.previewConfig(config).config, label);
    } catch (e) {
      this.session.setGhost(null); // e.g. a run that does not fit beside this one: no ghost
    }
  }

  // The config a preview trains: `config` itself, or beyond PREVIEW_MAX_VALUES (synthetic data) a
  // thinned run of fewer examples (the same seed and settings), which `thinned` describes.
  previewConfig(config) {
    const values = this.session.dataValues(config);
    if (this.session.userData || values <= PREVIEW_MAX_VALUES) return { config, thinned: null };
    const scale = PREVIEW_THIN_VALUES / values;
    const numTrain = Math.max(1, Math.floor(config.num_train * scale));
    const numVal = Math.floor(config.num_val * scale);
    return {
      config: Object.assign({}, config, { num_train: numTrain, num_val: numVal }),
      thinned: { examples: numTrain, of: config.num_train },
    };
  }

  // The whole run of the gesture's settings with `changes` ({lr}, {batch_size}, {init_w, init_b}),
  // trained to the end at once and shown in every plot (thinned beyond PREVIEW_MAX_VALUES).
  // Returns null, or {thinned: {examples, of}}; throws the C++ message (the run shown stays).
  preview(changes) {
    if (!this.touch) this.beginTouch('');
    const target = this.api.check(Object.assign({}, this.touch.config, changes));
    const { config, thinned } = this.previewConfig(target);
    const current = this.session.config;
    const differs = Object.keys(config).filter((k) => !settings.sameValue(config[k], current[k]));
    const live = differs.every((k) => settings.BY_KEY.has(k) && settings.BY_KEY.get(k).live);
    if (this.session.sameTrainer() && live) {
      this.session.rerunWhole(Object.fromEntries(differs.map((k) => [k, config[k]])));
    } else {
      this.session.startWhole(config);
    }
    this.touch.changes = changes;
    this.touch.target = target;
    this.touch.thinned = thinned;
    this.render();
    return thinned ? { thinned } : null;
  }

  // The thinned preview shown now, or null ({examples, of}).
  get thinned() {
    return this.touch ? this.touch.thinned : null;
  }

  get touching() {
    return Boolean(this.touch);
  }

  touchedBy(owner) {
    return Boolean(this.touch) && this.touch.owner === owner;
  }

  // Released: the previewed settings become the run's (the form and the link show them). A
  // thinned preview gives way to the whole run, trained to the end (in the worker when large).
  commitTouch() {
    const touch = this.touch;
    if (!touch) return;
    this.touch = null;
    if (!touch.changes) {
      this.render();
      return;
    }
    if (touch.thinned) this.wholeRun(touch.target);
    else this.started();
  }

  // Let go without a change (Escape): the run of the settings before the gesture, whole.
  cancelTouch() {
    const touch = this.touch;
    if (!touch) return;
    this.touch = null;
    if (!touch.changes) {
      this.render();
      return;
    }
    if (touch.thinned) {
      this.wholeRun(touch.config);
      return;
    }
    try {
      this.session.startWhole(touch.config);
    } catch (e) {
      this.emit('error', { message: t('app.cannotStart', { error: e.message }), apply: true });
    }
    this.started();
  }

  // After a thinned preview: the run of `config` started where it belongs (the worker when
  // large) and trained to the end.
  wholeRun(config) {
    try {
      this.session.start(config);
    } catch (e) {
      this.emit('error', { message: t('app.cannotStart', { error: e.message }), apply: true });
      return;
    }
    this.started();
    const session = this.session;
    const toEnd = () => (session.loading ? requestAnimationFrame(toEnd) : this.skipToEnd());
    toEnd();
  }

  // The parameters of a line dragged on the data plot ({w, b}; null drops it): drawn as the
  // fitted line and on the landscape, with their training loss, until the next run.
  probe(point) {
    this.pause();
    this.session.probe = point ? { w: Float64Array.from(point.w), b: point.b, loss: this.lossAt(point) } : null;
    this.render();
  }

  // "Train from here": a new run of the run's settings that starts at `point` ({w, b}: the
  // config's init_w and init_b), played from its first step; the run before stays as the ghost.
  trainFrom(point) {
    const before = this.session.config;
    try {
      const config = this.api.check(Object.assign({}, before, { init_w: Array.from(point.w), init_b: point.b }));
      this.beginTouch(t('touch.ghost'), this);
      this.touch = null;
      this.session.start(config);
    } catch (e) {
      this.emit('error', { message: t('app.cannotStart', { error: e.message }), apply: true });
      return;
    }
    this.started();
    const session = this.session;
    const play = () => (session.loading ? requestAnimationFrame(play) : this.player.run());
    play();
  }

  // The training loss over the whole training set at `point` ({w, b}), or NaN when it cannot be
  // had here (the run in the worker).
  lossAt(point) {
    return this.session.remote ? NaN : this.session.fullBatch(point).loss;
  }

  // ---- Questions about the run (answered by the back end) -------------------------------------

  // The final errors of a run of `config` to the end, beside the current run (an exercise's
  // comparison).
  compare(config) {
    return this.session.compareRun(config);
  }

  // The lr sweep of the current run, one learning rate per frame: onRun(run) after each,
  // onDone(runs) at the end, or onDone(null, message) for a bad list. Returns a cancel function.
  sweep(lrs, onRun, onDone) {
    const valid = Array.isArray(lrs) && lrs.length > 0 && lrs.length <= 100 &&
      lrs.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0);
    if (!valid) {
      try {
        this.session.sweepLr(lrs); // throws the core's message
      } catch (e) {
        onDone(null, e.message);
        return () => {};
      }
    }
    const runId = this.session.runId;
    const runs = [];
    let frame = 0;
    const tick = () => {
      if (this.session.runId !== runId) return; // a new run: this sweep is over
      runs.push(this.session.sweepLr([lrs[runs.length]])[0]);
      onRun(runs[runs.length - 1]);
      if (runs.length < lrs.length) frame = requestAnimationFrame(tick);
      else onDone(runs);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }

  // ---- The host page's commands (web/embed.js's HostLink) --------------------------------------

  hostHandlers(stateSummary, workerRefusal) {
    const stepped = (advance) => {
      if (this.session.remote) throw new Error(workerRefusal());
      if (!this.canStep()) throw new Error(t('embed.cannotStep'));
      this.player.pause();
      advance();
      this.renderSoon();
      return stateSummary(this.session);
    };
    return {
      step: () => stepped(() => this.session.step()),
      // The rest of the epoch in one chunk of the page's back end (it answers at once), as Epoch does.
      epoch: () => stepped(() => this.session.advance({ steps: Number.MAX_SAFE_INTEGER, untilEpochEnd: true })),
      run: () => {
        if (!this.canStep()) throw new Error(t('embed.cannotStep'));
        this.player.run();
      },
      pause: () => this.pause(),
      reset: (m) => {
        const error = this.restart(m.seed === undefined ? undefined : m.seed, true);
        if (error) throw new Error(error); // the reply says why; the run stays as it was
        return stateSummary(this.session);
      },
      setConfig: (m) => {
        const notice = this.setConfig(m.config);
        return notice ? { config: this.session.config, notice } : { config: this.session.config };
      },
      getState: () => stateSummary(this.session),
    };
  }
}
