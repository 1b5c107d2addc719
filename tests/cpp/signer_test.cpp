// Signer::sign_url: policy selection, parameter layout, dates, resources, caller policies.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cfsign/base64.hpp"
#include "cfsign/policy.hpp"
#include "cfsign/signer.hpp"
#include "test_util.hpp"

using cfsign::cf_base64_encode;
using cfsign::HashAlg;
using cfsign::ParamOrder;
using cfsign::Signer;
using cfsign::SignedUrl;
using cfsign::UrlMode;
using cfsign::UrlSignRequest;
using cfsign_test::bytes;
using cfsign_test::read_vector;

namespace {

constexpr int64_t kNow = 1700000000;      // 2023-11-14
constexpr int64_t kExpires = 1767290400;  // 2026-01-01T18:00:00Z
constexpr const char* kKeyId = "K2JCJMDEHXQW5F";

// Appendix A (shared/cloudfront.md): RSA-SHA1 signatures for its canned and custom policies.
constexpr const char* kAppendixCannedSha1 =
    "jLjYLXCTh67XSnZnDW7jzD7PwAS-KzTQb5XtGtYGst7hJJe-hFZWT20ggxhBThc6KXwJ9Vw7q1lCMG72Cgeg-hBd1OGoW7-o3KITiz-A0lbuknnG"
    "uzi6AeE0L~IFBZlo8eedDK0jLJ63Q12TKf9w7IcC5QH8w-DrkS~R3ZmLNzNMJxXsdbJ3jpiDCwknh2WNsKcY~yly8Z5qGrLxJd56NGFwsNxIWbTu"
    "qnYrx0BgHpznQeRlxIdPy55YJwGxGehikiXO7xgxt-PY~KOkpSsxN0SEMMGfPnS~JbIvNOIXd83ekKCb6l7BK05spqubhnQ4HvxZf1Ym32uG~RV7"
    "ckI-tA__";
constexpr const char* kAppendixCustomSha1 =
    "AQ8h4I51~kMpOLu12pyYlOdsTacFMitd7JE71QKdj1EH2-wgrHTSpwEo4uy~dZGii4sAy8ypCoPXGSwSU~lQo9leT1f9TfypF3jdvz~MCc3tJxsL"
    "jJ5weMBafCDDTEeJTEJGviRDYRGFJVMggag3~rxPkdQpnIAPeFaFB38k~u6oe7T4alV2tSi3UHN7fRUPyyLrIJkDpOj5BkP3S0PZDozrXVjmGHh~"
    "JPmxEAtUgs5cumJAO8~9ooIVlO8v~0undZ70p2xfbjEjrkwA89oEDg8o4Dc2D-hBVprKl3y6CEGnJfrUhtdCQIsLnEEK-8OueYln0KqI9Jwuy1dF"
    "WF2ACw__";
constexpr const char* kAppendixCustomPolicyB64 =
    "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cHM6Ly9kMTExMTExYWJjZGVmOC5jbG91ZGZyb250Lm5ldC92aWRlb3MvKiIsIkNvbmRpdGlv"
    "biI6eyJEYXRlTGVzc1RoYW4iOnsiQVdTOkVwb2NoVGltZSI6MTc2NzI5MDQwMH0sIkRhdGVHcmVhdGVyVGhhbiI6eyJBV1M6RXBvY2hUaW1lIjox"
    "NzY3MjAwMDAwfSwiSXBBZGRyZXNzIjp7IkFXUzpTb3VyY2VJcCI6IjE5Mi4wLjIuMC8yNCJ9fX1dfQ__";

std::unique_ptr<Signer> make_signer(const std::string& key_file, const std::string& key_id = kKeyId) {
  const std::string key = read_vector("keys/" + key_file);
  auto r = Signer::create(bytes(key), key.size(), "", key_id);
  EXPECT_TRUE(r.ok()) << key_file << ": " << r.error().code << " " << r.error().message;
  return r.ok() ? std::move(r.value()) : nullptr;
}

UrlSignRequest request(const std::string& url) {
  UrlSignRequest req;
  req.url = url;
  req.expires = kExpires;
  req.now = kNow;
  return req;
}

SignedUrl sign_ok(const Signer& signer, const UrlSignRequest& req) {
  auto r = signer.sign_url(req);
  EXPECT_TRUE(r.ok()) << req.url << ": " << r.error().code << " " << r.error().message;
  return r.ok() ? r.value() : SignedUrl{};
}

void expect_sign_error(const Signer& signer, const UrlSignRequest& req, const std::string& code,
                       const std::string& message_part = "") {
  auto r = signer.sign_url(req);
  ASSERT_FALSE(r.ok()) << "signed " << req.url << " as " << r.value().url;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  if (!message_part.empty()) {
    EXPECT_NE(r.error().message.find(message_part), std::string::npos)
        << "message \"" << r.error().message << "\" lacks \"" << message_part << "\"";
  }
}

std::string param(const std::string& url, const std::string& name) {
  const std::string needle = name + "=";
  size_t q = url.find('?');
  size_t pos = q;
  while (pos != std::string::npos) {
    size_t start = pos + 1;
    if (url.compare(start, needle.size(), needle) == 0) {
      size_t end = url.find('&', start);
      return url.substr(start + needle.size(), end == std::string::npos ? std::string::npos : end - start - needle.size());
    }
    pos = url.find('&', start);
  }
  return "<absent>";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

// ---- key pair IDs and creation ---------------------------------------------------------------

TEST(KeyPairId, Validation) {
  EXPECT_TRUE(cfsign::validate_key_pair_id("K2JCJMDEHXQW5F").ok());
  EXPECT_TRUE(cfsign::validate_key_pair_id("APKAEIBAERJR2EXAMPLE").ok());
  EXPECT_TRUE(cfsign::validate_key_pair_id("k1").ok());
  for (const char* bad : {"", "K1-2", "K1 ", " K1", "K1&x=1", "K_1", "K\xc3\xa9", "K1\n"}) {
    auto r = cfsign::validate_key_pair_id(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "KEY_PAIR_ID_INVALID") << bad;
  }
}

TEST(SignerCreate, ChecksKeyPairIdAndKey) {
  const std::string key = read_vector("keys/test-rsa2048-pkcs8.pem");
  auto bad_id = Signer::create(bytes(key), key.size(), "", "K1-bad");
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().code, "KEY_PAIR_ID_INVALID");
  auto empty_id = Signer::create(bytes(key), key.size(), "", "");
  ASSERT_FALSE(empty_id.ok());
  EXPECT_EQ(empty_id.error().code, "KEY_PAIR_ID_INVALID");
  const std::string junk = "not a key";
  auto bad_key = Signer::create(bytes(junk), junk.size(), "", "K1");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.error().code, "KEY_INVALID");
  const std::string dsa = read_vector("keys/test-dsa1024-pkcs8.pem");
  auto unsupported = Signer::create(bytes(dsa), dsa.size(), "", "K1");
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.error().code, "KEY_UNSUPPORTED");
  auto signer = make_signer("test-rsa2048-pkcs8.pem", "K1");
  ASSERT_TRUE(signer);
  EXPECT_EQ(signer->key_pair_id(), "K1");
  EXPECT_EQ(signer->key_type(), cfsign::KeyType::kRsa);
  EXPECT_EQ(signer->key_bits(), 2048u);
}

