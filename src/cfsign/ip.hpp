// The IpAddress condition: one IPv4 address or CIDR range. CloudFront policies support
// IPv4 only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "cfsign/result.hpp"

namespace cfsign {

struct Ipv4Cidr {
  uint32_t address = 0;  // host byte order
  int prefix = 32;
  std::string text;  // canonical "a.b.c.d/m" exactly as it goes into the policy
};

// Accepts "a.b.c.d" (becomes "/32") or "a.b.c.d/m": four decimal octets 0..255 without
// signs, spaces or leading zeros, and a prefix 0..32. IPv6 gets its own error.
Result<Ipv4Cidr> parse_ipv4_cidr(std::string_view text, std::string_view param);

// Parses a plain IPv4 address (no prefix), e.g. a client IP.
Result<uint32_t> parse_ipv4_address(std::string_view text, std::string_view param);

bool cidr_contains(const Ipv4Cidr& cidr, uint32_t address);

}  // namespace cfsign
