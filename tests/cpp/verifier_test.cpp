// The native verifier: inspect_signed_url, inspect_signed_cookies, Verifier::verify (every
// reason code) and sectioned_glob_match. URLs are signed with cfsign::Signer, or by hand with
// PrivateKey::sign for policies the signer refuses to produce.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cfsign/base64.hpp"
#include "cfsign/inspect.hpp"
#include "cfsign/policy.hpp"
#include "cfsign/signer.hpp"
#include "test_util.hpp"

using cfsign::cf_base64_decode;
using cfsign::cf_base64_encode;
using cfsign::HashAlg;
using cfsign::Inspection;
using cfsign::inspect_signed_cookies;
using cfsign::inspect_signed_url;
using cfsign::sectioned_glob_match;
using cfsign::Signer;
using cfsign::UrlSignRequest;
using cfsign::Verification;
using cfsign::Verifier;
using cfsign::VerifyRequest;
using cfsign_test::bytes;
using cfsign_test::read_vector;

namespace {

constexpr int64_t kNow = 1800000000;
constexpr int64_t kExpires = 1893456000;
constexpr int64_t kStart = 1700000000;
constexpr const char* kRsaId = "K2JCJMDEHXQW5F";
constexpr const char* kEcId = "K3ECDSAP256TEST";
constexpr const char* kSmallId = "K1RSA1024TEST";
const std::string kHost = "https://d111111abcdef8.cloudfront.net";

std::unique_ptr<Signer> make_signer(const std::string& key_file, const std::string& id) {
  const std::string key = read_vector("keys/" + key_file);
  auto r = Signer::create(bytes(key), key.size(), "", id);
  EXPECT_TRUE(r.ok()) << key_file << ": " << r.error().code;
  return r.ok() ? std::move(r.value()) : nullptr;
}

std::unique_ptr<cfsign::PrivateKey> make_key(const std::string& key_file) {
  return cfsign_test::load_key("keys/" + key_file);
}

class VerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rsa_ = make_signer("appendix-a-rsa2048-pkcs8.pem", kRsaId);
    ec_ = make_signer("test-ec-p256-pkcs8.pem", kEcId);
    ASSERT_TRUE(rsa_ && ec_);
    add(verifier_, kRsaId, "keys/appendix-a-rsa2048-public.pem");
    add(verifier_, kEcId, "keys/test-ec-p256-public.pem");
    ASSERT_EQ(verifier_.key_count(), 2u);
  }

  static void add(Verifier& v, const std::string& id, const std::string& file) {
    const std::string key = read_vector(file);
    auto r = v.add_key(id, bytes(key), key.size());
    ASSERT_TRUE(r.ok()) << file << ": " << r.error().code;
  }

  std::string sign(const Signer& s, const std::string& url, UrlSignRequest req = {}) {
    req.url = url;
    if (!req.expires && req.policy.empty()) req.expires = kExpires;
    req.now = kStart - 100;
    auto r = s.sign_url(req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code + ": " + r.error().message);
    return r.ok() ? r.value().url : "";
  }

  std::string canned() { return sign(*rsa_, kHost + "/images/cat.jpg"); }
  std::string wildcard(const std::string& path = "/videos/intro.mp4") {
    UrlSignRequest req;
    req.policy_resource = kHost + "/videos/*";
    req.hash = HashAlg::kSha256;
    return sign(*ec_, kHost + path, req);
  }

  // A custom-policy URL whose policy bytes are exactly `policy`, signed by hand.
  static std::string custom_url(const std::string& base, const std::string& policy, const std::string& key_file,
                                const std::string& id, HashAlg hash = HashAlg::kSha1) {
    auto key = make_key(key_file);
    if (!key) return "";
    auto sig = key->sign(hash, policy);
    EXPECT_TRUE(sig.ok());
    std::string url = base + (base.find('?') == std::string::npos ? "?" : "&") + "Policy=" + cf_base64_encode(policy) +
                      "&Signature=" + cf_base64_encode(sig.ok() ? sig.value() : "") + "&Key-Pair-Id=" + id;
    if (hash == HashAlg::kSha256) url += "&Hash-Algorithm=SHA256";
    return url;
  }

  Verification verify(const std::string& url, int64_t now = kNow, const std::string& client_ip = "",
                      const std::string& cookies = "") const {
    VerifyRequest req;
    req.url = url;
    req.cookies = cookies;
    req.now = now;
    req.client_ip = client_ip;
    return verifier_.verify(req);
  }

  std::unique_ptr<Signer> rsa_, ec_;
  Verifier verifier_;
};

