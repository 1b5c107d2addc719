// The fast P-256 ECDSA path (src/cfsign/p256.*) against Mbed TLS as the reference: field and
// scalar arithmetic, the comb k*G, and byte-identical deterministic ECDSA signatures over
// freshly generated keys. Never prints key material.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>

#include "cfsign/key.hpp"
#include "cfsign/p256.hpp"

namespace d = cfsign::p256::detail;

namespace {

int test_rng(void* /*ctx*/, unsigned char* out, size_t size) {
  return cfsign::random_bytes(out, size) ? 0 : MBEDTLS_ERR_ECP_RANDOM_FAILED;
}

struct Mpi {
  mbedtls_mpi v;
  Mpi() { mbedtls_mpi_init(&v); }
  explicit Mpi(const char* hex) {
    mbedtls_mpi_init(&v);
    EXPECT_EQ(mbedtls_mpi_read_string(&v, 16, hex), 0);
  }
  ~Mpi() { mbedtls_mpi_free(&v); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
};

const char* kPHex = "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF";
const char* kNHex = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

void to_limbs(uint32_t out[8], const mbedtls_mpi& x) {
  unsigned char buf[32];
  ASSERT_EQ(mbedtls_mpi_write_binary(&x, buf, 32), 0);
  d::from_bytes(out, buf);
}

std::string limbs_hex(const uint32_t in[8]) {
  unsigned char buf[32];
  d::to_bytes(buf, in);
  static const char hex[] = "0123456789ABCDEF";
  std::string s;
  for (unsigned char c : buf) {
    s.push_back(hex[c >> 4]);
    s.push_back(hex[c & 15]);
  }
  return s;
}

std::string mpi_hex(const mbedtls_mpi& x) {
  unsigned char buf[32];
  EXPECT_EQ(mbedtls_mpi_write_binary(&x, buf, 32), 0);
  uint32_t l[8];
  d::from_bytes(l, buf);
  return limbs_hex(l);
}

// Edge values and random values below the modulus m.
std::vector<std::string> sample_values(const mbedtls_mpi& m, int random_count) {
  std::vector<std::string> out;
  auto add_offset = [&](int delta) {  // m + delta for negative delta, or small positive
    Mpi t;
    if (delta < 0) {
      EXPECT_EQ(mbedtls_mpi_sub_int(&t.v, &m, -delta), 0);
    } else {
      EXPECT_EQ(mbedtls_mpi_lset(&t.v, delta), 0);
    }
    out.push_back(mpi_hex(t.v));
  };
  for (int v : {0, 1, 2, 3}) add_offset(v);
  for (int v : {-1, -2, -3}) add_offset(v);
  out.push_back("00000000000000000000000000000000000000000000000000000000FFFFFFFF");
  out.push_back("0000000100000000000000000000000000000000000000000000000000000000");
  out.push_back("8000000000000000000000000000000000000000000000000000000000000000");
  for (int i = 0; i < random_count; ++i) {
    Mpi r;
    EXPECT_EQ(mbedtls_mpi_random(&r.v, 0, &m, test_rng, nullptr), 0);
    out.push_back(mpi_hex(r.v));
  }
  return out;
}

void hex_to_limbs(uint32_t out[8], const std::string& hex) {
  Mpi t(hex.c_str());
  to_limbs(out, t.v);
}


// Checks mont-domain multiplication, add, sub and inversion against mbedtls_mpi for one modulus.
void check_modulus(const char* modulus_hex, bool is_p) {
  Mpi m(modulus_hex);
  auto to_mont = is_p ? d::fp_to_mont : d::fn_to_mont;
  auto from_mont = is_p ? d::fp_from_mont : d::fn_from_mont;
  auto mul = is_p ? d::fp_mul : d::fn_mul;
  auto add = is_p ? d::fp_add : d::fn_add;
  auto inv = is_p ? d::fp_inv : d::fn_inv;
  auto sqr = is_p ? d::fp_sqr : d::fn_sqr;
  std::vector<std::string> values = sample_values(m.v, 12);
  for (const std::string& ah : values) {
    uint32_t a[8], am[8], back[8];
    hex_to_limbs(a, ah);
    to_mont(am, a);
    from_mont(back, am);
    EXPECT_EQ(limbs_hex(back), ah) << "Montgomery round trip";
    Mpi A(ah.c_str());
    for (const std::string& bh : values) {
      uint32_t b[8], bm[8], pm[8], prod[8], sum[8];
      hex_to_limbs(b, bh);
      to_mont(bm, b);
      mul(pm, am, bm);
      from_mont(prod, pm);
      Mpi B(bh.c_str()), expect;
      ASSERT_EQ(mbedtls_mpi_mul_mpi(&expect.v, &A.v, &B.v), 0);
      ASSERT_EQ(mbedtls_mpi_mod_mpi(&expect.v, &expect.v, &m.v), 0);
      EXPECT_EQ(limbs_hex(prod), mpi_hex(expect.v)) << "mul " << ah << " * " << bh;
      if (ah == bh) {
        uint32_t sq[8];
        sqr(sq, am);
        EXPECT_EQ(limbs_hex(sq), limbs_hex(pm)) << "sqr " << ah;
      }
      add(sum, a, b);
      Mpi es;
      ASSERT_EQ(mbedtls_mpi_add_mpi(&es.v, &A.v, &B.v), 0);
      ASSERT_EQ(mbedtls_mpi_mod_mpi(&es.v, &es.v, &m.v), 0);
      EXPECT_EQ(limbs_hex(sum), mpi_hex(es.v)) << "add " << ah << " + " << bh;
      if (is_p) {
        uint32_t diff[8];
        d::fp_sub(diff, a, b);
        Mpi ed;
        ASSERT_EQ(mbedtls_mpi_sub_mpi(&ed.v, &A.v, &B.v), 0);
        ASSERT_EQ(mbedtls_mpi_mod_mpi(&ed.v, &ed.v, &m.v), 0);
        EXPECT_EQ(limbs_hex(diff), mpi_hex(ed.v)) << "sub " << ah << " - " << bh;
      }
    }
    // Inversion (Montgomery in/out).
    uint32_t im[8], iv[8];
    inv(im, am);
    from_mont(iv, im);
    if (mbedtls_mpi_cmp_int(&A.v, 0) == 0) {
      EXPECT_EQ(limbs_hex(iv), std::string(64, '0')) << "inv(0) = 0";
    } else {
      Mpi ei;
      ASSERT_EQ(mbedtls_mpi_inv_mod(&ei.v, &A.v, &m.v), 0);
      EXPECT_EQ(limbs_hex(iv), mpi_hex(ei.v)) << "inv " << ah;
      uint32_t one[8];
      mul(one, im, am);
      from_mont(one, one);
      EXPECT_EQ(limbs_hex(one), "0000000000000000000000000000000000000000000000000000000000000001");
      // The variable-time inversions (signing: masked; verification: public values) agree.
      auto inv_masked = is_p ? d::fp_inv_masked : d::fn_inv_masked;
      for (const std::string& mh : values) {
        uint32_t mask[8], got[8];
        hex_to_limbs(mask, mh);
        if (limbs_hex(mask) == std::string(64, '0')) continue;
        ASSERT_TRUE(inv_masked(got, am, mask)) << ah << " masked by " << mh;
        EXPECT_EQ(limbs_hex(got), limbs_hex(im)) << "masked inv " << ah << " by " << mh;
      }
      if (!is_p) {
        uint32_t got[8];
        ASSERT_TRUE(d::fn_inv_vartime(got, a));
        EXPECT_EQ(limbs_hex(got), limbs_hex(im)) << "vartime inv " << ah;
      }
    }
  }
}

struct Group {
  mbedtls_ecp_group grp;
  Group() {
    mbedtls_ecp_group_init(&grp);
    EXPECT_EQ(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1), 0);
  }
  ~Group() { mbedtls_ecp_group_free(&grp); }
};

// k*G by the comb vs mbedtls_ecp_mul, for k given as 64 hex digits.
void check_mul_base(Group& g, const std::string& khex) {
  Mpi k(khex.c_str());
  unsigned char kb[32], x[32], y[32], ex[32], ey[32];
  ASSERT_EQ(mbedtls_mpi_write_binary(&k.v, kb, 32), 0);
  ASSERT_TRUE(d::mul_base(kb, x, y)) << "k rejected";
  mbedtls_ecp_point R;
  mbedtls_ecp_point_init(&R);
  ASSERT_EQ(mbedtls_ecp_mul(&g.grp, &R, &k.v, &g.grp.G, test_rng, nullptr), 0);
  ASSERT_EQ(mbedtls_mpi_write_binary(&R.MBEDTLS_PRIVATE(X), ex, 32), 0);
  ASSERT_EQ(mbedtls_mpi_write_binary(&R.MBEDTLS_PRIVATE(Y), ey, 32), 0);
  mbedtls_ecp_point_free(&R);
  EXPECT_EQ(std::memcmp(x, ex, 32), 0) << "x of k*G differs";
  EXPECT_EQ(std::memcmp(y, ey, 32), 0) << "y of k*G differs";
}

// An EC key pair generated by Mbed TLS, in a pk context (reference signer and verifier).
struct FreshKey {
  mbedtls_pk_context pk;
  cfsign::p256::SigningKey fast;
  FreshKey() {
    mbedtls_pk_init(&pk);
    EXPECT_EQ(mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), 0);
    EXPECT_EQ(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(pk), test_rng, nullptr), 0);
    unsigned char dbytes[32];
    size_t len = 0;
    EXPECT_EQ(mbedtls_ecp_write_key_ext(mbedtls_pk_ec(pk), &len, dbytes, sizeof(dbytes)), 0);
    EXPECT_EQ(len, 32u);
    EXPECT_TRUE(fast.init(dbytes));
    std::memset(dbytes, 0, sizeof(dbytes));
  }
  ~FreshKey() { mbedtls_pk_free(&pk); }
};

