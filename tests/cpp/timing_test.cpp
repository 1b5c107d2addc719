// dudect-style timing tests ("Dude, is my code constant time?", Reparaz, Balasch, Verbauwhede,
// DATE 2017) for the two constant-time signing kernels, plus a deliberately leaky control that
// proves the harness can fail. See tests/cpp/TIMING.md for the method and observed figures.
//
// Each test times one operation under two classes of secret, drawn at random per measurement
// (exactly balanced, shuffled): class A = one fixed, low-Hamming-weight secret, class B = random
// secrets. Public inputs (RSA bases, digests) are random in both classes. Everything is drawn
// before the first measurement, each sample has its own input slot, and both classes use pools
// of the same size, so the measured code paths and memory footprints differ only by the secret.
// Timestamps: rdtsc fenced with lfence on x86-64, std::chrono::steady_clock elsewhere. The
// pooled measurements are cropped at several percentiles (as dudect does: the noise of a
// shared machine is a long right tail) and Welch's t is computed for each crop; the test fails
// when the largest |t| reaches 10. The threshold: dudect flags |t| > 10 as "definitely not
// constant time" (4.5 is its first warning level); these tests run on shared, noisy 2-core VMs
// next to builds and other test runs, where 4.5 would be crossed now and then by drift that the
// random interleaving does not fully cancel, and 10 is still far below what a real leak of
// the kind the control has reaches (|t| in the hundreds).
//
// Never prints key material: only timing statistics.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#include <mbedtls/bignum.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include "cfsign/key.hpp"
#include "cfsign/p256.hpp"
#include "cfsign/rsa2048.hpp"
#include "test_util.hpp"

namespace {

constexpr double kMaxAbsT = 10.0;

// ---- clock ----------------------------------------------------------------------------------

#if defined(__x86_64__) || defined(__i386__)
const char* const kClockName = "rdtsc ticks";
inline uint64_t ticks() {
  _mm_lfence();
  const uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
}
#else
const char* const kClockName = "ns (steady_clock)";
inline uint64_t ticks() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}
#endif

// ---- randomness (public test inputs and class labels; secrets come from random_bytes) -------

void fill_random(unsigned char* out, size_t size) {
  for (size_t done = 0; done < size; done += 1024) {  // a few requests rather than one large one
    ASSERT_TRUE(cfsign::random_bytes(out + done, std::min<size_t>(1024, size - done)));
  }
}

