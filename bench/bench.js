#!/usr/bin/env node
// The benchmark: minibatch SGD for linear regression (the book's training loop: reshuffle every
// epoch, short last batch kept, squared loss, float64) on a grid of (num_train, d, batch_size),
// timed for every peer in the same run, peers interleaved, medians of several runs, against the
// memory-bandwidth bound. Run it through bench/run.sh (which builds what it needs).
//
//   node bench/bench.js [--quick] [--reps N] [--seconds S] [--cases LIST] [--peers LIST] [--out FILE]
//
//   --quick      every peer once on the smallest case (a smoke test: no timing assertions)
//   --reps N     timed runs per peer and case (default 7; quick: 1)
//   --seconds S  target length of one timed run (default 0.3; quick: 0.02)
//   --cases      e.g. "1000x2x32,100000x64x256" (num_train x d x batch_size)
//   --peers      e.g. "wasm-epoch,native-core" (default: all; see PEERS)
//   --out FILE   the report (default bench/RESULTS.md; quick: bench/out/quick.md)
//   --report-from FILE   only write the report again from a run's raw results (bench/out/results.json)
//                (e.g. after editing bench/NOTES.md, which the full report ends with)
//   --extra ID=wasm:DIR | ID=native:PROGRAM   one more peer (repeatable), for A/B comparisons: the
//                wasm module built in DIR (trainer.epoch()), or a core_peer built from other sources
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const NATIVE = process.env.BENCH_NATIVE_DIR || path.join(BENCH, 'out', 'build');

// ---- What is measured ---------------------------------------------------------------------------

// The grid. lr 0.03 (the book's) converges on every case; `warmup` epochs run before any timing
// (the smallest case needs a few epochs to reach the true parameters).
const CASES = [
  { n: 1000, d: 2, batch_size: 32, warmup: 12 },
  { n: 100000, d: 2, batch_size: 32, warmup: 2 },
  { n: 100000, d: 64, batch_size: 256, warmup: 2 },
  { n: 1000000, d: 16, batch_size: 1024, warmup: 1 },
  { n: 200000, d: 256, batch_size: 256, warmup: 1 },
];
const LR = 0.03;
const NOISE = 0.01;
const TRUE_B = 4.2;
// An error above this (max over w and b) means the peer did not learn: its time does not count.
const TOLERANCE = 0.01;

const node = process.execPath;
const PEERS = [
  { id: 'wasm-epoch', label: 'wasm module, trainer.epoch()', cmd: [node, path.join(BENCH, 'peers', 'host.js'), 'wasm-epoch'] },
  { id: 'wasm-step', label: 'wasm module, trainer.step() per minibatch', cmd: [node, path.join(BENCH, 'peers', 'host.js'), 'wasm-step'] },
  { id: 'wasm-page', label: 'wasm module, page path: step() + state()', cmd: [node, path.join(BENCH, 'peers', 'host.js'), 'wasm-page'] },
  { id: 'native-core', label: 'native build of the same core (Trainer::fit_epoch)', cmd: [path.join(NATIVE, 'core_peer')] },
  { id: 'native-ref', label: 'native reference (g++ -O3, Eigen, gather + 2 mat-vec)', cmd: [path.join(NATIVE, 'ref_peer')] },
  { id: 'js', label: 'plain JavaScript (Float64Array loops)', cmd: [node, path.join(BENCH, 'peers', 'host.js'), 'js'] },
  { id: 'tfjs', label: 'TensorFlow.js 4 (wasm backend, 1 thread, float32)', cmd: [node, path.join(BENCH, 'peers', 'host.js'), 'tfjs'] },
];

// --extra ID=wasm:DIR or ID=native:PROGRAM
function extraPeer(spec) {
  const m = /^([\w-]+)=(wasm|native):(.+)$/.exec(spec);
  if (!m) throw new Error(`--extra wants ID=wasm:DIR or ID=native:PROGRAM, got '${spec}'`);
  const [, id, kind, where] = m;
  const at = path.resolve(where);
  return kind === 'wasm'
    ? { id, label: `wasm module, variant ${id} (${where}), trainer.epoch()`, cmd: [node, path.join(BENCH, 'peers', 'host.js'), 'wasm-epoch'], env: { LINREG_WASM_DIST: at } }
    : { id, label: `native core, variant ${id} (${where})`, cmd: [at] };
}

