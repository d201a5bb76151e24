#!/usr/bin/env python3
"""Replays exported runs of the linreg CLI step by step in plain Python and compares.

    python3 tests/replay/replay_test.py path/to/linreg

For each configuration below it runs `linreg --export-run FILE`, then, independently of the C++
code (plain Python floats, no NumPy):

  * regenerates the data, the initial weights and every epoch's shuffled order from the seed
    (mt19937_64, splitmix64 stream seeds, Marsaglia's polar method with math.log, Fisher-Yates)
    and compares them with the exported data, initial parameters and minibatch indices (the
    initial parameters are the config's init_w and init_b instead when it has them);
  * replays every minibatch from the exported data, initial parameters and each step's indices and
    learning rate: predictions, loss (mean of (y_hat - y)^2 / 2, or the absolute or Huber loss),
    gradient, clipping by the global norm, the SGD update, and the train/validation losses at the
    end of every epoch (also for the exercises' options: an outlier label, the sorted or generated
    order, drop_last, and Ohm's-law data);
  * replays the simulated bugs (--bug) with each bug's own rule (docs/bugs.md): the gradients
    summed over the steps, the summed loss, the broadcast loss, the first minibatch at every step,
    ascent, the batch_size divisor, the double average, the bias left out;
  * requires every number to match the export to 1e-12 (absolute or relative).

The replayed parameters are carried from step to step (never reloaded from the export), so an
error anywhere shows up in every later step. A self-check perturbs exported values and requires
the comparison to notice. Exits 1 on any mismatch.
"""

import copy
import json
import math
import os
import subprocess
import sys
import tempfile

TOL = 1e-12
MASK64 = (1 << 64) - 1


# --- randomness, as specified in cpp/random.hpp, written from the definitions ----------------

class MT19937_64:
    """The 64-bit Mersenne Twister (C++ std::mt19937_64) with its standard seeding."""

    N, M = 312, 156
    MATRIX_A = 0xB5026F5AA96619E9
    UPPER, LOWER = 0xFFFFFFFF80000000, 0x7FFFFFFF

    def __init__(self, seed):
        mt = [0] * self.N
        mt[0] = seed & MASK64
        for i in range(1, self.N):
            mt[i] = (6364136223846793005 * (mt[i - 1] ^ (mt[i - 1] >> 62)) + i) & MASK64
        self.mt, self.index = mt, self.N

    def _twist(self):
        mt, n, m = self.mt, self.N, self.M
        for i in range(n):
            x = (mt[i] & self.UPPER) | (mt[(i + 1) % n] & self.LOWER)
            xa = x >> 1
            if x & 1:
                xa ^= self.MATRIX_A
            mt[i] = mt[(i + m) % n] ^ xa
        self.index = 0

    def next(self):
        if self.index >= self.N:
            self._twist()
        x = self.mt[self.index]
        self.index += 1
        x ^= (x >> 29) & 0x5555555555555555
        x ^= (x << 17) & 0x71D67FFFEDA60000
        x ^= (x << 37) & 0xFFF7EEE000000000
        x ^= x >> 43
        return x & MASK64


class Rng:
    def __init__(self, seed):
        self.engine = MT19937_64(seed)
        self.spare = None

    def uniform(self):
        return float(self.engine.next() >> 11) / 9007199254740992.0

    def normal(self):
        if self.spare is not None:
            x, self.spare = self.spare, None
            return x
        while True:
            u = 2.0 * self.uniform() - 1.0
            v = 2.0 * self.uniform() - 1.0
            s = u * u + v * v
            if 0.0 < s < 1.0:
                break
        factor = math.sqrt(-2.0 * math.log(s) / s)  # libm's log, not the C++ portable_log
        self.spare = v * factor
        return u * factor

    def shuffle(self, items):
        # Fisher-Yates with Lemire's bounded integers on 32-bit halves: each 64-bit draw gives its
        # low half, then its high half; x in [0, 2^32) maps to (x * i) >> 32, and x is drawn again
        # while (x * i) mod 2^32 < 2^32 mod i. The shuffle starts on a new draw and drops a spare half.
        halves = []

        def next32():
            if not halves:
                r = self.engine.next()
                halves.extend([r >> 32, r & 0xFFFFFFFF])  # popped from the end: low half first
            return halves.pop()

        for i in range(len(items), 1, -1):
            threshold = ((1 << 32) - i) % i
            while True:
                product = next32() * i
                if (product & 0xFFFFFFFF) >= threshold:
                    break
            j = product >> 32
            items[i - 1], items[j] = items[j], items[i - 1]


