// URL preparation: the @aws-sdk/cloudfront-signer encoding (kAwsSdk), exact mode, and every
// URL error code. Expected kAwsSdk outputs were produced by @aws-sdk/cloudfront-signer
// 3.1166.0 (getSignedUrl, part before the signing parameters).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cfsign/url.hpp"

using cfsign::aws_sdk_encode_path_and_query;
using cfsign::percent_decode;
using cfsign::prepare_url;
using cfsign::split_query;
using cfsign::UrlMode;

namespace {

std::string prepared(const std::string& url, UrlMode mode) {
  auto r = prepare_url(url, mode);
  EXPECT_TRUE(r.ok()) << url << ": " << r.error().code << " " << r.error().message;
  return r.ok() ? r.value() : std::string();
}

void expect_error(const std::string& url, UrlMode mode, const std::string& code,
                  const std::string& message_part = "") {
  auto r = prepare_url(url, mode, "url");
  ASSERT_FALSE(r.ok()) << "accepted " << url << " as " << r.value();
  EXPECT_EQ(r.error().code, code) << url << ": " << r.error().message;
  EXPECT_EQ(r.error().message.rfind("url ", 0), 0u) << r.error().message;
  if (!message_part.empty()) {
    EXPECT_NE(r.error().message.find(message_part), std::string::npos)
        << "message \"" << r.error().message << "\" lacks \"" << message_part << "\"";
  }
}

void expect_error_both_modes(const std::string& url, const std::string& code, const std::string& part = "") {
  expect_error(url, UrlMode::kAwsSdk, code, part);
  expect_error(url, UrlMode::kExact, code, part);
}

}  // namespace

// ---- kAwsSdk: byte-identical with @aws-sdk/cloudfront-signer ------------------------------

TEST(PrepareUrlAwsSdk, MatchesSdkEncodingTable) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://d111111abcdef8.cloudfront.net/image.jpg", "https://d111111abcdef8.cloudfront.net/image.jpg"},
      {"https://h.net/private content/My File.pdf", "https://h.net/private%20content/My%20File.pdf"},
      {"https://h.net/private%20content/My%20File.pdf", "https://h.net/private%20content/My%20File.pdf"},
      {"https://h.net/path with spaces/file[1].pdf", "https://h.net/path%20with%20spaces/file%5B1%5D.pdf"},
      // D6: reserved characters in a path segment.
      {"https://h.net/i/format=webp,height=2000;v=1@x:y!$'()[1]*~",
       "https://h.net/i/format%3Dwebp%2Cheight%3D2000%3Bv%3D1%40x%3Ay!%24'()%5B1%5D*~"},
      // D5: non-ASCII path.
      {"https://h.net/r\xc3\xa9sum\xc3\xa9/\xe6\x96\x87\xe4\xbb\xb6.pdf",
       "https://h.net/r%C3%A9sum%C3%A9/%E6%96%87%E4%BB%B6.pdf"},
      {"https://h.net/a%2fb", "https://h.net/a%2Fb"},
      // decodeURIComponent fails -> encodeURIComponent of the raw segment.
      {"https://h.net/100%/x", "https://h.net/100%25/x"},
      {"https://h.net/%FF/x", "https://h.net/%25FF/x"},
      {"https://h.net//a//b/", "https://h.net//a//b/"},
      // D7: query components.
      {"https://h.net/p?foo=bar%20baz&q=a b&x=1+2&e=&flag&path=/x/y~z",
       "https://h.net/p?foo=bar%20baz&q=a%20b&x=1+2&e=&flag=&path=%2Fx%2Fy~z"},
      {"https://h.net/p?a=%2f&b=%e6%96%87", "https://h.net/p?a=%2F&b=%E6%96%87"},
      {"https://h.net/p?image-description=aws's image&'''&!()=5",
       "https://h.net/p?image-description=aws%27s%20image&%27%27%27=&!()=5"},
      // D8: RFC 5987 value.
      {"https://h.net/path?response-content-disposition=attachment;filename=test;filename*=UTF-8''%E6%96%87%E4%BB%B6",
       "https://h.net/path?response-content-disposition=attachment%3Bfilename%3Dtest%3Bfilename*%3DUTF-8%27%27%E6%96%87"
       "%E4%BB%B6"},
      {"https://h.net/p?q=100%&r=%zz", "https://h.net/p?q=100%25&r=%25zz"},
      {"https://h.net/p?a=1&&b=2&", "https://h.net/p?a=1&b=2"},
      {"https://h.net/p?", "https://h.net/p"},
      {"https://h.net/p?=v&a=b=c", "https://h.net/p?=v&a=b%3Dc"},
      {"https://h.net/p?k\xc3\xa9y=v\xc3\xa4l&x=\"<>`{}|\\^",
       "https://h.net/p?k%C3%A9y=v%C3%A4l&x=%22%3C%3E%60%7B%7D%7C%5C%5E"},
      {"https://h.net/a\"b<c>d", "https://h.net/a%22b%3Cc%3Ed"},
  };
  for (const auto& [in, out] : cases) EXPECT_EQ(prepared(in, UrlMode::kAwsSdk), out) << "input " << in;
}