function trueWeights(d) {
  if (d === 2) return [2, -3.4];  // the book's
  return Array.from({ length: d }, (_, j) => (((j * 7) % 11) - 5) / 2.5);
}

// ---- Command line -------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { quick: false, reps: null, seconds: null, cases: null, peers: null, out: null, extra: [], reportFrom: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') opts.quick = true;
    else if (a === '--reps') opts.reps = Number(value());
    else if (a === '--seconds') opts.seconds = Number(value());
    else if (a === '--cases') opts.cases = value();
    else if (a === '--peers') opts.peers = value();
    else if (a === '--out') opts.out = value();
    else if (a === '--report-from') opts.reportFrom = value();
    else if (a === '--extra') opts.extra.push(extraPeer(value()));
    else if (a === '--help' || a === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 16).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (opts.reps === null) opts.reps = opts.quick ? 1 : 7;
  if (opts.seconds === null) opts.seconds = opts.quick ? 0.02 : 0.3;
  if (!(Number.isInteger(opts.reps) && opts.reps >= 1)) throw new Error('--reps must be an integer >= 1');
  if (!(opts.seconds > 0)) throw new Error('--seconds must be > 0');
  let cases = opts.quick ? CASES.slice(0, 1) : CASES;
  if (opts.cases) {
    cases = opts.cases.split(',').map((s) => {
      const [n, d, batch_size] = s.split('x').map(Number);
      if (![n, d, batch_size].every((v) => Number.isInteger(v) && v > 0)) throw new Error(`bad case '${s}'`);
      const known = CASES.find((c) => c.n === n && c.d === d && c.batch_size === batch_size);
      return { n, d, batch_size, warmup: known ? known.warmup : 2 };
    });
  }
  // run.sh sets BENCH_WITHOUT_TFJS when TensorFlow.js could not be installed.
  let peers = [...PEERS.filter((p) => !(p.id === 'tfjs' && process.env.BENCH_WITHOUT_TFJS)), ...opts.extra];
  if (opts.peers) {
    const ids = opts.peers.split(',');
    for (const id of ids) if (!peers.some((p) => p.id === id)) throw new Error(`unknown peer '${id}'`);
    peers = peers.filter((p) => ids.includes(p.id) || opts.extra.includes(p));
  }
  const out = opts.out || (opts.quick ? path.join(BENCH, 'out', 'quick.md') : path.join(BENCH, 'RESULTS.md'));
  return { ...opts, cases, peers, out };
}

// ---- Peers as child processes (the line protocol of native/peer_protocol.hpp) --------------------

