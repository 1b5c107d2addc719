#include "cfsign/inspect.hpp"

#include <cctype>

#include "cfsign/base64.hpp"
#include "cfsign/ip.hpp"
#include "cfsign/json_text.hpp"
#include "cfsign/url.hpp"

namespace cfsign {

namespace {

bool is_signing_param(std::string_view name) {
  for (const char* p : kReservedParams) {
    if (name == p) return true;
  }
  return false;
}

std::string guess_signature_family(const std::string& sig) {
  const size_t n = sig.size();
  if (n >= 8 && n <= 72 && static_cast<unsigned char>(sig[0]) == 0x30 &&
      static_cast<unsigned char>(sig[1]) == n - 2 && static_cast<unsigned char>(sig[2]) == 0x02) {
    return "ecdsa";
  }
  if (n == 128 || n == 256 || n == 384 || n == 512) return "rsa";
  return "unknown";
}

// The signing values, wherever they came from.
struct Fields {
  std::optional<std::string> expires, policy, signature, key_pair_id, hash;
};

void add_problem(Inspection& out, const char* code, std::string message) {
  out.problems.push_back(Problem{code, std::move(message)});
}

// Percent-decodes a signing value; CloudFront-safe base64 never needs escapes, so their
// presence is worth a warning.
std::string decoded_value(Inspection& out, const std::string& name, const std::string& raw) {
  if (raw.find('%') == std::string::npos) return raw;
  std::string value;
  if (!percent_decode(raw, value)) return raw;
  out.warnings.push_back(name + " is percent-encoded; CloudFront-safe base64 needs no escaping");
  return value;
}

void decode_fields(Inspection& out, const Fields& f, const char* prefix) {
  const std::string p(prefix);
  if (f.key_pair_id && !f.key_pair_id->empty()) {
    out.key_pair_id = decoded_value(out, p + "Key-Pair-Id", *f.key_pair_id);
    out.has_key_pair_id = true;
    if (out.key_pair_id.rfind("APKA", 0) == 0) {
      out.warnings.push_back("Key-Pair-Id " + out.key_pair_id +
                             " is a legacy CloudFront key pair (root account); prefer a trusted key group");
    }
  } else {
    add_problem(out, "MISSING_KEY_PAIR_ID",
                "Missing Key-Pair-Id query parameter or cookie value (" + p + "Key-Pair-Id is " +
                    (f.key_pair_id ? "empty" : "absent") + ")");
  }
  if (f.hash) {
    out.hash_given = true;
    const std::string h = decoded_value(out, p + "Hash-Algorithm", *f.hash);
    if (h == "SHA1" || h == "SHA256") {
      out.hash_algorithm = h;
    } else {
      out.hash_algorithm = h;
      add_problem(out, "UNSUPPORTED_HASH_ALGORITHM",
                  p + "Hash-Algorithm is \"" + h + "\": CloudFront accepts SHA1 or SHA256 (upper case)");
    }
  }
  if (f.signature) {
    auto sig = cf_base64_decode(decoded_value(out, p + "Signature", *f.signature), p + "Signature");
    if (sig.ok()) {
      out.signature = sig.value();
      out.signature_family = guess_signature_family(out.signature);
    } else {
      add_problem(out, "MALFORMED_SIGNATURE", sig.error().message);
    }
  } else {
    add_problem(out, "MISSING_SIGNATURE", p + "Signature is missing");
  }
  if (f.expires && f.policy) {
    out.warnings.push_back("both " + p + "Expires and " + p +
                           "Policy are present: the Policy is used (CloudFront's handling of both is undocumented)");
  }
  if (f.policy) {
    out.kind = "custom";
    auto bytes = cf_base64_decode(decoded_value(out, p + "Policy", *f.policy), p + "Policy");
    if (!bytes.ok()) {
      add_problem(out, "MALFORMED_POLICY", bytes.error().message);
      return;
    }
    out.policy = bytes.value();
    auto parsed = parse_policy(out.policy);
    if (!parsed.ok()) {
      add_problem(out, "MALFORMED_POLICY", parsed.error().message);
      return;
    }
    out.policy_parsed = true;
    out.parsed = parsed.value();
    const PolicyConditions& c = out.parsed.conditions;
    out.has_resource = out.parsed.has_resource;
    out.resource = c.resource;
    out.expires = c.date_less_than;
    out.not_before = c.date_greater_than;
    out.ip_address = c.ip_cidr;
    if (out.parsed.has_whitespace) {
      out.warnings.push_back("the policy contains whitespace: legal JSON, verified over the raw bytes, but the guide says to remove it");
    }
    if (!out.has_resource) {
      out.warnings.push_back("the policy has no Resource: it grants every file of every distribution that trusts this key");
    }
  } else if (f.expires) {
    out.kind = "canned";
    const std::string e = decoded_value(out, p + "Expires", *f.expires);
    bool digits = !e.empty() && e.size() <= 15 && e[0] != '0';
    for (char ch : e) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
    if (!digits) {
      add_problem(out, "MALFORMED_EXPIRES", p + "Expires \"" + e + "\" is not a positive whole number of epoch seconds");
      return;
    }
    out.expires = std::stoll(e);
    out.resource = out.url;
    out.has_resource = true;
    out.policy = build_canned_policy(out.url, *out.expires);
    // The rebuilt policy's content is known: no need to parse it back.
    out.policy_parsed = true;
    out.parsed.conditions.resource = out.url;
    out.parsed.conditions.date_less_than = *out.expires;
    out.parsed.has_resource = true;
    out.parsed.statement_count = 1;
  } else {
    add_problem(out, "MISSING_POLICY", p + "Expires and " + p + "Policy are both missing");
  }
}

void order_problems(Inspection& out) {
  // CloudFront's documented first check is the key ID; keep that one first.
  for (size_t i = 0; i < out.problems.size(); ++i) {
    if (out.problems[i].code == "MISSING_KEY_PAIR_ID" && i != 0) {
      Problem p = out.problems[i];
      out.problems.erase(out.problems.begin() + static_cast<long>(i));
      out.problems.insert(out.problems.begin(), p);
      break;
    }
  }
}

// The request URL minus any signing parameters, plus the raw signing values.
std::string strip_signing_params(std::string_view url, Fields* fields, std::vector<std::string>* duplicates) {
  size_t q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  size_t hash = url.find('#', q);
  std::string_view query = url.substr(q + 1, hash == std::string_view::npos ? std::string_view::npos : hash - q - 1);
  std::string kept;
  size_t i = 0;
  while (i <= query.size()) {
    size_t end = query.find('&', i);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(i, end - i);
    size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    if (!pair.empty() && is_signing_param(name)) {
      std::string value = eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
      std::optional<std::string>* slot = nullptr;
      if (fields) {
        if (name == "Expires") slot = &fields->expires;
        else if (name == "Policy") slot = &fields->policy;
        else if (name == "Signature") slot = &fields->signature;
        else if (name == "Key-Pair-Id") slot = &fields->key_pair_id;
        else slot = &fields->hash;
        if (slot->has_value() && duplicates) duplicates->push_back(std::string(name));
        *slot = value;
      }
    } else if (!pair.empty()) {
      if (!kept.empty()) kept.push_back('&');
      kept.append(pair);
    }
    i = end + 1;
  }
  std::string out(url.substr(0, q));
  if (!kept.empty()) out += "?" + kept;
  return out;
}

bool url_has_signing_params(std::string_view url) {
  Fields f;
  strip_signing_params(url.substr(0, url.find('#')), &f, nullptr);  // a fragment is never sent
  return f.expires || f.policy || f.signature || f.key_pair_id;
}

}  // namespace

Inspection inspect_signed_url(std::string_view url) {
  Inspection out;
  out.source = "url";
  Fields f;
  std::vector<std::string> duplicates;
  if (url.find('#') != std::string_view::npos) {
    out.warnings.push_back("the URL has a fragment ('#...'), which browsers never send; it is ignored");
    url = url.substr(0, url.find('#'));
  }
  out.url = strip_signing_params(url, &f, &duplicates);
  for (const auto& d : duplicates) {
    add_problem(out, "DUPLICATE_PARAMETER", "the query parameter " + d + " appears more than once");
  }
  if (!f.expires && !f.policy && !f.signature && !f.key_pair_id) {
    out.source = "none";
    add_problem(out, "NOT_SIGNED", "the URL carries none of Expires, Policy, Signature, Key-Pair-Id");
    return out;
  }
  decode_fields(out, f, "");
  order_problems(out);
  return out;
}

Inspection inspect_signed_cookies(std::string_view cookies, std::string_view url) {
  Inspection out;
  out.source = "cookies";
  out.url = strip_signing_params(url.substr(0, url.find('#')), nullptr, nullptr);
  Fields f;
  std::vector<std::string> seen;
  // Accept "a=b; c=d", and Set-Cookie lines ("Set-Cookie: a=b; Path=/"), one per line.
  size_t line_start = 0;
  while (line_start <= cookies.size()) {
    size_t line_end = cookies.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = cookies.size();
    std::string_view line = cookies.substr(line_start, line_end - line_start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    bool set_cookie = false;
    for (std::string_view prefix : {"Set-Cookie:", "set-cookie:", "Cookie:", "cookie:"}) {
      if (line.substr(0, prefix.size()) == prefix) {
        set_cookie = prefix[0] == 'S' || prefix[0] == 's';
        line.remove_prefix(prefix.size());
        break;
      }
    }
    size_t i = 0;
    while (i <= line.size()) {
      size_t end = line.find(';', i);
      if (end == std::string_view::npos) end = line.size();
      std::string_view item = line.substr(i, end - i);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      size_t eq = item.find('=');
      if (eq != std::string_view::npos) {
        std::string name(item.substr(0, eq));
        std::string value(item.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        std::optional<std::string>* slot = nullptr;
        if (name == "CloudFront-Expires") slot = &f.expires;
        else if (name == "CloudFront-Policy") slot = &f.policy;
        else if (name == "CloudFront-Signature") slot = &f.signature;
        else if (name == "CloudFront-Key-Pair-Id") slot = &f.key_pair_id;
        else if (name == "CloudFront-Hash-Algorithm") slot = &f.hash;
        if (slot) {
          if (slot->has_value() && **slot != value) {
            add_problem(out, "DUPLICATE_PARAMETER", "the cookie " + name + " appears more than once with different values");
          }
          *slot = value;
        }
      }
      if (set_cookie) break;  // only the first pair of a Set-Cookie line is the cookie
      i = end + 1;
    }
    line_start = line_end + 1;
  }
  if (!f.expires && !f.policy && !f.signature && !f.key_pair_id) {
    out.source = "none";
    add_problem(out, "NOT_SIGNED", "no CloudFront-Expires, CloudFront-Policy, CloudFront-Signature or CloudFront-Key-Pair-Id cookie");
    return out;
  }
  if (f.expires && !f.policy && out.url.empty()) {
    out.warnings.push_back("canned-policy cookies are verified against the request URL; none was given");
  }
  decode_fields(out, f, "CloudFront-");
  order_problems(out);
  return out;
}

namespace {

struct UrlSections {
  std::string scheme, host, path, query;
  bool has_query = false;
};

UrlSections split_sections(std::string_view u) {
  UrlSections s;
  size_t se = u.find("://");
  if (se == std::string_view::npos) { s.path = std::string(u); return s; }
  s.scheme = std::string(u.substr(0, se));
  std::string_view rest = u.substr(se + 3);
  size_t slash = rest.find('/');
  size_t qm = rest.find('?');
  size_t host_end = std::min(slash, qm);
  s.host = std::string(rest.substr(0, host_end));
  if (host_end == std::string_view::npos) return s;
  rest = rest.substr(host_end);
  qm = rest.find('?');
  s.path = std::string(rest.substr(0, qm));
  if (qm != std::string_view::npos) { s.has_query = true; s.query = std::string(rest.substr(qm + 1)); }
  return s;
}

}  // namespace

bool sectioned_glob_match(std::string_view pattern, std::string_view url) {
  UrlSections p = split_sections(pattern);
  UrlSections u = split_sections(url);
  if (!glob_match(p.scheme, u.scheme)) return false;
  // A trailing '*' on the host covers the rest of the URL.
  if (!p.host.empty() && p.host.back() == '*' && p.path.empty() && !p.has_query) {
    return glob_match(p.host, u.host + u.path + (u.has_query ? "?" + u.query : ""));
  }
  if (!glob_match(p.host, u.host)) return false;
  // A trailing '*' on the path also covers any query.
  if (!p.path.empty() && p.path.back() == '*' && !p.has_query) {
    return glob_match(p.path, u.path + (u.has_query ? "?" + u.query : ""));
  }
  if (!glob_match(p.path, u.path)) return false;
  if (p.has_query != u.has_query) return false;
  return glob_match(p.query, u.query);
}

Result<bool> Verifier::add_key(const std::string& key_pair_id, const unsigned char* data, size_t size) {
  if (key_pair_id.empty()) return make_error(code::kKeyPairIdInvalid, "key ID is empty");
  auto key = PublicKey::parse(data, size);
  if (!key.ok()) {
    Error e = key.error();
    e.message = "key " + key_pair_id + ": " + e.message;
    return e;
  }
  keys_[key_pair_id] = std::move(key.value());
  return true;
}

Verification Verifier::verify(const VerifyRequest& req) const {
  Verification v;
  auto fail = [&](const std::string& reason, std::string detail) {
    v.valid = false;
    v.reason = reason;
    v.detail = std::move(detail);
    return v;
  };
  // CloudFront: any of Expires, Policy, Signature, Key-Pair-Id in the query means signed URL;
  // otherwise the cookies are used.
  const bool url_mode = url_has_signing_params(req.url) || req.cookies.empty();
  v.inspection = url_mode ? inspect_signed_url(req.url) : inspect_signed_cookies(req.cookies, req.url);
  Inspection& in = v.inspection;
  if (url_mode && !req.cookies.empty()) {
    in.warnings.push_back("the URL carries signing parameters, so CloudFront ignores the cookies");
  }
  if (!in.problems.empty()) return fail(in.problems.front().code, in.problems.front().message);

  auto key_it = keys_.find(in.key_pair_id);
  if (key_it == keys_.end()) {
    return fail("UNKNOWN_KEY", "Unknown Key: no public key with the ID " + in.key_pair_id + " is trusted");
  }
  const PublicKey& key = *key_it->second;
  if (enforce_key_group_ && !key.allowed_in_key_group()) {
    return fail("KEY_NOT_ALLOWED", "key " + in.key_pair_id + " is RSA-" + std::to_string(key.bits()) +
                                       ": CloudFront key groups accept RSA-2048 and ECDSA P-256 keys only");
  }
  const HashAlg hash = in.hash_algorithm == "SHA256" ? HashAlg::kSha256 : HashAlg::kSha1;
  if (!key.verify(hash, in.policy, in.signature)) {
    std::string why = "the signature does not verify with key " + in.key_pair_id + " (" +
                      (key.type() == KeyType::kEc ? "ECDSA P-256" : "RSA-" + std::to_string(key.bits())) + ", " +
                      in.hash_algorithm + ") over the " + in.kind + " policy";
    if (in.signature_family == "ecdsa" && key.type() == KeyType::kRsa) why += "; the signature looks like ECDSA but the key is RSA";
    if (in.signature_family == "rsa" && key.type() == KeyType::kEc) why += "; the signature looks like RSA but the key is EC";
    if (in.kind == "canned") why += " CloudFront rebuilds from the URL (has the path or a query parameter changed?)";
    if (!in.hash_given && key.type() == KeyType::kEc && key.verify(HashAlg::kSha256, in.policy, in.signature)) {
      why += "; it verifies with SHA-256: add Hash-Algorithm=SHA256";
    }
    return fail("SIGNATURE_MISMATCH", why);
  }
  if (!in.policy_parsed) return fail("MALFORMED_POLICY", "the policy could not be read");
  const PolicyConditions& c = in.parsed.conditions;
  if (in.kind == "custom" && in.has_resource) {
    const bool whole = glob_match(c.resource, in.url);
    const bool sectioned = sectioned_glob_match(c.resource, in.url);
    if (whole != sectioned) {
      in.warnings.push_back(std::string("a section-by-section reading of the Resource (as some emulators do) ") +
                            (sectioned ? "would match" : "would not match") + "; the whole-string glob " +
                            (whole ? "matches" : "does not match"));
    }
    if (!whole) {
      return fail("RESOURCE_MISMATCH", "the request URL " + in.url + " does not match the policy Resource " + c.resource);
    }
  }
  if (!req.now) return fail("NOW_REQUIRED", "the current time is needed to check the policy");
  const int64_t now = *req.now;
  if (!(now < c.date_less_than)) {
    return fail("EXPIRED", "expired at " + std::to_string(c.date_less_than) + " (now " + std::to_string(now) + ", " +
                               std::to_string(now - c.date_less_than) + " s ago)");
  }
  if (c.date_greater_than && !(now > *c.date_greater_than)) {
    return fail("NOT_YET_VALID", "valid only after " + std::to_string(*c.date_greater_than) + " (now " +
                                     std::to_string(now) + ", " + std::to_string(*c.date_greater_than - now) + " s to go)");
  }
  if (c.ip_cidr) {
    if (req.client_ip.empty()) {
      return fail("CLIENT_IP_REQUIRED", "the policy allows only " + *c.ip_cidr + "; give the client IP to check it");
    }
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as dual-stack sockets report IPv4
    // clients) is the IPv4 client it maps.
    std::string client = req.client_ip;
    if (client.size() > 7 && (client.compare(0, 7, "::ffff:") == 0 || client.compare(0, 7, "::FFFF:") == 0) &&
        client.find('.') != std::string::npos) {
      client = client.substr(7);
    }
    auto ip = parse_ipv4_address(client, "clientIp");
    if (!ip.ok()) {
      return fail(ip.error().code == code::kIpV6Unsupported ? "IP_MISMATCH" : "CLIENT_IP_INVALID",
                  ip.error().code == code::kIpV6Unsupported
                      ? "the client IP " + req.client_ip + " is IPv6; the policy's IpAddress condition covers IPv4 only"
                      : ip.error().message);
    }
    auto cidr = parse_ipv4_cidr(*c.ip_cidr, "AWS:SourceIp");
    if (!cidr.ok() || !cidr_contains(cidr.value(), ip.value())) {
      return fail("IP_MISMATCH", "the client IP " + req.client_ip + " is outside " + *c.ip_cidr);
    }
  }
  v.valid = true;
  v.reason = "VALID";
  v.detail = "the signature verifies and every condition holds";
  return v;
}

std::string inspection_to_json(const Inspection& in) {
  // Written directly (no JSON tree): the same bytes as nlohmann's compact dump of
  // {source, url, kind, resource, policy {text, statement}, expires, notBefore, ipAddress,
  // keyPairId, signature {base64, length, family}, hashAlgorithm, hashAlgorithmGiven, problems,
  // warnings}.
  std::string out;
  out.reserve(640 + in.url.size() + 2 * in.policy.size() + in.resource.size());
  auto str_or_null = [&out](bool present, std::string_view value) {
    if (present) append_json_string(out, value);
    else out += "null";
  };
  out += "{\"source\":";
  append_json_string(out, in.source);
  out += ",\"url\":";
  append_json_string(out, in.url);
  out += ",\"kind\":";
  str_or_null(!in.kind.empty(), in.kind);
  out += ",\"resource\":";
  str_or_null(in.has_resource, in.resource);
  out += ",\"policy\":{\"text\":";
  str_or_null(!in.policy.empty(), in.policy);
  out += ",\"statement\":";
  if (in.policy_parsed) {
    const PolicyConditions& c = in.parsed.conditions;
    out += '{';
    if (in.parsed.has_resource) {
      out += "\"Resource\":";
      append_json_string(out, c.resource);
      out += ',';
    }
    out += "\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":";
    append_json_int(out, c.date_less_than);
    out += '}';
    if (c.date_greater_than) {
      out += ",\"DateGreaterThan\":{\"AWS:EpochTime\":";
      append_json_int(out, *c.date_greater_than);
      out += '}';
    }
    if (c.ip_cidr) {
      out += ",\"IpAddress\":{\"AWS:SourceIp\":";
      append_json_string(out, *c.ip_cidr);
      out += '}';
    }
    out += "}}";
  } else {
    out += "null";
  }
  out += "},\"expires\":";
  if (in.expires) append_json_int(out, *in.expires);
  else out += "null";
  out += ",\"notBefore\":";
  if (in.not_before) append_json_int(out, *in.not_before);
  else out += "null";
  out += ",\"ipAddress\":";
  str_or_null(in.ip_address.has_value(), in.ip_address ? std::string_view(*in.ip_address) : std::string_view());
  out += ",\"keyPairId\":";
  str_or_null(in.has_key_pair_id, in.key_pair_id);
  out += ",\"signature\":{\"base64\":";
  if (in.signature.empty()) {
    out += "null";
  } else {
    std::string b64 = cf_base64_encode(in.signature);
    for (char& ch : b64) {
      if (ch == '-') ch = '+';
      else if (ch == '_') ch = '=';
      else if (ch == '~') ch = '/';
    }
    append_json_string(out, b64);
  }
  out += ",\"length\":";
  append_json_uint(out, in.signature.size());
  out += ",\"family\":";
  str_or_null(!in.signature.empty(), in.signature_family);
  out += "},\"hashAlgorithm\":";
  append_json_string(out, in.hash_algorithm);
  out += ",\"hashAlgorithmGiven\":";
  out += in.hash_given ? "true" : "false";
  out += ",\"problems\":[";
  for (size_t i = 0; i < in.problems.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"code\":";
    append_json_string(out, in.problems[i].code);
    out += ",\"message\":";
    append_json_string(out, in.problems[i].message);
    out += '}';
  }
  out += "],\"warnings\":[";
  for (size_t i = 0; i < in.warnings.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, in.warnings[i]);
  }
  out += "]}";
  return out;
}

}  // namespace cfsign