TEST(PrepareUrlAwsSdk, LowerCasesSchemeAndHostOnly) {
  EXPECT_EQ(prepared("HTTPS://D111111ABCDEF8.CloudFront.NET/Images/A.JPG?Size=Large", UrlMode::kAwsSdk),
            "https://d111111abcdef8.cloudfront.net/Images/A.JPG?Size=Large");
  EXPECT_EQ(prepared("Http://H.example/X", UrlMode::kAwsSdk), "http://h.example/X");
}

TEST(PrepareUrlAwsSdk, KeepsPortsAndIpv6Hosts) {
  EXPECT_EQ(prepared("https://h.example:443/x", UrlMode::kAwsSdk), "https://h.example:443/x");
  EXPECT_EQ(prepared("http://h.example:8080/x y", UrlMode::kAwsSdk), "http://h.example:8080/x%20y");
  EXPECT_EQ(prepared("https://[2001:DB8::1]:8443/x", UrlMode::kAwsSdk), "https://[2001:db8::1]:8443/x");
}

TEST(PrepareUrlAwsSdk, HostWithoutPath) {
  EXPECT_EQ(prepared("https://h.example", UrlMode::kAwsSdk), "https://h.example");
  EXPECT_EQ(prepared("https://h.example/", UrlMode::kAwsSdk), "https://h.example/");
  EXPECT_EQ(prepared("https://h.example?a=b", UrlMode::kAwsSdk), "https://h.example?a=b");
}

TEST(AwsSdkEncode, PathAndQueryAlone) {
  EXPECT_EQ(aws_sdk_encode_path_and_query("/a b?c=d e"), "/a%20b?c=d%20e");
  EXPECT_EQ(aws_sdk_encode_path_and_query("/x"), "/x");
  EXPECT_EQ(aws_sdk_encode_path_and_query(""), "");
  EXPECT_EQ(aws_sdk_encode_path_and_query("/a?b"), "/a?b=");
  EXPECT_EQ(aws_sdk_encode_path_and_query("/a?x=%41%4a"), "/a?x=%41%4A");  // kept, not decoded
}

// ---- kExact -------------------------------------------------------------------------------

TEST(PrepareUrlExact, SignsTheStringAsGiven) {
  EXPECT_EQ(prepared("https://h.net/a%20b?x=1&flag&y=%2f", UrlMode::kExact), "https://h.net/a%20b?x=1&flag&y=%2f");
  EXPECT_EQ(prepared("https://h.net/i/format=webp,h=1;v@x:y!$'()*~", UrlMode::kExact),
            "https://h.net/i/format=webp,h=1;v@x:y!$'()*~");
  EXPECT_EQ(prepared("https://h.net/p?", UrlMode::kExact), "https://h.net/p?");
  EXPECT_EQ(prepared("HTTPS://H.NET/P?Q=1", UrlMode::kExact), "https://h.net/P?Q=1");
}

TEST(PrepareUrlExact, RefusesCharactersThatCannotTravel) {
  expect_error("https://h.net/a b", UrlMode::kExact, "URL_CHARACTERS", "a space at offset 15");
  expect_error("https://h.net/r\xc3\xa9sum\xc3\xa9", UrlMode::kExact, "URL_CHARACTERS", "non-ASCII");
  expect_error("https://h.net/a\tb", UrlMode::kExact, "URL_CHARACTERS", "control character");
  expect_error("https://h.net/a\x7f", UrlMode::kExact, "URL_CHARACTERS", "control character");
  for (char c : std::string("\"<>\\^`{|}")) {
    expect_error(std::string("https://h.net/a") + c, UrlMode::kExact, "URL_CHARACTERS",
                 std::string("'") + c + "'");
  }
  expect_error("https://example.com/file\",\"Resource\":\"*\",\"x\":\"", UrlMode::kExact, "URL_CHARACTERS");
}

TEST(PrepareUrlExact, RefusesStrayPercent) {
  expect_error("https://h.net/100%", UrlMode::kExact, "URL_CHARACTERS", "%XX");
  expect_error("https://h.net/a%2", UrlMode::kExact, "URL_CHARACTERS", "%XX");
  expect_error("https://h.net/a?x=%zz", UrlMode::kExact, "URL_CHARACTERS", "%XX");
}

// ---- errors common to both modes -----------------------------------------------------------

