#!/usr/bin/env bash
# The benchmark in one command (see bench/README.md):
#   bash bench/run.sh            the full grid; writes bench/RESULTS.md (about 10 minutes)
#   bash bench/run.sh --quick    every peer once on the smallest case (a smoke test, < 1 minute)
# Other options go to bench/bench.js (--reps, --seconds, --cases, --peers, --extra, --out).
# Builds what it needs first: the project's wasm module (build-wasm/ -> web/dist/, incremental),
# the benchmark's native programs (bench/out/build/), and TensorFlow.js into bench/node_modules/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"

echo "== bench: building the wasm module (build-wasm/ -> web/dist/)" >&2
if [ ! -f build-wasm/CMakeCache.txt ]; then
  cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null
fi
cmake --build build-wasm -j"$jobs" --target linreg >/dev/null

echo "== bench: building the native peers (bench/out/build/)" >&2
if [ ! -f bench/out/build/CMakeCache.txt ]; then
  cmake -S bench -B bench/out/build -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build bench/out/build -j"$jobs" >/dev/null

if [ ! -d bench/node_modules/@tensorflow/tfjs-backend-wasm ]; then
  echo "== bench: installing TensorFlow.js into bench/node_modules/ (npm ci)" >&2
  if ! npm ci --prefix bench --no-audit --no-fund --loglevel=error >&2; then
    echo "bench: could not install TensorFlow.js (no network?): running without the tfjs peer" >&2
    export BENCH_WITHOUT_TFJS=1
  fi
fi

exec node bench/bench.js "$@"
