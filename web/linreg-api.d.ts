// The JavaScript API of the linear-regression trainer (web/linreg-api.js over the wasm module).
//
// Only a Trainer holds wasm memory: call trainer.delete() when done with it. Every other value
// returned here (typed arrays included) is a copy that JavaScript owns.
// Every method that can fail throws an Error whose message is the C++ message, e.g.
//   "'batch_size' must be an integer >= 1, got 0"
// and leaves the trainer exactly as it was. Values are checked as JSON: NaN and +-Infinity read
// as null ("'noise' must be a finite number >= 0, got null"), a string is never taken as a number.

/** A run's configuration, in the book's names (Dive into Deep Learning, section 3.4). Each field's
 * default, rule, and whether it may change mid-run are the core's field schema: api.schema(). */
export interface Config {
  /** True weights; the number of features d is w.length. */
  w: number[];
  /** True bias. */
  b: number;
  /** Standard deviation of the label noise. */
  noise: number;
  /** Training examples. */
  num_train: number;
  /** Validation examples (0: no validation loss). */
  num_val: number;
  /** Minibatch size; the short last batch is kept. */
  batch_size: number;
  /** Learning rate. */
  lr: number;
  /** Epochs that fit() runs. */
  max_epochs: number;
  /** Standard deviation of the model's initial weights. */
  sigma: number;
  /** The initialization override: the start of w instead of the normal(0, sigma) draws, one
   * finite number per feature (len(w); 1 for 'ohm'; the user's data's columns). Absent by default
   * (a config has no such key); null removes it. The draws are still made: the data and the order
   * of the minibatches are those of the run without it. */
  init_w?: number[] | null;
  /** The start of b instead of 0 (finite); absent by default, null removes it. */
  init_b?: number | null;
  /** Seed for data, initialization and shuffling (integer 0 .. 2^53-1). */
  seed: number;
  /** Reshuffle the training set every epoch. */
  shuffle: boolean;
  /** Clip the gradient's global L2 norm to this (0: off). */
  gradient_clip_val: number;
  /** The loss minimized (the section's exercise 8): the book's (y_hat - y)^2 / 2, |y_hat - y|
   * (subgradient 0 at 0), or Huber's (quadratic within huber_delta, linear beyond). */
  loss: 'squared' | 'absolute' | 'huber';
  /** Where Huber's loss turns linear (finite, > 0). */
  huber_delta: number;
  /** The order an epoch visits the training set: reshuffled every epoch (the book's), the generated
   * order, or sorted by label (adversarial). config() gives shuffle true exactly for 'shuffle'.
   * Given both and disagreeing, not reshuffling wins (shuffle: false with 'shuffle' is
   * 'generated'); shuffle: false alone keeps a sorted order, or means 'generated'. */
  order: 'shuffle' | 'generated' | 'sorted';
  /** Drop the short last minibatch of every epoch (needs batch_size <= num_train). */
  drop_last: boolean;
  /** Replace one training label, e.g. the section's { index: 5, value: 10000 }. */
  outlier: Outlier | null;
  /** 'synthetic' (the book's data) or 'ohm': one feature, the voltage U ~ Uniform(0, 10) V, and the
   * label, the current U / resistance + noise A (w and b are then not used; the true w is
   * 1 / resistance and b is 0). */
  dataset: 'synthetic' | 'ohm';
  /** Ohms, for dataset 'ohm' (finite, > 0). */
  resistance: number;
  /** A classic from-scratch mistake simulated in every step ('none': the book's step); the list,
   * with each bug's line of the book's code and symptom, is bugs() (docs/bugs.md). */
  bug: 'none' | 'no_zero_grad' | 'sum_loss' | 'shape_broadcast' | 'same_batch' | 'ascent' |
    'short_batch_divisor' | 'double_mean' | 'frozen_bias';
}

/** Where a record first differs from a run (CheckReport). */
export interface CheckDifference {
  step: number;
  /** 'loss', 'w' or 'b'; index: the weight's 0-based index for 'w', else null. */
  quantity: 'loss' | 'w' | 'b';
  index: number | null;
  /** 'loss', 'w1', ..., 'wd' or 'b'. */
  name: string;
  /** null: the simulated run had ended (diverged) before this step. */
  reference: number | null;
  record: number;
  relative_error: number | null;
  /** The record's line (1-based). */
  line: number;
}

