// Every setting of the page in one declarative table, in the book's names (Config in
// web/linreg-api.d.ts). The rules themselves live in C++ (LinReg.check): this table only says
// how a field is shown, how its text is read, and whether a change applies at the next step
// ('live', through the trainer's setters) or only after a reset.
import { t } from './strings.js';

// A text of web/strings.js (the key itself when the table is not loaded, as in the Node tests).
function tr(key) {
  return t ? t(key) : key;
}

const SETTINGS = [
  // Applied from the next step, without a reset. Labels and help are in web/strings.js (set.*).
  { key: 'lr', label: tr('set.lr'), type: 'number', live: true, help: tr('set.lr.help') },
  { key: 'max_epochs', label: tr('set.max_epochs'), type: 'int', live: true, help: tr('set.max_epochs.help') },
  { key: 'gradient_clip_val', label: tr('set.gradient_clip_val'), type: 'number', live: true,
    help: tr('set.gradient_clip_val.help') },
  // Applied on reset: they change the data, the model's size or the minibatches.
  { key: 'w', label: tr('set.w'), type: 'list', help: tr('set.w.help') },
  { key: 'b', label: tr('set.b'), type: 'number', help: tr('set.b.help') },
  { key: 'noise', label: tr('set.noise'), type: 'number', help: tr('set.noise.help') },
  { key: 'num_train', label: tr('set.num_train'), type: 'int', help: tr('set.num_train.help') },
  { key: 'num_val', label: tr('set.num_val'), type: 'int', help: tr('set.num_val.help') },
  { key: 'batch_size', label: tr('set.batch_size'), type: 'int', help: tr('set.batch_size.help') },
  { key: 'sigma', label: tr('set.sigma'), type: 'number', help: tr('set.sigma.help') },
  { key: 'seed', label: tr('set.seed'), type: 'int', help: tr('set.seed.help') },
  { key: 'shuffle', label: tr('set.shuffle'), type: 'bool', help: tr('set.shuffle.help') },
  // For the section's exercises (web/exercises.js); their text is in web/strings.js (set.*).
  { key: 'order', label: tr('set.order'), type: 'choice', choices: ['shuffle', 'generated', 'sorted'],
    help: tr('set.order.help') },
  { key: 'drop_last', label: tr('set.drop_last'), type: 'bool', help: tr('set.drop_last.help') },
  { key: 'loss', label: tr('set.loss'), type: 'choice', choices: ['squared', 'absolute', 'huber'],
    help: tr('set.loss.help') },
  { key: 'huber_delta', label: tr('set.huber_delta'), type: 'number', help: tr('set.huber_delta.help') },
  { key: 'outlier', label: tr('set.outlier'), type: 'outlier', help: tr('set.outlier.help') },
  { key: 'dataset', label: tr('set.dataset'), type: 'choice', choices: ['synthetic', 'ohm'],
    help: tr('set.dataset.help') },
  { key: 'resistance', label: tr('set.resistance'), type: 'number', help: tr('set.resistance.help') },
];

// A Map, not an object: keys come from user text (a link, a host's message), any name included.
const BY_KEY = new Map(SETTINGS.map((s) => [s.key, s]));

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// Text as a number when it reads as one; otherwise the text itself, so that the C++ check
// names the field and quotes what was typed ("'lr' must be a finite number > 0, got \"abc\"").
// A number too large for a double (1e999) stays text too, rather than becoming Infinity (which
// JSON, and so the message, would show as null).
function readNumber(text) {
  const t = String(text).trim();
  return NUMBER.test(t) && Number.isFinite(Number(t)) ? Number(t) : t;
}

// The value of a field from its input text (or checkbox state).
function parse(setting, raw) {
  if (setting.type === 'bool') return Boolean(raw);
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
  if (setting.type === 'outlier') return value ? `${value.index}, ${value.value}` : '';
  if (setting.type === 'list') return Array.from(value, String).join(', ');
  return String(value);
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
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

export const settings = { SETTINGS, BY_KEY, parse, show, sameValue, resetKeysChanged, linked };
