// AWS's cross-SDK CloudFront signing vectors (aws/aws-cli tests/functional/cloudfront/testdata,
// copied unchanged into tests/vectors/aws; Apache-2.0). RSA signatures are compared byte for
// byte, ECDSA signatures are verified, error cases map to our error codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "cfsign/base64.hpp"
#include "cfsign/policy.hpp"
#include "cfsign/signer.hpp"
#include "test_util.hpp"

using cfsign::HashAlg;
using cfsign::Signer;
using cfsign::SignedUrl;
using cfsign::UrlMode;
using cfsign::UrlSignRequest;
using cfsign_test::bytes;
using cfsign_test::read_vector;
using json = nlohmann::json;

namespace {

json load_cases(const std::string& file) {
  json doc = json::parse(read_vector("aws/" + file), nullptr, false);
  EXPECT_FALSE(doc.is_discarded());
  EXPECT_TRUE(doc.is_array());
  return doc;
}

cfsign::Result<std::unique_ptr<Signer>> make_signer(const json& input) {
  const std::string key = read_vector("aws/" + input["privateKeyFile"].get<std::string>());
  return Signer::create(bytes(key), key.size(), "", input["keyPairId"].get<std::string>());
}

// The request the aws-cli runner makes: --url is applyTo when given (with the case's resource
// as --policy-resource), else the resource itself.
UrlSignRequest request_for(const json& c) {
  const json& in = c["input"];
  const json& ex = c["expected"];
  UrlSignRequest req;
  if (ex.contains("applyTo")) {
    req.url = ex["applyTo"].get<std::string>();
    req.policy_resource = in["resource"].get<std::string>();
  } else {
    req.url = in["resource"].get<std::string>();
  }
  if (in.contains("expirationDate")) req.expires = in["expirationDate"].get<int64_t>();
  if (in.contains("activeDate")) req.not_before = in["activeDate"].get<int64_t>();
  if (in.contains("ipRange")) req.ip_address = in["ipRange"].get<std::string>();
  req.hash = in.value("hashAlgorithm", std::string("SHA1")) == "SHA256" ? HashAlg::kSha256 : HashAlg::kSha1;
  req.mode = UrlMode::kAwsSdk;
  req.now = 1767290400 + 86400;  // every vector has expired: sign anyway
  req.allow_expired = true;
  return req;
}

// Query parameters after the base URL, in order.
std::vector<std::pair<std::string, std::string>> params_after(const std::string& url, const std::string& base) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string rest = url.substr(url.find('?') + 1);
  size_t i = 0;
  while (i <= rest.size()) {
    size_t end = rest.find('&', i);
    if (end == std::string::npos) end = rest.size();
    std::string pair = rest.substr(i, end - i);
    size_t eq = pair.find('=');
    out.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
    i = end + 1;
  }
  (void)base;
  return out;
}

// Checks a successful URL case: structure, policy bytes, parameter values, signature.
void check_url_case(const json& c, const SignedUrl& out) {
  const json& ex = c["expected"];
  const bool ecdsa = ex["signatureAlgorithm"].get<std::string>().rfind("ECDSA", 0) == 0;
  const HashAlg hash = ex["signatureAlgorithm"].get<std::string>().find("SHA256") != std::string::npos
                           ? HashAlg::kSha256
                           : HashAlg::kSha1;
  const std::string base = ex.contains("applyTo") ? ex["applyTo"].get<std::string>() : c["input"]["resource"].get<std::string>();
  const std::string policy_json = ex["policyJson"].get<std::string>();

  // Runner rule: the output starts with the base URL followed by '&' or '?'.
  ASSERT_EQ(out.url.compare(0, base.size(), base), 0) << out.url;
  EXPECT_EQ(out.url[base.size()], base.find('?') == std::string::npos ? '?' : '&');
  EXPECT_EQ(out.policy, policy_json);

  std::map<std::string, std::string> params;
  for (const auto& [k, v] : params_after(out.url, base)) {
    EXPECT_TRUE(params.emplace(k, v).second) << "duplicate parameter " << k;
  }
  // Names: exactly the expected ones plus Signature (plus Policy for custom).
  std::set<std::string> expected_names;
  for (auto it = ex["queryParams"].begin(); it != ex["queryParams"].end(); ++it) {
    expected_names.insert(it.key());
    EXPECT_EQ(params[it.key()], it.value().get<std::string>()) << it.key();
  }
  expected_names.insert("Signature");
  const bool custom = !ex["queryParams"].contains("Expires");
  EXPECT_EQ(out.custom, custom);
  if (custom) {
    expected_names.insert("Policy");
    auto decoded = cfsign::cf_base64_decode(params["Policy"], "Policy");
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded.value(), policy_json);
  }
  std::set<std::string> names;
  for (const auto& [k, v] : params) names.insert(k);
  EXPECT_EQ(names, expected_names);

  if (ecdsa) {
    const std::string pub = read_vector("aws/test-ecdsa-key-public.pem");
    EXPECT_TRUE(cfsign_test::verify_cf_signature(pub, hash, policy_json, params["Signature"]));
  } else {
    EXPECT_EQ(params["Signature"], ex["signature"].get<std::string>());
    EXPECT_TRUE(cfsign_test::verify_cf_signature(read_vector("aws/test-rsa-key-public.pem"), hash, policy_json,
                                                 params["Signature"]));
  }
}