/** One step's values in CheckReport.window. */
export interface CheckValues {
  loss: number;
  w: number[];
  b: number;
}

/** Two numbers agree when |record - reference| <= absolute + relative * |reference|. */
export interface CheckTolerance {
  relative: number;
  absolute: number;
  rule: string;
}

/** A step of the window around the first difference: both runs' values. */
export interface CheckWindowRow {
  step: number;
  reference: CheckValues;
  record: CheckValues;
}

/** A simulated bug's run against the record (score: steps matched before its first difference). */
export interface CheckBug {
  name: string;
  first_difference: CheckDifference | null;
  score: number;
}

/** The bug that matches the record best: fraction = score / steps compared. */
export interface CheckBestBug {
  name: string;
  title: string;
  first_difference: CheckDifference | null;
  score: number;
  fraction: number;
}

/** LinReg.checkRecord()'s report (the CLI's --report JSON). */
export interface CheckReport {
  format: 'd2l-linreg-check';
  version: number;
  matches: boolean;
  tolerance: CheckTolerance;
  steps_compared: number;
  /** Steps that match before the first difference. */
  steps_matched: number;
  first_difference: CheckDifference | null;
  /** Up to three steps either side of the first difference (empty when the record matches). */
  window: CheckWindowRow[];
  /** When the record differs and a bug's run matches more of its steps than the reference. */
  best_bug: CheckBestBug | null;
  /** Every bug's simulated run against the record, best first. */
  bugs: CheckBug[];
}

/** One simulated bug (LinReg.bugs()). */
export interface BugInfo {
  /** The config's value, e.g. 'sum_loss'. */
  name: string;
  title: string;
  /** One line: what the code does wrong. */
  description: string;
  /** The line of the book's code the bug breaks, as the book writes it. */
  code_line: string;
  /** What to look for in the run. */
  symptom: string;
}

/** One training label replaced (0-based row of the training set, and the new label). */
export interface Outlier {
  index: number;
  value: number;
}

export type PresetName = 'book' | 'book-v1';

/** Counters and parameters at this moment. */
export interface State {
  /** Completed epochs. */
  epoch: number;
  /** Completed minibatches in the current epoch (0 .. numBatches-1). */
  batchInEpoch: number;
  /** Minibatches per epoch: ceil(num_train / batch_size). */
  numBatches: number;
  /** Minibatch updates since the start. */
  globalStep: number;
  /** Training examples processed since the start (counting repeats). */
  examplesSeen: number;
  /** epoch === max_epochs. */
  finished: boolean;
  /** The loss, the gradient or a parameter became non-finite; training stopped. */
  diverged: boolean;
  /** The step at which it diverged (0 when it did not). */
  divergedStep: number;
  w: Float64Array;
  b: number;
  trueW: Float64Array;
  trueB: number;
  /** The book's "error in estimating w": trueW - w. */
  errorW: Float64Array;
  /** The book's "error in estimating b": trueB - b. */
  errorB: number;
  /** False on the user's own data, which has no true parameters: trueW, trueB, errorW and errorB
   * are then NaN (use Trainer.leastSquares() as the reference). */
  hasTrueParams: boolean;
  /** Diverging: diverged, or the training loss at the end of the last epoch (lastTrainLoss) has
   * grown beyond the training loss at the start (startTrainLoss), the loss of the initial model
   * over the whole training set. The one definition the page's status, its lr note, the lr sweep
   * (SweepRun.diverged) and the host's events share. */
  diverging: boolean;
  /** The training loss at the start; NaN until an epoch has ended. */
  startTrainLoss: number;
  /** The training loss at the end of the last epoch; NaN until an epoch has ended. */
  lastTrainLoss: number;
  /** Why the run diverged and which learning rate would not have; null unless diverged. */
  divergence: Divergence | null;
}

/**
 * A diverged run, explained (cpp/divergence.hpp). For the squared loss, gradient descent on the
 * training set converges for lr < 2 / lambda_max and overshoots more every step above it; below
 * 2 / max(|x_i|^2 + 1) no minibatch step can overshoot. A run below those diverges only because
 * its numbers overflow (an outlier of 1e200): then no learning rate helps, and lrIsTheCause is false.
 */
