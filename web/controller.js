// The run controller: the one owner of the run's configuration and life. Every input asks it (the
// buttons and keys, the settings form, the link, the host page's commands, the exercises, the
// importer and the user's data), and it alone starts, resets, steps and changes the run, through
// the session (web/session.js, which holds the back end: the trainer here or the worker there) and
// the player that drives it. Views do not change the run: they subscribe and draw what it publishes.
import { Player } from './player.js';
import { Session } from './session.js';
import { settings } from './settings.js';
import { t } from './strings.js';

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
