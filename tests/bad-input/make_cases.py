#!/usr/bin/env python3
"""Writes cases.json, the bad-input matrix shared by the native, Node and page tests.

Every config field gets each kind of bad value that applies to it (missing, wrong type, NaN,
+/-Infinity, negative, zero, fractional where an integer is needed, huge, empty list, ...), plus
whole-config cases (unknown keys, malformed JSON, not an object) and rules between fields. A case:
  id      "lr: zero"
  field   the config key (null for whole-config cases)
  kind    the kind of bad value
  value   the bad value as JSON, with {"$": "NaN" | "Infinity" | "-Infinity" | "1e999"} for numbers
          JSON cannot hold (each surface writes them its own way: JavaScript's NaN, the text 1e999)
  json    (instead of value) the whole config as JSON text, for malformed JSON
  text    what a person types for it in a form field or a link (null: nothing typed can say it)
  cli     what the command-line flag gets, when that differs from text (null: no flag can say it)
  expect  the start of the message: the field and the rule ("'lr' must be a finite number > 0")
  expect_by_surface  where a surface reads the value differently: {"json": ..., "js": ..., "text": ...}
Run it after changing the rules: python3 tests/bad-input/make_cases.py
"""
import json
import os

NAN, INF, NINF, OVERFLOW = {"$": "NaN"}, {"$": "Infinity"}, {"$": "-Infinity"}, {"$": "1e999"}
cases = []


def case(field, kind, value, text, expect, **extra):
    c = {"id": f"{field or 'config'}: {kind}", "field": field, "kind": kind, "value": value, "text": text,
         "expect": expect}
    c.update(extra)
    cases.append(c)


def rule(field, r):
    return f"'{field}' must be {r}"


# Numbers: (rule, sign restriction)
NUMBERS = {
    "b": ("a finite number", None),
    "noise": ("a finite number >= 0", ">=0"),
    "lr": ("a finite number > 0", ">0"),
    "sigma": ("a finite number >= 0", ">=0"),
    "gradient_clip_val": ("a finite number >= 0 (0 turns clipping off)", ">=0"),
    "huber_delta": ("a finite number > 0", ">0"),
    "resistance": ("a finite number > 0 (ohms)", ">0"),
}
for f, (r, sign) in NUMBERS.items():
    e = rule(f, r)
    case(f, "missing", None, "", e)
    case(f, "wrong type (text)", "abc", "abc", e)
    case(f, "wrong type (boolean)", True, "true", e)
    case(f, "wrong type (list)", [1], "[1]", e)
    case(f, "NaN", NAN, "NaN", e)
    case(f, "+Infinity", INF, "Infinity", e)
    case(f, "-Infinity", NINF, "-Infinity", e)
    if sign:
        case(f, "negative", -1, "-1", e)
    if sign == ">0":
        case(f, "zero", 0, "0", e)
    case(f, "huge", OVERFLOW, "1e999", e)

# Integers: (lowest, highest)
INTEGERS = {
    "num_train": (1, 10_000_000),
    "num_val": (0, 10_000_000),
    "batch_size": (1, 10_000_000),
    "max_epochs": (1, 1_000_000),
    "seed": (0, 9007199254740991),
}
for f, (lo, hi) in INTEGERS.items():
    low, high = rule(f, f"an integer >= {lo}"), rule(f, f"an integer <= {hi}")
    case(f, "missing", None, "", low)
    case(f, "wrong type (text)", "abc", "abc", low)
    case(f, "wrong type (boolean)", False, "false", low)
    case(f, "NaN", NAN, "NaN", low)
    # JSON text writes +Infinity as 1e999, which is too large; JavaScript sends it as null.
    case(f, "+Infinity", INF, "Infinity", low, expect_by_surface={"json": high})
    case(f, "-Infinity", NINF, "-Infinity", low)
    case(f, "negative", -1, "-1", low)
    if lo == 1:
        case(f, "zero", 0, "0", low)
    case(f, "fractional", 2.5, "2.5", low)
    huge = 10**20 if f == "seed" else 10**12
    case(f, "huge", huge, str(huge), high)

