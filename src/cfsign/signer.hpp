// The signer: a parsed private key plus its CloudFront key ID, producing signed URLs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cfsign/key.hpp"
#include "cfsign/public_key.hpp"
#include "cfsign/result.hpp"
#include "cfsign/url.hpp"

namespace cfsign {

// Query parameter order of the signing parameters.
enum class ParamOrder {
  kGuide,   // AWS developer guide: Expires|Policy, Signature, Key-Pair-Id, Hash-Algorithm
  kAwsSdk,  // @aws-sdk/cloudfront-signer: Expires|Policy, Key-Pair-Id, Signature, Hash-Algorithm
};

struct UrlSignRequest {
  std::string url;
  std::optional<int64_t> expires;      // epoch seconds (DateLessThan)
  std::optional<int64_t> not_before;   // epoch seconds (DateGreaterThan)
  std::string ip_address;              // empty: none
  std::string policy_resource;         // empty: the prepared URL itself
  std::string policy;                  // caller-supplied policy, signed verbatim
  HashAlg hash = HashAlg::kSha1;
  bool emit_hash_param = false;        // add Hash-Algorithm even for SHA1 (SHA256 always adds it)
  UrlMode mode = UrlMode::kAwsSdk;
  ParamOrder order = ParamOrder::kGuide;
  int64_t now = 0;                     // epoch seconds, for the past-expiry check
  bool allow_expired = false;
  // Signing elsewhere (the Node engine signs RSA with node:crypto): plan_only returns the
  // policy to sign (SignedUrl.policy, nothing else); a non-empty `signature` (raw bytes over
  // that policy) is used instead of signing here, after it verifies with the key's public half.
  bool plan_only = false;
  std::string signature;
};

// What a signed cookie set carries; names and attributes are added by the caller.
struct CookieSignRequest {
  // The resource the cookies grant: either a URL (prepared like a signed URL's, so cookies
  // and URL sign the same resource) or a resource pattern with '*' / '?'.
  std::string url;                     // used when non-empty
  std::string resource;                // used when url is empty
  bool wildcard_forces_custom = true;  // a '*' or '?' in the resource gives a custom policy
  std::optional<int64_t> expires;
  std::optional<int64_t> not_before;
  std::string ip_address;
  std::string policy;                  // caller-supplied policy, signed verbatim
  HashAlg hash = HashAlg::kSha1;
  int64_t now = 0;
  bool allow_expired = false;
  bool plan_only = false;              // as in UrlSignRequest
  std::string signature;               // as in UrlSignRequest
};

struct SignedCookies {
  std::string resource;
  std::string policy;                  // exact bytes signed
  bool custom = false;
  int64_t expires = 0;                 // CloudFront-Expires (canned)
  std::string policy_base64;           // CloudFront-Policy (custom)
  std::string signature;               // CloudFront-Signature
  std::string hash_algorithm;          // CloudFront-Hash-Algorithm ("" when SHA-1)
  std::vector<std::string> warnings;
};

struct SignedUrl {
  std::string url;
  std::string resource;                // the resource the signature covers
  std::string policy;                  // the exact policy bytes signed
  bool custom = false;
  std::vector<std::string> warnings;
};

// Validates and normalises a key pair ID (ASCII letters and digits).
Result<bool> validate_key_pair_id(const std::string& key_pair_id);

class Signer {
 public:
  static Result<std::unique_ptr<Signer>> create(const unsigned char* key, size_t key_size,
                                                std::string_view passphrase, std::string key_pair_id);

  Result<SignedUrl> sign_url(const UrlSignRequest& request) const;
  Result<SignedCookies> sign_cookies(const CookieSignRequest& request) const;

  KeyType key_type() const { return key_->type(); }
  size_t key_bits() const { return key_->bits(); }
  const char* implementation() const { return key_->implementation(); }
  const std::string& key_pair_id() const { return key_pair_id_; }
  const std::vector<std::string>& key_warnings() const { return key_warnings_; }

  // The private key as DER (PKCS#1 RSAPrivateKey for RSA, SEC1 for EC) into `out` (`cap`
  // bytes); returns the length, 0 if it does not fit. For handing the key to another engine.
  size_t export_private_key_der(unsigned char* out, size_t cap) const;

 private:
  Signer(std::unique_ptr<PrivateKey> key, std::string key_pair_id);
  // The signature to put in a URL or cookie: ours, or the caller's after it verifies.
  Result<std::string> signature_for(HashAlg hash, const std::string& policy, const std::string& external) const;
  std::unique_ptr<PrivateKey> key_;
  std::string key_pair_id_;
  std::vector<std::string> key_warnings_;
  mutable std::unique_ptr<PublicKey> public_key_;  // parsed on the first external signature
};

}  // namespace cfsign
