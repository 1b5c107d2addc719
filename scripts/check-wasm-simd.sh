#!/usr/bin/env bash
# Checks the instruction mix of the RSA kernel in dist/core.wasm (see src/cfsign/rsa2048.cpp):
#   * no i64x2.mul at all: clang 14 silently rewrites the extmul intrinsic into
#     i64x2.load32x2_u + i64x2.mul, which V8 expands to ~8 instructions (RSA ~10x slower);
#   * i64x2.extmul_low_i32x4_u present: the V28 SIMD kernel was compiled in.
# Usage: bash scripts/check-wasm-simd.sh [path/to/core.wasm]   (exit 0 = pass)
set -euo pipefail
if [ -n "${1:-}" ]; then wasm=$(realpath -m -- "$1"); else wasm=; fi
cd "$(dirname "$0")/.."
wasm=${wasm:-dist/core.wasm}
[ -f "$wasm" ] || { echo "check-wasm-simd: $wasm not found (run scripts/build.sh wasm)" >&2; exit 2; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
# binaryen's wasm-dis (comes with Debian's emscripten); llvm-objdump as the fallback.
if command -v wasm-dis >/dev/null 2>&1; then
  wasm-dis "$wasm" -o "$tmp" >/dev/null
elif command -v llvm-objdump-14 >/dev/null 2>&1; then
  llvm-objdump-14 -d "$wasm" >"$tmp"
else
  echo "check-wasm-simd: need wasm-dis (binaryen) or llvm-objdump-14" >&2
  exit 2
fi

mul=$(grep -c 'i64x2\.mul' "$tmp" || true)
extmul=$(grep -c 'i64x2\.extmul_low_i32x4_u' "$tmp" || true)
echo "check-wasm-simd: $wasm: i64x2.mul x $mul, i64x2.extmul_low_i32x4_u x $extmul"
if [ "$mul" -ne 0 ]; then
  echo "check-wasm-simd: FAIL: i64x2.mul found (the clang extmul -> i64x2.mul rewrite is back)" >&2
  exit 1
fi
if [ "$extmul" -eq 0 ]; then
  echo "check-wasm-simd: FAIL: no i64x2.extmul_low_i32x4_u (the V28 SIMD RSA kernel is missing)" >&2
  exit 1
fi
echo "check-wasm-simd: OK"