// The raw value of a query parameter, and replacing / removing one.
std::string param(const std::string& url, const std::string& name) {
  for (const char* lead : {"?", "&"}) {
    size_t at = url.find(lead + name + "=");
    if (at != std::string::npos) {
      size_t start = at + name.size() + 2;
      size_t end = url.find('&', start);
      return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
  }
  ADD_FAILURE() << "no " << name << " in the URL";
  return "";
}

std::string set_param(const std::string& url, const std::string& name, const std::string& value) {
  const std::string old = param(url, name);
  size_t at = url.find(name + "=" + old);
  return url.substr(0, at) + name + "=" + value + url.substr(at + name.size() + 1 + old.size());
}

std::string drop_param(const std::string& url, const std::string& name) {
  const std::string pair = name + "=" + param(url, name);
  size_t at = url.find(pair);
  std::string out = url;
  if (at + pair.size() < url.size() && url[at + pair.size()] == '&') return out.erase(at, pair.size() + 1);
  return out.erase(at - 1, pair.size() + 1);
}

bool has_warning(const Inspection& in, const std::string& needle) {
  for (const auto& w : in.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

#define EXPECT_REASON(verification, expected)                                                    \
  do {                                                                                          \
    const Verification& v_ = (verification);                                                    \
    EXPECT_EQ(v_.reason, expected) << v_.detail;                                                \
    EXPECT_EQ(v_.valid, std::string(expected) == "VALID");                                      \
    EXPECT_FALSE(v_.detail.empty());                                                            \
  } while (0)

// ---- valid ----------------------------------------------------------------------------------

TEST_F(VerifierTest, SignerOutputVerifies) {
  for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256}) {
    for (Signer* s : {rsa_.get(), ec_.get()}) {
      UrlSignRequest req;
      req.hash = hash;
      EXPECT_REASON(verify(sign(*s, kHost + "/a/b.png?x=1", req)), "VALID");
      req.not_before = kStart;
      req.ip_address = "192.0.2.0/24";
      auto v = verify(sign(*s, kHost + "/a/b.png", req), kNow, "192.0.2.1");
      EXPECT_REASON(v, "VALID");
      EXPECT_EQ(v.inspection.kind, "custom");
      EXPECT_EQ(v.inspection.hash_algorithm, hash == HashAlg::kSha256 ? "SHA256" : "SHA1");
      EXPECT_EQ(v.inspection.signature_family, s == rsa_.get() ? "rsa" : "ecdsa");
    }
  }
}

TEST_F(VerifierTest, KeyFormats) {
  const std::string url = sign(*rsa_, kHost + "/k");
  for (const char* file : {"keys/appendix-a-rsa2048-public.pem", "keys/appendix-a-rsa2048-pkcs8.pem"}) {
    Verifier v;
    add(v, kRsaId, file);
    VerifyRequest req{url, "", kNow, ""};
    EXPECT_REASON(v.verify(req), "VALID");
  }
  Verifier bad;
  const std::string junk = "not a key";
  auto r = bad.add_key(kRsaId, bytes(junk), junk.size());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "KEY_INVALID");
  EXPECT_FALSE(bad.add_key("", bytes(junk), junk.size()).ok());
}

// ---- inspect_signed_url ---------------------------------------------------------------------

TEST_F(VerifierTest, InspectCanned) {
  const std::string url = canned();
  Inspection in = inspect_signed_url(url);
  EXPECT_EQ(in.source, "url");
  EXPECT_EQ(in.url, kHost + "/images/cat.jpg");
  EXPECT_EQ(in.kind, "canned");
  EXPECT_EQ(in.resource, in.url);
  EXPECT_EQ(in.policy, cfsign::build_canned_policy(in.url, kExpires));
  EXPECT_TRUE(in.policy_parsed);
  EXPECT_EQ(in.expires, kExpires);
  EXPECT_FALSE(in.not_before);
  EXPECT_EQ(in.key_pair_id, kRsaId);
  EXPECT_EQ(in.signature.size(), 256u);
  EXPECT_EQ(in.signature_family, "rsa");
  EXPECT_EQ(in.hash_algorithm, "SHA1");
  EXPECT_FALSE(in.hash_given);
  EXPECT_TRUE(in.problems.empty());
  EXPECT_TRUE(in.warnings.empty());
}