export interface Divergence {
  /** The step where a value stopped being finite (1-based), as State.divergedStep. */
  step: number;
  /** The first value that was not finite. */
  what: 'loss' | 'gradient' | 'parameters';
  /** The learning rate of that step. */
  lr: number;
  /** 2 / lambda_max of the training data (NaN for the absolute loss); 2 / trace(M), a lower bound
   * of it, when the data is too large for its eigenvalues (lrLimitIsBound). */
  lrLimit: number;
  lrLimitIsBound: boolean;
  /** 2 / max_i (|x_i|^2 + 1): every minibatch step is stable below it. */
  safeLr: number;
  /** True when a smaller learning rate would have kept the run finite. */
  lrIsTheCause: boolean;
  /** Why, decided once in the core (message and the page's status line word it):
   * 'lr_above_limit': the squared loss with lr >= lrLimit, where gradient descent itself overshoots;
   * 'lr_minibatch': the squared loss with lr below lrLimit but >= safeLr, so a minibatch overshoots;
   * 'lr_overflow': another loss, where lr x gradient grew the parameters beyond double precision;
   * 'data_overflow': not the learning rate (lrIsTheCause false): the data's numbers overflow. */
  cause: 'lr_above_limit' | 'lr_minibatch' | 'lr_overflow' | 'data_overflow';
  /** The largest |label| and |feature| of the training set. */
  maxAbsLabel: number;
  maxAbsFeature: number;
  /** What happened and what to do, in a sentence or two (English). */
  message: string;
}

/** The most recent minibatch update. */
export interface Minibatch {
  /** Global step number, 1-based. */
  step: number;
  /** 0-based epoch and index within it. */
  epoch: number;
  batch: number;
  /** Training-set rows of the minibatch, in order. */
  indices: Int32Array;
  /** Their labels, the predictions before the update, and the residuals yHat - y. */
  y: Float64Array;
  yHat: Float64Array;
  residual: Float64Array;
  /** Mean of (yHat - y)^2 / 2 over the minibatch. */
  loss: number;
  /** The gradient applied (after clipping). */
  gradW: Float64Array;
  gradB: number;
  /** Global L2 norm of the gradient before clipping, and whether clipping scaled it. */
  gradNorm: number;
  clipped: boolean;
  /** The learning rate used, and the parameters before and after the update. */
  lr: number;
  wBefore: Float64Array;
  bBefore: number;
  wAfter: Float64Array;
  bAfter: number;
}

/**
 * Loss history. Step arrays hold the steps after the first `from` (of history(from)), in order:
 * every step, except that a run longer than 65,536 steps keeps an evenly thinned record of its
 * older steps (every 2nd, 4th, ... step) and every one of its last 16,384; `step` says which.
 */
export interface History {
  from: number;
  /** The 1-based number of each step in the arrays below (from + 1, from + 2, ... unless thinned). */
  step: Float64Array;
  /** Epochs completed after each step: globalStep / numBatches. */
  stepEpochFraction: Float64Array;
  /** Minibatch loss of each step. */
  stepLoss: Float64Array;
  /** Per completed epoch (1-based epoch numbers). */
  epoch: Float64Array;
  /** Mean loss over the whole training set after the epoch. */
  trainLoss: Float64Array;
  /** Mean loss over the validation set (NaN when num_val = 0). */
  valLoss: Float64Array;
}

/** A data set: X row-major (n rows of d features), y of length n. */
export interface Dataset {
  n: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
}

