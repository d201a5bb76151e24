#!/usr/bin/env bash
# Builds another version of the core for an A/B comparison in the same benchmark run:
#   bash bench/variant.sh NAME [--ref GITREF] [--cxxflags "FLAGS"] [--cmake "-DOPTION=VALUE ..."] [--wasm-only]
# takes cpp/, CMakeLists.txt and web/linreg-api.js from the working tree (or from GITREF), builds the wasm module
# (with extra compiler flags, e.g. -msimd128, or CMake options of the wasm build, e.g.
# -DLINREG_WASM_EXCEPTIONS=ON) and the native core_peer (not with --wasm-only) into
# bench/out/variants/NAME/, and prints the --extra arguments for bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: bash bench/variant.sh NAME [--ref GITREF] [--cxxflags FLAGS] [--cmake OPTIONS] [--wasm-only]}"
shift
ref=""
cxxflags=""
cmake_options=""
wasm_only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ref) ref="$2"; shift 2 ;;
    --cxxflags) cxxflags="$2"; shift 2 ;;
    --cmake) cmake_options="$2"; shift 2 ;;
    --wasm-only) wasm_only=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
out="bench/out/variants/$name"
rm -rf "$out/src"
mkdir -p "$out/src"
mkdir -p "$out/src/web"
if [ -n "$ref" ]; then
  git archive "$ref" cpp CMakeLists.txt web/linreg-api.js | tar -x -C "$out/src"
else
  cp -r cpp CMakeLists.txt "$out/src/"
  cp web/linreg-api.js "$out/src/web/"
fi
jobs="$(nproc 2>/dev/null || echo 2)"
# shellcheck disable=SC2086  # the CMake options are words
cmake -S "$out/src" -B "$out/build-wasm" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$cxxflags" $cmake_options \
  -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake >/dev/null
cmake --build "$out/build-wasm" -j"$jobs" --target linreg >/dev/null
if [ -n "$wasm_only" ]; then
  echo "--extra $name-wasm=wasm:$out/src/web/dist"
  exit 0
fi
cmake -S bench -B "$out/build-native" -DCMAKE_BUILD_TYPE=Release -DLINREG_CORE_DIR="$PWD/$out/src/cpp" >/dev/null
cmake --build "$out/build-native" -j"$jobs" --target core_peer >/dev/null
echo "--extra $name-wasm=wasm:$out/src/web/dist --extra $name-native=native:$out/build-native/core_peer"