TEST(SignerCreate, WarnsAboutRsaKeysOtherThan2048) {
  auto rsa2048 = make_signer("test-rsa2048-pkcs8.pem");
  auto ec = make_signer("test-ec-p256-pkcs8.pem");
  auto rsa1024 = make_signer("test-rsa1024-pkcs8.pem");
  auto rsa3072 = make_signer("test-rsa3072-pkcs8.pem");
  ASSERT_TRUE(rsa2048 && ec && rsa1024 && rsa3072);
  EXPECT_TRUE(rsa2048->key_warnings().empty());
  EXPECT_TRUE(ec->key_warnings().empty());
  ASSERT_EQ(rsa1024->key_warnings().size(), 1u);
  EXPECT_TRUE(contains(rsa1024->key_warnings()[0], "1024 bits"));
  ASSERT_EQ(rsa3072->key_warnings().size(), 1u);
  EXPECT_TRUE(contains(rsa3072->key_warnings()[0], "3072 bits"));
  // The key warning is repeated on every signed URL.
  auto signed_url = sign_ok(*rsa1024, request("https://h.net/x"));
  ASSERT_EQ(signed_url.warnings.size(), 1u);
  EXPECT_EQ(signed_url.warnings[0], rsa1024->key_warnings()[0]);
  EXPECT_TRUE(sign_ok(*rsa2048, request("https://h.net/x")).warnings.empty());
}

