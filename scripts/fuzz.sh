#!/usr/bin/env bash
# libFuzzer runs under ASan+UBSan: scripts/fuzz.sh [seconds-per-target] [target...]
# Builds build/fuzz with clang-14 (-DCFSIGN_FUZZ=ON), then runs each target (default: all
# five) for the given time (default 30 s) on a scratch copy of its committed seed corpus in
# tests/fuzz/corpus/<target>/ (the committed corpus is never grown). Crash, leak, timeout and
# OOM artifacts are kept in build/fuzz/artifacts/<target>/; the exit status is non-zero if any
# target failed. Logs: build/fuzz/logs/<target>.log. Environment: CFSIGN_FUZZ_JOBS (parallel
# targets, default 1), CFSIGN_FUZZ_NICE (nice level, default 10), CC / CXX (clang-14).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-30}
shift || true
ALL_TARGETS=(url policy cookies base64 key)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
JOBS=${CFSIGN_FUZZ_JOBS:-1}
NICE=${CFSIGN_FUZZ_NICE:-10}
CC=${CC_FUZZ:-clang-14}
CXX=${CXX_FUZZ:-clang++-14}
BUILD="$ROOT/build/fuzz"
case "$SECONDS_PER_TARGET" in ''|*[!0-9]*) echo "fuzz.sh: seconds must be a positive integer" >&2; exit 2 ;; esac
for t in "${TARGETS[@]}"; do
  [ -d "$ROOT/tests/fuzz/corpus/$t" ] || { echo "fuzz.sh: unknown target '$t' (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
done
command -v "$CXX" >/dev/null || { echo "fuzz.sh: $CXX not found (scripts/setup.sh installs clang-14 and libclang-rt-14-dev)" >&2; exit 1; }

say() { printf '[fuzz] %s\n' "$*"; }

# ---- build (serialised: several fuzz.sh runs may share build/fuzz) ---------------------
mkdir -p "$ROOT/build"
(
  flock 9
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
      -DCFSIGN_FUZZ=ON -DCFSIGN_BUILD_TESTS=OFF >/dev/null
  fi
  cmake --build "$BUILD" -j"$(nproc)" --target "${TARGETS[@]/#/fuzz_}" >/dev/null
) 9>"$ROOT/build/.fuzz.lock"
say "built: ${TARGETS[*]/#/fuzz_}"

# ---- run ------------------------------------------------------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$BUILD/logs" "$BUILD/artifacts" "$BUILD/scratch"

run_target() {
  local t=$1
  local scratch="$BUILD/scratch/$t" artifacts="$BUILD/artifacts/$t" log="$BUILD/logs/$t.log"
  rm -rf "$scratch"; mkdir -p "$scratch" "$artifacts"
  cp "$ROOT/tests/fuzz/corpus/$t"/* "$scratch"/
  local rc=0
  nice -n "$NICE" "$BUILD/fuzz_$t" "$scratch" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=5 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || rc=$?
  local execs cov ft units
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1 || true)
  cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -n1 | cut -d' ' -f2)
  ft=$( (grep -o 'ft: [0-9]*' "$log" || true) | tail -n1 | cut -d' ' -f2)
  units=$(find "$scratch" -type f | wc -l)
  if [ "$rc" = 0 ]; then
    say "$t: ok, ${SECONDS_PER_TARGET}s, ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}, corpus $units"
  else
    say "$t: FAILED (exit $rc) after ${execs:-?} execs; artifacts in $artifacts; log $log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n5 | sed 's/^/[fuzz]   /' || true
  fi
  return "$rc"
}

failed=()
pids=(); names=()
for t in "${TARGETS[@]}"; do
  run_target "$t" & pids+=($!); names+=("$t")
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("${names[$i]}")
done
if [ ${#failed[@]} -gt 0 ]; then
  say "failed: ${failed[*]}"
  exit 1
fi
say "all targets ok"