TEST_F(VerifierTest, InspectCustom) {
  UrlSignRequest req;
  req.not_before = kStart;
  req.ip_address = "198.51.100.0/24";
  req.policy_resource = kHost + "/c/*";
  req.hash = HashAlg::kSha256;
  const std::string url = sign(*ec_, kHost + "/c/x?y=1", req);
  Inspection in = inspect_signed_url(url);
  EXPECT_EQ(in.kind, "custom");
  EXPECT_EQ(in.url, kHost + "/c/x?y=1");
  EXPECT_EQ(in.resource, kHost + "/c/*");
  EXPECT_EQ(in.policy, cf_base64_decode(param(url, "Policy"), "Policy").value());
  EXPECT_EQ(in.expires, kExpires);
  EXPECT_EQ(in.not_before, kStart);
  EXPECT_EQ(in.ip_address, std::string("198.51.100.0/24"));
  EXPECT_EQ(in.signature_family, "ecdsa");
  EXPECT_EQ(in.hash_algorithm, "SHA256");
  EXPECT_TRUE(in.hash_given);
  EXPECT_TRUE(in.problems.empty());
  const std::string json = cfsign::inspection_to_json(in);
  EXPECT_NE(json.find("\"kind\":\"custom\""), std::string::npos);
  EXPECT_NE(json.find("\"family\":\"ecdsa\""), std::string::npos);
}

TEST_F(VerifierTest, InspectWhitespacePolicyLikeTheAwsGuide) {
  const std::string policy =
      "{ \r\n   \"Statement\": [{ \r\n      \"Resource\":\"http://dzbesqm7un1m0.cloudfront.net/demo.php\", \r\n"
      "      \"Condition\":{ \r\n         \"IpAddress\":{\"AWS:SourceIp\":\"207.171.180.101/32\"},\r\n"
      "         \"DateGreaterThan\":{\"AWS:EpochTime\":1296860176},\r\n"
      "         \"DateLessThan\":{\"AWS:EpochTime\":1296860226}\r\n      } \r\n   }] \r\n}\r\n";
  Inspection in = inspect_signed_url("http://dzbesqm7un1m0.cloudfront.net/demo.php?Policy=" + cf_base64_encode(policy) +
                                     "&Signature=" + cf_base64_encode(std::string(128, '\x07')) +
                                     "&Key-Pair-Id=APKA9ONS7QCOWEXAMPLE");
  EXPECT_TRUE(in.problems.empty()) << (in.problems.empty() ? "" : in.problems[0].message);
  EXPECT_EQ(in.policy, policy);
  EXPECT_EQ(in.resource, "http://dzbesqm7un1m0.cloudfront.net/demo.php");
  EXPECT_EQ(in.expires, 1296860226);
  EXPECT_EQ(in.not_before, 1296860176);
  EXPECT_EQ(in.ip_address, std::string("207.171.180.101/32"));
  EXPECT_TRUE(has_warning(in, "whitespace"));
  EXPECT_TRUE(has_warning(in, "legacy"));
}

TEST_F(VerifierTest, InspectNeverFails) {
  for (const std::string url : {std::string(""), std::string("garbage"), std::string("?&&=&Policy"),
                                kHost + "/x?Signature=%zz&Policy=%%", std::string("\xff\xfe?Expires=1")}) {
    Inspection in = inspect_signed_url(url);
    EXPECT_FALSE(in.problems.empty()) << url;
    EXPECT_FALSE(cfsign::inspection_to_json(in).empty());
  }
}

// ---- tampering ------------------------------------------------------------------------------

TEST_F(VerifierTest, PolicyByteChanged) {
  const std::string url = wildcard();
  std::string policy = cf_base64_decode(param(url, "Policy"), "Policy").value();
  std::string changed = policy;
  changed.replace(changed.find(std::to_string(kExpires)), 10, std::to_string(kExpires + 1));
  EXPECT_REASON(verify(set_param(url, "Policy", cf_base64_encode(changed))), "SIGNATURE_MISMATCH");
  std::string broken = policy;
  broken[0] = '[';
  EXPECT_REASON(verify(set_param(url, "Policy", cf_base64_encode(broken))), "MALFORMED_POLICY");
}