# w: the true weights, a list.
W = rule("w", "a non-empty list of finite numbers")
case("w", "missing", None, "", W)
case("w", "wrong type (text)", "abc", "abc", W)
case("w", "wrong type (number)", 5, None, W)  # typed, "5" is a list of one
case("w", "empty list", [], "[]", W)
case("w", "NaN entry", [1, NAN], "[1, NaN]", W)
case("w", "+Infinity entry", [1, INF], "[1, Infinity]", W)
case("w", "-Infinity entry", [NINF, 1], "[-Infinity, 1]", W)
case("w", "huge entry", [1, OVERFLOW], "[1, 1e999]", W)
case("w", "text entry", [1, "x"], "[1, x]", W)
case("w", "nested list", [[1, 2]], None, W, cli="[[1, 2]]")
case("w", "too long", [1] * 4097, "[" + ", ".join(["1"] * 4097) + "]", rule("w", "a list of at most 4096 numbers"))

# The initialization override: absent by default (null, or an empty form field, removes it, so
# "missing" is no bad value here), else d = len(w) = 2 finite numbers and a finite number. (NaN has
# no JSON: written as null it removes init_b; tests/cpp/init_override_test.cpp checks the struct's.)
IW = rule("init_w", "null or a list of finite numbers, one per feature")
IW_LENGTH = rule("init_w", "a list of d = 2 numbers, one per feature")
case("init_w", "wrong type (text)", "abc", "abc", IW)
case("init_w", "wrong type (number)", 5, None, IW)  # typed, "5" is a list of one: the length case
case("init_w", "wrong type (object)", {"w": 1}, None, IW, cli='{"w": 1}')
case("init_w", "wrong length (one)", [5], "5", IW_LENGTH)
case("init_w", "wrong length (three)", [1, 2, 3], "1, 2, 3", IW_LENGTH)
case("init_w", "empty list", [], "[]", IW_LENGTH)
case("init_w", "NaN entry", [1, NAN], "[1, NaN]", IW)
case("init_w", "+Infinity entry", [1, INF], "[1, Infinity]", IW)
case("init_w", "-Infinity entry", [NINF, 1], "[-Infinity, 1]", IW)
case("init_w", "huge entry", [1, OVERFLOW], "[1, 1e999]", IW)
case("init_w", "text entry", [1, "x"], "[1, x]", IW)
IB = rule("init_b", "null or a finite number")
case("init_b", "wrong type (text)", "abc", "abc", IB)
case("init_b", "wrong type (boolean)", True, "true", IB)
case("init_b", "wrong type (list)", [1], "[1]", IB)
case("init_b", "+Infinity", INF, "Infinity", IB)
case("init_b", "-Infinity", NINF, "-Infinity", IB)
case("init_b", "huge", OVERFLOW, "1e999", IB)

# Booleans and choices.
for f in ("shuffle", "drop_last"):
    e = rule(f, "true or false")
    case(f, "missing", None, None, e)
    case(f, "wrong type (number)", 1, None, e)
    case(f, "wrong type (text)", "maybe", "maybe", e)
CHOICES = {"loss": ["squared", "absolute", "huber"], "order": ["shuffle", "generated", "sorted"],
           "dataset": ["synthetic", "ohm"],
           "bug": ["none", "no_zero_grad", "sum_loss", "shape_broadcast", "same_batch", "ascent",
                   "short_batch_divisor", "double_mean", "frozen_bias"]}
for f, names in CHOICES.items():
    e = rule(f, "one of " + ", ".join(f'"{n}"' for n in names))
    case(f, "missing", None, "", e)
    case(f, "unknown name", "cubic", "cubic", e)
    case(f, "wrong case", names[0].capitalize(), names[0].capitalize(), e)
    case(f, "wrong type (number)", 3, "3", e)

