// The page's entry: loads the module and wires the parts together. The run controller owns the
// run; the views draw it; the inputs (buttons, form, link, host, exercises, tools) ask the controller.
import { load } from './linreg-api.js';
import { RunAnalysis } from './analysis.js';
import { BeyondView } from './beyondview.js';
import { wireBugLab } from './buglab.js';
import { SettingsForm, Transport } from './controls.js';
import { RunController } from './controller.js';
import { embed as embedLib } from './embed.js';
import { wireExercises } from './exercises.js';
import { format } from './format.js';
import { Later } from './later.js';
import { LinkSync } from './links.js';
import { loadLanguage, loadModule } from './moduleloader.js';
import { StatusLine } from './readouts.js';
import { RunView } from './runview.js';
import { wireTouch } from './scrub.js';
import { session as sessionLib } from './session.js';
import { settings } from './settings.js';
import { i18n, strings, t } from './strings.js';
import { WHOLE_RUN_TOOLS, wireTools } from './tools.js';
import { wireTour } from './tour.js';
import { urlstate } from './urlstate.js';

const $ = (selector) => document.querySelector(selector);
function fatal(message) {
  new StatusLine($('#status')).error(message);
  document.body.classList.add('is-broken');
}

// The buttons, keys and settings form: each asks the controller.
function wireControls({ api, controller, view, check }) {
  const presets = Object.fromEntries(api.presetNames().map((name) => [name, api.preset(name)]));
  view.form = new SettingsForm($('#settings'), presets, {
    check, live: (key, value) => controller.setLive(key, value), apply: () => controller.restart(),
  });
  controller.attachForm(view.form);
  view.transport = new Transport($('#transport'), {
    step: () => controller.step(), epoch: () => controller.epoch(), phase: () => controller.phase(),
    run: () => controller.toggleRun(), reset: () => controller.restart(), newData: () => controller.newData(),
    speed: (s) => controller.setSpeed(s),
  });
  controller.setSpeed(view.transport.stepsPerSecond);
}

// Embedding, sharing, saving, the user's data (web/embed.js, links.js, tools.js), and the host
// page of an <iframe> embedding: events out, commands in from the listed origins.
function wireSharing({ api, controller, view, url, check }) {
  const notices = new urlstate.Notices($('#notices'));
  notices.show(url.messages);
  embedLib.applyLayout(url.embed);
  const locked = embedLib.applyLocks(embedLib.lockedKeys(url.embed));
  view.goal = new embedLib.Goal(url.embed.goal || null, $('#goal'));
  const defaults = api.defaults();
  const viewState = () => ({
    speed: view.transport.stepsPerSecond !== 10 ? String(view.transport.stepsPerSecond) : undefined,
    log: view.logChosen() || undefined,
    feature: view.viewFeature(),
    exercise: view.exercises.linkId(),
    tour: view.tour.linkStop(),
  });
  const onExercise = (id) => view.exercises.show(id); // a changed link's #exercise=
  const links = new LinkSync({ controller, url, defaults, viewState, locked, notices, check, onExercise });
  const fullPage = $('[data-part="full-page"]');
  if (fullPage) fullPage.href = links.linkFor({});
  wireTools({ api, controller, charts: view.charts, titles: (name) => t(`chart.${name}.title`), links, locked, defaults, $ });
  const workerRefusal = () => t('worker.noStep', { limit: format.int(sessionLib.WORKER_MIN_VALUES) });
  const hostLink = new embedLib.HostLink({
    origins: url.embed.origins || [], handlers: controller.hostHandlers(embedLib.stateSummary, workerRefusal),
  });
  view.onNewRun = () => {
    view.goal.rearm();
    view.showDataSource(WHOLE_RUN_TOOLS);
  };
  view.afterRender = (reached) => {
    hostLink.update(controller.session, reached);
    links.rendered();
  };
  for (const el of [view.logScale, $('[data-control="speed"]'), $('[data-control="feature"]'), $('#exercises'), $('#tour')]) el.addEventListener('change', () => links.sync());
  return () => {
    hostLink.ready(controller.session, {
      locked: Array.from(locked), goal: url.embed.goal || null, lang: i18n.lang, commands: embedLib.COMMANDS,
    });
    hostLink.watchHeight();
  };
}

async function main() {
  // The API stays reachable from the console, as on any page that loads it as a classic script:
  // `await LinReg.load()` gives the page's module; LinRegPage.controller, the run's (setGhost).
  if (!globalThis.LinReg) globalThis.LinReg = Object.freeze({ load });
  const module = loadModule(load); // the two-file build over http(s), else the single file
  module.catch(() => {}); // (handled below, once the text is there)
  await loadLanguage(i18n, strings); // its table, unless English (web/dist/strings-zh.js), meanwhile
  document.documentElement.lang = i18n.htmlLang; // the page's text in its language, before anything else can fail
  i18n.apply(document);
  let api;
  try {
    api = await module;
  } catch (e) {
    fatal(e.missing ? t('app.missingScript') : t('app.wasmFailed', { error: e.message }));
    return;
  }
  settings.useSchema(api.schema()); // the form, the link and the locks are built from the core's fields
  const check = (config) => api.check(config);
  const url = urlstate.parse(location.hash, check); // settings, view, language, theme, embed flags
  // Large runs train in a background worker (not from file://, where browsers refuse workers);
  // index.html?trainer=worker (or =main) puts every run there (or here).
  const workerSrc = document.body.dataset.workerSrc;
  const controller = new RunController({
    api, workerUrl: workerSrc && location.protocol !== 'file:' && typeof Worker === 'function' ? workerSrc : null,
    placement: new URLSearchParams(location.search).get('trainer'),
  });
  try {
    await controller.startFirst(url.config);
  } catch (e) {
    url.messages.push(t('url.cannotStart', { error: e.message }));
    await controller.startFirst('book');
  }
  const view = new RunView({ controller, $, view: url.view });
  if (url.view.speed) $('[data-control="speed"]').value = url.view.speed;
  wireControls({ api, controller, view, check });
  controller.session.observe((view.analysis = new RunAnalysis()));
  const later = new Later(); // the parts below the first screen, built once the page is ready (web/later.js)
  const beyond = new BeyondView({ controller, analysis: view.analysis, later, $ });
  view.parts.push(beyond);
  wireExercises({ api, controller, view, beyond, url, $ }); // web/exercises.js: view.exercises
  wireBugLab({ api, controller, root: $('#buglab') }); // a bug's run beside the correct one
  wireTouch({ controller, view, beyond, $ }); // web/scrub.js: scrub lr and batch_size, drag the start and the line
  wireTour({ controller, view, url, later, $ }); // web/tour.js: view.tour (before the embed layout: shown alone, it hides parts)
  const announceReady = wireSharing({ api, controller, view, url, check });
  const handlers = { render: () => view.render(), playing: (d) => view.playing(d.running), error: (d) => view.error(d) };
  controller.subscribe((event, detail) => handlers[event](detail));
  window.addEventListener('linreg-theme', () => view.render()); // the plots redraw in the theme's colours
  globalThis.LinRegPage = Object.freeze({ controller });
  view.form.setRunConfig(controller.session.config);
  view.render();
  announceReady();
  document.body.classList.add('is-ready');
  later.start();
}
main().catch((e) => fatal(t('app.failed', { error: e.message })));
