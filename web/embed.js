// Embed mode, for a course page that shows the tool in an <iframe>: the URL flags that hide parts
// of the page (hide=...), lock settings (lock=... or lock=all), and set a goal
// (goal=val_loss<0.001); and the messages exchanged with the host page (postMessage), whose
// schema is in docs/embedding.md. Commands are accepted only from the origins the author
// lists (origins=https://a.example,https://b.example) and only from the parent window.
import { format } from './format.js';
import { settings } from './settings.js';
import { t } from './strings.js';


// The parts that hide=... can hide, by name. A selector may match several elements.
const PARTS = [
  { name: 'header', selector: '.site-header' },
  { name: 'footer', selector: '.site-footer' },
  { name: 'controls', selector: '#transport' },
  { name: 'stepping', selector: '#transport .buttons' },
  { name: 'speed', selector: '#transport .speed' },
  { name: 'counters', selector: '#transport .counters' },
  { name: 'status', selector: '#status' },
  { name: 'settings', selector: '#settings' },
  { name: 'presets', selector: '#settings [data-part="preset-field"]' },
  { name: 'training', selector: '#settings [data-group="training"]' },
  { name: 'data-model', selector: '#settings [data-group="data"]' },
  { name: 'tools', selector: '#tools' },
  { name: 'plot-data', selector: '[data-card="data"]' },
  { name: 'plot-loss', selector: '[data-card="loss"]' },
  { name: 'plot-params', selector: '[data-card="params"]' },
  { name: 'estimates', selector: '#readouts' },
  { name: 'last-step', selector: '#last-step' },
  { name: 'inspector', selector: '#inspector' },
  { name: 'math', selector: '#math' },
  { name: 'buglab', selector: '#buglab' },
  { name: 'exercises', selector: '#exercises' },
  { name: 'landscape', selector: '[data-card="landscape"]' },
  { name: 'closed-form', selector: '[data-card="closed-form"]' },
  { name: 'sweep', selector: '[data-card="sweep"]' },
  { name: 'code', selector: '#code' },
  { name: 'tour', selector: '[data-action="tour"], #tour' },
  { name: 'text', selector: '.lede, .chart-note, .field-help, .preset-help, .math-note, .clip-note, .site-footer' },
];

const PROTOCOL = 'd2l-linreg';
const VERSION = 1;
const COMMANDS = ['step', 'epoch', 'run', 'pause', 'reset', 'setConfig', 'getState'];

// ---- Layout: embed mode, hidden parts, locked settings -------------------------------------

// The setting keys among hide=... (hide= takes part names and setting keys; the two never share a
// name: tests/web/embed-layout.test.js).
// embed.extraHide: names hidden besides the link's (the guided tour shown alone, web/tour.js).
function hiddenSettings(embed) {
  const keys = new Set(settings.SETTINGS.map((s) => s.key));
  return [...(embed.hide || []), ...(embed.extraHide || [])].filter((name) => keys.has(name));
}

// embed: the embed parameters read from the URL ({embed, hide, lock, goal, origins}).
function applyLayout(embed) {
  const body = document.body;
  body.classList.toggle('is-embedded', Boolean(embed.embed));
  const hide = new Set([...(embed.hide || []), ...(embed.extraHide || [])]);
  if (embed.embed) {
    hide.add('header');
    hide.add('footer');
  }
  // An element in several parts (the footer is also text) is hidden when any of them is.
  const hidden = new Set();
  for (const part of PARTS) {
    if (hide.has(part.name)) for (const el of document.querySelectorAll(part.selector)) hidden.add(el);
  }
  for (const part of PARTS) {
    for (const el of document.querySelectorAll(part.selector)) el.classList.toggle('embed-hidden', hidden.has(el));
  }
  const noFields = hideSettingFields(hiddenSettings(embed));
  // Every setting hidden and the tools too: the page is laid out as without the settings panel.
  const noPanel = hide.has('settings') || (noFields && hide.has('tools'));
  const panel = document.getElementById('settings');
  if (panel && noPanel) panel.classList.add('embed-hidden');
  body.classList.toggle('embed-no-settings', noPanel);
  body.classList.toggle('embed-no-controls', hide.has('controls'));
  const credit = document.querySelector('[data-part="embed-credit"]');
  if (credit) credit.hidden = !embed.embed;
}

