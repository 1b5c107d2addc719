// CloudFront policy statements: building the exact bytes CloudFront expects, and strict
// parsing of a policy back into its parts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cfsign/result.hpp"

namespace cfsign {

struct PolicyConditions {
  std::string resource;                 // empty: no Resource key (custom policies only)
  int64_t date_less_than = 0;           // epoch seconds (required)
  std::optional<int64_t> date_greater_than;
  std::optional<std::string> ip_cidr;   // canonical "a.b.c.d/m"
};

// {"Statement":[{"Resource":"R","Condition":{"DateLessThan":{"AWS:EpochTime":N}}}]}
std::string build_canned_policy(std::string_view resource, int64_t expires);

// Compact JSON, keys in the fixed order Resource, Condition; DateLessThan, DateGreaterThan,
// IpAddress; raw UTF-8, no "\/" and no HTML escaping.
std::string build_custom_policy(const PolicyConditions& conditions);

struct ParsedPolicy {
  PolicyConditions conditions;
  bool has_resource = false;
  bool has_whitespace = false;  // outside strings: legal JSON, but the guide says to strip it
  size_t statement_count = 0;
};

// Strict parse: valid UTF-8 JSON, no duplicate keys, exactly one statement, only the known
// keys, integer epoch times, a valid IPv4 CIDR. The message says exactly what is wrong.
Result<ParsedPolicy> parse_policy(std::string_view text);

// Resource check used before signing and when verifying custom policies: '*' matches any
// run of characters (also empty) and '?' exactly one, over the whole string.
bool glob_match(std::string_view pattern, std::string_view text);

// A Resource a caller supplies (a policy resource or a cookie resource): ASCII printable
// characters only, no '"', '\\', spaces or control characters; must start with http://,
// https:// or a wildcard.
Result<bool> validate_resource(std::string_view resource, std::string_view param);

}  // namespace cfsign