# The outlier: null or {"index": row, "value": label}.
O = rule("outlier", 'null or {"index": row, "value": label}')
OI, OV = "'outlier.index' must be", rule("outlier.value", "a finite number")
case("outlier", "wrong type (text)", "abc", "abc", O)
case("outlier", "wrong type (number)", 5, "5", O)
case("outlier", "wrong type (list)", [5, 1], None, O)
case("outlier", "missing value", {"index": 5}, '{"index": 5}', O)
case("outlier", "missing index", {"value": 1}, '{"value": 1}', O)
# (The struct has no integer rule: Config::check says which rows there are.)
ROWS = OI + " a row of the training set, from 0 to num_train - 1 = 999"
case("outlier", "negative index", {"index": -1, "value": 1}, "-1, 1", OI + " an integer >= 0",
     cli='{"index": -1, "value": 1}', expect_by_surface={"core": ROWS})
case("outlier", "fractional index", {"index": 2.5, "value": 1}, "2.5, 1", OI + " an integer >= 0",
     cli='{"index": 2.5, "value": 1}')
case("outlier", "index past the training set", {"index": 1000, "value": 1}, "1000, 1", ROWS,
     cli='{"index": 1000, "value": 1}')
case("outlier", "huge index", {"index": 10**12, "value": 1}, "1e12, 1", OI + " an integer <= 9999999",
     cli='{"index": 1e12, "value": 1}', expect_by_surface={"core": ROWS})
case("outlier", "NaN value", {"index": 5, "value": NAN}, "5, NaN", OV, cli=None)
case("outlier", "+Infinity value", {"index": 5, "value": INF}, "5, Infinity", OV, cli=None)
case("outlier", "huge value", {"index": 5, "value": OVERFLOW}, "5, 1e999", OV, cli='{"index": 5, "value": 1e999}')
case("outlier", "text value", {"index": 5, "value": "x"}, "5, x", OV, cli='{"index": 5, "value": "x"}')
case("outlier", "unknown key", {"index": 5, "value": 1, "weight": 2}, '{"index": 5, "value": 1, "weight": 2}',
     "unknown key 'weight' in 'outlier'; its keys are index value")

# Rules between fields (the value is the whole config).
def config_case(kind, value, expect, text_field=None, text=None):
    c = {"id": f"config: {kind}", "field": None, "kind": kind, "value": value, "text": None, "expect": expect}
    if text_field:
        c["text_field"], c["text"] = text_field, text
    cases.append(c)


config_case("too many examples", {"num_train": 9_999_999},
            "'num_train' must be such that num_train + num_val is at most 10000000", "num_train", "9999999")
config_case("data too large for the memory", {"num_train": 4_000_000, "num_val": 0, "w": [1] * 20},
            "'num_train' must be such that (num_train + num_val) * (len(w) + 1) is at most 67108864 (512 MiB of data)")
config_case("batch larger than the training set with drop_last", {"drop_last": True, "batch_size": 2000},
            "'batch_size' must be at most num_train (1000) when drop_last is true")
config_case("unknown key (typo)", {"lrr": 0.1}, "unknown key 'lrr' (did you mean 'lr'?); known keys are w b noise")
config_case("unknown key (case)", {"LR": 0.1}, "unknown key 'LR' (did you mean 'lr'?)")
config_case("unknown key (far)", {"foo": 1}, "unknown key 'foo'; known keys are w b noise")
config_case("unknown key (empty)", {"": 1}, "unknown key ''")
config_case("not an object (list)", [1, 2], "the config must be a JSON object, got [1,2]")
config_case("not an object (number)", 42, "the config must be a JSON object, got 42")
config_case("not an object (null)", None, "the config must be a JSON object, got null")

MALFORMED = ['{"lr": }', '{"lr": 0.1', '{lr: 0.1}', "{'lr': 0.1}", '{"lr": 0.1,}', '{"lr": NaN}', '{"lr": Infinity}',
             '{"lr": 0x10}', '{"lr": .5}', '{"lr": 1} trailing', '{"w": [1, 2,]}', '{"lr": "0.1}', '{"lr": 1e}',
             '{"lr": --1}', '{"b": 01}', '{"lr": 0.1}}', '{', '{"lr" 0.1}',
             '{"lr": 0.1}\u0000garbage', '{"lr": 0.1\u0000}']  # NUL: the parser took it for the end (issue 17)
