// The page's settings, from the core's field schema (api.schema(): cpp/schema.cpp declares each
// field once, with its type, default, rule, whether it applies at the next step ('live') or only
// after a reset, its command-line flag and its group). This module adds only how a field is shown
// and read: its label and help in the page's languages (web/strings.js, set.<key> and
// set.<key>.help; the schema's own doc where the page has no text for a field) and how its text
// is read. The settings form, the URL codec and the embed lock list are built from SETTINGS.
import { i18n } from './strings.js';

const SETTINGS = []; // filled by useSchema, in the order of the form
// A Map, not an object: keys come from user text (a link, a host's message), any name included.
const BY_KEY = new Map();

// A text of web/strings.js, or `fallback` when the page has none for it.
function text(key, fallback) {
  return i18n.has(key) ? i18n.t(key) : fallback;
}

// Takes the fields of `schema` (LinReg's api.schema()) as the page's settings.
function useSchema(schema) {
  SETTINGS.length = 0;
  BY_KEY.clear();
  for (const f of schema.fields) {
    const setting = Object.assign({}, f, {
      label: text(`set.${f.key}`, f.key),
      help: text(`set.${f.key}.help`, `${f.doc.charAt(0).toUpperCase()}${f.doc.slice(1)}.`),
    });
    SETTINGS.push(setting);
    BY_KEY.set(f.key, setting);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// Text as a number when it reads as one; otherwise the text itself, so that the C++ check
// names the field and quotes what was typed ("'batch_size' must be an integer >= 1, got \"abc\"").
// A number too large for a double (1e999) stays text too, rather than becoming Infinity (which
// JSON, and so the message, would show as null).
function readNumber(text) {
  const t = String(text).trim();
  return NUMBER.test(t) && Number.isFinite(Number(t)) ? Number(t) : t;
}

// The value of a field from its input text (or checkbox state).
function parse(setting, raw) {
  if (setting.type === 'bool') return Boolean(raw);
  // An optional field (init_w, init_b: absent by default): empty or "none" is no value.
  if (setting.optional && ['', 'none', 'null'].includes(String(raw ?? '').trim().toLowerCase())) return null;
  if (setting.type === 'choice') return String(raw);
  if (setting.type === 'outlier') {
    // "row, value" (or JSON); empty or "none": no outlier.
    const t = String(raw).trim();
    if (t === '' || t.toLowerCase() === 'none' || t === 'null') return null;
    if (t.startsWith('{')) { // JSON, e.g. {"index": 5}: never read as "row, value"
      try {
        return JSON.parse(t);
      } catch (e) {
        return t;
      }
    }
    const m = /^\[?\s*([^,\s]+)\s*[,\s]\s*([^,\s\]]+)\s*\]?$/.exec(t);
    if (m) return { index: readNumber(m[1]), value: readNumber(m[2]) };
    try {
      return JSON.parse(t);
    } catch (e) {
      return t;
    }
  }
  if (setting.type === 'list') {
    const t = String(raw).trim().replace(/^\[/, '').replace(/\]$/, '').trim();
    if (t === '') return [];
    return t.split(/\s*,\s*|\s+/).map(readNumber);
  }
  return readNumber(raw);
}

// The text an input shows for a value.
function show(setting, value) {
  if (setting.type === 'bool') return Boolean(value);
  if (value === null || value === undefined) return '';  // an optional field that is not set
  if (setting.type === 'outlier') return value ? `${value.index}, ${value.value}` : '';
  if (setting.type === 'list') return Array.from(value, String).join(', ');
  return String(value);
}

// (An optional field not set is absent from a config, or null: the same.)
function sameValue(a, b) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

// Keys whose values differ between two configs and that need a reset to apply.
function resetKeysChanged(runConfig, fieldConfig) {
  return SETTINGS.filter((s) => !s.live && !sameValue(runConfig[s.key], fieldConfig[s.key])).map((s) => s.key);
}

// Fields that move together: `shuffle` is the book's switch, `order` says more. Returns the other
// field's value that goes with a change of one of them.
function linked(key, value, values) {
  if (key === 'shuffle') return { order: value ? 'shuffle' : values.order === 'shuffle' ? 'generated' : values.order };
  if (key === 'order') return { shuffle: value === 'shuffle' };
  return {};
}

// Fields that do nothing in some runs, hidden from the form there (the core's schema does not say
// when a field applies; these follow what the trainer reads): the resistance only for Ohm's law
// data, Huber's delta only for Huber's loss. (With the user's own data, the keys that generate
// data are hidden by web/tools.css.) values: the form's current values.
const APPLIES = {
  resistance: (values) => values.dataset === 'ohm',
  huber_delta: (values) => values.loss === 'huber',
};

function applies(key, values) {
  const rule = APPLIES[key];
  return !rule || !values || rule(values);
}

// The settings that make generated data: with the user's own data they do not apply (the list of
// cpp/session.hpp kGeneratedDataKeys, which the command line reports the same way).
const GENERATED_DATA_KEYS = ['w', 'b', 'noise', 'num_train', 'dataset', 'outlier', 'resistance'];

// Of `keys` (given with the user's own data), the ones that do not apply, and the notice that
// says so ('' when none).
function notApplying(keys) {
  const ignored = GENERATED_DATA_KEYS.filter((k) => keys.includes(k));
  if (!ignored.length) return { ignored, notice: '' };
  return { ignored, notice: i18n.t(ignored.length === 1 ? 'data.notApplyingOne' : 'data.notApplyingMany', { keys: ignored.join(', ') }) };
}

export const settings = { SETTINGS, BY_KEY, GENERATED_DATA_KEYS, useSchema, parse, show, sameValue, resetKeysChanged, linked, applies, notApplying };