export interface Trainer {
  /** A copy of the current configuration. */
  config(): Config;
  /** One minibatch: forward, loss, gradient, clipping, update (and validation at an epoch's end). */
  step(): Minibatch;
  /** The rest of the current epoch (a whole one at a boundary). Returns the steps taken. */
  epoch(): number;
  /** Until max_epochs (or divergence). Returns the steps taken. */
  fit(): number;
  /** Restart: without a seed, the identical run; with a new seed, new data and initialization. */
  reset(seed?: number): void;
  /** Applied from the next step, without a reset. */
  setLr(lr: number): void;
  setGradientClipVal(value: number): void;
  setMaxEpochs(maxEpochs: number): void;
  /** Any field whose schema row says `live` (lr, gradient_clip_val, max_epochs), applied from the
   * next step. Throws "'<key>' cannot change mid-run" for another key, or the field's message for
   * a bad value, and then leaves the trainer as it was. */
  setLive(key: string, value: unknown): void;
  state(): State;
  /** null before the first step. */
  lastBatch(): Minibatch | null;
  /** The loss history; step arrays from step index `from` (default 0) on. A `from` past the
   * end gives empty step arrays and History.from = the steps taken. */
  history(from?: number): History;
  trainData(): Dataset;
  valData(): Dataset;
  /** trainData() without the copy: X and y are views of the module's memory. They are valid until
   * the memory grows (their length then becomes 0), the data changes (reset with a new seed) or
   * the trainer is deleted; they must not be written. For keeping a large data set only once. */
  trainDataView(): Dataset;
  /** The run replayed from the start as JSON text, byte for byte what `linreg --export-run`
   * writes for config() (so values changed mid-run by setLr() etc. apply from step 1 in it). */
  exportRun(): string;
  /** The whole session as JSON text (format "d2l-linreg-session": the starting config, the
   * mid-run changes, the user's data if any, the state and the loss history). LinReg.importSession()
   * restores it exactly. */
  exportSession(): string;
  /** Every example (training rows, then validation rows) as CSV with a header; numbers are the
   * shortest decimals that read back to the same doubles. */
  dataCsv(): string;
  /** Where the data came from. */
  dataSource(): DataSource;
  /** The least-squares (w, b) of the training set, the closed form that SGD approaches; null when
   * it is not unique (fewer rows than d + 1, or a feature that repeats another). */
  leastSquares(): LeastSquares | null;
  /** The parameters along the run so far, recomputed by replaying it from its start with its
   * mid-run changes (as importSession does): after step 0, every `every`-th step (default 1) and
   * the last complete step; the first `maxWeights` weights (default all) and b. */
  trajectory(every?: number, maxWeights?: number): Trajectory;
  /** One phase of the current step, in the book's order: 'forward' (the minibatch and yHat),
   * 'loss', 'gradient' (backward, then clipping), 'update' (SGD, and the validation at an epoch's
   * end). Returns the phase done and the step so far; after 'update' the step is complete (the
   * same Minibatch step() returns; stepping by phases gives the same bits). step() finishes a
   * started step. Throws like step() when a new step cannot start. */
  stepPhase(): PhaseStep;
  /** The phase stepPhase() does next ('forward' between steps). */
  nextPhase(): 'forward' | 'loss' | 'gradient' | 'update';
  /** The step in progress (fields not computed yet are empty arrays or NaN), or null between steps. */
  pendingStep(): Minibatch | null;
  /** The training loss over a grid of two parameters, the others held at `at` (default: the
   * current parameters). For the squared loss it is computed from the data's second moments (one
   * pass over the data, whatever the grid); the absolute and Huber losses are evaluated at each
   * grid point from at most 4096 evenly spaced examples. */
  landscape(request: LandscapeRequest): Landscape;
  /** The training loss along one parameter, the others held at `at`. */
  lossProfile(request: ProfileRequest): LossProfile;
  /** The loss and its gradient over the whole training set at a point (default: the current one). */
  fullBatch(at?: Point): FullBatch;
  /** The eigenvalues of the second-moment matrix [X 1]^T [X 1] / n of the training set and the
   * learning-rate limit 2 / lambdaMax of full-batch gradient descent on the squared loss. */
  curvature(): Curvature;
  /** The run of the current config from the start (same data, initialization and order) for each
   * learning rate (1 to 100 finite numbers > 0), to the end. */
  sweepLr(lrs: number[]): SweepRun[];
  /** Frees the wasm memory. Any later call throws. */
  delete(): void;
  readonly isDeleted: boolean;
}

/** The user's data read from CSV (LinReg.parseCsv): X row-major, the label in y. */
export interface CsvTable {
  n: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
  /** d feature names, then the label's: from the header, or x1 .. xd and y without one. */
  columns: string[];
  hasHeader: boolean;
}

