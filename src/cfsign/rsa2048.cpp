// Constant-time RSA-2048 private-key kernel: see rsa2048.hpp for the overview.
//
// Numbers mod a 1024-bit prime are 37 limbs of 28 bits (value < R = 2^1036); numbers mod n are
// 74 limbs (R_n = 2^2072). Every limb is "normalised" (< 2^28) between operations.
//
// Montgomery multiplication mont(a, b) = a*b/R mod p returns a value < a*b/R + p with normalised
// limbs. Because R = 2^1036 >= 16p, mont() of two values below 4p is below 2p, so values stay
// below 2p throughout an exponentiation with no final subtraction (Walter's bound), and one
// conditional subtraction of p at the end makes the result canonical.
//
// Nothing here branches on, or computes an address from, a secret: exponent windows select
// table entries by reading all 32 entries under masks, conditional subtractions use masks, and
// the only data-dependent branches are on public values (e, bit positions, the message < n test,
// the final fault-check result).
#include "cfsign/rsa2048.hpp"

#include <cstdint>
#include <cstring>

#include <mbedtls/bignum.h>
#include <mbedtls/platform_util.h>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define CFSIGN_RSA_V28 1
#endif

// Functions run once per key or once per signature stay out of line (see CMakeLists.txt: the
// wasm build also stops Binaryen from inlining large single-caller functions). V8 compiles a
// hot function again in its optimising tier on background threads; one large function with
// the kernel's loops inlined cost ~60 ms of that work per call site at start-up.
#if defined(__GNUC__) || defined(__clang__)
#define CFS_NOINLINE __attribute__((noinline))
#define CFS_INLINE inline __attribute__((always_inline))
#else
#define CFS_NOINLINE
#define CFS_INLINE inline
#endif

namespace cfsign::rsa2048 {

namespace {

constexpr int kL = 37;                  // limbs of a number mod p (or q)
constexpr int kLP = 38;                 // ... padded to an even count (pairs for 128-bit access)
constexpr int kN = 74;                  // limbs of a number mod n
constexpr uint32_t kMask = 0x0FFFFFFFu;
constexpr int kRBits = 28 * kL;         // log2 R   = 1036
constexpr int kRnBits = 28 * kN;        // log2 R_n = 2072

// Exponent blinding: dP' = dP + r*(p-1) with a fresh random r of this many bits per signature
// (0 disables it; a multiple of 32). Mbed TLS uses 224 bits, which costs it +19 % per
// exponentiation; here 64 bits adds 13 windows to 205: measured +5 % per signature in wasm
// (CPU time, best of 5: none 2.16 ms, 32 bits 2.22 ms, 64 bits 2.26 ms).
#ifndef CFSIGN_RSA_EXP_BLIND_BITS
#define CFSIGN_RSA_EXP_BLIND_BITS 64
#endif
constexpr int kExpBlindBits = CFSIGN_RSA_EXP_BLIND_BITS;
constexpr int kBlindWords = kExpBlindBits / 32;
constexpr int kExpBits = 1024 + kExpBlindBits + (kExpBlindBits > 0 ? 1 : 0);
constexpr int kWindows = (kExpBits + 4) / 5;
constexpr int kExpWords = (5 * kWindows + 31) / 32 + 1;  // +1: windows may straddle a word

static_assert(kBlindWords * 32 == kExpBlindBits, "exponent blinding is whole 32-bit words");
static_assert(kExpWords >= 32 + kBlindWords + 1, "room for the blinded exponent");

#if defined(CFSIGN_RSA_V28)
// i64x2.extmul_low_i32x4_u, forced: clang 14 turns wasm_u64x2_extmul_low_u32x4 on loaded values
// into i64x2.load32x2_u + i64x2.mul, which V8 expands to ~8 instructions (10x slower overall).
// scripts/check-wasm-simd.sh asserts the module has no i64x2.mul.
static inline v128_t cfs_xm(v128_t x, v128_t y) {
  v128_t r;
  __asm__("local.get %1\n\tlocal.get %2\n\ti64x2.extmul_low_i32x4_u\n\tlocal.set %0" : "=r"(r) : "r"(x), "r"(y));
  return r;
}
#define CFS_XM(x, y) cfs_xm((x), (y))
#endif

#include "rsa2048_kernel.inc"

#if defined(CFSIGN_RSA_V28)
// The unrolled multiplication and squaring as one function (`square` is public). V8 runs new
// code in its baseline tier, which is as fast as its optimising tier for these straight-line
// bodies, and re-compiles hot functions for the optimising tier on background threads during
// the first signature; as two functions they were two ~30-40 ms compile jobs at once, which on
// a 2-vCPU host took CPU from the signing thread. One function is one job.
CFS_NOINLINE void v28_mont(uint32_t* r, const uint32_t* a, const uint32_t* b, const uint32_t* p, v128_t pinv,
                           int square) {
  if (square) {
    v28_sqr_body(r, a, p, pinv);
  } else {
    v28_mul_body(r, a, b, p, pinv);
  }
}
inline void v28_mul(uint32_t* r, const uint32_t* a, const uint32_t* b, const uint32_t* p, v128_t pinv) {
  v28_mont(r, a, b, p, pinv, 0);
}
inline void v28_sqr(uint32_t* r, const uint32_t* a, const uint32_t* p, v128_t pinv) { v28_mont(r, a, a, p, pinv, 1); }
#endif

// Hides a mask from the optimiser so it cannot turn masked selection back into a branch.
inline uint32_t opaque(uint32_t x) {
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(x));
#endif
  return x;
}

// 0xffffffff when a == b, else 0 (a, b < 2^31).
[[maybe_unused]] inline uint32_t ct_eq_mask(uint32_t a, uint32_t b) {
  const uint32_t x = a ^ b;
  return opaque(((x | (0u - x)) >> 31) - 1u);
}

void wipe(void* p, size_t n) { mbedtls_platform_zeroize(p, n); }

// ---- limb helpers (n limbs of 28 bits, `stride` apart so they also work on p/q pairs) ------

// Big-endian bytes -> 28-bit limbs (bits above n*28 are dropped; callers pass values that fit).
void limbs_from_bytes(uint32_t* out, int n, const unsigned char* be, size_t len) {
  uint64_t acc = 0;
  int bits = 0, k = 0;
  for (size_t i = len; i-- > 0;) {
    acc |= static_cast<uint64_t>(be[i]) << bits;
    bits += 8;
    if (bits >= 28) {
      if (k < n) out[k++] = static_cast<uint32_t>(acc) & kMask;
      acc >>= 28;
      bits -= 28;
    }
  }
  while (k < n) {
    out[k++] = static_cast<uint32_t>(acc) & kMask;
    acc >>= 28;
  }
}

// 28-bit limbs -> big-endian bytes (the value must fit in len bytes).
void limbs_to_bytes(unsigned char* be, size_t len, const uint32_t* in, int n) {
  uint64_t acc = 0;
  int bits = 0, k = 0;
  for (size_t i = len; i-- > 0;) {
    if (bits < 8) {
      acc |= static_cast<uint64_t>(k < n ? in[k] : 0) << bits;
      ++k;
      bits += 28;
    }
    be[i] = static_cast<unsigned char>(acc);
    acc >>= 8;
    bits -= 8;
  }
}

// Big-endian bytes -> little-endian 32-bit words.
void words_from_bytes(uint32_t* out, int n, const unsigned char* be, size_t len) {
  for (int i = 0; i < n; ++i) out[i] = 0;
  for (size_t i = 0; i < len; ++i) {
    const size_t bit = 8 * (len - 1 - i);
    if (static_cast<int>(bit / 32) < n) out[bit / 32] |= static_cast<uint32_t>(be[i]) << (bit % 32);
  }
}

// r = a + b; the sum must fit in n limbs.
void add_limbs(uint32_t* r, const uint32_t* a, const uint32_t* b, int n, int stride = 1) {
  uint32_t carry = 0;
  for (int i = 0; i < n * stride; i += stride) {
    const uint32_t s = a[i] + b[i] + carry;
    r[i] = s & kMask;
    carry = s >> 28;
  }
}

// r = a - b; returns the borrow (1 when a < b).
uint32_t sub_limbs(uint32_t* r, const uint32_t* a, const uint32_t* b, int n) {
  uint32_t borrow = 0;
  for (int i = 0; i < n; ++i) {
    const uint32_t d = a[i] - b[i] - borrow;
    r[i] = d & kMask;
    borrow = d >> 31;
  }
  return borrow;
}

// a = a - m when a >= m, in constant time.
void cond_sub(uint32_t* a, const uint32_t* m, int n) {
  uint32_t t[kN];
  const uint32_t keep = opaque(sub_limbs(t, a, m, n) - 1u);  // all ones when a >= m
  for (int i = 0; i < n; ++i) a[i] = (t[i] & keep) | (a[i] & ~keep);
  wipe(t, sizeof(t));
}

// -p^-1 mod 2^28 for odd p0 (Newton iteration: 3 correct bits doubling to 48).
uint32_t neg_inverse(uint32_t p0) {
  uint32_t x = p0;
  for (int i = 0; i < 4; ++i) x *= 2u - p0 * x;
  return (0u - x) & kMask;
}

// Loop-based product-scanning Montgomery multiplication for any limb count up to kN (used for
// the 2048-bit operations mod n and a few one-off steps mod p). r may alias a or b. A column
// holds at most 2*74 products below 2^56 plus a carry below 2^36: under 2^64.
CFS_NOINLINE void mont_loop(uint32_t* r, const uint32_t* a, const uint32_t* b, const uint32_t* mod, uint32_t minv, int n) {
  uint32_t m[kN];
  uint32_t t[kN];
  uint64_t acc = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < i; ++j) {
      acc += static_cast<uint64_t>(a[j]) * b[i - j];
      acc += static_cast<uint64_t>(m[j]) * mod[i - j];
    }
    acc += static_cast<uint64_t>(a[i]) * b[0];
    m[i] = (static_cast<uint32_t>(acc) * minv) & kMask;
    acc += static_cast<uint64_t>(m[i]) * mod[0];
    acc >>= 28;
  }
  for (int i = n; i < 2 * n - 1; ++i) {
    for (int j = i - n + 1; j < n; ++j) {
      acc += static_cast<uint64_t>(a[j]) * b[i - j];
      acc += static_cast<uint64_t>(m[j]) * mod[i - j];
    }
    t[i - n] = static_cast<uint32_t>(acc) & kMask;
    acc >>= 28;
  }
  t[n - 1] = static_cast<uint32_t>(acc);
  std::memcpy(r, t, sizeof(uint32_t) * n);
  wipe(m, sizeof(m));
  wipe(t, sizeof(t));
}

