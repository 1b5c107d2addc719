// Decoding signed URLs and signed cookies, and verifying them the way CloudFront does.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cfsign/policy.hpp"
#include "cfsign/public_key.hpp"
#include "cfsign/result.hpp"

namespace cfsign {

// A problem found while decoding: a stable code (also used as the verification reason) and
// a precise message.
struct Problem {
  std::string code;
  std::string message;
};

struct Inspection {
  std::string source;                 // "url" or "cookies" (or "none": nothing signed found)
  std::string url;                    // the request URL without the signing parameters
  std::string kind;                   // "canned", "custom" or "" (undecidable)
  std::string resource;               // canned: the resource CloudFront rebuilds; custom: the policy's Resource
  bool has_resource = false;
  std::string policy;                 // the exact policy bytes the signature must cover
  bool policy_parsed = false;
  ParsedPolicy parsed;                // valid when policy_parsed
  std::optional<int64_t> expires;
  std::optional<int64_t> not_before;
  std::optional<std::string> ip_address;
  std::string key_pair_id;
  bool has_key_pair_id = false;
  std::string signature;              // raw bytes
  std::string signature_family;       // "rsa", "ecdsa" or "unknown", guessed from its form
  std::string hash_algorithm = "SHA1";  // as CloudFront will use it
  bool hash_given = false;
  std::vector<Problem> problems;      // empty: well-formed
  std::vector<std::string> warnings;
};

// Decodes a signed URL. Never fails on malformed content: problems are reported as data.
Inspection inspect_signed_url(std::string_view url);

// Decodes a Cookie header ("a=b; c=d"), or Set-Cookie lines (one per line), for the
// CloudFront-* cookies. `url` is the request URL (needed to rebuild a canned policy).
Inspection inspect_signed_cookies(std::string_view cookies, std::string_view url);

struct VerifyRequest {
  std::string url;
  std::string cookies;                // Cookie header text (may be empty)
  std::optional<int64_t> now;         // epoch seconds; required
  std::string client_ip;              // empty: unknown
};

struct Verification {
  bool valid = false;
  std::string reason;                 // "VALID" or a reason code
  std::string detail;
  Inspection inspection;
};

class Verifier {
 public:
  // Adds a key of the group. `allow_any_size`: accept RSA keys of other sizes (legacy key pairs).
  Result<bool> add_key(const std::string& key_pair_id, const unsigned char* data, size_t size);
  void set_key_group_rules(bool enforce) { enforce_key_group_ = enforce; }
  size_t key_count() const { return keys_.size(); }

  Verification verify(const VerifyRequest& request) const;

 private:
  std::map<std::string, std::unique_ptr<PublicKey>> keys_;
  bool enforce_key_group_ = true;
};

// The inspection as JSON text (for the JavaScript side): url, source, kind, resource, policy
// {text, statement}, expires, notBefore, ipAddress, keyPairId, signature {base64, length,
// family}, hashAlgorithm, problems [{code, message}], warnings.
std::string inspection_to_json(const Inspection& inspection);

// The section-bounded reading of a wildcard resource some emulators use (scheme, host, path
// and query matched separately); used to warn where it differs from the whole-string glob.
bool sectioned_glob_match(std::string_view pattern, std::string_view url);

}  // namespace cfsign
