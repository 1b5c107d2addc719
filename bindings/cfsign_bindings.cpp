// The embind boundary: value objects in and out, one class that owns a parsed key.
// Conversions only; every decision lives in src/. No exception crosses this file.
#include <emscripten/bind.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include "cfsign/cookies.hpp"
#include "cfsign/fingerprint.hpp"
#include "cfsign/inspect.hpp"
#include "cfsign/public_key.hpp"
#include "cfsign/signer.hpp"

namespace {

using namespace cfsign;

struct JsResult {
  bool ok = false;
  std::string code;
  std::string message;
  std::string value;
};

struct JsUrlRequest {
  std::string url;
  bool hasExpires = false;
  double expires = 0;
  bool hasNotBefore = false;
  double notBefore = 0;
  std::string ipAddress;
  std::string policyResource;
  std::string policy;
  std::string hash;   // "SHA1" | "SHA256"
  bool emitHashParam = false;
  std::string mode;   // "aws-sdk" | "exact"
  std::string order;  // "guide" | "aws-sdk"
  double now = 0;
  bool allowExpired = false;
  bool planOnly = false;
  std::string signature;  // raw bytes (a Uint8Array from JS), or empty
};

struct JsSignedUrl {
  bool ok = false;
  std::string code;
  std::string message;
  std::string url;
  std::string resource;
  std::string policy;
  bool custom = false;
  std::string warnings;  // one per line
};

struct JsCookieRequest {
  std::string url;
  std::string resource;
  bool wildcardForcesCustom = true;
  bool hasExpires = false;
  double expires = 0;
  bool hasNotBefore = false;
  double notBefore = 0;
  std::string ipAddress;
  std::string policy;
  std::string hash;
  double now = 0;
  bool allowExpired = false;
  bool planOnly = false;
  std::string signature;  // raw bytes (a Uint8Array from JS), or empty
};

struct JsSignedCookies {
  bool ok = false;
  std::string code;
  std::string message;
  std::string resource;
  std::string policy;
  bool custom = false;
  double expires = 0;
  std::string policyBase64;
  std::string signature;
  std::string hashAlgorithm;
  std::string warnings;
};

struct JsCookieAttributes {
  std::string domain;
  std::string path;
  std::string sameSite;
  bool secure = true;
  bool httpOnly = true;
  bool hasMaxAge = false;
  double maxAge = 0;
  bool hasExpires = false;
  double expires = 0;
};

struct JsKeyPair {
  bool ok = false;
  std::string code;
  std::string message;
  std::string privateKey;
  std::string publicKey;
};

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out.push_back('\n');
    out += l;
  }
  return out;
}

template <class R>
R error_of(const Error& e) {
  R r;
  r.ok = false;
  r.code = e.code;
  r.message = e.message;
  return r;
}

class JsSigner {
 public:
  // The key and passphrase arrive in wasm memory the JS side allocated and wipes itself.
  JsSigner(uintptr_t key, size_t key_size, uintptr_t pass, size_t pass_size, std::string key_pair_id) {
    auto created = Signer::create(reinterpret_cast<const unsigned char*>(key), key_size,
                                  std::string_view(reinterpret_cast<const char*>(pass), pass_size),
                                  std::move(key_pair_id));
    if (created.ok()) signer_ = std::move(created.value());
    else error_ = created.error();
  }

  bool ok() const { return signer_ != nullptr; }
  std::string errorCode() const { return error_.code; }
  std::string errorMessage() const { return error_.message; }
  std::string keyType() const { return signer_ ? (signer_->key_type() == KeyType::kEc ? "ec" : "rsa") : ""; }
  int keyBits() const { return signer_ ? static_cast<int>(signer_->key_bits()) : 0; }
  std::string warnings() const { return signer_ ? join_lines(signer_->key_warnings()) : ""; }
  void dispose() { signer_.reset(); }
  // The private key as DER into wasm memory at `out` (`cap` bytes); returns the length or 0.
  size_t exportPrivateKey(uintptr_t out, size_t cap) const {
    return signer_ ? signer_->export_private_key_der(reinterpret_cast<unsigned char*>(out), cap) : 0;
  }

