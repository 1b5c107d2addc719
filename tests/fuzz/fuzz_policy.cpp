// libFuzzer target: strict policy parsing; a parsed policy must survive a rebuild.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cfsign/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = cfsign::parse_policy(input);
  if (!parsed.ok()) {
    if (parsed.error().code.empty() || parsed.error().message.empty()) abort();
    return 0;
  }
  const cfsign::ParsedPolicy& p = parsed.value();
  if (p.statement_count != 1 || p.conditions.date_less_than <= 0) abort();

  // Round trip: the canonical policy built from the parts parses back to the same parts,
  // and building again is a fixed point.
  const std::string built = cfsign::build_custom_policy(p.conditions);
  auto again = cfsign::parse_policy(built);
  if (!again.ok()) abort();
  const cfsign::PolicyConditions& a = p.conditions;
  const cfsign::PolicyConditions& b = again.value().conditions;
  if (a.resource != b.resource || a.date_less_than != b.date_less_than ||
      a.date_greater_than != b.date_greater_than || a.ip_cidr != b.ip_cidr ||
      p.has_resource != again.value().has_resource || again.value().has_whitespace) {
    abort();
  }
  if (cfsign::build_custom_policy(b) != built) abort();

  // The resource is a glob pattern; matching it against itself must not blow up.
  if (!a.resource.empty()) (void)cfsign::glob_match(a.resource, a.resource);
  return 0;
}
