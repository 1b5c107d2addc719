#include "cfsign/policy.hpp"

#include <nlohmann/json.hpp>

#include <set>
#include <vector>

#include "cfsign/ip.hpp"
#include "cfsign/json_text.hpp"
#include "cfsign/utf8.hpp"

namespace cfsign {

using ordered_json = nlohmann::ordered_json;

namespace {

Error policy_error(const std::string& message) { return make_error(code::kPolicyInvalid, message); }

bool has_structural_whitespace(std::string_view text) {
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      return true;
    }
  }
  return false;
}

Result<int64_t> read_epoch(const ordered_json& condition, const std::string& name) {
  if (!condition.is_object()) return policy_error("Condition." + name + " must be an object");
  for (auto it = condition.begin(); it != condition.end(); ++it) {
    if (it.key() != "AWS:EpochTime") {
      return policy_error("Condition." + name + " has an unexpected key \"" + it.key() +
                          "\" (only \"AWS:EpochTime\" is allowed)");
    }
  }
  auto it = condition.find("AWS:EpochTime");
  if (it == condition.end()) return policy_error("Condition." + name + " lacks \"AWS:EpochTime\"");
  if (it->is_string()) {
    return policy_error("Condition." + name +
                        ".AWS:EpochTime is a string; it must be a JSON number (epoch seconds)");
  }
  if (!it->is_number_integer()) {
    return policy_error("Condition." + name + ".AWS:EpochTime must be an integer number of epoch seconds");
  }
  int64_t value = it->get<int64_t>();
  if (value <= 0) return policy_error("Condition." + name + ".AWS:EpochTime must be positive");
  return value;
}

}  // namespace

std::string build_canned_policy(std::string_view resource, int64_t expires) {
  PolicyConditions c;
  c.resource = std::string(resource);
  c.date_less_than = expires;
  return build_custom_policy(c);
}