STREAM_DATA, STREAM_INIT, STREAM_SHUFFLE = 1, 2, 3


def make_rng(seed, stream):
    z = (seed + 0x9E3779B97F4A7C15 * (stream + 1)) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return Rng(z ^ (z >> 31))


def self_test_mt():
    # The C++ standard's check value: the 10000th output of mt19937_64 with the default seed.
    e = MT19937_64(5489)
    for _ in range(9999):
        e.next()
    assert e.next() == 9981545732273789042, "MT19937_64 reference implementation is wrong"


# --- comparison --------------------------------------------------------------------------

class Checker:
    def __init__(self, name):
        self.name = name
        self.errors = []
        self.compared = 0
        self.identical = 0
        self.max_abs = 0.0
        self.max_rel = 0.0

    def fail(self, what):
        if len(self.errors) < 20:
            self.errors.append(what)
        else:
            self.errors.append(None)

    def num(self, what, expected, actual):
        """expected: our replay (may be non-finite); actual: the export (None for non-finite)."""
        self.compared += 1
        if expected is None or not math.isfinite(expected):
            if actual is not None:
                self.fail(f"{what}: replay gives {expected}, export has {actual!r} (expected null)")
            return
        if not isinstance(actual, (int, float)) or isinstance(actual, bool):
            self.fail(f"{what}: replay gives {expected!r}, export has {actual!r}")
            return
        diff = abs(expected - actual)
        if diff == 0:
            self.identical += 1
        rel = diff / abs(actual) if actual != 0 else (0.0 if diff == 0 else math.inf)
        self.max_abs = max(self.max_abs, diff)
        if diff > TOL:
            self.max_rel = max(self.max_rel, rel)
        if diff > TOL and rel > TOL:
            self.fail(f"{what}: replay {expected!r} vs export {actual!r} (abs {diff:.3g}, rel {rel:.3g})")

    def vec(self, what, expected, actual):
        if not isinstance(actual, list) or len(actual) != len(expected):
            self.fail(f"{what}: length {len(expected)} expected, export has {actual!r:.80}")
            return
        for k, (e, a) in enumerate(zip(expected, actual)):
            self.num(f"{what}[{k}]", e, a)

    def equal(self, what, expected, actual):
        self.compared += 1
        if expected != actual:
            self.fail(f"{what}: expected {expected!r:.200}, export has {actual!r:.200}")


# --- the replay --------------------------------------------------------------------------

def loss_value(cfg, r):
    """One example's loss at residual r: squared (the book's), absolute or Huber's."""
    kind = cfg.get("loss", "squared")
    if kind == "absolute":
        return abs(r)
    if kind == "huber":
        delta = cfg["huber_delta"]
        return r * r / 2.0 if abs(r) <= delta else delta * (abs(r) - delta / 2.0)
    return r * r / 2.0


def loss_derivative(cfg, r):
    kind = cfg.get("loss", "squared")
    if kind == "absolute":
        return 1.0 if r > 0 else -1.0 if r < 0 else 0.0
    if kind == "huber":
        delta = cfg["huber_delta"]
        return delta if r > delta else -delta if r < -delta else r
    return r


def mean_loss(X, y, w, b, cfg=None):
    if not y:
        return math.nan
    total = 0.0
    for xi, yi in zip(X, y):
        dot = 0.0
        for xij, wj in zip(xi, w):
            dot += xij * wj
        r = (dot + b) - yi
        total += loss_value(cfg or {}, r)
    return total / len(y)


def true_params(cfg):
    """The generating (w, b): the config's, or Ohm's law's w = [1 / resistance], b = 0."""
    if cfg.get("dataset", "synthetic") == "ohm":
        return [1.0 / cfg["resistance"]], 0.0
    return cfg["w"], cfg["b"]


