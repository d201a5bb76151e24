#!/usr/bin/env bash
# The time of a clean native build of the core library, before and after JSON left it, in one run
# with the same flags (Release: -O3 -ffp-contract=off -DEIGEN_DONT_VECTORIZE) and -j2:
#   bash bench/build-time.sh [OLD [NEW]]     (commits; default 8a8d0f9 and HEAD; ROUNDS=3)
# Each commit is exported (git archive) to a temporary folder, configured and built from nothing
# (configure + build are timed): the old `linreg_core` (all of cpp/ but the CLI and the bindings,
# JSON in every file) against the new `linreg_core` (the math, no JSON); then, on top of the new
# one, `linreg_io` (JSON, CSV, sessions), so that core + io has the old library's sources. The
# two are built in turn, ROUNDS times, and the medians compared. Wall time and CPU time (user +
# system of the compilers) are both shown: on a shared machine the wall time also measures the
# other load, the CPU time much less.
set -euo pipefail
cd "$(dirname "$0")/.."
old="${1:-8a8d0f9}"
new="${2:-HEAD}"
jobs="${JOBS:-2}"
rounds="${ROUNDS:-3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git archive "$old" | (mkdir -p "$tmp/src-old" && tar -x -C "$tmp/src-old")
git archive "$new" | (mkdir -p "$tmp/src-new" && tar -x -C "$tmp/src-new")

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs "$@" and prints "wall cpu" seconds (cpu: user + system of every process it started).
timed() {
  local TIMEFORMAT='%R %U %S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%.1f %.1f", $1, $2 + $3 }'
}

# A clean configure + build of target $2 of source tree $1.
clean_build() {
  rm -rf "$1/build"
  cmake -S "$1" -B "$1/build" -DCMAKE_BUILD_TYPE=Release && cmake --build "$1/build" -j"$jobs" --target "$2"
}

echo "clean native build of the core, -j$jobs, $rounds rounds ($(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg))"
olds=() news=() ios=() olds_cpu=() news_cpu=() ios_cpu=()
for ((r = 1; r <= rounds; ++r)); do
  read -r t_old c_old <<<"$(timed clean_build "$tmp/src-old" linreg_core)"
  read -r t_new c_new <<<"$(timed clean_build "$tmp/src-new" linreg_core)"
  read -r t_io c_io <<<"$(timed cmake --build "$tmp/src-new/build" -j"$jobs" --target linreg_io)"
  for lib in src-old/build/liblinreg_core.a src-new/build/liblinreg_core.a src-new/build/liblinreg_io.a; do
    [ -f "$tmp/$lib" ] || { echo "build-time: $lib was not built" >&2; exit 1; }
  done
  echo "  round $r (wall / cpu s): $old core $t_old / $c_old; $(git rev-parse --short "$new") core $t_new / $c_new," \
       "io on top $t_io / $c_io"
  olds+=("$t_old") news+=("$t_new") ios+=("$t_io") olds_cpu+=("$c_old") news_cpu+=("$c_new") ios_cpu+=("$c_io")
done
summary() {
  awk -v what="$1" -v o="$2" -v n="$3" -v io="$4" 'BEGIN {
    printf "median %s: core %.1f s -> %.1f s, %.2fx faster; core + io (the old library'"'"'s sources) %.1f s, %.2fx\n",
           what, o, n, o / n, n + io, o / (n + io)
  }'
}
summary "wall time" "$(median "${olds[@]}")" "$(median "${news[@]}")" "$(median "${ios[@]}")"
summary "CPU time" "$(median "${olds_cpu[@]}")" "$(median "${news_cpu[@]}")" "$(median "${ios_cpu[@]}")"
