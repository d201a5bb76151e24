#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the native C++ tests and the Python
# replay (CTest), the same suite under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/),
# the fuzz targets for a bounded time (FUZZ_SECONDS each, default 30), the wasm API tests (Node),
# the page tests (headless Chromium) and the benchmark's quick mode.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh test
bash scripts/build.sh

echo "== native tests (CTest: GoogleTest + replay of exported runs)"
(cd build && ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)")

echo "== bad-input matrix, native surfaces (the counts the test prints; it ran in CTest above)"
# awk, not grep: a filter that matches nothing must not end the script under pipefail.
build/linreg_tests --gtest_filter='BadInput.*' | awk '/^bad-input matrix/ { on = 1 } /^\[/ { on = 0 } on'

echo "== native tests under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
bash scripts/sanitize.sh

echo "== fuzzing: JSON config, session import, CSV reader (${FUZZ_SECONDS:-30} s each; build-asan/)"
bash scripts/fuzz.sh

echo "== wasm module tests (Node)"
node --test tests/node/

echo "== page tests (headless Chromium)"
node --test tests/web/

echo "== benchmark, quick mode (every peer once on the smallest case; no timing assertions)"
bash bench/run.sh --quick

echo "== all tests passed"