def num_batches_of(cfg):
    n, m = cfg["num_train"], cfg["batch_size"]
    return n // m if cfg.get("drop_last", False) else (n + m - 1) // m


def check_generation(run, chk):
    """Regenerates data, initial weights from the seed; returns the shuffle-order generator."""
    cfg = run["config"]
    (w_true, b_true), noise = true_params(cfg), cfg["noise"]
    d, n_train, n_val = len(w_true), cfg["num_train"], cfg["num_val"]
    chk.vec("true_params.w", w_true, run["true_params"]["w"])
    chk.num("true_params.b", b_true, run["true_params"]["b"])

    rng = make_rng(cfg["seed"], STREAM_DATA)
    n = n_train + n_val
    if cfg.get("dataset", "synthetic") == "ohm":  # voltages U ~ Uniform(0, 10)
        X = [[10.0 * rng.uniform()] for _ in range(n)]
    else:
        X = [[rng.normal() for _ in range(d)] for _ in range(n)]
    y = []
    for i in range(n):
        dot = 0.0
        for j in range(d):
            dot += X[i][j] * w_true[j]
        y.append(dot + b_true + noise * rng.normal())
    if cfg.get("outlier"):  # one training label replaced
        y[cfg["outlier"]["index"]] = float(cfg["outlier"]["value"])
    data = run["data"]
    if len(data["X_train"]) != n_train or len(data["X_val"]) != n_val:
        chk.fail(f"data sizes {len(data['X_train'])}/{len(data['X_val'])}, expected {n_train}/{n_val}")
        return
    for i in range(n_train):
        chk.vec(f"data.X_train[{i}]", X[i], data["X_train"][i])
    for i in range(n_val):
        chk.vec(f"data.X_val[{i}]", X[n_train + i], data["X_val"][i])
    chk.vec("data.y_train", y[:n_train], data["y_train"])
    chk.vec("data.y_val", y[n_train:], data["y_val"])

    # The book's initialization: w ~ normal(0, sigma), b = 0; the override (config init_w, init_b)
    # replaces them when given (the draws are made all the same, from their own stream).
    init = make_rng(cfg["seed"], STREAM_INIT)
    draws = [cfg["sigma"] * init.normal() for _ in range(d)]
    w0 = [float(v) for v in cfg["init_w"]] if cfg.get("init_w") is not None else draws
    b0 = float(cfg["init_b"]) if cfg.get("init_b") is not None else 0.0
    chk.vec("initial_params.w", w0, run["initial_params"]["w"])
    chk.num("initial_params.b", b0, run["initial_params"]["b"])


