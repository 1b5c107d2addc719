// Signing elsewhere (the JS 'node' engine): plan_only returns the policy to sign, an external
// signature is used only when it verifies with the key, and the key exports as DER that parses
// back to the same key.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cfsign/key.hpp"
#include "cfsign/signer.hpp"
#include "test_util.hpp"

using cfsign::CookieSignRequest;
using cfsign::HashAlg;
using cfsign::PrivateKey;
using cfsign::Signer;
using cfsign::UrlSignRequest;
using cfsign_test::bytes;
using cfsign_test::read_vector;

namespace {

constexpr int64_t kNow = 1700000000;
constexpr int64_t kExpires = 1767290400;

std::unique_ptr<Signer> make_signer(const std::string& key_file) {
  const std::string key = read_vector(key_file);
  auto r = Signer::create(bytes(key), key.size(), "", "K2JCJMDEHXQW5F");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r.value()) : nullptr;
}

std::unique_ptr<PrivateKey> parse_key(const std::string& key_file) {
  const std::string key = read_vector(key_file);
  auto r = PrivateKey::parse(bytes(key), key.size(), "");
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::move(r.value()) : nullptr;
}

UrlSignRequest url_request(HashAlg hash, bool custom) {
  UrlSignRequest req;
  req.url = "https://d111111abcdef8.cloudfront.net/videos/a b.mp4?x=1";
  req.expires = kExpires;
  if (custom) req.ip_address = "192.0.2.0/24";
  req.hash = hash;
  req.now = kNow;
  return req;
}

TEST(SignerExternal, PlanOnlyReturnsThePolicyThatSigningSigns) {
  auto signer = make_signer("keys/appendix-a-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  for (bool custom : {false, true}) {
    UrlSignRequest req = url_request(HashAlg::kSha1, custom);
    auto full = signer->sign_url(req);
    ASSERT_TRUE(full.ok());
    req.plan_only = true;
    auto plan = signer->sign_url(req);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan.value().policy, full.value().policy);
    EXPECT_TRUE(plan.value().url.empty());
  }
  CookieSignRequest cookies;
  cookies.resource = "https://d111111abcdef8.cloudfront.net/videos/*";
  cookies.expires = kExpires;
  cookies.now = kNow;
  auto full = signer->sign_cookies(cookies);
  ASSERT_TRUE(full.ok());
  cookies.plan_only = true;
  auto plan = signer->sign_cookies(cookies);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.value().policy, full.value().policy);
  EXPECT_TRUE(plan.value().signature.empty());
}

TEST(SignerExternal, AVerifyingExternalSignatureGivesTheSameUrl) {
  for (const char* file : {"keys/appendix-a-rsa2048-pkcs8.pem", "keys/appendix-a-ec-p256-pkcs8.pem"}) {
    auto signer = make_signer(file);
    auto key = parse_key(file);
    ASSERT_TRUE(signer && key);
    for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256}) {
      UrlSignRequest req = url_request(hash, true);
      auto ours = signer->sign_url(req);
      ASSERT_TRUE(ours.ok());
      auto sig = key->sign(hash, ours.value().policy);
      ASSERT_TRUE(sig.ok());
      req.signature = sig.value();
      auto theirs = signer->sign_url(req);
      ASSERT_TRUE(theirs.ok()) << theirs.error().message;
      // RSA PKCS#1 v1.5 and RFC 6979 ECDSA are deterministic: the same URL either way.
      EXPECT_EQ(theirs.value().url, ours.value().url) << file;
    }
  }
}

TEST(SignerExternal, ASignatureThatDoesNotVerifyIsRefused) {
  auto signer = make_signer("keys/appendix-a-rsa2048-pkcs8.pem");
  auto key = parse_key("keys/appendix-a-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer && key);
  UrlSignRequest req = url_request(HashAlg::kSha1, false);
  auto policy = signer->sign_url(req).value().policy;
  auto good = key->sign(HashAlg::kSha1, policy).value();

  std::vector<std::string> bad;
  std::string flipped = good;
  flipped[100] = static_cast<char>(flipped[100] ^ 0x01);
  bad.push_back(flipped);
  bad.push_back(good.substr(1));                                  // short
  bad.push_back(key->sign(HashAlg::kSha1, policy + " ").value());  // another message
  bad.push_back(key->sign(HashAlg::kSha256, policy).value());      // another hash
  bad.push_back(std::string(256, '\xff'));                         // >= n
  for (const std::string& sig : bad) {
    req.signature = sig;
    auto r = signer->sign_url(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "SIGN_FAILED");
    EXPECT_NE(r.error().message.find("signature"), std::string::npos);
  }
  CookieSignRequest cookies;
  cookies.resource = "https://d111111abcdef8.cloudfront.net/videos/*";
  cookies.expires = kExpires;
  cookies.now = kNow;
  cookies.signature = flipped;
  auto r = signer->sign_cookies(cookies);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "SIGN_FAILED");
}

TEST(SignerExternal, ExportedDerParsesBackToTheSameKey) {
  for (const char* file : {"keys/appendix-a-rsa2048-pkcs8.pem", "keys/appendix-a-ec-p256-pkcs8.pem"}) {
    auto signer = make_signer(file);
    ASSERT_TRUE(signer);
    std::vector<unsigned char> der(16384);
    const size_t len = signer->export_private_key_der(der.data(), der.size());
    ASSERT_GT(len, 0u) << file;
    auto back = PrivateKey::parse(der.data(), len, "");
    ASSERT_TRUE(back.ok()) << file;
    auto original = parse_key(file);
    EXPECT_EQ(back.value()->public_key_der().value(), original->public_key_der().value());
    EXPECT_EQ(back.value()->sign(HashAlg::kSha256, "message").value(), original->sign(HashAlg::kSha256, "message").value());
    // Too small a buffer: nothing is written, 0 is returned.
    std::vector<unsigned char> small(len - 1, 0);
    EXPECT_EQ(signer->export_private_key_der(small.data(), small.size()), 0u);
    for (unsigned char b : small) ASSERT_EQ(b, 0);
  }
  // RSA exports PKCS#1 (SEQUENCE { INTEGER 0, n, ... }), which node:crypto reads as type 'pkcs1'.
  auto rsa = make_signer("keys/appendix-a-rsa2048-pkcs8.pem");
  std::vector<unsigned char> der(16384);
  const size_t len = rsa->export_private_key_der(der.data(), der.size());
  ASSERT_GT(len, 8u);
  EXPECT_EQ(der[0], 0x30);
  EXPECT_EQ(der[4], 0x02);  // 30 82 xx xx 02 01 00: version 0, then the modulus
  EXPECT_EQ(der[5], 0x01);
  EXPECT_EQ(der[6], 0x00);
  EXPECT_EQ(der[7], 0x02);
}

}  // namespace
