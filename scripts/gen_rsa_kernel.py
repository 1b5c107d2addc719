#!/usr/bin/env python3
"""Generates src/cfsign/rsa2048_kernel.inc: fully unrolled Montgomery multiplication and
squaring for 1024-bit moduli held as 37 limbs of 28 bits (R = 2^1036), product scanning
(FIPS) with lazy carries in 64-bit accumulators.

Two variants are emitted, selected by the preprocessor in rsa2048.cpp:
  * L28 (scalar): l28_mul / l28_sqr, one modulus, uint32_t limbs, uint64_t accumulators.
  * V28 (WebAssembly SIMD128): v28_mul_body / v28_sqr_body, two moduli at once (the two CRT halves):
    limb j of both operands is stored as the pair (x_p[j], x_q[j]) of u32 at x[2j], x[2j+1];
    each column accumulator is an i64x2 (lane 0 = mod p, lane 1 = mod q). Products use
    i64x2.extmul_low_i32x4_u through inline asm (CFS_XM), because clang 14 rewrites the
    intrinsic on loaded operands into i64x2.load32x2_u + i64x2.mul (about 10x slower in V8).

Bounds (see rsa2048.cpp): inputs have normalised limbs (< 2^28) and a*b < p*R; the output
is < a*b/R + p (< 2p for inputs < 2p), normalised. A column holds at most 74 products below
2^56 plus a carry below 2^36, which stays under 2^63. Outputs may alias inputs: every input
limb is read into a local before the first store.

Usage: python3 scripts/gen_rsa_kernel.py > src/cfsign/rsa2048_kernel.inc
The generated file is committed, so builds do not need Python.
"""

import sys

L = 37  # limbs
W = 28  # bits per limb


def scalar_kernel(square):
    name = "l28_sqr" if square else "l28_mul"
    out = []
    if square:
        out.append(f"static void {name}(uint32_t* r, const uint32_t* a, const uint32_t* p, uint32_t pinv) {{")
    else:
        out.append(f"static void {name}(uint32_t* r, const uint32_t* a, const uint32_t* b, const uint32_t* p, uint32_t pinv) {{")
    out.append("  const uint64_t M = 0x0FFFFFFFu;")
    for j in range(L):
        out.append(f"  const uint64_t a{j} = a[{j}];")
    if square:
        for j in range(L - 1):  # the top limb is never doubled
            out.append(f"  const uint64_t d{j} = a{j} << 1;")
    else:
        for j in range(L):
            out.append(f"  const uint64_t b{j} = b[{j}];")
    for j in range(L):
        out.append(f"  const uint64_t p{j} = p[{j}];")
    out.append("  uint64_t acc = 0;")
    for i in range(2 * L - 1):
        out.append(f"  /* column {i} */")
        terms = []
        lo = max(0, i - (L - 1))
        hi = min(i, L - 1)
        if square:
            for j in range(lo, hi + 1):
                k = i - j
                if j < k:
                    terms.append(f"d{j} * a{k}")
                elif j == k:
                    terms.append(f"a{j} * a{j}")
        else:
            for j in range(lo, hi + 1):
                terms.append(f"a{j} * b{i - j}")
        for j in range(lo, hi + 1):
            k = i - j
            if j < L and k < L and j != i:  # m_i * p_0 is added after m_i is known
                terms.append(f"m{j} * p{k}")
        for t in terms:
            out.append(f"  acc += {t};")
        if i < L:
            out.append(f"  const uint64_t m{i} = (uint32_t)((uint32_t)acc * pinv) & M;")
            out.append(f"  acc += m{i} * p0;")
            out.append("  acc >>= 28;")
        else:
            out.append(f"  r[{i - L}] = (uint32_t)(acc & M);")
            out.append("  acc >>= 28;")
    out.append(f"  r[{L - 1}] = (uint32_t)acc;")
    out.append("}")
    return "\n".join(out)


