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

namespace {

bool has_wildcard(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

// The policy to sign, from either a caller-supplied policy or the conditions.
struct PolicyPlan {
  std::string policy;
  std::string resource;
  bool custom = false;
  int64_t expires = 0;
  std::vector<std::string> warnings;
};

struct PolicyInputs {
  std::optional<int64_t> expires;
  std::optional<int64_t> not_before;
  const std::string* ip_address;
  const std::string* policy;
  int64_t now;
  bool allow_expired;
};

// `target` is the URL the signature must cover (empty for cookies); `resource` the policy
// resource (defaults to target); `resource_param` names it in messages.
Result<PolicyPlan> plan_policy(const PolicyInputs& in, const std::string& target, const std::string& resource,
                               const char* resource_param, bool wildcard_forces_custom) {
  PolicyPlan plan;
  if (!in.policy->empty()) {
    if (in.expires || in.not_before || !in.ip_address->empty() || (!resource.empty() && resource != target)) {
      return make_error(code::kPolicyInvalid,
                        "policy cannot be combined with expires, notBefore, ipAddress or a policy resource: "
                        "put the conditions into the policy");
    }
    auto parsed = parse_policy(*in.policy);
    if (!parsed.ok()) return parsed.error();
    const ParsedPolicy& p = parsed.value();
    if (p.has_resource) {
      auto valid = validate_resource(p.conditions.resource, "policy Resource");
      if (!valid.ok()) return valid.error();
      if (!target.empty() && !glob_match(p.conditions.resource, target)) {
        return make_error(code::kUrlResourceMismatch,
                          "url \"" + target + "\" does not match the policy Resource \"" + p.conditions.resource +
                              "\": CloudFront would reject the signature");
      }
      plan.resource = p.conditions.resource;
    } else {
      plan.warnings.push_back(
          "policy has no Resource: the signature grants access to every file of every distribution that trusts "
          "this key");
    }
    if (p.has_whitespace) {
      plan.warnings.push_back("policy contains whitespace; it is signed as given, but the AWS guide says to remove it");
    }
    if (p.conditions.date_greater_than && *p.conditions.date_greater_than >= p.conditions.date_less_than) {
      return make_error(code::kDateRange, "policy DateGreaterThan must be before its DateLessThan");
    }
    plan.expires = p.conditions.date_less_than;
    plan.policy = *in.policy;
    plan.custom = true;
  } else {
    if (!in.expires) return make_error(code::kDateMissing, "expires is required (the DateLessThan of the policy)");
    plan.expires = *in.expires;
    if (plan.expires <= 0) return make_error(code::kDateInvalid, "expires must be a positive number of epoch seconds");
    PolicyConditions c;
    c.date_less_than = plan.expires;
    if (in.not_before) {
      if (*in.not_before <= 0) return make_error(code::kDateInvalid, "notBefore must be a positive number of epoch seconds");
      if (*in.not_before >= plan.expires) {
        return make_error(code::kDateRange, "notBefore (" + std::to_string(*in.not_before) +
                                                ") must be before expires (" + std::to_string(plan.expires) + ")");
      }
      c.date_greater_than = in.not_before;
    }
    if (!in.ip_address->empty()) {
      auto cidr = parse_ipv4_cidr(*in.ip_address, "ipAddress");
      if (!cidr.ok()) return cidr.error();
      c.ip_cidr = cidr.value().text;
    }
    if (!resource.empty() && resource != target) {
      auto valid = validate_resource(resource, resource_param);
      if (!valid.ok()) return valid.error();
      if (!target.empty() && !glob_match(resource, target)) {
        return make_error(code::kUrlResourceMismatch,
                          "url \"" + target + "\" does not match " + resource_param + " \"" + resource +
                              "\" (a '*'/'?' glob over the whole URL): CloudFront would reject the signature");
      }
      c.resource = resource;
    } else {
      c.resource = target;
    }
    plan.resource = c.resource;
    plan.custom = c.date_greater_than || c.ip_cidr || (!target.empty() && c.resource != target) ||
                  (wildcard_forces_custom && has_wildcard(c.resource));
    plan.policy = plan.custom ? build_custom_policy(c) : build_canned_policy(c.resource, plan.expires);
  }
  if (plan.expires <= in.now && !in.allow_expired) {
    return make_error(code::kDateExpired, "expires (" + std::to_string(plan.expires) +
                                              ") is not in the future: CloudFront would reject it at once "
                                              "(pass allowExpired to sign it anyway)");
  }
  if (plan.expires > kMaxEpoch32) {
    plan.warnings.push_back("expires is after 2038-01-19: older CloudFront documentation limits epoch times to 32 bits");
  }
  return plan;
}

}  // namespace

Result<SignedUrl> Signer::sign_url(const UrlSignRequest& req) const {
  auto prepared = prepare_url(req.url, req.mode, "url");
  if (!prepared.ok()) return prepared.error();
  const std::string& url = prepared.value();

  PolicyInputs in{req.expires, req.not_before, &req.ip_address, &req.policy, req.now, req.allow_expired};
  auto planned = plan_policy(in, url, req.policy_resource, "policyResource", false);
  if (!planned.ok()) return planned.error();
  PolicyPlan& plan = planned.value();

  if (req.plan_only) {
    SignedUrl out;
    out.policy = std::move(plan.policy);
    return out;
  }
  auto signature = signature_for(req.hash, plan.policy, req.signature);
  if (!signature.ok()) return signature.error();
  const std::string sig = cf_base64_encode(signature.value());

  std::string params;
  auto add = [&](const char* name, const std::string& value) {
    if (!params.empty()) params.push_back('&');
    params += name;
    params.push_back('=');
    params += value;
  };
  if (plan.custom) add("Policy", cf_base64_encode(plan.policy));
  else add("Expires", std::to_string(plan.expires));
  if (req.order == ParamOrder::kAwsSdk) {
    add("Key-Pair-Id", key_pair_id_);
    add("Signature", sig);
  } else {
    add("Signature", sig);
    add("Key-Pair-Id", key_pair_id_);
  }
  if (req.hash == HashAlg::kSha256 || req.emit_hash_param) add("Hash-Algorithm", hash_name(req.hash));

  SignedUrl out;
  out.warnings = key_warnings_;
  out.warnings.insert(out.warnings.end(), plan.warnings.begin(), plan.warnings.end());
  out.resource = plan.resource;
  out.policy = std::move(plan.policy);
  out.custom = plan.custom;
  out.url = url;
  if (url.find('?') == std::string::npos) out.url.push_back('?');
  else if (url.back() != '?' && url.back() != '&') out.url.push_back('&');
  out.url += params;
  return out;
}

Result<SignedCookies> Signer::sign_cookies(const CookieSignRequest& req) const {
  std::string target;
  std::string resource;
  if (!req.url.empty()) {
    auto prepared = prepare_url(req.url, UrlMode::kAwsSdk, "url");
    if (!prepared.ok()) return prepared.error();
    resource = prepared.value();
  } else if (req.policy.empty()) {
    if (req.resource.empty()) return make_error(code::kResourceInvalid, "resource is required for signed cookies");
    auto valid = validate_resource(req.resource, "resource");
    if (!valid.ok()) return valid.error();
    resource = req.resource;
  }
  PolicyInputs in{req.expires, req.not_before, &req.ip_address, &req.policy, req.now, req.allow_expired};
  // Cookies have no URL to match: the resource itself is what the policy names.
  auto planned = plan_policy(in, resource, resource, "resource", req.wildcard_forces_custom);
  if (!planned.ok()) return planned.error();
  PolicyPlan& plan = planned.value();
  if (req.plan_only) {
    SignedCookies out;
    out.policy = std::move(plan.policy);
    return out;
  }
  auto signature = signature_for(req.hash, plan.policy, req.signature);
  if (!signature.ok()) return signature.error();

  SignedCookies out;
  out.warnings = key_warnings_;
  out.warnings.insert(out.warnings.end(), plan.warnings.begin(), plan.warnings.end());
  out.resource = plan.resource;
  out.custom = plan.custom;
  out.expires = plan.expires;
  if (plan.custom) out.policy_base64 = cf_base64_encode(plan.policy);
  out.signature = cf_base64_encode(signature.value());
  out.hash_algorithm = req.hash == HashAlg::kSha256 ? "SHA256" : "";
  out.policy = std::move(plan.policy);
  return out;
}

Result<std::string> Signer::signature_for(HashAlg hash, const std::string& policy, const std::string& external) const {
  if (external.empty()) return key_->sign(hash, policy);
  if (!public_key_) {
    auto der = key_->public_key_der();
    if (!der.ok()) return der.error();
    auto parsed = PublicKey::parse(reinterpret_cast<const unsigned char*>(der.value().data()), der.value().size());
    if (!parsed.ok()) return parsed.error();
    public_key_ = std::move(parsed.value());
  }
  // Like the kernel's fault check: a signature that does not verify never reaches a URL.
  if (!public_key_->verify(hash, policy, external)) {
    return make_error(code::kSignFailed, "signature: the externally made signature does not verify with this key");
  }
  return external;
}

size_t Signer::export_private_key_der(unsigned char* out, size_t cap) const { return key_->export_der(out, cap); }

}  // namespace cfsign