def replay(run, chk):
    cfg = run["config"]
    data = run["data"]
    X, y, Xv, yv = data["X_train"], data["y_train"], data["X_val"], data["y_val"]
    n, m_max, clip = cfg["num_train"], cfg["batch_size"], cfg["gradient_clip_val"]
    num_batches = num_batches_of(cfg)
    order_kind = cfg.get("order", "shuffle" if cfg["shuffle"] else "generated")
    w = [float(v) for v in run["initial_params"]["w"]]
    b = float(run["initial_params"]["b"])
    d = len(w)
    shuffle_rng = make_rng(cfg["seed"], STREAM_SHUFFLE)
    steps, epochs = run["steps"], run["epochs"]
    stats = {"clipped": 0, "steps": 0, "epochs": 0}
    diverged_step = None
    order = []
    bug = cfg.get("bug", "none")
    grad_sum_w, grad_sum_b = [0.0] * d, 0.0
    first_batch = []

    for s_index, st in enumerate(steps):
        step = s_index + 1
        epoch, batch = divmod(s_index, num_batches)
        chk.equal(f"step {step}: numbering", (step, epoch, batch), (st["step"], st["epoch"], st["batch"]))
        if batch == 0:
            order = list(range(n))
            if order_kind == "shuffle":
                shuffle_rng.shuffle(order)
            elif order_kind == "sorted":  # by label, ties in generated order (a stable sort)
                order.sort(key=lambda i: y[i])
        expected_indices = order[batch * m_max:(batch + 1) * m_max]
        if bug == "same_batch":  # the run's first minibatch at every step
            if step == 1:
                first_batch = expected_indices
            expected_indices = first_batch
        idx = st["indices"]
        chk.equal(f"step {step}: indices", expected_indices, idx)
        lr = st["lr"]
        chk.equal(f"step {step}: lr", cfg["lr"], lr)

        # forward, loss, backward: from the export's data and this step's indices and lr
        m = len(idx)
        residual, y_hat, labels = [], [], []
        loss_sum = 0.0
        for i in idx:
            dot = 0.0
            for j in range(d):
                dot += X[i][j] * w[j]
            r = (dot + b) - y[i]
            residual.append(r)
            y_hat.append(dot + b)
            labels.append(y[i])
            loss_sum += loss_value(cfg, r)
        # the bug's loss and the divisor of its gradient (docs/bugs.md)
        divisor = m
        psis = [loss_derivative(cfg, r) for r in residual]  # the residual itself for the squared loss
        if bug == "sum_loss":  # l.sum(): no division
            loss, divisor = loss_sum, 1
        elif bug == "short_batch_divisor":  # divided by batch_size, also for a short batch
            loss, divisor = loss_sum / m_max, m_max
        elif bug == "shape_broadcast":  # the mean over the m x m matrix of y_hat_i - y_j
            ybar = 0.0
            for v in labels:
                ybar += v
            ybar /= m
            pred = label = 0.0
            for p in y_hat:
                pred += (p - ybar) * (p - ybar) / 2.0
            for v in labels:
                label += (v - ybar) * (v - ybar) / 2.0
            loss = (pred + label) / m
            psis = [p - ybar for p in y_hat]
        else:
            loss = loss_sum / m
        gw = [0.0] * d
        gb = 0.0
        for i, psi in zip(idx, psis):
            for j in range(d):
                gw[j] += psi * X[i][j]
            gb += psi
        gw = [g / divisor for g in gw]
        gb = gb / divisor
        if bug == "no_zero_grad":  # .grad accumulates: the sum of every gradient so far
            gw = [a + g for a, g in zip(grad_sum_w, gw)]
            gb = grad_sum_b + gb
        sq = 0.0
        for g in gw:
            sq += g * g
        sq += gb * gb
        norm = math.sqrt(sq)
        clipped = clip > 0 and norm > clip
        if clipped:
            scale = clip / norm
            gw = [g * scale for g in gw]
            gb = gb * scale
            stats["clipped"] += 1
        if bug == "no_zero_grad":  # clipping scaled .grad in place
            grad_sum_w, grad_sum_b = gw, gb
        finite = math.isfinite(loss) and all(math.isfinite(g) for g in gw) and math.isfinite(gb)
        if finite:  # the SGD update, or the bug's
            if bug == "ascent":
                w = [wj + lr * g for wj, g in zip(w, gw)]
                b = b + lr * gb
            elif bug == "double_mean":
                w = [wj - lr * g / m_max for wj, g in zip(w, gw)]
                b = b - lr * gb / m_max
            elif bug == "frozen_bias":
                w = [wj - lr * g for wj, g in zip(w, gw)]
            else:
                w = [wj - lr * g for wj, g in zip(w, gw)]
                b = b - lr * gb

        chk.num(f"step {step}: loss", loss, st["loss"])
        chk.vec(f"step {step}: grad_w", gw, st["grad_w"])
        chk.num(f"step {step}: grad_b", gb, st["grad_b"])
        chk.num(f"step {step}: grad_norm", norm, st["grad_norm"])
        chk.equal(f"step {step}: clipped", clipped, st["clipped"])
        chk.vec(f"step {step}: w", w, st["w"])
        chk.num(f"step {step}: b", b, st["b"])
        stats["steps"] += 1

        if not finite or not all(math.isfinite(v) for v in w) or not math.isfinite(b):
            diverged_step = step
            if step != len(steps):
                chk.fail(f"diverged at step {step}, but the export goes on to step {len(steps)}")
            break
        if batch == num_batches - 1:  # end of an epoch: evaluate on the whole sets
            e = epoch
            if e >= len(epochs):
                chk.fail(f"epoch {e + 1} is missing from the export")
                continue
            chk.equal(f"epoch {e + 1}: number", e + 1, epochs[e]["epoch"])
            chk.num(f"epoch {e + 1}: train_loss", mean_loss(X, y, w, b, cfg), epochs[e]["train_loss"])
            chk.num(f"epoch {e + 1}: val_loss", mean_loss(Xv, yv, w, b, cfg), epochs[e]["val_loss"])
            stats["epochs"] += 1

    if diverged_step is None:
        chk.equal("number of steps", cfg["max_epochs"] * num_batches, len(steps))
    chk.equal("number of epochs", stats["epochs"], len(epochs))
    final = run["final"]
    chk.equal("final.diverged_step", diverged_step, final["diverged_step"])
    chk.vec("final.w", w, final["w"])
    chk.num("final.b", b, final["b"])
    w_true, b_true = true_params(cfg)
    chk.vec("final.error_w", [t - v for t, v in zip(w_true, w)], final["error_w"])
    chk.num("final.error_b", b_true - b, final["error_b"])
    return stats, diverged_step