TEST_F(VerifierTest, SignatureByteChanged) {
  for (const std::string& url : {canned(), wildcard()}) {
    std::string sig = cf_base64_decode(param(url, "Signature"), "Signature").value();
    for (size_t i : {size_t{0}, sig.size() / 2, sig.size() - 1}) {
      std::string bad = sig;
      bad[i] = static_cast<char>(bad[i] ^ 0x01);
      EXPECT_REASON(verify(set_param(url, "Signature", cf_base64_encode(bad))), "SIGNATURE_MISMATCH");
    }
  }
}

TEST_F(VerifierTest, ExpiresChanged) {
  EXPECT_REASON(verify(set_param(canned(), "Expires", std::to_string(kExpires + 60))), "SIGNATURE_MISMATCH");
}

TEST_F(VerifierTest, KeyIdChanged) {
  auto v = verify(set_param(canned(), "Key-Pair-Id", "K9UNKNOWN"));
  EXPECT_REASON(v, "UNKNOWN_KEY");
  EXPECT_NE(v.detail.find("Unknown Key"), std::string::npos);
}

TEST_F(VerifierTest, ResourcePathChanged) {
  std::string url = canned();
  url.replace(url.find("cat.jpg"), 7, "dog.jpg");
  EXPECT_REASON(verify(url), "SIGNATURE_MISMATCH");
  std::string custom = wildcard();
  EXPECT_REASON(verify(custom), "VALID");
  std::string moved = custom;
  moved.replace(moved.find("/videos/"), 8, "/images/");
  EXPECT_REASON(verify(moved), "RESOURCE_MISMATCH");
}

TEST_F(VerifierTest, QueryParameterAdded) {
  std::string url = canned();
  url.insert(url.find('?') + 1, "w=100&");
  EXPECT_REASON(verify(url), "SIGNATURE_MISMATCH");
  std::string custom = wildcard();
  custom.insert(custom.find('?') + 1, "w=100&");
  auto v = verify(custom);
  EXPECT_REASON(v, "VALID");
  EXPECT_EQ(v.inspection.url, kHost + "/videos/intro.mp4?w=100");
}

// ---- the other reason codes -------------------------------------------------------------------

TEST_F(VerifierTest, NotSigned) {
  EXPECT_REASON(verify(kHost + "/plain.jpg"), "NOT_SIGNED");
  EXPECT_REASON(verify(kHost + "/plain.jpg?Hash-Algorithm=SHA1"), "NOT_SIGNED");
  EXPECT_REASON(verify(kHost + "/plain.jpg", kNow, "", "a=b; c=d"), "NOT_SIGNED");
  EXPECT_EQ(inspect_signed_url(kHost + "/p").source, "none");
}

TEST_F(VerifierTest, MissingKeyPairId) {
  EXPECT_REASON(verify(drop_param(canned(), "Key-Pair-Id")), "MISSING_KEY_PAIR_ID");
  EXPECT_REASON(verify(set_param(canned(), "Key-Pair-Id", "")), "MISSING_KEY_PAIR_ID");
  auto v = verify(kHost + "/a?Signature=AAAA");
  EXPECT_REASON(v, "MISSING_KEY_PAIR_ID");
  EXPECT_NE(v.detail.find("Missing Key-Pair-Id query parameter or cookie value"), std::string::npos);
  ASSERT_EQ(v.inspection.problems.size(), 2u);
  EXPECT_EQ(v.inspection.problems[1].code, "MISSING_POLICY");
}

TEST_F(VerifierTest, MissingSignatureAndPolicy) {
  EXPECT_REASON(verify(drop_param(canned(), "Signature")), "MISSING_SIGNATURE");
  EXPECT_REASON(verify(drop_param(canned(), "Expires")), "MISSING_POLICY");
  EXPECT_REASON(verify(drop_param(wildcard(), "Policy")), "MISSING_POLICY");
}

TEST_F(VerifierTest, MalformedSignature) {
  const std::string url = canned();
  const std::string sig = param(url, "Signature");
  for (const std::string& bad : {sig.substr(1), sig.substr(0, sig.size() - 1) + "=", std::string("ab+d"), std::string("")}) {
    EXPECT_REASON(verify(set_param(url, "Signature", bad)), "MALFORMED_SIGNATURE");
  }
}