struct SplitMix64 {  // fast PRNG for shuffling and the control's inputs
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

SplitMix64 seeded_prng() {
  unsigned char b[8];
  fill_random(b, sizeof(b));
  uint64_t s = 0;
  for (unsigned char c : b) s = (s << 8) | c;
  return SplitMix64{s};
}

// `per_class` zeros (class A) and ones (class B) in random order.
std::vector<uint8_t> draw_classes(size_t per_class, SplitMix64& prng) {
  std::vector<uint8_t> c(2 * per_class);
  for (size_t i = 0; i < c.size(); ++i) c[i] = i < per_class ? 0 : 1;
  for (size_t i = c.size() - 1; i > 0; --i) std::swap(c[i], c[prng.next() % (i + 1)]);
  return c;
}

// CFSIGN_TIMING_SCALE=k multiplies every sample count and time budget (longer, more sensitive
// runs). By default the whole file stays under ~45 s even on a loaded 2-core machine.
double scale() {
  const char* s = std::getenv("CFSIGN_TIMING_SCALE");
  const double k = s != nullptr ? std::atof(s) : 1.0;
  return k > 0 ? k : 1.0;
}
size_t scaled(size_t per_class) { return static_cast<size_t>(static_cast<double>(per_class) * scale()); }
double budget(double seconds) { return seconds * scale(); }

// ---- statistics -----------------------------------------------------------------------------

struct Moments {  // Welford
  double n = 0, mean = 0, m2 = 0;
  void add(double x) {
    n += 1;
    const double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  double var() const { return n > 1 ? m2 / (n - 1) : 0; }
};

double welch_t(const Moments& a, const Moments& b) {
  const double se = std::sqrt(a.var() / a.n + b.var() / b.n);
  return se > 0 ? (a.mean - b.mean) / se : 0;
}

constexpr double kCrops[] = {1.0, 0.999, 0.99, 0.95, 0.90, 0.75, 0.50};  // pooled percentiles kept
constexpr int kNumCrops = sizeof(kCrops) / sizeof(kCrops[0]);

struct Verdict {
  double max_abs_t = 0;
  double t_at_max = 0;
  double crop_at_max = 0;  // pooled percentile kept (1 = no crop)
  double t[kNumCrops] = {};
  double median[2] = {0, 0};
  size_t n[2] = {0, 0};
  double detectable_pct = 0;  // smallest mean difference (% of the mean) that |t| = 10 needs, any crop
};

// Welch's t over the pooled measurements cropped at a few percentiles (plus no crop); the
// verdict is the largest |t|. Prints one line of statistics (no secrets).
Verdict analyse(const char* name, const std::vector<uint64_t>& t, const std::vector<uint8_t>& cls) {
  Verdict v;
  std::vector<uint64_t> sorted(t);
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint64_t> per[2];
  for (size_t i = 0; i < t.size(); ++i) per[cls[i]].push_back(t[i]);
  for (int c = 0; c < 2; ++c) {
    std::sort(per[c].begin(), per[c].end());
    v.n[c] = per[c].size();
    v.median[c] = per[c].empty() ? 0 : static_cast<double>(per[c][per[c].size() / 2]);
  }
  v.detectable_pct = 1e9;
  std::string crops;
  for (int j = 0; j < kNumCrops; ++j) {
    const double q = kCrops[j];
    const uint64_t limit = q >= 1.0 ? UINT64_MAX : sorted[static_cast<size_t>(q * static_cast<double>(sorted.size() - 1))];
    Moments m[2];
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] <= limit) m[cls[i]].add(static_cast<double>(t[i]));
    }
    const double tv = welch_t(m[0], m[1]);
    v.t[j] = tv;
    const double se = std::sqrt(m[0].var() / m[0].n + m[1].var() / m[1].n);
    v.detectable_pct = std::min(v.detectable_pct, 100.0 * kMaxAbsT * se / ((m[0].mean + m[1].mean) / 2));
    if (std::fabs(tv) > v.max_abs_t) {
      v.max_abs_t = std::fabs(tv);
      v.t_at_max = tv;
      v.crop_at_max = q;
    }
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%s%.2f", j == 0 ? "" : " ", tv);
    crops += buf;
  }
  std::printf("[ timing   ] %s: %zu + %zu samples, median A %.0f / B %.0f %s; t by crop (none .999 .99 .95 "
              ".90 .75 .50): %s; max |t| %.2f; |t| = 10 needs a %.3f %% mean difference\n",
              name, v.n[0], v.n[1], v.median[0], v.median[1], kClockName, crops.c_str(), v.max_abs_t,
              v.detectable_pct);
  std::fflush(stdout);
  return v;
}

// Runs op(i) for every sample i in the order of `cls` (a warm-up over the first samples, then
// the timed pass), stopping early once `budget_s` seconds have passed and at least `min_samples`
// are in (the classes are shuffled, so any prefix is still randomly interleaved). Returns the
// times and the classes of the samples taken.
template <class Op>
std::pair<std::vector<uint64_t>, std::vector<uint8_t>> measure(const std::vector<uint8_t>& cls, double budget_s,
                                                               size_t min_samples, Op&& op) {
  const size_t warmup = std::min<size_t>(cls.size(), 100);
  for (size_t i = 0; i < warmup; ++i) op(i);
  std::vector<uint64_t> t;
  t.reserve(cls.size());
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < cls.size(); ++i) {
    if (i % 32 == 0 && i >= min_samples &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budget_s) {
      break;
    }
    const uint64_t t0 = ticks();
    op(i);
    const uint64_t t1 = ticks();
    t.push_back(t1 - t0);
  }
  return {t, std::vector<uint8_t>(cls.begin(), cls.begin() + static_cast<std::ptrdiff_t>(t.size()))};
}

volatile uint64_t g_sink;  // keeps results alive

// ---- RSA-2048: FastKeys sharing p and q, with chosen private exponents -----------------------

constexpr size_t kPool = 16;  // secrets per class (the same count for both classes)

struct RsaFixture {
  std::vector<std::unique_ptr<cfsign::rsa2048::FastKey>> pool[2];  // [0]: fixed d, [1]: random d
};

