// Wycheproof vectors through cfsign::PublicKey (the verifier's signature check):
// rsa_signature_2048_sha256_test.json (RSASSA-PKCS1-v1_5) and ecdsa_secp256r1_sha256_test.json
// (DER ECDSA). Every "valid" case must verify and every "invalid" case must be rejected.
//
// "acceptable" cases: we reject them. The only one in these files is RSA tcId with the
// MissingNull flag (a DigestInfo without the NULL parameters); CloudFront signers always
// include the NULL, and a verifier that mirrors CloudFront should be strict.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cfsign/public_key.hpp"
#include "test_util.hpp"

using cfsign::HashAlg;
using cfsign::PublicKey;
using cfsign_test::bytes;
using cfsign_test::from_hex;
using cfsign_test::read_vector;

namespace {

struct Counts {
  int valid = 0, invalid = 0, acceptable = 0;
};

// Runs every test of a Wycheproof file with keys parsed from `key_field` ("publicKeyDer" as
// hex DER, or "publicKeyPem"). Returns the counts of each result kind seen.
Counts run_file(const std::string& file, const std::string& key_field, const std::string& expected_type) {
  Counts counts;
  const std::string text = read_vector("wycheproof/" + file);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    ADD_FAILURE() << file << " is not JSON";
    return counts;
  }
  int declared = doc.value("numberOfTests", -1);
  int seen = 0;
  for (const auto& group : doc["testGroups"]) {
    EXPECT_EQ(group.value("type", ""), expected_type) << file;
    EXPECT_EQ(group.value("sha", ""), "SHA-256") << file;
    std::string key_bytes = group[key_field].get<std::string>();
    if (key_field == "publicKeyDer") key_bytes = from_hex(key_bytes);
    auto key = PublicKey::parse(bytes(key_bytes), key_bytes.size());
    if (!key.ok()) {
      ADD_FAILURE() << file << ": group key does not parse: " << key.error().code << " " << key.error().message;
      continue;
    }
    for (const auto& t : group["tests"]) {
      ++seen;
      const int id = t["tcId"].get<int>();
      const std::string result = t["result"].get<std::string>();
      const std::string msg = from_hex(t["msg"].get<std::string>());
      const std::string sig = from_hex(t["sig"].get<std::string>());
      const bool ok = key.value()->verify(HashAlg::kSha256, msg, sig);
      std::string flags;
      for (const auto& f : t["flags"]) flags += f.get<std::string>() + " ";
      if (result == "valid") {
        ++counts.valid;
        EXPECT_TRUE(ok) << file << " tcId " << id << " (" << t.value("comment", "") << "; " << flags
                        << ") is valid but was rejected";
      } else if (result == "invalid") {
        ++counts.invalid;
        EXPECT_FALSE(ok) << file << " tcId " << id << " (" << t.value("comment", "") << "; " << flags
                         << ") is invalid but was accepted";
      } else {
        ++counts.acceptable;
        EXPECT_EQ(result, "acceptable") << file << " tcId " << id;
        EXPECT_FALSE(ok) << file << " tcId " << id << " (" << t.value("comment", "") << "; " << flags
                         << ") is 'acceptable'; our choice is to reject it";
      }
    }
  }
  EXPECT_EQ(seen, declared) << file << ": numberOfTests does not match the tests run";
  return counts;
}

TEST(WycheproofVerify, RsaPkcs1v15Sha256Der) {
  Counts c = run_file("rsa_signature_2048_sha256_test.json", "publicKeyDer", "RsassaPkcs1Verify");
  EXPECT_EQ(c.valid, 9);
  EXPECT_EQ(c.invalid, 249);
  EXPECT_EQ(c.acceptable, 1);
}

TEST(WycheproofVerify, RsaPkcs1v15Sha256Pem) {
  Counts c = run_file("rsa_signature_2048_sha256_test.json", "publicKeyPem", "RsassaPkcs1Verify");
  EXPECT_EQ(c.valid + c.invalid + c.acceptable, 259);
}

TEST(WycheproofVerify, EcdsaP256Sha256Der) {
  Counts c = run_file("ecdsa_secp256r1_sha256_test.json", "publicKeyDer", "EcdsaVerify");
  EXPECT_EQ(c.valid, 174);
  EXPECT_EQ(c.invalid, 310);
  EXPECT_EQ(c.acceptable, 0);
}

TEST(WycheproofVerify, EcdsaP256Sha256Pem) {
  Counts c = run_file("ecdsa_secp256r1_sha256_test.json", "publicKeyPem", "EcdsaVerify");
  EXPECT_EQ(c.valid + c.invalid + c.acceptable, 484);
}

// The acceptable case really is the MissingNull one (so the choice above is about it).
TEST(WycheproofVerify, RsaAcceptableCaseIsMissingNull) {
  const std::string text = read_vector("wycheproof/rsa_signature_2048_sha256_test.json");
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  int acceptable = 0;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      if (t["result"] != "acceptable") continue;
      ++acceptable;
      ASSERT_EQ(t["flags"].size(), 1u);
      EXPECT_EQ(t["flags"][0], "MissingNull");
    }
  }
  EXPECT_EQ(acceptable, 1);
}

// A guard that the harness can fail: a valid signature with one bit flipped, or verified with
// the wrong hash, is rejected.
TEST(WycheproofVerify, HarnessDetectsTamper) {
  const std::string text = read_vector("wycheproof/ecdsa_secp256r1_sha256_test.json");
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  const auto& group = doc["testGroups"][0];
  const std::string der = from_hex(group["publicKeyDer"].get<std::string>());
  auto key = PublicKey::parse(bytes(der), der.size());
  ASSERT_TRUE(key.ok());
  const auto& t = group["tests"][0];
  ASSERT_EQ(t["result"], "valid");
  const std::string msg = from_hex(t["msg"].get<std::string>());
  std::string sig = from_hex(t["sig"].get<std::string>());
  EXPECT_TRUE(key.value()->verify(HashAlg::kSha256, msg, sig));
  EXPECT_FALSE(key.value()->verify(HashAlg::kSha1, msg, sig));
  sig[sig.size() - 1] ^= 1;
  EXPECT_FALSE(key.value()->verify(HashAlg::kSha256, msg, sig));
}

}  // namespace