class PeerProcess {
  constructor(peer) {
    this.peer = peer;
    this.child = spawn(peer.cmd[0], peer.cmd.slice(1), { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...(peer.env || {}) } });
    this.replies = [];
    this.waiting = null;
    this.exited = new Promise((resolve) => this.child.on('exit', resolve));
    this.child.on('error', (e) => this.fail(e));
    this.child.on('exit', (code) => this.fail(new Error(`${peer.id} exited (code ${code})`)));
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      let reply;
      try {
        reply = JSON.parse(line);
      } catch (e) {
        reply = { fatal: `not JSON: ${line}` };
      }
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve(reply);
      } else this.replies.push(reply);
    });
  }

  fail(error) {
    this.dead = error;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.reject(error);
    }
  }

  async request(req) {
    if (this.dead) throw this.dead;
    const reply = await new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.child.stdin.write(JSON.stringify(req) + '\n');
    });
    if (reply.fatal) throw new Error(`${this.peer.id}: ${reply.fatal}`);
    return reply;
  }

  async quit() {
    if (!this.dead) this.child.stdin.end(JSON.stringify({ cmd: 'quit' }) + '\n');
    const timer = setTimeout(() => this.child.kill(), 10000);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---- Measuring -----------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function bandwidth(args) {
  const r = spawnSync(path.join(NATIVE, 'bandwidth'), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bandwidth failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout);
}

// X larger than this (bytes) does not fit in the last-level cache: shuffled rows come from DRAM.
const CACHE_BYTES = 32 * 2 ** 20;
const xBytes = (c) => c.n * c.d * 8;

const log = (...args) => process.stderr.write(args.join(' ') + '\n');

async function runCase(c, opts, seed) {
  const setup = { cmd: 'setup', n: c.n, d: c.d, batch_size: c.batch_size, lr: LR, w: trueWeights(c.d), b: TRUE_B, noise: NOISE, seed };
  const bw = bandwidth(['stream', '512', '7']);
  // The rows of X in a random order (the epoch's access pattern), same row size and total size.
  const rowsBw = xBytes(c) > CACHE_BYTES
    ? bandwidth(['rows', String(c.d * 8), String(Math.round(xBytes(c) / 2 ** 20)), '3']) : null;
  log(`case ${c.n} x ${c.d}, batch ${c.batch_size}: memory bandwidth ${bw.gb_per_s_best.toFixed(1)} GB/s streaming` +
      (rowsBw ? `, ${rowsBw.gb_per_s_best.toFixed(1)} GB/s for shuffled rows of ${c.d * 8} bytes` : ''));
  const results = [];
  // Peers are set up and warmed one at a time (data generation is not timed) and stay alive, so
  // that their timed runs can be interleaved.
  const procs = [];
  try {
    for (const peer of opts.peers) {
      const p = new PeerProcess(peer);
      procs.push(p);
      const r = { peer, perEpoch: [], epochsRun: 0 };
      results.push(r);
      try {
        const s = await p.request(setup);
        r.setupSeconds = s.setup_seconds;
        const warm = await p.request({ cmd: 'run', epochs: c.warmup });
        r.epochsRun += c.warmup;
        // Calibrate: epochs per timed run so that one run lasts about opts.seconds.
        let e = 1;
        let t = (await p.request({ cmd: 'run', epochs: e })).seconds;
        r.epochsRun += e;
        while (t < Math.min(0.05, opts.seconds / 2) && e < 1e6) {
          e *= 4;
          t = (await p.request({ cmd: 'run', epochs: e })).seconds;
          r.epochsRun += e;
        }
        r.epochsPerRun = Math.max(1, Math.round(opts.seconds / (t / e)));
        log(`  ${peer.id.padEnd(12)} setup ${r.setupSeconds.toFixed(2)} s, warm-up ${(warm.seconds / c.warmup * 1e3).toFixed(3)} ms/epoch, ${r.epochsPerRun} epochs per run`);
      } catch (e) {
        r.failure = String(e.message || e);
        log(`  ${peer.id}: FAILED: ${r.failure}`);
      }
    }
    for (let rep = 0; rep < opts.reps; rep++) {
      // Interleaved: every peer once per round, starting at a different peer each round.
      for (let k = 0; k < results.length; k++) {
        const i = (k + rep) % results.length;
        const r = results[i];
        if (r.failure) continue;
        try {
          const { seconds } = await procs[i].request({ cmd: 'run', epochs: r.epochsPerRun });
          r.perEpoch.push(seconds / r.epochsPerRun);
          r.epochsRun += r.epochsPerRun;
        } catch (e) {
          r.failure = String(e.message || e);
        }
      }
    }
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (r.failure) continue;
      try {
        const err = await procs[i].request({ cmd: 'error' });
        r.breakdown = await procs[i].request({ cmd: 'breakdown' });
        r.errorW = err.error_w;
        r.errorB = err.error_b;
        r.converged = Math.max(err.error_w, err.error_b) < TOLERANCE;
      } catch (e) {
        r.failure = String(e.message || e);
      }
      if (!r.failure) {
        r.secondsPerEpoch = median(r.perEpoch);
        r.examplesPerSecond = c.n / r.secondsPerEpoch;
        r.counts = r.converged;
        log(`  ${r.peer.id.padEnd(12)} ${(r.secondsPerEpoch * 1e3).toFixed(3)} ms/epoch  error w ${r.errorW.toExponential(1)} b ${r.errorB.toExponential(1)}${r.converged ? '' : '  DID NOT CONVERGE'}`);
      }
    }
  } finally {
    await Promise.all(procs.map((p) => p.quit()));
  }
  return { ...c, bandwidth: bw, rowsBandwidth: rowsBw, results };
}

// ---- Report --------------------------------------------------------------------------------------

