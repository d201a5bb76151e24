// The page's state in the URL hash, e.g.
//   index.html#lr=0.1&batch_size=10&seed=7&log=1
//   index.html#embed=1&hide=settings,inspector&lock=all&goal=val_loss<0.001&origins=https://course.example
// Every setting of the settings table (web/settings.js) round-trips: a link holds the values that
// differ from the book's defaults. Besides them, one declarative table (PARAMS below) lists the
// other parameters: the starting preset, the view, the language and theme, and the embed flags
// (web/embed.js). Reading a link never breaks the page: a value that breaks a rule is reported
// (with the C++ message) and that field keeps its default.
import { embed } from './embed.js';
import { exerciseList } from './exerciselist.js';
import { settings } from './settings.js';
import { strings, t } from './strings.js';
import { tour } from './tour.js';


// How each kind of text reads; each returns {value} or {error}.
const read = {
  bool(text) {
    if (['1', 'true', 'yes', 'on', ''].includes(text)) return { value: true };
    if (['0', 'false', 'no', 'off'].includes(text)) return { value: false };
    return { error: t('url.rule.bool') };
  },
  oneOf(values) {
    return (text) => (values.includes(text) ? { value: text } : { error: t('url.rule.oneOf', { values: values.join(', ') }) });
  },
  // A comma-separated list of names from `known()` (an empty list is allowed).
  names(known, extra = []) {
    return (text) => {
      const names = text.split(',').map((s) => s.trim()).filter(Boolean);
      const all = [...known(), ...extra];
      const bad = names.filter((n) => !all.includes(n));
      if (bad.length) return { error: t('url.rule.names', { bad: bad.join(', '), known: all.join(', ') }) };
      return { value: Array.from(new Set(names)) };
    };
  },
};

// A goal: "metric<threshold" (or "metric:threshold"), e.g. val_loss<0.001.
const GOAL_METRICS = ['val_loss', 'train_loss', 'loss'];
function readGoal(text) {
  const m = /^([a-z_]+)\s*(?:<|:)\s*([-+0-9.eE]+)$/.exec(text.trim());
  const threshold = m ? Number(m[2]) : NaN;
  if (!m || !GOAL_METRICS.includes(m[1]) || !(Number.isFinite(threshold) && threshold > 0)) {
    return { error: t('url.rule.goal', { metrics: GOAL_METRICS.join(', ') }) };
  }
  return { value: { metric: m[1], threshold } };
}
function writeGoal(goal) {
  return `${goal.metric}<${goal.threshold}`;
}

// Host pages allowed to send commands: a comma-separated list of http(s) origins.
function readOrigins(text) {
  const origins = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    let origin = null;
    try {
      const u = new URL(item);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash) {
        origin = u.origin;
      }
    } catch (e) {
      origin = null;
    }
    if (!origin) return { error: t('url.rule.origin', { origin: item }) };
    origins.push(origin);
  }
  return { value: origins };
}

// Settings that describe the synthetic data (left out of links while the user's data is used).
const DATA_KEYS = ['w', 'b', 'noise', 'num_train', 'num_val', 'dataset', 'outlier', 'resistance'];

const SPEEDS = ['1', '2', '5', '10', '30', '60', '250', '1000', '10000', '1000000'];

// Every parameter that is not a setting. group: where its value goes in the state read.
const PARAMS = [
  { key: 'preset', group: 'start', read: (x) => read.oneOf(['book', 'book-v1'])(x) },
  { key: 'speed', group: 'view', read: (x) => read.oneOf(SPEEDS)(x), write: String },
  { key: 'log', group: 'view', read: (x) => read.bool(x), write: (v) => (v ? '1' : '0') },
  { key: 'feature', group: 'view',
    read: (x) => (/^[1-9]\d{0,3}$/.test(x) ? { value: Number(x) } : { error: t('url.rule.feature') }), write: String },
  // An exercise of the section (web/exerciselist.js), open with its run.
  { key: 'exercise', group: 'view', read: (x) => read.oneOf(exerciseList.IDS)(x), write: String },
  // A stop of the guided tour (web/tour.js), open.
  { key: 'tour', group: 'view',
    read: (x) => (/^[1-9]\d?$/.test(x) && Number(x) <= tour.STOPS.length
      ? { value: Number(x) } : { error: t('url.rule.tour', { total: tour.STOPS.length }) }), write: String },
  { key: 'lang', group: 'flags', read: (x) => read.oneOf(['en', 'zh'])(strings.normalize(x) || x) },
  { key: 'theme', group: 'flags', read: (x) => read.oneOf(['light', 'dark'])(x) },
  { key: 'embed', group: 'embed', read: (x) => read.bool(x), write: (v) => (v ? '1' : '0') },
  // Parts of the page, and settings by key (a hidden setting is locked too: web/embed.js).
  { key: 'hide', group: 'embed',
    read: (x) => read.names(() => [...embed.PARTS.map((p) => p.name), ...settings.SETTINGS.map((s) => s.key)])(x), write: (v) => v.join(',') },
  { key: 'lock', group: 'embed',
    read: (x) => read.names(() => settings.SETTINGS.map((s) => s.key), ['all'])(x), write: (v) => v.join(',') },
  { key: 'goal', group: 'embed', read: readGoal, write: writeGoal },
  { key: 'origins', group: 'embed', read: readOrigins, write: (v) => v.join(',') },
];
// Maps, not objects: a key is text from the link, and may be any name ('toString', '__proto__').
const PARAM_BY_KEY = new Map(PARAMS.map((p) => [p.key, p]));

