// The controls: the transport (Step, Epoch, Run/Pause, Reset, New data, speed, keyboard
// shortcuts) and the settings form built from the table in settings.js. Neither touches the
// trainer: they report what the user asked for through callbacks.
import { format } from './format.js';
import { settings } from './settings.js';
import { t } from './strings.js';
import { setFlag } from './dom.js';

// ---- Transport --------------------------------------------------------------------------------

// Keys: S step, E epoch, Space or R run/pause, 0 reset, N new data. (P, one phase of the step, is
// the code panel's key: web/codepanel.js; the bar's Phase button does the same.)
const SHORTCUTS = { s: 'step', e: 'epoch', ' ': 'run', r: 'run', 0: 'reset', n: 'newData' };

function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  return Boolean(target.closest('input, textarea, select'));
}

class Transport {
  // handlers: {step, epoch, phase, run, reset, newData, speed(stepsPerSecond)}
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.buttons = {};
    for (const action of ['step', 'epoch', 'run', 'reset', 'newData']) {
      const b = root.querySelector(`[data-action="${action}"]`);
      b.addEventListener('click', () => handlers[action]());
      this.buttons[action] = b;
    }
    this.buttons.phase = root.querySelector('[data-action="step-phase"]');
    this.buttons.phase.addEventListener('click', () => handlers.phase());
    this.runLabel = this.buttons.run.querySelector('.label');
    this.speed = root.querySelector('[data-control="speed"]');
    this.speed.addEventListener('change', () => handlers.speed(Number(this.speed.value)));
    // The bar's height, for the page's scroll padding (web/style.css): what scrolls into view
    // lands below the sticky bar, never under it.
    const html = document.documentElement;
    new ResizeObserver(() => html.style.setProperty('--bar-height', `${root.offsetHeight}px`)).observe(root);
    document.addEventListener('keydown', (e) => this.onKey(e));
  }

  get stepsPerSecond() {
    return Number(this.speed.value);
  }

  onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat && e.key === ' ') return;
    if (isTyping(e.target)) return;
    const action = SHORTCUTS[e.key.toLowerCase()];
    if (!action) return;
    // Space on a focused button (or link, or checkbox) keeps its usual meaning: press that.
    if (e.key === ' ' && e.target instanceof Element && e.target.closest('button, a, summary, [role="button"]')) return;
    e.preventDefault();
    const b = this.buttons[action];
    if (!b.disabled) this.handlers[action]();
  }

  // canStep: the run can advance; canPhase: one phase at a time too (not in the worker);
  // running: the animation is on.
  setState({ canStep, canPhase = canStep, running }) {
    setFlag(this.buttons.step, 'disabled', !canStep);
    setFlag(this.buttons.phase, 'disabled', !canPhase);
    setFlag(this.buttons.epoch, 'disabled', !canStep);
    setFlag(this.buttons.run, 'disabled', !canStep && !running);
    const label = t(running ? 'btn.pause' : 'btn.run');
    if (this.runLabel.textContent !== label) this.runLabel.textContent = label;
    this.buttons.run.classList.toggle('is-running', running);
  }
}

// ---- Settings form ------------------------------------------------------------------------------

class SettingsForm {
  // handlers: {check(config) -> Config (throws), live(key, value) (throws), apply()}
  constructor(root, presets, handlers) {
    this.root = root;
    this.presets = presets; // {name: Config}
    this.handlers = handlers;
    this.values = null; // last valid value of every field
    this.runConfig = null; // the configuration of the current run
    this.errors = {};
    this.fields = {};
    this.build();
  }