// A FastKey for the fixture's key pair (n, p, q, e) with private exponent `d` (dP = d mod p-1,
// dQ = d mod q-1, as mbedtls_rsa_complete derives them). `d` need not match e: the CRT
// exponentiation does not care, and the private operation then fails its fault check in both
// classes alike (it still runs in full).
std::unique_ptr<cfsign::rsa2048::FastKey> fast_key_with_d(const mbedtls_mpi& N, const mbedtls_mpi& P,
                                                          const mbedtls_mpi& Q, const mbedtls_mpi& D,
                                                          const mbedtls_mpi& E) {
  mbedtls_rsa_context rsa;
  mbedtls_rsa_init(&rsa);
  std::unique_ptr<cfsign::rsa2048::FastKey> key;
  if (mbedtls_rsa_import(&rsa, &N, &P, &Q, &D, &E) == 0 && mbedtls_rsa_complete(&rsa) == 0) {
    key = cfsign::rsa2048::FastKey::prepare(&rsa);
  }
  mbedtls_rsa_free(&rsa);
  return key;
}

void make_rsa_fixture(RsaFixture& fx) {
  const std::string pem = cfsign_test::read_vector("keys/test-rsa2048-pkcs1.pem");
  ASSERT_FALSE(pem.empty());
  mbedtls_pk_context pk;
  mbedtls_pk_init(&pk);
  auto rng = [](void*, unsigned char* out, size_t size) { return cfsign::random_bytes(out, size) ? 0 : -1; };
  ASSERT_EQ(mbedtls_pk_parse_key(&pk, cfsign_test::bytes(pem), pem.size() + 1, nullptr, 0, rng, nullptr), 0);
  mbedtls_mpi N, P, Q, D, E;
  mbedtls_mpi* all[] = {&N, &P, &Q, &D, &E};
  for (mbedtls_mpi* x : all) mbedtls_mpi_init(x);
  ASSERT_EQ(mbedtls_rsa_export(mbedtls_pk_rsa(pk), &N, &P, &Q, nullptr, &E), 0);
  mbedtls_pk_free(&pk);
  // Class A: d = 2^1022 + 1 (< p-1 and q-1, both 1024-bit): dP = dQ = d, Hamming weight 2,
  // so all but one of the 5-bit windows of the unblinded exponent are zero.
  ASSERT_EQ(mbedtls_mpi_lset(&D, 1), 0);
  ASSERT_EQ(mbedtls_mpi_set_bit(&D, 1022, 1), 0);
  for (size_t i = 0; i < kPool; ++i) {
    fx.pool[0].push_back(fast_key_with_d(N, P, Q, D, E));
    ASSERT_NE(fx.pool[0].back(), nullptr);
  }
  // Class B: random d < n, so dP and dQ are uniformly random.
  for (size_t i = 0; i < kPool; ++i) {
    unsigned char buf[256];
    fill_random(buf, sizeof(buf));
    buf[0] &= 0x7f;  // < 2^2047 < n
    ASSERT_EQ(mbedtls_mpi_read_binary(&D, buf, sizeof(buf)), 0);
    std::memset(buf, 0, sizeof(buf));
    fx.pool[1].push_back(fast_key_with_d(N, P, Q, D, E));
    ASSERT_NE(fx.pool[1].back(), nullptr);
  }
  for (mbedtls_mpi* x : all) mbedtls_mpi_free(x);
}

// Random public inputs below 2^2047 (< n), one per sample.
std::vector<unsigned char> rsa_inputs(size_t count) {
  std::vector<unsigned char> in(256 * count);
  fill_random(in.data(), in.size());
  for (size_t i = 0; i < count; ++i) in[256 * i] &= 0x7f;
  return in;
}

// ---- P-256 --------------------------------------------------------------------------------

// A uniformly random scalar in [1, n-1] (n = FFFFFFFF 00000000 FF..., so a first word below
// FFFFFFFF suffices; a zero scalar is astronomically unlikely and rejected too).
void random_scalar(unsigned char k[32]) {
  for (;;) {
    fill_random(k, 32);
    bool zero = true;
    for (int i = 0; i < 32; ++i) zero = zero && k[i] == 0;
    if (!(k[0] == 0xff && k[1] == 0xff && k[2] == 0xff && k[3] == 0xff) && !zero) return;
  }
}