  JsSignedCookies signCookies(const JsCookieRequest& in) const {
    if (!signer_) return error_of<JsSignedCookies>(make_error("SIGNER_DISPOSED", "the signer has been disposed"));
    CookieSignRequest req;
    req.url = in.url;
    req.resource = in.resource;
    req.wildcard_forces_custom = in.wildcardForcesCustom;
    if (in.hasExpires) req.expires = static_cast<int64_t>(in.expires);
    if (in.hasNotBefore) req.not_before = static_cast<int64_t>(in.notBefore);
    req.ip_address = in.ipAddress;
    req.policy = in.policy;
    req.hash = in.hash == "SHA256" ? HashAlg::kSha256 : HashAlg::kSha1;
    req.now = static_cast<int64_t>(in.now);
    req.allow_expired = in.allowExpired;
    req.plan_only = in.planOnly;
    req.signature = in.signature;
    auto signed_cookies = signer_->sign_cookies(req);
    if (!signed_cookies.ok()) return error_of<JsSignedCookies>(signed_cookies.error());
    const SignedCookies& c = signed_cookies.value();
    JsSignedCookies out;
    out.ok = true;
    out.resource = c.resource;
    out.policy = c.policy;
    out.custom = c.custom;
    out.expires = static_cast<double>(c.expires);
    out.policyBase64 = c.policy_base64;
    out.signature = c.signature;
    out.hashAlgorithm = c.hash_algorithm;
    out.warnings = join_lines(c.warnings);
    return out;
  }

  JsSignedUrl signUrl(const JsUrlRequest& in) const {
    if (!signer_) return error_of<JsSignedUrl>(make_error("SIGNER_DISPOSED", "the signer has been disposed"));
    UrlSignRequest req;
    req.url = in.url;
    if (in.hasExpires) req.expires = static_cast<int64_t>(in.expires);
    if (in.hasNotBefore) req.not_before = static_cast<int64_t>(in.notBefore);
    req.ip_address = in.ipAddress;
    req.policy_resource = in.policyResource;
    req.policy = in.policy;
    req.hash = in.hash == "SHA256" ? HashAlg::kSha256 : HashAlg::kSha1;
    req.emit_hash_param = in.emitHashParam;
    req.mode = in.mode == "exact" ? UrlMode::kExact : UrlMode::kAwsSdk;
    req.order = in.order == "aws-sdk" ? ParamOrder::kAwsSdk : ParamOrder::kGuide;
    req.now = static_cast<int64_t>(in.now);
    req.allow_expired = in.allowExpired;
    req.plan_only = in.planOnly;
    req.signature = in.signature;
    auto signed_url = signer_->sign_url(req);
    if (!signed_url.ok()) return error_of<JsSignedUrl>(signed_url.error());
    JsSignedUrl out;
    out.ok = true;
    out.url = signed_url.value().url;
    out.resource = signed_url.value().resource;
    out.policy = signed_url.value().policy;
    out.custom = signed_url.value().custom;
    out.warnings = join_lines(signed_url.value().warnings);
    return out;
  }

 private:
  std::unique_ptr<Signer> signer_;
  Error error_;
};

struct JsVerifyRequest {
  std::string url;
  std::string cookies;
  double now = 0;
  std::string clientIp;
};

struct JsVerification {
  bool valid = false;
  std::string reason;
  std::string detail;
  std::string inspection;  // JSON text
};

class JsVerifier {
 public:
  JsVerifier() = default;
  JsResult addKey(const std::string& key_pair_id, uintptr_t data, size_t size) {
    auto added = verifier_.add_key(key_pair_id, reinterpret_cast<const unsigned char*>(data), size);
    if (!added.ok()) return error_of<JsResult>(added.error());
    JsResult r;
    r.ok = true;
    return r;
  }
  void setKeyGroupRules(bool enforce) { verifier_.set_key_group_rules(enforce); }
  int keyCount() const { return static_cast<int>(verifier_.key_count()); }
  JsVerification verify(const JsVerifyRequest& in) const {
    VerifyRequest req;
    req.url = in.url;
    req.cookies = in.cookies;
    req.now = static_cast<int64_t>(in.now);
    req.client_ip = in.clientIp;
    Verification v = verifier_.verify(req);
    JsVerification out;
    out.valid = v.valid;
    out.reason = v.reason;
    out.detail = v.detail;
    out.inspection = inspection_to_json(v.inspection);
    return out;
  }

 private:
  Verifier verifier_;
};

std::string keyFingerprint(uintptr_t key, size_t key_size, uintptr_t pass, size_t pass_size,
                           const std::string& key_pair_id) {
  return key_fingerprint(reinterpret_cast<const unsigned char*>(key), key_size,
                         std::string_view(reinterpret_cast<const char*>(pass), pass_size), key_pair_id);
}

