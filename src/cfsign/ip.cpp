#include "cfsign/ip.hpp"

#include <cctype>

namespace cfsign {
namespace {

// IPv6 notation: a ':' and nothing but hex digits, ':', '.' (embedded IPv4) and a '/' prefix.
// Anything else with a ':' (e.g. a JSON injection attempt) is plain invalid input.
bool looks_like_ipv6(std::string_view text) {
  if (text.find(':') == std::string_view::npos) return false;
  for (char c : text) {
    if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '/')) return false;
  }
  return true;
}

bool parse_octets(std::string_view text, uint32_t& out) {
  uint32_t value = 0;
  int octets = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    uint32_t octet = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      octet = octet * 10 + static_cast<uint32_t>(text[i] - '0');
      if (octet > 255 || i - start >= 3) return false;
      ++i;
    }
    size_t len = i - start;
    if (len == 0 || (len > 1 && text[start] == '0')) return false;
    value = (value << 8) | octet;
    ++octets;
    if (i == text.size()) break;
    if (text[i] != '.' || octets == 4) return false;
    ++i;
  }
  if (octets != 4) return false;
  out = value;
  return true;
}

}  // namespace

Result<uint32_t> parse_ipv4_address(std::string_view text, std::string_view param) {
  const std::string name(param);
  if (looks_like_ipv6(text)) {
    return make_error(code::kIpV6Unsupported,
                      name + " \"" + std::string(text) +
                          "\" is an IPv6 address: CloudFront policies support IPv4 addresses and ranges only");
  }
  uint32_t value = 0;
  if (!parse_octets(text, value)) {
    return make_error(code::kIpInvalid, name + " \"" + std::string(text) +
                                            "\" is not an IPv4 address (four decimal octets 0-255)");
  }
  return value;
}

Result<Ipv4Cidr> parse_ipv4_cidr(std::string_view text, std::string_view param) {
  const std::string name(param);
  const std::string shown = "\"" + std::string(text) + "\"";
  if (text.empty()) return make_error(code::kIpInvalid, name + " is empty");
  if (looks_like_ipv6(text)) {
    return make_error(code::kIpV6Unsupported,
                      name + " " + shown +
                          " is IPv6: CloudFront policies support IPv4 addresses and ranges only");
  }
  size_t slash = text.find('/');
  std::string_view addr = text.substr(0, slash);
  uint32_t address = 0;
  if (!parse_octets(addr, address)) {
    return make_error(code::kIpInvalid,
                      name + " " + shown +
                          " is invalid: the address must be four decimal octets 0-255 (a.b.c.d)");
  }
  int prefix = 32;
  if (slash != std::string_view::npos) {
    std::string_view mask = text.substr(slash + 1);
    if (mask.empty() || mask.size() > 2 || (mask.size() == 2 && mask[0] == '0')) {
      return make_error(code::kIpInvalid, name + " " + shown + " is invalid: the prefix length must be 0-32");
    }
    prefix = 0;
    for (char c : mask) {
      if (c < '0' || c > '9') {
        return make_error(code::kIpInvalid, name + " " + shown + " is invalid: the prefix length must be 0-32");
      }
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > 32) {
      return make_error(code::kIpInvalid, name + " " + shown + " is invalid: the prefix length must be 0-32");
    }
  }
  Ipv4Cidr out;
  out.address = address;
  out.prefix = prefix;
  out.text = std::string(addr) + "/" + std::to_string(prefix);
  return out;
}

bool cidr_contains(const Ipv4Cidr& cidr, uint32_t address) {
  if (cidr.prefix == 0) return true;
  uint32_t mask = cidr.prefix == 32 ? 0xffffffffu : ~((1u << (32 - cidr.prefix)) - 1u);
  return (cidr.address & mask) == (address & mask);
}

}  // namespace cfsign
