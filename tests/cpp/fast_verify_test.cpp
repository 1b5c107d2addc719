// The fast verification paths against Mbed TLS as the reference: RSA with a 256-byte modulus
// (src/cfsign/rsa2048.*: rsa2048::PublicOp) and ECDSA P-256 (src/cfsign/p256.*:
// p256::VerifyKey), directly and through cfsign::PublicKey (which uses them). Every case must
// give the same answer as mbedtls_pk_verify (for ECDSA after the strict DER check that
// PublicKey applies). Keys are generated fresh; no key material is ever printed.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <mbedtls/asn1.h>
#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#include "cfsign/key.hpp"
#include "cfsign/p256.hpp"
#include "cfsign/public_key.hpp"
#include "cfsign/rsa2048.hpp"

using cfsign::HashAlg;

namespace {

int test_rng(void* /*ctx*/, unsigned char* out, size_t size) {
  return cfsign::random_bytes(out, size) ? 0 : -1;
}

uint32_t rand_u32() {
  uint32_t v = 0;
  EXPECT_TRUE(cfsign::random_bytes(reinterpret_cast<unsigned char*>(&v), sizeof(v)));
  return v;
}

std::string random_message() {
  std::string m(1 + rand_u32() % 300, '\0');
  EXPECT_TRUE(cfsign::random_bytes(reinterpret_cast<unsigned char*>(m.data()), m.size()));
  return m;
}

struct Mpi {
  mbedtls_mpi v;
  Mpi() { mbedtls_mpi_init(&v); }
  ~Mpi() { mbedtls_mpi_free(&v); }
  Mpi(const Mpi&) = delete;
  Mpi& operator=(const Mpi&) = delete;
};

struct Pk {
  mbedtls_pk_context pk;
  Pk() { mbedtls_pk_init(&pk); }
  ~Pk() { mbedtls_pk_free(&pk); }
  Pk(const Pk&) = delete;
  Pk& operator=(const Pk&) = delete;
};

mbedtls_md_type_t md_of(HashAlg h) { return h == HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1; }
size_t digest_size(HashAlg h) { return h == HashAlg::kSha256 ? 32 : 20; }

std::vector<unsigned char> digest_of(HashAlg h, const std::string& m) {
  std::vector<unsigned char> d(digest_size(h));
  EXPECT_EQ(mbedtls_md(mbedtls_md_info_from_type(md_of(h)), reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                       d.data()),
            0);
  return d;
}

// The public key of `pk` as a cfsign::PublicKey (SPKI DER).
std::unique_ptr<cfsign::PublicKey> public_key_of(mbedtls_pk_context* pk) {
  unsigned char buf[1024];
  const int len = mbedtls_pk_write_pubkey_der(pk, buf, sizeof(buf));
  EXPECT_GT(len, 0);
  if (len <= 0) return nullptr;
  auto parsed = cfsign::PublicKey::parse(buf + sizeof(buf) - len, static_cast<size_t>(len));
  EXPECT_TRUE(parsed.ok());
  if (!parsed.ok()) return nullptr;
  return std::move(parsed.value());
}

bool mbed_verify(mbedtls_pk_context* pk, HashAlg h, const std::vector<unsigned char>& digest, const std::string& sig) {
  return mbedtls_pk_verify(pk, md_of(h), digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(sig.data()),
                           sig.size()) == 0;
}

// ---- RSA ------------------------------------------------------------------------------------------

struct RsaCase {
  Pk pk;
  std::unique_ptr<cfsign::rsa2048::PublicOp> op;
  std::unique_ptr<cfsign::PublicKey> pub;
};

std::unique_ptr<RsaCase> make_rsa(unsigned bits, int e) {
  auto c = std::make_unique<RsaCase>();
  EXPECT_EQ(mbedtls_pk_setup(&c->pk.pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)), 0);
  EXPECT_EQ(mbedtls_rsa_gen_key(mbedtls_pk_rsa(c->pk.pk), test_rng, nullptr, bits, e), 0);
  c->op = cfsign::rsa2048::PublicOp::prepare(mbedtls_pk_rsa(c->pk.pk));
  c->pub = public_key_of(&c->pk.pk);
  return c;
}

