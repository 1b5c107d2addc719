// Published vectors: shared/cloudfront.md Appendix A (tests/vectors/cloudfront-appendix-a.json)
// and Wycheproof RSASSA-PKCS1-v1_5 signature generation (2048-bit, SHA-1 and SHA-256 groups).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "cfsign/base64.hpp"
#include "cfsign/key.hpp"
#include "cfsign/policy.hpp"
#include "cfsign/signer.hpp"
#include "test_util.hpp"

using cfsign::cf_base64_decode;
using cfsign::cf_base64_encode;
using cfsign::HashAlg;
using cfsign::PrivateKey;
using cfsign_test::bytes;
using cfsign_test::from_hex;
using cfsign_test::read_vector;
using json = nlohmann::json;

namespace {

json load_json(const std::string& relative) {
  const std::string text = read_vector(relative);
  json doc = json::parse(text, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << relative << " is not JSON";
  return doc;
}

std::string sign_b64(const PrivateKey& key, HashAlg hash, const std::string& message) {
  auto r = key.sign(hash, message);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? cf_base64_encode(r.value()) : std::string();
}

}  // namespace

TEST(AppendixA, PolicyBytesBase64AndRsaSignatures) {
  const json doc = load_json("cloudfront-appendix-a.json");
  ASSERT_TRUE(doc.contains("cases"));
  auto key = cfsign_test::load_key(doc["keys"]["rsa"]["private"].get<std::string>());
  ASSERT_TRUE(key);
  EXPECT_EQ(key->bits(), 2048u);
  int checked = 0;
  for (const auto& c : doc["cases"]) {
    SCOPED_TRACE(c["id"].get<std::string>());
    const std::string expected_policy = c["policy"].get<std::string>();
    std::string policy;
    if (c.contains("notBefore") || c.contains("ipAddress")) {
      cfsign::PolicyConditions cond;
      cond.resource = c["resource"].get<std::string>();
      cond.date_less_than = c["expires"].get<int64_t>();
      if (c.contains("notBefore")) cond.date_greater_than = c["notBefore"].get<int64_t>();
      if (c.contains("ipAddress")) cond.ip_cidr = c["ipAddress"].get<std::string>();
      policy = cfsign::build_custom_policy(cond);
    } else {
      policy = cfsign::build_canned_policy(c["resource"].get<std::string>(), c["expires"].get<int64_t>());
    }
    EXPECT_EQ(policy, expected_policy);
    EXPECT_EQ(cf_base64_encode(policy), c["policyBase64"].get<std::string>());
    auto decoded = cf_base64_decode(c["policyBase64"].get<std::string>(), "Policy");
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded.value(), expected_policy);
    EXPECT_EQ(sign_b64(*key, HashAlg::kSha1, expected_policy), c["rsaSha1"].get<std::string>());
    EXPECT_EQ(sign_b64(*key, HashAlg::kSha256, expected_policy), c["rsaSha256"].get<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

TEST(AppendixA, EcdsaSignaturesVerify) {
  const json doc = load_json("cloudfront-appendix-a.json");
  const std::string pub = read_vector(doc["keys"]["ec"]["public"].get<std::string>());
  const std::string other_pub = read_vector("keys/test-ec-p256-public.pem");
  for (const auto& c : doc["cases"]) {
    SCOPED_TRACE(c["id"].get<std::string>());
    const std::string policy = c["policy"].get<std::string>();
    const std::string sha1 = c["ecdsaSha1Der"].get<std::string>();
    const std::string sha256 = c["ecdsaSha256Der"].get<std::string>();
    EXPECT_TRUE(cfsign_test::verify_cf_signature(pub, HashAlg::kSha1, policy, sha1));
    EXPECT_TRUE(cfsign_test::verify_cf_signature(pub, HashAlg::kSha256, policy, sha256));
    // Negative controls: wrong hash, wrong message, wrong key, raw r||s instead of DER.
    EXPECT_FALSE(cfsign_test::verify_cf_signature(pub, HashAlg::kSha1, policy, sha256));
    EXPECT_FALSE(cfsign_test::verify_cf_signature(pub, HashAlg::kSha256, policy + " ", sha256));
    EXPECT_FALSE(cfsign_test::verify_cf_signature(other_pub, HashAlg::kSha256, policy, sha256));
    EXPECT_FALSE(cfsign_test::verify_cf_signature(pub, HashAlg::kSha256, policy, c["ecdsaSha256Raw"].get<std::string>()));
  }
  // And our own ECDSA signatures with the Appendix A key verify under its public key.
  auto key = cfsign_test::load_key(doc["keys"]["ec"]["private"].get<std::string>());
  ASSERT_TRUE(key);
  const std::string policy = doc["cases"][0]["policy"].get<std::string>();
  for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256}) {
    auto sig = key->sign(hash, policy);
    ASSERT_TRUE(sig.ok());
    EXPECT_TRUE(cfsign_test::verify_with_public_key(pub, hash, policy, sig.value()));
  }
}

TEST(AppendixA, RsaSignaturesVerifyWithPublicKey) {
  const json doc = load_json("cloudfront-appendix-a.json");
  const std::string pub = read_vector(doc["keys"]["rsa"]["public"].get<std::string>());
  for (const auto& c : doc["cases"]) {
    const std::string policy = c["policy"].get<std::string>();
    EXPECT_TRUE(cfsign_test::verify_cf_signature(pub, HashAlg::kSha1, policy, c["rsaSha1"].get<std::string>()));
    EXPECT_TRUE(cfsign_test::verify_cf_signature(pub, HashAlg::kSha256, policy, c["rsaSha256"].get<std::string>()));
  }
}

TEST(AppendixA, SignedUrlInDocumentedOrder) {
  const json doc = load_json("cloudfront-appendix-a.json");
  const json& c = doc["cases"][0];
  const std::string pem = read_vector(doc["keys"]["rsa"]["private"].get<std::string>());
  const std::string key_id = c["signedUrlRsaSha1KeyPairId"].get<std::string>();
  auto signer = cfsign::Signer::create(bytes(pem), pem.size(), "", key_id);
  ASSERT_TRUE(signer.ok()) << signer.error().message;
  cfsign::UrlSignRequest req;
  req.url = c["resource"].get<std::string>();
  req.expires = c["expires"].get<int64_t>();
  req.now = 1700000000;
  auto out = signer.value()->sign_url(req);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out.value().url, c["resource"].get<std::string>() + "&Expires=1767290400&Signature=" +
                                 c["rsaSha1"].get<std::string>() + "&Key-Pair-Id=" + key_id);
}

