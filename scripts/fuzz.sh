#!/usr/bin/env bash
# Fuzzes the readers of untrusted text with libFuzzer (clang, with AddressSanitizer and
# UndefinedBehaviorSanitizer): the JSON config (and the JS API's JSON requests), the saved-session
# import and the CSV reader. Builds them in build-asan/ (scripts/sanitize.sh --build), then runs
# each target for a bounded time from the seed corpus in tests/fuzz/corpus/<target>/ (new inputs go
# to a temporary folder, never into the repository). Prints executions and coverage per target; a
# crash fails the run and leaves its input in build-asan/fuzz-artifacts/<target>/ (add it to
# tests/fuzz/regressions/<target>/, which the native tests replay).
#   scripts/fuzz.sh                 every target for FUZZ_SECONDS (default 30) seconds each
#   FUZZ_SECONDS=300 scripts/fuzz.sh csv    one target, longer
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${FUZZ_SECONDS:-30}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(config session csv)

bash scripts/sanitize.sh --build >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for target in "${targets[@]}"; do
  artifacts="$root/build-asan/fuzz-artifacts/$target"
  mkdir -p "$work/$target" "$artifacts"
  log="$work/$target.log"
  # -timeout: a single input taking longer than 10 s counts as a failure (a hang);
  # -rss_limit_mb: the process may not grow beyond 2 GiB (the WebAssembly module's cap).
  set +e
  (cd "$work" && "$root/build-asan/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work/$target" "$root/tests/fuzz/corpus/$target") >"$log" 2>&1
  rc=$?
  set -e
  pcs="$(grep -o 'PC tables ([0-9]* PCs)' "$log" | grep -o '[0-9]*' | head -1)"
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)"
  execs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')"
  cov="$(echo "$done_line" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')"
  ft="$(echo "$done_line" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')"
  corp="$(echo "$done_line" | grep -o 'corp: [0-9]*' | grep -o '[0-9]*')"
  if [ $rc -ne 0 ]; then
    echo "fuzz_$target: FAILED after ${execs:-?} executions (exit $rc):"
    grep -E 'fuzz check failed|ERROR|SUMMARY|Test unit written' "$log" | head -10 | sed 's/^/  /'
    echo "  the input is in $artifacts/: add it to tests/fuzz/regressions/$target/ with the fix"
    status=1
  else
    echo "fuzz_$target: ${execs} executions in ${seconds} s, coverage ${cov} of ${pcs} instrumented edges" \
      "(${ft} features, ${corp} inputs in the corpus), no failures"
  fi
done
exit $status
