#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then the native C++ tests and the Python
# replay (CTest), the wasm API tests (Node), and the page tests (headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh test
bash scripts/build.sh

echo "== native tests (CTest: GoogleTest + replay of exported runs)"
(cd build && ctest --output-on-failure -j"$(nproc 2>/dev/null || echo 2)")

echo "== wasm module tests (Node)"
node --test tests/node/

echo "== page tests (headless Chromium)"
node --test tests/web/

echo "== benchmark, quick mode (every peer once on the smallest case; no timing assertions)"
bash bench/run.sh --quick

echo "== all tests passed"