def vector_kernel(square):
    # Bodies only: rsa2048.cpp joins them in one out-of-line function (v28_mont), so V8 re-compiles
    # one function, not two at once, for its optimising tier during a cold start.
    name = "v28_sqr_body" if square else "v28_mul_body"
    out = []
    attrs = "static inline __attribute__((always_inline)) void"
    if square:
        out.append(f"{attrs} {name}(uint32_t* r, const uint32_t* a, const uint32_t* p, v128_t pinv) {{")
    else:
        out.append(f"{attrs} {name}(uint32_t* r, const uint32_t* a, const uint32_t* b, const uint32_t* p, v128_t pinv) {{")
    out.append("  const v128_t M = wasm_i32x4_splat(0x0FFFFFFF);")
    for j in range(L):
        out.append(f"  const v128_t a{j} = wasm_v128_load64_zero(a + {2 * j});")
    if square:
        for j in range(L - 1):  # the top limb is never doubled
            out.append(f"  const v128_t d{j} = wasm_i32x4_shl(a{j}, 1);")
    else:
        for j in range(L):
            out.append(f"  const v128_t b{j} = wasm_v128_load64_zero(b + {2 * j});")
    for j in range(L):
        out.append(f"  const v128_t p{j} = wasm_v128_load64_zero(p + {2 * j});")
    out.append("  v128_t acc = wasm_i64x2_splat(0), t;")
    outs = []
    for i in range(2 * L - 1):
        out.append(f"  /* column {i} */")
        terms = []
        lo = max(0, i - (L - 1))
        hi = min(i, L - 1)
        if square:
            for j in range(lo, hi + 1):
                k = i - j
                if j < k:
                    terms.append(f"CFS_XM(d{j}, a{k})")
                elif j == k:
                    terms.append(f"CFS_XM(a{j}, a{j})")
        else:
            for j in range(lo, hi + 1):
                terms.append(f"CFS_XM(a{j}, b{i - j})")
        for j in range(lo, hi + 1):
            k = i - j
            if j != i:
                terms.append(f"CFS_XM(m{j}, p{k})")
        for t in terms:
            out.append(f"  acc = wasm_i64x2_add(acc, {t});")
        if i < L:
            out.append("  t = wasm_i32x4_mul(acc, pinv);")
            out.append(f"  const v128_t m{i} = wasm_v128_and(wasm_i32x4_shuffle(t, t, 0, 2, 0, 2), M);")
            out.append(f"  acc = wasm_i64x2_add(acc, CFS_XM(m{i}, p0));")
            out.append("  acc = wasm_u64x2_shr(acc, 28);")
        else:
            k = i - L
            out.append(f"  const v128_t o{k} = acc;")
            out.append("  acc = wasm_u64x2_shr(acc, 28);")
            outs.append(k)
    out.append(f"  const v128_t o{L - 1} = acc;")
    out.append(f"  const v128_t o{L} = wasm_i64x2_splat(0);")
    for k in range(0, L + 1, 2):
        out.append(f"  wasm_v128_store(r + {2 * k}, wasm_v128_and(wasm_i32x4_shuffle(o{k}, o{k + 1}, 0, 2, 4, 6), M));")
    out.append("}")
    return "\n".join(out)


def main():
    parts = [
        "/* Generated by scripts/gen_rsa_kernel.py: do not edit by hand. */",
        "/* Included by src/cfsign/rsa2048.cpp (which defines CFSIGN_RSA_V28 and CFS_XM). */",
        "/* clang-format off */",
        "#if defined(CFSIGN_RSA_V28)",
        vector_kernel(False),
        "",
        vector_kernel(True),
        "#else",
        scalar_kernel(False),
        "",
        scalar_kernel(True),
        "#endif",
        "/* clang-format on */",
        "",
    ]
    sys.stdout.write("\n".join(parts))


if __name__ == "__main__":
    main()
