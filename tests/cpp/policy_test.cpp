// Policy statements: exact bytes, strict parsing, resource globs and resource validation.
#include <gtest/gtest.h>

#include <string>

#include "cfsign/policy.hpp"

using cfsign::build_canned_policy;
using cfsign::build_custom_policy;
using cfsign::glob_match;
using cfsign::parse_policy;
using cfsign::PolicyConditions;
using cfsign::validate_resource;

namespace {

const char* const kCustomAll =
    "{\"Statement\":[{\"Resource\":\"https://d111111abcdef8.cloudfront.net/videos/*\",\"Condition\":{"
    "\"DateLessThan\":{\"AWS:EpochTime\":1767290400},\"DateGreaterThan\":{\"AWS:EpochTime\":1767200000},"
    "\"IpAddress\":{\"AWS:SourceIp\":\"192.0.2.0/24\"}}}]}";

// Builds {"Statement":[{"Resource":"https://h/x","Condition":{<condition>}}]}.
std::string with_condition(const std::string& condition) {
  return "{\"Statement\":[{\"Resource\":\"https://h/x\",\"Condition\":{" + condition + "}}]}";
}

void expect_policy_error(const std::string& text, const std::string& message_part,
                         const std::string& code = "POLICY_INVALID") {
  auto r = parse_policy(text);
  ASSERT_FALSE(r.ok()) << "accepted: " << text;
  EXPECT_EQ(r.error().code, code) << text << ": " << r.error().message;
  EXPECT_NE(r.error().message.find(message_part), std::string::npos)
      << "message \"" << r.error().message << "\" lacks \"" << message_part << "\"";
}

}  // namespace

// ---- building ---------------------------------------------------------------------------

TEST(BuildPolicy, CannedExactBytes) {
  EXPECT_EQ(build_canned_policy("https://d111111abcdef8.cloudfront.net/image.jpg?size=large", 1767290400),
            "{\"Statement\":[{\"Resource\":\"https://d111111abcdef8.cloudfront.net/image.jpg?size=large\","
            "\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}");
  // The guide's own example.
  EXPECT_EQ(build_canned_policy("http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes",
                                1357034400),
            "{\"Statement\":[{\"Resource\":\"http://d111111abcdef8.cloudfront.net/horizon.jpg?size=large&license=yes\","
            "\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1357034400}}}]}");
}

TEST(BuildPolicy, CustomFixedKeyOrder) {
  PolicyConditions c;
  c.resource = "https://d111111abcdef8.cloudfront.net/videos/*";
  c.date_less_than = 1767290400;
  c.date_greater_than = 1767200000;
  c.ip_cidr = "192.0.2.0/24";
  EXPECT_EQ(build_custom_policy(c), kCustomAll);
}

TEST(BuildPolicy, CustomSubsets) {
  PolicyConditions c;
  c.resource = "https://h/v.mp4";
  c.date_less_than = 2000000000;
  EXPECT_EQ(build_custom_policy(c),
            "{\"Statement\":[{\"Resource\":\"https://h/v.mp4\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            "2000000000}}}]}");
  c.ip_cidr = "10.0.0.0/8";
  EXPECT_EQ(build_custom_policy(c),
            "{\"Statement\":[{\"Resource\":\"https://h/v.mp4\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            "2000000000},\"IpAddress\":{\"AWS:SourceIp\":\"10.0.0.0/8\"}}}]}");
  c.ip_cidr.reset();
  c.date_greater_than = 1900000000;
  EXPECT_EQ(build_custom_policy(c),
            "{\"Statement\":[{\"Resource\":\"https://h/v.mp4\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            "2000000000},\"DateGreaterThan\":{\"AWS:EpochTime\":1900000000}}}]}");
}

TEST(BuildPolicy, CustomWithoutResourceOmitsTheKey) {
  PolicyConditions c;
  c.date_less_than = 1767290400;
  EXPECT_EQ(build_custom_policy(c),
            "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}");
}