// Hides the settings fields of `keys` (the form's .field[data-key] elements); a group left with
// no field hides too (and the disclosure around one), and with every field hidden so does the
// rest of the settings (its title, the preset): only the tools stay. Returns whether every field
// is hidden.
function hideSettingFields(keys) {
  const panel = document.getElementById('settings');
  if (!panel) return false;
  const hidden = new Set(keys);
  const emptied = (node) => {
    const inside = Array.from(node.querySelectorAll('.field[data-key]'));
    return inside.length > 0 && inside.every((f) => hidden.has(f.dataset.key));
  };
  const fields = Array.from(panel.querySelectorAll('.field[data-key]'));
  for (const f of fields) f.classList.toggle('embed-hidden-field', hidden.has(f.dataset.key));
  for (const group of panel.querySelectorAll('fieldset, [data-group]')) group.classList.toggle('embed-empty', emptied(group));
  const all = fields.length > 0 && fields.every((f) => hidden.has(f.dataset.key));
  const tools = document.getElementById('tools');
  // (A group that is a child of the panel keeps the mark it has just had.)
  for (const child of panel.children) child.classList.toggle('embed-empty', (all && !(tools && child.contains(tools))) || emptied(child));
  return all;
}

// The keys that lock=... names ('all': every setting), and the hidden settings: a value the
// student cannot see is not changed behind their back either (by a preset, say).
function lockedKeys(embed) {
  const lock = embed.lock || [];
  if (lock.includes('all')) return settings.SETTINGS.map((s) => s.key);
  return Array.from(new Set([...lock, ...hiddenSettings(embed)]));
}

// Disables the locked fields (and what would change them) and says why.
function applyLocks(keys) {
  const locked = new Set(keys);
  for (const key of locked) {
    const input = document.getElementById(`setting-${key}`);
    if (!input) continue;
    input.disabled = true;
    const wrap = input.closest('.field');
    if (wrap && !wrap.querySelector('.lock-note')) {
      wrap.classList.add('is-locked');
      const note = document.createElement('span');
      note.className = 'lock-note';
      note.textContent = t('embed.locked');
      const label = wrap.querySelector('label');
      (label || wrap).append(' ', note);
    }
  }
  if (locked.size > 0) {
    const preset = document.querySelector('[data-control="preset"]');
    if (preset) preset.disabled = true;
  }
  const newData = document.querySelector('[data-action="newData"]');
  if (newData && locked.has('seed')) newData.disabled = true;
  document.body.classList.toggle('has-locks', locked.size > 0);
  return locked;
}

// ---- The goal --------------------------------------------------------------------------------

// Watches the run for goal = {metric, threshold}; reports the first time it is reached in a run.
class Goal {
  constructor(goal, el) {
    this.goal = goal;
    this.el = el;
    this.reached = null;
    if (el) el.hidden = !goal;
    this.show();
  }

  // Called after every render; returns the goal event payload when the goal is reached now.
  check(session) {
    if (!this.goal || this.reached) return null;
    const { metric, threshold } = this.goal;
    let value = NaN;
    let step = session.state.globalStep;
    if (metric === 'loss') {
      value = session.last ? session.last.loss : NaN;
      step = session.last ? session.last.step : 0;
    } else {
      const e = session.epochs;
      const list = metric === 'val_loss' ? e.valLoss : e.trainLoss;
      // The first epoch at or below the threshold (Epoch can finish several at once).
      for (let i = 0; i < list.length; ++i) {
        if (list[i] < threshold) {
          value = list[i];
          step = e.epoch[i] * session.numBatches;
          break;
        }
      }
    }
    if (!(value < threshold)) return null;
    this.reached = { metric, threshold, value, step, epoch: Math.ceil(step / session.numBatches) };
    this.show();
    return this.reached;
  }

