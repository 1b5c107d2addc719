// The RSA-2048 kernel (src/cfsign/rsa2048.cpp) against Mbed TLS: byte-identical PKCS#1 v1.5
// signatures over freshly generated keys, edge inputs of the exponentiation against
// mbedtls_mpi_exp_mod, Wycheproof signature-generation vectors through PrivateKey::sign, and the
// shape gate (other keys keep using Mbed TLS).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <mbedtls/bignum.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include "cfsign/key.hpp"
#include "cfsign/rsa2048.hpp"
#include "test_util.hpp"

using cfsign::HashAlg;
using cfsign::PrivateKey;
using cfsign::rsa2048::FastKey;
using cfsign_test::bytes;
using cfsign_test::from_hex;
using cfsign_test::read_vector;

namespace {

int test_rng(void* /*ctx*/, unsigned char* out, size_t size) { return cfsign::random_bytes(out, size) ? 0 : -1; }

std::string random_string(size_t size) {
  std::string s(size, '\0');
  if (size > 0) EXPECT_TRUE(cfsign::random_bytes(reinterpret_cast<unsigned char*>(s.data()), size));
  return s;
}

size_t random_below(size_t bound) {
  unsigned char b[4];
  EXPECT_TRUE(cfsign::random_bytes(b, sizeof(b)));
  const uint32_t v = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
  return v % bound;
}

struct PkKey {
  mbedtls_pk_context pk;
  PkKey() { mbedtls_pk_init(&pk); }
  ~PkKey() { mbedtls_pk_free(&pk); }
  PkKey(const PkKey&) = delete;
  PkKey& operator=(const PkKey&) = delete;
  mbedtls_rsa_context* rsa() { return mbedtls_pk_rsa(pk); }
};

struct Mpi {
  mbedtls_mpi v;
  Mpi() { mbedtls_mpi_init(&v); }
  ~Mpi() { mbedtls_mpi_free(&v); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
};

bool generate(PkKey& key, unsigned bits = 2048, int exponent = 65537) {
  if (mbedtls_pk_setup(&key.pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) != 0) return false;
  return mbedtls_rsa_gen_key(key.rsa(), test_rng, nullptr, bits, exponent) == 0;
}

std::string mbedtls_signature(PkKey& key, HashAlg hash, const std::string& message) {
  const mbedtls_md_type_t md = hash == HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1;
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
  unsigned char digest[32];
  EXPECT_EQ(mbedtls_md(info, bytes(message), message.size(), digest), 0);
  unsigned char sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
  size_t len = 0;
  EXPECT_EQ(mbedtls_pk_sign(&key.pk, md, digest, mbedtls_md_get_size(info), sig, sizeof(sig), &len, test_rng, nullptr),
            0);
  return std::string(reinterpret_cast<const char*>(sig), len);
}

std::string kernel_signature(FastKey& fast, HashAlg hash, const std::string& message) {
  const mbedtls_md_type_t md = hash == HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1;
  unsigned char digest[32];
  EXPECT_EQ(mbedtls_md(mbedtls_md_info_from_type(md), bytes(message), message.size(), digest), 0);
  unsigned char sig[256];
  if (!fast.sign_digest(hash, digest, sig)) {
    ADD_FAILURE() << "sign_digest failed";
    return std::string();
  }
  return std::string(reinterpret_cast<const char*>(sig), sizeof(sig));
}

std::string mpi_bytes(const mbedtls_mpi& x, size_t size) {
  std::string out(size, '\0');
  EXPECT_EQ(mbedtls_mpi_write_binary(&x, reinterpret_cast<unsigned char*>(out.data()), size), 0);
  return out;
}

std::string hex_prefix(const std::string& s) {  // for failure messages (public values only)
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < s.size() && i < 16; ++i) {
    out.push_back(digits[(static_cast<unsigned char>(s[i]) >> 4) & 15]);
    out.push_back(digits[static_cast<unsigned char>(s[i]) & 15]);
  }
  return out;
}

}  // namespace

TEST(Rsa2048Kernel, KernelName) {
  EXPECT_STRNE(FastKey::kernel_name(), "");
  std::printf("[ kernel   ] %s\n", FastKey::kernel_name());
}