std::string rsa_sign(RsaCase& c, HashAlg h, const std::vector<unsigned char>& digest) {
  unsigned char sig[512];
  size_t len = 0;
  EXPECT_EQ(mbedtls_pk_sign(&c.pk.pk, md_of(h), digest.data(), digest.size(), sig, sizeof(sig), &len, test_rng, nullptr), 0);
  return std::string(reinterpret_cast<const char*>(sig), len);
}

// Signature bytes of an arbitrary 256-byte EM (the private operation on EM).
std::string rsa_raw_sign(RsaCase& c, const unsigned char em[256]) {
  unsigned char sig[256];
  EXPECT_EQ(mbedtls_rsa_private(mbedtls_pk_rsa(c.pk.pk), test_rng, nullptr, em, sig), 0);
  return std::string(reinterpret_cast<const char*>(sig), 256);
}

// n + delta as 256 big-endian bytes (delta in [-1, 1]); "" when it does not fit.
std::string rsa_n_plus(RsaCase& c, int delta) {
  Mpi n;
  EXPECT_EQ(mbedtls_rsa_export(mbedtls_pk_rsa(c.pk.pk), &n.v, nullptr, nullptr, nullptr, nullptr), 0);
  if (delta > 0) EXPECT_EQ(mbedtls_mpi_add_int(&n.v, &n.v, delta), 0);
  if (delta < 0) EXPECT_EQ(mbedtls_mpi_sub_int(&n.v, &n.v, -delta), 0);
  unsigned char buf[256];
  if (mbedtls_mpi_write_binary(&n.v, buf, sizeof(buf)) != 0) return "";
  return std::string(reinterpret_cast<const char*>(buf), sizeof(buf));
}