std::string reference_signature(FreshKey& key, mbedtls_md_type_t md, const unsigned char* hash, size_t hlen) {
  unsigned char sig[MBEDTLS_ECDSA_MAX_LEN];
  size_t len = 0;
  EXPECT_EQ(mbedtls_ecdsa_write_signature(mbedtls_pk_ec(key.pk), md, hash, hlen, sig, sizeof(sig), &len, test_rng,
                                          nullptr),
            0);
  return std::string(reinterpret_cast<const char*>(sig), len);
}

std::string fast_signature(const FreshKey& key, mbedtls_md_type_t md, const unsigned char* hash, size_t hlen) {
  unsigned char sig[cfsign::p256::kMaxSignatureSize];
  size_t len = 0;
  EXPECT_TRUE(key.fast.sign_der(md, hash, hlen, sig, &len));
  return std::string(reinterpret_cast<const char*>(sig), len);
}

bool verifies(FreshKey& key, mbedtls_md_type_t md, const unsigned char* hash, size_t hlen, const std::string& sig) {
  return mbedtls_pk_verify(&key.pk, md, hash, hlen, reinterpret_cast<const unsigned char*>(sig.data()),
                           sig.size()) == 0;
}

}  // namespace

TEST(P256Field, ArithmeticModPMatchesMbedtls) { check_modulus(kPHex, true); }

