#!/usr/bin/env bash
# The native test suite again, built with clang's AddressSanitizer and UndefinedBehaviorSanitizer:
# the core, the command-line program and the GoogleTest suites in build-asan/, then CTest there
# (the replay test runs build-asan/linreg too). Any report fails the run: UBSan does not recover,
# and ASan's leak checker is on. The same build holds the libFuzzer targets of tests/fuzz (the code
# also carries the fuzzer's coverage instrumentation), which scripts/fuzz.sh runs: one build of
# the core serves both.
#   scripts/sanitize.sh            build and test
#   scripts/sanitize.sh --build    only build
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"

sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# -O1 -g1 (line tables: a report names the file and line): the test files compile in 0.81x the time
# of -O3 (-O1 -g: 1.11x, full debug information for Eigen's and json's templates), and test about as
# fast.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DLINREG_RELEASE_FLAGS="-O1 -g1" \
  -DCMAKE_CXX_FLAGS="$sanitizers -fsanitize=fuzzer-no-link" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DLINREG_FUZZ=ON >/dev/null
cmake --build build-asan -j"$jobs"
[ "${1:-}" = --build ] && exit 0

export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
(cd build-asan && ctest --output-on-failure -j"$jobs")
