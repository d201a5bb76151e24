// The page's entry: loads the module and wires the parts together (session, player, controls,
// charts, inspector, readouts). Everything else lives in those parts.
import { load } from './linreg-api.js';
import { a11y } from './a11y.js';
import { RunAnalysis } from './analysis.js';
import { charts as chartsLib } from './charts.js';
import { ClosedFormView, LrLimitNote } from './closedform.js';
import { CodePanel } from './codepanel.js';
import { FeaturePicker, SettingsForm, Transport } from './controls.js';
import { embed as embedLib } from './embed.js';
import { Exercises } from './exercises.js';
import { Exporter } from './exporter.js';
import { format } from './format.js';
import { Inspector } from './inspector.js';
import { LandscapeView } from './landscape.js';
import { Player } from './player.js';
import { Readouts, StatusLine } from './readouts.js';
import { Session, session as sessionLib } from './session.js';
import { settings } from './settings.js';
import { Share } from './share.js';
import { i18n, t } from './strings.js';
import { SweepView, sweep as sweepLib } from './sweep.js';
import { urlstate } from './urlstate.js';
import { UserDataDialog } from './userdata.js';
import { WorkerPlayer } from './worker-run.js';

const $ = (selector) => document.querySelector(selector);

function fatal(message) {
  new StatusLine($('#status')).error(message);
  document.body.classList.add('is-broken');
}

// The page's text in its language (web/strings.js), before anything else can fail.
document.documentElement.lang = i18n.htmlLang;
i18n.apply(document);