// Our error code for each of the shared error cases (both files use the same ids).
const std::map<std::string, std::string>& expected_error_codes() {
  static const std::map<std::string, std::string> codes = {
      {"error-missing-expiration", "DATE_MISSING"},
      {"error-active-after-expiration", "DATE_RANGE"},
      {"error-unsupported-key-type", "KEY_UNSUPPORTED"},
      {"json-injection-ip-range-reject", "IP_INVALID"},
      // In exact mode a '"' is refused; see JsonInjectionResource for the other modes.
      {"json-injection-resource-url-reject", "URL_CHARACTERS"},
  };
  return codes;
}

void check_error_case(const json& c) {
  const std::string id = c["id"].get<std::string>();
  auto code = expected_error_codes().find(id);
  ASSERT_NE(code, expected_error_codes().end()) << "no mapping for error case " << id;
  auto signer = make_signer(c["input"]);
  if (!signer.ok()) {
    EXPECT_EQ(signer.error().code, code->second);
    return;
  }
  UrlSignRequest req = request_for(c);
  if (id == "json-injection-resource-url-reject") req.mode = UrlMode::kExact;
  auto out = signer.value()->sign_url(req);
  ASSERT_FALSE(out.ok()) << "signed " << out.value().url;
  EXPECT_EQ(out.error().code, code->second) << out.error().message;
}

}  // namespace

TEST(AwsVectors, SignUrlCases) {
  const json cases = load_cases("sign-test-cases.json");
  int rsa = 0, ecdsa = 0, errors = 0, alternative = 0;
  for (const auto& c : cases) {
    const std::string id = c["id"].get<std::string>();
    SCOPED_TRACE(id);
    const json& ex = c["expected"];
    if (id == "ecdsa-canned-policy-url-sha1-reject") {
      ++alternative;  // see EcdsaWithSha1 below: we follow the "-sha1-accept" alternative
      continue;
    }
    if (ex.value("error", false)) {
      check_error_case(c);
      ++errors;
      continue;
    }
    auto signer = make_signer(c["input"]);
    ASSERT_TRUE(signer.ok()) << signer.error().message;
    auto out = signer.value()->sign_url(request_for(c));
    ASSERT_TRUE(out.ok()) << out.error().code << " " << out.error().message;
    check_url_case(c, out.value());
    (ex.value("verifyCryptographically", false) ? ecdsa : rsa)++;
  }
  EXPECT_EQ(rsa, 11);
  EXPECT_EQ(ecdsa, 2);
  EXPECT_EQ(errors, 5);
  EXPECT_EQ(alternative, 1);
}