def check_run(run, name):
    chk = Checker(name)
    if run.get("format") != "d2l-linreg-run" or run.get("version") != 1:
        chk.fail(f"format/version: {run.get('format')!r} {run.get('version')!r}")
    for key in ("format", "version", "config", "true_params", "data", "initial_params", "steps", "epochs", "final"):
        if key not in run:
            chk.fail(f"missing key {key!r}")
    if chk.errors:
        return chk, {}, None
    check_generation(run, chk)
    stats, diverged = replay(run, chk)
    return chk, stats, diverged


# --- the configurations --------------------------------------------------------------------

CASES = [
    # name, CLI arguments, expected exit status, extra expectations
    ("book (default, full run)", [], 0, {}),
    ("book-v1 (first edition)", ["--preset", "book-v1"], 0, {}),
    ("d=1", ["--w", "[1.5]", "--b", "-0.5", "--noise", "0.2", "--num-train", "200", "--num-val", "50",
             "--batch-size", "16", "--seed", "3"], 0, {}),
    ("d=5, 203 = 10*20 + 3", ["--w", "[1,-2,0.5,3,-1]", "--num-train", "203", "--num-val", "40",
                              "--batch-size", "20", "--noise", "0.1", "--seed", "11", "--sigma", "0.5"], 0, {}),
    ("gradient clipping", ["--gradient-clip-val", "1.0", "--lr", "0.1", "--num-train", "300", "--num-val", "60",
                           "--max-epochs", "10", "--seed", "2"], 0, {"some_clipped": True}),
    ("shuffle off", ["--no-shuffle", "--num-train", "150", "--num-val", "30", "--batch-size", "32",
                     "--max-epochs", "2", "--seed", "4"], 0, {}),
    ("seed 1", ["--seed", "1", "--num-train", "120", "--num-val", "30", "--batch-size", "7"], 0, {}),
    ("seed 42, batch 1", ["--seed", "42", "--num-train", "40", "--num-val", "10", "--batch-size", "1",
                          "--max-epochs", "2"], 0, {}),
    ("seed 2^53-1, batch > n", ["--seed", "9007199254740991", "--num-train", "50", "--num-val", "5",
                                "--batch-size", "64", "--max-epochs", "5", "--lr", "0.3"], 0, {}),
    ("diverging (lr 100)", ["--lr", "100", "--num-train", "200", "--num-val", "20", "--max-epochs", "30"], 1,
     {"diverges": True}),
    # The exercises' options: losses, the outlier y_5 = 10000, orders, drop_last, Ohm's law.
    ("absolute loss, outlier y_5 = 10000", ["--loss", "absolute", "--outlier", '{"index": 5, "value": 10000}',
                                            "--num-train", "200", "--num-val", "30", "--max-epochs", "4"], 0, {}),
    ("Huber loss (delta 0.5), outlier", ["--loss", "huber", "--huber-delta", "0.5", "--outlier",
                                         '{"index": 5, "value": 10000}', "--num-train", "150", "--num-val", "20",
                                         "--noise", "1", "--max-epochs", "4", "--seed", "8"], 0, {}),
    ("squared loss, outlier", ["--outlier", '{"index": 3, "value": -500}', "--num-train", "100", "--num-val", "10",
                               "--batch-size", "10", "--max-epochs", "2"], 0, {}),
    ("sorted by label, drop_last", ["--order", "sorted", "--drop-last", "--num-train", "110", "--num-val", "10",
                                    "--batch-size", "32", "--max-epochs", "3", "--seed", "5"], 0, {}),
    ("generated order, drop_last, batch 7", ["--order", "generated", "--drop-last", "--num-train", "50",
                                             "--num-val", "5", "--batch-size", "7", "--max-epochs", "2"], 0, {}),
    ("Ohm's law (R = 4.7)", ["--dataset", "ohm", "--resistance", "4.7", "--num-train", "200", "--num-val", "40",
                             "--max-epochs", "5", "--seed", "6"], 0, {}),
    # The initialization override: the run starts from init_w, init_b; data and order as without it.
    ("init override (init_w, init_b)", ["--init-w", "0.5,-1.5", "--init-b", "3", "--num-train", "120",
                                        "--num-val", "30", "--batch-size", "16", "--seed", "12"], 0, {"init": True}),
    ("init override, Ohm's law, init_w only", ["--dataset", "ohm", "--init-w", "[2]", "--num-train", "100",
                                               "--num-val", "20", "--lr", "0.01", "--max-epochs", "3"], 0,
     {"init": True}),
    # The simulated bugs (docs/bugs.md), each replayed with its own update rule.
    ("bug no_zero_grad", ["--bug", "no_zero_grad", "--num-train", "200", "--num-val", "20", "--max-epochs", "3",
                          "--lr", "0.01"], 0, {}),
    ("bug no_zero_grad, clipped", ["--bug", "no_zero_grad", "--gradient-clip-val", "12", "--num-train", "150",
                                   "--num-val", "20", "--max-epochs", "3", "--seed", "9"], 0, {"some_clipped": True}),
    ("bug sum_loss", ["--bug", "sum_loss", "--num-train", "203", "--num-val", "20", "--batch-size", "10",
                      "--max-epochs", "3", "--seed", "2"], 0, {}),
    ("bug sum_loss, Huber", ["--bug", "sum_loss", "--loss", "huber", "--num-train", "100", "--num-val", "10",
                             "--batch-size", "8", "--max-epochs", "2"], 0, {}),
    ("bug shape_broadcast", ["--bug", "shape_broadcast", "--num-train", "210", "--num-val", "20", "--max-epochs", "4",
                             "--seed", "3"], 0, {}),
    ("bug same_batch", ["--bug", "same_batch", "--num-train", "200", "--num-val", "20", "--max-epochs", "3",
                        "--seed", "4"], 0, {}),
    ("bug ascent (diverges)", ["--bug", "ascent", "--lr", "3", "--num-train", "200", "--num-val", "20",
                               "--max-epochs", "60"], 1, {"diverges": True}),
    ("bug short_batch_divisor", ["--bug", "short_batch_divisor", "--num-train", "203", "--num-val", "20",
                                 "--batch-size", "20", "--max-epochs", "3", "--seed", "5"], 0, {}),
    ("bug double_mean", ["--bug", "double_mean", "--num-train", "200", "--num-val", "20", "--max-epochs", "3"], 0, {}),
    ("bug frozen_bias", ["--bug", "frozen_bias", "--num-train", "200", "--num-val", "20", "--max-epochs", "3",
                         "--seed", "7"], 0, {}),
]