// `message` and `signature` arrive as bytes (Uint8Array); value is "1" or "0".
JsResult verifySignature(uintptr_t key, size_t key_size, const std::string& hash, const std::string& message,
                         const std::string& signature) {
  auto verified = verify_signature(reinterpret_cast<const unsigned char*>(key), key_size,
                                   hash == "SHA256" ? HashAlg::kSha256 : HashAlg::kSha1, message, signature);
  if (!verified.ok()) return error_of<JsResult>(verified.error());
  JsResult r;
  r.ok = true;
  r.value = verified.value() ? "1" : "0";
  return r;
}

std::string inspectUrl(const std::string& url) { return inspection_to_json(inspect_signed_url(url)); }

std::string inspectCookies(const std::string& cookies, const std::string& url) {
  return inspection_to_json(inspect_signed_cookies(cookies, url));
}

// `names` and `values` are newline-separated (cookie names and values never contain one).
JsResult setCookieHeaders(const std::string& names, const std::string& values, const JsCookieAttributes& in) {
  std::vector<std::pair<std::string, std::string>> cookies;
  size_t a = 0, b = 0;
  while (a <= names.size() && b <= values.size()) {
    size_t ea = names.find('\n', a), eb = values.find('\n', b);
    if (ea == std::string::npos) ea = names.size();
    if (eb == std::string::npos) eb = values.size();
    cookies.emplace_back(names.substr(a, ea - a), values.substr(b, eb - b));
    a = ea + 1;
    b = eb + 1;
  }
  CookieAttributes attrs;
  attrs.domain = in.domain;
  attrs.path = in.path;
  attrs.same_site = in.sameSite;
  attrs.secure = in.secure;
  attrs.http_only = in.httpOnly;
  if (in.hasMaxAge) attrs.max_age = static_cast<int64_t>(in.maxAge);
  if (in.hasExpires) attrs.expires = static_cast<int64_t>(in.expires);
  auto headers = set_cookie_headers(cookies, attrs);
  if (!headers.ok()) return error_of<JsResult>(headers.error());
  JsResult r;
  r.ok = true;
  r.value = join_lines(headers.value());
  return r;
}