// ---- canned vs custom, exact URLs (Appendix A key: deterministic signatures) ---------------------

TEST(SignUrl, CannedGuideOrderExactUrl) {
  auto signer = make_signer("appendix-a-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto out = sign_ok(*signer, request("https://d111111abcdef8.cloudfront.net/image.jpg?size=large"));
  EXPECT_FALSE(out.custom);
  EXPECT_EQ(out.resource, "https://d111111abcdef8.cloudfront.net/image.jpg?size=large");
  EXPECT_EQ(out.policy, cfsign::build_canned_policy(out.resource, kExpires));
  EXPECT_EQ(out.url, std::string("https://d111111abcdef8.cloudfront.net/image.jpg?size=large&Expires=1767290400&Signature=") +
                         kAppendixCannedSha1 + "&Key-Pair-Id=K2JCJMDEHXQW5F");
  EXPECT_TRUE(out.warnings.empty());
}

TEST(SignUrl, CannedAwsSdkOrder) {
  auto signer = make_signer("appendix-a-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://d111111abcdef8.cloudfront.net/image.jpg?size=large");
  req.order = ParamOrder::kAwsSdk;
  EXPECT_EQ(sign_ok(*signer, req).url,
            std::string("https://d111111abcdef8.cloudfront.net/image.jpg?size=large&Expires=1767290400&Key-Pair-Id="
                        "K2JCJMDEHXQW5F&Signature=") + kAppendixCannedSha1);
}

TEST(SignUrl, CustomExactUrl) {
  auto signer = make_signer("appendix-a-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://d111111abcdef8.cloudfront.net/videos/a.mp4");
  req.not_before = 1767200000;
  req.ip_address = "192.0.2.0/24";
  req.policy_resource = "https://d111111abcdef8.cloudfront.net/videos/*";
  auto out = sign_ok(*signer, req);
  EXPECT_TRUE(out.custom);
  EXPECT_EQ(out.resource, "https://d111111abcdef8.cloudfront.net/videos/*");
  EXPECT_EQ(cf_base64_encode(out.policy), kAppendixCustomPolicyB64);
  EXPECT_EQ(out.url, std::string("https://d111111abcdef8.cloudfront.net/videos/a.mp4?Policy=") + kAppendixCustomPolicyB64 +
                         "&Signature=" + kAppendixCustomSha1 + "&Key-Pair-Id=K2JCJMDEHXQW5F");
  req.order = ParamOrder::kAwsSdk;
  EXPECT_EQ(sign_ok(*signer, req).url, std::string("https://d111111abcdef8.cloudfront.net/videos/a.mp4?Policy=") +
                                           kAppendixCustomPolicyB64 + "&Key-Pair-Id=K2JCJMDEHXQW5F&Signature=" +
                                           kAppendixCustomSha1);
}

TEST(SignUrl, CustomSelection) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  const std::string url = "https://h.net/v.mp4";
  {
    auto req = request(url);
    req.ip_address = "203.0.113.7";  // bare -> /32
    auto out = sign_ok(*signer, req);
    EXPECT_TRUE(out.custom);
    EXPECT_EQ(out.policy,
              "{\"Statement\":[{\"Resource\":\"https://h.net/v.mp4\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
              "1767290400},\"IpAddress\":{\"AWS:SourceIp\":\"203.0.113.7/32\"}}}]}");
    EXPECT_EQ(param(out.url, "Expires"), "<absent>");
    EXPECT_EQ(param(out.url, "Policy"), cf_base64_encode(out.policy));
  }
  {
    auto req = request(url);
    req.not_before = 1767200000;
    auto out = sign_ok(*signer, req);
    EXPECT_TRUE(out.custom);
    EXPECT_EQ(out.policy,
              "{\"Statement\":[{\"Resource\":\"https://h.net/v.mp4\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
              "1767290400},\"DateGreaterThan\":{\"AWS:EpochTime\":1767200000}}}]}");
  }
  {
    // A policy resource equal to the URL adds nothing: canned.
    auto req = request(url);
    req.policy_resource = url;
    auto out = sign_ok(*signer, req);
    EXPECT_FALSE(out.custom);
    EXPECT_EQ(param(out.url, "Expires"), "1767290400");
    EXPECT_EQ(param(out.url, "Policy"), "<absent>");
  }
  {
    auto req = request(url);
    req.policy_resource = "https://h.net/*";
    auto out = sign_ok(*signer, req);
    EXPECT_TRUE(out.custom);
    EXPECT_EQ(out.resource, "https://h.net/*");
  }
}