TEST_F(VerifierTest, MalformedPolicy) {
  const std::string url = wildcard();
  const std::string stmt = "{\"Resource\":\"" + kHost + "/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" +
                           std::to_string(kExpires) + "}}}";
  for (const std::string& bad : {std::string("e30=!"), cf_base64_encode("{\"Statement\":["),
                                 cf_base64_encode("{\"Statement\":[" + stmt + "," + stmt + "]}")}) {
    EXPECT_REASON(verify(set_param(url, "Policy", bad)), "MALFORMED_POLICY");
  }
  // Signed over the malformed bytes: still MALFORMED_POLICY.
  const std::string two = "{\"Statement\":[" + stmt + "," + stmt + "]}";
  EXPECT_REASON(verify(custom_url(kHost + "/a", two, "appendix-a-rsa2048-pkcs8.pem", kRsaId)), "MALFORMED_POLICY");
}

TEST_F(VerifierTest, MalformedExpires) {
  for (const char* bad : {"abc", "-1", "0", "017", "1.5", "", "1893456000x", "9999999999999999"}) {
    EXPECT_REASON(verify(set_param(canned(), "Expires", bad)), "MALFORMED_EXPIRES");
  }
}

TEST_F(VerifierTest, UnsupportedHashAlgorithm) {
  for (const char* bad : {"MD5", "sha256", "SHA-256", ""}) {
    EXPECT_REASON(verify(canned() + "&Hash-Algorithm=" + bad), "UNSUPPORTED_HASH_ALGORITHM");
  }
}

TEST_F(VerifierTest, DuplicateParameter) {
  const std::string url = canned();
  auto v = verify(url + "&Signature=" + param(url, "Signature"));
  EXPECT_REASON(v, "DUPLICATE_PARAMETER");
  EXPECT_NE(v.detail.find("Signature"), std::string::npos);
  EXPECT_REASON(verify(url + "&Hash-Algorithm=SHA1&Hash-Algorithm=SHA1"), "DUPLICATE_PARAMETER");
}

TEST_F(VerifierTest, KeyNotAllowed) {
  auto small = make_signer("test-rsa1024-pkcs8.pem", kSmallId);
  ASSERT_TRUE(small);
  const std::string url = sign(*small, kHost + "/legacy");
  Verifier strict;
  add(strict, kSmallId, "keys/test-rsa1024-pkcs8.pem");
  VerifyRequest req{url, "", kNow, ""};
  auto v = strict.verify(req);
  EXPECT_REASON(v, "KEY_NOT_ALLOWED");
  EXPECT_NE(v.detail.find("RSA-1024"), std::string::npos);
  strict.set_key_group_rules(false);
  EXPECT_REASON(strict.verify(req), "VALID");
  // RSA-3072 is not allowed in key groups either.
  Verifier big;
  add(big, kSmallId, "keys/test-rsa3072-pkcs8.pem");
  EXPECT_REASON(big.verify(req), "KEY_NOT_ALLOWED");
}

TEST_F(VerifierTest, ExpiredIsStrict) {
  const std::string url = canned();
  EXPECT_REASON(verify(url, kExpires - 1), "VALID");
  EXPECT_REASON(verify(url, kExpires), "EXPIRED");
  EXPECT_REASON(verify(url, kExpires + 1), "EXPIRED");
  VerifyRequest no_now{url, "", std::nullopt, ""};
  EXPECT_FALSE(verifier_.verify(no_now).valid);
}

TEST_F(VerifierTest, NotYetValidIsStrict) {
  UrlSignRequest req;
  req.not_before = kStart;
  const std::string url = sign(*ec_, kHost + "/soon", req);
  EXPECT_REASON(verify(url, kStart - 1), "NOT_YET_VALID");
  EXPECT_REASON(verify(url, kStart), "NOT_YET_VALID");
  EXPECT_REASON(verify(url, kStart + 1), "VALID");
}

TEST_F(VerifierTest, ClientIp) {
  UrlSignRequest req;
  req.ip_address = "192.0.2.0/24";
  const std::string url = sign(*rsa_, kHost + "/ip", req);
  EXPECT_REASON(verify(url, kNow, ""), "CLIENT_IP_REQUIRED");
  EXPECT_REASON(verify(url, kNow, "999.0.0.1"), "CLIENT_IP_INVALID");
  EXPECT_REASON(verify(url, kNow, "garbage"), "CLIENT_IP_INVALID");
  EXPECT_REASON(verify(url, kNow, "192.0.2.255"), "VALID");
  EXPECT_REASON(verify(url, kNow, "192.0.3.0"), "IP_MISMATCH");
  EXPECT_REASON(verify(url, kNow, "2001:db8::1"), "IP_MISMATCH");
}