function versionOf(cmd, args, pick) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0 || r.error) return 'unavailable';
  return pick((r.stdout || '') + (r.stderr || ''));
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (name) => (cpuinfo.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm')) || [])[1] || '?';
  const firstLine = (s) => s.split('\n')[0].trim();
  const tfjsPkg = path.join(BENCH, 'node_modules', '@tensorflow', 'tfjs', 'package.json');
  const eigen = fs.existsSync('/usr/include/eigen3/Eigen/src/Core/util/Macros.h')
    ? (() => {
      const t = fs.readFileSync('/usr/include/eigen3/Eigen/src/Core/util/Macros.h', 'utf8');
      const v = (k) => (t.match(new RegExp(`#define EIGEN_${k}_VERSION (\\d+)`)) || [])[1];
      return `${v('WORLD')}.${v('MAJOR')}.${v('MINOR')}`;
    })() : '?';
  const git = spawnSync('git', ['-C', ROOT, 'describe', '--always', '--dirty'], { encoding: 'utf8' });
  return {
    cpu: `${field('model name')} (family ${field('cpu family')}, model ${field('model')}), ${os.cpus().length} cores`,
    cache: versionOf('lscpu', [], (s) => ['L1d', 'L2', 'L3'].map((k) => (s.match(new RegExp(`^${k} cache:\\s*(.*)$`, 'm')) || [])[1]).filter(Boolean).map((v, i) => `${['L1d', 'L2', 'L3'][i]} ${v.trim()}`).join(', ')),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    os: `${os.type()} ${os.release()}`,
    gxx: versionOf('g++', ['--version'], firstLine),
    emcc: versionOf('em++', ['--version'], firstLine),
    node: process.version,
    tfjs: fs.existsSync(tfjsPkg) ? JSON.parse(fs.readFileSync(tfjsPkg, 'utf8')).version : 'not installed',
    eigen,
    git: git.status === 0 ? git.stdout.trim() : '?',
  };
}

const fmt = {
  ms: (s) => (s * 1e3 < 0.1 ? (s * 1e3).toFixed(4) : s * 1e3 < 10 ? (s * 1e3).toFixed(3) : (s * 1e3).toFixed(1)),
  rate: (x) => (x >= 1e9 ? `${(x / 1e9).toFixed(2)} G` : x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0)),
  x: (r) => (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)),
};

function get(caseResult, id) {
  return caseResult.results.find((r) => r.peer.id === id && r.counts);
}

// The same figure for the wasm variants of the run (--extra ID=wasm:DIR), e.g. "; simd-wasm: 1.2x".
function variants(c, figure) {
  return c.results.filter((r) => r.peer.id.endsWith('-wasm') && r.counts).map((r) => `; ${r.peer.id}: ${figure(r)}`).join('');
}

// Every target of the issue: { name, figure, met } (met null: not measured).
function targets(cases) {
  const out = [];
  const ratioTarget = (name, otherId, atLeast) => {
    for (const c of cases) {
      const wasm = get(c, 'wasm-epoch');
      const other = get(c, otherId);
      const caseName = `(${c.n}, ${c.d}, ${c.batch_size})`;
      if (!wasm || !other) {
        if (c.results.some((r) => r.peer.id === otherId) && c.results.some((r) => r.peer.id === 'wasm-epoch'))
          out.push({ name: `${name} ${caseName}`, figure: 'not measured (a peer failed or did not converge)', met: null });
        continue;
      }
      const ratio = other.secondsPerEpoch / wasm.secondsPerEpoch;
      out.push({ name: `${name} ${caseName}`, figure: `${fmt.x(ratio)}x (need >= ${atLeast}x)${variants(c, (v) => fmt.x(other.secondsPerEpoch / v.secondsPerEpoch) + 'x')}`, met: ratio >= atLeast, ratio, kind: otherId, c });
    }
  };
  ratioTarget('wasm epoch vs native reference', 'native-ref', 1.0);
  ratioTarget('wasm epoch vs project native', 'native-core', 0.8);
  ratioTarget('wasm epoch vs plain JS', 'js', 2);
  ratioTarget('wasm epoch vs TensorFlow.js', 'tfjs', 20);
  for (const c of cases) {
    if (!((c.n === 100000 && c.d === 64 && c.batch_size === 256) || (c.n === 200000 && c.d === 256 && c.batch_size === 256))) continue;
    const wasm = get(c, 'wasm-epoch');
    if (!wasm) continue;
    const f = boundSeconds(c) / wasm.secondsPerEpoch;
    const rb = rowsBoundSeconds(c);
    out.push({ name: `wasm epoch vs memory bound (${c.n}, ${c.d}, ${c.batch_size})`, figure: `${fmt.x(f)} of the bound (need >= 0.5)` + (rb ? `; ${fmt.x(rb / wasm.secondsPerEpoch)} of the shuffled-row bound` : '') + variants(c, (v) => fmt.x(boundSeconds(c) / v.secondsPerEpoch)), met: f >= 0.5, ratio: f, kind: 'bound', c });
  }
  const small = cases.find((c) => c.n === 1000 && c.d === 2 && c.batch_size === 32);
  if (small && get(small, 'wasm-page') && get(small, 'wasm-step')) {
    const r = get(small, 'wasm-page').secondsPerEpoch / get(small, 'wasm-step').secondsPerEpoch;
    out.push({ name: 'page path (step + state) vs bare step (1000, 2, 32)', figure: `${fmt.x(r)}x the bare step (need <= 1.25x)`, met: r <= 1.25, ratio: r, kind: 'page', c: small });
  }
  return out;
}

