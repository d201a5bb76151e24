// The JavaScript API of the linear-regression trainer: a thin layer over the raw wasm binding
// (cpp/bindings.cpp). Its contract is web/linreg-api.d.ts.
//
// An ES module: `import { load } from './web/linreg-api.js'` on a page that loaded
// web/dist/linreg-single.js with a <script> first (it defines the global `createLinRegModule`),
// or `load({ factory })` with the factory itself. The page's bundle includes it; scripts/bundle.js
// also builds web/dist/linreg-api.cjs, the CommonJS entry for Node (require() it: it loads the
// single-file module beside it).
//
// The rules it adds on top of the binding:
//   - a Trainer owns a wasm object: call trainer.delete() when done; any later call throws;
//   - a C++ error value ({ error }) becomes `new Error(message)` with the C++ message verbatim;
//   - every value from the caller reaches C++ as JSON text, where the config rules check it.
// The Emscripten factory when load() is given none: the global of web/dist/linreg-single.js (a
// page), or, in the CommonJS build (web/dist/linreg-api.cjs) under Node, the module beside it.
function defaultFactory() {
  if (typeof globalThis.createLinRegModule === 'function') return globalThis.createLinRegModule;
  if (typeof module === 'object' && module !== null && typeof module.require === 'function' && typeof __dirname === 'string') {
    return module.require(`${__dirname}/linreg-single.js`);
  }
  throw new Error('createLinRegModule is not defined: load web/dist/linreg-single.js (or linreg.js) ' +
                  'with a <script> first, or pass load({ factory })');
}


// ---- Errors and values ----------------------------------------------------------------------

// The binding returns { error: message } for a failed call (a CSV error also has its line and
// column, which the Error carries too).
function unwrap(result) {
  if (result !== null && typeof result === 'object' && typeof result.error === 'string') {
    const error = new Error(result.error);
    if (typeof result.line === 'number') {
      error.line = result.line;
      error.column = result.column;
    }
    throw error;
  }
  return result;
}

// A value quoted in a message, cut short as the C++ messages do (clipped(), cpp/format.hpp): at most
// 64 characters, then "... (N characters)".
function clipped(text, keep = 64) {
  const characters = Array.from(text);
  return characters.length <= keep ? text : `${characters.slice(0, keep).join('')}... (${characters.length} characters)`;
}