#if defined(__clang__)
#define CFS_NO_UNROLL _Pragma("clang loop unroll(disable)")
#define CFS_UNROLL4 _Pragma("clang loop unroll_count(4)")
#else
#define CFS_UNROLL4
#define CFS_NO_UNROLL
#endif

// Montgomery squaring mod a 2048-bit n (74 limbs) for the public operation, operand scanning
// into 148 lazy 64-bit column accumulators: the 2701 cross products once (doubled), the 74
// squares, then 74 reduction rows, each carrying its column's high bits into the next one.
// A column receives at most 37 doubled cross products < 2^57, one square and 74 m*n products
// < 2^56, plus a carry < 2^36: under 2^64. Same contract as mont_loop (r may alias a; a < 2n
// gives r < 2n). Not constant time in any way that matters: public data only.
//
// Measured in V8 (wasm, TurboFan): this loop runs slightly faster than mont_loop, and 2-3x
// faster than a fully unrolled 74-limb product-scanning kernel (generated like l28_sqr; ~300
// live 64-bit values defeat TurboFan's register allocator, although Liftoff runs it fast).
[[maybe_unused]] void sqr_rows(uint32_t* r, const uint32_t* a, const uint32_t* mod, uint32_t minv) {
  uint64_t T[2 * kN] = {0};
  for (int i = 0; i < kN - 1; ++i) {
    const uint64_t ai = 2ull * a[i];
    CFS_UNROLL4 for (int j = i + 1; j < kN; ++j) T[i + j] += ai * a[j];
  }
  for (int i = 0; i < kN; ++i) T[2 * i] += static_cast<uint64_t>(a[i]) * a[i];
  for (int i = 0; i < kN; ++i) {
    const uint64_t m = (static_cast<uint32_t>(T[i]) * minv) & kMask;
    CFS_UNROLL4 for (int j = 0; j < kN; ++j) T[i + j] += m * mod[j];
    T[i + 1] += T[i] >> 28;
  }
  uint64_t c = 0;
  for (int i = 0; i < kN - 1; ++i) {
    c += T[kN + i];
    r[i] = static_cast<uint32_t>(c) & kMask;
    c >>= 28;
  }
  r[kN - 1] = static_cast<uint32_t>(c + T[2 * kN - 1]);
}

// out = 2^(start + k) mod m: 2^start (which must be below m) doubled k times, each doubling
// followed by a constant-time conditional subtraction (m < 2^(28n - 1), odd or not).
CFS_NOINLINE void pow2_mod(uint32_t* out, int start, int k, const uint32_t* m, int n) {
  for (int i = 0; i < n; ++i) out[i] = 0;
  out[start / 28] = 1u << (start % 28);
  for (int it = 0; it < k; ++it) {
    uint32_t carry = 0;
    for (int i = 0; i < n; ++i) {
      const uint32_t v = (out[i] << 1) | carry;
      carry = out[i] >> 27;
      out[i] = v & kMask;
    }
    cond_sub(out, m, n);
  }
}

#if !defined(CFSIGN_RSA_V28)  // (the SIMD build does both primes at once: prime_constants_v28)
// R^2 mod a 1024-bit prime (canonical): the Montgomery form of 2^1036, by left-to-right
// square-and-multiply from 2R mod prime (12 Montgomery steps instead of 2072 doublings).
// 2^1023 < prime, so 2R = 2^1037 mod prime takes 14 doublings.
static_assert(kRBits == 1036, "r2_mod_prime's exponent bits");
CFS_NOINLINE void r2_mod_prime(uint32_t* r2, const uint32_t* mod, uint32_t minv) {
  uint32_t two[kL];
  pow2_mod(two, 1023, kRBits + 1 - 1023, mod, kL);  // 2 * R mod prime (its Montgomery form)
  std::memcpy(r2, two, sizeof(two));
  for (int b = 9; b >= 0; --b) {                     // 1036 = 0b100_0000_1100
    mont_loop(r2, r2, r2, mod, minv, kL);
    if ((kRBits >> b) & 1) mont_loop(r2, r2, two, mod, minv, kL);
  }
  cond_sub(r2, mod, kL);
  wipe(two, sizeof(two));
}
#endif

// Bits [5i, 5i+5) of a little-endian word array (the position is public).
inline uint32_t window_at(const uint32_t* e, int i) {
  const int pos = 5 * i;
  const int w = pos >> 5, sh = pos & 31;
  uint32_t v = e[w] >> sh;
  if (sh > 27) v |= e[w + 1] << (32 - sh);
  return v & 31u;
}

