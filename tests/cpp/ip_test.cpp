// IpAddress condition: IPv4 addresses and CIDR ranges only.
#include <gtest/gtest.h>

#include <string>

#include "cfsign/ip.hpp"

using cfsign::cidr_contains;
using cfsign::Ipv4Cidr;
using cfsign::parse_ipv4_address;
using cfsign::parse_ipv4_cidr;

namespace {

void expect_code(const std::string& text, const std::string& code) {
  auto r = parse_ipv4_cidr(text, "ipAddress");
  ASSERT_FALSE(r.ok()) << "accepted \"" << text << "\" as " << r.value().text;
  EXPECT_EQ(r.error().code, code) << text << ": " << r.error().message;
  EXPECT_EQ(r.error().message.rfind("ipAddress", 0), 0u) << r.error().message;
}

Ipv4Cidr cidr(const std::string& text) {
  auto r = parse_ipv4_cidr(text, "ip");
  EXPECT_TRUE(r.ok()) << text << ": " << r.error().message;
  return r.value();
}

uint32_t addr(const std::string& text) {
  auto r = parse_ipv4_address(text, "ip");
  EXPECT_TRUE(r.ok()) << text << ": " << r.error().message;
  return r.value();
}

}  // namespace

TEST(Ipv4Cidr, BareAddressBecomesSlash32) {
  auto c = cidr("192.0.2.1");
  EXPECT_EQ(c.address, 0xC0000201u);
  EXPECT_EQ(c.prefix, 32);
  EXPECT_EQ(c.text, "192.0.2.1/32");
}

TEST(Ipv4Cidr, KeepsExplicitPrefix) {
  auto c = cidr("10.0.0.0/8");
  EXPECT_EQ(c.address, 0x0A000000u);
  EXPECT_EQ(c.prefix, 8);
  EXPECT_EQ(c.text, "10.0.0.0/8");
  EXPECT_EQ(cidr("192.168.0.0/24").text, "192.168.0.0/24");
  EXPECT_EQ(cidr("203.0.113.7/32").text, "203.0.113.7/32");
}

TEST(Ipv4Cidr, PrefixBounds) {
  EXPECT_EQ(cidr("0.0.0.0/0").prefix, 0);
  EXPECT_EQ(cidr("0.0.0.0/0").text, "0.0.0.0/0");
  EXPECT_EQ(cidr("255.255.255.255/32").address, 0xFFFFFFFFu);
  EXPECT_EQ(cidr("1.2.3.4/9").prefix, 9);
  expect_code("10.0.0.0/33", "IP_INVALID");
  expect_code("10.0.0.0/100", "IP_INVALID");
  expect_code("10.0.0.0/-1", "IP_INVALID");
  expect_code("10.0.0.0/", "IP_INVALID");
  expect_code("10.0.0.0/08", "IP_INVALID");
  expect_code("10.0.0.0/1a", "IP_INVALID");
  expect_code("10.0.0.0/ 8", "IP_INVALID");
  expect_code("10.0.0.0/8/8", "IP_INVALID");
}

TEST(Ipv4Cidr, OctetRules) {
  EXPECT_EQ(cidr("0.0.0.0").text, "0.0.0.0/32");
  EXPECT_EQ(cidr("10.0.0.255").address, 0x0A0000FFu);
  expect_code("10.0.0.256", "IP_INVALID");
  expect_code("10.0.0.-1", "IP_INVALID");
  expect_code("1000.1.1.1", "IP_INVALID");
  expect_code("10.0.0", "IP_INVALID");
  expect_code("10.0.0.0.0", "IP_INVALID");
  expect_code("1..2.3", "IP_INVALID");
  expect_code("1.2.3.4.", "IP_INVALID");
  expect_code(".1.2.3", "IP_INVALID");
  expect_code("+1.2.3.4", "IP_INVALID");
  expect_code("0x1.2.3.4", "IP_INVALID");
}

TEST(Ipv4Cidr, RefusesLeadingZeros) {
  expect_code("01.2.3.4", "IP_INVALID");
  expect_code("1.2.3.04", "IP_INVALID");
  expect_code("10.0.00.1", "IP_INVALID");
  expect_code("010.0.0.1/8", "IP_INVALID");
}