for i, text in enumerate(MALFORMED):
    cases.append({"id": f"config: malformed JSON {i + 1}", "field": None, "kind": "malformed JSON", "json": text,
                  "text": None, "expect": "the config is not valid JSON: "})

# Nesting depth: JSON nested deeper than 64 levels is refused before it is parsed (issue 17).
DEEP = "the config is not valid JSON: the JSON is nested deeper than 64 levels (at line 1, column "
for kind, text, column in [("nesting depth (65 levels)", '{"w": ' + "[" * 64 + "1" + "]" * 64 + "}", 70),
                           ("nesting depth (objects)", '{"a":' * 1000 + "1" + "}" * 1000, 321),
                           ("nesting depth (100,000 levels)", '{"w": ' + "[" * 100000 + "]" * 100000 + "}", 70)]:
    cases.append({"id": f"config: {kind}", "field": None, "kind": "nesting depth", "json": text,
                  "text": None, "expect": f"{DEEP}{column})"})

# Very long values: a message quotes at most 64 characters of a value, then its length (issue 17).
LONG = 100000
A64 = "a" * 63  # the opening quote of a JSON string is the first of the 64
case("lr", "very long text", "a" * LONG, None,
     rule("lr", "a finite number > 0") + f', got "{A64}... ({LONG + 2} characters)', cli="a" * LONG)
case("loss", "very long text", "h" * LONG, None,
     rule("loss", 'one of "squared", "absolute", "huber"') + ', got "' + "h" * 63 + f"... ({LONG + 2} characters)",
     cli="h" * LONG)
case("w", "very long entry", [1, "x" * LONG], None,
     W + ', got w[1] = "' + "x" * 63 + f"... ({LONG + 2} characters)")
config_case("unknown key (very long)", {"k" * LONG: 1}, "unknown key '" + "k" * 64 + f"... ({LONG} characters)'")

# ---- Other surfaces (issue 17): inputs that are not a config value, each with the surface that reads it.
# A case: id, surface ("host": a host page's command; "cli": the command line), kind, what is sent, and
# expect, the start of the message. Values JSON cannot hold are written {"$": "cycle" | ...}.
surfaces = []


def surface_case(surface, kind, expect, **what):
    surfaces.append(dict({"id": f"{surface}: {kind}", "surface": surface, "kind": kind, "expect": expect}, **what))


# Host commands: an id that cannot come back in the reply, and keys that name Object.prototype members.
ID = "'id' must be a string, a finite number or null (it is sent back in the reply)"
surface_case("host", "id that cannot be sent back (a cycle)", ID, command="step", message_id={"$": "cycle"})
surface_case("host", "id that cannot be sent back (a Map)", ID, command="step", message_id={"$": "Map"})
surface_case("host", "id that cannot be sent back (an object)", ID, command="getState", message_id={"a": 1})
surface_case("host", "id that cannot be sent back (a boolean)", ID, command="pause", message_id=True)
for key in ("__proto__", "constructor", "toString"):
    surface_case("host", f"prototype-member key ({key})", f"unknown key '{key}'", command="setConfig",
                 config_json='{"%s": {"lr": 5}, "lr": 0.2}' % key)

# The command line: files that are endless, huge, directories or not UTF-8, and control or bidi
# characters in arguments, keys and file names (written out in the message, never sent raw). `args`
# is the command line; in it "{file}" is a file holding `file_text` (or the bytes `file_hex`, or
# `file_size` spaces then "{}"), "{dir}" a directory.
CONFIG_CAP = "is larger than 1048576 bytes (1 MiB), the most --config reads"
DATA_CAP = "is larger than 8388608 bytes (8 MiB), the most --data reads"
surface_case("cli", "endless file (--config /dev/zero)", "--config: '/dev/zero' " + CONFIG_CAP, args=["--config", "/dev/zero"])
surface_case("cli", "endless file (--data /dev/zero)", "--data: '/dev/zero' " + DATA_CAP, args=["--data", "/dev/zero"])
surface_case("cli", "huge file (--config)", "--config: '{file}' " + CONFIG_CAP, args=["--config", "{file}"],
             file_size=2 * 1024 * 1024)