  // A new run: the goal can be reached again.
  rearm() {
    this.reached = null;
    this.show();
  }

  text() {
    if (!this.goal) return '';
    const f = format;
    const name = t(`goal.metric.${this.goal.metric}`);
    if (!this.reached) return t('goal.pending', { metric: name, threshold: f.plain(this.goal.threshold) });
    return t('goal.reached', {
      metric: name, value: f.loss(this.reached.value), threshold: f.plain(this.goal.threshold),
      step: f.int(this.reached.step), epoch: f.int(this.reached.epoch),
    });
  }

  show() {
    if (!this.el) return;
    this.el.textContent = this.text();
    this.el.classList.toggle('is-reached', Boolean(this.reached));
  }
}

// ---- Messages with the host page -----------------------------------------------------------

// Non-finite numbers as null, typed arrays as arrays: messages are plain JSON values.
function plain(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value)) return Array.from(value, plain);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = plain(v);
    return out;
  }
  return value;
}

function stateSummary(session) {
  const s = session.state;
  return plain({
    step: s.globalStep, epoch: s.epoch, batchInEpoch: s.batchInEpoch, numBatches: s.numBatches,
    finished: s.finished, diverged: s.diverged, diverging: Boolean(s.diverging), w: s.w, b: s.b,
    trueW: s.reference === 'true' ? s.trueW : null, trueB: s.reference === 'true' ? s.trueB : null,
    dataSource: s.reference === 'true' ? 'synthetic' : 'user',
  });
}

// Sends events to the parent window and runs the commands it sends (from listed origins only).
class HostLink {
  // origins: allowed origins (commands; events go only to them, or to any parent when none are
  // listed); handlers: {step, epoch, run, pause, reset(seed), setConfig(config), getState}.
  constructor({ origins, handlers, target = window.parent, self = window }) {
    this.origins = origins || [];
    this.handlers = handlers;
    this.target = target !== self ? target : null;
    this.self = self;
    this.sent = { step: 0, epochs: 0, finished: false, diverged: false, diverging: false };
    this.listener = (e) => this.receive(e);
    self.addEventListener('message', this.listener);
    this.height = 0;
  }

  // The content's height, sent as a `resize` event whenever it changes, so that the host can size
  // the <iframe> to it (no scroll bars).
  watchHeight(root = document.documentElement) {
    if (!this.target || typeof ResizeObserver !== 'function') return;
    const send = () => {
      const height = Math.ceil(root.getBoundingClientRect().height);
      if (height === this.height) return;
      this.height = height;
      this.post('resize', { height });
    };
    new ResizeObserver(send).observe(root);
    send();
  }

  get connected() {
    return this.target !== null;
  }

  post(event, data) {
    if (!this.target) return;
    const message = { protocol: PROTOCOL, version: VERSION, event, data: plain(data) };
    if (this.origins.length === 0) {
      this.target.postMessage(message, '*');
      return;
    }
    for (const origin of this.origins) this.target.postMessage(message, origin);
    // A parent at the tool's own origin (the Embed dialog's preview) could read the frame anyway:
    // it hears the events too, so that the preview sizes itself as the author's page will.
    const own = this.self.location.origin;
    if (this.sameOriginParent() && !this.origins.includes(own)) this.target.postMessage(message, own);
  }

  sameOriginParent() {
    try {
      return this.target.location.origin === this.self.location.origin && this.self.location.origin !== 'null';
    } catch (e) {
      return false; // another origin: its location cannot be read
    }
  }