TEST(P256Scalar, ArithmeticModNMatchesMbedtls) { check_modulus(kNHex, false); }

TEST(P256Scalar, ReduceOnce) {
  Mpi n(kNHex);
  for (const char* hex : {"0", "1", "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550",
                          "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
                          "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632552",
                          "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"}) {
    Mpi a(hex), e;
    ASSERT_EQ(mbedtls_mpi_mod_mpi(&e.v, &a.v, &n.v), 0);
    uint32_t l[8], r[8];
    to_limbs(l, a.v);
    d::fn_reduce_once(r, l);
    EXPECT_EQ(limbs_hex(r), mpi_hex(e.v)) << hex;
  }
}

TEST(P256Comb, MulBaseMatchesMbedtlsEcpMul) {
  Group g;
  Mpi n(kNHex);
  std::vector<std::string> ks = {
      "1", "2", "3", "F", "10", "11", "FF", "100",
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550",  // n - 1
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC63254F",  // n - 2
      "F000000000000000000000000000000000000000000000000000000000000000",
      "1000000000000000000000000000000000000000000000000000000000000000",
      "0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
      "8000000000000000000000000000000000000000000000000000000000000001",
      "7FFFFFFF80000000800000000000000000000000000000000000000000000000",  // mixed digits
  };
  for (int i = 0; i < 120; ++i) {
    Mpi r;
    ASSERT_EQ(mbedtls_mpi_random(&r.v, 1, &n.v, test_rng, nullptr), 0);
    ks.push_back(mpi_hex(r.v));
  }
  for (const std::string& k : ks) check_mul_base(g, k);
}