TEST(BuildPolicy, NoSlashOrHtmlEscapingAndRawUtf8) {
  const std::string policy =
      build_canned_policy("https://h/a/b.jpg?x=<1>&y='2'&z=\xc3\xa9\xe6\x96\x87", 1767290400);
  EXPECT_EQ(policy,
            "{\"Statement\":[{\"Resource\":\"https://h/a/b.jpg?x=<1>&y='2'&z=\xc3\xa9\xe6\x96\x87\","
            "\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}");
  EXPECT_EQ(policy.find("\\/"), std::string::npos);
  EXPECT_EQ(policy.find("\\u"), std::string::npos);
}

TEST(BuildPolicy, LargeEpochIsAPlainInteger) {
  EXPECT_EQ(build_canned_policy("https://h/x", 4102444800),
            "{\"Statement\":[{\"Resource\":\"https://h/x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":"
            "4102444800}}}]}");
}

// ---- parsing ---------------------------------------------------------------------------

TEST(ParsePolicy, ReadsEveryField) {
  auto r = parse_policy(kCustomAll);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto& p = r.value();
  EXPECT_TRUE(p.has_resource);
  EXPECT_FALSE(p.has_whitespace);
  EXPECT_EQ(p.statement_count, 1u);
  EXPECT_EQ(p.conditions.resource, "https://d111111abcdef8.cloudfront.net/videos/*");
  EXPECT_EQ(p.conditions.date_less_than, 1767290400);
  ASSERT_TRUE(p.conditions.date_greater_than.has_value());
  EXPECT_EQ(*p.conditions.date_greater_than, 1767200000);
  ASSERT_TRUE(p.conditions.ip_cidr.has_value());
  EXPECT_EQ(*p.conditions.ip_cidr, "192.0.2.0/24");
}

TEST(ParsePolicy, RoundTripsBuiltPolicies) {
  auto canned = parse_policy(build_canned_policy("https://h/a?b=1", 1767290400));
  ASSERT_TRUE(canned.ok());
  EXPECT_EQ(canned.value().conditions.resource, "https://h/a?b=1");
  EXPECT_FALSE(canned.value().conditions.date_greater_than.has_value());
  EXPECT_FALSE(canned.value().conditions.ip_cidr.has_value());
}

TEST(ParsePolicy, AnyConditionOrderIsAccepted) {
  auto r = parse_policy(with_condition(
      "\"IpAddress\":{\"AWS:SourceIp\":\"10.0.0.0/8\"},\"DateGreaterThan\":{\"AWS:EpochTime\":5},"
      "\"DateLessThan\":{\"AWS:EpochTime\":10}"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().conditions.date_less_than, 10);
  EXPECT_EQ(*r.value().conditions.date_greater_than, 5);
}

TEST(ParsePolicy, WithoutResource) {
  auto r = parse_policy("{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400}}}]}");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r.value().has_resource);
  EXPECT_EQ(r.value().conditions.resource, "");
}

TEST(ParsePolicy, WhitespaceFlag) {
  auto spaced = parse_policy(
      "{ \"Statement\": [ {\r\n\t\"Resource\": \"https://h/x\", \"Condition\": {\"DateLessThan\": "
      "{\"AWS:EpochTime\": 1767290400}}} ] }\n");
  ASSERT_TRUE(spaced.ok()) << spaced.error().message;
  EXPECT_TRUE(spaced.value().has_whitespace);
  // A space inside a string is data, not structural whitespace.
  auto in_string = parse_policy(
      "{\"Statement\":[{\"Resource\":\"https://h/a b\\\" c\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":9}}}]}");
  ASSERT_TRUE(in_string.ok()) << in_string.error().message;
  EXPECT_FALSE(in_string.value().has_whitespace);
  EXPECT_EQ(in_string.value().conditions.resource, "https://h/a b\" c");
  auto tab_only = parse_policy(std::string("\t") + kCustomAll);
  ASSERT_TRUE(tab_only.ok());
  EXPECT_TRUE(tab_only.value().has_whitespace);
}