// Where the time goes for a missed target, from this run's figures (the native core's parts timed
// alone, the reference's shuffle) and what would close it (bench/NOTES.md has the profiles).
function explain(t) {
  const c = t.c;
  const wasm = get(c, 'wasm-epoch');
  const core = get(c, 'native-core');
  const ref = get(c, 'native-ref');
  const bd = core && core.breakdown && core.breakdown.shuffle_seconds !== undefined ? core.breakdown : null;
  const ms = (x) => `${fmt.ms(x)} ms`;
  const parts = bd
    ? `the native core's ${ms(core.secondsPerEpoch)} epoch is the shuffle ${ms(bd.shuffle_seconds)} and the minibatch steps ${ms(Math.max(0, core.secondsPerEpoch - bd.shuffle_seconds))} (its end-of-epoch loss over the training set, ${ms(bd.epoch_loss_seconds)}, is computed only when a record is read: not in these epochs)`
    : '';
  const refParts = ref && ref.breakdown && ref.breakdown.shuffle_seconds !== undefined
    ? `; the reference's ${ms(ref.secondsPerEpoch)} is std::shuffle ${ms(ref.breakdown.shuffle_seconds)} and its steps ${ms(Math.max(0, ref.secondsPerEpoch - ref.breakdown.shuffle_seconds))}, with no loss pass`
    : '';
  const wasmVsCore = wasm && core ? `the wasm epoch takes ${fmt.x(wasm.secondsPerEpoch / core.secondsPerEpoch)}x the native core's` : '';
  switch (t.kind) {
    case 'native-ref':
      return `${parts}${refParts}; ${wasmVsCore}. Both make one pass of minibatch steps per epoch now (the core's epoch loss waits until it is read); the core's shuffle is its own Fisher-Yates on mt19937_64, kept bit-identical to the replay. ` +
        'Forward and gradient are fused per group of 8 rows (bench/README.md, session 8), and the shuffle\'s mt19937_64 renews its state in blocks (session 9); at d = 2 what is left is the shuffle\'s random swaps and the bookkeeping of each minibatch (its rows, labels and record). Closing it: wasm code as fast as the native core (see the next target).';
    case 'native-core':
      return `${wasmVsCore} (${parts || 'no breakdown'}). In wasm the same kernels run on 128-bit SIMD (two doubles) with bounds-checked linear memory, and the shuffle's random swaps cost more than natively (its mt19937_64 renews its state in blocks in both builds since session 9); ` +
        'profile of the native core at (100000, 2, 32) (perf, session 8): the shuffle 40% (mt19937_64 24%, the swaps 15%), the fused forward and gradient 24% (and 4% prefetching the rows), gathering the minibatch\'s rows and labels 12%, the update and the step\'s record 7%. Fusing forward and gradient (session 8) sped up the native build more than wasm.';
    case 'js':
      return `${wasmVsCore}; plain JavaScript uses Math.random for its shuffle. At this size the whole epoch is a few microseconds, dominated by the shuffle and per-minibatch bookkeeping (the record of every step kept for the page). Closing it: the same as for the reference.`;
    case 'tfjs':
      return 'TensorFlow.js spends most of each minibatch in tf.gather and the dispatch of its wasm kernels (float32, so it moves half the bytes); ' +
        (parts ? parts + ', and the wasm epoch is close to it' : 'no breakdown') + '. Forward and gradient are fused per group of 8 rows (session 8).';
    case 'bound': {
      const rb = rowsBoundSeconds(c);
      return `the bound assumes one streaming read of X; an epoch reads the rows in a shuffled order, and this machine reads shuffled rows of this size at ${c.rowsBandwidth ? c.rowsBandwidth.gb_per_s_best.toFixed(1) : '?'} GB/s (${rb ? ms(rb) : '?'} per epoch, ${rb ? fmt.x(boundSeconds(c) / rb) : '?'} of the bound at best); ` +
        `each minibatch's rows are read once (forward and gradient fused per group of 8 rows, session 8); ${parts}. ` +
        (rb && boundSeconds(c) / rb < 0.5 ? '0.5 of the streaming bound is out of reach for any shuffled epoch on this machine at this row size.' : 'At the shuffled-row rate, 0.5 of the streaming bound would be within reach only if the arithmetic overlapped the row fetches entirely.');
    }
    case 'page':
      return 'what remains above the step is state(): one call into wasm and three small copies; the step itself now costs mostly its four 32-element typed arrays (V8 allocates arrays over 64 bytes outside its heap, about 0.3-0.5 us each).';
    default:
      return '';
  }
}