function requireString(value, what) {
  if (typeof value !== 'string') {
    throw new Error(`${what} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

// Typed arrays (e.g. state().w) are written as lists, BigInts as their own digits (a JSON number
// of any size, which C++ reads exactly or refuses with that number: 9007199254740993n is not
// rounded to 9007199254740992 first). JSON.stringify writes no BigInt, so each goes out as a
// marked string (a NUL and a random tag no user text can guess) that jsonText replaces.
// Beyond 64 bits C++ would read the number as a double (another number): refused here.
let bigintTag = null;
let sawBigint = false; // a BigInt was written (only then is the text searched for the tags)
// The config keys that are absent by default (the schema's optional fields: init_w, init_b), where
// null means "none": a NaN or an infinity given to one of them is sent as its name ("NaN"), so the
// check refuses it with the field's rule instead of reading the null JSON.stringify would write.
let optionalKeys = new Set();
function replacer(key, value) {
  if (typeof value === 'number' && !Number.isFinite(value) && optionalKeys.has(key)) return String(value);
  if (typeof value === 'bigint') {
    if (value < -(2n ** 63n) || value >= 2n ** 64n) {
      const where = key === '' || /^\d+$/.test(key) ? 'a BigInt' : `'${clipped(key)}': a BigInt`;
      throw new Error(`${where} must be within 64 bits (-2^63 to 2^64 - 1) to be read exactly, got ${clipped(String(value))}n`);
    }
    sawBigint = true;
    return `\u0000${bigintTag}:${value}`;
  }
  return ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value) : value;
}

// How deep JSON may nest: kMaxJsonDepth in cpp/json_fields.hpp, which checks every JSON text.
const MAX_JSON_DEPTH = 64;

// Any JS value as JSON text for the C++ checks: NaN, Infinity and undefined become null (as
// JSON.stringify does inside objects), so the message reads e.g. "'lr' ..., got null".
function jsonText(value) {
  let text;
  bigintTag = Math.random().toString(36).slice(2);
  sawBigint = false;
  try {
    text = JSON.stringify(value, replacer);
    if (text !== undefined && sawBigint) text = text.replace(new RegExp(`"\\\\u0000${bigintTag}:(-?\\d+)"`, 'g'), '$1');
  } catch (e) {
    // Too deep for the engine's stack (C++ refuses anything deeper than 64 levels anyway).
    if (e instanceof RangeError) throw new Error(`the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (/ must be within 64 bits /.test(e.message)) throw e;
    throw new Error('the value cannot be written as JSON: ' + clipped(String(e.message)));  // a cycle
  }
  return text === undefined ? 'null' : text;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// [source, text] for the binding: a preset name, JSON text (starts with '{'), or a plain object.
// Anything else is sent as JSON text, so C++ says "the config must be a JSON object, got ...".
function configSource(config) {
  if (config === undefined) return ['preset', 'book'];
  if (typeof config === 'string') {
    return config.trimStart().startsWith('{') ? ['json', config] : ['preset', config];
  }
  if (typeof config === 'object' && config !== null && !Array.isArray(config) && !isPlainObject(config)) {
    const name = config.constructor && config.constructor.name ? clipped(String(config.constructor.name)) : 'object';
    throw new Error('the config must be a preset name, JSON text or a plain object, got a ' + name);
  }
  return ['json', jsonText(config)];
}

// ---- Text into the module -------------------------------------------------------------------
//
// embind copies each string argument into the wasm heap with malloc and does not check it: near
// the memory's cap it would write through a null pointer and break the module for good. So every
// call that sends text (configs, CSV, sessions, and arrays and requests, which go as JSON text)
// first makes room for it: one block as large as all of it can take (3 bytes a UTF-16 unit, the
// most UTF-8 needs, plus embind's length word), freed at once, so that embind's own copies fit in
// its place; when the memory cannot hold it the call fails with the module's own message.
const OUT_OF_MEMORY = 'out of memory: this does not fit in the WebAssembly memory (capped at 2 GiB); ' +
                      'delete() trainers no longer needed, or use fewer examples, features or steps';

function room(M, ...texts) {
  let bytes = 64;
  for (const text of texts) bytes += 3 * text.length + 16;
  const address = M._malloc(bytes);
  if (!address) throw new Error(OUT_OF_MEMORY);
  M._free(address);
}

// ---- Packed reads (cpp/bindings.cpp, "Packed reads") -----------------------------------------
//
// step(), state() and lastBatch() run on every step of an animated run: the binding writes their
// numbers into a buffer in the wasm heap and returns its byte address, and the objects are built
// here, each array copied out with one slice (so it is JavaScript's own, as before). The heap
// views are taken from the module after the call (a call may grow the memory, which replaces
// them).

// The packed calls are plain wasm exports (cpp/bindings.cpp) that take the raw trainer's handle.
function packedCalls(M, raw) {
  const handle = raw.handle();
  return {
    step: () => M._linreg_step_packed(handle),
    state: () => M._linreg_state_packed(handle),
    lastBatch: () => M._linreg_last_batch_packed(handle),
  };
}

// The address returned by a packed call: -1 is an error (the message is kept by the binding).
function packedAddress(raw, address) {
  if (address < 0) throw new Error(raw.lastError());
  return address;
}

// The slot of each field in the two buffers, as the module declares them (read once per module).
const layouts = new WeakMap();
function packedLayouts(M) {
  if (!layouts.has(M)) layouts.set(M, JSON.parse(M.packedLayoutsJson()));
  return layouts.get(M);
}

function readMinibatch(M, address) {
  const s = packedLayouts(M).minibatch;
  const f = M.HEAPF64;
  const h = address / 8;
  const m = f[h + s.m];
  const d = f[h + s.d];
  const doubles = (k, n) => f.slice(f[h + k] / 8, f[h + k] / 8 + n);
  const indices = f[h + s.indices] / 4;
  return {
    step: f[h + s.step],
    epoch: f[h + s.epoch],
    batch: f[h + s.batch],
    indices: M.HEAP32.slice(indices, indices + m),
    y: doubles(s.y, m),
    yHat: doubles(s.yHat, m),
    residual: doubles(s.residual, m),
    loss: f[h + s.loss],
    gradW: doubles(s.gradW, d),
    gradB: f[h + s.gradB],
    gradNorm: f[h + s.gradNorm],
    clipped: f[h + s.clipped] !== 0,
    lr: f[h + s.lr],
    wBefore: doubles(s.wBefore, d),
    bBefore: f[h + s.bBefore],
    wAfter: doubles(s.wAfter, d),
    bAfter: f[h + s.bAfter],
  };
}

// The few numbers of a minibatch that a fast loop needs, read where the binding wrote them, without
// copying its arrays out: step, epoch, batch, loss and whether every number of the update is
// finite (the gradient, the new weights and bias). A worker takes thousands of steps a frame, and
// the seven arrays of each readMinibatch were most of the garbage its heap had to collect.
function readStepSummary(M, address) {
  const s = packedLayouts(M).minibatch;
  const f = M.HEAPF64;
  const h = address / 8;
  const d = f[h + s.d];
  let finite = Number.isFinite(f[h + s.loss]) && Number.isFinite(f[h + s.gradB]) && Number.isFinite(f[h + s.bAfter]);
  for (const k of [s.gradW, s.wAfter]) {
    const at = f[h + k] / 8;
    for (let j = 0; j < d && finite; ++j) finite = Number.isFinite(f[at + j]);
  }
  return { step: f[h + s.step], epoch: f[h + s.epoch], batch: f[h + s.batch], loss: f[h + s.loss], finite };
}

function readState(M, raw, address) {
  const s = packedLayouts(M).state;
  const f = M.HEAPF64;
  const h = address / 8;
  const d = f[h + s.d];
  const w = f.slice(f[h + s.w] / 8, f[h + s.w] / 8 + d);
  const trueW = f.slice(f[h + s.trueW] / 8, f[h + s.trueW] / 8 + d);
  const errorW = new Float64Array(d);  // true minus estimate, as Trainer::error_w()
  for (let j = 0; j < d; ++j) errorW[j] = trueW[j] - w[j];
  const diverged = f[h + s.diverged] !== 0;
  return {
    epoch: f[h + s.epoch],
    batchInEpoch: f[h + s.batchInEpoch],
    numBatches: f[h + s.numBatches],
    globalStep: f[h + s.globalStep],
    examplesSeen: f[h + s.examplesSeen],
    finished: f[h + s.finished] !== 0,
    diverged,
    divergedStep: f[h + s.divergedStep],
    w,
    b: f[h + s.b],
    trueW,
    trueB: f[h + s.trueB],
    errorW,
    errorB: f[h + s.errorB],
    hasTrueParams: f[h + s.hasTrueParams] !== 0,
    diverging: f[h + s.diverging] !== 0,
    startTrainLoss: f[h + s.startTrainLoss],
    lastTrainLoss: f[h + s.lastTrainLoss],
    divergence: diverged ? unwrap(raw.divergence()) : null,
  };
}

// ---- The trainer ----------------------------------------------------------------------------

// A FinalizationRegistry frees a forgotten trainer eventually; it is only a safety net.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(function (raw) { if (!raw.isDeleted()) raw.delete(); })
  : null;

class Trainer {
  constructor(raw, M) {
    this._raw = raw;
    this._M = M;
    this._packed = packedCalls(M, raw);
    if (registry) registry.register(this, raw, this);
  }

  // The raw handle, or a clear error after delete().
  _live() {
    if (this._raw === null) throw new Error('this Trainer was deleted; create a new one with LinReg.create()');
    return this._raw;
  }

  // A call of the raw trainer that sends text, with room made for it first (see room()).
  _send(method, ...texts) {
    const raw = this._live();
    room(this._M, ...texts);
    return unwrap(raw[method](...texts));
  }

  config() { return JSON.parse(unwrap(this._live().configJson())); }
  step() {
    const raw = this._live();
    return readMinibatch(this._M, packedAddress(raw, this._packed.step()));
  }
  // One step, like step(), answered with only {step, epoch, batch, loss, finite}; lastBatch() gives
  // the whole minibatch when it is wanted.
  stepSummary() {
    const raw = this._live();
    return readStepSummary(this._M, packedAddress(raw, this._packed.step()));
  }
  epoch() { return unwrap(this._live().epoch()); }
  fit() { return unwrap(this._live().fit()); }
  reset(seed) { this._send('reset', seed === undefined ? '' : jsonText(seed)); }
  setLr(lr) { this._send('set', 'lr', jsonText(lr)); }
  setGradientClipVal(value) { this._send('set', 'gradient_clip_val', jsonText(value)); }
  setMaxEpochs(maxEpochs) { this._send('set', 'max_epochs', jsonText(maxEpochs)); }
  setLive(key, value) { this._send('set', requireString(key, 'the key'), jsonText(value)); }
  state() {
    const raw = this._live();
    return readState(this._M, raw, packedAddress(raw, this._packed.state()));
  }
  lastBatch() {
    const raw = this._live();
    const address = packedAddress(raw, this._packed.lastBatch());
    return address === 0 ? null : readMinibatch(this._M, address);
  }
  history(from) { return this._send('history', from === undefined ? '0' : jsonText(from)); }
  trainData() { return unwrap(this._live().trainData()); }
  valData() { return unwrap(this._live().valData()); }
  trainDataView() { return unwrap(this._live().trainDataView()); }
  exportRun() { return unwrap(this._live().exportRun()); }
  exportSession() { return unwrap(this._live().exportSession()); }
  dataCsv() { return unwrap(this._live().dataCsv()); }
  dataSource() { return unwrap(this._live().dataSource()); }
  leastSquares() { return unwrap(this._live().leastSquares()); }
  trajectory(every, maxWeights) {
    return this._send('trajectory', every === undefined ? '1' : jsonText(every),
                      maxWeights === undefined ? '9007199254740992' : jsonText(maxWeights));
  }
  stepPhase() { return unwrap(this._live().stepPhase()); }
  nextPhase() { return unwrap(this._live().nextPhase()); }
  pendingStep() { return unwrap(this._live().pendingStep()); }
  landscape(request) { return this._send('landscape', jsonText(request)); }
  lossProfile(request) { return this._send('lossProfile', jsonText(request)); }
  fullBatch(at) { return this._send('fullBatch', at === undefined ? 'null' : jsonText(at)); }
  curvature() { return unwrap(this._live().curvature()); }
  sweepLr(lrs) { return this._send('sweepLr', jsonText(lrs)); }

  delete() {
    const raw = this._live();
    if (registry) registry.unregister(this);
    this._raw = null;
    raw.delete();
  }

  get isDeleted() { return this._raw === null; }
}

// ---- The API --------------------------------------------------------------------------------

function makeApi(M) {
  packedLayouts(M);
  optionalKeys = new Set(JSON.parse(M.schemaJson()).fields.filter((f) => f.optional).map((f) => f.key));
  // A Trainer from a raw handle and an init call on it; the handle is freed when init fails.
  function initialized(init) {
    let raw;
    try {
      raw = new M.RawTrainer();
    } catch (e) {  // (a C++ exception: only running out of memory can fail here)
      throw new Error(OUT_OF_MEMORY);
    }
    const result = init(raw);
    if (result !== undefined) {
      raw.delete();
      unwrap(result);
    }
    return new Trainer(raw, M);
  }

  function check(config) {
    const [source, text] = configSource(config);
    room(M, source, text);
    return JSON.parse(unwrap(M.checkConfig(source, text)));
  }

  return Object.freeze({
    create(config, options) {
      const [source, text] = configSource(config);
      if (options !== undefined && options !== null && options.csv !== undefined) {
        const csv = requireString(options.csv, 'options.csv');
        const name = options.name === undefined ? '' : requireString(options.name, 'options.name');
        room(M, source, text, csv, name);
        return initialized((raw) => raw.initCsv(source, text, csv, name));
      }
      room(M, source, text);
      return initialized((raw) => raw.init(source, text));
    },
    importSession(text) {
      requireString(text, 'the session');
      room(M, text);
      return initialized((raw) => raw.initSession(text));
    },
    parseCsv(text) {
      room(M, requireString(text, 'the CSV text'));
      return unwrap(M.parseCsv(text));
    },
    csvLimits() { return M.csvLimits(); },
    check,
    // The checked config's data size as the core counts it against its limits (Config::num_features:
    // 1 for the 'ohm' dataset, else len(w); examples num_train + num_val; values examples * (d + 1)).
    dataSize(config) {
      const c = check(config);
      const features = c.dataset === 'ohm' ? 1 : c.w.length;
      const examples = c.num_train + c.num_val;
      return { features, examples, values: examples * (features + 1) };
    },
    presetNames() { return M.presetNames(); },
    preset(name) {
      if (typeof name !== 'string') name = String(name);
      room(M, name);
      return JSON.parse(unwrap(M.checkConfig('preset', name)));
    },
    defaults() { return JSON.parse(M.defaultsJson()); },
    schema() { return JSON.parse(M.schemaJson()); },
    // The simulated bugs (config key 'bug'): [{ name, title, description, code_line, symptom }].
    bugs() { return JSON.parse(M.bugsJson()); },
    // A learner's record (CSV or JSON text) checked against an exported run's JSON text: the report
    // of `linreg --check RECORD --against RUN --report FILE`; a bad file throws an Error naming the
    // line and field.
    checkRecord(recordText, runText) {
      requireString(recordText, 'the record');
      requireString(runText, 'the run');
      room(M, recordText, runText);
      return JSON.parse(unwrap(M.checkRecord(recordText, runText)));
    },
    heapInUse() { return M.heapInUse(); },
    heapSize() { return M.heapSize(); },
  });
}

// One module per factory: load() twice gives the same API.
const loaded = new Map();

function load(options) {
  options = options || {};
  let factory = options.factory;
  if (factory === undefined) {
    try {
      factory = defaultFactory();
    } catch (e) {
      return Promise.reject(e);
    }
  }
  if (typeof factory !== 'function') {
    return Promise.reject(new Error('options.factory must be the Emscripten factory (createLinRegModule)'));
  }
  if (options.moduleOptions === undefined && loaded.has(factory)) return loaded.get(factory);
  const api = Promise.resolve(factory(Object.assign({}, options.moduleOptions))).then(makeApi);
  if (options.moduleOptions === undefined) {
    loaded.set(factory, api);
    api.catch(function () { loaded.delete(factory); });
  }
  return api;
}

export { load };