TEST(ParsePolicy, SameKeyInDifferentObjectsIsNoDuplicate) {
  // "AWS:EpochTime" appears in both date conditions.
  auto r = parse_policy(with_condition(
      "\"DateLessThan\":{\"AWS:EpochTime\":10},\"DateGreaterThan\":{\"AWS:EpochTime\":5}"));
  EXPECT_TRUE(r.ok()) << r.error().message;
}

TEST(ParsePolicyErrors, NotJsonOrNotUtf8) {
  expect_policy_error("", "empty");
  expect_policy_error("{", "not valid JSON");
  expect_policy_error("{\"Statement\":[]", "not valid JSON");
  expect_policy_error(std::string(kCustomAll) + "x", "not valid JSON");
  expect_policy_error("{'Statement':[]}", "not valid JSON");
  expect_policy_error("{\"Statement\":[{\"Resource\":\"https://h/\xff\"}]}", "UTF-8");
  expect_policy_error("{\"Statement\":[{\"Resource\":\"https://h/\xc0\xaf\"}]}", "UTF-8");
}

TEST(ParsePolicyErrors, DuplicateKeys) {
  expect_policy_error(
      "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}],"
      "\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":2}}}]}",
      "repeats the key \"Statement\"");
  expect_policy_error(
      "{\"Statement\":[{\"Resource\":\"https://h/a\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":"
      "{\"AWS:EpochTime\":1}}}]}",
      "repeats the key \"Resource\"");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":1},\"DateLessThan\":{\"AWS:EpochTime\":2}"),
                      "repeats the key \"DateLessThan\"");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":1,\"AWS:EpochTime\":2}"),
                      "repeats the key \"AWS:EpochTime\"");
}

TEST(ParsePolicyErrors, TopLevelShape) {
  expect_policy_error("[]", "must be a JSON object");
  expect_policy_error("\"text\"", "must be a JSON object");
  expect_policy_error("{}", "lacks \"Statement\"");
  expect_policy_error("{\"foo\":\"bar\"}", "unexpected top-level key \"foo\"");
  expect_policy_error(
      "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}],\"Version\":\"2012-10-17\"}",
      "unexpected top-level key \"Version\"");
  expect_policy_error("{\"Statement\":{}}", "must be an array");
}

TEST(ParsePolicyErrors, StatementCount) {
  expect_policy_error("{\"Statement\":[]}", "exactly one statement");
  const std::string one = "{\"Resource\":\"https://h/x\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}";
  expect_policy_error("{\"Statement\":[" + one + "," + one + "]}", "has 2 entries");
  expect_policy_error("{\"Statement\":[\"x\"]}", "Statement[0] must be an object");
}

TEST(ParsePolicyErrors, StatementKeys) {
  expect_policy_error(
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
      "unexpected key \"Effect\"");
  expect_policy_error("{\"Statement\":[{\"Resource\":5,\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
                      "Resource must be a string");
  expect_policy_error(
      "{\"Statement\":[{\"Resource\":[\"https://a/\",\"https://b/\"],\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
      "Resource must be a string");
  expect_policy_error("{\"Statement\":[{\"Resource\":\"\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}",
                      "Resource is empty");
  expect_policy_error("{\"Statement\":[{\"Resource\":\"https://h/x\"}]}", "lacks \"Condition\"");
  expect_policy_error("{\"Statement\":[{\"Resource\":\"https://h/x\",\"Condition\":[]}]}",
                      "Condition must be an object");
  expect_policy_error("{\"foo\":\"bar\",\"Statement\":[]}", "unexpected top-level key \"foo\"");
}

