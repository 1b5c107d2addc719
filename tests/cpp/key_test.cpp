// Private key parsing and signing. Fixtures in tests/vectors/keys are throwaway test keys
// generated with the openssl CLI (see tests/vectors/README.md). Never print key material.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "cfsign/key.hpp"
#include "cfsign/rsa2048.hpp"
#include "mbedtls/pk.h"
#include "mbedtls/rsa.h"
#include "test_util.hpp"

using cfsign::HashAlg;
using cfsign::KeyType;
using cfsign::PrivateKey;
using cfsign_test::bytes;
using cfsign_test::load_key;
using cfsign_test::read_vector;
using cfsign_test::verify_with_public_key;

namespace {

constexpr const char* kPassphrase = "cfsign-test-passphrase";
constexpr const char* kMessage =
    "{\"Statement\":[{\"Resource\":\"https://h/x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}";

cfsign::Error parse_error(const std::string& data, const std::string& passphrase = "") {
  auto r = PrivateKey::parse(bytes(data), data.size(), passphrase);
  EXPECT_FALSE(r.ok()) << "key was accepted";
  return r.ok() ? cfsign::Error{} : r.error();
}

cfsign::Error fixture_error(const std::string& file, const std::string& passphrase = "") {
  return parse_error(read_vector("keys/" + file), passphrase);
}

std::string sign(const PrivateKey& key, HashAlg hash, const std::string& message = kMessage) {
  auto r = key.sign(hash, message);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? r.value() : std::string();
}

// The base64 body of a PEM (between the header and footer lines), to check messages never
// echo key material.
std::string pem_body_sample(const std::string& pem) {
  size_t start = pem.find('\n');
  return pem.substr(start + 1, 24);
}

// Test-only "random" bytes for Mbed TLS's parser (it draws none for RSA keys).
int counter_rng(void*, unsigned char* out, size_t len) {
  for (size_t i = 0; i < len; ++i) out[i] = static_cast<unsigned char>(i * 131 + 7);
  return 0;
}

// PKCS#1 DER of a fixture RSA key with one component increased by 2 (parity kept), written by
// Mbed TLS as it holds it (writing checks nothing).
std::string rsa_der_with_changed(const std::string& file, char which) {
  const std::string pem = read_vector("keys/" + file);
  mbedtls_pk_context pk;
  mbedtls_pk_init(&pk);
  std::string der;
  if (mbedtls_pk_parse_key(&pk, bytes(pem), pem.size() + 1, nullptr, 0, counter_rng, nullptr) == 0) {
    mbedtls_rsa_context* rsa = mbedtls_pk_rsa(pk);
    mbedtls_mpi* x = which == 'N'   ? &rsa->MBEDTLS_PRIVATE(N)
                     : which == 'P' ? &rsa->MBEDTLS_PRIVATE(P)
                     : which == 'Q' ? &rsa->MBEDTLS_PRIVATE(Q)
                     : which == 'D' ? &rsa->MBEDTLS_PRIVATE(D)
                     : which == 'p' ? &rsa->MBEDTLS_PRIVATE(DP)
                     : which == 'q' ? &rsa->MBEDTLS_PRIVATE(DQ)
                                    : &rsa->MBEDTLS_PRIVATE(QP);
    std::vector<unsigned char> buf(8192);
    int len = -1;
    if (mbedtls_mpi_add_int(x, x, 2) == 0) len = mbedtls_pk_write_key_der(&pk, buf.data(), buf.size());
    if (len > 0) der.assign(reinterpret_cast<const char*>(buf.data() + buf.size() - len), static_cast<size_t>(len));
  }
  mbedtls_pk_free(&pk);
  EXPECT_FALSE(der.empty()) << file << " " << which;
  return der;
}

}  // namespace

// ---- RSA components -----------------------------------------------------------------------

// Signing (CRT, ours and Mbed TLS's) uses N, E, P, Q, DP, DQ and QP: a key whose components
// disagree there is refused when it is parsed, whatever its size.
TEST(PrivateKeyRsaComponents, EverySigningComponentIsChecked) {
  for (const char* file : {"test-rsa2048-pkcs1.pem", "test-rsa3072-pkcs8.pem"}) {
    for (char which : {'N', 'P', 'Q', 'p', 'q', 'i'}) {
      const std::string der = rsa_der_with_changed(file, which);
      auto e = parse_error(der);
      EXPECT_EQ(e.code, "KEY_INVALID") << file << " " << which;
      EXPECT_NE(e.message.find("inconsistent"), std::string::npos) << e.message;
    }
  }
}