std::string build_custom_policy(const PolicyConditions& c) {
  // Written directly (no JSON tree): the same bytes nlohmann's compact dump gives.
  std::string out;
  out.reserve(96 + c.resource.size());
  out += "{\"Statement\":[{";
  if (!c.resource.empty()) {
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
  out += "}}]}";
  return out;
}

Result<ParsedPolicy> parse_policy(std::string_view text) {
  if (text.empty()) return policy_error("policy is empty");
  if (!is_valid_utf8(text)) return policy_error("policy is not valid UTF-8");

  // Detect duplicate keys (nlohmann keeps one silently): a stack of key sets per object.
  std::vector<std::set<std::string>> keys;
  std::string duplicate;
  auto callback = [&](int /*depth*/, ordered_json::parse_event_t event, ordered_json& parsed) {
    using E = ordered_json::parse_event_t;
    if (event == E::object_start) keys.emplace_back();
    else if (event == E::object_end) { if (!keys.empty()) keys.pop_back(); }
    else if (event == E::key && !keys.empty()) {
      const std::string k = parsed.get<std::string>();
      if (!keys.back().insert(k).second && duplicate.empty()) duplicate = k;
    }
    return true;
  };
  // One parser instantiation for the whole core (ordered_json keeps the key order for messages).
  ordered_json root = ordered_json::parse(text.begin(), text.end(), callback, false);
  if (root.is_discarded()) return policy_error("policy is not valid JSON");
  if (!duplicate.empty()) return policy_error("policy repeats the key \"" + duplicate + "\"");

  ParsedPolicy out;
  out.has_whitespace = has_structural_whitespace(text);
  if (!root.is_object()) return policy_error("policy must be a JSON object");
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() != "Statement") {
      return policy_error("policy has an unexpected top-level key \"" + it.key() +
                          "\" (only \"Statement\" is allowed)");
    }
  }
  auto st = root.find("Statement");
  if (st == root.end()) return policy_error("policy lacks \"Statement\"");
  if (!st->is_array()) return policy_error("Statement must be an array");
  out.statement_count = st->size();
  if (st->empty()) return policy_error("Statement is empty: exactly one statement is required");
  if (st->size() != 1) {
    return policy_error("Statement has " + std::to_string(st->size()) +
                        " entries: CloudFront allows exactly one statement");
  }
  const ordered_json& s = (*st)[0];
  if (!s.is_object()) return policy_error("Statement[0] must be an object");
  for (auto it = s.begin(); it != s.end(); ++it) {
    if (it.key() != "Resource" && it.key() != "Condition") {
      return policy_error("Statement[0] has an unexpected key \"" + it.key() +
                          "\" (allowed: \"Resource\", \"Condition\")");
    }
  }
  auto res = s.find("Resource");
  if (res != s.end()) {
    if (!res->is_string()) return policy_error("Statement[0].Resource must be a string");
    out.has_resource = true;
    out.conditions.resource = res->get<std::string>();
    if (out.conditions.resource.empty()) return policy_error("Statement[0].Resource is empty");
  }
  auto cond = s.find("Condition");
  if (cond == s.end()) return policy_error("Statement[0] lacks \"Condition\" (DateLessThan is required)");
  if (!cond->is_object()) return policy_error("Statement[0].Condition must be an object");
  for (auto it = cond->begin(); it != cond->end(); ++it) {
    const std::string& k = it.key();
    if (k != "DateLessThan" && k != "DateGreaterThan" && k != "IpAddress") {
      return policy_error("Condition has an unexpected key \"" + k +
                          "\" (allowed: DateLessThan, DateGreaterThan, IpAddress)");
    }
  }
  auto dlt = cond->find("DateLessThan");
  if (dlt == cond->end()) return policy_error("Condition lacks DateLessThan, the one required condition");
  auto dlt_value = read_epoch(*dlt, "DateLessThan");
  if (!dlt_value.ok()) return dlt_value.error();
  out.conditions.date_less_than = dlt_value.value();
  auto dgt = cond->find("DateGreaterThan");
  if (dgt != cond->end()) {
    auto v = read_epoch(*dgt, "DateGreaterThan");
    if (!v.ok()) return v.error();
    out.conditions.date_greater_than = v.value();
  }
  auto ip = cond->find("IpAddress");
  if (ip != cond->end()) {
    if (!ip->is_object()) return policy_error("Condition.IpAddress must be an object");
    for (auto it = ip->begin(); it != ip->end(); ++it) {
      if (it.key() != "AWS:SourceIp") {
        return policy_error("Condition.IpAddress has an unexpected key \"" + it.key() +
                            "\" (only \"AWS:SourceIp\" is allowed)");
      }
    }
    auto src = ip->find("AWS:SourceIp");
    if (src == ip->end()) return policy_error("Condition.IpAddress lacks \"AWS:SourceIp\"");
    if (!src->is_string()) {
      return policy_error("Condition.IpAddress.AWS:SourceIp must be a single string (one IPv4 CIDR)");
    }
    const std::string value = src->get<std::string>();
    auto cidr = parse_ipv4_cidr(value, "Condition.IpAddress.AWS:SourceIp");
    if (!cidr.ok()) return cidr.error();
    if (value.find('/') == std::string::npos) {
      return policy_error("Condition.IpAddress.AWS:SourceIp \"" + value +
                          "\" lacks a prefix length (write " + value + "/32)");
    }
    out.conditions.ip_cidr = value;
  }
  return out;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative wildcard match with backtracking to the last '*': linear in practice.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p; ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

Result<bool> validate_resource(std::string_view resource, std::string_view param) {
  const std::string name(param);
  if (resource.empty()) return make_error(code::kResourceInvalid, name + " is empty");
  for (size_t i = 0; i < resource.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(resource[i]);
    const char* what = nullptr;
    if (c == '"') what = "a double quote";
    else if (c == '\\') what = "a backslash";
    else if (c == ' ') what = "a space (percent-encode it as %20)";
    else if (c < 0x20 || c == 0x7f) what = "a control character";
    else if (c >= 0x80) what = "a non-ASCII character (percent-encode it; use punycode for host names)";
    if (what) {
      return make_error(code::kResourceInvalid,
                        name + " contains " + what + " at offset " + std::to_string(i));
    }
  }
  if (resource.find('#') != std::string_view::npos) {
    return make_error(code::kResourceInvalid, name + " contains '#': a fragment is never sent to CloudFront");
  }
  auto starts = [&](std::string_view prefix) { return resource.substr(0, prefix.size()) == prefix; };
  if (!(starts("http://") || starts("https://") || starts("*") || starts("http*://") || starts("http?://"))) {
    return make_error(code::kResourceInvalid,
                      name + " must start with http://, https:// or a wildcard ('*')");
  }
  return true;
}

}  // namespace cfsign