// >= 20 fresh keys, SHA-1 and SHA-256, random messages: byte-identical to mbedtls_pk_sign.
TEST(Rsa2048Kernel, MatchesMbedTlsOnFreshKeys) {
  constexpr int kKeys = 20;
  constexpr int kMessagesPerHash = 25;
  int compared = 0;
  for (int k = 0; k < kKeys; ++k) {
    PkKey key;
    ASSERT_TRUE(generate(key)) << "key generation failed";
    auto fast = FastKey::prepare(key.rsa());
    ASSERT_NE(fast, nullptr) << "a fresh 2048-bit key must take the fast path";
    for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256}) {
      for (int i = 0; i < kMessagesPerHash; ++i) {
        const std::string message = random_string(random_below(600));
        const std::string expected = mbedtls_signature(key, hash, message);
        const std::string got = kernel_signature(*fast, hash, message);
        ASSERT_EQ(got.size(), 256u);
        ASSERT_EQ(got, expected) << "key " << k << " message " << i << " sig " << hex_prefix(got) << " vs "
                                 << hex_prefix(expected);
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, kKeys * 2 * kMessagesPerHash);
  std::printf("[ compared ] %d signatures over %d keys\n", compared, kKeys);
}

// PrivateKey::parse + sign (which now uses the kernel) agree with Mbed TLS for PKCS#1 and PKCS#8.
TEST(Rsa2048Kernel, PrivateKeySignUsesKernelAndMatches) {
  for (int k = 0; k < 3; ++k) {
    PkKey key;
    ASSERT_TRUE(generate(key));
    std::vector<unsigned char> pem(8192);
    ASSERT_EQ(mbedtls_pk_write_key_pem(&key.pk, pem.data(), pem.size()), 0);
    const std::string text(reinterpret_cast<const char*>(pem.data()));
    auto parsed = PrivateKey::parse(bytes(text), text.size(), "");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256}) {
      for (int i = 0; i < 10; ++i) {
        const std::string message = random_string(random_below(300));
        auto sig = parsed.value()->sign(hash, message);
        ASSERT_TRUE(sig.ok()) << sig.error().message;
        EXPECT_EQ(sig.value(), mbedtls_signature(key, hash, message));
      }
    }
  }
}