constexpr int kNPad = kN + 4;  // mod n limbs zero-padded for the two-row passes below

#if defined(CFSIGN_RSA_V28)
// SIMD128 Montgomery arithmetic mod n: the public operation, and the blinding and the fault
// check of the private one. Fixed trip counts, no data-dependent branch or address, so it is
// as constant-time as mont_loop.
// Operand scanning into 64-bit column accumulators T, two rows per pass: each pass adds a pair
// of adjacent columns (one i64x2) the products of two row multipliers, so every accumulator is
// loaded and stored once per two rows. The column sums are exactly those of sqr_rows and
// mont_loop (same bounds: under 2^64), and so are the results.

// The squaring and the multiplication are one function with the reduction inside: V8 re-compiles
// each hot wasm function for its optimising tier in a background job, and during a cold start
// (key set-up, first signature) several jobs at once take turns with the signing thread on a
// 2-vCPU host. As three functions these steps were three such jobs.
CFS_NOINLINE void v_mont_n(uint32_t* r, const uint32_t* a_in, const uint32_t* b_in, const uint32_t* mod, uint32_t minv,
                           bool square) {
  alignas(16) uint64_t T[2 * kN + 4] = {0};
  alignas(16) uint32_t x[kNPad] = {0};
  if (square) {
    // r = a^2 / R_n: the doubled cross products two rows at a time, then the squares.
    const uint32_t* a = x;
    std::memcpy(x, a_in, sizeof(uint32_t) * kN);
    for (int i = 0; i < kN; i += 2) {
      const v128_t a0 = wasm_i32x4_splat(static_cast<int32_t>(2 * a[i]));
      const v128_t a1 = wasm_i32x4_splat(static_cast<int32_t>(2 * a[i + 1]));
      T[2 * i + 1] += 2ull * a[i] * a[i + 1];
      // Columns 2i+2 .. i+74: 2 a_i a_(k-i) + 2 a_(i+1) a_(k-i-1). The second term's first product
      // is 2 a_(i+1)^2 on column 2i+2, one square too many: taken back below.
      uint64_t* row = T + 2 * i + 2;
      const int pairs = (kN - i) / 2;
      for (int j = 0; j < pairs; ++j) {
        const v128_t p = wasm_i64x2_add(cfs_xm(wasm_v128_load64_zero(a + i + 2 + 2 * j), a0),
                                        cfs_xm(wasm_v128_load64_zero(a + i + 1 + 2 * j), a1));
        wasm_v128_store(row + 2 * j, wasm_i64x2_add(wasm_v128_load(row + 2 * j), p));
      }
    }
    // Column sums are exact modulo 2^64 and below 2^64 once complete, so the order is free.
    for (int i = 0; i < kN; i += 2) {
      T[2 * i] += static_cast<uint64_t>(a[i]) * a[i];
      T[2 * i + 2] -= static_cast<uint64_t>(a[i + 1]) * a[i + 1];
    }
  } else {
    // r = a b / R_n (r may alias a or b: a is read, and b copied, before r is written).
    const uint32_t* a = a_in;
    const uint32_t* b = x;
    std::memcpy(x, b_in, sizeof(uint32_t) * kN);
    for (int i = 0; i < kN; i += 2) {
      const v128_t a0 = wasm_i32x4_splat(static_cast<int32_t>(a[i]));
      const v128_t a1 = wasm_i32x4_splat(static_cast<int32_t>(a[i + 1]));
      T[i] += static_cast<uint64_t>(a[i]) * b[0];
      uint64_t* row = T + i + 1;  // columns i+1 .. i+74: a_i b_(k-i) + a_(i+1) b_(k-i-1)
      for (int j = 0; j < kN / 2; ++j) {
        const v128_t p = wasm_i64x2_add(cfs_xm(wasm_v128_load64_zero(b + 1 + 2 * j), a0),
                                        cfs_xm(wasm_v128_load64_zero(b + 2 * j), a1));
        wasm_v128_store(row + 2 * j, wasm_i64x2_add(wasm_v128_load(row + 2 * j), p));
      }
    }
  }
  // Reduction rows over T[0 .. 2kN): two rows per pass. m_i and m_(i+1) are found first in
  // scalar code (with the carries out of columns i and i+1, which are then dead), and the vector
  // loop adds m_i n_(k-i) + m_(i+1) n_(k-i-1) to columns k = i+2 .. i+75 (padding limbs are 0).
  uint64_t carry = 0;
  for (int i = 0; i < kN; i += 2) {
    const uint64_t t0 = T[i] + carry;
    const uint32_t m0 = (static_cast<uint32_t>(t0) * minv) & kMask;
    const uint64_t c0 = (t0 + static_cast<uint64_t>(m0) * mod[0]) >> 28;
    const uint64_t t1 = T[i + 1] + static_cast<uint64_t>(m0) * mod[1] + c0;
    const uint32_t m1 = (static_cast<uint32_t>(t1) * minv) & kMask;
    carry = (t1 + static_cast<uint64_t>(m1) * mod[0]) >> 28;
    const v128_t mv0 = wasm_i32x4_splat(static_cast<int32_t>(m0));
    const v128_t mv1 = wasm_i32x4_splat(static_cast<int32_t>(m1));
    uint64_t* row = T + i + 2;
    for (int j = 0; j < kN / 2; ++j) {
      const v128_t p = wasm_i64x2_add(cfs_xm(wasm_v128_load64_zero(mod + 2 + 2 * j), mv0),
                                      cfs_xm(wasm_v128_load64_zero(mod + 1 + 2 * j), mv1));
      wasm_v128_store(row + 2 * j, wasm_i64x2_add(wasm_v128_load(row + 2 * j), p));
    }
  }
  uint64_t c = carry;
  for (int i = 0; i < kN - 1; ++i) {
    c += T[kN + i];
    r[i] = static_cast<uint32_t>(c) & kMask;
    c >>= 28;
  }
  r[kN - 1] = static_cast<uint32_t>(c + T[2 * kN - 1]);
  wipe(x, sizeof(x));
}
#endif

// Montgomery steps mod n (`mod` has kNPad limbs, the padding zero; a, b < 2n give r < 2n).
inline void n_sqr(uint32_t* r, const uint32_t* a, const uint32_t* mod, uint32_t minv) {
#if defined(CFSIGN_RSA_V28)
  v_mont_n(r, a, a, mod, minv, true);
#else
  sqr_rows(r, a, mod, minv);
#endif
}

inline void n_mul(uint32_t* r, const uint32_t* a, const uint32_t* b, const uint32_t* mod, uint32_t minv) {
#if defined(CFSIGN_RSA_V28)
  v_mont_n(r, a, b, mod, minv, false);
#else
  mont_loop(r, a, b, mod, minv, kN);
#endif
}

}  // namespace

struct KeyData {
  // Per prime (0 = p, 1 = q): modulus, -mod^-1 mod 2^28, R^2, R^3 and R mod the prime, the CRT
  // exponent and prime - 1 (32-bit words, for exponent blinding).
  uint32_t mod[2][kLP];
  uint32_t minv[2];
  uint32_t r2[2][kLP];
  uint32_t r3[2][kLP];
  uint32_t one[2][kLP];
  uint32_t exp[2][kExpWords];
  uint32_t pm1[2][32];
  uint32_t qinv_m[kL];  // qInv * R mod p
  // Mod n: modulus, its Montgomery constant, R_n^2 mod n, the public exponent.
  uint32_t n[kNPad];  // zero-padded (n_sqr / n_mul)
  uint32_t ninv;
  uint32_t r2n[kN];
  uint64_t e;
  int ebits;
  // Blinding pair in Montgomery form mod n: vi = r^e * R_n, vf = r^-1 * R_n (squared per call).
  uint32_t vi[kN];
  uint32_t vf[kN];
#if defined(CFSIGN_RSA_V28)
  // The same constants with p and q interleaved (limb j of p at [2j], of q at [2j+1]).
  alignas(16) uint32_t mod_pq[2 * kLP];
  alignas(16) uint32_t r2_pq[2 * kLP];
  alignas(16) uint32_t r3_pq[2 * kLP];
  alignas(16) uint32_t one_pq[2 * kLP];
  alignas(16) uint32_t pinv_v[4];  // (minv_p, 0, minv_q, 0): the low halves of the two i64 lanes
#endif
};

