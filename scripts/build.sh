#!/usr/bin/env bash
# Builds everything: the native core, CLI and tests (build/), the wasm module in two variants
# (build-wasm/ -> web/dist/), the page's vendored styles (web/vendor/) and its bundles (scripts/bundle.js ->
# web/dist/page.js, theme.js, worker.js, linreg-api.js and linreg-api.cjs).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null
cmake --build build-wasm -j"$jobs"

bash scripts/vendor.sh
node scripts/bundle.js
