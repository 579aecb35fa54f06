#!/usr/bin/env bash
# Runs every fuzz target of tests/fuzz for a bounded time over a copy of its committed seed
# corpus (the repository's corpus never grows), after replaying the inputs saved under
# tests/fuzz/crashes/<target>/. Used by `make fuzz-test`; see tests/fuzz/README.md.
#
#   run_fuzzers.sh <build dir> <seconds per target> [target ...]
set -uo pipefail

build=$1
seconds=$2
shift 2
src=$(cd "$(dirname "$0")" && pwd)
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in "$src"/*_fuzzer.cc; do targets+=("$(basename "$f" _fuzzer.cc)"); done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
mkdir -p "$build/logs"
failed=()
for t in "${targets[@]}"; do
  bin="$build/${t}_fuzzer"
  log="$build/logs/$t.log"
  corpus="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  cp -r "$src/corpus/$t/." "$corpus/" 2>/dev/null || true
  : > "$log"
  if [ -d "$src/crashes/$t" ] && [ -n "$(ls -A "$src/crashes/$t")" ]; then
    if ! "$bin" -runs=0 -rss_limit_mb=2048 "$src/crashes/$t"/* >> "$log" 2>&1; then
      echo "fuzz $t: FAILED replaying tests/fuzz/crashes/$t/ (log: $log)"
      tail -n 40 "$log"
      failed+=("$t")
      continue
    fi
  fi
  "$bin" "$corpus" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts" -print_final_stats=1 >> "$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  if [ $rc -ne 0 ]; then
    echo "fuzz $t: FAILED after ${runs:-?} runs; input saved in $artifacts (log: $log)"
    grep -m 1 -A 30 -E '^==[0-9]+==|fuzz check failed|runtime error' "$log" || tail -n 40 "$log"
    failed+=("$t")
  else
    printf 'fuzz %-18s %8s runs in %ss, %6s/s, corpus %s\n' "$t" "${runs:-?}" "$seconds" \
      "${rate:-?}" "$(ls "$corpus" | wc -l)"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz targets failed: ${failed[*]}"
  exit 1
fi