surface_case("cli", "huge file (--data)", "--data: '{file}' " + DATA_CAP, args=["--data", "{file}"],
             file_size=9 * 1024 * 1024)
surface_case("cli", "directory (--config)", "--config: '{dir}' is a directory", args=["--config", "{dir}"])
surface_case("cli", "directory (--data)", "--data: '{dir}' is a directory", args=["--data", "{dir}"])
NOT_UTF8 = "the config is not valid JSON: the text is {} (it starts with its byte-order mark); it must be UTF-8"
for name, bom, enc in [("UTF-16 LE", "fffe", "utf-16-le"), ("UTF-16 BE", "feff", "utf-16-be"),
                       ("UTF-32 LE", "fffe0000", "utf-32-le"), ("UTF-32 BE", "0000feff", "utf-32-be")]:
    surface_case("cli", f"not UTF-8 ({name} config)", NOT_UTF8.format(name), args=["--config", "{file}"],
                 file_hex=bom + '{"lr": 0.1}'.encode(enc).hex())
surface_case("cli", "not UTF-8 (UTF-16 without a mark)",
             "the config is not valid JSON: the text looks like UTF-16 or UTF-32", args=["--config", "{file}"],
             file_hex='{"lr": 0.1}'.encode("utf-16-le").hex())
surface_case("cli", "not UTF-8 (UTF-16 LE data)",
             "--data {file}: the text is UTF-16 LE (it starts with its byte-order mark); it must be UTF-8",
             args=["--data", "{file}"], file_hex="fffe" + "x,y\n1,2\n3,4\n".encode("utf-16-le").hex())
surface_case("cli", "NUL byte after the JSON", "the config is not valid JSON: a NUL byte at line 1, column 11",
             args=["--config", "{file}"], file_text='{"lr":0.1}\u0000garbage')
surface_case("cli", "control characters (unknown option)", "unknown option '--lr\\u001b[2J\\u0007'",
             args=["--lr\u001b[2J\u0007"])
surface_case("cli", "control characters (a value)", "'loss' must be one of \"squared\", \"absolute\", \"huber\", got "
             '"\\u001b]0;title\\u0007huber"', args=["--loss", "\u001b]0;title\u0007huber"])
surface_case("cli", "bidi override (a value)", "'order' must be one of \"shuffle\", \"generated\", \"sorted\", got "
             '"\\u202edetros"', args=["--order", "\u202edetros"])
surface_case("cli", "control characters (a key)", "unknown key '\\u001b[2J'", args=["--config", "{file}"],
             file_text='{"\\u001b[2J": 1}')  # (JSON's escape: a raw ESC is not valid JSON)
surface_case("cli", "bidi override (a key)", "unknown key 'l\\u202er'", args=["--config", "{file}"],
             file_text='{"l\u202er": 1}')
surface_case("cli", "control characters (a file name)", "--config: cannot read '/nonexistent/\\u001b[31mx\\u202e.json'",
             args=["--config", "/nonexistent/\u001b[31mx\u202e.json"])
surface_case("cli", "control characters (a preset name)", "unknown preset 'b\\u001b[2Jook'", args=["--preset", "b\u001b[2Jook"])
surface_case("cli", "bidi override (a CSV cell)", "--data {file}: line 2, column 1: '\\u202e1' is not a number",
             args=["--data", "{file}"], file_text="x,y\n\u202e1,2\n")

