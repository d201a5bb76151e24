#!/usr/bin/env bash
# Builds everything: the native core, CLI and tests (build/), the wasm module in two variants
# (build-wasm/ -> web/dist/), and the page's vendored libraries (web/vendor/).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"

cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null
cmake --build build-wasm -j"$jobs"

bash scripts/vendor.sh
