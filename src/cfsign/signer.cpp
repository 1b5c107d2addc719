#include "cfsign/signer.hpp"

#include <cctype>

#include "cfsign/base64.hpp"
#include "cfsign/ip.hpp"
#include "cfsign/policy.hpp"

namespace cfsign {

namespace {

constexpr int64_t kMaxEpoch32 = 2147483647;  // 2038-01-19; older guide revisions cap here

}  // namespace

Result<bool> validate_key_pair_id(const std::string& id) {
  if (id.empty()) return make_error(code::kKeyPairIdInvalid, "keyPairId is empty");
  for (unsigned char c : id) {
    if (!std::isalnum(c) || c >= 0x80) {
      return make_error(code::kKeyPairIdInvalid,
                        "keyPairId must contain ASCII letters and digits only (like K2JCJMDEHXQW5F)");
    }
  }
  return true;
}

Signer::Signer(std::unique_ptr<PrivateKey> key, std::string key_pair_id)
    : key_(std::move(key)), key_pair_id_(std::move(key_pair_id)) {
  if (key_->type() == KeyType::kRsa && key_->bits() != 2048) {
    key_warnings_.push_back("RSA key has " + std::to_string(key_->bits()) +
                            " bits: CloudFront key groups accept RSA-2048 (or ECDSA P-256) public keys only");
  }
}

Result<std::unique_ptr<Signer>> Signer::create(const unsigned char* key, size_t key_size,
                                               std::string_view passphrase, std::string key_pair_id) {
  auto id_ok = validate_key_pair_id(key_pair_id);
  if (!id_ok.ok()) return id_ok.error();
  auto parsed = PrivateKey::parse(key, key_size, passphrase);
  if (!parsed.ok()) return parsed.error();
  return std::unique_ptr<Signer>(new Signer(std::move(parsed.value()), std::move(key_pair_id)));
}

Result<SignedUrl> Signer::sign_url(const UrlSignRequest& req) const {
  SignedUrl out;
  out.warnings = key_warnings_;

  auto prepared = prepare_url(req.url, req.mode, "url");
  if (!prepared.ok()) return prepared.error();
  const std::string& url = prepared.value();

  int64_t expires = 0;
  if (!req.policy.empty()) {
    // A caller-supplied policy: parsed strictly, signed byte for byte as given.
    if (req.expires || req.not_before || !req.ip_address.empty() || !req.policy_resource.empty()) {
      return make_error(code::kPolicyInvalid,
                        "policy cannot be combined with expires, notBefore, ipAddress or policyResource: "
                        "put the conditions into the policy");
    }
    auto parsed = parse_policy(req.policy);
    if (!parsed.ok()) return parsed.error();
    const ParsedPolicy& p = parsed.value();
    if (p.has_resource) {
      auto valid = validate_resource(p.conditions.resource, "policy Resource");
      if (!valid.ok()) return valid.error();
      if (!glob_match(p.conditions.resource, url)) {
        return make_error(code::kUrlResourceMismatch,
                          "url \"" + url + "\" does not match the policy Resource \"" + p.conditions.resource +
                              "\": CloudFront would reject the signature");
      }
      out.resource = p.conditions.resource;
    } else {
      out.warnings.push_back(
          "policy has no Resource: the signature grants access to every file of every distribution that trusts "
          "this key");
    }
    if (p.has_whitespace) {
      out.warnings.push_back("policy contains whitespace; it is signed as given, but the AWS guide says to remove it");
    }
    if (p.conditions.date_greater_than && *p.conditions.date_greater_than >= p.conditions.date_less_than) {
      return make_error(code::kDateRange, "policy DateGreaterThan must be before its DateLessThan");
    }
    expires = p.conditions.date_less_than;
    out.policy = req.policy;
    out.custom = true;
  } else {
    if (!req.expires) {
      return make_error(code::kDateMissing, "expires is required (the DateLessThan of the policy)");
    }
    expires = *req.expires;
    if (expires <= 0) return make_error(code::kDateInvalid, "expires must be a positive number of epoch seconds");
    PolicyConditions c;
    c.date_less_than = expires;
    if (req.not_before) {
      if (*req.not_before <= 0) {
        return make_error(code::kDateInvalid, "notBefore must be a positive number of epoch seconds");
      }
      if (*req.not_before >= expires) {
        return make_error(code::kDateRange, "notBefore (" + std::to_string(*req.not_before) +
                                                ") must be before expires (" + std::to_string(expires) + ")");
      }
      c.date_greater_than = req.not_before;
    }
    if (!req.ip_address.empty()) {
      auto cidr = parse_ipv4_cidr(req.ip_address, "ipAddress");
      if (!cidr.ok()) return cidr.error();
      c.ip_cidr = cidr.value().text;
    }
    if (!req.policy_resource.empty()) {
      auto valid = validate_resource(req.policy_resource, "policyResource");
      if (!valid.ok()) return valid.error();
      if (!glob_match(req.policy_resource, url)) {
        return make_error(code::kUrlResourceMismatch,
                          "url \"" + url + "\" does not match policyResource \"" + req.policy_resource +
                              "\" (a '*'/'?' glob over the whole URL): CloudFront would reject the signature");
      }
      c.resource = req.policy_resource;
    } else {
      c.resource = url;
    }
    out.resource = c.resource;
    out.custom = c.date_greater_than || c.ip_cidr || c.resource != url;
    out.policy = out.custom ? build_custom_policy(c) : build_canned_policy(c.resource, expires);
  }
  if (expires <= req.now && !req.allow_expired) {
    return make_error(code::kDateExpired, "expires (" + std::to_string(expires) +
                                              ") is not in the future: the URL would be rejected at once "
                                              "(pass allowExpired to sign it anyway)");
  }
  if (expires > kMaxEpoch32) {
    out.warnings.push_back("expires is after 2038-01-19: older CloudFront documentation limits epoch times to 32 bits");
  }

  auto signature = key_->sign(req.hash, out.policy);
  if (!signature.ok()) return signature.error();
  const std::string sig = cf_base64_encode(signature.value());

  std::string params;
  auto add = [&](const char* name, const std::string& value) {
    if (!params.empty()) params.push_back('&');
    params += name;
    params.push_back('=');
    params += value;
  };
  if (out.custom) add("Policy", cf_base64_encode(out.policy));
  else add("Expires", std::to_string(expires));
  if (req.order == ParamOrder::kAwsSdk) {
    add("Key-Pair-Id", key_pair_id_);
    add("Signature", sig);
  } else {
    add("Signature", sig);
    add("Key-Pair-Id", key_pair_id_);
  }
  if (req.hash == HashAlg::kSha256 || req.emit_hash_param) add("Hash-Algorithm", hash_name(req.hash));

  char sep = '?';
  if (url.find('?') != std::string::npos) sep = url.back() == '?' || url.back() == '&' ? '\0' : '&';
  out.url = url;
  if (sep != '\0') out.url.push_back(sep);
  out.url += params;
  return out;
}

}  // namespace cfsign