// One comparison: the fast path directly, through PublicKey, and Mbed TLS must agree with
// `expected` (when given: 1 accept, 0 reject; -1 only checks agreement).
void rsa_check(RsaCase& c, HashAlg h, const std::string& msg, const std::string& sig, int expected, int* agreements) {
  const auto digest = digest_of(h, msg);
  const bool ref = mbed_verify(&c.pk.pk, h, digest, sig);
  const bool fast = c.op->verify_digest(h, digest.data(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
  const bool via_key = c.pub->verify(h, msg, sig);
  ASSERT_EQ(fast, ref);
  ASSERT_EQ(via_key, ref);
  if (expected >= 0) ASSERT_EQ(ref, expected == 1);
  ++*agreements;
}

void rsa_suite(RsaCase& c, int messages, int* valid, int* agreements) {
  ASSERT_NE(c.op, nullptr);
  ASSERT_NE(c.pub, nullptr);
  for (int i = 0; i < messages; ++i) {
    const HashAlg h = (i & 1) ? HashAlg::kSha256 : HashAlg::kSha1;
    const std::string msg = random_message();
    const std::string sig = rsa_sign(c, h, digest_of(h, msg));
    ASSERT_EQ(sig.size(), 256u);
    rsa_check(c, h, msg, sig, 1, agreements);
    ++*valid;
    // Single-bit corruption of the signature, a corrupted byte of the message, the other hash.
    std::string bad = sig;
    const uint32_t bit = rand_u32() % 2048;
    bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
    rsa_check(c, h, msg, bad, 0, agreements);
    std::string bad_byte = sig;
    bad_byte[rand_u32() % 256] ^= static_cast<char>(1 + rand_u32() % 255);
    rsa_check(c, h, msg, bad_byte, 0, agreements);
    std::string msg2 = msg;
    msg2[rand_u32() % msg2.size()] ^= static_cast<char>(1 + rand_u32() % 255);
    rsa_check(c, h, msg2, sig, 0, agreements);
    rsa_check(c, h == HashAlg::kSha1 ? HashAlg::kSha256 : HashAlg::kSha1, msg, sig, 0, agreements);
    if (i < 3) {
      // Wrong lengths: truncated, one byte more (Mbed TLS: SIG_LEN_MISMATCH), a leading zero.
      rsa_check(c, h, msg, sig.substr(0, 255), 0, agreements);
      rsa_check(c, h, msg, sig + std::string(1, '\0'), 0, agreements);
      rsa_check(c, h, msg, std::string(1, '\0') + sig, 0, agreements);
      rsa_check(c, h, msg, "", 0, agreements);
    }
  }
  // Special values of s.
  const std::string msg = "special";
  for (HashAlg h : {HashAlg::kSha1, HashAlg::kSha256}) {
    std::string zero(256, '\0'), one(256, '\0');
    one[255] = 1;
    rsa_check(c, h, msg, zero, 0, agreements);
    rsa_check(c, h, msg, one, 0, agreements);
    for (int delta : {-1, 0, 1}) {
      const std::string s = rsa_n_plus(c, delta);
      if (!s.empty()) rsa_check(c, h, msg, s, 0, agreements);
    }
    rsa_check(c, h, msg, std::string(256, '\xff'), 0, agreements);
  }
  // Crafted encodings signed with the private key: only the exact EM may verify.
  for (HashAlg h : {HashAlg::kSha1, HashAlg::kSha256}) {
    const auto digest = digest_of(h, msg);
    unsigned char em[256];
    const std::string good = rsa_sign(c, h, digest);
    ASSERT_EQ(mbedtls_rsa_public(mbedtls_pk_rsa(c.pk.pk), reinterpret_cast<const unsigned char*>(good.data()), em), 0);
    rsa_check(c, h, msg, rsa_raw_sign(c, em), 1, agreements);  // the same EM re-signed
    const size_t t_len = (h == HashAlg::kSha256 ? 19 : 15) + digest.size();
    const size_t sep = 256 - t_len - 1;  // the 00 after the FF padding
    struct Edit {
      size_t pos;
      unsigned char value;
    };
    const Edit edits[] = {
        {0, 0x01},            // leading byte
        {1, 0x02},            // block type 2
        {1, 0x00},            // block type 0
        {2, 0xfe},            // a padding byte
        {sep - 1, 0x00},      // padding one byte short, 00 00 separator
        {sep, 0xff},          // no separator
        {sep + 1, 0x31},      // DigestInfo tag/length
        {sep + 3 + (h == HashAlg::kSha256 ? 14 : 10), 0x06},  // the NULL parameters
        {255, static_cast<unsigned char>(em[255] ^ 1)},      // the digest
    };
    for (const Edit& e : edits) {
      unsigned char crafted[256];
      std::memcpy(crafted, em, sizeof(crafted));
      if (crafted[e.pos] == e.value) continue;
      crafted[e.pos] = e.value;
      Mpi x, n;
      ASSERT_EQ(mbedtls_mpi_read_binary(&x.v, crafted, 256), 0);
      ASSERT_EQ(mbedtls_rsa_export(mbedtls_pk_rsa(c.pk.pk), &n.v, nullptr, nullptr, nullptr, nullptr), 0);
      if (mbedtls_mpi_cmp_mpi(&x.v, &n.v) >= 0) continue;
      rsa_check(c, h, msg, rsa_raw_sign(c, crafted), 0, agreements);
    }
  }
}

TEST(FastVerifyRsa, AgreesWithMbedTlsOnFreshKeys) {
  int valid = 0, agreements = 0, keys = 0;
  // 8 keys with e = 65537 and 2 with e = 3, 50 messages each.
  for (int k = 0; k < 10; ++k) {
    auto c = make_rsa(2048, k < 8 ? 65537 : 3);
    rsa_suite(*c, 50, &valid, &agreements);
    if (HasFatalFailure()) return;
    ++keys;
  }
  EXPECT_EQ(keys, 10);
  EXPECT_GE(valid, 500);
  EXPECT_GT(agreements, 2500);
}

TEST(FastVerifyRsa, PublicOpMatchesMbedTls) {
  auto c = make_rsa(2048, 65537);
  ASSERT_NE(c->op, nullptr);
  Mpi n;
  ASSERT_EQ(mbedtls_rsa_export(mbedtls_pk_rsa(c->pk.pk), &n.v, nullptr, nullptr, nullptr, nullptr), 0);
  for (int i = 0; i < 100; ++i) {
    unsigned char in[256], ours[256], ref[256];
    ASSERT_TRUE(cfsign::random_bytes(in, sizeof(in)));
    if (i < 3) std::memset(in, 0, sizeof(in));
    if (i == 1) in[255] = 1;
    if (i == 2) in[255] = 2;
    Mpi x;
    ASSERT_EQ(mbedtls_mpi_read_binary(&x.v, in, 256), 0);
    const bool in_range = mbedtls_mpi_cmp_mpi(&x.v, &n.v) < 0;
    const bool ok = c->op->public_op(in, ours);
    ASSERT_EQ(ok, in_range);
    ASSERT_EQ(mbedtls_rsa_public(mbedtls_pk_rsa(c->pk.pk), in, ref) == 0, in_range);
    if (in_range) ASSERT_EQ(std::memcmp(ours, ref, 256), 0) << "input " << i;
  }
}

TEST(FastVerifyRsa, OtherKeySizesKeepMbedTls) {
  for (unsigned bits : {1024u, 3072u}) {
    auto c = make_rsa(bits, 65537);
    EXPECT_EQ(c->op, nullptr);
    ASSERT_NE(c->pub, nullptr);
    const std::string msg = random_message();
    const auto digest = digest_of(HashAlg::kSha1, msg);
    const std::string sig = rsa_sign(*c, HashAlg::kSha1, digest);
    EXPECT_TRUE(c->pub->verify(HashAlg::kSha1, msg, sig));
    std::string bad = sig;
    bad[10] ^= 4;
    EXPECT_FALSE(c->pub->verify(HashAlg::kSha1, msg, bad));
  }
}

// ---- ECDSA ------------------------------------------------------------------------------------

const char* kNHex = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

struct EcCase {
  Pk pk;
  cfsign::p256::VerifyKey fast;
  std::unique_ptr<cfsign::PublicKey> pub;
};

// A P-256 key: fresh, or with the given private scalar.
std::unique_ptr<EcCase> make_ec(const mbedtls_mpi* d = nullptr) {
  auto c = std::make_unique<EcCase>();
  EXPECT_EQ(mbedtls_pk_setup(&c->pk.pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), 0);
  mbedtls_ecp_keypair* kp = mbedtls_pk_ec(c->pk.pk);
  if (d == nullptr) {
    EXPECT_EQ(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, kp, test_rng, nullptr), 0);
  } else {
    unsigned char db[32];
    EXPECT_EQ(mbedtls_mpi_write_binary(d, db, sizeof(db)), 0);
    EXPECT_EQ(mbedtls_ecp_read_key(MBEDTLS_ECP_DP_SECP256R1, kp, db, sizeof(db)), 0);
    EXPECT_EQ(mbedtls_ecp_keypair_calc_public(kp, test_rng, nullptr), 0);
  }
  unsigned char point[65];
  size_t len = 0;
  EXPECT_EQ(mbedtls_ecp_write_public_key(kp, MBEDTLS_ECP_PF_UNCOMPRESSED, &len, point, sizeof(point)), 0);
  EXPECT_EQ(len, sizeof(point));
  EXPECT_TRUE(c->fast.init(point));
  c->pub = public_key_of(&c->pk.pk);
  return c;
}

// Strict DER of two non-negative integers given as 32 bytes each (or an exact byte string).
std::string der_int(const std::string& be) {
  size_t start = 0;
  while (start + 1 < be.size() && be[start] == 0) ++start;
  std::string body = be.substr(start);
  if (static_cast<unsigned char>(body[0]) & 0x80) body.insert(body.begin(), '\0');
  return std::string(1, '\x02') + std::string(1, static_cast<char>(body.size())) + body;
}
std::string der_sig(const std::string& r, const std::string& s) {
  const std::string body = der_int(r) + der_int(s);
  return std::string(1, '\x30') + std::string(1, static_cast<char>(body.size())) + body;
}
std::string mpi_bytes(const mbedtls_mpi& x) {
  unsigned char b[32];
  EXPECT_EQ(mbedtls_mpi_write_binary(&x, b, sizeof(b)), 0);
  return std::string(reinterpret_cast<const char*>(b), sizeof(b));
}

// Compares the fast path (directly, and through PublicKey for real digests) with Mbed TLS on
// a digest (any bytes) and a DER signature.
void ec_check(EcCase& c, HashAlg h, const std::vector<unsigned char>& digest, const std::string& sig, int expected,
              int* agreements, const std::string* msg = nullptr) {
  const bool ref = mbed_verify(&c.pk.pk, h, digest, sig);
  const bool fast =
      c.fast.verify_der(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
  ASSERT_EQ(fast, ref);
  if (msg != nullptr) ASSERT_EQ(c.pub->verify(h, *msg, sig), ref);
  if (expected >= 0) ASSERT_EQ(ref, expected == 1);
  ++*agreements;
}

TEST(FastVerifyEcdsa, AgreesWithMbedTlsOnFreshKeys) {
  int valid = 0, agreements = 0;
  Mpi n;
  ASSERT_EQ(mbedtls_mpi_read_string(&n.v, 16, kNHex), 0);
  for (int k = 0; k < 10; ++k) {
    auto c = make_ec();
    ASSERT_TRUE(c->fast.ready());
    ASSERT_NE(c->pub, nullptr);
    for (int i = 0; i < 50; ++i) {
      const HashAlg h = (i & 1) ? HashAlg::kSha1 : HashAlg::kSha256;
      const std::string msg = random_message();
      const auto digest = digest_of(h, msg);
      unsigned char sigbuf[MBEDTLS_ECDSA_MAX_LEN];
      size_t len = 0;
      ASSERT_EQ(mbedtls_pk_sign(&c->pk.pk, md_of(h), digest.data(), digest.size(), sigbuf, sizeof(sigbuf), &len, test_rng,
                                nullptr),
                0);
      const std::string sig(reinterpret_cast<const char*>(sigbuf), len);
      ec_check(*c, h, digest, sig, 1, &agreements, &msg);
      ++valid;
      // Parse r and s back (the signature is strict DER).
      Mpi r, s;
      {
        unsigned char* p = sigbuf;
        const unsigned char* end = sigbuf + len;
        size_t l = 0;
        ASSERT_EQ(mbedtls_asn1_get_tag(&p, end, &l, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE), 0);
        ASSERT_EQ(mbedtls_asn1_get_mpi(&p, end, &r.v), 0);
        ASSERT_EQ(mbedtls_asn1_get_mpi(&p, end, &s.v), 0);
      }
      const std::string rb = mpi_bytes(r.v), sb = mpi_bytes(s.v);
      ec_check(*c, h, digest, der_sig(rb, sb), 1, &agreements);
      // Corrupted r, s (one bit), corrupted digest, swapped r and s.
      std::string r2 = rb, s2 = sb;
      r2[rand_u32() % 32] ^= static_cast<char>(1 << (rand_u32() % 8));
      s2[rand_u32() % 32] ^= static_cast<char>(1 << (rand_u32() % 8));
      ec_check(*c, h, digest, der_sig(r2, sb), 0, &agreements);
      ec_check(*c, h, digest, der_sig(rb, s2), 0, &agreements);
      ec_check(*c, h, digest, der_sig(sb, rb), 0, &agreements);
      auto d2 = digest;
      d2[rand_u32() % d2.size()] ^= static_cast<char>(1 + rand_u32() % 255);
      ec_check(*c, h, d2, sig, 0, &agreements);
      // A flipped bit anywhere in the DER bytes: both must agree (usually both reject).
      std::string bad = sig;
      const uint32_t bit = rand_u32() % (8 * bad.size());
      bad[bit / 8] = static_cast<char>(bad[bit / 8] ^ (1 << (bit % 8)));
      ec_check(*c, h, digest, bad, -1, &agreements);
      // -s (n - s) is also a valid signature for ECDSA (Mbed TLS accepts it; so must we).
      Mpi ns;
      ASSERT_EQ(mbedtls_mpi_sub_mpi(&ns.v, &n.v, &s.v), 0);
      ec_check(*c, h, digest, der_sig(rb, mpi_bytes(ns.v)), 1, &agreements);
      if (i < 2) {
        // r, s = 0, 1, n - 1, n, n + 1, 2^256 - 1.
        Mpi v;
        std::vector<std::string> specials;
        specials.push_back(std::string(32, '\0'));
        specials.push_back(std::string(31, '\0') + "\x01");
        for (int delta : {-1, 0, 1}) {
          ASSERT_EQ(mbedtls_mpi_add_int(&v.v, &n.v, delta), 0);
          specials.push_back(mpi_bytes(v.v));
        }
        specials.push_back(std::string(32, '\xff'));
        for (const auto& x : specials) {
          ec_check(*c, h, digest, der_sig(x, sb), 0, &agreements);
          ec_check(*c, h, digest, der_sig(rb, x), 0, &agreements);
        }
      }
    }
  }
  EXPECT_GE(valid, 500);
  EXPECT_GT(agreements, 4000);
}

// Signatures built from a known private scalar d and a chosen digest e, where the joint
// u1*G + u2*Q = s^-1 (e + r d) G computation meets its exceptional cases.
struct Crafter {
  mbedtls_ecp_group grp;
  Mpi n;
  Crafter() {
    mbedtls_ecp_group_init(&grp);
    EXPECT_EQ(mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1), 0);
    EXPECT_EQ(mbedtls_mpi_copy(&n.v, &grp.N), 0);
  }
  ~Crafter() { mbedtls_ecp_group_free(&grp); }
  Crafter(const Crafter&) = delete;
  Crafter& operator=(const Crafter&) = delete;

  void random_scalar(mbedtls_mpi* x) { EXPECT_EQ(mbedtls_mpi_random(x, 1, &n.v, test_rng, nullptr), 0); }

  // mode 0: e = r, so u1 = u2 (with d = 1 the chain's first two additions add the same
  //         point: a doubling); a valid signature (r = x(kG), s = k^-1 (e + r d)), except
  //         when e + r d = 0 (d = n - 1): then s is random and R = infinity.
  // mode 1: e = -r d, r and s random: R = infinity, must be rejected.
  // mode 2: e random, a valid signature.
  // Returns 1 when the signature is valid, 0 when it must be rejected.
  int craft(const mbedtls_mpi& d, int mode, mbedtls_mpi* r, mbedtls_mpi* s, mbedtls_mpi* e) {
    Mpi k, t, kinv;
    mbedtls_ecp_point R;
    mbedtls_ecp_point_init(&R);
    random_scalar(&k.v);
    EXPECT_EQ(mbedtls_ecp_mul(&grp, &R, &k.v, &grp.G, test_rng, nullptr), 0);
    EXPECT_EQ(mbedtls_mpi_mod_mpi(r, &R.MBEDTLS_PRIVATE(X), &n.v), 0);
    mbedtls_ecp_point_free(&R);
    if (mode == 0) EXPECT_EQ(mbedtls_mpi_copy(e, r), 0);
    if (mode == 1) {
      EXPECT_EQ(mbedtls_mpi_mul_mpi(&t.v, r, &d), 0);
      EXPECT_EQ(mbedtls_mpi_mod_mpi(&t.v, &t.v, &n.v), 0);
      EXPECT_EQ(mbedtls_mpi_sub_mpi(e, &n.v, &t.v), 0);
      EXPECT_EQ(mbedtls_mpi_mod_mpi(e, e, &n.v), 0);
    }
    if (mode == 2) random_scalar(e);
    EXPECT_EQ(mbedtls_mpi_mul_mpi(&t.v, r, &d), 0);
    EXPECT_EQ(mbedtls_mpi_add_mpi(&t.v, &t.v, e), 0);
    EXPECT_EQ(mbedtls_mpi_mod_mpi(&t.v, &t.v, &n.v), 0);
    if (mbedtls_mpi_cmp_int(&t.v, 0) == 0) {  // e + r d = 0: R = infinity whatever s is
      random_scalar(s);
      return 0;
    }
    EXPECT_EQ(mbedtls_mpi_inv_mod(&kinv.v, &k.v, &n.v), 0);
    EXPECT_EQ(mbedtls_mpi_mul_mpi(s, &kinv.v, &t.v), 0);
    EXPECT_EQ(mbedtls_mpi_mod_mpi(s, s, &n.v), 0);
    return 1;
  }
};

TEST(FastVerifyEcdsa, ExceptionalCasesWithKnownKeys) {
  Crafter cr;
  int agreements = 0, infinities = 0, valid = 0;
  // d = 1 (Q = G), d = n - 1 (Q = -G), d = 2, d = n - 2, and random d.
  for (int which = 0; which < 7; ++which) {
    Mpi d;
    if (which == 0) ASSERT_EQ(mbedtls_mpi_lset(&d.v, 1), 0);
    if (which == 1) ASSERT_EQ(mbedtls_mpi_sub_int(&d.v, &cr.n.v, 1), 0);
    if (which == 2) ASSERT_EQ(mbedtls_mpi_lset(&d.v, 2), 0);
    if (which == 3) ASSERT_EQ(mbedtls_mpi_sub_int(&d.v, &cr.n.v, 2), 0);
    if (which >= 4) cr.random_scalar(&d.v);
    auto c = make_ec(&d.v);
    ASSERT_TRUE(c->fast.ready());
    for (int i = 0; i < 15; ++i) {
      for (int mode = 0; mode < 3; ++mode) {
        Mpi r, s, e;
        const int expected = cr.craft(d.v, mode, &r.v, &s.v, &e.v);
        std::vector<unsigned char> digest(32);
        ASSERT_EQ(mbedtls_mpi_write_binary(&e.v, digest.data(), 32), 0);
        const std::string sig = der_sig(mpi_bytes(r.v), mpi_bytes(s.v));
        ec_check(*c, HashAlg::kSha256, digest, sig, expected, &agreements);
        if (HasFatalFailure()) return;
        (expected ? valid : infinities)++;
      }
    }
  }
  EXPECT_GT(infinities, 100);
  EXPECT_GT(valid, 150);
}

TEST(FastVerifyEcdsa, RejectsPointsOffTheCurve) {
  auto c = make_ec();
  unsigned char point[65];
  size_t len = 0;
  ASSERT_EQ(mbedtls_ecp_write_public_key(mbedtls_pk_ec(c->pk.pk), MBEDTLS_ECP_PF_UNCOMPRESSED, &len, point, sizeof(point)),
            0);
  cfsign::p256::VerifyKey k;
  EXPECT_TRUE(k.init(point));
  point[64] ^= 1;
  EXPECT_FALSE(k.init(point));
  EXPECT_FALSE(k.ready());
  point[64] ^= 1;
  point[0] = 0x02;
  EXPECT_FALSE(k.init(point));
  std::memset(point + 1, 0xff, 64);  // x, y >= p
  point[0] = 0x04;
  EXPECT_FALSE(k.init(point));
}

}  // namespace