# The JS API: BigInts (read as their own digits, never rounded to another number first), and NUL
# bytes or a byte-order mark in the text of a config or a session. `config` is given to create(),
# check() and (for seed) reset(); {"$": "BigInt", "digits": ...} is a BigInt; `config_text` and
# `session_edit` (a replacement for the saved session's first "{") are text.
BIG = lambda digits: {"$": "BigInt", "digits": digits}
surface_case("js", "BigInt seed past 2^53", "'seed' must be an integer <= 9007199254740991, got 9007199254740993",
             config={"seed": BIG("9007199254740993")})
surface_case("js", "BigInt seed far past 2^53", "'seed' must be an integer <= 9007199254740991, got 18446744073709551615",
             config={"seed": BIG("18446744073709551615")})
surface_case("js", "BigInt beyond 64 bits", "'seed': a BigInt must be within 64 bits (-2^63 to 2^64 - 1) to be read "
             "exactly, got 18446744073709551617n", config={"seed": BIG("18446744073709551617")})
surface_case("js", "negative BigInt", "'num_train' must be an integer >= 1, got -9007199254740993",
             config={"num_train": BIG("-9007199254740993")})
surface_case("js", "NUL byte after the config", "the config is not valid JSON: a NUL byte at line 1, column 12",
             config_text='{"lr": 0.1}\u0000garbage')
surface_case("js", "NUL byte after the session", "the session is not valid JSON: a NUL byte at line ",
             session_edit="NUL")

# The page (tests/web/hardening.test.js): a file chosen in "Your own data" whose name and a column's
# name hold a bidi override and a control character (`file_name`, `file_text`; shown escaped in
# `expect` and everywhere else on the page, never raw), files that are not UTF-8 (`file_hex`: refused,
# naming the file, as the command line refuses them), and, with the user's own data loaded, settings of
# generated data in a link (`hash`) or a host's setConfig (`config`): reported as not applying.
surface_case("page", "bidi override and control character (a file and a column name)",
             "Data: your own, \u201creport\\u202egpj.csv\\u0007\u201d (20 rows)",
             file_name="report\u202egpj.csv\u0007", column="ar\\u202eea\\u0001",
             file_text="ar\u202eea\u0001,rooms,price\n" + "".join(f"{i},{i * 7 % 5},{2 * i + 1}\n" for i in range(20)))
for name, bom, enc in [("UTF-16 LE", "fffe", "utf-16-le"), ("UTF-16 BE", "feff", "utf-16-be"),
                       ("UTF-32 LE", "fffe0000", "utf-32-le"), ("UTF-32 BE", "0000feff", "utf-32-be")]:
    surface_case("page", f"not UTF-8 ({name} data)",
                 f"{name}\\u202e.csv: the text is {name} (it starts with its byte-order mark); it must be UTF-8.",
                 file_name=f"{name}\u202e.csv", file_hex=bom + "x,y\n1,2\n3,4\n".encode(enc).hex())
ONE = "With your own data, {} does not apply (it describes generated data) and was ignored."
MANY = "With your own data, {} do not apply (they describe generated data) and were ignored."
surface_case("page", "own data: generated-data settings (host setConfig, two)", MANY.format("w, dataset"),
             config={"w": [1, 2], "dataset": "ohm", "lr": 0.1})
surface_case("page", "own data: generated-data settings (host setConfig, one)", ONE.format("outlier"),
             config={"outlier": {"index": 0, "value": 9}})
surface_case("page", "own data: generated-data settings (link)", MANY.format("b, noise, num_train, resistance"),
             hash="#b=2&noise=0.5&num_train=5&resistance=2&lr=0.2")

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "cases.json"), "w") as out:
    out.write('{"about": "The bad-input matrix: see make_cases.py, which writes this file.",\n "cases": [\n')
    out.write(",\n".join("  " + json.dumps(c) for c in cases))
    out.write("\n ],\n \"surfaces\": [\n")
    out.write(",\n".join("  " + json.dumps(c) for c in surfaces))
    out.write("\n ]\n}\n")
print(f"{len(cases)} cases, {len(surfaces)} other-surface cases")