// ---- cookies --------------------------------------------------------------------------------

std::string cookie_header(const cfsign::SignedCookies& c, const std::string& key_id) {
  std::string h = c.custom ? "CloudFront-Policy=" + c.policy_base64 : "CloudFront-Expires=" + std::to_string(c.expires);
  h += "; CloudFront-Signature=" + c.signature + "; CloudFront-Key-Pair-Id=" + key_id;
  if (!c.hash_algorithm.empty()) h += "; CloudFront-Hash-Algorithm=" + c.hash_algorithm;
  return h;
}

TEST_F(VerifierTest, Cookies) {
  cfsign::CookieSignRequest creq;
  creq.url = kHost + "/media/clip.mp4";
  creq.expires = kExpires;
  creq.now = kNow;
  auto canned_cookies = rsa_->sign_cookies(creq);
  ASSERT_TRUE(canned_cookies.ok());
  ASSERT_FALSE(canned_cookies.value().custom);
  const std::string header = cookie_header(canned_cookies.value(), kRsaId);

  auto v = verify(kHost + "/media/clip.mp4", kNow, "", header);
  EXPECT_REASON(v, "VALID");
  EXPECT_EQ(v.inspection.source, "cookies");
  // Canned cookies cover the request URL only.
  EXPECT_REASON(verify(kHost + "/media/other.mp4", kNow, "", header), "SIGNATURE_MISMATCH");
  // Set-Cookie lines.
  std::string lines;
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find("; ", start);
    lines += "Set-Cookie: " + header.substr(start, end - start) + "; Path=/; Secure; HttpOnly\r\n";
    if (end == std::string::npos) break;
    start = end + 2;
  }
  EXPECT_REASON(verify(kHost + "/media/clip.mp4", kNow, "", lines), "VALID");
  // Any of the four URL parameters means URL mode: the cookies are ignored.
  auto url_mode = verify(kHost + "/media/clip.mp4?Expires=1", kNow, "", header);
  EXPECT_FALSE(url_mode.valid);
  EXPECT_EQ(url_mode.inspection.source, "url");
  EXPECT_TRUE(has_warning(url_mode.inspection, "ignores the cookies"));
  // Different duplicate values.
  EXPECT_REASON(verify(kHost + "/media/clip.mp4", kNow, "", header + "; CloudFront-Key-Pair-Id=KOTHER"),
                "DUPLICATE_PARAMETER");
  EXPECT_REASON(verify(kHost + "/media/clip.mp4", kNow, "", "CloudFront-Key-Pair-Id=; CloudFront-Expires=5"),
                "MISSING_KEY_PAIR_ID");

  cfsign::CookieSignRequest custom;
  custom.resource = kHost + "/media/*";
  custom.expires = kExpires;
  custom.hash = HashAlg::kSha256;
  custom.now = kNow;
  auto custom_cookies = ec_->sign_cookies(custom);
  ASSERT_TRUE(custom_cookies.ok());
  const std::string ch = cookie_header(custom_cookies.value(), kEcId);
  EXPECT_REASON(verify(kHost + "/media/any/thing", kNow, "", ch), "VALID");
  EXPECT_REASON(verify(kHost + "/other", kNow, "", ch), "RESOURCE_MISMATCH");

  Inspection in = inspect_signed_cookies(header, "");
  EXPECT_TRUE(has_warning(in, "none was given"));
}

// ---- warnings ---------------------------------------------------------------------------------

TEST_F(VerifierTest, BothExpiresAndPolicy) {
  auto v = verify(wildcard() + "&Expires=5");
  EXPECT_REASON(v, "VALID");
  EXPECT_EQ(v.inspection.kind, "custom");
  EXPECT_TRUE(has_warning(v.inspection, "the Policy is used"));
}

TEST_F(VerifierTest, WhitespacePolicyVerifiedOverRawBytes) {
  const std::string spaced = "{ \"Statement\" : [ {\r\n \"Resource\" : \"" + kHost +
                             "/ws/*\",\r\n \"Condition\" : { \"DateLessThan\" : { \"AWS:EpochTime\" : " +
                             std::to_string(kExpires) + " } } } ] }";
  const std::string url = custom_url(kHost + "/ws/a", spaced, "test-ec-p256-pkcs8.pem", kEcId, HashAlg::kSha256);
  auto v = verify(url);
  EXPECT_REASON(v, "VALID");
  EXPECT_EQ(v.inspection.policy, spaced);
  EXPECT_TRUE(has_warning(v.inspection, "whitespace"));
  const std::string compact = "{\"Statement\":[{\"Resource\":\"" + kHost +
                              "/ws/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + std::to_string(kExpires) + "}}}]}";
  EXPECT_REASON(verify(set_param(url, "Policy", cf_base64_encode(compact))), "SIGNATURE_MISMATCH");
}