let bestBandwidth = 0;  // GB/s, the best streaming read over the whole run
const boundSeconds = (c) => xBytes(c) / (bestBandwidth * 1e9);
// The same bound at the rate this machine reads shuffled rows of that size (null: X fits in cache).
const rowsBoundSeconds = (c) => (c.rowsBandwidth ? xBytes(c) / (c.rowsBandwidth.gb_per_s_best * 1e9) : null);
const caseName = (c) => `(${c.n}, ${c.d}, ${c.batch_size})`;

function report(run, opts) {
  const m = run.machine;
  const lines = [];
  const p = (s = '') => lines.push(s);
  const args = run.args.join(' ');
  p(`# Benchmark results${opts.quick ? ' (quick mode: one run per peer, smallest case only; no conclusions)' : ''}`);
  p();
  p(`Written by \`bash bench/run.sh${args ? ' ' + args : ''}\` on ${run.started} (git ${m.git}), in ${(run.seconds / 60).toFixed(1)} minutes.`);
  p();
  p('## Machine');
  p();
  p(`- CPU: ${m.cpu}; ${m.cache}; ${m.memory} RAM; ${m.os}`);
  p(`- Compilers and runtimes: ${m.gxx}; ${m.emcc}; Node ${m.node}; Eigen ${m.eigen}; TensorFlow.js ${m.tfjs}`);
  const loads = [run.loadStart, ...run.cases.map((c) => c.loadBefore), run.loadEnd];
  const busy = Math.max(...loads) > 0.7;
  p(`- Load average (1 min) at the start, before each case and at the end: ${loads.map((l) => l.toFixed(2)).join(', ')}` +
    (busy ? ' (the machine was not idle: other processes ran during the benchmark, so absolute figures are noisy; the peers were interleaved, so ratios are less affected)' : ''));
  p(`- Single-thread memory bandwidth, streaming read of 512 MiB (best of 7, before each case): ${run.cases.map((c) => c.bandwidth.gb_per_s_best.toFixed(1)).join(', ')} GB/s; the bound uses the best, ${bestBandwidth.toFixed(1)} GB/s`);
  const withRows = run.cases.filter((c) => c.rowsBandwidth);
  if (withRows.length) {
    p(`- Shuffled rows (the rows of an X of the case's size read in a random order, natively, with software prefetch; best of 3): ${withRows.map((c) => `${c.rowsBandwidth.gb_per_s_best.toFixed(1)} GB/s for ${c.d * 8}-byte rows of ${caseName(c)}`).join('; ')}`);
  }
  p();
  p('## Method');
  p();
  p(`Every peer trains the same problem: y = Xw + b + ${NOISE} N(0,1), X ~ N(0,1), b = ${TRUE_B}, w = [2, -3.4] for d = 2 (the book's) and fixed values in [-2, 2] otherwise; lr = ${LR}; minibatch SGD on the squared loss, the training set reshuffled every epoch, the short last batch kept, float64 (TensorFlow.js: float32, it has no float64). Each peer runs in its own process and generates its own data (not timed). After ${opts.quick ? 'a warm-up' : 'a warm-up and a calibration'}, each peer runs ${opts.reps} timed run(s) of whole epochs (about ${opts.seconds} s each), the peers interleaved round by round; the figures are medians. A peer's time counts only if it reached the true parameters (max error over w and b < ${TOLERANCE}). The bound is one read of X per epoch (num_train x d x 8 bytes) at the streaming bandwidth; "of bound" is bound time / epoch time. The project's core (wasm and native) records the loss over the whole training set at the end of every epoch, computed when the record is read (a second read of X then): the timed epochs read none, and the waiting epochs' parameters are settled (one pass each) only when they reach 2^17 values, in whichever run that falls; the other peers only train. num_val = 0 (no validation set).`);
  p();
  p('## Results');
  p();
  p('Milliseconds per epoch (median), and in brackets the wasm module\'s trainer.epoch() speed-up over the peer (peer time / wasm time).');
  p();
  p(`| peer | ${run.cases.map(caseName).join(' | ')} |`);
  p(`|---|${run.cases.map(() => '---:').join('|')}|`);
  const ids = [];
  for (const c of run.cases) for (const r of c.results) if (!ids.includes(r.peer.id)) ids.push(r.peer.id);
  for (const id of ids) {
    const label = run.cases.flatMap((c) => c.results).find((r) => r.peer.id === id).peer.label;
    const cells = run.cases.map((c) => {
      const r = c.results.find((x) => x.peer.id === id);
      const wasm = get(c, 'wasm-epoch');
      if (!r) return '';
      if (r.failure) return 'failed';
      const t = fmt.ms(r.secondsPerEpoch) + (r.converged ? '' : ' (no conv.)');
      return wasm && id !== 'wasm-epoch' ? `${t} (${fmt.x(r.secondsPerEpoch / wasm.secondsPerEpoch)}x)` : t;
    });
    p(`| ${label} | ${cells.join(' | ')} |`);
  }
  p(`| memory bound: one streaming read of X | ${run.cases.map((c) => fmt.ms(boundSeconds(c))).join(' | ')} |`);
  p(`| one read of X as shuffled rows (native, prefetching) | ${run.cases.map((c) => (rowsBoundSeconds(c) ? fmt.ms(rowsBoundSeconds(c)) : 'in cache')).join(' | ')} |`);
  p();
  for (const c of run.cases) {
    const wasm = get(c, 'wasm-epoch');
    const rb = rowsBoundSeconds(c);
    p(`### num_train = ${c.n}, d = ${c.d}, batch_size = ${c.batch_size}`);
    p();
    p(`${Math.ceil(c.n / c.batch_size)} minibatches per epoch; X is ${(xBytes(c) / 1e6).toFixed(1)} MB; bound ${fmt.ms(boundSeconds(c))} ms per epoch at ${bestBandwidth.toFixed(1)} GB/s` +
      (rb ? `; ${fmt.ms(rb)} ms at the shuffled-row rate (${c.rowsBandwidth.gb_per_s_best.toFixed(1)} GB/s)` : '') + '.');
    p();
    const core = get(c, 'native-core');
    const ref = get(c, 'native-ref');
    if (core && core.breakdown && core.breakdown.shuffle_seconds !== undefined) {
      const bd = core.breakdown;
      const rest = core.secondsPerEpoch - bd.shuffle_seconds;
      p(`Where the native core's epoch goes (parts timed alone): the shuffle ${fmt.ms(bd.shuffle_seconds)} ms, the minibatch steps the remaining ${fmt.ms(Math.max(0, rest))} ms; the end-of-epoch loss over the training set, ${fmt.ms(bd.epoch_loss_seconds)} ms, when a record is read` +
        (ref && ref.breakdown && ref.breakdown.shuffle_seconds !== undefined ? `; the reference's std::shuffle takes ${fmt.ms(ref.breakdown.shuffle_seconds)} ms and its minibatch steps ${fmt.ms(Math.max(0, ref.secondsPerEpoch - ref.breakdown.shuffle_seconds))} ms.` : '.'));
      p();
    }
    p(`| peer | ms per epoch | examples/s | wasm speed-up | of bound |${rb ? ' of shuffled-row bound |' : ''} runs (min .. max ms) | error w, b |`);
    p(`|---|---:|---:|---:|---:|${rb ? '---:|' : ''}---|---|`);
    for (const r of c.results) {
      if (r.failure) {
        p(`| ${r.peer.label} | failed | | | |${rb ? ' |' : ''} | ${r.failure.split('\n')[0].slice(0, 160).replace(/\|/g, '/')} |`);
        continue;
      }
      const mark = r.converged ? '' : ' (did not converge: does not count)';
      const speedup = wasm ? fmt.x(r.secondsPerEpoch / wasm.secondsPerEpoch) + 'x' : '';
      p(`| ${r.peer.label}${mark} | ${fmt.ms(r.secondsPerEpoch)} | ${fmt.rate(r.examplesPerSecond)} | ${speedup} | ${fmt.x(boundSeconds(c) / r.secondsPerEpoch)} |` +
        (rb ? ` ${fmt.x(rb / r.secondsPerEpoch)} |` : '') +
        ` ${r.perEpoch.length} (${fmt.ms(Math.min(...r.perEpoch))} .. ${fmt.ms(Math.max(...r.perEpoch))}) | ${r.errorW.toExponential(1)}, ${r.errorB.toExponential(1)} |`);
    }
    p();
  }
  return { text: lines.join('\n'), targets: targets(run.cases) };
}