TEST(SignUrl, SignatureVerifiesOverPolicyBytes) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto out = sign_ok(*signer, request("https://h.net/x"));
  EXPECT_TRUE(cfsign_test::verify_cf_signature(read_vector("keys/test-rsa2048-public.pem"), HashAlg::kSha1, out.policy,
                                               param(out.url, "Signature")));
}

// ---- hash algorithm ---------------------------------------------------------------------------

TEST(SignUrl, Sha256AddsHashAlgorithmLast) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x?a=1");
  req.hash = HashAlg::kSha256;
  auto guide = sign_ok(*signer, req);
  const std::string sig = param(guide.url, "Signature");
  EXPECT_EQ(guide.url, "https://h.net/x?a=1&Expires=1767290400&Signature=" + sig + "&Key-Pair-Id=" + kKeyId +
                           "&Hash-Algorithm=SHA256");
  EXPECT_TRUE(cfsign_test::verify_cf_signature(read_vector("keys/test-rsa2048-public.pem"), HashAlg::kSha256,
                                               guide.policy, sig));
  req.order = ParamOrder::kAwsSdk;
  EXPECT_EQ(sign_ok(*signer, req).url, "https://h.net/x?a=1&Expires=1767290400&Key-Pair-Id=" + std::string(kKeyId) +
                                           "&Signature=" + sig + "&Hash-Algorithm=SHA256");
}

TEST(SignUrl, Sha1OmitsHashAlgorithmUnlessAsked) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x");
  EXPECT_FALSE(contains(sign_ok(*signer, req).url, "Hash-Algorithm"));
  req.emit_hash_param = true;
  auto out = sign_ok(*signer, req);
  EXPECT_EQ(out.url.substr(out.url.size() - 20), "&Hash-Algorithm=SHA1");
}

TEST(SignUrl, EcdsaSignatureVerifies) {
  auto signer = make_signer("test-ec-p256-sec1.pem");
  ASSERT_TRUE(signer);
  const std::string pub = read_vector("keys/test-ec-p256-public.pem");
  for (HashAlg hash : {HashAlg::kSha256, HashAlg::kSha1}) {
    auto req = request("https://h.net/x");
    req.hash = hash;
    auto out = sign_ok(*signer, req);
    EXPECT_TRUE(cfsign_test::verify_cf_signature(pub, hash, out.policy, param(out.url, "Signature")));
    EXPECT_EQ(param(out.url, "Hash-Algorithm"), hash == HashAlg::kSha256 ? "SHA256" : "<absent>");
  }
}

// ---- dates -------------------------------------------------------------------------------------

TEST(SignUrlDates, Missing) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x");
  req.expires.reset();
  expect_sign_error(*signer, req, "DATE_MISSING", "expires");
  req.not_before = 1767200000;
  expect_sign_error(*signer, req, "DATE_MISSING");
}

TEST(SignUrlDates, Invalid) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x");
  req.expires = 0;
  expect_sign_error(*signer, req, "DATE_INVALID", "expires");
  req.expires = -1;
  expect_sign_error(*signer, req, "DATE_INVALID");
  req.expires = kExpires;
  req.not_before = 0;
  expect_sign_error(*signer, req, "DATE_INVALID", "notBefore");
}