JsKeyPair generateKeyPair(const std::string& type) {
  auto pair = generate_key_pair(type == "rsa" ? KeyType::kRsa : KeyType::kEc);
  if (!pair.ok()) return error_of<JsKeyPair>(pair.error());
  JsKeyPair out;
  out.ok = true;
  out.privateKey = pair.value().private_pem;
  out.publicKey = pair.value().public_pem;
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(cfsign) {
  using namespace emscripten;
  value_object<JsResult>("Result")
      .field("ok", &JsResult::ok)
      .field("code", &JsResult::code)
      .field("message", &JsResult::message)
      .field("value", &JsResult::value);
  value_object<JsUrlRequest>("UrlRequest")
      .field("url", &JsUrlRequest::url)
      .field("hasExpires", &JsUrlRequest::hasExpires)
      .field("expires", &JsUrlRequest::expires)
      .field("hasNotBefore", &JsUrlRequest::hasNotBefore)
      .field("notBefore", &JsUrlRequest::notBefore)
      .field("ipAddress", &JsUrlRequest::ipAddress)
      .field("policyResource", &JsUrlRequest::policyResource)
      .field("policy", &JsUrlRequest::policy)
      .field("hash", &JsUrlRequest::hash)
      .field("emitHashParam", &JsUrlRequest::emitHashParam)
      .field("mode", &JsUrlRequest::mode)
      .field("order", &JsUrlRequest::order)
      .field("now", &JsUrlRequest::now)
      .field("allowExpired", &JsUrlRequest::allowExpired)
      .field("planOnly", &JsUrlRequest::planOnly)
      .field("signature", &JsUrlRequest::signature);
  value_object<JsSignedUrl>("SignedUrl")
      .field("ok", &JsSignedUrl::ok)
      .field("code", &JsSignedUrl::code)
      .field("message", &JsSignedUrl::message)
      .field("url", &JsSignedUrl::url)
      .field("resource", &JsSignedUrl::resource)
      .field("policy", &JsSignedUrl::policy)
      .field("custom", &JsSignedUrl::custom)
      .field("warnings", &JsSignedUrl::warnings);
  value_object<JsCookieRequest>("CookieRequest")
      .field("url", &JsCookieRequest::url)
      .field("resource", &JsCookieRequest::resource)
      .field("wildcardForcesCustom", &JsCookieRequest::wildcardForcesCustom)
      .field("hasExpires", &JsCookieRequest::hasExpires)
      .field("expires", &JsCookieRequest::expires)
      .field("hasNotBefore", &JsCookieRequest::hasNotBefore)
      .field("notBefore", &JsCookieRequest::notBefore)
      .field("ipAddress", &JsCookieRequest::ipAddress)
      .field("policy", &JsCookieRequest::policy)
      .field("hash", &JsCookieRequest::hash)
      .field("now", &JsCookieRequest::now)
      .field("allowExpired", &JsCookieRequest::allowExpired)
      .field("planOnly", &JsCookieRequest::planOnly)
      .field("signature", &JsCookieRequest::signature);
  value_object<JsSignedCookies>("SignedCookies")
      .field("ok", &JsSignedCookies::ok)
      .field("code", &JsSignedCookies::code)
      .field("message", &JsSignedCookies::message)
      .field("resource", &JsSignedCookies::resource)
      .field("policy", &JsSignedCookies::policy)
      .field("custom", &JsSignedCookies::custom)
      .field("expires", &JsSignedCookies::expires)
      .field("policyBase64", &JsSignedCookies::policyBase64)
      .field("signature", &JsSignedCookies::signature)
      .field("hashAlgorithm", &JsSignedCookies::hashAlgorithm)
      .field("warnings", &JsSignedCookies::warnings);
  value_object<JsCookieAttributes>("CookieAttributes")
      .field("domain", &JsCookieAttributes::domain)
      .field("path", &JsCookieAttributes::path)
      .field("sameSite", &JsCookieAttributes::sameSite)
      .field("secure", &JsCookieAttributes::secure)
      .field("httpOnly", &JsCookieAttributes::httpOnly)
      .field("hasMaxAge", &JsCookieAttributes::hasMaxAge)
      .field("maxAge", &JsCookieAttributes::maxAge)
      .field("hasExpires", &JsCookieAttributes::hasExpires)
      .field("expires", &JsCookieAttributes::expires);
  value_object<JsKeyPair>("KeyPair")
      .field("ok", &JsKeyPair::ok)
      .field("code", &JsKeyPair::code)
      .field("message", &JsKeyPair::message)
      .field("privateKey", &JsKeyPair::privateKey)
      .field("publicKey", &JsKeyPair::publicKey);
  value_object<JsVerifyRequest>("VerifyRequest")
      .field("url", &JsVerifyRequest::url)
      .field("cookies", &JsVerifyRequest::cookies)
      .field("now", &JsVerifyRequest::now)
      .field("clientIp", &JsVerifyRequest::clientIp);
  value_object<JsVerification>("Verification")
      .field("valid", &JsVerification::valid)
      .field("reason", &JsVerification::reason)
      .field("detail", &JsVerification::detail)
      .field("inspection", &JsVerification::inspection);
  class_<JsVerifier>("Verifier")
      .constructor<>()
      .function("addKey", &JsVerifier::addKey)
      .function("setKeyGroupRules", &JsVerifier::setKeyGroupRules)
      .function("keyCount", &JsVerifier::keyCount)
      .function("verify", &JsVerifier::verify);
  function("inspectUrl", &inspectUrl);
  function("verifySignature", &verifySignature);
  function("keyFingerprint", &keyFingerprint);
  function("inspectCookies", &inspectCookies);
  class_<JsSigner>("Signer")
      .constructor<uintptr_t, size_t, uintptr_t, size_t, std::string>()
      .function("ok", &JsSigner::ok)
      .function("errorCode", &JsSigner::errorCode)
      .function("errorMessage", &JsSigner::errorMessage)
      .function("keyType", &JsSigner::keyType)
      .function("keyBits", &JsSigner::keyBits)
      .function("warnings", &JsSigner::warnings)
      .function("signUrl", &JsSigner::signUrl)
      .function("signCookies", &JsSigner::signCookies)
      .function("exportPrivateKey", &JsSigner::exportPrivateKey)
      .function("dispose", &JsSigner::dispose);
  function("setCookieHeaders", &setCookieHeaders);
  function("generateKeyPair", &generateKeyPair);
}