TEST(AwsVectors, SignCookieCasesThroughSignedUrls) {
  // The cookie values (Expires/Policy/Signature) are the same strings a signed URL carries.
  const json cases = load_cases("sign-cookies-test-cases.json");
  int checked = 0, errors = 0;
  for (const auto& c : cases) {
    const std::string id = c["id"].get<std::string>();
    SCOPED_TRACE(id);
    const json& ex = c["expected"];
    if (id == "ecdsa-canned-policy-url-sha1-reject") continue;
    if (ex.value("error", false)) {
      check_error_case(c);
      ++errors;
      continue;
    }
    auto signer = make_signer(c["input"]);
    ASSERT_TRUE(signer.ok()) << signer.error().message;
    UrlSignRequest req = request_for(c);
    const std::string resource = c["input"]["resource"].get<std::string>();
    if (resource.find('*') != std::string::npos) {
      // A wildcard resource is not a URL: sign a URL under it with the resource as policy resource.
      req.url = "https://d111111abcdef8.cloudfront.net/any/file.jpg";
      req.policy_resource = resource;
    }
    auto out = signer.value()->sign_url(req);
    ASSERT_TRUE(out.ok()) << out.error().code << " " << out.error().message;
    EXPECT_EQ(out.value().policy, ex["policyJson"].get<std::string>());
    const json& cookies = ex["cookies"];
    const std::string& url = out.value().url;
    auto value_of = [&](const std::string& name) {
      size_t p = url.find("&" + name + "=");
      if (p == std::string::npos) p = url.find("?" + name + "=");
      if (p == std::string::npos) return std::string("<absent>");
      size_t start = p + name.size() + 2;
      size_t end = url.find('&', start);
      return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    };
    EXPECT_EQ(value_of("Key-Pair-Id"), cookies["CloudFront-Key-Pair-Id"].get<std::string>());
    if (cookies.contains("CloudFront-Expires")) {
      EXPECT_EQ(value_of("Expires"), cookies["CloudFront-Expires"].get<std::string>());
    }
    if (cookies.contains("CloudFront-Policy")) {
      EXPECT_EQ(value_of("Policy"), cookies["CloudFront-Policy"].get<std::string>());
    }
    EXPECT_EQ(value_of("Hash-Algorithm"), cookies.value("CloudFront-Hash-Algorithm", std::string("<absent>")));
    const HashAlg hash = req.hash;
    if (cookies.contains("CloudFront-Signature")) {
      EXPECT_EQ(value_of("Signature"), cookies["CloudFront-Signature"].get<std::string>());
    } else {
      EXPECT_TRUE(cfsign_test::verify_cf_signature(read_vector("aws/test-ecdsa-key-public.pem"), hash,
                                                   ex["policyJson"].get<std::string>(), value_of("Signature")));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 5);
  EXPECT_EQ(errors, 5);
}

TEST(AwsVectors, EcdsaWithSha1) {
  // The shared set lets an SDK either reject ECDSA+SHA-1 ("-sha1-reject") or accept it
  // ("-sha1-accept"). cfsign accepts it, like @aws-sdk/cloudfront-signer and smithy-rs: the
  // signature is a valid ECDSA-SHA1 DER signature and no Hash-Algorithm is added.
  const json cases = load_cases("sign-test-cases.json");
  for (const auto& c : cases) {
    if (c["id"].get<std::string>() != "ecdsa-canned-policy-url-sha1-reject") continue;
    auto signer = make_signer(c["input"]);
    ASSERT_TRUE(signer.ok());
    UrlSignRequest req = request_for(c);
    ASSERT_EQ(req.hash, HashAlg::kSha1);
    auto out = signer.value()->sign_url(req);
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(out.value().url.find("Hash-Algorithm"), std::string::npos);
    const std::string& url = out.value().url;
    const size_t s = url.find("&Signature=") + 11;
    const std::string sig = url.substr(s, url.find('&', s) - s);
    EXPECT_TRUE(cfsign_test::verify_cf_signature(read_vector("aws/test-ecdsa-key-public.pem"), HashAlg::kSha1,
                                                 out.value().policy, sig));
    return;
  }
  FAIL() << "case ecdsa-canned-policy-url-sha1-reject not found";
}

TEST(AwsVectors, JsonInjectionResource) {
  // The injected resource can never reach the policy JSON: exact mode and policyResource refuse
  // the '"', and the SDK-compatible mode percent-encodes it (%22) before it is signed.
  const std::string injected = "https://example.com/file\",\"Resource\":\"*\",\"x\":\"";
  const std::string key = read_vector("aws/test-rsa-key.pem");
  auto signer = Signer::create(bytes(key), key.size(), "", "K1TESTKEY");
  ASSERT_TRUE(signer.ok());
  UrlSignRequest req;
  req.url = injected;
  req.expires = 1767290400;
  req.allow_expired = true;
  req.now = 1767290400 + 1;
  req.mode = UrlMode::kExact;
  auto exact = signer.value()->sign_url(req);
  ASSERT_FALSE(exact.ok());
  EXPECT_EQ(exact.error().code, "URL_CHARACTERS");

  req.mode = UrlMode::kAwsSdk;
  auto sdk = signer.value()->sign_url(req);
  ASSERT_TRUE(sdk.ok()) << sdk.error().message;
  EXPECT_EQ(sdk.value().resource, "https://example.com/file%22%2C%22Resource%22%3A%22*%22%2C%22x%22%3A%22");
  auto parsed = cfsign::parse_policy(sdk.value().policy);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed.value().conditions.resource, sdk.value().resource);

  req.url = "https://example.com/file";
  req.policy_resource = injected;
  auto as_resource = signer.value()->sign_url(req);
  ASSERT_FALSE(as_resource.ok());
  EXPECT_EQ(as_resource.error().code, "RESOURCE_INVALID");
}

TEST(AwsVectors, KeyFilesParse) {
  struct Expect {
    const char* file;
    cfsign::KeyType type;
    size_t bits;
  };
  for (const Expect& e : {Expect{"test-rsa-key.pem", cfsign::KeyType::kRsa, 1024},
                          Expect{"test-rsa-key-pkcs1.pem", cfsign::KeyType::kRsa, 1024},
                          Expect{"test-ecdsa-key.pem", cfsign::KeyType::kEc, 256},
                          Expect{"test-ecdsa-key-sec1.pem", cfsign::KeyType::kEc, 256}}) {
    auto key = cfsign_test::load_key(std::string("aws/") + e.file);
    ASSERT_TRUE(key) << e.file;
    EXPECT_EQ(key->type(), e.type) << e.file;
    EXPECT_EQ(key->bits(), e.bits) << e.file;
  }
  const std::string dsa = read_vector("aws/test-dsa-key.pem");
  auto r = cfsign::PrivateKey::parse(bytes(dsa), dsa.size(), "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "KEY_UNSUPPORTED");
}
