// Every setting of the page in one declarative table, in the book's names (Config in
// web/linreg-api.d.ts). The rules themselves live in C++ (LinReg.check): this table only says
// how a field is shown, how its text is read, and whether a change applies at the next step
// ('live', through the trainer's setters) or only after a reset.
(function (page) {
  'use strict';

  // A text of web/strings.js (the key itself when the table is not loaded, as in the Node tests).
  function tr(key) {
    return page.t ? page.t(key) : key;
  }

  const SETTINGS = [
    // Applied from the next step, without a reset.
    { key: 'lr', label: 'Learning rate', type: 'number', live: true,
      help: 'Step size \u03b7 of minibatch SGD: (w, b) \u2190 (w, b) \u2212 \u03b7 g.' },
    { key: 'max_epochs', label: 'Epochs', type: 'int', live: true,
      help: 'Passes over the training set that a full run makes.' },
    { key: 'gradient_clip_val', label: 'Gradient clipping', type: 'number', live: true,
      help: 'Rescale g so that its L2 norm is at most this; 0 turns clipping off.' },
    // Applied on reset: they change the data, the model's size or the minibatches.
    { key: 'w', label: 'True weights', type: 'list',
      help: 'The w that generates the labels, comma-separated; its length is the number of features d.' },
    { key: 'b', label: 'True bias', type: 'number', help: 'The b that generates the labels.' },
    { key: 'noise', label: 'Label noise', type: 'number',
      help: 'Standard deviation of the Gaussian noise added to each label.' },
    { key: 'num_train', label: 'Training examples', type: 'int', help: 'Rows of the training set.' },
    { key: 'num_val', label: 'Validation examples', type: 'int',
      help: 'Rows of the validation set (0: no validation loss).' },
    { key: 'batch_size', label: 'Batch size', type: 'int',
      help: 'Examples per minibatch; the short last batch of an epoch is kept.' },
    { key: 'sigma', label: 'Initial weight std', type: 'number',
      help: 'The model starts from w ~ N(0, sigma\u00b2) and b = 0.' },
    { key: 'seed', label: 'Seed', type: 'int',
      help: 'One seed for the data, the initialization and the shuffling.' },
    { key: 'shuffle', label: 'Reshuffle every epoch', type: 'bool',
      help: 'Visit the training set in a new random order each epoch.' },
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

  const BY_KEY = Object.fromEntries(SETTINGS.map((s) => [s.key, s]));

  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  // Text as a number when it reads as one; otherwise the text itself, so that the C++ check
  // names the field and quotes what was typed ("'lr' must be a finite number > 0, got \"abc\"").
  function readNumber(text) {
    const t = String(text).trim();
    return NUMBER.test(t) ? Number(t) : t;
  }

  // The value of a field from its input text (or checkbox state).
  function parse(setting, raw) {
    if (setting.type === 'bool') return Boolean(raw);
    if (setting.type === 'choice') return String(raw);
    if (setting.type === 'outlier') {
      // "row, value" (or JSON); empty or "none": no outlier.
      const t = String(raw).trim();
      if (t === '' || t.toLowerCase() === 'none' || t === 'null') return null;
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

  page.settings = { SETTINGS, BY_KEY, parse, show, sameValue, resetKeysChanged, linked };
})((window.LinRegPage = window.LinRegPage || {}));