// ---- Settings as URL text -----------------------------------------------------------------

// A setting's value from URL text: numbers, lists and booleans as the form reads them; any
// other kind as JSON when it parses (objects, null), else the text.
function settingValue(setting, text) {
  if (setting.type === 'bool') {
    const r = read.bool(text);
    return r.error ? text : r.value;
  }
  // (The outlier as in its form field: "row, value" or JSON.)
  if (['number', 'int', 'list', 'outlier'].includes(setting.type)) return settings.parse(setting, text);
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}

function settingText(setting, value) {
  if (setting.type === 'bool') return value ? 'true' : 'false';
  if (value === null || value === undefined) return '';  // an optional field that is not set
  if (Array.isArray(value)) return value.map(String).join(',');
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return JSON.stringify(value);
}

// Splits a hash ("#a=1&b=2") into [key, text] pairs, in order (a repeated key: the last wins).
function pairs(hash) {
  const text = String(hash || '').replace(/^#/, '');
  const out = new Map();
  if (!text) return out;
  for (const [k, v] of new URLSearchParams(text)) out.set(k, v);
  return out;
}

// The state a hash describes, checked: { config, view, flags, embed, messages }.
// check(config) returns the full config or throws the C++ message (LinReg.check).
function parse(hash, check) {
  const messages = [];
  const view = {};
  const flags = {};
  const embed = {};
  const start = {};
  const overrides = new Map();
  const { SETTINGS, BY_KEY } = settings;
  for (const [key, text] of pairs(hash)) {
    const param = PARAM_BY_KEY.get(key);
    if (param) {
      const r = param.read(text);
      if (r.error) messages.push(t('url.badParam', { key, value: text, rule: r.error }));
      else ({ view, flags, embed, start })[param.group][key] = r.value;
    } else if (BY_KEY.has(key)) {
      overrides.set(key, settingValue(BY_KEY.get(key), text));
    } else {
      messages.push(t('url.unknownKey', { key }));
    }
  }

  // Each setting against the preset it starts from (with an exercise's changes: its run is the
  // first); a bad one keeps that preset's value.
  const exercise = exerciseList.EXERCISES.find((e) => e.id === view.exercise);
  const base = check(Object.assign({}, check(start.preset || 'book'), exercise ? exercise.config : {}));
  let config = Object.assign({}, base);
  const rejected = new Set();
  for (const s of SETTINGS) {
    if (!overrides.has(s.key)) continue;
    try {
      config = check(Object.assign({}, config, { [s.key]: overrides.get(s.key) }));
    } catch (e) {
      rejected.add(s.key);
      messages.push(t('url.badSetting', {
        key: s.key, value: settingText(s, overrides.get(s.key)), error: e.message,
        fallback: base[s.key] == null ? t('url.noValue') : settingText(s, base[s.key]),
      }));
    }
  }
  return { config, view, flags, embed, messages, keys: [...overrides.keys()].filter((k) => !rejected.has(k)) };
}

// The hash for a state: settings that differ from the book's defaults, then the view, the flags
// and the embed parameters that differ from theirs.
function build({ config, defaults, view = {}, flags = {}, embed = {}, userData = false }) {
  const params = new URLSearchParams();
  const { SETTINGS } = settings;
  for (const s of SETTINGS) {
    if (!(s.key in config) || config[s.key] === null) continue;  // (an optional field not set)
    if (userData && DATA_KEYS.includes(s.key)) continue;  // the user's data is never in a link
    if (defaults && settings.sameValue(config[s.key], defaults[s.key])) continue;
    params.set(s.key, settingText(s, config[s.key]));
  }
  for (const p of PARAMS) {
    const value = ({ view, flags, embed, start: {} })[p.group][p.key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    params.set(p.key, p.write ? p.write(value) : String(value));
  }
  // URLSearchParams writes commas as %2C; they read fine unescaped.
  const text = params.toString().replace(/%2C/gi, ',');
  return text ? `#${text}` : '';
}

// The page's URL with `hash` (without whatever hash it has now).
function urlWith(hash) {
  return location.href.replace(/#.*$/, '') + hash;
}

// The box that lists what a link got wrong (as text), until dismissed.
class Notices {
  constructor(root) {
    this.root = root;
    this.list = root.querySelector('[data-part="notice-list"]');
    root.querySelector('[data-action="dismiss-notices"]').addEventListener('click', () => this.show([]));
  }

  show(messages) {
    this.list.replaceChildren(...messages.map((m) => {
      const li = document.createElement('li');
      li.textContent = m;
      return li;
    }));
    this.root.hidden = messages.length === 0;
  }
}

export const urlstate = { PARAMS, GOAL_METRICS, SPEEDS, DATA_KEYS, parse, build, urlWith, settingValue, settingText, pairs, Notices };