  // Each field goes into the fieldset of its schema group (training, data, exercise; a group the
  // page has no fieldset for: the last one, the exercises' extras).
  build() {
    const { SETTINGS } = settings;
    const boxes = Array.from(this.root.querySelectorAll('fieldset[data-group]'));
    for (const s of SETTINGS) {
      const field = this.buildField(s);
      (boxes.find((b) => b.dataset.group === s.group) || boxes[boxes.length - 1]).append(field.wrap);
      this.fields[s.key] = field;
    }
    this.preset = this.root.querySelector('[data-control="preset"]');
    this.preset.addEventListener('change', () => this.choosePreset(this.preset.value));
    this.notice = this.root.querySelector('[data-part="pending"]');
    this.noticeText = this.notice.querySelector('[data-part="pending-text"]');
    this.notice.querySelector('[data-action="apply"]').addEventListener('click', () => this.handlers.apply());
    this.notice.querySelector('[data-action="discard"]').addEventListener('click', () => this.discard());
    this.applyError = this.root.querySelector('[data-part="apply-error"]');
  }

  buildField(s) {
    const id = `setting-${s.key}`;
    const wrap = document.createElement('div');
    wrap.className = `field field-${s.type}`;
    wrap.dataset.key = s.key;
    const input = document.createElement(s.type === 'choice' ? 'select' : 'input');
    input.id = id;
    input.name = s.key;
    const label = document.createElement('label');
    label.htmlFor = id;
    const name = document.createElement('span');
    name.className = 'field-label';
    name.textContent = s.label;
    const code = document.createElement('code');
    code.textContent = s.key;
    const when = document.createElement('span'); // live fields apply at once, the others on Reset
    when.className = 'field-when';
    when.dataset.when = s.live ? 'live' : 'reset';
    when.textContent = t(s.live ? 'settings.when.live' : 'settings.when.reset');
    label.append(name, ' ', code, ' ', when);
    wrap.dataset.live = String(Boolean(s.live));
    const help = document.createElement('p');
    help.className = 'field-help';
    help.id = `${id}-help`;
    help.textContent = s.help;
    const error = document.createElement('p');
    error.className = 'field-error';
    error.id = `${id}-error`;
    error.setAttribute('aria-live', 'polite');
    input.setAttribute('aria-describedby', `${error.id} ${help.id}`);
    if (s.type === 'bool') {
      input.type = 'checkbox';
      wrap.append(input, label, error, help);
    } else if (s.type === 'choice') {
      for (const c of s.choices) input.append(new Option(c, c));
      wrap.append(label, input, error, help);
    } else {
      input.type = 'text';
      input.spellcheck = false;
      input.autocomplete = 'off';
      input.inputMode = s.type === 'list' ? 'text' : s.type === 'int' ? 'numeric' : 'decimal';
      wrap.append(label, input, error, help);
    }
    input.addEventListener('change', () => this.edit(s.key));
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') input.blur();
    });
    return { wrap, input, error };
  }

  raw(key) {
    const input = this.fields[key].input;
    return input.type === 'checkbox' ? input.checked : input.value;
  }

  // A field was edited: check it with the C++ rules; apply it now (lr, clipping, max_epochs) or
  // hold it for the next reset. An invalid value changes nothing but the message by the field.
  edit(key) {
    const s = settings.BY_KEY.get(key);
    const value = settings.parse(s, this.raw(key));
    const extra = settings.linked ? settings.linked(key, value, this.values) : {};
    try {
      const checked = this.handlers.check(Object.assign({}, this.values, extra, { [key]: value }));
      if (s.live && !settings.sameValue(checked[key], this.runConfig[key])) this.handlers.live(key, checked[key]);
      this.values[key] = checked[key];
      for (const k of Object.keys(extra)) {
        this.values[k] = checked[k];
        this.show(k, checked[k]);
      }
      this.setError(key, null);
    } catch (e) {
      this.setError(key, e.message);
    }
    this.refresh();
  }

  setError(key, message) {
    const { wrap, input, error } = this.fields[key];
    if (message) this.errors[key] = message;
    else delete this.errors[key];
    error.textContent = message || '';
    wrap.classList.toggle('has-error', Boolean(message));
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  // The current run's configuration (after a create, reset or live change): shown in every
  // field, except fields that still hold an invalid entry (their text and message stay).
  setRunConfig(config) {
    this.runConfig = config;
    const kept = this.values ? this.values : {};
    this.values = Object.assign({}, config);
    for (const s of settings.SETTINGS) {
      if (this.errors[s.key]) {
        this.values[s.key] = s.live ? config[s.key] : kept[s.key] ?? config[s.key];
        continue;
      }
      this.show(s.key, config[s.key]);
    }
    this.applyError.textContent = '';
    this.refresh();
  }

  show(key, value) {
    const s = settings.BY_KEY.get(key);
    const input = this.fields[key].input;
    if (s.type === 'bool') input.checked = value;
    else input.value = settings.show(s, value);
  }

  choosePreset(name) {
    const preset = this.presets[name];
    if (!preset) return;
    for (const s of settings.SETTINGS) {
      if (s.key === 'seed') continue; // a preset is an experiment; the seed stays
      this.show(s.key, preset[s.key]);
      this.setError(s.key, null);
      this.edit(s.key);
    }
  }

  // Drops the held changes: every field shows the current run again.
  discard() {
    for (const s of settings.SETTINGS) this.setError(s.key, null);
    this.setRunConfig(this.runConfig);
  }

  // Keys whose new values wait for a reset.
  pendingKeys() {
    return settings.resetKeysChanged(this.runConfig, this.values);
  }

  // The configuration the next reset applies.
  nextConfig() {
    return Object.assign({}, this.values);
  }

  showApplyError(message) {
    this.applyError.textContent = message;
  }

  refresh() {
    for (const s of settings.SETTINGS) this.fields[s.key].wrap.hidden = !settings.applies(s.key, this.values);
    // The exercises' extras open by themselves once one differs from the book's run (a link, an
    // exercise): a setting in use is never out of sight.
    const extras = this.root.querySelector('[data-part="exercise-settings"]');
    const book = this.presets.book;
    if (extras && !extras.open && book && Array.from(extras.querySelectorAll('.field[data-key]'))
      .some((f) => !settings.sameValue(this.values[f.dataset.key], book[f.dataset.key]))) extras.open = true;
    const keys = this.pendingKeys();
    this.notice.hidden = keys.length === 0;
    this.noticeText.textContent =
      t('settings.pending', { keys: keys.join(', ') });
    // Which preset the fields match (the seed aside).
    let match = 'custom';
    for (const [name, p] of Object.entries(this.presets)) {
      const same = settings.SETTINGS.every((s) => s.key === 'seed' || settings.sameValue(p[s.key], this.values[s.key]));
      if (same) {
        match = name;
        break;
      }
    }
    this.preset.value = match;
  }
}

// ---- Feature picker (the data plot's x axis) ----------------------------------------------------

class FeaturePicker {
  constructor(select, changed) {
    this.select = select;
    this.feature = null;
    select.addEventListener('change', () => {
      this.feature = Number(select.value);
      changed(this.feature);
    });
  }

  // One option per feature; returns the feature to plot (0-based), by default feature 2 as the
  // book plots it.
  // names: the user's column names (null for the synthetic data).
  sync(d, names) {
    const key = names ? names.join('\u0000') : String(d);
    if (this.select.options.length !== d || this.key !== key) {
      const f = format;
      this.key = key;
      this.select.replaceChildren(
        ...Array.from({ length: d }, (_, j) => new Option(names ? names[j] : t('chart.data.featureName', { x: `x${f.sub(j + 1)}`, n: j + 1 }), String(j))),
      );
    }
    if (this.feature === null || this.feature >= d) this.feature = Math.min(1, d - 1);
    const value = String(this.feature);
    if (this.select.value !== value) this.select.value = value; // (a write costs a style update)
    return this.feature;
  }
}

export { Transport, FeaturePicker, SettingsForm };