// The exponentiation on edge inputs against mbedtls_mpi_exp_mod: the CRT halves (x^dP mod p,
// x^dQ mod q) and the full blinded, fault-checked private operation (x^d mod n).
TEST(Rsa2048Kernel, EdgeInputsMatchMpiExpMod) {
  for (int k = 0; k < 3; ++k) {
    PkKey key;
    ASSERT_TRUE(generate(key));
    auto fast = FastKey::prepare(key.rsa());
    ASSERT_NE(fast, nullptr);
    Mpi N, P, Q, D, E, DP, DQ, QP;
    ASSERT_EQ(mbedtls_rsa_export(key.rsa(), &N.v, &P.v, &Q.v, &D.v, &E.v), 0);
    ASSERT_EQ(mbedtls_rsa_export_crt(key.rsa(), &DP.v, &DQ.v, &QP.v), 0);

    std::vector<std::string> inputs;
    auto add_int = [&](int v) {
      Mpi x;
      mbedtls_mpi_lset(&x.v, v);
      inputs.push_back(mpi_bytes(x.v, 256));
    };
    auto add_mpi_minus = [&](const mbedtls_mpi& base, int minus) {
      Mpi x;
      mbedtls_mpi_sub_int(&x.v, &base, minus);
      inputs.push_back(mpi_bytes(x.v, 256));
    };
    add_int(0);
    add_int(1);
    add_int(2);
    add_mpi_minus(N.v, 1);  // n - 1
    add_mpi_minus(N.v, 2);
    add_mpi_minus(P.v, 1);  // p - 1
    add_mpi_minus(P.v, 0);  // p  (= 0 mod p)
    add_mpi_minus(Q.v, 1);
    add_mpi_minus(Q.v, 0);  // q
    add_mpi_minus(P.v, -1);  // p + 1
    {
      Mpi x;  // 2p, 3q: multiples of one prime
      mbedtls_mpi_mul_int(&x.v, &P.v, 2);
      inputs.push_back(mpi_bytes(x.v, 256));
      mbedtls_mpi_mul_int(&x.v, &Q.v, 3);
      inputs.push_back(mpi_bytes(x.v, 256));
    }
    for (int i = 0; i < 8; ++i) {  // random below n
      Mpi x;
      ASSERT_EQ(mbedtls_mpi_fill_random(&x.v, 256, test_rng, nullptr), 0);
      ASSERT_EQ(mbedtls_mpi_mod_mpi(&x.v, &x.v, &N.v), 0);
      inputs.push_back(mpi_bytes(x.v, 256));
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
      const std::string& in = inputs[i];
      Mpi x, want, want_p, want_q, xr;
      ASSERT_EQ(mbedtls_mpi_read_binary(&x.v, bytes(in), in.size()), 0);
      // full private operation
      ASSERT_EQ(mbedtls_mpi_exp_mod(&want.v, &x.v, &D.v, &N.v, nullptr), 0);
      unsigned char out[256];
      ASSERT_TRUE(fast->private_op(bytes(in), out)) << "input " << i;
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(out), 256), mpi_bytes(want.v, 256)) << "input " << i;
      // CRT halves
      ASSERT_EQ(mbedtls_mpi_mod_mpi(&xr.v, &x.v, &P.v), 0);
      ASSERT_EQ(mbedtls_mpi_exp_mod(&want_p.v, &xr.v, &DP.v, &P.v, nullptr), 0);
      ASSERT_EQ(mbedtls_mpi_mod_mpi(&xr.v, &x.v, &Q.v), 0);
      ASSERT_EQ(mbedtls_mpi_exp_mod(&want_q.v, &xr.v, &DQ.v, &Q.v, nullptr), 0);
      unsigned char xp[128], xq[128];
      fast->crt_exponentiate(bytes(in), xp, xq);
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(xp), 128), mpi_bytes(want_p.v, 128)) << "input " << i;
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(xq), 128), mpi_bytes(want_q.v, 128)) << "input " << i;
    }
    // The CRT halves also accept any x < 2^2048 (here: all ones, above n).
    {
      const std::string ones(256, '\xff');
      Mpi x, xr, want_p, want_q;
      ASSERT_EQ(mbedtls_mpi_read_binary(&x.v, bytes(ones), 256), 0);
      ASSERT_EQ(mbedtls_mpi_mod_mpi(&xr.v, &x.v, &P.v), 0);
      ASSERT_EQ(mbedtls_mpi_exp_mod(&want_p.v, &xr.v, &DP.v, &P.v, nullptr), 0);
      ASSERT_EQ(mbedtls_mpi_mod_mpi(&xr.v, &x.v, &Q.v), 0);
      ASSERT_EQ(mbedtls_mpi_exp_mod(&want_q.v, &xr.v, &DQ.v, &Q.v, nullptr), 0);
      unsigned char xp[128], xq[128];
      fast->crt_exponentiate(bytes(ones), xp, xq);
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(xp), 128), mpi_bytes(want_p.v, 128));
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(xq), 128), mpi_bytes(want_q.v, 128));
      // ... but the private operation refuses inputs >= n.
      unsigned char out[256];
      EXPECT_FALSE(fast->private_op(bytes(ones), out));
      const std::string n_bytes = mpi_bytes(N.v, 256);
      EXPECT_FALSE(fast->private_op(bytes(n_bytes), out));
    }
  }
}