TEST(SignUrlDates, Range) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x");
  req.not_before = kExpires;
  expect_sign_error(*signer, req, "DATE_RANGE", "must be before expires");
  req.not_before = kExpires + 1;
  expect_sign_error(*signer, req, "DATE_RANGE");
  req.not_before = kExpires - 1;
  EXPECT_TRUE(signer->sign_url(req).ok());
}

TEST(SignUrlDates, ExpiredUnlessAllowed) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x");
  req.now = kExpires;  // equal: already expired
  expect_sign_error(*signer, req, "DATE_EXPIRED", "allowExpired");
  req.now = kExpires + 3600;
  expect_sign_error(*signer, req, "DATE_EXPIRED");
  req.allow_expired = true;
  auto out = sign_ok(*signer, req);
  EXPECT_EQ(param(out.url, "Expires"), "1767290400");
  req.allow_expired = false;
  req.now = kExpires - 1;
  EXPECT_TRUE(signer->sign_url(req).ok());
}

TEST(SignUrlDates, WarnsBeyond2038) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x");
  req.expires = 2147483647;
  EXPECT_TRUE(sign_ok(*signer, req).warnings.empty());
  req.expires = 2147483648;
  auto out = sign_ok(*signer, req);
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_TRUE(contains(out.warnings[0], "2038"));
  EXPECT_EQ(param(out.url, "Expires"), "2147483648");
}

// ---- IP, resource, URL errors ---------------------------------------------------------------------

TEST(SignUrlErrors, IpAddress) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x");
  req.ip_address = "10.0.0.256";
  expect_sign_error(*signer, req, "IP_INVALID", "ipAddress");
  req.ip_address = "2001:db8::/32";
  expect_sign_error(*signer, req, "IP_V6_UNSUPPORTED");
  req.ip_address = "192.168.0.0/24\",\"IpAddress\":{\"AWS:SourceIp\":\"0.0.0.0/0";
  expect_sign_error(*signer, req, "IP_INVALID");
}

TEST(SignUrlErrors, PolicyResourceMismatch) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/videos/a.mp4");
  req.policy_resource = "https://h.net/images/*";
  expect_sign_error(*signer, req, "URL_RESOURCE_MISMATCH", "https://h.net/images/*");
  req.policy_resource = "https://h.net/videos/*.mp3";
  expect_sign_error(*signer, req, "URL_RESOURCE_MISMATCH");
  req.policy_resource = "https://h.net/videos/a b*";
  expect_sign_error(*signer, req, "RESOURCE_INVALID", "policyResource");
}

TEST(SignUrlErrors, PolicyResourceMatchesThePreparedUrl) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/my file.pdf");
  req.policy_resource = "https://h.net/my%20file.*";
  auto out = sign_ok(*signer, req);
  EXPECT_TRUE(out.custom);
  EXPECT_EQ(out.url.substr(0, out.url.find('?')), "https://h.net/my%20file.pdf");
  req.mode = UrlMode::kExact;
  expect_sign_error(*signer, req, "URL_CHARACTERS");
}

TEST(SignUrlErrors, UrlErrorsPropagate) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  expect_sign_error(*signer, request("https://h.net/x#f"), "URL_FRAGMENT");
  expect_sign_error(*signer, request("ftp://h.net/x"), "URL_SCHEME");
  expect_sign_error(*signer, request("h.net/x"), "URL_INVALID");
  expect_sign_error(*signer, request("https://h.net/x?Expires=1"), "URL_RESERVED_PARAM");
  auto exact = request("https://h.net/a b");
  exact.mode = UrlMode::kExact;
  expect_sign_error(*signer, exact, "URL_CHARACTERS");
}

TEST(SignUrl, EncodedAndLowerCasedUrlIsWhatIsSigned) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto out = sign_ok(*signer, request("HTTPS://H.NET/My File.pdf?q=a b"));
  EXPECT_EQ(out.resource, "https://h.net/My%20File.pdf?q=a%20b");
  EXPECT_EQ(out.url.rfind("https://h.net/My%20File.pdf?q=a%20b&Expires=1767290400&Signature=", 0), 0u) << out.url;
}

