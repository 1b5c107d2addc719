#!/usr/bin/env bash
# Builds everything: the native core + C++ tests (build/native) and the WebAssembly module
# (build/wasm -> dist/core.mjs, dist/core.wasm). Incremental: a second run with nothing
# changed does almost no work.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten needs node-acorn from here (-O2)
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

bash scripts/setup.sh

# One build at a time in this tree (parallel test runs share build/).
mkdir -p build
exec 9>build/.build.lock
flock 9

what=${1:-all}
if [ "$what" = all ] || [ "$what" = native ]; then
  [ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/native -j"$JOBS" -- --no-print-directory
fi
if [ "$what" = all ] || [ "$what" = wasm ]; then
  [ -f build/wasm/CMakeCache.txt ] || emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CROSSCOMPILING_EMULATOR=node >/dev/null
  cmake --build build/wasm -j"$JOBS" -- --no-print-directory
  # The Node/Deno/Bun entry and the glue as one module (start-up time): dist/cfsign.node.mjs.
  node scripts/bundle.mjs
fi
