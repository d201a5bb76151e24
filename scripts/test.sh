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
# One file at a time: two browsers at once saved about a minute of 15, and made the tests that wait
# for the page measure the machine's load instead (tests/web/embed-layout.test.js failed so once).
node --test tests/web/

stage "benchmark, quick mode (every peer once on the smallest case; no timing assertions)"
bash bench/run.sh --quick

stage "all tests passed"