// D is not used for signing: a key whose D alone is wrong signs exactly as the intact key, and
// is refused where D is used, when the key is exported.
TEST(PrivateKeyRsaComponents, DIsCheckedWhenTheKeyIsExported) {
  for (const char* file : {"test-rsa2048-pkcs1.pem", "test-rsa3072-pkcs8.pem"}) {
    const std::string der = rsa_der_with_changed(file, 'D');
    auto bad = PrivateKey::parse(bytes(der), der.size(), "");
    ASSERT_TRUE(bad.ok()) << bad.error().message;
    auto good = load_key(std::string("keys/") + file);
    EXPECT_EQ(sign(*bad.value(), HashAlg::kSha1), sign(*good, HashAlg::kSha1)) << file;
    EXPECT_EQ(sign(*bad.value(), HashAlg::kSha256), sign(*good, HashAlg::kSha256)) << file;
    std::vector<unsigned char> out(8192);
    EXPECT_EQ(bad.value()->export_der(out.data(), out.size()), 0u) << file;
    EXPECT_GT(good->export_der(out.data(), out.size()), 0u) << file;
  }
}

// ---- RSA formats --------------------------------------------------------------------------

TEST(PrivateKeyRsa, AllFormatsParseToTheSameKey) {
  auto pkcs1 = load_key("keys/test-rsa2048-pkcs1.pem");
  auto pkcs8 = load_key("keys/test-rsa2048-pkcs8.pem");
  auto der8 = load_key("keys/test-rsa2048-pkcs8.der");
  auto der1 = load_key("keys/test-rsa2048-pkcs1.der");
  ASSERT_TRUE(pkcs1 && pkcs8 && der8 && der1);
  for (const auto* key : {pkcs1.get(), pkcs8.get(), der8.get(), der1.get()}) {
    EXPECT_EQ(key->type(), KeyType::kRsa);
    EXPECT_EQ(key->bits(), 2048u);
  }
  // PKCS#1 v1.5 is deterministic: the same key gives the same bytes whatever the encoding.
  const std::string reference = sign(*pkcs1, HashAlg::kSha1);
  EXPECT_EQ(reference.size(), 256u);
  EXPECT_EQ(sign(*pkcs8, HashAlg::kSha1), reference);
  EXPECT_EQ(sign(*der8, HashAlg::kSha1), reference);
  EXPECT_EQ(sign(*der1, HashAlg::kSha1), reference);
  EXPECT_TRUE(verify_with_public_key(read_vector("keys/test-rsa2048-public.pem"), HashAlg::kSha1, kMessage, reference));
}