// Class A scalar: 1 (every comb digit but one is zero: the masked "keep the point at infinity"
// and "drop a zero digit" paths on almost every step).
void fixed_scalar(unsigned char k[32]) {
  std::memset(k, 0, 32);
  k[31] = 1;
}

}  // namespace

// x^dP mod p and x^dQ mod q (the unblinded CRT exponentiation: fixed 5-bit windows, masked
// table lookups): d = 2^1022 + 1 vs random d, random bases x.
TEST(Timing, Rsa2048CrtExponentiateFixedVsRandomExponent) {
  RsaFixture fx;
  ASSERT_NO_FATAL_FAILURE(make_rsa_fixture(fx));
  SplitMix64 prng = seeded_prng();
  const size_t per_class = scaled(6000);
  const std::vector<uint8_t> cls = draw_classes(per_class, prng);
  const std::vector<unsigned char> in = rsa_inputs(cls.size());
  std::vector<uint8_t> slot(cls.size());
  for (auto& s : slot) s = static_cast<uint8_t>(prng.next() % kPool);
  unsigned char xp[128], xq[128];
  const auto [t, taken] = measure(cls, budget(18), 2000, [&](size_t i) {
    fx.pool[cls[i]][slot[i]]->crt_exponentiate(&in[256 * i], xp, xq);
    g_sink = g_sink + xp[0] + xq[0];
  });
  const Verdict v = analyse("RSA-2048 crt_exponentiate (d fixed HW 2 vs random)", t, taken);
  EXPECT_LT(v.max_abs_t, kMaxAbsT) << "timing depends on the private exponent (t = " << v.t_at_max
                                   << " at crop " << v.crop_at_max << ")";
}

// The whole private operation (base blinding, 64-bit exponent blinding, CRT, recombination,
// fault check) with the same key pools. Both classes fail the fault check (d does not match e)
// after running every step.
TEST(Timing, Rsa2048PrivateOpFixedVsRandomExponent) {
  RsaFixture fx;
  ASSERT_NO_FATAL_FAILURE(make_rsa_fixture(fx));
  SplitMix64 prng = seeded_prng();
  const size_t per_class = scaled(3000);
  const std::vector<uint8_t> cls = draw_classes(per_class, prng);
  const std::vector<unsigned char> in = rsa_inputs(cls.size());
  std::vector<uint8_t> slot(cls.size());
  for (auto& s : slot) s = static_cast<uint8_t>(prng.next() % kPool);
  unsigned char out[256];
  const auto [t, taken] = measure(cls, budget(10), 1000, [&](size_t i) {
    const bool ok = fx.pool[cls[i]][slot[i]]->private_op(&in[256 * i], out);
    g_sink = g_sink + (ok ? 1 : 0);
  });
  const Verdict v = analyse("RSA-2048 private_op (d fixed HW 2 vs random)", t, taken);
  EXPECT_LT(v.max_abs_t, kMaxAbsT) << "timing depends on the private exponent (t = " << v.t_at_max
                                   << " at crop " << v.crop_at_max << ")";
}

// k*G with the fixed-base comb: k = 1 vs random k.
TEST(Timing, P256MulBaseFixedVsRandomScalar) {
  SplitMix64 prng = seeded_prng();
  const size_t per_class = scaled(20000);
  const std::vector<uint8_t> cls = draw_classes(per_class, prng);
  std::vector<unsigned char> k(32 * cls.size());
  for (size_t i = 0; i < cls.size(); ++i) {
    if (cls[i] == 0) {
      fixed_scalar(&k[32 * i]);
    } else {
      random_scalar(&k[32 * i]);
    }
  }
  unsigned char x[32], y[32];
  bool all_ok = true;
  const auto [t, taken] = measure(cls, budget(6), 10000, [&](size_t i) {
    all_ok = cfsign::p256::detail::mul_base(&k[32 * i], x, y) && all_ok;
    g_sink = g_sink + x[0] + y[0];
  });
  std::fill(k.begin(), k.end(), 0);
  EXPECT_TRUE(all_ok);
  const Verdict v = analyse("P-256 mul_base (k = 1 vs random)", t, taken);
  EXPECT_LT(v.max_abs_t, kMaxAbsT) << "timing depends on the scalar (t = " << v.t_at_max << " at crop "
                                   << v.crop_at_max << ")";
}

