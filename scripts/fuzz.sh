#!/usr/bin/env bash
# Fuzzes the readers of untrusted text with libFuzzer (clang, with AddressSanitizer and
# UndefinedBehaviorSanitizer): the JSON config (and the JS API's JSON requests), the saved-session
# import and the CSV reader. Builds them in build-asan/ (scripts/sanitize.sh --build), then runs
# each target for a bounded time from the seed corpus in tests/fuzz/corpus/<target>/ and the inputs
# that once failed, tests/fuzz/regressions/<target>/ (new inputs go to a temporary folder, never
# into the repository). Prints executions, speed and coverage per target; a crash, a hang or a
# failed check fails the run and leaves its input in build-asan/fuzz-artifacts/<target>/ (add it
# to tests/fuzz/regressions/<target>/, which the native tests replay).
#   scripts/fuzz.sh                          every target for FUZZ_SECONDS (default 30) seconds each
#   FUZZ_SECONDS=240 scripts/fuzz.sh csv     one target, longer
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${FUZZ_SECONDS:-30}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(config session csv)
for target in "${targets[@]}"; do
  case "$target" in
    config|session|csv) ;;
    *) echo "fuzz.sh: unknown target '$target' (targets: config, session, csv)" >&2; exit 2 ;;
  esac
done

bash scripts/sanitize.sh --build >/dev/null

# The last number that follows the text $1 in the log on stdin, or nothing (sed and tail succeed
# when nothing matches, so this is safe under set -e and pipefail).
figure() { sed -n "s/.*$1[[:space:]]*\([0-9][0-9]*\).*/\1/p" | tail -n 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for target in "${targets[@]}"; do
  artifacts="$root/build-asan/fuzz-artifacts/$target"
  mkdir -p "$work/$target" "$artifacts"
  seeds=("$root/tests/fuzz/corpus/$target")
  [ -d "$root/tests/fuzz/regressions/$target" ] && seeds+=("$root/tests/fuzz/regressions/$target")
  # The dictionary of tokens (prototype-member keys, deep nesting, ...): tests/fuzz/<target>.dict.
  dict=()
  [ -f "$root/tests/fuzz/$target.dict" ] && dict=("-dict=$root/tests/fuzz/$target.dict")
  log="$work/$target.log"
  # -timeout: a single input taking longer than 10 s counts as a failure (a hang);
  # -rss_limit_mb: the process may not grow beyond 2 GiB (the WebAssembly module's cap).
  rc=0
  (cd "$work" && "$root/build-asan/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${dict[@]}" -artifact_prefix="$artifacts/" "$work/$target" "${seeds[@]}") >"$log" 2>&1 || rc=$?
  pcs="$(figure 'PC tables (' <"$log")"
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)"
  execs="$(figure 'stat::number_of_executed_units:' <"$log")"
  speed="$(figure 'stat::average_exec_per_sec:' <"$log")"
  rss="$(figure 'stat::peak_rss_mb:' <"$log")"
  cov="$(figure 'cov:' <<<"$done_line")"
  ft="$(figure 'ft:' <<<"$done_line")"
  corp="$(figure 'corp:' <<<"$done_line")"
  if [ "$rc" -ne 0 ] || [ -z "$done_line" ]; then
    echo "fuzz_$target: FAILED after ${execs:-?} executions (exit $rc):"
    { grep -E 'fuzz check failed|ERROR|SUMMARY|Test unit written' "$log" || tail -n 20 "$log"; } | sed -n '1,10s/^/  /p'
    echo "  the input is in $artifacts/: add it to tests/fuzz/regressions/$target/ with the fix"
    status=1
  else
    echo "fuzz_$target: ${execs} executions in ${seconds} s (${speed}/s), coverage ${cov} of ${pcs}" \
      "instrumented edges, ${ft} features, ${corp} inputs in the corpus, peak RSS ${rss} MB, no failures"
  fi
done
exit $status
