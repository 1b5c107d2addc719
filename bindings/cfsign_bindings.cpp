// The embind boundary: positional arguments in, compact JSON text out; two classes that own a
// parsed key (Signer) or a key set (Verifier). Conversions only; every decision lives in src/.
// No exception crosses this file.
#include <emscripten/bind.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include "cfsign/cookies.hpp"
#include "cfsign/fingerprint.hpp"
#include "cfsign/inspect.hpp"
#include "cfsign/json_text.hpp"
#include "cfsign/public_key.hpp"
#include "cfsign/signer.hpp"

namespace {

using namespace cfsign;

// Results cross as compact JSON text (one string, parsed by JSON.parse in js/internal/wasm.mjs):
// embind value objects cost a registration per field at start-up and a JS-to-wasm call per
// field and call. Requests cross as positional arguments; booleans and enums as bit flags.
class JsonOut {
 public:
  JsonOut() { text_.push_back('{'); }
  JsonOut& str(const char* key, std::string_view value) {
    this->key(key);
    append_json_string(text_, value);
    return *this;
  }
  JsonOut& boolean(const char* key, bool value) {
    this->key(key);
    text_ += value ? "true" : "false";
    return *this;
  }
  JsonOut& integer(const char* key, int64_t value) {
    this->key(key);
    append_json_int(text_, value);
    return *this;
  }
  JsonOut& lines(const char* key, const std::vector<std::string>& values) {
    this->key(key);
    text_.push_back('[');
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) text_.push_back(',');
      append_json_string(text_, values[i]);
    }
    text_.push_back(']');
    return *this;
  }
  std::string done() {
    text_.push_back('}');
    return std::move(text_);
  }

 private:
  void key(const char* k) {
    if (text_.size() > 1) text_.push_back(',');
    append_json_string(text_, k);
    text_.push_back(':');
  }
  std::string text_;
};

std::string error_json(const Error& e) { return JsonOut().boolean("ok", false).str("code", e.code).str("message", e.message).done(); }

// Request flags (js/internal/wasm.mjs builds them).
constexpr int kSha256 = 1 << 0;
constexpr int kEmitHashParam = 1 << 1;
constexpr int kModeExact = 1 << 2;
constexpr int kOrderAwsSdk = 1 << 3;
constexpr int kAllowExpired = 1 << 4;
constexpr int kPlanOnly = 1 << 5;
constexpr int kHasExpires = 1 << 6;
constexpr int kHasNotBefore = 1 << 7;
constexpr int kWildcardForcesCustom = 1 << 8;
// Cookie attribute flags.
constexpr int kSecure = 1 << 0;
constexpr int kHttpOnly = 1 << 1;
constexpr int kHasMaxAge = 1 << 2;
constexpr int kHasAttrExpires = 1 << 3;

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

  // {"ok":true,"keyType":"rsa"|"ec","keyBits":N,"implementation":"...","warnings":[...]} or the
  // creation error.
  std::string info() const {
    if (!signer_) return error_json(error_);
    return JsonOut()
        .boolean("ok", true)
        .str("keyType", signer_->key_type() == KeyType::kEc ? "ec" : "rsa")
        .integer("keyBits", static_cast<int64_t>(signer_->key_bits()))
        .str("implementation", signer_->implementation())
        .lines("warnings", signer_->key_warnings())
        .done();
  }
  void dispose() { signer_.reset(); }
  // The private key as DER into wasm memory at `out` (`cap` bytes); returns the length or 0.
  size_t exportPrivateKey(uintptr_t out, size_t cap) const {
    return signer_ ? signer_->export_private_key_der(reinterpret_cast<unsigned char*>(out), cap) : 0;
  }

  // `signature`: raw bytes (a Uint8Array from JS), or empty.
  std::string signUrl(std::string url, std::string ip_address, std::string policy_resource, std::string policy,
                      std::string signature, double expires, double not_before, double now, int flags) const {
    if (!signer_) return error_json(make_error("SIGNER_DISPOSED", "the signer has been disposed"));
    UrlSignRequest req;
    req.url = std::move(url);
    if (flags & kHasExpires) req.expires = static_cast<int64_t>(expires);
    if (flags & kHasNotBefore) req.not_before = static_cast<int64_t>(not_before);
    req.ip_address = std::move(ip_address);
    req.policy_resource = std::move(policy_resource);
    req.policy = std::move(policy);
    req.hash = (flags & kSha256) ? HashAlg::kSha256 : HashAlg::kSha1;
    req.emit_hash_param = (flags & kEmitHashParam) != 0;
    req.mode = (flags & kModeExact) ? UrlMode::kExact : UrlMode::kAwsSdk;
    req.order = (flags & kOrderAwsSdk) ? ParamOrder::kAwsSdk : ParamOrder::kGuide;
    req.now = static_cast<int64_t>(now);
    req.allow_expired = (flags & kAllowExpired) != 0;
    req.plan_only = (flags & kPlanOnly) != 0;
    req.signature = std::move(signature);
    auto signed_url = signer_->sign_url(req);
    if (!signed_url.ok()) return error_json(signed_url.error());
    const auto& u = signed_url.value();
    return JsonOut()
        .boolean("ok", true)
        .str("url", u.url)
        .str("resource", u.resource)
        .str("policy", u.policy)
        .boolean("custom", u.custom)
        .lines("warnings", u.warnings)
        .done();
  }

  std::string signCookies(std::string url, std::string resource, std::string ip_address, std::string policy,
                          std::string signature, double expires, double not_before, double now, int flags) const {
    if (!signer_) return error_json(make_error("SIGNER_DISPOSED", "the signer has been disposed"));
    CookieSignRequest req;
    req.url = std::move(url);
    req.resource = std::move(resource);
    req.wildcard_forces_custom = (flags & kWildcardForcesCustom) != 0;
    if (flags & kHasExpires) req.expires = static_cast<int64_t>(expires);
    if (flags & kHasNotBefore) req.not_before = static_cast<int64_t>(not_before);
    req.ip_address = std::move(ip_address);
    req.policy = std::move(policy);
    req.hash = (flags & kSha256) ? HashAlg::kSha256 : HashAlg::kSha1;
    req.now = static_cast<int64_t>(now);
    req.allow_expired = (flags & kAllowExpired) != 0;
    req.plan_only = (flags & kPlanOnly) != 0;
    req.signature = std::move(signature);
    auto signed_cookies = signer_->sign_cookies(req);
    if (!signed_cookies.ok()) return error_json(signed_cookies.error());
    const SignedCookies& c = signed_cookies.value();
    return JsonOut()
        .boolean("ok", true)
        .str("resource", c.resource)
        .str("policy", c.policy)
        .boolean("custom", c.custom)
        .integer("expires", c.expires)
        .str("policyBase64", c.policy_base64)
        .str("signature", c.signature)
        .str("hashAlgorithm", c.hash_algorithm)
        .lines("warnings", c.warnings)
        .done();
  }

 private:
  std::unique_ptr<Signer> signer_;
  Error error_;
};