// Deterministic ECDSA signing (RFC 6979 nonce, k*G, inversion, s = k^-1 (e + r d)): private key
// d = 1 vs random keys, random SHA-256 digests (so the nonce is pseudo-random in both classes).
TEST(Timing, P256SignFixedVsRandomKey) {
  SplitMix64 prng = seeded_prng();
  std::vector<std::unique_ptr<cfsign::p256::SigningKey>> pool[2];
  unsigned char d[32];
  for (size_t i = 0; i < kPool; ++i) {
    fixed_scalar(d);
    pool[0].push_back(std::make_unique<cfsign::p256::SigningKey>());
    ASSERT_TRUE(pool[0].back()->init(d));
    random_scalar(d);
    pool[1].push_back(std::make_unique<cfsign::p256::SigningKey>());
    ASSERT_TRUE(pool[1].back()->init(d));
  }
  std::memset(d, 0, sizeof(d));
  const size_t per_class = scaled(20000);
  const std::vector<uint8_t> cls = draw_classes(per_class, prng);
  std::vector<unsigned char> digests(32 * cls.size());
  fill_random(digests.data(), digests.size());
  std::vector<uint8_t> slot(cls.size());
  for (auto& s : slot) s = static_cast<uint8_t>(prng.next() % kPool);
  unsigned char sig[cfsign::p256::kMaxSignatureSize];
  bool all_ok = true;
  const auto [t, taken] = measure(cls, budget(6), 10000, [&](size_t i) {
    size_t len = 0;
    all_ok = pool[cls[i]][slot[i]]->sign_der(MBEDTLS_MD_SHA256, &digests[32 * i], 32, sig, &len) && all_ok;
    g_sink = g_sink + len;
  });
  EXPECT_TRUE(all_ok);
  // The DER length of (r, s) varies with their leading bytes (public: it is the signature's
  // length), so it is part of what is timed in both classes alike.
  const Verdict v = analyse("P-256 sign_der (d = 1 vs random d)", t, taken);
  EXPECT_LT(v.max_abs_t, kMaxAbsT) << "timing depends on the private key (t = " << v.t_at_max << " at crop "
                                   << v.crop_at_max << ")";
}

namespace {

// The leaky control: textbook left-to-right square-and-multiply mod a 61-bit prime with a
// branch on each bit of a 256-bit secret exponent (multiply only when the bit is set). The
// same class split as the RSA test: a fixed Hamming-weight-2 exponent vs random exponents.
__attribute__((noinline)) uint64_t leaky_modexp(uint64_t base, const uint64_t e[4]) {
  constexpr uint64_t m = (uint64_t{1} << 61) - 1;
  auto mulmod = [](uint64_t a, uint64_t b) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(a) * b) % m);
  };
  uint64_t r = 1;
  base %= m;
  for (int w = 3; w >= 0; --w) {
    for (int b = 63; b >= 0; --b) {
      r = mulmod(r, r);
      if ((e[w] >> b) & 1) r = mulmod(r, base);  // the secret-dependent branch
    }
  }
  return r;
}

}  // namespace

// CONTROL: the harness must flag the leaky square-and-multiply above (|t| > 10). If this test
// fails, the timing tests above prove nothing (a broken clock, the optimiser removing the
// work, or too few samples).
TEST(Timing, ControlLeakySquareAndMultiplyIsDetected) {
  SplitMix64 prng = seeded_prng();
  const size_t per_class = scaled(10000);
  const std::vector<uint8_t> cls = draw_classes(per_class, prng);
  std::vector<uint64_t> e(4 * cls.size());
  std::vector<uint64_t> base(cls.size());
  for (size_t i = 0; i < cls.size(); ++i) {
    base[i] = prng.next();
    if (cls[i] == 0) {
      e[4 * i] = 1;
      e[4 * i + 1] = 0;
      e[4 * i + 2] = 0;
      e[4 * i + 3] = uint64_t{1} << 62;
    } else {
      for (int w = 0; w < 4; ++w) e[4 * i + w] = prng.next();
    }
  }
  const auto [t, taken] = measure(cls, budget(2), 4000, [&](size_t i) { g_sink = g_sink + leaky_modexp(base[i], &e[4 * i]); });
  const Verdict v = analyse("CONTROL leaky square-and-multiply (e fixed HW 2 vs random)", t, taken);
  EXPECT_GT(v.max_abs_t, kMaxAbsT) << "the control leak was not detected: the timing harness is broken";
}