def cfg_init_w(run):
    return run["config"].get("init_w") or []


def export(linreg, args, expected_status, tmpdir, name):
    path = os.path.join(tmpdir, "run.json")
    proc = subprocess.run([linreg, *args, "--quiet", "--export-run", path],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    if proc.returncode != expected_status:
        raise RuntimeError(f"{name}: linreg exited {proc.returncode}, expected {expected_status}: {proc.stderr}")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def self_check(run, init_run):
    """The comparison must notice small corruptions of an export."""
    corruptions = []

    def param(r):
        r["steps"][5]["w"][0] *= 1 + 1e-9

    def late_param(r):
        r["steps"][-1]["b"] += 1e-10

    def indices(r):
        ix = r["steps"][2]["indices"]
        ix[0], ix[1] = ix[1], ix[0]

    def datum(r):
        r["data"]["X_train"][3][0] += 1e-9

    def lr(r):
        r["steps"][7]["lr"] *= 1.5

    def epoch_loss(r):
        r["epochs"][0]["train_loss"] *= 1 + 1e-9

    def initial(r):
        r["initial_params"]["w"][1] += 1e-11

    def init_override(r):  # the start is the config's, not whatever the export says
        r["initial_params"]["b"] += 1e-11

    def init_config(r):
        r["config"]["init_w"][0] *= 1 + 1e-9

    for corrupt, target in [(c, run) for c in (param, late_param, indices, datum, lr, epoch_loss, initial)] + [
            (c, init_run) for c in (init_override, init_config)]:
        if target is None:
            corruptions.append((f"{corrupt.__name__} (no export)", False))
            continue
        bad = copy.deepcopy(target)
        corrupt(bad)
        chk, _, _ = check_run(bad, corrupt.__name__)
        corruptions.append((corrupt.__name__, bool(chk.errors)))
    return corruptions


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    linreg = sys.argv[1]
    self_test_mt()
    failed = False
    total_steps = total_numbers = 0
    kept = init_kept = None
    with tempfile.TemporaryDirectory(prefix="linreg_replay_") as tmpdir:
        for name, args, status, expect in CASES:
            try:
                run = export(linreg, args, status, tmpdir, name)
            except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as e:
                failed = True
                print(f"FAIL {name}: {e}")
                continue
            chk, stats, diverged = check_run(run, name)
            if expect.get("some_clipped") and not (0 < stats.get("clipped", 0) < stats.get("steps", 0)):
                chk.fail(f"expected both clipped and unclipped steps, got {stats.get('clipped')} of {stats.get('steps')}")
            if expect.get("init") and (run["initial_params"]["w"] != [float(v) for v in cfg_init_w(run)]
                                       or "init_w" not in run["config"]):
                chk.fail("expected the run to start from the config's init_w")
            if expect.get("diverges") and diverged is None:
                chk.fail("expected the run to diverge")
            if not expect.get("diverges") and diverged is not None:
                chk.fail(f"unexpected divergence at step {diverged}")
            total_steps += stats.get("steps", 0)
            total_numbers += chk.compared
            cfg = run["config"]
            summary = (f"{name}: d={len(true_params(cfg)[0])} n={cfg['num_train']}+{cfg['num_val']} "
                       f"batch={cfg['batch_size']}{' drop_last' if cfg.get('drop_last') else ''} "
                       f"order={cfg.get('order', 'shuffle' if cfg['shuffle'] else 'generated')} "
                       f"loss={cfg.get('loss', 'squared')} clip={cfg['gradient_clip_val']} seed={cfg['seed']}"
                       + (f" bug={cfg['bug']}" if cfg.get('bug', 'none') != 'none' else '') + ": "
                       f"{stats.get('steps', 0)} steps, {stats.get('epochs', 0)} epochs, "
                       f"{stats.get('clipped', 0)} clipped"
                       + (f", diverged at step {diverged}" if diverged else "")
                       + f"; {chk.compared} values, {chk.identical} bit-identical, max abs diff {chk.max_abs:.3g}")
            if chk.errors:
                failed = True
                print(f"FAIL {summary}")
                for e in chk.errors:
                    print(f"    {e}" if e is not None else "    ... (more)")
            else:
                print(f"ok   {summary}")
            if name.startswith("book-v1"):
                kept = run
            if name.startswith("init override (init_w, init_b)"):
                init_kept = run
    corruptions = self_check(kept, init_kept) if kept else [("the book-v1 export (missing)", False)]
    for what, detected in corruptions:
        if not detected:
            failed = True
        print(f"{'ok  ' if detected else 'FAIL'} self-check: corrupting {what} is {'detected' if detected else 'NOT detected'}")
    print(f"{'FAILED' if failed else 'passed'}: {len(CASES)} exported runs, {total_steps} steps replayed, "
          f"{total_numbers} values compared to {TOL:g}; data, initialization and shuffling regenerated from the seeds")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