// The last section of the report: every target of the issue with this run's figure, met or
// missed, and for a missed one where the time goes and what would close it.
function targetsSection(ts, opts) {
  const lines = ['## Targets', ''];
  if (opts.quick) lines.push('Quick mode: the figures only, no verdicts (one short run is no measurement).', '');
  lines.push('| target | this run | verdict |', '|---|---|---|');
  for (const t of ts) {
    const verdict = opts.quick ? '' : t.met === null ? 'not measured' : t.met ? 'met' : '**missed**';
    lines.push(`| ${t.name} | ${t.figure.replace(/\|/g, '/')} | ${verdict} |`);
  }
  lines.push('| the page in headless Chromium (cold load, download size, 60 steps/s animation, 10^6 x 16 in a worker) | see the page section (bench/page.js) | |');
  const missed = ts.filter((t) => t.met === false);
  if (!opts.quick && missed.length) {
    lines.push('', '### Where the time goes in the missed targets', '');
    for (const t of missed) lines.push(`- **${t.name}** (${t.figure.split(';')[0]}): ${explain(t)}`);
  }
  lines.push('');
  return lines.join('\n');
}

// ---- Main ----------------------------------------------------------------------------------------

function writeReport(run, opts) {
  bestBandwidth = Math.max(...run.cases.map((c) => c.bandwidth.gb_per_s_best));
  const { text, targets: ts } = report(run, opts);
  let extra = '';
  const notesFile = path.join(BENCH, 'NOTES.md');
  if (!opts.quick && fs.existsSync(notesFile)) extra = '\n' + fs.readFileSync(notesFile, 'utf8');
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, text + '\n' + extra + '\n' + targetsSection(ts, opts));
  process.stdout.write(text + '\n');
  log(`report: ${path.relative(process.cwd(), opts.out)}`);
  return ts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.reportFrom) {
    const run = JSON.parse(fs.readFileSync(opts.reportFrom, 'utf8'));
    Object.assign(opts, run.opts);
    writeReport(run, opts);
    return;
  }
  for (const peer of opts.peers) {
    if (!fs.existsSync(peer.cmd[0])) throw new Error(`${peer.cmd[0]} is missing: build with bash bench/run.sh`);
  }
  const t0 = Date.now();
  const run = {
    started: new Date().toISOString(),
    args: process.argv.slice(2),
    opts: { quick: opts.quick, reps: opts.reps, seconds: opts.seconds },
    loadStart: os.loadavg()[0],
    machine: machine(),
    cases: [],
  };
  let seed = 1;
  for (const c of opts.cases) {
    const loadBefore = os.loadavg()[0];
    const result = await runCase(c, opts, seed++);
    result.loadBefore = loadBefore;
    bestBandwidth = Math.max(bestBandwidth, result.bandwidth.gb_per_s_best);
    // Only what the report needs (the raw results can render it again, see --report-from).
    result.results = result.results.map((r) => ({ ...r, peer: { id: r.peer.id, label: r.peer.label } }));
    run.cases.push(result);
  }
  run.loadEnd = os.loadavg()[0];
  run.seconds = (Date.now() - t0) / 1e3;
  fs.mkdirSync(path.join(BENCH, 'out'), { recursive: true });
  fs.writeFileSync(path.join(BENCH, 'out', opts.quick ? 'quick.json' : 'results.json'), JSON.stringify(run, null, 1));
  writeReport(run, opts);
  const failed = run.cases.flatMap((c) => c.results.filter((r) => r.failure || !r.converged).map((r) => `${r.peer.id} on (${c.n}, ${c.d}, ${c.batch_size})`));
  if (failed.length) {
    log(`FAILED or did not converge: ${failed.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  log(`bench: ${e.stack || e}`);
  process.exit(1);
});