TEST(ParsePolicyErrors, ConditionKeys) {
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":1},\"NotIpAddress\":{}"),
                      "unexpected key \"NotIpAddress\"");
  expect_policy_error(with_condition("\"dateLessThan\":{\"AWS:EpochTime\":1}"), "unexpected key \"dateLessThan\"");
  expect_policy_error(with_condition(""), "lacks DateLessThan");
  expect_policy_error(with_condition("\"DateGreaterThan\":{\"AWS:EpochTime\":1}"), "lacks DateLessThan");
  expect_policy_error(with_condition("\"IpAddress\":{\"AWS:SourceIp\":\"10.0.0.0/8\"}"), "lacks DateLessThan");
}

TEST(ParsePolicyErrors, EpochValues) {
  expect_policy_error(with_condition("\"DateLessThan\":1767290400"), "DateLessThan must be an object");
  expect_policy_error(with_condition("\"DateLessThan\":{}"), "lacks \"AWS:EpochTime\"");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":1,\"X\":2}"), "unexpected key \"X\"");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:Epochtime\":1}"), "unexpected key \"AWS:Epochtime\"");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":\"1767290400\"}"), "is a string");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":1767290400.5}"), "must be an integer");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":1767290400.0}"), "must be an integer");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":1.7e9}"), "must be an integer");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":true}"), "must be an integer");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":null}"), "must be an integer");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":0}"), "must be positive");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":-5}"), "must be positive");
  expect_policy_error(with_condition("\"DateLessThan\":{\"AWS:EpochTime\":18446744073709551615}"), "must be positive");
  expect_policy_error(
      with_condition("\"DateLessThan\":{\"AWS:EpochTime\":10},\"DateGreaterThan\":{\"AWS:EpochTime\":\"5\"}"),
      "DateGreaterThan.AWS:EpochTime is a string");
  expect_policy_error(
      with_condition("\"DateLessThan\":{\"AWS:EpochTime\":10},\"DateGreaterThan\":{\"AWS:EpochTime\":5.5}"),
      "DateGreaterThan.AWS:EpochTime must be an integer");
}

TEST(ParsePolicyErrors, IpCondition) {
  const std::string dlt = "\"DateLessThan\":{\"AWS:EpochTime\":10},";
  expect_policy_error(with_condition(dlt + "\"IpAddress\":\"10.0.0.0/8\""), "IpAddress must be an object");
  expect_policy_error(with_condition(dlt + "\"IpAddress\":{}"), "lacks \"AWS:SourceIp\"");
  expect_policy_error(with_condition(dlt + "\"IpAddress\":{\"AWS:SourceIp\":\"10.0.0.0/8\",\"X\":1}"),
                      "unexpected key \"X\"");
  expect_policy_error(with_condition(dlt + "\"IpAddress\":{\"AWS:SourceIp\":[\"10.0.0.0/8\",\"11.0.0.0/8\"]}"),
                      "single string");
  expect_policy_error(with_condition(dlt + "\"IpAddress\":{\"AWS:SourceIp\":\"192.0.2.1\"}"),
                      "lacks a prefix length (write 192.0.2.1/32)");
  // Malformed addresses keep the IP module's precise codes.
  expect_policy_error(with_condition(dlt + "\"IpAddress\":{\"AWS:SourceIp\":\"300.0.0.0/8\"}"),
                      "Condition.IpAddress.AWS:SourceIp", "IP_INVALID");
  expect_policy_error(with_condition(dlt + "\"IpAddress\":{\"AWS:SourceIp\":\"2001:db8::/32\"}"),
                      "Condition.IpAddress.AWS:SourceIp", "IP_V6_UNSUPPORTED");
}

// ---- globs ------------------------------------------------------------------------------