/** The CSV rules' limits (docs/page.md, "Your own data"). */
export interface CsvLimits {
  /** Bytes of text (8 MiB). */
  maxBytes: number;
  /** Examples (rows). */
  maxRows: number;
  /** Feature columns (the label is one more). */
  maxFeatures: number;
}

/** LinReg.dataSize(): what a config's data holds. */
export interface DataSize {
  /** Features d: 1 for the 'ohm' dataset, else the length of w. */
  features: number;
  /** Examples: num_train + num_val. */
  examples: number;
  /** Numbers in the data: examples * (features + 1). */
  values: number;
}

export interface DataSource {
  /** "synthetic" (generated from the config) or "user" (from CSV). */
  source: string;
  /** The name given with the user's data (e.g. its file name); "" for synthetic data. */
  name: string;
  /** d feature names, then the label's. */
  columns: string[];
}

export interface Trajectory {
  /** Step numbers (0: the initialization). */
  steps: Float64Array;
  /** Weights per row of w. */
  k: number;
  /** steps.length rows of k weights, row-major. */
  w: Float64Array;
  b: Float64Array;
}

export interface LeastSquares {
  w: Float64Array;
  b: number;
  /** Its loss over the training set (the run's loss): for the squared loss, the lowest there is. */
  trainLoss: number;
}

/** A step after stepPhase(). */
export interface PhaseStep {
  phase: 'forward' | 'loss' | 'gradient' | 'update';
  minibatch: Minibatch;
}

/** Parameters: w (d numbers) and b. */
export interface Point {
  w: number[] | Float64Array;
  b: number;
}

/** Parameters are numbered 0 .. d-1 for w_1 .. w_d and d for b. */
export interface LandscapeRequest {
  /** The two parameters of the grid's x and y axes (different). */
  axes: number[];
  /** Ranges [lo, hi] (finite, lo < hi) in parameter values. */
  x: number[];
  y: number[];
  /** Grid points per axis (2 .. 401), or [nx, ny]. Default 41. */
  size?: number | number[];
  /** The point whose other parameters are held (default: the current parameters). */
  at?: Point;
}

export interface ProfileRequest {
  axis: number;
  range: number[];
  /** Points (2 .. 1604). Default 101. */
  size?: number;
  at?: Point;
}

export interface Landscape {
  /** The grid's parameter values along x (nx) and y (ny). */
  x: Float64Array;
  y: Float64Array;
  /** The loss at (x[i], y[j]) in values[j * nx + i]. */
  values: Float64Array;
  /** True for the squared loss (exact, from the second moments). */
  quadratic: boolean;
  /** Examples behind the values (all of them for the squared loss). */
  examplesUsed: number;
}

export interface LossProfile {
  x: Float64Array;
  values: Float64Array;
  quadratic: boolean;
  examplesUsed: number;
}

export interface FullBatch {
  loss: number;
  gradW: Float64Array;
  gradB: number;
}

export interface Curvature {
  /** False when the data set is too large to analyse here (then `reason` says why; numbers NaN). */
  available: boolean;
  reason: string;
  /** Largest and smallest eigenvalue of [X 1]^T [X 1] / n. */
  lambdaMax: number;
  lambdaMin: number;
  /** 2 / lambdaMax: full-batch gradient descent on the squared loss converges below it and
   * diverges above it. */
  lrLimit: number;
}

export interface SweepRun {
  lr: number;
  /** Loss over the training set before the first step (the same for every run). */
  initialTrainLoss: number;
  /** After the last epoch; NaN when the run stopped because a value overflowed. */
  finalTrainLoss: number;
  /** The step where a value stopped being finite (0: none). */
  divergedStep: number;
  /** Overflowed, or ended with a higher training loss than it started with. */
  diverged: boolean;
  /** The training loss after each completed epoch. */
  epochTrainLoss: Float64Array;
  w: Float64Array;
  b: number;
}

export interface CreateOptions {
  /** Train on this CSV text instead of synthetic data (rules in docs/page.md, "Your own data"): the
   * last config.num_val rows are the validation set (default 1000: pass num_val, e.g. 0), the
   * others the training set; w, b, noise and num_train do not apply. */
  csv?: string;
  /** A name for the data (e.g. the file name), kept in exported sessions. */
  name?: string;
}

