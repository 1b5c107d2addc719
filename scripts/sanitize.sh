#!/usr/bin/env bash
# The kernel tests under AddressSanitizer + UndefinedBehaviorSanitizer: scripts/sanitize.sh
# Configures and builds build/sanitize (g++, -DCFSIGN_SANITIZE=ON: cfsign_mbedcrypto,
# cfsign_core and cfsign_tests with -fsanitize=address,undefined -fno-sanitize-recover=undefined
# -g -O1), then runs the RSA-2048 kernel, P-256, private key and signer tests (not the timing
# tests: sanitizer instrumentation makes timings meaningless). Build and run are serialised on
# build/.sanitize.lock. The last line is "sanitize: N passed, N failed"; the exit status is
# non-zero if anything failed (a sanitizer report aborts the test binary: it counts as a failure).
# Environment: CFSIGN_SANITIZE_FILTER (gtest filter), JOBS (build jobs, default nproc).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD="$ROOT/build/sanitize"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# Rsa2048Kernel.MatchesMbedTlsOnFreshKeys (RSA key generation under ASan) is the slowest;
# the whole filter takes ~1 min of test time on a busy 2-core VM.
FILTER=${CFSIGN_SANITIZE_FILTER:-'Rsa2048Kernel.*:P256*:PrivateKey*:RandomBytes.*:KeyPairId.*:SignerCreate.*:SignUrl*:Wycheproof.*'}
LOG="$BUILD/sanitize.log"

summary() { echo "sanitize: $1 passed, $2 failed"; }

mkdir -p "$ROOT/build"
exec 9>"$ROOT/build/.sanitize.lock"
flock 9

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  if ! cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
      -DCFSIGN_SANITIZE=ON >"$BUILD.configure.log" 2>&1; then
    cat "$BUILD.configure.log" >&2
    rm -f "$BUILD/CMakeCache.txt"   # configure again next time
    echo "sanitize: configure failed" >&2
    summary 0 1
    exit 1
  fi
fi
if ! cmake --build "$BUILD" -j"$JOBS" --target cfsign_tests -- --no-print-directory >"$BUILD/build.log" 2>&1; then
  tail -n 40 "$BUILD/build.log" >&2
  echo "sanitize: build failed (log: build/sanitize/build.log)" >&2
  summary 0 1
  exit 1
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
rc=0
"$BUILD/cfsign_tests" --gtest_filter="$FILTER" >"$LOG" 2>&1 || rc=$?
cat "$LOG"
passed=$(grep -c '^\[       OK \] ' "$LOG")
failed=$(grep -cE '^\[  FAILED  \] .*\([0-9]+ ms\)$' "$LOG")   # not the closing list
# Counted per test only when gtest printed its own summary; otherwise (a sanitizer abort,
# a crash) the run itself is one more failure.
if [ "$rc" != 0 ] && { [ "$failed" = 0 ] || ! grep -q '^\[==========\] .* ran\.' "$LOG"; }; then
  failed=$((failed + 1))
fi
if [ "$passed" = 0 ] && [ "$failed" = 0 ]; then failed=1; fi   # the filter matched nothing
grep -E '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error: )' "$LOG" | head -n 10 >&2 || true
summary "$passed" "$failed"
[ "$failed" = 0 ]