async function main() {
  if (typeof globalThis.createLinRegModule !== 'function') {
    fatal(t('app.missingScript'));
    return;
  }
  // The JavaScript API stays reachable from the browser's console, as on any page that loads it
  // as a classic script: `const api = await LinReg.load()` gives the page's own module.
  if (!globalThis.LinReg) globalThis.LinReg = Object.freeze({ load });
  let api;
  try {
    api = await load();
  } catch (e) {
    fatal(t('app.wasmFailed', { error: e.message }));
    return;
  }

  // The link's state (web/urlstate.js): settings, view, language, theme and embed flags.
  const check = (config) => api.check(config);
  const url = urlstate.parse(location.hash, check);
  const session = new Session(api);
  // Large runs train in a background worker (index.html names its script; not from file://,
  // where browsers refuse workers). index.html?trainer=worker (or =main) puts every run there
  // (or here).
  const workerSrc = document.body.dataset.workerSrc;
  if (workerSrc && location.protocol !== 'file:' && typeof Worker === 'function') session.workerUrl = workerSrc;
  const placement = new URLSearchParams(location.search).get('trainer');
  if (placement === 'worker' || placement === 'main') session.placement = placement;
  const startFirst = (config) => new Promise((resolve, reject) => {
    session.onRemote = (event, message) => (event === 'error' ? reject(new Error(message)) : resolve());
    session.start(config);
    if (!session.loading) resolve();
  });
  try {
    await startFirst(url.config);
  } catch (e) {
    url.messages.push(t('url.cannotStart', { error: e.message }));
    await startFirst('book');
  }

  const charts = {
    data: new chartsLib.DataChart($('#chart-data'), $('#data-note')),
    loss: new chartsLib.LossChart($('#chart-loss')),
    params: new chartsLib.ParamChart($('#chart-params'), $('#params-note')),
  };
  const inspector = new Inspector($('#inspector'));
  const readouts = new Readouts($('#readouts'));
  const status = new StatusLine($('#status'));
  const features = new FeaturePicker($('[data-control="feature"]'), () => render());
  const logScale = $('[data-control="log-scale"]');
  let shown = { dataVersion: -1, feature: -1 };
  let shownRunId = null;
  let shownMode = null;
  if (url.view.feature) features.feature = url.view.feature - 1;
  if (url.view.log) {
    logScale.checked = true;
    charts.loss.setLog(true);
  }
  if (url.view.speed) $('[data-control="speed"]').value = url.view.speed;
  const narrator = new a11y.Narrator($('#narration'));
  const tables = new a11y.TableViews({
    data: $('[data-table="data"]'), loss: $('[data-table="loss"]'), params: $('[data-table="params"]'),
  });

  const player = new Player({
    step: () => session.step(),
    render,
    changed: () => {
      transport.setState({ canStep: session.canStep(), running: player.running });
      status.show(session.state, session.config, player.running);
      if (!player.running) narrator.flush();
    },
  });
  // The same controls for a run in the worker (web/worker-run.js).
  const workerPlayer = new WorkerPlayer({
    session,
    render,
    changed: () => {
      transport.setState({ canStep: session.canStep(), running: workerPlayer.running });
      status.show(session.state, session.config, workerPlayer.running);
      if (!workerPlayer.running) narrator.flush();
    },
    failed: (message) => status.error(message),
  });
  const driver = () => (session.remote ? workerPlayer : player);
  const pauseAll = () => {
    player.pause();
    workerPlayer.pause();
  };

  const presets = Object.fromEntries(api.presetNames().map((name) => [name, api.preset(name)]));
  const form = new SettingsForm($('#settings'), presets, {
    check: (config) => api.check(config),
    live: (key, value) => {
      session.setLive(key, value);
      render();
    },
    apply: () => restart(),
  });

  const transport = new Transport($('#transport'), {
    step: () => {
      if (session.remote) {
        workerPlayer.step();
        return;
      }
      player.pause();
      session.step();
      render();
    },
    epoch: () => {
      if (session.remote) {
        workerPlayer.forward();
        return;
      }
      player.pause();
      const from = session.state.globalStep;
      player.forward(() => session.state.globalStep > from && session.state.batchInEpoch === 0);
    },
    run: () => (driver().running ? driver().pause() : driver().run()),
    reset: () => restart(),
    newData: () => restart(Math.floor(Math.random() * 2 ** 31)),
    speed: (s) => {
      player.setSpeed(s);
      workerPlayer.setSpeed(s);
    },
  });
  player.setSpeed(transport.stepsPerSecond);
  workerPlayer.setSpeed(transport.stepsPerSecond);

  // A run in the worker reports later: ready (a start or reset done), a live setting applied,
  // the rows of another feature, or an error (the run shown stays as it was).
  session.onRemote = (event, message) => {
    if (event === 'error') {
      const text = t('app.cannotStart', { error: message });
      form.showApplyError(text);
      status.error(text);
      transport.setState({ canStep: session.canStep(), running: false });
      return;
    }
    if (event === 'ready') form.setRunConfig(session.config);
    render();
  };

  // ---- Beyond the book: the exercises, the loss landscape, the closed form and the lr limit,
  // the lr sweep, the code in step, and the book's loss plot faithfully (web/analysis.js,
  // exercises.js, landscape.js, closedform.js, sweep.js, codepanel.js)

  const analysis = new RunAnalysis();
  session.observe(analysis);
  const lossMode = $('[data-control="loss-mode"]');
  const lossNote = $('[data-part="loss-note"]');
  lossMode.addEventListener('change', () => render());
  const landscape = new LandscapeView($('#landscape'), () => renderAnalysis(true));
  const closedForm = new ClosedFormView($('#closed-form'));
  const lrLimit = new LrLimitNote($('#settings .field[data-key="lr"]'));
  const sweep = new SweepView($('#sweep'), { run: runSweep });
  const code = new CodePanel($('#code'), {
    onPhase: () => {
      player.pause();
      session.stepPhase();
      render();
    },
  });
  const exercises = new Exercises($('#exercises'), {
    defaults: () => api.defaults(),
    apply: (config) => {
      pauseAll();
      if (session.userData) session.startWithData(null, config);
      else session.start(config);
      form.setRunConfig(session.config);
      render();
    },
    runToEnd: (done) => {
      player.forward(() => false);
      const wait = () => (player.mode || session.loading ? requestAnimationFrame(wait) : done());
      requestAnimationFrame(wait);
    },
    sweep: (done) => sweep.start(sweepLib.DEFAULT_LRS, done),
    compare: (config) => {
      const other = api.create(config);
      try {
        other.fit();
        const s = other.state();
        return { errorW: s.errorW, errorB: s.errorB };
      } finally {
        other.delete();
      }
    },
    setLog: (on) => {
      logScale.checked = on;
      charts.loss.setLog(on);
    },
    context: () => ({
      state: session.state,
      config: session.config,
      analysis,
      ls: analysis.ls,
      last: session.last,
      numBatches: session.numBatches,
      initialW: analysis.initial.w,
      lastEpochLoss: () => session.epochs.trainLoss[session.epochs.trainLoss.length - 1],
      distance: () => analysis.closedFormView(session.state).current,
    }),
  });

  // The sweep of `lrs` on the current run, one learning rate per frame; onRun(run) after each,
  // onDone(runs) at the end, or onDone(null, message) for a bad list. Returns a cancel function.
  function runSweep(lrs, onRun, onDone) {
    const trainer = session.trainer;
    const valid = Array.isArray(lrs) && lrs.length > 0 && lrs.length <= 100 &&
      lrs.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0);
    if (!valid) {
      try {
        trainer.sweepLr(lrs); // throws the core's message
      } catch (e) {
        onDone(null, e.message);
        return () => {};
      }
    }
    const runs = [];
    let frame = 0;
    const tick = () => {
      if (session.trainer !== trainer) return; // a new run: this sweep is over
      runs.push(trainer.sweepLr([lrs[runs.length]])[0]);
      onRun(runs[runs.length - 1]);
      if (runs.length < lrs.length) frame = requestAnimationFrame(tick);
      else onDone(runs);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }

  // The views that ask the core for passes over the data (the landscape, the full-batch loss)
  // redraw while the run plays at most every 120 ms, or less often when a redraw takes long (a
  // large data set): they never take more than a quarter of the time.
  let analysisDrawn = 0;
  let analysisCost = 0;
  function renderAnalysis(force) {
    const now = performance.now();
    if (!force && player.running && now - analysisDrawn < Math.max(120, 4 * analysisCost)) return;
    analysisDrawn = now;
    const axes = landscape.sync(analysis);
    landscape.draw(analysis.landscapeView(axes, session.config.loss === 'squared' ? 61 : 41, {
      state: session.state, last: session.last, pending: session.pending, config: session.config,
    }));
    const finite = session.state.w.every(Number.isFinite) && Number.isFinite(session.state.b);
    currentLoss = finite ? session.trainer.fullBatch().loss : Infinity;
    closedForm.update(analysis.closedFormView(session.state), { sgd: currentLoss }, session.config.loss);
    analysisCost = performance.now() - now;
  }
  let currentLoss = NaN;

  // The inspector's gradient formula for the run's loss (index.html has the squared loss's).
  const squaredMath = $('#inspector .math-note');
  const lossMath = document.createElement('p');
  lossMath.className = 'math-note';
  lossMath.dataset.part = 'loss-math';
  squaredMath.after(lossMath);

  // Parts that need the whole data set on the main thread: while the run trains in the worker
  // each shows why it is not available instead of its content.
  const WHOLE_DATA_PARTS = { landscape: '#landscape', closedForm: '#closed-form', sweep: '#sweep', code: '#code' };
  let unavailableShown = false;
  let unavailableKey = '';
  function showUnavailable(on) {
    const values = format.int(sessionLib.dataValues(session.config));
    const limit = format.int(sessionLib.WORKER_MIN_VALUES);
    if (unavailableKey === `${on}|${values}`) return; // as shown (a change of the DOM costs a layout)
    unavailableKey = `${on}|${values}`;
    for (const [part, selector] of Object.entries(WHOLE_DATA_PARTS)) {
      const root = $(selector);
      // The part's own content goes into a hidden box (the hidden attribute on its elements
      // would lose to their CSS display), and comes back out as it was.
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
    if (on) lrLimit.update({ curvature: { available: false, reason: t('worker.noLimit') } });
    unavailableShown = on;
  }

  function renderBeyond() {
    if (session.remote) {
      showUnavailable(true);
      return;
    }
    if (unavailableShown) showUnavailable(false);
    renderAnalysis(false);
    const loss = session.config.loss;
    squaredMath.hidden = loss !== 'squared';
    lossMath.hidden = loss === 'squared';
    if (loss !== 'squared') lossMath.textContent = t(`insp.math.${loss}`, { delta: format.plain(session.config.huber_delta) });
    lrLimit.update(analysis.limitView(session.config, currentLoss));
    sweep.setContext({
      limit: analysis.curvature.available ? analysis.curvature.lrLimit : NaN, lr: session.config.lr, version: analysis.version,
    });
    const s = session.state;
    const epochEnded = !session.pending && Boolean(session.last) && s.batchInEpoch === 0 && s.globalStep > 0;
    const val = session.config.num_val > 0 ? session.epochs.valLoss : session.epochs.trainLoss;
    code.update({
      pending: session.pending, last: session.last, done: session.phaseDone, next: session.nextPhase(), epochEnded,
      config: session.config, state: s, numBatches: session.numBatches, valLoss: val[val.length - 1],
    });
    code.setEnabled(session.canStep());
  }

  // The loss plot in the chosen mode, with the least-squares loss as a reference line.
  function lossView() {
    const mode = lossMode.value;
    const view = session.lossView(mode);
    view.reference = analysis.ls && !session.remote ? analysis.ls.trainLoss : null;
    let note = t(`plot.note.${mode}`, { n: view.book.everyN });
    if (mode === 'book' && view.book.everyN === 0) note += ` ${t('plot.note.single')}`;
    else if (mode === 'book' && view.book.waiting > 0) note += ` ${t('plot.note.leftover', { k: view.book.waiting, n: view.book.everyN })}`;
    if (lossNote.textContent !== note) lossNote.textContent = note;
    lossNote.dataset.mode = mode;
    lossNote.dataset.single = String(view.book.everyN === 0);
    return view;
  }

  // ---- Embedding, sharing, saving, the user's data (web/embed.js, share.js, exporter.js, userdata.js)

  const notices = new urlstate.Notices($('#notices'));
  notices.show(url.messages);
  embedLib.applyLayout(url.embed);
  const locked = embedLib.applyLocks(embedLib.lockedKeys(url.embed));
  const goal = new embedLib.Goal(url.embed.goal || null, $('#goal'));
  const defaults = api.defaults();
  const viewState = () => ({
    speed: transport.stepsPerSecond !== 10 ? String(transport.stepsPerSecond) : undefined,
    log: logScale.checked || undefined,
    feature: features.feature !== null && features.feature !== Math.min(1, session.data.d - 1) ? features.feature + 1 : undefined,
  });
  const linkFor = (embed) => urlstate.urlWith(urlstate.build({
    config: session.config, defaults, view: viewState(), flags: url.flags, embed, userData: Boolean(session.userData),
  }));
  let syncedHash = location.hash;
  let hashedConfig = null; // the config the hash was last built for
  function syncHash() {
    const hash = urlstate.build({
      config: session.config, defaults, view: viewState(), flags: url.flags, embed: url.embed, userData: Boolean(session.userData),
    });
    if (hash === syncedHash) return;
    syncedHash = hash;
    try {
      history.replaceState(history.state, '', urlstate.urlWith(hash) || location.pathname);
    } catch (e) {
      // Some browsers refuse replaceState on file:// pages: the link is still made on demand.
    }
  }
  const fullPage = $('[data-part="full-page"]');
  if (fullPage) fullPage.href = linkFor({});

  const toolStatus = (kind, text) => {
    const el = $('[data-part="tool-status"]');
    el.dataset.kind = kind;
    el.textContent = text;
  };
  const exporter = new Exporter({
    api,
    getTrainer: () => session.trainer,
    charts,
    titles: (name) => t(`chart.${name}.title`),
    onImport: (trainer) => {
      pauseAll();
      session.adopt(trainer);
      form.setRunConfig(session.config);
      render();
    },
    report: toolStatus,
  });
  const share = new Share({ link: linkFor, status: (text) => toolStatus('info', text) });
  let syntheticConfig = null; // the synthetic run's settings while the user's data is used
  const userData = new UserDataDialog({
    api,
    onApply: (data, numVal) => {
      pauseAll();
      const base = session.userData ? form.nextConfig() : session.config;
      session.startWithData(data, Object.assign({}, base, { num_val: numVal }));
      if (!syntheticConfig) syntheticConfig = base;
      form.setRunConfig(session.config);
      render();
    },
    onSynthetic: () => {
      pauseAll();
      session.startWithData(null, syntheticConfig || defaults);
      syntheticConfig = null;
      form.setRunConfig(session.config);
      render();
    },
  });
  const openFile = $('[data-part="open-file"]');
  openFile.addEventListener('change', async () => {
    await exporter.openFile(openFile.files[0]);
    openFile.value = '';
  });
  const tools = {
    data: () => userData.open(Boolean(session.userData)),
    save: () => exporter.saveSession(),
    open: () => openFile.click(),
    downloads: () => exporter.openDownloads(),
    link: () => share.copyLink(),
    embed: () => share.openEmbed(),
  };
  for (const [name, action] of Object.entries(tools)) {
    const button = $(`[data-tool="${name}"]`);
    button.addEventListener('click', action);
    // Locked settings: nothing may replace the run's data or config from the page.
    if (locked.size > 0 && (name === 'data' || name === 'open')) button.disabled = true;
  }
  // Saving and the downloads need the whole run on the main thread (the data, every step).
  const WHOLE_RUN_TOOLS = ['save', 'downloads'];

  // The host page (an <iframe> embedding): events out, commands in from the listed origins.
  const hostLink = new embedLib.HostLink({
    origins: url.embed.origins || [],
    handlers: {
      step: () => {
        if (session.remote) throw new Error(t('worker.noStep', { limit: format.int(sessionLib.WORKER_MIN_VALUES) }));
        if (!session.canStep()) throw new Error(t('embed.cannotStep'));
        player.pause();
        session.step();
        render();
        return embedLib.stateSummary(session);
      },
      epoch: () => {
        if (session.remote) throw new Error(t('worker.noStep', { limit: format.int(sessionLib.WORKER_MIN_VALUES) }));
        if (!session.canStep()) throw new Error(t('embed.cannotStep'));
        player.pause();
        const from = session.state.globalStep;
        while (session.canStep() && !(session.state.globalStep > from && session.state.batchInEpoch === 0)) session.step();
        render();
        return embedLib.stateSummary(session);
      },
      run: () => {
        if (!session.canStep()) throw new Error(t('embed.cannotStep'));
        driver().run();
      },
      pause: () => pauseAll(),
      reset: (m) => {
        restart(m.seed === undefined ? undefined : m.seed, true);
        return embedLib.stateSummary(session);
      },
      setConfig: (m) => {
        setConfig(m.config);
        return { config: session.config };
      },
      getState: () => embedLib.stateSummary(session),
    },
  });

  // A config from the host or a changed link: the live keys change the run in place; any other
  // key starts a new run. Throws the C++ message (the run stays as it was).
  function setConfig(changes) {
    if (!changes || typeof changes !== 'object' || Array.isArray(changes)) throw new Error(t('embed.configObject'));
    const next = check(Object.assign({}, session.config, changes));
    const differs = settings.SETTINGS.filter((s) => !settings.sameValue(next[s.key], session.config[s.key]));
    pauseAll();
    if (differs.every((s) => s.live)) {
      for (const s of differs) session.setLive(s.key, next[s.key]);
    } else {
      session.start(next);
    }
    form.setRunConfig(session.config);
    render();
  }

  window.addEventListener('hashchange', () => {
    if (location.hash === syncedHash) return; // our own
    const next = urlstate.parse(location.hash, check);
    if ((next.flags.lang || null) !== (url.flags.lang || null)) {
      location.reload();
      return;
    }
    notices.show(next.messages);
    for (const key of locked) next.config[key] = session.config[key];
    const changes = {};
    for (const s of settings.SETTINGS) {
      if (session.userData && urlstate.DATA_KEYS.includes(s.key)) continue;
      if (!settings.sameValue(next.config[s.key], session.config[s.key])) changes[s.key] = next.config[s.key];
    }
    try {
      if (Object.keys(changes).length) setConfig(changes);
    } catch (e) {
      notices.show([...next.messages, t('url.cannotStart', { error: e.message })]);
    }
    syncedHash = location.hash;
  });

  // Reset: the same run again, with any held settings applied; a seed: new data too.
  function restart(seed, fromHost) {
    pauseAll();
    if (fromHost) form.discard();
    const next = form.nextConfig();
    if (seed !== undefined) next.seed = seed;
    try {
      if (form.pendingKeys().length > 0) session.start(next);
      else if (seed !== undefined) session.reset(seed);
      else session.reset();
    } catch (e) {
      // The current run stays; say why by the settings and in the status line.
      const message = t('app.cannotStart', { error: e.message });
      form.showApplyError(message);
      status.error(message);
      return;
    }
    form.setRunConfig(session.config);
    render();
  }

  logScale.addEventListener('change', () => charts.loss.setLog(logScale.checked));
  window.addEventListener('linreg-theme', () => render()); // the plots redraw in the theme's colours

  const TEXT_INTERVAL_MS = 250;
  let textDrawn = -Infinity;
  function render() {
    session.sync();
    document.documentElement.dataset.trainer = session.mode; // 'worker' or 'main'
    const names = session.userData ? session.columns : null; // the user's column names
    const feature = features.sync(session.data.d, names);
    if (shown.dataVersion !== session.dataVersion || shown.feature !== feature) {
      const p = session.points(feature);
      charts.data.setPoints(p.x, p.y, names ? names[feature] : t('chart.data.featureName', { x: `x${format.sub(feature + 1)}`, n: feature + 1 }), p.total,
        { sampled: Boolean(p.sampled) });
      shown = { dataVersion: session.dataVersion, feature };
    }
    charts.data.update(session.dataView(feature));
    charts.loss.update(lossView());
    charts.params.update(session.paramView());
    // The parts rebuilt as text cost a layout of much of the page: while a run in the worker
    // plays, the estimates and the tables redraw a few times a second and the inspector (up to
    // a thousand rows) when it stops.
    const now = performance.now();
    const playing = Boolean(session.remote && workerPlayer.mode);
    const textNow = !playing || now - textDrawn >= TEXT_INTERVAL_MS;
    if (!playing) inspector.update(session.last, session.inspectorData(), session.numBatches);
    if (textNow) {
      textDrawn = now;
      readouts.update(session.state, session.config, session.epochs);
    }
    renderBeyond();
    const running = driver().running;
    transport.setState({ canStep: session.canStep(), running });
    if (session.loading) {
      status.set('info', t('worker.loading', { n: format.int(session.loadingExamples || 0) }));
    } else {
      status.show(session.state, session.config, running);
    }
    if (shownRunId !== session.runId || shownMode !== session.mode) {
      shownRunId = session.runId;
      shownMode = session.mode;
      goal.rearm();
      showDataSource();
    }
    const reached = goal.check(session);
    narrator.update(session, running);
    if (reached) narrator.say(goal.text());
    if (textNow) tables.update(session, feature);
    hostLink.update(session, reached);
    if (session.config !== hashedConfig) { // a new run or a live change (the view's controls sync on change)
      hashedConfig = session.config;
      syncHash();
    }
  }

  function showDataSource() {
    const own = Boolean(session.userData);
    $('#settings').classList.toggle('uses-own-data', own);
    let text = own
      ? t('tools.sourceUser', { name: session.userData.name, rows: format.int(session.config.num_train + session.config.num_val) })
      : t('tools.sourceSynthetic');
    const values = format.int(sessionLib.dataValues(session.config));
    if (session.remote) {
      text += `${t('text.sentenceGap')}${t('worker.note', { values })}${t('text.sentenceGap')}${t('worker.tools', { limit: format.int(sessionLib.WORKER_MIN_VALUES) })}`;
    }
    $('[data-part="data-source"]').textContent = text;
    for (const name of WHOLE_RUN_TOOLS) $(`[data-tool="${name}"]`).disabled = Boolean(session.remote);
  }

  form.setRunConfig(session.config);
  render();
  for (const el of [logScale, $('[data-control="speed"]'), $('[data-control="feature"]')]) el.addEventListener('change', syncHash);
  hostLink.ready(session, {
    locked: Array.from(locked), goal: url.embed.goal || null, lang: i18n.lang, commands: embedLib.COMMANDS,
  });
  document.body.classList.add('is-ready');
}

main().catch((e) => fatal(t('app.failed', { error: e.message })));