TEST(Wycheproof, RsaPkcs1SignatureGeneration) {
  const json doc = load_json("wycheproof/rsa_pkcs1_2048_sig_gen_test.json");
  ASSERT_TRUE(doc.contains("testGroups"));
  int sha1 = 0, sha256 = 0, skipped_groups = 0;
  for (const auto& group : doc["testGroups"]) {
    const std::string sha = group["sha"].get<std::string>();
    HashAlg hash;
    if (sha == "SHA-1") hash = HashAlg::kSha1;
    else if (sha == "SHA-256") hash = HashAlg::kSha256;
    else { ++skipped_groups; continue; }  // SHA-224/384/512: not used by CloudFront
    const std::string pem = group["privateKeyPem"].get<std::string>();
    auto parsed = PrivateKey::parse(bytes(pem), pem.size(), "");
    ASSERT_TRUE(parsed.ok()) << parsed.error().code << " " << parsed.error().message;
    const PrivateKey& key = *parsed.value();
    EXPECT_EQ(key.bits(), static_cast<size_t>(group["keySize"].get<int>()));
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE("tcId " + std::to_string(t["tcId"].get<int>()));
      const std::string result = t["result"].get<std::string>();
      const std::string msg = from_hex(t["msg"].get<std::string>());
      auto sig = key.sign(hash, msg);
      if (result == "invalid") {
        continue;  // none expected in a generation file; nothing to compare
      }
      ASSERT_TRUE(sig.ok()) << sig.error().message;
      EXPECT_EQ(sig.value(), from_hex(t["sig"].get<std::string>()));
      (hash == HashAlg::kSha1 ? sha1 : sha256)++;
    }
  }
  // The file has 8 SHA-1 and 8 + 1 + 1 SHA-256 generation tests.
  EXPECT_EQ(sha1, 8);
  EXPECT_EQ(sha256, 10);
  EXPECT_EQ(skipped_groups, 4);  // SHA-224, SHA-384, 2x SHA-512
}