// Every SHA-1 and SHA-256 case of Wycheproof's RSASSA-PKCS1-v1_5 generation vectors, through
// PrivateKey::sign (PKCS#1 and PKCS#8 PEM) and through the kernel directly.
TEST(Rsa2048Kernel, WycheproofSigGen) {
  const std::string text = read_vector("wycheproof/rsa_pkcs1_2048_sig_gen_test.json");
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  int cases = 0, kernel_cases = 0;
  for (const auto& group : doc["testGroups"]) {
    const std::string sha = group["sha"].get<std::string>();
    if (sha != "SHA-1" && sha != "SHA-256") continue;
    const HashAlg hash = sha == "SHA-256" ? HashAlg::kSha256 : HashAlg::kSha1;
    std::vector<std::unique_ptr<PrivateKey>> keys;
    for (const char* field : {"privateKeyPem", "privateKeyPkcs8"}) {
      std::string data = group[field].get<std::string>();
      if (std::string(field) == "privateKeyPkcs8") {  // hex DER
        data = from_hex(data);
      }
      auto parsed = PrivateKey::parse(bytes(data), data.size(), "");
      ASSERT_TRUE(parsed.ok()) << field << ": " << parsed.error().message;
      keys.push_back(std::move(parsed.value()));
    }
    // The same key through Mbed TLS, to run the kernel directly and check it qualifies.
    PkKey pk;
    const std::string pem = group["privateKeyPem"].get<std::string>();
    ASSERT_EQ(mbedtls_pk_parse_key(&pk.pk, bytes(pem), pem.size() + 1, nullptr, 0, test_rng, nullptr), 0);
    auto fast = FastKey::prepare(pk.rsa());
    // Two of the SHA-256 groups use e = 3 keys with 1364/684-bit primes: those sign through Mbed TLS.
    Mpi P, Q;
    ASSERT_EQ(mbedtls_rsa_export(pk.rsa(), nullptr, &P.v, &Q.v, nullptr, nullptr), 0);
    const bool balanced = mbedtls_mpi_bitlen(&P.v) == 1024 && mbedtls_mpi_bitlen(&Q.v) == 1024;
    EXPECT_EQ(fast != nullptr, balanced) << sha;
    for (const auto& t : group["tests"]) {
      const std::string msg = from_hex(t["msg"].get<std::string>());
      const std::string sig = from_hex(t["sig"].get<std::string>());
      for (auto& key : keys) {
        auto got = key->sign(hash, msg);
        ASSERT_TRUE(got.ok()) << got.error().message;
        EXPECT_EQ(got.value(), sig) << "tcId " << t["tcId"].get<int>();
      }
      if (fast) {
        EXPECT_EQ(kernel_signature(*fast, hash, msg), sig) << "tcId " << t["tcId"].get<int>();
        ++kernel_cases;
      }
      ++cases;
    }
  }
  EXPECT_EQ(cases, 18);
  EXPECT_EQ(kernel_cases, 16);
}

// Keys of another shape are refused by the kernel and still sign through Mbed TLS.
TEST(Rsa2048Kernel, OtherShapesFallBack) {
  {
    PkKey key;
    ASSERT_TRUE(generate(key, 1024));
    EXPECT_EQ(FastKey::prepare(key.rsa()), nullptr);
  }
  // A 2048-bit modulus from a 1000-bit and a 1048-bit prime.
  PkKey key;
  ASSERT_EQ(mbedtls_pk_setup(&key.pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)), 0);
  Mpi P, Q, N, E;
  for (int attempt = 0; attempt < 50; ++attempt) {
    ASSERT_EQ(mbedtls_mpi_gen_prime(&P.v, 1000, 0, test_rng, nullptr), 0);
    ASSERT_EQ(mbedtls_mpi_gen_prime(&Q.v, 1048, 0, test_rng, nullptr), 0);
    ASSERT_EQ(mbedtls_mpi_mul_mpi(&N.v, &P.v, &Q.v), 0);
    if (mbedtls_mpi_bitlen(&N.v) == 2048) break;
  }
  ASSERT_EQ(mbedtls_mpi_bitlen(&N.v), 2048u);
  mbedtls_mpi_lset(&E.v, 65537);
  ASSERT_EQ(mbedtls_rsa_import(key.rsa(), &N.v, &P.v, &Q.v, nullptr, &E.v), 0);
  if (mbedtls_rsa_complete(key.rsa()) != 0) GTEST_SKIP() << "e not invertible for this draw";
  EXPECT_EQ(FastKey::prepare(key.rsa()), nullptr);
  std::vector<unsigned char> pem(8192);
  ASSERT_EQ(mbedtls_pk_write_key_pem(&key.pk, pem.data(), pem.size()), 0);
  const std::string text(reinterpret_cast<const char*>(pem.data()));
  auto parsed = PrivateKey::parse(bytes(text), text.size(), "");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const std::string message = "unbalanced primes";
  auto sig = parsed.value()->sign(HashAlg::kSha256, message);
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(sig.value(), mbedtls_signature(key, HashAlg::kSha256, message));
}