  // After every render: the events for what changed since the last one.
  update(session, goalEvent) {
    const s = session.state;
    if (this.runId !== undefined && session.runId !== this.runId) this.restarted(session);
    this.runId = session.runId;
    if (s.globalStep > this.sent.step && session.last) {
      const mb = session.last;
      this.post('step', {
        step: mb.step, epoch: mb.epoch + 1, batch: mb.batch + 1, loss: mb.loss, w: mb.wAfter, b: mb.bAfter,
        steps: s.globalStep - this.sent.step,
      });
      this.sent.step = s.globalStep;
    }
    const e = session.epochs;
    for (let i = this.sent.epochs; i < e.epoch.length; ++i) {
      this.post('epoch', {
        epoch: e.epoch[i], step: e.epoch[i] * session.numBatches, trainLoss: e.trainLoss[i],
        valLoss: session.config.num_val > 0 ? e.valLoss[i] : null,
      });
    }
    this.sent.epochs = e.epoch.length;
    if (goalEvent) this.post('goal', goalEvent);
    if (s.diverged && !this.sent.diverged) {
      this.post('diverged', { step: s.divergedStep });
      this.sent.diverged = true;
    } else if (s.diverging && !s.diverged && !this.sent.diverging) {
      // The loss grew beyond its start (the core's one definition, state.diverging): said once.
      this.post('diverging', { step: s.globalStep, epoch: s.epoch, startTrainLoss: s.startTrainLoss, trainLoss: s.lastTrainLoss });
      this.sent.diverging = true;
    }
    if (s.finished && !this.sent.finished) {
      this.post('finished', Object.assign(stateSummary(session), {
        errorW: s.reference === 'true' ? s.errorW : null, errorB: s.reference === 'true' ? s.errorB : null,
      }));
      this.sent.finished = true;
    }
    if (!s.finished) this.sent.finished = false;
  }

  // A new run (reset, new data, applied settings, an opened session): says so and counts from
  // where it is.
  restarted(session) {
    this.sent = { step: session.state.globalStep, epochs: session.epochs.epoch.length, finished: false, diverged: false, diverging: false };
    this.post('reset', { config: session.config, state: stateSummary(session) });
  }

  ready(session, extra) {
    this.post('ready', Object.assign({ config: session.config, state: stateSummary(session) }, extra));
    this.runId = session.runId;
    this.sent.step = session.state.globalStep;
    this.sent.epochs = session.epochs.epoch.length;
  }

  // A message from a window: a command from the parent at an allowed origin, or ignored.
  receive(e) {
    const m = e.data;
    if (!m || typeof m !== 'object' || m.protocol !== PROTOCOL) return;
    if (typeof m.command !== 'string') return;
    if (!this.target || e.source !== this.target || !this.origins.includes(e.origin)) return;  // not our host
    // The id comes back in the reply: one that could not (a cycle, a function, a Map...) is refused
    // before the command runs, and the refusal still gets a reply, with id null.
    const idOk = m.id === undefined || m.id === null || typeof m.id === 'string' || Number.isFinite(m.id);
    const reply = (ok, data) => {
      const id = idOk && m.id !== undefined ? m.id : null;
      const message = { protocol: PROTOCOL, version: VERSION, event: 'reply', data: plain(Object.assign({ id, command: m.command, ok }, data)) };
      e.source.postMessage(message, e.origin);
    };
    if (!idOk) {
      reply(false, { error: t('embed.badId') });
      return;
    }
    if (!COMMANDS.includes(m.command)) {
      reply(false, { error: t('embed.unknownCommand', { command: m.command, commands: COMMANDS.join(', ') }) });
      return;
    }
    try {
      const result = this.handlers[m.command](m);
      reply(true, result === undefined ? {} : { result });
    } catch (err) {
      reply(false, { error: err.message });
    }
  }
}

export const embed = { PARTS, PROTOCOL, VERSION, COMMANDS, applyLayout, hiddenSettings, lockedKeys, applyLocks, Goal, HostLink, stateSummary, plain };
