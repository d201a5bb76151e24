#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the native C++ tests and the Python
# replay (CTest), the same suite under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/),
# the fuzz targets for a bounded time (FUZZ_SECONDS each, default 30), the wasm API tests (Node),
# the page tests (headless Chromium) and the benchmark's quick mode.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each stage's heading says how long the command has run so far (where the time goes, in CI's log).
stage() { echo "== $1 (at $((SECONDS / 60)) min $((SECONDS % 60)) s)"; }

bash scripts/setup.sh test
bash scripts/build.sh

stage "native tests (CTest: GoogleTest + replay of exported runs)"
(cd build && ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)")

stage "bad-input matrix, native surfaces (the counts the test prints; it ran in CTest above)"
# awk, not grep: a filter that matches nothing must not end the script under pipefail.
build/linreg_tests --gtest_filter='BadInput.*' | awk '/^bad-input matrix/ { on = 1 } /^\[/ { on = 0 } on'

stage "native tests under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
bash scripts/sanitize.sh

stage "fuzzing: JSON config, session import, CSV reader (${FUZZ_SECONDS:-30} s each; build-asan/)"
bash scripts/fuzz.sh

stage "wasm module tests (Node)"
# Two files at a time: 1 minute instead of 2 (none of them times anything it could miss under load).
node --test --test-concurrency=2 tests/node/

stage "page tests (headless Chromium)"
# Two test files at a time (each starts its own browser): the suite takes about 12 minutes instead of
# 15. The files whose assertions count time (frame gaps, steps a second, the next step's timer) run
# afterwards one at a time, on a machine no busier than a user's: under two browsers they measured
# the load, not the page.
timed=(long-run offscreen-run worker touch)
untimed=()
for f in tests/web/*.test.js; do
  case " ${timed[*]} " in *" $(basename "$f" .test.js) "*) ;; *) untimed+=("$f") ;; esac
done
node --test --test-concurrency=2 "${untimed[@]}"
stage "page tests that measure time, one at a time"
node --test $(printf "tests/web/%s.test.js " "${timed[@]}")

stage "benchmark, quick mode (every peer once on the smallest case; no timing assertions)"
bash bench/run.sh --quick

stage "all tests passed"