TEST_F(VerifierTest, LegacyKeyPairIdWarning) {
  const std::string id = "APKAEIBAERJR2EXAMPLE";
  auto s = make_signer("appendix-a-rsa2048-pkcs8.pem", id);
  ASSERT_TRUE(s);
  Verifier v;
  add(v, id, "keys/appendix-a-rsa2048-public.pem");
  VerifyRequest req{sign(*s, kHost + "/old"), "", kNow, ""};
  auto r = v.verify(req);
  EXPECT_REASON(r, "VALID");
  EXPECT_TRUE(has_warning(r.inspection, "legacy"));
}

TEST_F(VerifierTest, SectionedWarning) {
  const std::string policy = "{\"Statement\":[{\"Resource\":\"" + kHost +
                             "/*.jpg\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":" + std::to_string(kExpires) + "}}}]}";
  auto v = verify(custom_url(kHost + "/a.png?name=b.jpg", policy, "appendix-a-rsa2048-pkcs8.pem", kRsaId));
  EXPECT_REASON(v, "VALID");
  EXPECT_TRUE(has_warning(v.inspection, "section-by-section"));
  auto plain = verify(custom_url(kHost + "/dir/b.jpg", policy, "appendix-a-rsa2048-pkcs8.pem", kRsaId));
  EXPECT_REASON(plain, "VALID");
  EXPECT_FALSE(has_warning(plain.inspection, "section-by-section"));
  EXPECT_REASON(verify(custom_url(kHost + "/b.jpg?v=2", policy, "appendix-a-rsa2048-pkcs8.pem", kRsaId)),
                "RESOURCE_MISMATCH");
}

// A URL whose fragment holds what looks like signing parameters is not a signed URL; the
// cookies decide.
TEST_F(VerifierTest, FragmentDoesNotSwitchToUrlMode) {
  cfsign::CookieSignRequest creq;
  creq.resource = kHost + "/f/*";
  creq.expires = kExpires;
  creq.now = kNow;
  auto cookies = rsa_->sign_cookies(creq);
  ASSERT_TRUE(cookies.ok());
  auto v = verify(kHost + "/f/a#?Signature=x", kNow, "", cookie_header(cookies.value(), kRsaId));
  EXPECT_EQ(v.inspection.source, "cookies");
  EXPECT_REASON(v, "VALID");
}

// ---- sectioned_glob_match ---------------------------------------------------------------------

TEST(SectionedGlob, Matches) {
  const std::string h = "https://d111111abcdef8.cloudfront.net";
  EXPECT_TRUE(sectioned_glob_match(h + "/*.jpg", h + "/a/b.jpg"));
  EXPECT_FALSE(sectioned_glob_match(h + "/*.jpg", h + "/a.png?name=b.jpg"));
  EXPECT_TRUE(cfsign::glob_match(h + "/*.jpg", h + "/a.png?name=b.jpg"));
  EXPECT_FALSE(sectioned_glob_match(h + "/*.jpg", h + "/b.jpg?v=2"));
  EXPECT_TRUE(sectioned_glob_match(h + "/videos/*", h + "/videos/a.mp4?x=1"));
  EXPECT_FALSE(sectioned_glob_match(h + "/videos/*", h + "/images/a.mp4"));
  EXPECT_TRUE(sectioned_glob_match("https://*", h + "/anything?q=1"));
  EXPECT_TRUE(sectioned_glob_match("*://" + h.substr(8) + "/x", "http://" + h.substr(8) + "/x"));
  EXPECT_FALSE(sectioned_glob_match(h + "/x?a=*", h + "/x"));
  EXPECT_TRUE(sectioned_glob_match(h + "/x?a=*", h + "/x?a=1"));
  // The host section does not spill into the path.
  EXPECT_FALSE(sectioned_glob_match("https://*.net", h + "/a"));
  EXPECT_TRUE(cfsign::glob_match("https://*.net", "https://x.net"));
}

}  // namespace