namespace {

#if defined(CFSIGN_RSA_V28)

void interleave(uint32_t* pq, const uint32_t* a, const uint32_t* b) {
  for (int i = 0; i < kLP; ++i) {
    pq[2 * i] = i < kL ? a[i] : 0;
    pq[2 * i + 1] = i < kL ? b[i] : 0;
  }
}

// out = table[w0] in lane p, table[w1] in lane q; reads all 32 entries.
CFS_NOINLINE void v_lookup(uint32_t* out, const uint32_t* table, uint32_t w0, uint32_t w1) {
  const v128_t idx = wasm_i32x4_make(static_cast<int32_t>(w0), static_cast<int32_t>(w1),
                                     static_cast<int32_t>(w0), static_cast<int32_t>(w1));
  v128_t o[kLP / 2];
  for (int l = 0; l < kLP / 2; ++l) o[l] = wasm_i64x2_splat(0);
  for (int k = 0; k < 32; ++k) {
    const v128_t mask = wasm_i32x4_eq(idx, wasm_i32x4_splat(k));
    const uint32_t* entry = table + k * 2 * kLP;
    for (int l = 0; l < kLP / 2; ++l) o[l] = wasm_v128_or(o[l], wasm_v128_and(wasm_v128_load(entry + 4 * l), mask));
  }
  for (int l = 0; l < kLP / 2; ++l) wasm_v128_store(out + 4 * l, o[l]);
}

// s0 = T^e0 mod p, s1 = T^e1 mod q (canonical, kL limbs each); T has kN limbs, T < 2^2049.
CFS_NOINLINE void crt_core(const KeyData& k, const uint32_t* T, const uint32_t* e0, const uint32_t* e1, uint32_t* s0,
              uint32_t* s1) {
  alignas(16) uint32_t table[32][2 * kLP];
  alignas(16) uint32_t lo[2 * kLP], hi[2 * kLP], x[2 * kLP], acc[2 * kLP], t[2 * kLP];
  const v128_t pinv = wasm_v128_load(k.pinv_v);
  // T mod prime, in Montgomery form: T = lo + hi*R, so T*R = mont(lo, R^2) + mont(hi, R^3).
  // lo < R and hi < 2^1013: each mont() is below 2p, the sum below 4p.
  interleave(lo, T, T);
  interleave(hi, T + kL, T + kL);
  v28_mul(x, lo, k.r2_pq, k.mod_pq, pinv);
  v28_mul(t, hi, k.r3_pq, k.mod_pq, pinv);
  add_limbs(x, x, t, kL, 2);
  add_limbs(x + 1, x + 1, t + 1, kL, 2);
  std::memcpy(table[0], k.one_pq, sizeof(table[0]));
  std::memcpy(table[1], x, sizeof(table[1]));
  for (int i = 2; i < 32; ++i) v28_mul(table[i], table[i - 1], x, k.mod_pq, pinv);
  v_lookup(acc, table[0], window_at(e0, kWindows - 1), window_at(e1, kWindows - 1));
  for (int i = kWindows - 2; i >= 0; --i) {
    v28_sqr(acc, acc, k.mod_pq, pinv);
    v28_sqr(acc, acc, k.mod_pq, pinv);
    v28_sqr(acc, acc, k.mod_pq, pinv);
    v28_sqr(acc, acc, k.mod_pq, pinv);
    v28_sqr(acc, acc, k.mod_pq, pinv);
    v_lookup(t, table[0], window_at(e0, i), window_at(e1, i));
    v28_mul(acc, acc, t, k.mod_pq, pinv);
  }
  // Out of Montgomery form: mont(acc, 1) <= p, then one conditional subtraction.
  std::memset(t, 0, sizeof(t));
  t[0] = t[1] = 1;
  v28_mul(acc, acc, t, k.mod_pq, pinv);
  for (int i = 0; i < kL; ++i) {
    s0[i] = acc[2 * i];
    s1[i] = acc[2 * i + 1];
  }
  cond_sub(s0, k.mod[0], kL);
  cond_sub(s1, k.mod[1], kL);
  wipe(table, sizeof(table));
  wipe(lo, sizeof(lo));
  wipe(hi, sizeof(hi));
  wipe(x, sizeof(x));
  wipe(acc, sizeof(acc));
  wipe(t, sizeof(t));
}

#else  // scalar L28

void l_lookup(uint32_t* out, const uint32_t (*table)[kLP], uint32_t w) {
  for (int l = 0; l < kL; ++l) out[l] = 0;
  for (uint32_t k = 0; k < 32; ++k) {
    const uint32_t mask = ct_eq_mask(k, w);
    for (int l = 0; l < kL; ++l) out[l] |= table[k][l] & mask;
  }
}

void half_exp(const KeyData& k, int h, const uint32_t* T, const uint32_t* e, uint32_t* s) {
  uint32_t table[32][kLP];
  uint32_t x[kLP], acc[kLP], t[kLP];
  const uint32_t* mod = k.mod[h];
  const uint32_t pinv = k.minv[h];
  // T*R mod prime = mont(lo, R^2) + mont(hi, R^3), below 4p (see the V28 version).
  l28_mul(x, T, k.r2[h], mod, pinv);
  l28_mul(t, T + kL, k.r3[h], mod, pinv);
  add_limbs(x, x, t, kL);
  std::memcpy(table[0], k.one[h], sizeof(table[0]));
  std::memcpy(table[1], x, sizeof(table[1]));
  for (int i = 2; i < 32; ++i) l28_mul(table[i], table[i - 1], x, mod, pinv);
  l_lookup(acc, table, window_at(e, kWindows - 1));
  for (int i = kWindows - 2; i >= 0; --i) {
    l28_sqr(acc, acc, mod, pinv);
    l28_sqr(acc, acc, mod, pinv);
    l28_sqr(acc, acc, mod, pinv);
    l28_sqr(acc, acc, mod, pinv);
    l28_sqr(acc, acc, mod, pinv);
    l_lookup(t, table, window_at(e, i));
    l28_mul(acc, acc, t, mod, pinv);
  }
  std::memset(t, 0, sizeof(t));
  t[0] = 1;
  l28_mul(s, acc, t, mod, pinv);
  cond_sub(s, mod, kL);
  wipe(table, sizeof(table));
  wipe(x, sizeof(x));
  wipe(acc, sizeof(acc));
  wipe(t, sizeof(t));
}

CFS_NOINLINE void crt_core(const KeyData& k, const uint32_t* T, const uint32_t* e0, const uint32_t* e1, uint32_t* s0,
              uint32_t* s1) {
  half_exp(k, 0, T, e0, s0);
  half_exp(k, 1, T, e1, s1);
}

#endif

// s = sq + q * ((sp - sq) * qInv mod p), canonical (< n), kN limbs.
CFS_NOINLINE void garner(const KeyData& k, const uint32_t* sp, const uint32_t* sq, uint32_t* s) {
  uint32_t d[kL], h[kL];
  // d = sp + 2p - sq: positive because sq < q < 2^1024 <= 2p, and below 3p < 2^1026.
  add_limbs(d, sp, k.mod[0], kL);
  add_limbs(d, d, k.mod[0], kL);
  sub_limbs(d, d, sq, kL);
  mont_loop(h, d, k.qinv_m, k.mod[0], k.minv[0], kL);  // < 3p*p/R + p < 2p
  cond_sub(h, k.mod[0], kL);                           // canonical
  const uint32_t* q = k.mod[1];
  uint64_t acc = 0;
  for (int c = 0; c < kN - 1; ++c) {
    const int lo = c < kL ? 0 : c - kL + 1;
    const int hi = c < kL ? c : kL - 1;
    for (int j = lo; j <= hi; ++j) acc += static_cast<uint64_t>(q[j]) * h[c - j];
    if (c < kL) acc += sq[c];
    s[c] = static_cast<uint32_t>(acc) & kMask;
    acc >>= 28;
  }
  s[kN - 1] = static_cast<uint32_t>(acc);  // s <= (q-1) + q(p-1) = n - 1
  wipe(d, sizeof(d));
  wipe(h, sizeof(h));
}

// dP' = dP + r*(p - 1) for the random words r (kBlindWords of them).
CFS_NOINLINE void blind_exponent(uint32_t* out, const uint32_t* d, const uint32_t* pm1, const uint32_t* r) {
  std::memcpy(out, d, sizeof(uint32_t) * kExpWords);
  for (int c = 0; c < kBlindWords; ++c) {
    uint64_t carry = 0;
    for (int i = 0; i < 32; ++i) {
      const uint64_t t = static_cast<uint64_t>(out[c + i]) + static_cast<uint64_t>(r[c]) * pm1[i] + carry;
      out[c + i] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    for (int i = c + 32; i < kExpWords; ++i) {
      const uint64_t t = static_cast<uint64_t>(out[i]) + carry;
      out[i] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
  }
}

// s^e mod n == m ?  (both canonical, kN limbs; e is public)
CFS_NOINLINE bool fault_check(const KeyData& k, const uint32_t* s, const uint32_t* m) {
  uint32_t sm[kN], x[kN], unit[kN] = {1};
  n_mul(sm, s, k.r2n, k.n, k.ninv);
  std::memcpy(x, sm, sizeof(x));
  for (int b = k.ebits - 2; b >= 0; --b) {
    n_sqr(x, x, k.n, k.ninv);
    if ((k.e >> b) & 1u) n_mul(x, x, sm, k.n, k.ninv);
  }
  n_mul(x, x, unit, k.n, k.ninv);
  cond_sub(x, k.n, kN);
  uint32_t diff = 0;
  for (int i = 0; i < kN; ++i) diff |= x[i] ^ m[i];
  wipe(sm, sizeof(sm));
  wipe(x, sizeof(x));
  return opaque(diff) == 0;
}

// DigestInfo prefixes (RFC 8017 §9.2, note 1).
const unsigned char kSha1Prefix[] = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                     0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
const unsigned char kSha256Prefix[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                       0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

struct Mpis {
  mbedtls_mpi N, P, Q, D, E, DP, DQ, QP;
  Mpis() {
    mbedtls_mpi* all[] = {&N, &P, &Q, &D, &E, &DP, &DQ, &QP};
    for (mbedtls_mpi* x : all) mbedtls_mpi_init(x);
  }
  ~Mpis() {
    mbedtls_mpi* all[] = {&N, &P, &Q, &D, &E, &DP, &DQ, &QP};
    for (mbedtls_mpi* x : all) mbedtls_mpi_free(x);  // wipes
  }
  Mpis(const Mpis&) = delete;
  Mpis& operator=(const Mpis&) = delete;
};

// R_n^2 mod n (canonical) like r2_mod_prime, for n of nbits <= 2048 bits (padded to kNPad
// limbs): 2 R_n = 2^2073 mod n by doublings from 2^(nbits-1) < n, then Montgomery
// square-and-multiply for the exponent 2072 with the mod-n steps (11 squarings, 2
// multiplications; Mbed TLS's division took ~2 ms of a cold start in wasm).
static_assert(kRnBits == 2072, "r2_mod_n's exponent bits");
CFS_NOINLINE void r2_mod_n(uint32_t* r2n, const uint32_t* n, uint32_t ninv, int nbits) {
  uint32_t two[kN];
  pow2_mod(two, nbits - 1, kRnBits + 1 - (nbits - 1), n, kN);  // 2 * R_n mod n (its Montgomery form)
  std::memcpy(r2n, two, sizeof(two));
  for (int b = 10; b >= 0; --b) {                                // 2072 = 0b1000_0001_1000
    n_sqr(r2n, r2n, n, ninv);
    if ((kRnBits >> b) & 1) n_mul(r2n, r2n, two, n, ninv);
  }
  cond_sub(r2n, n, kN);
}

#if defined(CFSIGN_RSA_V28)
void deinterleave(uint32_t* a, uint32_t* b, const uint32_t* pq) {
  for (int i = 0; i < kLP; ++i) {
    a[i] = pq[2 * i];
    b[i] = pq[2 * i + 1];
  }
}

// R^2, R^3 and R mod both primes at once with the two-lane kernel (as r2_mod_prime does per
// prime), and qInv * R mod p (lane q unused); each result canonical, then interleaved. Needs
// mod, minv, mod_pq and pinv_v.
CFS_NOINLINE void prime_constants_v28(KeyData& k, const uint32_t* qinv) {
  alignas(16) uint32_t two[2][kLP] = {}, two_pq[2 * kLP], t_pq[2 * kLP], x_pq[2 * kLP];
  const uint32_t unit[kLP] = {1}, zero[kLP] = {0};
  const v128_t pinv = wasm_v128_load(k.pinv_v);
  for (int h = 0; h < 2; ++h) pow2_mod(two[h], 1023, kRBits + 1 - 1023, k.mod[h], kL);  // 2R mod prime
  interleave(two_pq, two[0], two[1]);
  std::memcpy(t_pq, two_pq, sizeof(t_pq));
  for (int b = 9; b >= 0; --b) {  // 1036 = 0b100_0000_1100
    v28_sqr(t_pq, t_pq, k.mod_pq, pinv);
    if ((kRBits >> b) & 1) v28_mul(t_pq, t_pq, two_pq, k.mod_pq, pinv);
  }
  const auto canonical = [&](uint32_t (*out)[kLP], uint32_t* out_pq) {
    deinterleave(out[0], out[1], t_pq);
    for (int h = 0; h < 2; ++h) cond_sub(out[h], k.mod[h], kL);
    interleave(out_pq, out[0], out[1]);
  };
  canonical(k.r2, k.r2_pq);                              // R^2
  v28_mul(t_pq, k.r2_pq, k.r2_pq, k.mod_pq, pinv);
  canonical(k.r3, k.r3_pq);                              // R^3
  interleave(x_pq, unit, unit);
  v28_mul(t_pq, k.r2_pq, x_pq, k.mod_pq, pinv);
  canonical(k.one, k.one_pq);                            // R
  interleave(x_pq, qinv, zero);
  v28_mul(t_pq, x_pq, k.r2_pq, k.mod_pq, pinv);          // qInv * R in lane p
  for (int i = 0; i < kL; ++i) k.qinv_m[i] = t_pq[2 * i];
  cond_sub(k.qinv_m, k.mod[0], kL);
  wipe(t_pq, sizeof(t_pq));
  wipe(x_pq, sizeof(x_pq));
}
#endif

// Fills k with everything but the blinding pair; false if the key does not have our shape.
CFS_NOINLINE bool load_key(KeyData& k, Mpis& v) {
  if (mbedtls_mpi_bitlen(&v.N) != 2048 || mbedtls_mpi_bitlen(&v.P) != 1024 || mbedtls_mpi_bitlen(&v.Q) != 1024) {
    return false;
  }
  if (mbedtls_mpi_bitlen(&v.E) > 64 || mbedtls_mpi_cmp_int(&v.E, 3) < 0 || mbedtls_mpi_get_bit(&v.E, 0) != 1) {
    return false;
  }
  if (mbedtls_mpi_get_bit(&v.P, 0) != 1 || mbedtls_mpi_get_bit(&v.Q, 0) != 1 || mbedtls_mpi_get_bit(&v.N, 0) != 1) {
    return false;
  }
  if (mbedtls_mpi_cmp_mpi(&v.DP, &v.P) >= 0 || mbedtls_mpi_cmp_mpi(&v.DQ, &v.Q) >= 0 ||
      mbedtls_mpi_cmp_mpi(&v.QP, &v.P) >= 0 || mbedtls_mpi_cmp_int(&v.DP, 0) <= 0 ||
      mbedtls_mpi_cmp_int(&v.DQ, 0) <= 0) {
    return false;
  }
  unsigned char buf[256];
  bool ok = true;
  auto limbs = [&](const mbedtls_mpi& x, size_t bytes, uint32_t* out, int n) {
    if (mbedtls_mpi_write_binary(&x, buf, bytes) != 0) ok = false;
    limbs_from_bytes(out, n, buf, bytes);
  };
  auto words = [&](const mbedtls_mpi& x, uint32_t* out, int n) {
    if (mbedtls_mpi_write_binary(&x, buf, 128) != 0) ok = false;
    words_from_bytes(out, n, buf, 128);
  };
  const mbedtls_mpi* primes[2] = {&v.P, &v.Q};
  const mbedtls_mpi* exps[2] = {&v.DP, &v.DQ};
  for (int h = 0; h < 2; ++h) {
    std::memset(k.mod[h], 0, sizeof(k.mod[h]));
    limbs(*primes[h], 128, k.mod[h], kL);
    k.minv[h] = neg_inverse(k.mod[h][0]);
    std::memset(k.r2[h], 0, sizeof(k.r2[h]));
    std::memset(k.r3[h], 0, sizeof(k.r3[h]));
    std::memset(k.one[h], 0, sizeof(k.one[h]));
    words(*exps[h], k.exp[h], kExpWords);
    words(*primes[h], k.pm1[h], 32);
    k.pm1[h][0] &= ~1u;  // odd prime: p - 1 clears bit 0
  }
  uint32_t qinv[kL];
  limbs(v.QP, 128, qinv, kL);
#if defined(CFSIGN_RSA_V28)
  interleave(k.mod_pq, k.mod[0], k.mod[1]);
  k.pinv_v[0] = k.minv[0];
  k.pinv_v[1] = 0;
  k.pinv_v[2] = k.minv[1];
  k.pinv_v[3] = 0;
  prime_constants_v28(k, qinv);
#else
  uint32_t unit[kL] = {1};
  for (int h = 0; h < 2; ++h) {
    r2_mod_prime(k.r2[h], k.mod[h], k.minv[h]);                         // R^2 mod prime
    mont_loop(k.r3[h], k.r2[h], k.r2[h], k.mod[h], k.minv[h], kL);     // R^3
    cond_sub(k.r3[h], k.mod[h], kL);
    mont_loop(k.one[h], k.r2[h], unit, k.mod[h], k.minv[h], kL);       // R
    cond_sub(k.one[h], k.mod[h], kL);
  }
  mont_loop(k.qinv_m, qinv, k.r2[0], k.mod[0], k.minv[0], kL);  // qInv * R mod p
  cond_sub(k.qinv_m, k.mod[0], kL);
#endif
  wipe(qinv, sizeof(qinv));
  limbs(v.N, 256, k.n, kN);
  k.ninv = neg_inverse(k.n[0]);
  r2_mod_n(k.r2n, k.n, k.ninv, 2048);
  unsigned char eb[8];
  if (mbedtls_mpi_write_binary(&v.E, eb, 8) != 0) ok = false;
  k.e = 0;
  for (unsigned char b : eb) k.e = (k.e << 8) | b;
  k.ebits = static_cast<int>(mbedtls_mpi_bitlen(&v.E));
  wipe(buf, sizeof(buf));
  return ok;
}

// x^e mod n in Montgomery form for x in Montgomery form (both < 2n; e public, its top bit set
// at ebits - 1). Constant time in x.
CFS_NOINLINE void pow_e(const KeyData& k, uint32_t* out, const uint32_t* xm) {
  uint32_t acc[kN];
  std::memcpy(acc, xm, sizeof(acc));
  for (int b = k.ebits - 2; b >= 0; --b) {
    n_sqr(acc, acc, k.n, k.ninv);
    if ((k.e >> b) & 1u) n_mul(acc, acc, xm, k.n, k.ninv);
  }
  std::memcpy(out, acc, sizeof(acc));
  wipe(acc, sizeof(acc));
}

// ---- the blinding inverse ----------------------------------------------------------------
// Kaliski's almost Montgomery inverse on 64-bit words: w = a^-1 * 2^k mod n for odd n, with
// 2048 <= k <= 4097. Variable time: it is only ever given a masked value (init_blinding inverts
// u = r*s for a second random s and multiplies by s again), so its running time and k depend on
// u, which says nothing about r (the idea of OpenSSL's BN_mod_inverse_blinded). Each step
// shifts u or v (which shrink) and doubles r or s (which grow from 1), so the words in play are
// tracked: about a quarter of a millisecond in wasm, where the constant-time alternative (a CRT
// exponentiation to p-2, q-2) costs a whole signature.
constexpr int kW = 34;  // 64-bit words: r, s < 4n < 2^2050 use 33, plus one for carries out
// One step of the loop is one out-of-line function (w_step) and the word loops are inlined
// into it: V8 re-compiles each hot wasm function for its optimising tier in a background job,
// so the step is one job during key set-up (with the loops as five small functions it was four
// jobs at once; with everything inlined into almost_inverse_vartime, one function V8 spent
// 30-40 ms of background CPU on, for code that runs once per key).

CFS_INLINE void w_shr1(uint64_t* a, int len) {
  CFS_NO_UNROLL for (int i = 0; i < len - 1; ++i) a[i] = (a[i] >> 1) | (a[i + 1] << 63);
  a[len - 1] >>= 1;
}

CFS_INLINE void w_shl1(uint64_t* a, int len) {  // len < kW: the carry goes into a[len]
  uint64_t carry = 0;
  CFS_NO_UNROLL for (int i = 0; i <= len; ++i) {
    const uint64_t next = a[i] >> 63;
    a[i] = (a[i] << 1) | carry;
    carry = next;
  }
}

CFS_INLINE void w_add(uint64_t* a, const uint64_t* b, int len) {  // a += b, the carry into a[len]
  uint64_t carry = 0;
  CFS_NO_UNROLL for (int i = 0; i < len; ++i) {
    const uint64_t t = a[i] + carry;
    carry = t < carry;
    a[i] = t + b[i];
    carry += a[i] < t;
  }
  a[len] += carry;
}

CFS_INLINE void w_sub(uint64_t* a, const uint64_t* b, int len) {  // a -= b (a >= b)
  uint64_t borrow = 0;
  CFS_NO_UNROLL for (int i = 0; i < len; ++i) {
    const uint64_t t = a[i] - b[i];
    const uint64_t next = (a[i] < b[i]) | (t < borrow);
    a[i] = t - borrow;
    borrow = next;
  }
}

CFS_INLINE int w_cmp(const uint64_t* a, const uint64_t* b, int len) {
  CFS_NO_UNROLL for (int i = len - 1; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

// One step of Kaliski's phase 1 on u, v (len words) and r, s (grow words, one more for carries):
// halve whichever of u, v is even and double the partner of the other; if both are odd, the
// larger loses the smaller and is halved, r + s goes to its partner, the other partner doubles.
CFS_NOINLINE void w_step(uint64_t* u, uint64_t* v, uint64_t* r, uint64_t* s, int len, int grow) {
  if ((u[0] & 1) == 0) {
    w_shr1(u, len);
    w_shl1(s, grow);
  } else if ((v[0] & 1) == 0) {
    w_shr1(v, len);
    w_shl1(r, grow);
  } else if (w_cmp(u, v, len) > 0) {
    w_sub(u, v, len);
    w_shr1(u, len);
    w_add(r, s, grow);
    w_shl1(s, grow);
  } else {
    w_sub(v, u, len);
    w_shr1(v, len);
    w_add(s, r, grow);
    w_shl1(r, grow);
  }
}

// w = a^-1 * 2^k mod n (a, n, w as 256 big-endian bytes; n odd, 0 < a < n). False if
// gcd(a, n) != 1.
CFS_NOINLINE bool almost_inverse_vartime(unsigned char w_be[256], int* k_out, const unsigned char a_be[256],
                                         const unsigned char n_be[256]) {
  uint64_t u[kW] = {0}, v[kW] = {0}, n[kW] = {0}, r[kW] = {0}, s[kW] = {1};
  for (int i = 0; i < 256; ++i) {
    v[(255 - i) / 8] |= static_cast<uint64_t>(a_be[i]) << (8 * ((255 - i) % 8));
    n[(255 - i) / 8] |= static_cast<uint64_t>(n_be[i]) << (8 * ((255 - i) % 8));
  }
  std::memcpy(u, n, sizeof(u));
  int len = 32;  // words of u and v (shrinking)
  int grow = 1;  // words of r and s (growing)
  int k = 0;
  for (;;) {
    while (len > 1 && u[len - 1] == 0 && v[len - 1] == 0) --len;
    if (len == 1 && v[0] == 0) break;
    w_step(u, v, r, s, len, grow);
    if (r[grow] != 0 || s[grow] != 0) ++grow;
    ++k;
  }
  bool ok = len == 1 && u[0] == 1;  // u = gcd(a, n)
  if (ok) {
    if (w_cmp(r, n, kW) >= 0) w_sub(r, n, kW);
    std::memcpy(u, n, sizeof(u));
    w_sub(u, r, kW);  // n - r
    for (int i = 0; i < 256; ++i) w_be[i] = static_cast<unsigned char>(u[(255 - i) / 8] >> (8 * ((255 - i) % 8)));
    *k_out = k;
  }
  wipe(u, sizeof(u));
  wipe(v, sizeof(v));
  wipe(r, sizeof(r));
  wipe(s, sizeof(s));
  return ok;
}

// A fresh blinding pair in Montgomery form mod n: vi = r^e, vf = r^-1 for a random r. The
// inverse is taken of u = r*s for a second random s (almost_inverse_vartime), then r^-1 = u^-1 * s.
// Checked: r * r^-1 = 1. Drawn again in the (negligible) case that r or s shares a factor with n.
CFS_NOINLINE bool init_blinding(KeyData& k) {
  uint32_t x[kN], rm[kN], sm[kN], u[kN], uinv[kN], rinv[kN], fix[kN], one_n[kN], check[kN];
  unsigned char u_be[256], uinv_be[256], n_be[256];
  const uint32_t unit[kN] = {1};
  limbs_to_bytes(n_be, 256, k.n, kN);
  n_mul(one_n, k.r2n, unit, k.n, k.ninv);  // R_n mod n (Montgomery 1), canonical below
  cond_sub(one_n, k.n, kN);
  bool ok = false;
  for (int attempt = 0; attempt < 8 && !ok; ++attempt) {
    if (!random_bytes(reinterpret_cast<unsigned char*>(x), sizeof(x))) break;
    for (uint32_t& limb : x) limb &= kMask;      // x < R_n
    n_mul(rm, x, k.r2n, k.n, k.ninv);             // r R_n, where r = x mod n
    if (!random_bytes(reinterpret_cast<unsigned char*>(x), sizeof(x))) break;
    for (uint32_t& limb : x) limb &= kMask;
    n_mul(sm, x, k.r2n, k.n, k.ninv);             // s R_n
    n_mul(u, rm, sm, k.n, k.ninv);                // r s R_n
    n_mul(u, u, unit, k.n, k.ninv);               // r s, canonical after the subtraction
    cond_sub(u, k.n, kN);
    limbs_to_bytes(u_be, 256, u, kN);
    int shift = 0;
    if (!almost_inverse_vartime(uinv_be, &shift, u_be, n_be)) continue;
    limbs_from_bytes(uinv, kN, uinv_be, 256);     // (r s)^-1 2^shift
    n_mul(rinv, uinv, sm, k.n, k.ninv);           // (r s)^-1 2^shift s = r^-1 2^shift
    // r^-1 R_n = mont(r^-1 2^shift, 2^(2 kRnBits - shift)); 2^2047 < n, shift <= 4097.
    const int e = 2 * kRnBits - shift;
    pow2_mod(fix, e < 2047 ? e : 2047, e < 2047 ? 0 : e - 2047, k.n, kN);
    n_mul(k.vf, rinv, fix, k.n, k.ninv);
    n_mul(check, rm, k.vf, k.n, k.ninv);          // r r^-1 R_n
    cond_sub(check, k.n, kN);
    uint32_t diff = 0;
    for (int i = 0; i < kN; ++i) diff |= check[i] ^ one_n[i];
    ok = opaque(diff) == 0;
  }
  if (ok) pow_e(k, k.vi, rm);
  wipe(x, sizeof(x));
  wipe(rm, sizeof(rm));
  wipe(sm, sizeof(sm));
  wipe(u, sizeof(u));
  wipe(uinv, sizeof(uinv));
  wipe(rinv, sizeof(rinv));
  wipe(check, sizeof(check));
  wipe(u_be, sizeof(u_be));
  wipe(uinv_be, sizeof(uinv_be));
  return ok;
}

}  // namespace

FastKey::FastKey() : data_(new KeyData()) {}

FastKey::~FastKey() {
  wipe(data_, sizeof(KeyData));
  delete data_;
}

const char* FastKey::kernel_name() {
#if defined(CFSIGN_RSA_V28)
  return "V28 (wasm SIMD128)";
#else
  return "L28 (scalar)";
#endif
}

const char* FastKey::kernel_id() {
#if defined(CFSIGN_RSA_V28)
  return "rsa2048-simd128";
#else
  return "rsa2048-scalar";
#endif
}

std::unique_ptr<FastKey> FastKey::prepare(const mbedtls_rsa_context* rsa) {
  if (rsa == nullptr || mbedtls_rsa_get_len(rsa) != 256) return nullptr;
  Mpis v;
  if (mbedtls_rsa_export(rsa, &v.N, &v.P, &v.Q, &v.D, &v.E) != 0 ||
      mbedtls_rsa_export_crt(rsa, &v.DP, &v.DQ, &v.QP) != 0) {
    return nullptr;
  }
  std::unique_ptr<FastKey> key(new FastKey());
  if (!load_key(*key->data_, v) || !init_blinding(*key->data_)) return nullptr;
  return key;
}

bool FastKey::private_op(const unsigned char in[256], unsigned char out[256]) {
  KeyData& k = *data_;
  uint32_t m[kN], T[kN], s[kN], sp[kL], sq[kL], ep[kExpWords], eq[kExpWords];
  limbs_from_bytes(m, kN, in, 256);
  if (sub_limbs(s, m, k.n, kN) == 0) return false;  // in >= n (public)
  // Base blinding: square the pair, T = m * r^e (mod n, < 2n).
  n_sqr(k.vi, k.vi, k.n, k.ninv);
  n_sqr(k.vf, k.vf, k.n, k.ninv);
  n_mul(T, m, k.vi, k.n, k.ninv);
  // Exponent blinding.
  bool ok = true;
  if constexpr (kBlindWords > 0) {
    uint32_t r[2 * (kBlindWords > 0 ? kBlindWords : 1)];
    ok = random_bytes(reinterpret_cast<unsigned char*>(r), sizeof(r));
    blind_exponent(ep, k.exp[0], k.pm1[0], r);
    blind_exponent(eq, k.exp[1], k.pm1[1], r + kBlindWords);
    wipe(r, sizeof(r));
  } else {
    std::memcpy(ep, k.exp[0], sizeof(ep));
    std::memcpy(eq, k.exp[1], sizeof(eq));
  }
  crt_core(k, T, ep, eq, sp, sq);
  garner(k, sp, sq, s);                       // (m r^e)^d = m^d r  (mod n)
  n_mul(s, s, k.vf, k.n, k.ninv);             // * r^-1
  cond_sub(s, k.n, kN);
  ok = ok && fault_check(k, s, m);
  if (ok) limbs_to_bytes(out, 256, s, kN);
  wipe(T, sizeof(T));
  wipe(s, sizeof(s));
  wipe(sp, sizeof(sp));
  wipe(sq, sizeof(sq));
  wipe(ep, sizeof(ep));
  wipe(eq, sizeof(eq));
  return ok;
}

namespace {

// EM = 00 01 FF..FF 00 || DigestInfo prefix || digest (256 bytes, RFC 8017 §9.2).
void encode_em(HashAlg hash, const unsigned char* digest, unsigned char em[256]) {
  const unsigned char* prefix = hash == HashAlg::kSha256 ? kSha256Prefix : kSha1Prefix;
  const size_t prefix_len = hash == HashAlg::kSha256 ? sizeof(kSha256Prefix) : sizeof(kSha1Prefix);
  const size_t digest_len = hash == HashAlg::kSha256 ? 32 : 20;
  const size_t t_len = prefix_len + digest_len;
  const size_t ps_len = 256 - 3 - t_len;
  em[0] = 0x00;
  em[1] = 0x01;
  std::memset(em + 2, 0xff, ps_len);
  em[2 + ps_len] = 0x00;
  std::memcpy(em + 3 + ps_len, prefix, prefix_len);
  std::memcpy(em + 3 + ps_len + prefix_len, digest, digest_len);
}

}  // namespace

bool FastKey::sign_digest(HashAlg hash, const unsigned char* digest, unsigned char sig[256]) {
  unsigned char em[256];
  encode_em(hash, digest, em);
  return private_op(em, sig);
}

void FastKey::crt_exponentiate(const unsigned char x[256], unsigned char xp[128], unsigned char xq[128]) const {
  uint32_t T[kN], sp[kL], sq[kL];
  limbs_from_bytes(T, kN, x, 256);
  crt_core(*data_, T, data_->exp[0], data_->exp[1], sp, sq);
  limbs_to_bytes(xp, 128, sp, kL);
  limbs_to_bytes(xq, 128, sq, kL);
  wipe(T, sizeof(T));
  wipe(sp, sizeof(sp));
  wipe(sq, sizeof(sq));
}

// ---- the public operation (verification) ------------------------------------------------------

struct PublicOp::Data {
  uint32_t n[kNPad];          // zero-padded
  uint32_t ninv;
  uint32_t r2n[kN];           // R_n^2 mod n
  unsigned char e[256];       // big-endian, e_len bytes, no leading zero byte
  size_t e_len;
  int ebits;
};

PublicOp::PublicOp() : data_(std::make_unique<Data>()) {}
PublicOp::~PublicOp() = default;

std::unique_ptr<PublicOp> PublicOp::prepare(const mbedtls_rsa_context* rsa) {
  if (rsa == nullptr || mbedtls_rsa_get_len(rsa) != 256) return nullptr;
  mbedtls_mpi N, E;
  mbedtls_mpi_init(&N);
  mbedtls_mpi_init(&E);
  std::unique_ptr<PublicOp> op(new PublicOp());
  Data& k = *op->data_;
  unsigned char buf[256];
  bool ok = mbedtls_rsa_export(rsa, &N, nullptr, nullptr, nullptr, &E) == 0 && mbedtls_mpi_bitlen(&N) <= 2048 &&
            mbedtls_mpi_get_bit(&N, 0) == 1 && mbedtls_mpi_cmp_int(&E, 3) >= 0 && mbedtls_mpi_get_bit(&E, 0) == 1 &&
            mbedtls_mpi_bitlen(&E) <= 2048;
  ok = ok && mbedtls_mpi_write_binary(&N, buf, 256) == 0;
  if (ok) {
    limbs_from_bytes(k.n, kN, buf, 256);
    k.ninv = neg_inverse(k.n[0]);
    r2_mod_n(k.r2n, k.n, k.ninv, static_cast<int>(mbedtls_mpi_bitlen(&N)));
  }
  if (ok) {
    k.ebits = static_cast<int>(mbedtls_mpi_bitlen(&E));
    k.e_len = mbedtls_mpi_size(&E);
    ok = mbedtls_mpi_write_binary(&E, k.e, k.e_len) == 0;
  }
  mbedtls_mpi_free(&N);
  mbedtls_mpi_free(&E);
  return ok ? std::move(op) : nullptr;
}

bool PublicOp::public_op(const unsigned char in[256], unsigned char out[256]) const {
  const Data& k = *data_;
  uint32_t s[kN], sm[kN], x[kN];
  limbs_from_bytes(s, kN, in, 256);
  if (sub_limbs(x, s, k.n, kN) == 0) return false;  // in >= n
  // Left to right over e's bits, in Montgomery form (values < 2n, Walter's bound). e is odd,
  // so the last step is a multiplication: by s itself rather than s*R_n, which also leaves
  // Montgomery form: mont(s^(e-1) R_n, s) = s^e.
  n_mul(sm, s, k.r2n, k.n, k.ninv);  // s R_n
  std::memcpy(x, sm, sizeof(x));       // the top bit of e
  for (int b = k.ebits - 2; b >= 0; --b) {
    n_sqr(x, x, k.n, k.ninv);
    if ((k.e[k.e_len - 1 - b / 8] >> (b % 8)) & 1u) n_mul(x, x, b == 0 ? s : sm, k.n, k.ninv);
  }
  cond_sub(x, k.n, kN);
  limbs_to_bytes(out, 256, x, kN);
  return true;
}

bool PublicOp::verify_digest(HashAlg hash, const unsigned char* digest, const unsigned char* sig,
                             size_t sig_len) const {
  if (digest == nullptr || sig == nullptr || sig_len != 256) return false;
  unsigned char em[256], expected[256];
  if (!public_op(sig, em)) return false;
  encode_em(hash, digest, expected);
  unsigned char diff = 0;
  for (size_t i = 0; i < 256; ++i) diff |= static_cast<unsigned char>(em[i] ^ expected[i]);
  return diff == 0;
}

}  // namespace cfsign::rsa2048