TEST(P256Comb, RejectsZeroAndN) {
  unsigned char k[32] = {0}, x[32], y[32];
  EXPECT_FALSE(d::mul_base(k, x, y));
  Mpi n(kNHex);
  ASSERT_EQ(mbedtls_mpi_write_binary(&n.v, k, 32), 0);
  EXPECT_FALSE(d::mul_base(k, x, y));
  std::memset(k, 0xFF, sizeof(k));
  EXPECT_FALSE(d::mul_base(k, x, y));
  cfsign::p256::SigningKey key;
  EXPECT_FALSE(key.init(k));
  unsigned char sig[cfsign::p256::kMaxSignatureSize];
  size_t len = 0;
  unsigned char hash[32] = {1};
  EXPECT_FALSE(key.sign_der(MBEDTLS_MD_SHA256, hash, 32, sig, &len));
}

// 24 fresh keys x 12 messages x {SHA-1, SHA-256} = 576 signatures, plus digest edge cases.
TEST(P256Ecdsa, ByteIdenticalToMbedtlsDeterministicEcdsa) {
  int compared = 0;
  for (int key_index = 0; key_index < 24; ++key_index) {
    FreshKey key;
    for (int msg = 0; msg < 12; ++msg) {
      unsigned char message[100];
      ASSERT_TRUE(cfsign::random_bytes(message, sizeof(message)));
      const size_t mlen = 1 + message[0] % 99;
      for (mbedtls_md_type_t md : {MBEDTLS_MD_SHA1, MBEDTLS_MD_SHA256}) {
        const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
        unsigned char hash[32];
        ASSERT_EQ(mbedtls_md(info, message, mlen, hash), 0);
        const size_t hlen = mbedtls_md_get_size(info);
        const std::string ours = fast_signature(key, md, hash, hlen);
        const std::string ref = reference_signature(key, md, hash, hlen);
        ASSERT_EQ(ours, ref) << "key " << key_index << " message " << msg << " md " << static_cast<int>(md);
        EXPECT_TRUE(verifies(key, md, hash, hlen, ours));
        // Deterministic: the same input signs the same way again.
        EXPECT_EQ(fast_signature(key, md, hash, hlen), ours);
        ++compared;
      }
    }
    // Digests at the edges of e mod n: all zero, all 0xFF (>= n, reduced), n exactly.
    std::vector<std::vector<unsigned char>> digests = {std::vector<unsigned char>(32, 0x00),
                                                       std::vector<unsigned char>(32, 0xFF)};
    {
      std::vector<unsigned char> nb(32);
      Mpi n(kNHex);
      ASSERT_EQ(mbedtls_mpi_write_binary(&n.v, nb.data(), 32), 0);
      digests.push_back(nb);
    }
    for (const auto& dg : digests) {
      const std::string ours = fast_signature(key, MBEDTLS_MD_SHA256, dg.data(), 32);
      EXPECT_EQ(ours, reference_signature(key, MBEDTLS_MD_SHA256, dg.data(), 32));
      EXPECT_TRUE(verifies(key, MBEDTLS_MD_SHA256, dg.data(), 32, ours));
      const std::string ours1 = fast_signature(key, MBEDTLS_MD_SHA1, dg.data(), 20);
      EXPECT_EQ(ours1, reference_signature(key, MBEDTLS_MD_SHA1, dg.data(), 20));
      compared += 2;
    }
  }
  EXPECT_GE(compared, 500);
}

