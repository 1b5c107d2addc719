// Fast constant-time ECDSA P-256 signing: see p256.hpp for the design.
#include "cfsign/p256.hpp"

#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include <mbedtls/hmac_drbg.h>
#include <mbedtls/platform_util.h>

namespace cfsign::p256 {

namespace {

#include "cfsign/p256_table.inc"

using u32 = uint32_t;
using u64 = uint64_t;

// ---- constant-time helpers -----------------------------------------------------------------

// Hides a value from the optimiser, so masks derived from secrets stay arithmetic (and/or)
// instead of being turned back into compares feeding `select` or branches.
inline u32 value_barrier(u32 x) {
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(x));
#endif
  return x;
}

// All ones when x == 0, else 0.
inline u32 ct_is_zero(u32 x) { return 0u - value_barrier((~x & (x - 1)) >> 31); }
inline u32 ct_eq(u32 a, u32 b) { return ct_is_zero(a ^ b); }

// r = mask ? a : r, for n words.
inline void cmov(u32* r, const u32* a, int n, u32 mask) {
  for (int i = 0; i < n; ++i) r[i] = (r[i] & ~mask) | (a[i] & mask);
}

// r = a + b, returns the carry (0/1).
inline u32 add8(u32 r[8], const u32 a[8], const u32 b[8]) {
  u64 c = 0;
  for (int i = 0; i < 8; ++i) {
    c += static_cast<u64>(a[i]) + b[i];
    r[i] = static_cast<u32>(c);
    c >>= 32;
  }
  return static_cast<u32>(c);
}

// r = a - b, returns the borrow (0/1).
inline u32 sub8(u32 r[8], const u32 a[8], const u32 b[8]) {
  u64 c = 0;  // borrow in bit 0 after the shift; two's complement arithmetic mod 2^64
  for (int i = 0; i < 8; ++i) {
    c = static_cast<u64>(a[i]) - b[i] - c;
    r[i] = static_cast<u32>(c);
    c = (c >> 32) & 1;
  }
  return static_cast<u32>(c);
}

// r = (hi:a) - m if hi:a >= m, else a. Requires hi:a < 2m.
inline void cond_sub(u32 r[8], const u32 a[8], u32 hi, const u32 m[8]) {
  u32 t[8];
  u32 borrow = sub8(t, a, m);
  // Keep t unless the subtraction borrowed without a carry word to absorb it.
  u32 keep_t = 0u - value_barrier((hi | (borrow ^ 1)) & 1);
  for (int i = 0; i < 8; ++i) r[i] = (a[i] & ~keep_t) | (t[i] & keep_t);
}

// ---- Montgomery multiplication, CIOS, fully unrolled, modulus folded in at compile time ---

struct ModP {
  static constexpr const u32* m = kP;
  static constexpr u32 m0 = kP0;
};
struct ModN {
  static constexpr const u32* m = kN;
  static constexpr u32 m0 = kN0;
};

#define CF_MA(j)                                             \
  s = static_cast<u64>(a[j]) * bi + T[j] + c;                \
  T[j] = static_cast<u32>(s);                                \
  c = s >> 32;
#define CF_RD(j)                                             \
  s = m * Mod::m[j] + T[j] + c;                              \
  T[j - 1] = static_cast<u32>(s);                            \
  c = s >> 32;
#define CF_ROUND(i)                                          \
  {                                                          \
    const u64 bi = b[i];                                     \
    u64 c = 0, s;                                            \
    CF_MA(0) CF_MA(1) CF_MA(2) CF_MA(3) CF_MA(4) CF_MA(5) CF_MA(6) CF_MA(7) \
    s = static_cast<u64>(T[8]) + c;                          \
    T[8] = static_cast<u32>(s);                              \
    const u32 t9 = static_cast<u32>(s >> 32);                \
    const u64 m = static_cast<u32>(T[0] * Mod::m0);          \
    s = m * Mod::m[0] + T[0];                                \
    c = s >> 32;                                             \
    CF_RD(1) CF_RD(2) CF_RD(3) CF_RD(4) CF_RD(5) CF_RD(6) CF_RD(7) \
    s = static_cast<u64>(T[8]) + c;                          \
    T[7] = static_cast<u32>(s);                              \
    T[8] = t9 + static_cast<u32>(s >> 32);                   \
  }

// r = a * b / 2^256 mod m, for a, b < m. r may alias a or b.
template <typename Mod>
inline void mont_mul(u32 r[8], const u32 a[8], const u32 b[8]) {
  u32 T[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
  CF_ROUND(0) CF_ROUND(1) CF_ROUND(2) CF_ROUND(3) CF_ROUND(4) CF_ROUND(5) CF_ROUND(6) CF_ROUND(7)
  // T < 2m here.
  cond_sub(r, T, T[8], Mod::m);
}

#undef CF_MA
#undef CF_RD
#undef CF_ROUND

#if defined(__clang__)
#define CF_UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define CF_UNROLL _Pragma("GCC unroll 16")
#else
#define CF_UNROLL
#endif

// r = a^2 / 2^256 mod m for a < m, r may alias a: separated operand scanning, i.e. the 28
// cross products, doubled, plus the 8 squares, then 8 word-by-word reduction rounds.
template <typename Mod>
inline void mont_sqr(u32 r[8], const u32 a[8]) {
  u32 T[16] = {0};
  CF_UNROLL for (int i = 0; i < 7; ++i) {
    u64 c = 0;
    CF_UNROLL for (int j = i + 1; j < 8; ++j) {
      const u64 s = static_cast<u64>(a[i]) * a[j] + T[i + j] + c;
      T[i + j] = static_cast<u32>(s);
      c = s >> 32;
    }
    T[i + 8] = static_cast<u32>(c);
  }
  // T = 2 * T + squares (2 * cross < a^2 < 2^512: nothing leaves the top word).
  u32 top = 0;
  u64 c = 0;
  CF_UNROLL for (int i = 0; i < 8; ++i) {
    const u64 sq = static_cast<u64>(a[i]) * a[i];
    const u32 w0 = (T[2 * i] << 1) | top;
    top = T[2 * i] >> 31;
    u64 s = static_cast<u64>(w0) + static_cast<u32>(sq) + c;
    T[2 * i] = static_cast<u32>(s);
    c = s >> 32;
    const u32 w1 = (T[2 * i + 1] << 1) | top;
    top = T[2 * i + 1] >> 31;
    s = static_cast<u64>(w1) + (sq >> 32) + c;
    T[2 * i + 1] = static_cast<u32>(s);
    c = s >> 32;
  }
  // Montgomery reduction; `extra` carries into the word above the current top.
  u32 extra = 0;
  CF_UNROLL for (int i = 0; i < 8; ++i) {
    const u64 m = static_cast<u32>(T[i] * Mod::m0);
    u64 k = 0;
    CF_UNROLL for (int j = 0; j < 8; ++j) {
      const u64 s = m * Mod::m[j] + T[i + j] + k;
      T[i + j] = static_cast<u32>(s);
      k = s >> 32;
    }
    const u64 s = static_cast<u64>(T[i + 8]) + k + extra;
    T[i + 8] = static_cast<u32>(s);
    extra = static_cast<u32>(s >> 32);
  }
  cond_sub(r, T + 8, extra, Mod::m);  // T < 2m
}

template <typename Mod>
inline void mod_add(u32 r[8], const u32 a[8], const u32 b[8]) {
  u32 t[8];
  u32 carry = add8(t, a, b);
  cond_sub(r, t, carry, Mod::m);
}

template <typename Mod>
inline void mod_sub(u32 r[8], const u32 a[8], const u32 b[8]) {
  u32 t[8], madd[8];
  u32 mask = 0u - value_barrier(sub8(t, a, b));
  for (int i = 0; i < 8; ++i) madd[i] = Mod::m[i] & mask;
  add8(r, t, madd);
}

// a^e (Montgomery in and out) with fixed 4-bit windows over a PUBLIC exponent e (the
// branches and table indices depend on e only). `one` is 1 in Montgomery form.
template <typename Mod>
void mont_pow_public(u32 r[8], const u32 a[8], const u32 e[8], const u32 one[8]) {
  u32 table[16][8];
  std::memcpy(table[0], one, 32);
  std::memcpy(table[1], a, 32);
  for (int i = 2; i < 16; ++i) mont_mul<Mod>(table[i], table[i - 1], a);
  u32 acc[8];
  std::memcpy(acc, table[e[7] >> 28], 32);
  for (int nib = 62; nib >= 0; --nib) {
    for (int j = 0; j < 4; ++j) mont_sqr<Mod>(acc, acc);
    const u32 w = (e[nib >> 3] >> ((nib & 7) * 4)) & 15;
    if (w != 0) mont_mul<Mod>(acc, acc, table[w]);
  }
  std::memcpy(r, acc, 32);
  mbedtls_platform_zeroize(table, sizeof(table));
  mbedtls_platform_zeroize(acc, sizeof(acc));
}

// ---- variable-time inversion, for masked or public values ----------------------------------
// Kaliski's almost inverse on 64-bit words: w = a^-1 * 2^k mod m for odd m > 2^255 and
// 0 < a < m, 256 <= k <= 512; returns k, or -1 if gcd(a, m) != 1. Its running time depends on
// a, so signing only ever gives it a masked value (a = x * c for a secret random c; x^-1 is
// then (x c)^-1 * c), and verification gives it public data. About 20x faster in wasm than
// the constant-time exponentiations (mont_pow_public, fp_inv_chain).
int almost_inverse(u32 w[8], const u32 a[8], const u32 m[8]) {
  constexpr int kWords = 5;  // r, s < 4m < 2^258
  u64 u[kWords] = {0}, v[kWords] = {0}, r[kWords] = {0}, s[kWords] = {1}, mm[kWords] = {0};
  for (int i = 0; i < 4; ++i) {
    mm[i] = static_cast<u64>(m[2 * i]) | (static_cast<u64>(m[2 * i + 1]) << 32);
    v[i] = static_cast<u64>(a[2 * i]) | (static_cast<u64>(a[2 * i + 1]) << 32);
  }
  std::memcpy(u, mm, sizeof(u));
  const auto shr1 = [](u64* x) {
    for (int i = 0; i < kWords - 1; ++i) x[i] = (x[i] >> 1) | (x[i + 1] << 63);
    x[kWords - 1] >>= 1;
  };
  const auto shl1 = [](u64* x) {
    for (int i = kWords - 1; i > 0; --i) x[i] = (x[i] << 1) | (x[i - 1] >> 63);
    x[0] <<= 1;
  };
  const auto add = [](u64* x, const u64* y) {
    u64 carry = 0;
    for (int i = 0; i < kWords; ++i) {
      const u64 t = x[i] + carry;
      carry = t < carry;
      x[i] = t + y[i];
      carry += x[i] < t;
    }
  };
  const auto sub = [](u64* x, const u64* y) {
    u64 borrow = 0;
    for (int i = 0; i < kWords; ++i) {
      const u64 t = x[i] - y[i];
      const u64 next = (x[i] < y[i]) | (t < borrow);
      x[i] = t - borrow;
      borrow = next;
    }
  };
  const auto cmp = [](const u64* x, const u64* y) {
    for (int i = kWords - 1; i >= 0; --i) {
      if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return 0;
  };
  const auto is_zero = [](const u64* x) { return (x[0] | x[1] | x[2] | x[3] | x[4]) == 0; };
  int k = 0;
  while (!is_zero(v)) {
    if ((u[0] & 1) == 0) {
      shr1(u);
      shl1(s);
    } else if ((v[0] & 1) == 0) {
      shr1(v);
      shl1(r);
    } else if (cmp(u, v) > 0) {
      sub(u, v);
      shr1(u);
      add(r, s);
      shl1(s);
    } else {
      sub(v, u);
      shr1(v);
      add(s, r);
      shl1(r);
    }
    ++k;
  }
  const bool ok = u[0] == 1 && (u[1] | u[2] | u[3] | u[4]) == 0;  // u = gcd(a, m)
  if (ok) {
    if (cmp(r, mm) >= 0) sub(r, mm);
    std::memcpy(u, mm, sizeof(u));
    sub(u, r);  // m - r
    for (int i = 0; i < 4; ++i) {
      w[2 * i] = static_cast<u32>(u[i]);
      w[2 * i + 1] = static_cast<u32>(u[i] >> 32);
    }
  }
  mbedtls_platform_zeroize(u, sizeof(u));
  mbedtls_platform_zeroize(v, sizeof(v));
  mbedtls_platform_zeroize(r, sizeof(r));
  mbedtls_platform_zeroize(s, sizeof(s));
  return ok ? k : -1;
}

// r = a^-1 * 2^256 mod m (the Montgomery form of a^-1) for a plain 0 < a < m; variable time
// (see almost_inverse). False if a is not invertible.
template <typename Mod>
bool inverse_vartime_mont(u32 r[8], const u32 a[8]) {
  u32 w[8];
  const int k = almost_inverse(w, a, Mod::m);
  if (k < 0) return false;
  // mont(w, 2^(512 - k)) = a^-1 2^k 2^(512 - k) / 2^256. 2^(512 - k) mod m: from 2^min(e, 255)
  // (below m), doubled with a reduction for the rest of the exponent.
  const int e = 512 - k;
  u32 y[8] = {0};
  const int start = e < 255 ? e : 255;
  y[start / 32] = 1u << (start % 32);
  for (int i = start; i < e; ++i) {
    u32 t[8];
    const u32 hi = add8(t, y, y);
    cond_sub(y, t, hi, Mod::m);
  }
  mont_mul<Mod>(r, w, y);
  mbedtls_platform_zeroize(w, sizeof(w));
  return true;
}

// r = x^-1 R for x_m = x R (Montgomery in and out), through the masked value x c for a secret
// random 0 < c < m: (x c)^-1 c. `rr` is R^2 mod m. False if x c is not invertible.
template <typename Mod>
bool masked_inverse_mont(u32 r[8], const u32 x_m[8], const u32 c[8], const u32 rr[8]) {
  static const u32 kUnit[8] = {1, 0, 0, 0, 0, 0, 0, 0};
  u32 cm[8], t[8];
  mont_mul<Mod>(cm, c, rr);    // c R
  mont_mul<Mod>(t, x_m, cm);   // x c R
  mont_mul<Mod>(t, t, kUnit);  // x c
  const bool ok = inverse_vartime_mont<Mod>(t, t);  // (x c)^-1 R
  if (ok) mont_mul<Mod>(r, t, cm);                    // (x c)^-1 c R = x^-1 R
  mbedtls_platform_zeroize(cm, sizeof(cm));
  mbedtls_platform_zeroize(t, sizeof(t));
  return ok;
}

// Field inverse mod p with an addition chain for p - 2 (255 squarings, 13 multiplications).
// p - 2 = 2^256 - 2^224 + 2^192 + 2^96 - 3.
void fp_inv_chain(u32 r[8], const u32 a[8]) {
  auto sqr_n = [](u32 x[8], int n) {
    for (int i = 0; i < n; ++i) mont_sqr<ModP>(x, x);
  };
  u32 x2[8], x3[8], x6[8], x12[8], x15[8], x30[8], x32[8], t[8];
  mont_sqr<ModP>(x2, a);
  mont_mul<ModP>(x2, x2, a);  // a^(2^2-1)
  mont_sqr<ModP>(x3, x2);
  mont_mul<ModP>(x3, x3, a);  // 2^3-1
  std::memcpy(x6, x3, 32);
  sqr_n(x6, 3);
  mont_mul<ModP>(x6, x6, x3);  // 2^6-1
  std::memcpy(x12, x6, 32);
  sqr_n(x12, 6);
  mont_mul<ModP>(x12, x12, x6);  // 2^12-1
  std::memcpy(x15, x12, 32);
  sqr_n(x15, 3);
  mont_mul<ModP>(x15, x15, x3);  // 2^15-1
  std::memcpy(x30, x15, 32);
  sqr_n(x30, 15);
  mont_mul<ModP>(x30, x30, x15);  // 2^30-1
  std::memcpy(x32, x30, 32);
  sqr_n(x32, 2);
  mont_mul<ModP>(x32, x32, x2);  // 2^32-1
  // t = x32 * 2^224 ... building 2^256 - 2^224 + 2^192 + 2^96 - 3:
  // bits from the top: 32 ones, 31 zeros, 1 one, 96 zeros, 94 ones, 1 zero, 1 one.
  std::memcpy(t, x32, 32);
  sqr_n(t, 32);
  mont_mul<ModP>(t, t, a);  // (2^32-1)*2^32 + 1
  sqr_n(t, 128);
  mont_mul<ModP>(t, t, x32);  // ... * 2^128 + 2^32-1
  sqr_n(t, 32);
  mont_mul<ModP>(t, t, x32);  // ... + 2^32-1   (64 ones)
  sqr_n(t, 30);
  mont_mul<ModP>(t, t, x30);  // 94 ones
  sqr_n(t, 2);
  mont_mul<ModP>(t, t, a);  // ...01
  std::memcpy(r, t, 32);
  mbedtls_platform_zeroize(x2, 32);
  mbedtls_platform_zeroize(x3, 32);
  mbedtls_platform_zeroize(x6, 32);
  mbedtls_platform_zeroize(x12, 32);
  mbedtls_platform_zeroize(x15, 32);
  mbedtls_platform_zeroize(x30, 32);
  mbedtls_platform_zeroize(x32, 32);
  mbedtls_platform_zeroize(t, 32);
}

// ---- points ---------------------------------------------------------------------------------

struct Jacobian {
  u32 x[8], y[8], z[8];
};

// out = p + q, p Jacobian (not infinity), q affine (x then y, Montgomery), p != +-q.
// 8M + 3S. out may alias p.
inline void add_mixed(Jacobian& out, const Jacobian& p, const u32 q[16]) {
  u32 z1z1[8], u2[8], s2[8], h[8], rr[8], hh[8], hhh[8], v[8], t[8];
  mont_sqr<ModP>(z1z1, p.z);
  mont_mul<ModP>(u2, q, z1z1);
  mont_mul<ModP>(s2, p.z, z1z1);
  mont_mul<ModP>(s2, s2, q + 8);
  mod_sub<ModP>(h, u2, p.x);
  mod_sub<ModP>(rr, s2, p.y);
  mont_sqr<ModP>(hh, h);
  mont_mul<ModP>(hhh, h, hh);
  mont_mul<ModP>(v, p.x, hh);
  mont_mul<ModP>(out.z, p.z, h);
  // y3 needs y1 * hhh before out.y is written (out may alias p).
  mont_mul<ModP>(t, p.y, hhh);
  u32 x3[8];
  mont_sqr<ModP>(x3, rr);
  mod_sub<ModP>(x3, x3, hhh);
  mod_sub<ModP>(x3, x3, v);
  mod_sub<ModP>(x3, x3, v);
  mod_sub<ModP>(v, v, x3);
  mont_mul<ModP>(v, rr, v);
  mod_sub<ModP>(out.y, v, t);
  std::memcpy(out.x, x3, 32);
}

// out = 2 p (a = -3: dbl-2001-b), p Jacobian, not infinity. Only used on public points.
void dbl(Jacobian& out, const Jacobian& p) {
  u32 delta[8], gamma[8], beta[8], alpha[8], t1[8], t2[8];
  mont_sqr<ModP>(delta, p.z);
  mont_sqr<ModP>(gamma, p.y);
  mont_mul<ModP>(beta, p.x, gamma);
  mod_sub<ModP>(t1, p.x, delta);
  mod_add<ModP>(t2, p.x, delta);
  mont_mul<ModP>(alpha, t1, t2);
  mod_add<ModP>(t1, alpha, alpha);
  mod_add<ModP>(alpha, alpha, t1);               // alpha = 3 (x - delta)(x + delta)
  mod_add<ModP>(t1, p.y, p.z);
  mont_sqr<ModP>(t1, t1);
  mod_sub<ModP>(t1, t1, gamma);
  mod_sub<ModP>(out.z, t1, delta);               // z3 = (y + z)^2 - gamma - delta
  mod_add<ModP>(t2, beta, beta);
  mod_add<ModP>(t2, t2, t2);                     // 4 beta
  mont_sqr<ModP>(t1, alpha);
  mod_sub<ModP>(t1, t1, t2);
  mod_sub<ModP>(out.x, t1, t2);                  // x3 = alpha^2 - 8 beta
  mod_sub<ModP>(t2, t2, out.x);
  mont_mul<ModP>(t2, alpha, t2);
  mont_sqr<ModP>(t1, gamma);
  mod_add<ModP>(t1, t1, t1);
  mod_add<ModP>(t1, t1, t1);
  mod_add<ModP>(t1, t1, t1);                     // 8 gamma^2
  mod_sub<ModP>(out.y, t2, t1);
}

// The fixed-base comb: kCombTable[i][d-1] = d * 16^i * G (d = 1..15), affine, Montgomery form.
// Public data, computed once at first use from G (one batched inversion per row) instead of
// being shipped in the module: 61 440 bytes less to download.
struct CombTable {
  alignas(16) u32 t[64][15][16];
  CombTable() {
    u32 base[16];
    std::memcpy(base, kG, sizeof(base));
    for (int i = 0; i < 64; ++i) {
      Jacobian pts[16];  // pts[j] = (j + 1) * base
      std::memcpy(pts[0].x, base, 32);
      std::memcpy(pts[0].y, base + 8, 32);
      std::memcpy(pts[0].z, kOne_P, 32);
      dbl(pts[1], pts[0]);
      for (int j = 2; j < 16; ++j) add_mixed(pts[j], pts[j - 1], base);  // j*B != +-B
      // Batch inversion of the 16 z coordinates.
      u32 prefix[16][8], inv[8], zinv[8], zinv2[8];
      std::memcpy(prefix[0], pts[0].z, 32);
      for (int j = 1; j < 16; ++j) mont_mul<ModP>(prefix[j], prefix[j - 1], pts[j].z);
      fp_inv_chain(inv, prefix[15]);
      for (int j = 15; j >= 0; --j) {
        if (j > 0) {
          mont_mul<ModP>(zinv, inv, prefix[j - 1]);
          mont_mul<ModP>(inv, inv, pts[j].z);
        } else {
          std::memcpy(zinv, inv, 32);
        }
        mont_sqr<ModP>(zinv2, zinv);
        u32* dst = j < 15 ? t[i][j] : base;  // 16 * 16^i * G is the next row's base
        mont_mul<ModP>(dst, pts[j].x, zinv2);
        mont_mul<ModP>(zinv2, zinv2, zinv);
        mont_mul<ModP>(dst + 8, pts[j].y, zinv2);
      }
    }
  }
};

const CombTable& comb_table() {
  static const CombTable table;  // thread-safe one-time construction
  return table;
}

// k * G for k in [1, n-1] (limbs). Writes the affine coordinates in Montgomery form.
//
// k = sum d_i 16^i; the result is sum over i of kCombTable[i][d_i - 1]. Before step i the
// accumulated sum is S < 16^i and the added point is d_i 16^i G with 16^i <= d_i 16^i < n and
// S + d_i 16^i <= k < n, so the mixed addition never meets p = +-q. Zero digits and the
// not-yet-started accumulator (infinity) are handled with masks: every step does the full
// table scan and one addition.
// `mask` (plain, secret, random, 0 < mask < p) lets the final inversion run variable time on a
// masked value (masked_inverse_mont); without one it is the constant-time addition chain.
void comb_mul(u32 x_out[8], u32 y_out[8], const u32 k[8], const u32* mask = nullptr) {
  const auto& kCombTable = comb_table().t;
  Jacobian acc;
  std::memset(&acc, 0, sizeof(acc));
  Jacobian sum;
  u32 sel[16];
  u32 started = 0;
  for (int i = 0; i < 64; ++i) {
    const u32 d = (k[i >> 3] >> ((i & 7) * 4)) & 15;
#if defined(__wasm_simd128__)
    // The same masked scan, four words at a time (and/or only: no vector multiplication).
    v128_t s0 = wasm_i32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
    for (int j = 0; j < 15; ++j) {
      const v128_t m = wasm_i32x4_splat(static_cast<int32_t>(ct_eq(d, static_cast<u32>(j + 1))));
      const u32* entry = kCombTable[i][j];
      s0 = wasm_v128_or(s0, wasm_v128_and(wasm_v128_load(entry), m));
      s1 = wasm_v128_or(s1, wasm_v128_and(wasm_v128_load(entry + 4), m));
      s2 = wasm_v128_or(s2, wasm_v128_and(wasm_v128_load(entry + 8), m));
      s3 = wasm_v128_or(s3, wasm_v128_and(wasm_v128_load(entry + 12), m));
    }
    wasm_v128_store(sel, s0);
    wasm_v128_store(sel + 4, s1);
    wasm_v128_store(sel + 8, s2);
    wasm_v128_store(sel + 12, s3);
#else
    for (int w = 0; w < 16; ++w) sel[w] = 0;
    for (int j = 0; j < 15; ++j) {
      const u32 m = ct_eq(d, static_cast<u32>(j + 1));
      const u32* entry = kCombTable[i][j];
      for (int w = 0; w < 16; ++w) sel[w] |= entry[w] & m;
    }
#endif
    add_mixed(sum, acc, sel);
    const u32 nonzero = ~ct_is_zero(d);
    const u32 take_sum = nonzero & started;
    const u32 take_point = nonzero & ~started;
    cmov(acc.x, sum.x, 8, take_sum);
    cmov(acc.y, sum.y, 8, take_sum);
    cmov(acc.z, sum.z, 8, take_sum);
    cmov(acc.x, sel, 8, take_point);
    cmov(acc.y, sel + 8, 8, take_point);
    cmov(acc.z, kOne_P, 8, take_point);
    started |= nonzero;
  }
  // To affine.
  u32 zinv[8], zinv2[8];
  if (mask == nullptr || !masked_inverse_mont<ModP>(zinv, acc.z, mask, kRR_P)) fp_inv_chain(zinv, acc.z);
  mont_sqr<ModP>(zinv2, zinv);
  mont_mul<ModP>(x_out, acc.x, zinv2);
  mont_mul<ModP>(zinv2, zinv2, zinv);
  mont_mul<ModP>(y_out, acc.y, zinv2);
  mbedtls_platform_zeroize(&acc, sizeof(acc));
  mbedtls_platform_zeroize(&sum, sizeof(sum));
  mbedtls_platform_zeroize(sel, sizeof(sel));
  mbedtls_platform_zeroize(zinv, sizeof(zinv));
  mbedtls_platform_zeroize(zinv2, sizeof(zinv2));
}

// 1 <= k <= n-1, as a 0/1 value (the result is public: it only decides a rejection).
u32 in_range_1_nm1(const u32 k[8]) {
  u32 t[8], any = 0;
  u32 borrow = sub8(t, k, kN);  // borrow = k < n
  for (int i = 0; i < 8; ++i) any |= k[i];
  return borrow & (ct_is_zero(any) ^ 1u) & 1u;
}

// DER INTEGER of a non-negative 32-byte big-endian value (public). Returns the length written.
size_t der_integer(unsigned char* out, const unsigned char v[32]) {
  size_t start = 0;
  while (start < 31 && v[start] == 0) ++start;
  const size_t len = 32 - start;
  const bool pad = (v[start] & 0x80) != 0;
  size_t o = 0;
  out[o++] = 0x02;
  out[o++] = static_cast<unsigned char>(len + (pad ? 1 : 0));
  if (pad) out[o++] = 0x00;
  std::memcpy(out + o, v + start, len);
  return o + len;
}

// ---- verification helpers (public data only: variable time) --------------------------------

inline bool is_zero8(const u32 a[8]) {
  u32 x = 0;
  for (int i = 0; i < 8; ++i) x |= a[i];
  return x == 0;
}

// A Jacobian point, or the point at infinity.
struct VarPoint {
  Jacobian p;
  bool inf = true;
};

// acc += q, or acc -= q when `neg`; q affine (x then y, Montgomery form), on the curve. Every
// case is handled: acc = infinity, acc = q (doubling), acc = -q (infinity). The formula is
// add_mixed's (8M + 3S); h = 0 exactly when x(acc) = x(q).
void add_var(VarPoint& acc, const u32 q[16], bool neg) {
  static const u32 kZero[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  u32 qy[8];
  if (neg) {
    mod_sub<ModP>(qy, kZero, q + 8);
  } else {
    std::memcpy(qy, q + 8, 32);
  }
  Jacobian& p = acc.p;
  if (acc.inf) {
    std::memcpy(p.x, q, 32);
    std::memcpy(p.y, qy, 32);
    std::memcpy(p.z, kOne_P, 32);
    acc.inf = false;
    return;
  }
  u32 z1z1[8], u2[8], s2[8], h[8], rr[8], hh[8], hhh[8], v[8], t[8], x3[8];
  mont_sqr<ModP>(z1z1, p.z);
  mont_mul<ModP>(u2, q, z1z1);
  mont_mul<ModP>(s2, p.z, z1z1);
  mont_mul<ModP>(s2, s2, qy);
  mod_sub<ModP>(h, u2, p.x);
  mod_sub<ModP>(rr, s2, p.y);
  if (is_zero8(h)) {
    if (is_zero8(rr)) {
      dbl(p, p);  // acc == q (no point of order 2 on P-256: the result is not infinity)
    } else {
      acc.inf = true;  // acc == -q
    }
    return;
  }
  mont_sqr<ModP>(hh, h);
  mont_mul<ModP>(hhh, h, hh);
  mont_mul<ModP>(v, p.x, hh);
  mont_mul<ModP>(p.z, p.z, h);
  mont_mul<ModP>(t, p.y, hhh);
  mont_sqr<ModP>(x3, rr);
  mod_sub<ModP>(x3, x3, hhh);
  mod_sub<ModP>(x3, x3, v);
  mod_sub<ModP>(x3, x3, v);
  mod_sub<ModP>(v, v, x3);
  mont_mul<ModP>(v, rr, v);
  mod_sub<ModP>(p.y, v, t);
  std::memcpy(p.x, x3, 32);
}

// Affine coordinates (x then y) of n Jacobian points, none at infinity: one inversion.
void to_affine_batch(const Jacobian* in, int n, u32 (*out)[16]) {
  u32 prefix[32][8], inv[8], zinv[8], zinv2[8];
  std::memcpy(prefix[0], in[0].z, 32);
  for (int j = 1; j < n; ++j) mont_mul<ModP>(prefix[j], prefix[j - 1], in[j].z);
  fp_inv_chain(inv, prefix[n - 1]);
  for (int j = n - 1; j >= 0; --j) {
    if (j > 0) {
      mont_mul<ModP>(zinv, inv, prefix[j - 1]);
      mont_mul<ModP>(inv, inv, in[j].z);
    } else {
      std::memcpy(zinv, inv, 32);
    }
    mont_sqr<ModP>(zinv2, zinv);
    mont_mul<ModP>(out[j], in[j].x, zinv2);
    mont_mul<ModP>(zinv2, zinv2, zinv);
    mont_mul<ModP>(out[j] + 8, in[j].y, zinv2);
  }
}

// Width-5 NAF of a 64-bit value: 65 digits in {0, +-1, +-3, ..., +-15}, least significant first.
void wnaf64(int8_t out[65], u64 v) {
  for (int i = 0; i < 65; ++i) {
    int d = 0;
    u64 hi = 0;  // bit 64 of v - d when d < 0 carries out
    if (v & 1) {
      d = static_cast<int>(v & 31);
      if (d >= 16) d -= 32;
      if (d > 0) {
        v -= static_cast<u64>(d);
      } else {
        const u64 nv = v + static_cast<u64>(-d);
        hi = nv < v ? 1 : 0;
        v = nv;
      }
    }
    out[i] = static_cast<int8_t>(d);
    v = (v >> 1) | (hi << 63);
  }
}

// b of y^2 = x^3 - 3x + b (not in Montgomery form).
constexpr u32 kB[8] = {0x27d2604b, 0x3bce3c3e, 0xcc53b0f6, 0x651d06b0, 0x769886bc, 0xb3ebbd55, 0xaa3a93e7, 0x5ac635d8};

}  // namespace

// ---- detail (tests) ----------------------------------------------------------------------------

namespace detail {

void from_bytes(uint32_t out[8], const unsigned char be[32]) {
  for (int i = 0; i < 8; ++i) {
    const unsigned char* p = be + 28 - 4 * i;
    out[i] = (static_cast<u32>(p[0]) << 24) | (static_cast<u32>(p[1]) << 16) | (static_cast<u32>(p[2]) << 8) | p[3];
  }
}

void to_bytes(unsigned char be[32], const uint32_t in[8]) {
  for (int i = 0; i < 8; ++i) {
    unsigned char* p = be + 28 - 4 * i;
    p[0] = static_cast<unsigned char>(in[i] >> 24);
    p[1] = static_cast<unsigned char>(in[i] >> 16);
    p[2] = static_cast<unsigned char>(in[i] >> 8);
    p[3] = static_cast<unsigned char>(in[i]);
  }
}

void fp_add(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) { mod_add<ModP>(r, a, b); }
void fp_sub(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) { mod_sub<ModP>(r, a, b); }
void fp_mul(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) { mont_mul<ModP>(r, a, b); }
void fp_sqr(uint32_t r[8], const uint32_t a[8]) { mont_sqr<ModP>(r, a); }
void fp_to_mont(uint32_t r[8], const uint32_t a[8]) { mont_mul<ModP>(r, a, kRR_P); }
void fp_from_mont(uint32_t r[8], const uint32_t a[8]) {
  static const u32 one[8] = {1, 0, 0, 0, 0, 0, 0, 0};
  mont_mul<ModP>(r, a, one);
}
void fp_inv(uint32_t r[8], const uint32_t a[8]) { fp_inv_chain(r, a); }

void fn_add(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) { mod_add<ModN>(r, a, b); }
void fn_mul(uint32_t r[8], const uint32_t a[8], const uint32_t b[8]) { mont_mul<ModN>(r, a, b); }
void fn_sqr(uint32_t r[8], const uint32_t a[8]) { mont_sqr<ModN>(r, a); }
void fn_to_mont(uint32_t r[8], const uint32_t a[8]) { mont_mul<ModN>(r, a, kRR_N); }
void fn_from_mont(uint32_t r[8], const uint32_t a[8]) {
  static const u32 one[8] = {1, 0, 0, 0, 0, 0, 0, 0};
  mont_mul<ModN>(r, a, one);
}
void fn_inv(uint32_t r[8], const uint32_t a[8]) { mont_pow_public<ModN>(r, a, kNm2, kOne_N); }
bool fp_inv_masked(uint32_t r[8], const uint32_t a[8], const uint32_t mask[8]) {
  return masked_inverse_mont<ModP>(r, a, mask, kRR_P);
}
bool fn_inv_masked(uint32_t r[8], const uint32_t a[8], const uint32_t mask[8]) {
  return masked_inverse_mont<ModN>(r, a, mask, kRR_N);
}
bool fn_inv_vartime(uint32_t r[8], const uint32_t a[8]) { return inverse_vartime_mont<ModN>(r, a); }
void fn_reduce_once(uint32_t r[8], const uint32_t a[8]) { cond_sub(r, a, 0, kN); }

bool mul_base(const unsigned char k[32], unsigned char x[32], unsigned char y[32]) {
  u32 kl[8], xm[8], ym[8], xa[8], ya[8];
  from_bytes(kl, k);
  if (!in_range_1_nm1(kl)) return false;
  comb_mul(xm, ym, kl);
  fp_from_mont(xa, xm);
  fp_from_mont(ya, ym);
  to_bytes(x, xa);
  to_bytes(y, ya);
  mbedtls_platform_zeroize(kl, sizeof(kl));
  return true;
}

}  // namespace detail

// ---- signing -----------------------------------------------------------------------------------

SigningKey::~SigningKey() {
  mbedtls_platform_zeroize(d_, sizeof(d_));
  mbedtls_platform_zeroize(d_mont_, sizeof(d_mont_));
  mbedtls_platform_zeroize(d_bytes_, sizeof(d_bytes_));
}

bool SigningKey::init(const unsigned char d[32]) {
  ready_ = false;
  u32 limbs[8];
  detail::from_bytes(limbs, d);
  if (!in_range_1_nm1(limbs)) {
    mbedtls_platform_zeroize(limbs, sizeof(limbs));
    return false;
  }
  std::memcpy(d_, limbs, sizeof(d_));
  mont_mul<ModN>(d_mont_, limbs, kRR_N);
  std::memcpy(d_bytes_, d, 32);
  mbedtls_platform_zeroize(limbs, sizeof(limbs));
  ready_ = true;
  return true;
}

bool SigningKey::sign_der(mbedtls_md_type_t md_alg, const unsigned char* hash, size_t hash_len, unsigned char* sig,
                          size_t* sig_len) const {
  if (!ready_ || hash == nullptr || hash_len == 0) return false;
  if (md_alg != MBEDTLS_MD_SHA1 && md_alg != MBEDTLS_MD_SHA256) return false;
  const mbedtls_md_info_t* md_info = mbedtls_md_info_from_type(md_alg);
  if (md_info == nullptr) return false;

  // e = the leftmost 256 bits of the digest, reduced mod n (as Mbed TLS's derive_mpi).
  unsigned char ebytes[32] = {0};
  const size_t use = hash_len > 32 ? 32 : hash_len;
  std::memcpy(ebytes + (32 - use), hash, use);
  u32 e[8];
  detail::from_bytes(e, ebytes);
  cond_sub(e, e, 0, kN);

  // RFC 6979 through HMAC_DRBG, seeded with int2octets(d) || bits2octets(h).
  unsigned char seed[64];
  std::memcpy(seed, d_bytes_, 32);
  detail::to_bytes(seed + 32, e);
  mbedtls_hmac_drbg_context drbg;
  mbedtls_hmac_drbg_init(&drbg);
  int rc = mbedtls_hmac_drbg_seed_buf(&drbg, md_info, seed, sizeof(seed));
  mbedtls_platform_zeroize(seed, sizeof(seed));

  u32 k[8] = {0};
  unsigned char kbytes[32];
  bool have_k = false;
  // Mbed TLS's mbedtls_mpi_random rejects out-of-range candidates and draws again, up to 30
  // candidates, exactly as RFC 6979 step h.3 continues the HMAC_DRBG stream.
  for (int attempt = 0; rc == 0 && attempt < 30 && !have_k; ++attempt) {
    rc = mbedtls_hmac_drbg_random(&drbg, kbytes, sizeof(kbytes));
    if (rc != 0) break;
    detail::from_bytes(k, kbytes);
    have_k = in_range_1_nm1(k) != 0;
  }
  // Masks for the two inversions (k^-1 mod n, Z^-1 mod p), which then run variable time on
  // masked values: more of the same secret HMAC_DRBG stream, drawn after k, so k and the
  // signature stay RFC 6979's.
  u32 kmask[8] = {0}, zmask[8] = {0};
  bool masked = false;
  if (have_k) {
    unsigned char mb[64];
    if (mbedtls_hmac_drbg_random(&drbg, mb, sizeof(mb)) == 0) {
      detail::from_bytes(kmask, mb);
      cond_sub(kmask, kmask, 0, kN);  // < 2^256 < 2n
      detail::from_bytes(zmask, mb + 32);
      cond_sub(zmask, zmask, 0, kP);
      u32 kz = 0, zz = 0;
      for (int i = 0; i < 8; ++i) {
        kz |= kmask[i];
        zz |= zmask[i];
      }
      masked = kz != 0 && zz != 0;
    }
    mbedtls_platform_zeroize(mb, sizeof(mb));
  }
  mbedtls_hmac_drbg_free(&drbg);
  mbedtls_platform_zeroize(kbytes, sizeof(kbytes));

  bool ok = false;
  u32 rx[8], ry[8], r[8], t[8], rd[8], km[8], kinv[8], s[8];
  unsigned char rbytes[32], sbytes[32];
  if (have_k) {
    // r = x(kG) mod n
    comb_mul(rx, ry, k, masked ? zmask : nullptr);
    detail::fp_from_mont(t, rx);
    cond_sub(r, t, 0, kN);  // x < p < 2n
    // s = k^-1 (e + r d) mod n.
    mont_mul<ModN>(km, k, kRR_N);
    if (!masked || !masked_inverse_mont<ModN>(kinv, km, kmask, kRR_N)) {
      mont_pow_public<ModN>(kinv, km, kNm2, kOne_N);  // k^-1 R (constant time: public exponent)
    }
    mont_mul<ModN>(rd, r, d_mont_);                  // r * dR / R = r d
    mod_add<ModN>(t, e, rd);                         // e + r d
    mont_mul<ModN>(s, kinv, t);                      // k^-1 R * (e + r d) / R
    u32 rz = 0, sz = 0;
    for (int i = 0; i < 8; ++i) {
      rz |= r[i];
      sz |= s[i];
    }
    if (rz != 0 && sz != 0) {  // else: let Mbed TLS handle the (never seen) retry
      detail::to_bytes(rbytes, r);
      detail::to_bytes(sbytes, s);
      unsigned char body[70];
      size_t len = der_integer(body, rbytes);
      len += der_integer(body + len, sbytes);
      sig[0] = 0x30;
      sig[1] = static_cast<unsigned char>(len);
      std::memcpy(sig + 2, body, len);
      *sig_len = len + 2;
      ok = true;
    }
  }
  mbedtls_platform_zeroize(k, sizeof(k));
  mbedtls_platform_zeroize(km, sizeof(km));
  mbedtls_platform_zeroize(kinv, sizeof(kinv));
  mbedtls_platform_zeroize(kmask, sizeof(kmask));
  mbedtls_platform_zeroize(zmask, sizeof(zmask));
  mbedtls_platform_zeroize(rd, sizeof(rd));
  mbedtls_platform_zeroize(t, sizeof(t));
  mbedtls_platform_zeroize(ry, sizeof(ry));
  mbedtls_platform_zeroize(e, sizeof(e));
  mbedtls_platform_zeroize(ebytes, sizeof(ebytes));
  return ok;
}

// ---- verification ------------------------------------------------------------------------------

bool VerifyKey::init(const unsigned char point[65]) {
  ready_ = false;
  if (point == nullptr || point[0] != 0x04) return false;
  u32 x[8], y[8], t[8];
  detail::from_bytes(x, point + 1);
  detail::from_bytes(y, point + 33);
  if (sub8(t, x, kP) == 0 || sub8(t, y, kP) == 0) return false;  // x, y < p
  // On the curve: y^2 == x^3 - 3x + b.
  u32 xm[8], ym[8], lhs[8], rhs[8], bm[8];
  mont_mul<ModP>(xm, x, kRR_P);
  mont_mul<ModP>(ym, y, kRR_P);
  mont_mul<ModP>(bm, kB, kRR_P);
  mont_sqr<ModP>(lhs, ym);
  mont_sqr<ModP>(rhs, xm);
  mont_mul<ModP>(rhs, rhs, xm);
  mod_sub<ModP>(rhs, rhs, xm);
  mod_sub<ModP>(rhs, rhs, xm);
  mod_sub<ModP>(rhs, rhs, xm);
  mod_add<ModP>(rhs, rhs, bm);
  if (std::memcmp(lhs, rhs, 32) != 0) return false;
  // B_k = 2^(64k) Q; table_[k][j] = (2j + 1) B_k. None of these is infinity (n is a prime
  // above 2^255 and Q != infinity), and the additions P_j + 2B_k never meet +-2B_k.
  u32 base[16];
  std::memcpy(base, xm, 32);
  std::memcpy(base + 8, ym, 32);
  Jacobian pts[32];
  for (int k = 0; k < 4; ++k) {
    if (k > 0) {
      Jacobian j;
      std::memcpy(j.x, base, 32);
      std::memcpy(j.y, base + 8, 32);
      std::memcpy(j.z, kOne_P, 32);
      for (int i = 0; i < 64; ++i) dbl(j, j);
      to_affine_batch(&j, 1, &base);
    }
    Jacobian two;
    std::memcpy(two.x, base, 32);
    std::memcpy(two.y, base + 8, 32);
    std::memcpy(two.z, kOne_P, 32);
    pts[8 * k] = two;
    dbl(two, two);
    u32 two_affine[16];
    to_affine_batch(&two, 1, &two_affine);
    VarPoint acc;
    acc.p = pts[8 * k];
    acc.inf = false;
    for (int j = 1; j < 8; ++j) {
      add_var(acc, two_affine, false);
      if (acc.inf) return false;  // impossible for a point of order n
      pts[8 * k + j] = acc.p;
    }
  }
  to_affine_batch(pts, 32, &table_[0][0]);
  ready_ = true;
  return true;
}

bool VerifyKey::verify(const unsigned char* hash, size_t hash_len, const unsigned char rb[32],
                       const unsigned char sb[32]) const {
  if (!ready_ || hash == nullptr || rb == nullptr || sb == nullptr) return false;
  u32 r[8], s[8];
  detail::from_bytes(r, rb);
  detail::from_bytes(s, sb);
  if (!in_range_1_nm1(r) || !in_range_1_nm1(s)) return false;
  // e = the leftmost 256 bits of the digest, reduced mod n (Mbed TLS's derive_mpi).
  unsigned char ebytes[32] = {0};
  const size_t use = hash_len > 32 ? 32 : hash_len;
  std::memcpy(ebytes + (32 - use), hash, use);
  u32 e[8];
  detail::from_bytes(e, ebytes);
  cond_sub(e, e, 0, kN);
  // w = s^-1 (Montgomery form), u1 = e w, u2 = r w (plain).
  u32 w[8], u1[8], u2[8];
  if (!inverse_vartime_mont<ModN>(w, s)) return false;  // s is public: variable time is fine
  mont_mul<ModN>(u1, e, w);
  mont_mul<ModN>(u2, r, w);
  int8_t n1[4][65], n2[4][65];
  for (int k = 0; k < 4; ++k) {
    wnaf64(n1[k], static_cast<u64>(u1[2 * k]) | (static_cast<u64>(u1[2 * k + 1]) << 32));
    wnaf64(n2[k], static_cast<u64>(u2[2 * k]) | (static_cast<u64>(u2[2 * k + 1]) << 32));
  }
  // R = u1 G + u2 Q. Comb row 16k holds d * 2^(64k) * G for d = 1..15.
  const auto& comb = comb_table().t;
  VarPoint acc;
  for (int i = 64; i >= 0; --i) {
    if (!acc.inf) dbl(acc.p, acc.p);
    for (int k = 0; k < 4; ++k) {
      const int d1 = n1[k][i];
      if (d1 != 0) add_var(acc, comb[16 * k][(d1 < 0 ? -d1 : d1) - 1], d1 < 0);
      const int d2 = n2[k][i];
      if (d2 != 0) add_var(acc, table_[k][((d2 < 0 ? -d2 : d2) - 1) / 2], d2 < 0);
    }
  }
  if (acc.inf) return false;
  // x(R) mod n == r, with x(R) = X / Z^2 and x(R) < p: x(R) is r, or r + n when r + n < p.
  u32 z2[8], rm[8], t[8];
  mont_sqr<ModP>(z2, acc.p.z);
  mont_mul<ModP>(rm, r, kRR_P);  // r < n < p
  mont_mul<ModP>(t, rm, z2);
  if (std::memcmp(t, acc.p.x, 32) == 0) return true;
  u32 rn[8];
  if (add8(rn, r, kN) != 0 || sub8(t, rn, kP) == 0) return false;  // r + n >= p
  mont_mul<ModP>(rm, rn, kRR_P);
  mont_mul<ModP>(t, rm, z2);
  return std::memcmp(t, acc.p.x, 32) == 0;
}

bool VerifyKey::verify_der(const unsigned char* hash, size_t hash_len, const unsigned char* sig,
                           size_t sig_len) const {
  // SEQUENCE { INTEGER r, INTEGER s } with short-form lengths (a P-256 signature is at most
  // 72 bytes), consumed exactly; each INTEGER non-negative with at most 32 significant bytes
  // (anything longer is >= 2^256 > n, which Mbed TLS rejects too).
  if (sig == nullptr || sig_len < 2 || sig[0] != 0x30 || sig[1] >= 0x80 || sig[1] != sig_len - 2) return false;
  size_t pos = 2;
  unsigned char ints[2][32];
  for (auto& out : ints) {
    if (sig_len - pos < 2 || sig[pos] != 0x02 || sig[pos + 1] >= 0x80) return false;
    size_t len = sig[pos + 1];
    pos += 2;
    if (len == 0 || sig_len - pos < len || (sig[pos] & 0x80) != 0) return false;
    size_t start = pos, end = pos + len;
    while (start < end && sig[start] == 0) ++start;
    if (end - start > 32) return false;
    std::memset(out, 0, 32);
    std::memcpy(out + 32 - (end - start), sig + start, end - start);
    pos = end;
  }
  if (pos != sig_len) return false;
  return verify(hash, hash_len, ints[0], ints[1]);
}

}  // namespace cfsign::p256