export interface LinReg {
  /**
   * A trainer from a preset name ('book', 'book-v1'), JSON text (starts with '{'), or a plain
   * object in the book's names; missing keys take the book's defaults. Throws on a bad config.
   * With options.csv, a trainer on that data; a CSV error is an Error with `line` and `column`.
   */
  create(config?: PresetName | string | Partial<Config>, options?: CreateOptions): Trainer;
  /** A trainer restored from Trainer.exportSession() text: the run is replayed to the saved step
   * and its parameters, counters and loss history are checked bit for bit against the file.
   * Throws an Error naming the first difference or the malformed field. */
  importSession(text: string): Trainer;
  /** Reads CSV text by the core's rules. Throws an Error whose message names the line and column
   * (also as numbers: error.line, error.column; 0 when not about one line or cell). */
  parseCsv(text: string): CsvTable;
  csvLimits(): CsvLimits;
  /** Checks a config without creating anything; returns the full config or throws. */
  check(config: PresetName | string | Partial<Config>): Config;
  /** The checked config's data size, as the core counts it against its limits (docs/limits-and-errors.md).
   * Throws the C++ message for a bad config. */
  dataSize(config: PresetName | string | Partial<Config>): DataSize;
  presetNames(): PresetName[];
  preset(name: PresetName): Config;
  defaults(): Config;
  /** Every configuration field, declared once in the core (cpp/schema.hpp), in the order of the
   * page's settings form. */
  schema(): Schema;
  /** The simulated bugs, in the order of the 'bug' field's choices ('none' left out). */
  bugs(): BugInfo[];
  /** A learner's record of their own loop (CSV `step,loss,w1..wd,b` or its JSON form, docs/bugs.md)
   * compared with a run (the JSON text of exportRun() / --export-run, or a config to re-run): the
   * report of `linreg --check RECORD --against RUN --report FILE`. Throws an Error naming the line
   * and field of a bad record, or what is wrong with the run. */
  checkRecord(recordText: string, runText: string): CheckReport;
  /** Bytes of the wasm heap in use by the allocator (for leak tests). */
  heapInUse(): number;
  /** Total bytes of wasm memory. */
  heapSize(): number;
}

/** The configuration's fields (LinReg.schema()). */
export interface Schema {
  fields: SchemaField[];
}

export interface SchemaField {
  /** The name in a config (a key of Config), e.g. 'lr'. */
  key: string;
  /** 'number' (a finite double), 'int' (a whole number), 'bool', 'choice' (one of `choices`),
   * 'list' (of numbers: w) or 'outlier' (null or {index, value}). */
  type: 'number' | 'int' | 'bool' | 'choice' | 'list' | 'outlier';
  /** The value in defaults() (null for an optional field, which defaults() does not have). */
  default: number | boolean | string | number[] | Outlier | null;
  /** True for a field absent by default (init_w, init_b): null removes it from a config. */
  optional?: boolean;
  /** For 'choice': the names, e.g. ['squared', 'absolute', 'huber']. */
  choices?: string[];
  /** For 'number': the lower bound of the rule, if any (exclusive when minExclusive);
   * for 'int': the range. */
  min?: number;
  minExclusive?: boolean;
  max?: number;
  /** What the value must be, as the error says it: "'lr' must be <rule>, got 0". */
  rule: string;
  /** Whether it may change mid-run (Trainer.setLive); otherwise it waits for a reset. */
  live: boolean;
  /** The command-line flag, e.g. '--lr' ('--no-shuffle' for shuffle). */
  flag: string;
  /** 'training' (the book's hyperparameters), 'data' or 'exercise'. */
  group: string;
  /** One line of documentation (English). */
  doc: string;
}

export interface LoadOptions {
  /** The Emscripten factory (createLinRegModule). Default: the global one in a browser,
   * web/dist/linreg-single.js under Node. */
  factory?: (options?: object) => Promise<object>;
  /** Extra options for the factory (e.g. wasmBinary, locateFile). */
  moduleOptions?: object;
}

/** Loads the wasm module once per factory (a call with moduleOptions loads a new instance);
 * resolves to the API. */
export function load(options?: LoadOptions): Promise<LinReg>;