TEST(P256Ecdsa, SmallPrivateScalars) {
  // d = 1, 2 and n - 1 (as raw keys): still byte-identical to Mbed TLS.
  for (const char* dhex : {"1", "2", "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550"}) {
    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    ASSERT_EQ(mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), 0);
    Mpi dm(dhex);
    unsigned char db[32];
    ASSERT_EQ(mbedtls_mpi_write_binary(&dm.v, db, 32), 0);
    ASSERT_EQ(mbedtls_ecp_read_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(pk), db, 32), 0);
    ASSERT_EQ(mbedtls_ecp_keypair_calc_public(mbedtls_pk_ec(pk), test_rng, nullptr), 0);
    cfsign::p256::SigningKey fast;
    ASSERT_TRUE(fast.init(db));
    unsigned char hash[32];
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(cfsign::random_bytes(hash, sizeof(hash)));
      unsigned char ref[MBEDTLS_ECDSA_MAX_LEN], ours[cfsign::p256::kMaxSignatureSize];
      size_t rlen = 0, olen = 0;
      ASSERT_EQ(mbedtls_ecdsa_write_signature(mbedtls_pk_ec(pk), MBEDTLS_MD_SHA256, hash, 32, ref, sizeof(ref), &rlen,
                                              test_rng, nullptr),
                0);
      ASSERT_TRUE(fast.sign_der(MBEDTLS_MD_SHA256, hash, 32, ours, &olen));
      EXPECT_EQ(std::string(reinterpret_cast<char*>(ours), olen), std::string(reinterpret_cast<char*>(ref), rlen));
    }
    mbedtls_pk_free(&pk);
  }
}

// Through the public API: PrivateKey::sign (which uses the fast path for P-256) matches
// Mbed TLS's mbedtls_pk_sign on the same key, for SEC1 and PKCS#8 PEM.
TEST(P256Ecdsa, PrivateKeySignMatchesMbedtlsPkSign) {
  for (int i = 0; i < 4; ++i) {
    auto pair = cfsign::generate_key_pair(cfsign::KeyType::kEc);
    ASSERT_TRUE(pair.ok());
    const std::string& pem = pair.value().private_pem;
    auto parsed = cfsign::PrivateKey::parse(reinterpret_cast<const unsigned char*>(pem.data()), pem.size(), "");
    ASSERT_TRUE(parsed.ok());
    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    ASSERT_EQ(mbedtls_pk_parse_key(&pk, reinterpret_cast<const unsigned char*>(pem.c_str()), pem.size() + 1, nullptr,
                                   0, test_rng, nullptr),
              0);
    for (int m = 0; m < 10; ++m) {
      const std::string message = "{\"Statement\":[{\"Resource\":\"https://h/" + std::to_string(i * 100 + m) + "\"}]}";
      for (auto hash : {cfsign::HashAlg::kSha1, cfsign::HashAlg::kSha256}) {
        auto ours = parsed.value()->sign(hash, message);
        ASSERT_TRUE(ours.ok());
        const mbedtls_md_type_t md = hash == cfsign::HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1;
        const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
        unsigned char digest[32];
        ASSERT_EQ(mbedtls_md(info, reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest), 0);
        unsigned char sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
        size_t len = 0;
        ASSERT_EQ(mbedtls_pk_sign(&pk, md, digest, mbedtls_md_get_size(info), sig, sizeof(sig), &len, test_rng,
                                  nullptr),
                  0);
        EXPECT_EQ(ours.value(), std::string(reinterpret_cast<char*>(sig), len));
        EXPECT_EQ(mbedtls_pk_verify(&pk, md, digest, mbedtls_md_get_size(info),
                                    reinterpret_cast<const unsigned char*>(ours.value().data()), ours.value().size()),
                  0);
      }
    }
    mbedtls_pk_free(&pk);
  }
}

TEST(P256Field, SquaringMatchesMultiplication) {
  for (bool is_p : {true, false}) {
    Mpi m(is_p ? kPHex : kNHex);
    for (const std::string& h : sample_values(m.v, 300)) {
      uint32_t a[8], s1[8], s2[8];
      hex_to_limbs(a, h);
      (is_p ? d::fp_sqr : d::fn_sqr)(s1, a);
      (is_p ? d::fp_mul : d::fn_mul)(s2, a, a);
      EXPECT_EQ(limbs_hex(s1), limbs_hex(s2)) << h;
    }
  }
}