class JsVerifier {
 public:
  JsVerifier() = default;
  std::string addKey(std::string key_pair_id, uintptr_t data, size_t size) {
    auto added = verifier_.add_key(key_pair_id, reinterpret_cast<const unsigned char*>(data), size);
    if (!added.ok()) return error_json(added.error());
    return JsonOut().boolean("ok", true).done();
  }
  void setKeyGroupRules(bool enforce) { verifier_.set_key_group_rules(enforce); }
  int keyCount() const { return static_cast<int>(verifier_.key_count()); }
  // {"valid":..,"reason":..,"detail":..} + "\n" + the inspection as JSON text (JSON.parse'd
  // by JS only when read; compact JSON has no raw newline).
  std::string verify(std::string url, std::string cookies, double now, std::string client_ip) const {
    VerifyRequest req;
    req.url = std::move(url);
    req.cookies = std::move(cookies);
    req.now = static_cast<int64_t>(now);
    req.client_ip = std::move(client_ip);
    Verification v = verifier_.verify(req);
    std::string out = JsonOut().boolean("valid", v.valid).str("reason", v.reason).str("detail", v.detail).done();
    out.push_back('\n');
    out += inspection_to_json(v.inspection);
    return out;
  }

 private:
  Verifier verifier_;
};

std::string keyFingerprint(uintptr_t key, size_t key_size, uintptr_t pass, size_t pass_size,
                           std::string key_pair_id) {
  return key_fingerprint(reinterpret_cast<const unsigned char*>(key), key_size,
                         std::string_view(reinterpret_cast<const char*>(pass), pass_size), key_pair_id);
}

// `message` and `signature` arrive as bytes (Uint8Array).
std::string verifySignature(uintptr_t key, size_t key_size, std::string hash, std::string message,
                            std::string signature) {
  auto verified = verify_signature(reinterpret_cast<const unsigned char*>(key), key_size,
                                   hash == "SHA256" ? HashAlg::kSha256 : HashAlg::kSha1, message, signature);
  if (!verified.ok()) return error_json(verified.error());
  return JsonOut().boolean("ok", true).boolean("valid", verified.value()).done();
}

std::string inspectUrl(std::string url) { return inspection_to_json(inspect_signed_url(url)); }

std::string inspectCookies(std::string cookies, std::string url) {
  return inspection_to_json(inspect_signed_cookies(cookies, url));
}

// `names` and `values` are newline-separated (cookie names and values never contain one).
std::string setCookieHeaders(std::string names, std::string values, std::string domain, std::string path,
                             std::string same_site, double max_age, double expires, int flags) {
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
  attrs.domain = std::move(domain);
  attrs.path = std::move(path);
  attrs.same_site = std::move(same_site);
  attrs.secure = (flags & kSecure) != 0;
  attrs.http_only = (flags & kHttpOnly) != 0;
  if (flags & kHasMaxAge) attrs.max_age = static_cast<int64_t>(max_age);
  if (flags & kHasAttrExpires) attrs.expires = static_cast<int64_t>(expires);
  auto headers = set_cookie_headers(cookies, attrs);
  if (!headers.ok()) return error_json(headers.error());
  return JsonOut().boolean("ok", true).lines("headers", headers.value()).done();
}

std::string generateKeyPair(std::string type) {
  auto pair = generate_key_pair(type == "rsa" ? KeyType::kRsa : KeyType::kEc);
  if (!pair.ok()) return error_json(pair.error());
  return JsonOut()
      .boolean("ok", true)
      .str("privateKey", pair.value().private_pem)
      .str("publicKey", pair.value().public_pem)
      .done();
}

}  // namespace

EMSCRIPTEN_BINDINGS(cfsign) {
  using namespace emscripten;
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
      .function("info", &JsSigner::info)
      .function("signUrl", &JsSigner::signUrl)
      .function("signCookies", &JsSigner::signCookies)
      .function("exportPrivateKey", &JsSigner::exportPrivateKey)
      .function("dispose", &JsSigner::dispose);
  function("setCookieHeaders", &setCookieHeaders);
  function("generateKeyPair", &generateKeyPair);
}