TEST(PrivateKeyRsa, Sha1AndSha256SignaturesVerifyAndDiffer) {
  auto key = load_key("keys/test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(key);
  const std::string pub = read_vector("keys/test-rsa2048-public.pem");
  const std::string s1 = sign(*key, HashAlg::kSha1);
  const std::string s256 = sign(*key, HashAlg::kSha256);
  EXPECT_NE(s1, s256);
  EXPECT_TRUE(verify_with_public_key(pub, HashAlg::kSha1, kMessage, s1));
  EXPECT_TRUE(verify_with_public_key(pub, HashAlg::kSha256, kMessage, s256));
  EXPECT_FALSE(verify_with_public_key(pub, HashAlg::kSha256, kMessage, s1));
  EXPECT_FALSE(verify_with_public_key(pub, HashAlg::kSha1, std::string(kMessage) + " ", s1));
  EXPECT_EQ(sign(*key, HashAlg::kSha1), s1);  // deterministic
}

TEST(PrivateKeyRsa, OtherSizesReportTheirBits) {
  auto k1024 = load_key("keys/test-rsa1024-pkcs8.pem");
  auto k3072 = load_key("keys/test-rsa3072-pkcs8.pem");
  ASSERT_TRUE(k1024 && k3072);
  EXPECT_EQ(k1024->bits(), 1024u);
  EXPECT_EQ(k3072->bits(), 3072u);
  EXPECT_EQ(sign(*k1024, HashAlg::kSha1).size(), 128u);
  EXPECT_EQ(sign(*k3072, HashAlg::kSha256).size(), 384u);
}

TEST(PrivateKeyRsa, ToleratesCrlfTrailingWhitespaceAndNul) {
  std::string pem = read_vector("keys/test-rsa2048-pkcs1.pem");
  std::string crlf;
  for (char c : pem) {
    if (c == '\n') crlf += "\r\n";
    else crlf.push_back(c);
  }
  auto a = PrivateKey::parse(bytes(crlf), crlf.size(), "");
  EXPECT_TRUE(a.ok()) << a.error().message;
  std::string padded = pem + "\n\n  \t\n";
  auto b = PrivateKey::parse(bytes(padded), padded.size(), "");
  EXPECT_TRUE(b.ok()) << b.error().message;
  std::string with_nul = pem + std::string(1, '\0');
  auto c = PrivateKey::parse(bytes(with_nul), with_nul.size(), "");
  EXPECT_TRUE(c.ok()) << c.error().message;
}

TEST(PrivateKeyRsa, PassphraseIgnoredForUnencryptedKey) {
  const std::string pem = read_vector("keys/test-rsa2048-pkcs8.pem");
  auto r = PrivateKey::parse(bytes(pem), pem.size(), "not-needed");
  EXPECT_TRUE(r.ok()) << r.error().message;
}

// ---- EC formats ---------------------------------------------------------------------------

TEST(PrivateKeyEc, P256Pkcs8Sec1AndDer) {
  auto pkcs8 = load_key("keys/test-ec-p256-pkcs8.pem");
  auto sec1 = load_key("keys/test-ec-p256-sec1.pem");
  auto der = load_key("keys/test-ec-p256-pkcs8.der");
  ASSERT_TRUE(pkcs8 && sec1 && der);
  const std::string pub = read_vector("keys/test-ec-p256-public.pem");
  for (const auto* key : {pkcs8.get(), sec1.get(), der.get()}) {
    EXPECT_EQ(key->type(), KeyType::kEc);
    EXPECT_EQ(key->bits(), 256u);
    for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256}) {
      const std::string sig = sign(*key, hash);
      // DER SEQUENCE of two INTEGERs: 8..72 bytes, starts with 0x30 <len>.
      ASSERT_GE(sig.size(), 8u);
      EXPECT_LE(sig.size(), 72u);
      EXPECT_EQ(static_cast<unsigned char>(sig[0]), 0x30);
      EXPECT_EQ(static_cast<size_t>(static_cast<unsigned char>(sig[1])), sig.size() - 2);
      EXPECT_TRUE(verify_with_public_key(pub, hash, kMessage, sig));
      EXPECT_FALSE(verify_with_public_key(pub, hash, std::string(kMessage) + "x", sig));
    }
  }
}

TEST(PrivateKeyEc, AppendixAKeyVerifiesWithItsPublicKey) {
  auto key = load_key("keys/appendix-a-ec-p256-pkcs8.pem");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->type(), KeyType::kEc);
  const std::string sig = sign(*key, HashAlg::kSha256);
  EXPECT_TRUE(verify_with_public_key(read_vector("keys/appendix-a-ec-p256-public.pem"), HashAlg::kSha256, kMessage, sig));
  EXPECT_FALSE(verify_with_public_key(read_vector("keys/test-ec-p256-public.pem"), HashAlg::kSha256, kMessage, sig));
}

// ---- refused keys ---------------------------------------------------------------------------

TEST(PrivateKeyErrors, Empty) {
  auto r = PrivateKey::parse(nullptr, 0, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "KEY_INVALID");
  const std::string empty;
  auto e = PrivateKey::parse(bytes(empty), 0, "");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "KEY_INVALID");
}

