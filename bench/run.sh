#!/usr/bin/env bash
# The benchmark in one command (see bench/README.md):
#   bash bench/run.sh            the full grid; writes bench/RESULTS.md (about 10 minutes)
#   bash bench/run.sh --quick    every peer once on the smallest case (a smoke test, < 1 minute)
# Other options go to bench/bench.js (--reps, --seconds, --cases, --peers, --extra, --out).
# Then bench/page.js measures the page in headless Chromium and adds its section to the same
# report (with --quick: short runs; --out: the same file). --no-page skips it; --page-only runs
# only it (on the report that is there).
# Builds what it needs first: the project's wasm module (build-wasm/ -> web/dist/, incremental) and the page's bundles,
# the benchmark's native programs (bench/out/build/), and TensorFlow.js into bench/node_modules/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"

# The options that are bench/page.js's business, or that it shares with bench/bench.js.
bench_args=()
page_args=()
page=1
bench=1
report_only=0
raw_suffix=""  # the page's and the frames' raw results: bench/out/page.json, frames.json (-quick with --quick)
while [ $# -gt 0 ]; do
  case "$1" in
    --no-page) page=0 ;;
    --page-only) bench=0 ;;
    --quick) bench_args+=("$1"); page_args+=("$1"); raw_suffix=-quick ;;
    --out) bench_args+=("$1" "${2:?--out needs a value}"); page_args+=("$1" "$2"); shift ;;
    --report-from)
      # Only the report again: the page's section too, from its last raw results.
      bench_args+=("$1" "${2:?--report-from needs a value}")
      report_only=1
      case "$(basename "$2")" in quick*) page_args+=(--quick); raw_suffix=-quick ;; esac
      shift ;;
    *) bench_args+=("$1") ;;
  esac
  shift
done
page_json="bench/out/page${raw_suffix}.json"
frames_json="bench/out/frames${raw_suffix}.json"
if [ "$report_only" = 1 ]; then
  if [ "$bench" = 1 ]; then node bench/bench.js "${bench_args[@]}"; fi
  if [ "$page" = 1 ] && [ -f "$page_json" ]; then node bench/page.js --report-only "${page_args[@]+"${page_args[@]}"}"; fi
  if [ "$page" = 1 ] && [ -f "$frames_json" ]; then node bench/frames.js --report-only "${page_args[@]+"${page_args[@]}"}"; fi
  exit 0
fi

echo "== bench: building the wasm module (build-wasm/ -> web/dist/)" >&2
if [ ! -f build-wasm/CMakeCache.txt ]; then
  cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null
fi
# linreg (bench.js's peers) and linreg-single (the page's) and whatever else the page loads.
cmake --build build-wasm -j"$jobs" >/dev/null
# The bundles, as scripts/build.sh makes them: a relink writes the glue (web/dist/linreg.js) as emcc
# does, and scripts/bundle.js minifies it again (as served: 56 -> 30 KB); the page's bundle and
# linreg-packed.js follow the current sources and wasm.
node scripts/bundle.js >/dev/null

if [ "$bench" = 1 ]; then
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
fi

# The page (bench/page.js) loads index.html with the single-file module and the vendored uPlot.
if [ "$page" = 1 ] && [ ! -f web/vendor/uPlot.iife.min.js ]; then
  bash scripts/vendor.sh >&2
fi

status=0
if [ "$bench" = 1 ]; then
  node bench/bench.js "${bench_args[@]+"${bench_args[@]}"}" || status=$?
fi
if [ "$page" = 1 ]; then
  echo "== bench: the page in headless Chromium (bench/page.js)" >&2
  node bench/page.js "${page_args[@]+"${page_args[@]}"}" || status=1
  node bench/frames.js "${page_args[@]+"${page_args[@]}"}" || status=1  # dragging: frames and input to paint
fi
exit "$status"