TEST(SignUrl, SeparatorAfterExistingQuery) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto req = request("https://h.net/x?");
  req.mode = UrlMode::kExact;
  EXPECT_EQ(sign_ok(*signer, req).url.rfind("https://h.net/x?Expires=", 0), 0u);
  req.url = "https://h.net/x?a=1&";
  EXPECT_EQ(sign_ok(*signer, req).url.rfind("https://h.net/x?a=1&Expires=", 0), 0u);
  req.mode = UrlMode::kAwsSdk;
  req.url = "https://h.net/x?";
  EXPECT_EQ(sign_ok(*signer, req).url.rfind("https://h.net/x?Expires=", 0), 0u);
}

// ---- caller-supplied policies ---------------------------------------------------------------------

TEST(SignUrlPolicy, SignedVerbatim) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  auto key = cfsign_test::load_key("keys/test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(key);
  const std::string policy =
      "{ \"Statement\": [ { \"Resource\": \"https://h.net/videos/*\",\n \"Condition\": { \"DateLessThan\": "
      "{ \"AWS:EpochTime\": 1767290400 } } } ] }";
  UrlSignRequest req;
  req.url = "https://h.net/videos/a.mp4";
  req.policy = policy;
  req.now = kNow;
  auto out = sign_ok(*signer, req);
  EXPECT_TRUE(out.custom);
  EXPECT_EQ(out.policy, policy);
  EXPECT_EQ(out.resource, "https://h.net/videos/*");
  auto expected_sig = key->sign(HashAlg::kSha1, policy);
  ASSERT_TRUE(expected_sig.ok());
  EXPECT_EQ(out.url, "https://h.net/videos/a.mp4?Policy=" + cf_base64_encode(policy) +
                         "&Signature=" + cf_base64_encode(expected_sig.value()) + "&Key-Pair-Id=" + kKeyId);
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_TRUE(contains(out.warnings[0], "whitespace"));
}

TEST(SignUrlPolicy, WithoutResourceWarns) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  UrlSignRequest req;
  req.url = "https://h.net/x";
  req.policy = "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}";
  req.now = kNow;
  auto out = sign_ok(*signer, req);
  EXPECT_TRUE(out.custom);
  EXPECT_EQ(out.resource, "");
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_TRUE(contains(out.warnings[0], "no Resource"));
}

TEST(SignUrlPolicy, Errors) {
  auto signer = make_signer("test-rsa2048-pkcs8.pem");
  ASSERT_TRUE(signer);
  const std::string good =
      "{\"Statement\":[{\"Resource\":\"https://h.net/videos/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
      "1767290400}}}]}";
  UrlSignRequest base;
  base.url = "https://h.net/videos/a.mp4";
  base.policy = good;
  base.now = kNow;
  {
    auto req = base;
    req.expires = kExpires;
    expect_sign_error(*signer, req, "POLICY_INVALID", "cannot be combined");
  }
  {
    auto req = base;
    req.ip_address = "10.0.0.0/8";
    expect_sign_error(*signer, req, "POLICY_INVALID", "cannot be combined");
  }
  {
    auto req = base;
    req.policy_resource = "https://h.net/*";
    expect_sign_error(*signer, req, "POLICY_INVALID", "cannot be combined");
  }
  {
    auto req = base;
    req.url = "https://h.net/images/a.jpg";
    expect_sign_error(*signer, req, "URL_RESOURCE_MISMATCH", "policy Resource");
  }
  {
    auto req = base;
    req.policy = "{\"foo\":\"bar\"}";
    expect_sign_error(*signer, req, "POLICY_INVALID");
  }
  {
    auto req = base;
    req.policy =
        "{\"Statement\":[{\"Resource\":\"https://h.net/videos/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
        "1767290400},\"DateGreaterThan\":{\"AWS:EpochTime\":1767290400}}}]}";
    expect_sign_error(*signer, req, "DATE_RANGE");
  }
  {
    auto req = base;
    req.policy = "{\"Statement\":[{\"Resource\":\"ftp://h.net/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}";
    expect_sign_error(*signer, req, "RESOURCE_INVALID", "policy Resource");
  }
  {
    auto req = base;
    req.now = kExpires + 1;
    expect_sign_error(*signer, req, "DATE_EXPIRED");
    req.allow_expired = true;
    EXPECT_TRUE(signer->sign_url(req).ok());
  }
}