TEST(PrivateKeyErrors, CorruptPem) {
  const std::string pem = read_vector("keys/test-rsa2048-pkcs1.pem");
  std::string corrupt = pem;
  // Damage the base64 body in the middle (keeps it valid base64, breaks the ASN.1).
  for (size_t i = 200; i < 260; ++i) {
    if (corrupt[i] != '\n') corrupt[i] = corrupt[i] == 'A' ? 'B' : 'A';
  }
  auto e1 = parse_error(corrupt);
  EXPECT_EQ(e1.code, "KEY_INVALID");
  EXPECT_EQ(e1.message.find(pem_body_sample(pem)), std::string::npos);

  std::string bad_chars = pem;
  bad_chars[100] = '!';
  EXPECT_EQ(parse_error(bad_chars).code, "KEY_INVALID");

  std::string truncated = pem.substr(0, pem.size() / 2);
  EXPECT_EQ(parse_error(truncated).code, "KEY_INVALID");

  std::string no_footer = pem.substr(0, pem.find("-----END"));
  EXPECT_EQ(parse_error(no_footer).code, "KEY_INVALID");

  EXPECT_EQ(parse_error("-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n").code,
            "KEY_INVALID");
}

TEST(PrivateKeyErrors, TrailingGarbage) {
  const std::string pem = read_vector("keys/test-rsa2048-pkcs8.pem");
  auto e = parse_error(pem + "garbage");
  EXPECT_EQ(e.code, "KEY_INVALID");
  EXPECT_NE(e.message.find("trailing"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find(pem_body_sample(pem)), std::string::npos);
  EXPECT_EQ(parse_error(pem + "\n-----BEGIN X-----").code, "KEY_INVALID");
  // A DER key with bytes appended.
  const std::string der = read_vector("keys/test-rsa2048-pkcs8.der");
  EXPECT_EQ(parse_error(der + std::string("\x00\x01", 2)).code, "KEY_INVALID");
}

TEST(PrivateKeyErrors, NotAKeyAtAll) {
  auto e = parse_error("hello, this is not a key");
  EXPECT_EQ(e.code, "KEY_INVALID");
  EXPECT_NE(e.message.find("neither a PEM nor a DER"), std::string::npos) << e.message;
  EXPECT_EQ(parse_error(std::string("\x30\x03\x02\x01\x00", 5)).code, "KEY_INVALID");
}

TEST(PrivateKeyErrors, PublicKeysAndCertificates) {
  for (const char* file : {"test-rsa2048-public.pem", "test-rsa2048-public-pkcs1.pem", "test-ec-p256-public.pem"}) {
    auto e = fixture_error(file);
    EXPECT_EQ(e.code, "KEY_INVALID") << file;
    EXPECT_NE(e.message.find("public key"), std::string::npos) << file << ": " << e.message;
  }
  auto cert = fixture_error("test-rsa2048-cert.pem");
  EXPECT_EQ(cert.code, "KEY_INVALID");
  EXPECT_NE(cert.message.find("certificate"), std::string::npos) << cert.message;
}

TEST(PrivateKeyErrors, UnsupportedCurveAndAlgorithms) {
  for (const char* file : {"test-ec-p384-pkcs8.pem", "test-ec-p384-sec1.pem"}) {
    auto e = fixture_error(file);
    EXPECT_EQ(e.code, "KEY_UNSUPPORTED") << file << ": " << e.message;
    EXPECT_NE(e.message.find("P-256"), std::string::npos) << file << ": " << e.message;
  }
  for (const char* file : {"test-dsa1024-pkcs8.pem", "test-dsa1024-traditional.pem", "test-ed25519-pkcs8.pem"}) {
    auto e = fixture_error(file);
    EXPECT_EQ(e.code, "KEY_UNSUPPORTED") << file << ": " << e.message;
    EXPECT_NE(e.message.find("RSA"), std::string::npos) << file << ": " << e.message;
  }
  auto ssh = parse_error("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
  EXPECT_EQ(ssh.code, "KEY_UNSUPPORTED");
  EXPECT_NE(ssh.message.find("OpenSSH"), std::string::npos) << ssh.message;
}

// ---- encrypted keys -----------------------------------------------------------------------

TEST(PrivateKeyEncrypted, RightPassphraseOpensTheSameKey) {
  auto plain = load_key("keys/test-rsa2048-pkcs1.pem");
  auto pkcs8 = load_key("keys/test-rsa2048-pkcs8-encrypted.pem", kPassphrase);
  auto legacy = load_key("keys/test-rsa2048-pkcs1-encrypted.pem", kPassphrase);
  auto ec = load_key("keys/test-ec-p256-pkcs8-encrypted.pem", kPassphrase);
  ASSERT_TRUE(plain && pkcs8 && legacy && ec);
  const std::string reference = sign(*plain, HashAlg::kSha256);
  EXPECT_EQ(sign(*pkcs8, HashAlg::kSha256), reference);
  EXPECT_EQ(sign(*legacy, HashAlg::kSha256), reference);
  EXPECT_EQ(ec->type(), KeyType::kEc);
  EXPECT_TRUE(verify_with_public_key(read_vector("keys/test-ec-p256-public.pem"), HashAlg::kSha256, kMessage,
                                     sign(*ec, HashAlg::kSha256)));
}

TEST(PrivateKeyEncrypted, WrongPassphrase) {
  for (const char* file : {"test-rsa2048-pkcs8-encrypted.pem", "test-rsa2048-pkcs1-encrypted.pem",
                           "test-ec-p256-pkcs8-encrypted.pem"}) {
    auto e = fixture_error(file, "wrong-passphrase");
    EXPECT_EQ(e.code, "KEY_PASSPHRASE_WRONG") << file << ": " << e.message;
    EXPECT_EQ(e.message.find("wrong-passphrase"), std::string::npos) << "message echoes the passphrase";
  }
}

TEST(PrivateKeyEncrypted, MissingPassphrase) {
  for (const char* file : {"test-rsa2048-pkcs8-encrypted.pem", "test-rsa2048-pkcs1-encrypted.pem",
                           "test-ec-p256-pkcs8-encrypted.pem"}) {
    auto e = fixture_error(file);
    EXPECT_EQ(e.code, "KEY_PASSPHRASE_REQUIRED") << file << ": " << e.message;
  }
}

// ---- misc --------------------------------------------------------------------------------

TEST(HashName, CloudFrontSpelling) {
  EXPECT_STREQ(cfsign::hash_name(HashAlg::kSha1), "SHA1");
  EXPECT_STREQ(cfsign::hash_name(HashAlg::kSha256), "SHA256");
}

TEST(RandomBytes, FillsAndVaries) {
  unsigned char a[32] = {0};
  unsigned char b[32] = {0};
  ASSERT_TRUE(cfsign::random_bytes(a, sizeof(a)));
  ASSERT_TRUE(cfsign::random_bytes(b, sizeof(b)));
  EXPECT_NE(std::string(reinterpret_cast<char*>(a), 32), std::string(reinterpret_cast<char*>(b), 32));
  EXPECT_NE(std::string(reinterpret_cast<char*>(a), 32), std::string(32, '\0'));
}

// ---- unencrypted PEM decoded by cfsign (key.cpp plain_pem_der), others by Mbed TLS ----------
// A passphrase sends any PEM through Mbed TLS's own PEM reader (and is ignored for unencrypted
// keys), so parsing with and without one must agree: same key (same signatures) or same error.

namespace {

void expect_same_outcome(const std::string& pem, const std::string& what) {
  auto fast = PrivateKey::parse(bytes(pem), pem.size(), "");
  auto mbed = PrivateKey::parse(bytes(pem), pem.size(), "ignored-passphrase");
  ASSERT_EQ(fast.ok(), mbed.ok()) << what << ": " << (fast.ok() ? mbed.error().message : fast.error().message);
  if (!fast.ok()) {
    EXPECT_EQ(fast.error().code, mbed.error().code) << what;
    EXPECT_EQ(fast.error().message, mbed.error().message) << what;
    return;
  }
  EXPECT_EQ(fast.value()->type(), mbed.value()->type()) << what;
  EXPECT_EQ(fast.value()->bits(), mbed.value()->bits()) << what;
  EXPECT_EQ(fast.value()->public_key_der().value(), mbed.value()->public_key_der().value()) << what;
  if (fast.value()->type() == KeyType::kRsa) {
    EXPECT_EQ(sign(*fast.value(), HashAlg::kSha1), sign(*mbed.value(), HashAlg::kSha1)) << what;
  }
}

std::string relabel(const std::string& pem, const std::string& from, const std::string& to) {
  std::string out = pem;
  for (const char* edge : {"-----BEGIN ", "-----END "}) {
    size_t at = out.find(std::string(edge) + from + "-----");
    if (at != std::string::npos) out.replace(at + std::strlen(edge), from.size(), to);
  }
  return out;
}

}  // namespace

TEST(PrivateKeyPem, DecodedHereOrByMbedTlsTheOutcomeIsTheSame) {
  for (const char* file : {"test-rsa2048-pkcs1.pem", "test-rsa2048-pkcs8.pem", "test-ec-p256-pkcs8.pem",
                           "test-ec-p256-sec1.pem", "test-rsa1024-pkcs8.pem", "test-rsa3072-pkcs8.pem",
                           "test-ec-p384-sec1.pem", "test-ec-p384-pkcs8.pem", "test-dsa1024-pkcs8.pem",
                           "test-ed25519-pkcs8.pem", "appendix-a-rsa2048-pkcs8.pem", "test-rsa2048-cert.pem"}) {
    const std::string pem = read_vector(std::string("keys/") + file);
    expect_same_outcome(pem, file);
    // Windows line ends, a leading comment line, an EC PARAMETERS block first.
    std::string crlf;
    for (char c : pem) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    expect_same_outcome(crlf, std::string(file) + " (CRLF)");
    expect_same_outcome("a comment\n" + pem, std::string(file) + " (leading text)");
    expect_same_outcome("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + pem,
                        std::string(file) + " (after EC PARAMETERS)");
  }
}

TEST(PrivateKeyPem, ALabelThatDoesNotMatchItsContentIsRefusedAsBefore) {
  const std::string pkcs8 = read_vector("keys/test-rsa2048-pkcs8.pem");
  const std::string pkcs1 = read_vector("keys/test-rsa2048-pkcs1.pem");
  const std::string sec1 = read_vector("keys/test-ec-p256-sec1.pem");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {relabel(pkcs8, "PRIVATE KEY", "RSA PRIVATE KEY"), "PKCS#8 labelled RSA"},
      {relabel(pkcs1, "RSA PRIVATE KEY", "PRIVATE KEY"), "PKCS#1 labelled PKCS#8"},
      {relabel(pkcs1, "RSA PRIVATE KEY", "EC PRIVATE KEY"), "PKCS#1 labelled EC"},
      {relabel(sec1, "EC PRIVATE KEY", "PRIVATE KEY"), "SEC1 labelled PKCS#8"},
      {relabel(sec1, "EC PRIVATE KEY", "RSA PRIVATE KEY"), "SEC1 labelled RSA"},
  };
  for (const auto& [pem, what] : cases) {
    ASSERT_NE(pem, pkcs8);
    auto r = PrivateKey::parse(bytes(pem), pem.size(), "");
    EXPECT_FALSE(r.ok()) << what << " was accepted";
    expect_same_outcome(pem, what);
  }
}

TEST(PrivateKeyPem, DamagedBodiesFailAsBefore) {
  const std::string pem = read_vector("keys/test-rsa2048-pkcs1.pem");
  const size_t body = pem.find('\n') + 1;
  for (size_t at : {body, body + 1, body + 63, body + 700, pem.find("-----END") - 2}) {
    for (char c : {'!', ' ', '\t', '=', '-', '_', '\0', '\x80', 'A'}) {
      std::string damaged = pem;
      damaged[at] = c;
      expect_same_outcome(damaged, "byte " + std::to_string(at) + " = " + std::to_string(static_cast<int>(c)));
    }
  }
  expect_same_outcome(pem.substr(0, body) + pem.substr(body + 4), "one group removed");
  expect_same_outcome(pem.substr(0, body) + pem.substr(body + 3), "three characters removed");
}

TEST(PrivateKeyImplementation, NamesTheCodeThatSigns) {
  EXPECT_STREQ(load_key("keys/test-rsa2048-pkcs1.pem")->implementation(), cfsign::rsa2048::FastKey::kernel_id());
  EXPECT_STREQ(load_key("keys/test-rsa3072-pkcs8.pem")->implementation(), "mbedtls");
  EXPECT_STREQ(load_key("keys/test-rsa1024-pkcs8.pem")->implementation(), "mbedtls");
  EXPECT_STREQ(load_key("keys/test-ec-p256-pkcs8.pem")->implementation(), "p256");
  const std::string id = cfsign::rsa2048::FastKey::kernel_id();
  EXPECT_TRUE(id == "rsa2048-simd128" || id == "rsa2048-scalar") << id;
}