TEST(Ipv4Cidr, RefusesJunkAndSpaces) {
  expect_code("", "IP_INVALID");
  expect_code("abc", "IP_INVALID");
  expect_code("/32", "IP_INVALID");
  expect_code(" 10.0.0.1", "IP_INVALID");
  expect_code("10.0.0.1 ", "IP_INVALID");
  expect_code("localhost", "IP_INVALID");
}

TEST(Ipv4Cidr, JsonInjectionIsInvalidNotIpv6) {
  // aws-cli shared case json-injection-ip-range-reject: the string contains ':' but is no
  // IPv6 address, so the error must be IP_INVALID.
  expect_code("192.168.0.0/24\",\"IpAddress\":{\"AWS:SourceIp\":\"0.0.0.0/0", "IP_INVALID");
  expect_code("10.0.0.1\"", "IP_INVALID");
}

TEST(Ipv4Cidr, Ipv6IsRefusedWithItsOwnCode) {
  expect_code("2001:db8::1", "IP_V6_UNSUPPORTED");
  expect_code("2001:db8::/32", "IP_V6_UNSUPPORTED");
  expect_code("::1", "IP_V6_UNSUPPORTED");
  expect_code("::ffff:192.0.2.1", "IP_V6_UNSUPPORTED");
  expect_code("FE80::1/64", "IP_V6_UNSUPPORTED");
  auto r = parse_ipv4_cidr("2001:db8::1", "ipAddress");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("IPv4"), std::string::npos);
}

TEST(Ipv4Address, PlainAddressOnly) {
  EXPECT_EQ(addr("198.51.100.23"), 0xC6336417u);
  auto with_prefix = parse_ipv4_address("1.2.3.4/32", "clientIp");
  ASSERT_FALSE(with_prefix.ok());
  EXPECT_EQ(with_prefix.error().code, "IP_INVALID");
  EXPECT_EQ(with_prefix.error().message.rfind("clientIp", 0), 0u);
  auto v6 = parse_ipv4_address("::1", "clientIp");
  ASSERT_FALSE(v6.ok());
  EXPECT_EQ(v6.error().code, "IP_V6_UNSUPPORTED");
  EXPECT_FALSE(parse_ipv4_address("01.2.3.4", "ip").ok());
  EXPECT_FALSE(parse_ipv4_address("", "ip").ok());
}

TEST(CidrContains, Ranges) {
  const Ipv4Cidr ten = cidr("10.0.0.0/8");
  EXPECT_TRUE(cidr_contains(ten, addr("10.0.0.0")));
  EXPECT_TRUE(cidr_contains(ten, addr("10.255.255.255")));
  EXPECT_FALSE(cidr_contains(ten, addr("11.0.0.0")));
  EXPECT_FALSE(cidr_contains(ten, addr("9.255.255.255")));

  const Ipv4Cidr half = cidr("192.168.1.128/25");
  EXPECT_TRUE(cidr_contains(half, addr("192.168.1.200")));
  EXPECT_TRUE(cidr_contains(half, addr("192.168.1.128")));
  EXPECT_FALSE(cidr_contains(half, addr("192.168.1.127")));

  const Ipv4Cidr pair = cidr("203.0.113.6/31");
  EXPECT_TRUE(cidr_contains(pair, addr("203.0.113.6")));
  EXPECT_TRUE(cidr_contains(pair, addr("203.0.113.7")));
  EXPECT_FALSE(cidr_contains(pair, addr("203.0.113.8")));
}

TEST(CidrContains, HostAndEverything) {
  const Ipv4Cidr host = cidr("203.0.113.7");
  EXPECT_TRUE(cidr_contains(host, addr("203.0.113.7")));
  EXPECT_FALSE(cidr_contains(host, addr("203.0.113.6")));
  const Ipv4Cidr all = cidr("0.0.0.0/0");
  EXPECT_TRUE(cidr_contains(all, addr("0.0.0.0")));
  EXPECT_TRUE(cidr_contains(all, addr("255.255.255.255")));
  EXPECT_TRUE(cidr_contains(all, addr("8.8.8.8")));
}