TEST(PrepareUrlErrors, Invalid) {
  expect_error_both_modes("", "URL_INVALID", "empty");
  expect_error_both_modes("d111111abcdef8.cloudfront.net/image.jpg", "URL_INVALID", "absolute URL");
  expect_error_both_modes("/image.jpg", "URL_INVALID", "absolute URL");
  expect_error_both_modes("https:/h.net/x", "URL_INVALID", "absolute URL");
  expect_error_both_modes("https//h.net/x", "URL_INVALID");
  expect_error_both_modes("1https://h.net/x", "URL_INVALID");
  expect_error_both_modes("https:///x", "URL_INVALID", "no host");
  expect_error_both_modes("https://?x=1", "URL_INVALID", "no host");
  expect_error_both_modes("https://:443/x", "URL_INVALID", "no host");
  expect_error_both_modes("https://user:pw@h.net/x", "URL_INVALID", "user information");
  expect_error_both_modes("https://h.net:/x", "URL_INVALID", "port");
  expect_error_both_modes("https://h.net:abc/x", "URL_INVALID", "port");
  expect_error_both_modes("https://h.net:1234567/x", "URL_INVALID", "port");
  expect_error_both_modes("https://[::1/x", "URL_INVALID", "IPv6");
  expect_error_both_modes("https://[zz::1]/x", "URL_INVALID", "IPv6");
}

TEST(PrepareUrlErrors, Scheme) {
  expect_error_both_modes("ftp://h.net/x", "URL_SCHEME", "\"ftp\"");
  expect_error_both_modes("rtmp://h.net/x", "URL_SCHEME");
  expect_error_both_modes("wss://h.net/x", "URL_SCHEME");
  expect_error_both_modes("file:///etc/passwd", "URL_SCHEME");
}

TEST(PrepareUrlErrors, Fragment) {
  expect_error_both_modes("https://h.net/private.jpeg#frag", "URL_FRAGMENT", "%23");
  expect_error_both_modes("https://h.net/p?a=1#", "URL_FRAGMENT");
  // %23 is data, not a fragment.
  EXPECT_EQ(prepared("https://h.net/a%23b", UrlMode::kAwsSdk), "https://h.net/a%23b");
  EXPECT_EQ(prepared("https://h.net/a%23b", UrlMode::kExact), "https://h.net/a%23b");
}

TEST(PrepareUrlErrors, ReservedParameters) {
  for (const char* name : {"Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"}) {
    expect_error_both_modes(std::string("https://h.net/x?a=1&") + name + "=v", "URL_RESERVED_PARAM",
                            std::string("\"") + name + "\"");
  }
  expect_error_both_modes("https://h.net/x?Signature", "URL_RESERVED_PARAM");
  expect_error_both_modes("https://h.net/x?Key%2DPair%2DId=K", "URL_RESERVED_PARAM", "\"Key-Pair-Id\"");
  // Names are case-sensitive and values are not names.
  EXPECT_EQ(prepared("https://h.net/x?expires=1&a=Policy", UrlMode::kAwsSdk), "https://h.net/x?expires=1&a=Policy");
  EXPECT_EQ(prepared("https://h.net/Expires=1", UrlMode::kExact), "https://h.net/Expires=1");
}

TEST(PrepareUrlErrors, Characters) {
  expect_error_both_modes("https://b\xc3\xbc" "cher.example/x", "URL_CHARACTERS", "punycode");
  expect_error_both_modes("https://h*.example/x", "URL_CHARACTERS", "'*'");
  expect_error_both_modes("https://h example/x", "URL_CHARACTERS");
  expect_error_both_modes("https://h.net/\xff", "URL_CHARACTERS", "UTF-8");
  expect_error_both_modes("https://h.net/\xed\xa0\x80", "URL_CHARACTERS", "UTF-8");  // surrogate
  EXPECT_EQ(prepared("https://xn--bcher-kva.example/x", UrlMode::kAwsSdk), "https://xn--bcher-kva.example/x");
}

TEST(PrepareUrlErrors, MessageNamesTheParameter) {
  auto r = prepare_url("ftp://h/x", UrlMode::kAwsSdk, "policyResource");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("policyResource ", 0), 0u) << r.error().message;
}

// ---- helpers -------------------------------------------------------------------------------

TEST(PercentDecode, Basics) {
  std::string out;
  ASSERT_TRUE(percent_decode("a%20b%2F%2f", out));
  EXPECT_EQ(out, "a b//");
  ASSERT_TRUE(percent_decode("%41%42+", out));
  EXPECT_EQ(out, "AB+");  // '+' is not a space here
  ASSERT_TRUE(percent_decode("", out));
  EXPECT_EQ(out, "");
  EXPECT_FALSE(percent_decode("%", out));
  EXPECT_FALSE(percent_decode("%2", out));
  EXPECT_FALSE(percent_decode("a%zzb", out));
  EXPECT_FALSE(percent_decode("a%g0", out));
}

TEST(SplitQuery, PairsInOrder) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(split_query("a=1&b&=c&&d=&e=f=g"),
            (Pairs{{"a", "1"}, {"b", ""}, {"", "c"}, {"d", ""}, {"e", "f=g"}}));
  EXPECT_EQ(split_query(""), Pairs{});
  EXPECT_EQ(split_query("&&"), Pairs{});
  EXPECT_EQ(split_query("z=1&a=2"), (Pairs{{"z", "1"}, {"a", "2"}}));
}