TEST(GlobMatch, Star) {
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("*", "anything at all"));
  EXPECT_TRUE(glob_match("https://h/videos/*", "https://h/videos/a.mp4"));
  EXPECT_TRUE(glob_match("https://h/videos/*", "https://h/videos/"));
  EXPECT_FALSE(glob_match("https://h/videos/*", "https://h/videos"));
  EXPECT_TRUE(glob_match("a*b", "ab"));
  EXPECT_TRUE(glob_match("a*b", "axxxb"));
  EXPECT_FALSE(glob_match("a*b", "axxxbc"));
  EXPECT_TRUE(glob_match("*a*b*c*", "xxaxxbxxcxx"));
  EXPECT_FALSE(glob_match("*a*b*c*", "xxcxxbxxaxx"));
  EXPECT_TRUE(glob_match("*aab", "aaab"));  // needs backtracking
  EXPECT_TRUE(glob_match("**", "x"));
}

TEST(GlobMatch, QuestionMark) {
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "ac"));
  EXPECT_FALSE(glob_match("a?c", "abbc"));
  EXPECT_TRUE(glob_match("http?://h/x", "https://h/x"));
  EXPECT_FALSE(glob_match("http?://h/x", "http://h/x"));
  EXPECT_TRUE(glob_match("http*://h/x", "http://h/x"));
  EXPECT_TRUE(glob_match("http*://h/x", "https://h/x"));
}

TEST(GlobMatch, WholeStringIncludingQuery) {
  EXPECT_FALSE(glob_match("https://h/*.jpg", "https://h/x.jpg?v=1"));
  EXPECT_TRUE(glob_match("https://h/*.jpg*", "https://h/x.jpg?v=1"));
  EXPECT_TRUE(glob_match("http://d111111abcdef8.cloudfront.net/*game_download.zip*",
                         "http://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes"));
  EXPECT_FALSE(glob_match("https://h/x", "https://h/x?a=1"));
  EXPECT_FALSE(glob_match("https://h/x", "https://h/X"));  // case sensitive
  EXPECT_FALSE(glob_match("https://h/x.y", "https://h/xzy"));  // '.' is literal
  EXPECT_TRUE(glob_match("", ""));
  EXPECT_FALSE(glob_match("", "x"));
  EXPECT_FALSE(glob_match("x", ""));
}

// ---- resources --------------------------------------------------------------------------

TEST(ValidateResource, Accepted) {
  for (const char* r : {"https://d111111abcdef8.cloudfront.net/videos/*", "http://h/x?a=1&b=%20", "*",
                        "http*://h/*", "http?://h/x", "https://*", "http://*"}) {
    auto v = validate_resource(r, "policyResource");
    EXPECT_TRUE(v.ok()) << r << ": " << v.error().message;
  }
}

TEST(ValidateResource, Refused) {
  struct Case {
    std::string resource;
    std::string message_part;
  };
  const Case cases[] = {
      {"", "is empty"},
      {"https://h/file\",\"Resource\":\"*", "double quote"},
      {"https://h/a\\b", "backslash"},
      {"https://h/a b", "a space"},
      {"https://h/a\tb", "control character"},
      {"https://h/a\nb", "control character"},
      {std::string("https://h/a\0b", 13), "control character"},
      {"https://h/a\x7f", "control character"},
      {"https://h/r\xc3\xa9sum\xc3\xa9", "non-ASCII"},
      {"https://h/a#frag", "fragment"},
      {"ftp://h/x", "must start with http://"},
      {"h/x", "must start with http://"},
      {"//h/x", "must start with http://"},
      {"HTTPS://h/x", "must start with http://"},
  };
  for (const auto& c : cases) {
    auto v = validate_resource(c.resource, "policyResource");
    ASSERT_FALSE(v.ok()) << "accepted " << c.resource;
    EXPECT_EQ(v.error().code, "RESOURCE_INVALID") << c.resource;
    EXPECT_EQ(v.error().message.rfind("policyResource", 0), 0u) << v.error().message;
    EXPECT_NE(v.error().message.find(c.message_part), std::string::npos)
        << "message \"" << v.error().message << "\" lacks \"" << c.message_part << "\"";
  }
}
