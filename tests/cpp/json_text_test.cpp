// The direct JSON writers (src/cfsign/json_text.hpp, build_custom_policy / build_canned_policy,
// inspection_to_json) against nlohmann::ordered_json, which the core used before: the same
// strings, policies and inspections dumped by nlohmann (compact, raw UTF-8, invalid UTF-8
// replaced by U+FFFD) must give exactly the same bytes. Inputs are seeded (std::mt19937_64), so
// a failure replays; every failure message shows the input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <mbedtls/base64.h>

#include "cfsign/base64.hpp"
#include "cfsign/inspect.hpp"
#include "cfsign/json_text.hpp"
#include "cfsign/policy.hpp"

using cfsign::append_json_string;
using cfsign::Inspection;
using cfsign::PolicyConditions;
using ordered_json = nlohmann::ordered_json;

namespace {

// ---- references: what the nlohmann-based code produced ---------------------------------------

std::string dump(const ordered_json& j) {
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

std::string reference_string(const std::string& s) { return dump(ordered_json(s)); }

ordered_json reference_statement(const PolicyConditions& c, bool with_resource) {
  ordered_json condition = ordered_json::object();
  condition["DateLessThan"]["AWS:EpochTime"] = c.date_less_than;
  if (c.date_greater_than) condition["DateGreaterThan"]["AWS:EpochTime"] = *c.date_greater_than;
  if (c.ip_cidr) condition["IpAddress"]["AWS:SourceIp"] = *c.ip_cidr;
  ordered_json statement = ordered_json::object();
  if (with_resource) statement["Resource"] = c.resource;
  statement["Condition"] = condition;
  return statement;
}

std::string reference_policy(const PolicyConditions& c) {
  ordered_json root = ordered_json::object();
  root["Statement"] = ordered_json::array();
  root["Statement"].push_back(reference_statement(c, !c.resource.empty()));
  return dump(root);
}

// Standard base64 (RFC 4648, '+' '/' '='), by Mbed TLS rather than cfsign.
std::string standard_base64(const std::string& bytes) {
  size_t n = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  mbedtls_base64_encode(nullptr, 0, &n, in, bytes.size());
  std::string out(n, '\0');
  EXPECT_EQ(mbedtls_base64_encode(reinterpret_cast<unsigned char*>(&out[0]), out.size(), &n, in, bytes.size()), 0);
  out.resize(n);
  return out;
}

ordered_json str_or_null(bool present, const std::string& s) { return present ? ordered_json(s) : ordered_json(nullptr); }

template <typename T>
ordered_json opt(const std::optional<T>& v) { return v ? ordered_json(*v) : ordered_json(nullptr); }

// inspection_to_json as a tree, in the documented key order.
ordered_json reference_inspection_tree(const Inspection& in) {
  ordered_json j = ordered_json::object();
  j["source"] = in.source;
  j["url"] = in.url;
  j["kind"] = str_or_null(!in.kind.empty(), in.kind);
  j["resource"] = str_or_null(in.has_resource, in.resource);
  ordered_json policy = ordered_json::object();
  policy["text"] = str_or_null(!in.policy.empty(), in.policy);
  policy["statement"] = in.policy_parsed ? reference_statement(in.parsed.conditions, in.parsed.has_resource)
                                         : ordered_json(nullptr);
  j["policy"] = policy;
  j["expires"] = opt(in.expires);
  j["notBefore"] = opt(in.not_before);
  j["ipAddress"] = opt(in.ip_address);
  j["keyPairId"] = str_or_null(in.has_key_pair_id, in.key_pair_id);
  ordered_json sig = ordered_json::object();
  sig["base64"] = in.signature.empty() ? ordered_json(nullptr) : ordered_json(standard_base64(in.signature));
  sig["length"] = in.signature.size();
  sig["family"] = str_or_null(!in.signature.empty(), in.signature_family);
  j["signature"] = sig;
  j["hashAlgorithm"] = in.hash_algorithm;
  j["hashAlgorithmGiven"] = in.hash_given;
  j["problems"] = ordered_json::array();
  for (const auto& p : in.problems) {
    ordered_json problem = ordered_json::object();
    problem["code"] = p.code;
    problem["message"] = p.message;
    j["problems"].push_back(problem);
  }
  j["warnings"] = ordered_json::array();
  for (const auto& w : in.warnings) j["warnings"].push_back(w);
  return j;
}

// Printable form of a test input for failure messages.
std::string show(const std::string& s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "\" (" + std::to_string(s.size()) + " bytes)";
}

// ---- seeded random inputs ----------------------------------------------------------------------

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}

  uint64_t below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < static_cast<uint64_t>(percent); }
  int64_t any_int64() { return static_cast<int64_t>(rng_()); }

  std::string utf8(uint32_t cp) {
    std::string s;
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xc0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xe0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      s += static_cast<char>(0xf0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      s += static_cast<char>(0x80 | (cp & 0x3f));
    }
    return s;
  }

  // A valid scalar value of 2, 3 or 4 UTF-8 bytes, often at an encoding boundary.
  std::string valid_multibyte() {
    static const uint32_t kEdges[] = {0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xfeff, 0xffff,
                                      0x10000, 0x10ffff, 0x2028, 0x2029, 0xe9, 0x20ac, 0x1f600};
    if (chance(30)) return utf8(kEdges[below(sizeof(kEdges) / sizeof(kEdges[0]))]);
    switch (below(3)) {
      case 0: return utf8(0x80 + static_cast<uint32_t>(below(0x800 - 0x80)));
      case 1: {
        uint32_t cp;
        do cp = 0x800 + static_cast<uint32_t>(below(0x10000 - 0x800));
        while (cp >= 0xd800 && cp <= 0xdfff);
        return utf8(cp);
      }
      default: return utf8(0x10000 + static_cast<uint32_t>(below(0x110000 - 0x10000)));
    }
  }

  // Bytes that are not valid UTF-8 where they stand.
  std::string invalid_utf8() {
    static const char* const kBad[] = {
        "\x80", "\xbf", "\xc0", "\xc1", "\xf5", "\xf8", "\xfe", "\xff",   // never valid
        "\xc3", "\xe2\x82", "\xf0\x9f\x98",                               // truncated sequences
        "\xc0\xaf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf",                   // overlong
        "\xed\xa0\x80", "\xed\xbf\xbf",                                   // UTF-16 surrogates
        "\xf4\x90\x80\x80",                                               // above U+10FFFF
        "\xe2\x28\xa1", "\xc3\x28",                                       // bad continuation
    };
    if (chance(25)) return std::string(1, static_cast<char>(0x80 + below(0x80)));
    return kBad[below(sizeof(kBad) / sizeof(kBad[0]))];
  }

  // A mix of plain ASCII, the characters JSON escapes, '/', DEL, multi-byte UTF-8 and, if
  // `invalid`, bytes that are not UTF-8.
  std::string text(size_t max_pieces, bool non_ascii, bool invalid) {
    std::string s;
    const size_t pieces = below(max_pieces + 1);
    for (size_t i = 0; i < pieces; ++i) {
      const uint64_t kind = below(invalid ? 9 : non_ascii ? 8 : 7);
      switch (kind) {
        case 0: case 1: s += static_cast<char>(0x20 + below(0x5f)); break;  // printable ASCII
        case 2: s += static_cast<char>(below(0x20)); break;                  // C0 controls
        case 3: s += "\"\\/"[below(3)]; break;
        case 4: s += '\x7f'; break;
        case 5: s += std::string("\b\f\n\r\t")[below(5)]; break;
        case 6: for (uint64_t n = below(12); n > 0; --n) s += static_cast<char>('a' + below(26)); break;
        case 7: s += valid_multibyte(); break;
        default: s += invalid_utf8(); break;
      }
    }
    return s;
  }

  std::string any_string() {
    switch (below(4)) {
      case 0: return text(24, false, false);
      case 1: return text(24, true, false);
      default: return text(24, true, true);
    }
  }

  std::string url_resource() {
    static const char* const kStarts[] = {"https://", "http://", "*", "http*://", "https://*."};
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?&=%*+:;,@!$'()";
    std::string s = kStarts[below(5)];
    s += "d111111abcdef8.cloudfront.net/";
    for (uint64_t n = below(80); n > 0; --n) s += kChars[below(sizeof(kChars) - 1)];
    return s;
  }

  std::string resource() {
    if (chance(60)) return url_resource();
    return any_string();
  }

  int64_t epoch() {
    static const int64_t kEdges[] = {0, 1, -1, 9, 10, 99, 100, 1296860226, 1893456000, 2147483647, 2147483648,
                                     4102444800, std::numeric_limits<int64_t>::max(),
                                     std::numeric_limits<int64_t>::min(), -1893456000};
    switch (below(4)) {
      case 0: return kEdges[below(sizeof(kEdges) / sizeof(kEdges[0]))];
      case 1: return any_int64();
      default: return static_cast<int64_t>(1000000000 + below(4000000000));
    }
  }

  std::string cidr() {
    if (chance(15)) return any_string();
    return std::to_string(below(256)) + "." + std::to_string(below(256)) + "." + std::to_string(below(256)) + "." +
           std::to_string(below(256)) + "/" + std::to_string(below(33));
  }

  PolicyConditions conditions() {
    PolicyConditions c;
    if (!chance(10)) c.resource = resource();
    c.date_less_than = epoch();
    if (chance(50)) c.date_greater_than = epoch();
    if (chance(50)) c.ip_cidr = cidr();
    return c;
  }

 private:
  std::mt19937_64 rng_;
};

void expect_string_like_nlohmann(const std::string& s) {
  std::string out = "[1,";  // appends: what is already there stays
  append_json_string(out, s);
  EXPECT_EQ(out, "[1," + reference_string(s)) << "input " << show(s);
}

}  // namespace

// ---- append_json_string ------------------------------------------------------------------------

TEST(JsonText, HandPickedStringsMatchNlohmann) {
  std::vector<std::string> cases = {
      "", "a", "plain ascii text", "\"", "\\", "/", "\x7f", "\"\\\"\\", "a/b\\/c", "</script>",
      std::string("\0", 1), std::string("a\0b\0", 4), "\b\f\n\r\t", "\x01\x02\x1e\x1f", "\x0b\x0c\x1b",
      "https://d111111abcdef8.cloudfront.net/images/*.jpg?size=*&v=1",
      "\xc3\xa9", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xbb\xbf", "\xef\xbf\xbd",
      "\xe2\x80\xa8\xe2\x80\xa9", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
      "\x80", "\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80",
      "\xc3", "abc\xc3", "\xe2\x82", "\xf0\x9f\x98", "\xc3\x28", "\xe2\x28\xa1", "\xfe\xfe\xff\xff",
      "\xc3\xa9\x80\xc3\xa9", "\"\xc3\xa9\"\n\x80\\", std::string("\x00\xc3\xa9\x00", 4), "\x7f\xc2\x80\x7f",
      std::string(1000, 'x'), std::string(300, '"'), std::string(300, '\x01'), std::string(300, '\xff'),
  };
  for (int c = 0; c < 0x100; ++c) cases.emplace_back(1, static_cast<char>(c));  // every single byte
  for (const auto& s : cases) expect_string_like_nlohmann(s);
}

TEST(JsonText, SeededRandomStringsMatchNlohmann) {
  Gen gen(0x6a736f6e74657874ULL);
  for (int i = 0; i < 20000; ++i) {
    const uint64_t mix = gen.below(10);
    // ASCII only (the direct path), valid UTF-8, and text with invalid bytes.
    const std::string s = mix < 4 ? gen.text(40, false, false) : gen.text(40, true, mix >= 7);
    std::string out = "x";
    append_json_string(out, s);
    ASSERT_EQ(out, "x" + reference_string(s)) << "case " << i << ", input " << show(s);
  }
}

TEST(JsonText, IntegersMatchNlohmann) {
  Gen gen(0x696e7473ULL);
  std::vector<int64_t> values = {0, 1, -1, 9, 10, -10, std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::min()};
  for (int i = 0; i < 2000; ++i) values.push_back(gen.epoch());
  for (int64_t v : values) {
    std::string out;
    cfsign::append_json_int(out, v);
    EXPECT_EQ(out, dump(ordered_json(v))) << v;
  }
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{256}, std::numeric_limits<uint64_t>::max()}) {
    std::string out;
    cfsign::append_json_uint(out, v);
    EXPECT_EQ(out, dump(ordered_json(v))) << v;
  }
}

// ---- policies ----------------------------------------------------------------------------------

TEST(JsonText, HandPickedPoliciesMatchNlohmann) {
  PolicyConditions aws;  // the AWS developer guide's example, compact
  aws.resource = "http://dzbesqm7un1m0.cloudfront.net/demo.php";
  aws.date_less_than = 1296860226;
  aws.date_greater_than = 1296860176;
  aws.ip_cidr = "207.171.180.101/32";
  EXPECT_EQ(cfsign::build_custom_policy(aws),
            "{\"Statement\":[{\"Resource\":\"http://dzbesqm7un1m0.cloudfront.net/demo.php\",\"Condition\":"
            "{\"DateLessThan\":{\"AWS:EpochTime\":1296860226},\"DateGreaterThan\":{\"AWS:EpochTime\":1296860176},"
            "\"IpAddress\":{\"AWS:SourceIp\":\"207.171.180.101/32\"}}}]}");
  EXPECT_EQ(cfsign::build_custom_policy(aws), reference_policy(aws));

  PolicyConditions bare;  // no Resource, only DateLessThan
  bare.date_less_than = 1893456000;
  EXPECT_EQ(cfsign::build_custom_policy(bare),
            "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1893456000}}}]}");
  EXPECT_EQ(cfsign::build_custom_policy(bare), reference_policy(bare));

  PolicyConditions odd;  // escapes, '/', UTF-8 and invalid bytes in Resource and SourceIp
  odd.resource = "https://h/\"a\"\\b/\x01\x7f/caf\xc3\xa9/\xff";
  odd.date_less_than = std::numeric_limits<int64_t>::min();
  odd.date_greater_than = std::numeric_limits<int64_t>::max();
  odd.ip_cidr = "\xe2\x82\xac\n/";
  EXPECT_EQ(cfsign::build_custom_policy(odd), reference_policy(odd));

  EXPECT_EQ(cfsign::build_canned_policy("https://d111111abcdef8.cloudfront.net/images/cat.jpg", 1893456000),
            "{\"Statement\":[{\"Resource\":\"https://d111111abcdef8.cloudfront.net/images/cat.jpg\","
            "\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1893456000}}}]}");
}

TEST(JsonText, SeededRandomCustomPoliciesMatchNlohmann) {
  Gen gen(0x637573746f6dULL);
  for (int i = 0; i < 5000; ++i) {
    const PolicyConditions c = gen.conditions();
    ASSERT_EQ(cfsign::build_custom_policy(c), reference_policy(c))
        << "case " << i << ": resource " << show(c.resource) << ", DateLessThan " << c.date_less_than
        << ", DateGreaterThan " << (c.date_greater_than ? std::to_string(*c.date_greater_than) : "-")
        << ", SourceIp " << (c.ip_cidr ? show(*c.ip_cidr) : "-");
  }
}

TEST(JsonText, SeededRandomCannedPoliciesMatchNlohmann) {
  Gen gen(0x63616e6e6564ULL);
  for (int i = 0; i < 5000; ++i) {
    PolicyConditions c;
    do c.resource = gen.resource();
    while (c.resource.empty());
    c.date_less_than = gen.epoch();
    ASSERT_EQ(cfsign::build_canned_policy(c.resource, c.date_less_than), reference_policy(c))
        << "case " << i << ": resource " << show(c.resource) << ", expires " << c.date_less_than;
  }
}

// ---- inspection_to_json ------------------------------------------------------------------------

namespace {

// nlohmann's view of a string after a JSON round trip (invalid UTF-8 becomes U+FFFD).
std::string as_json_value(const std::string& s) { return ordered_json::parse(reference_string(s)).get<std::string>(); }

ordered_json string_or_null(bool present, const std::string& s) {
  return present ? ordered_json(as_json_value(s)) : ordered_json(nullptr);
}

// Parses `json` and checks every member against the inspection it was written from.
void expect_inspection_values(const Inspection& in, const std::string& json) {
  const ordered_json j = ordered_json::parse(json, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << "not JSON: " << json;
  ASSERT_TRUE(j.is_object());
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"source", "url", "kind", "resource", "policy", "expires", "notBefore",
                                            "ipAddress", "keyPairId", "signature", "hashAlgorithm",
                                            "hashAlgorithmGiven", "problems", "warnings"}));
  EXPECT_EQ(j["source"], as_json_value(in.source));
  EXPECT_EQ(j["url"], as_json_value(in.url));
  EXPECT_EQ(j["kind"], string_or_null(!in.kind.empty(), in.kind));
  EXPECT_EQ(j["resource"], string_or_null(in.has_resource, in.resource));
  EXPECT_EQ(j["policy"]["text"], string_or_null(!in.policy.empty(), in.policy));
  if (in.policy_parsed) {
    const ordered_json& st = j["policy"]["statement"];
    const PolicyConditions& c = in.parsed.conditions;
    EXPECT_EQ(st.contains("Resource"), in.parsed.has_resource);
    if (in.parsed.has_resource) {
      EXPECT_EQ(st["Resource"], as_json_value(c.resource));
    }
    EXPECT_EQ(st["Condition"]["DateLessThan"]["AWS:EpochTime"], c.date_less_than);
    EXPECT_EQ(st["Condition"].contains("DateGreaterThan"), c.date_greater_than.has_value());
    if (c.date_greater_than) {
      EXPECT_EQ(st["Condition"]["DateGreaterThan"]["AWS:EpochTime"], *c.date_greater_than);
    }
    EXPECT_EQ(st["Condition"].contains("IpAddress"), c.ip_cidr.has_value());
    if (c.ip_cidr) {
      EXPECT_EQ(st["Condition"]["IpAddress"]["AWS:SourceIp"], as_json_value(*c.ip_cidr));
    }
  } else {
    EXPECT_TRUE(j["policy"]["statement"].is_null());
  }
  EXPECT_EQ(j["expires"], opt(in.expires));
  EXPECT_EQ(j["notBefore"], opt(in.not_before));
  EXPECT_EQ(j["ipAddress"], in.ip_address ? ordered_json(as_json_value(*in.ip_address)) : ordered_json(nullptr));
  EXPECT_EQ(j["keyPairId"], string_or_null(in.has_key_pair_id, in.key_pair_id));
  if (in.signature.empty()) {
    EXPECT_TRUE(j["signature"]["base64"].is_null());
    EXPECT_TRUE(j["signature"]["family"].is_null());
  } else {
    // Standard base64 (for atob on the JavaScript side) of exactly the signature bytes.
    const std::string b64 = j["signature"]["base64"].get<std::string>();
    std::string decoded(b64.size(), '\0');
    size_t n = 0;
    ASSERT_EQ(mbedtls_base64_decode(reinterpret_cast<unsigned char*>(&decoded[0]), decoded.size(), &n,
                                    reinterpret_cast<const unsigned char*>(b64.data()), b64.size()),
              0)
        << b64;
    decoded.resize(n);
    EXPECT_EQ(decoded, in.signature);
    EXPECT_EQ(j["signature"]["family"], as_json_value(in.signature_family));
  }
  EXPECT_EQ(j["signature"]["length"], in.signature.size());
  EXPECT_EQ(j["hashAlgorithm"], as_json_value(in.hash_algorithm));
  EXPECT_EQ(j["hashAlgorithmGiven"], in.hash_given);
  ASSERT_EQ(j["problems"].size(), in.problems.size());
  for (size_t i = 0; i < in.problems.size(); ++i) {
    EXPECT_EQ(j["problems"][i]["code"], as_json_value(in.problems[i].code));
    EXPECT_EQ(j["problems"][i]["message"], as_json_value(in.problems[i].message));
  }
  ASSERT_EQ(j["warnings"].size(), in.warnings.size());
  for (size_t i = 0; i < in.warnings.size(); ++i) EXPECT_EQ(j["warnings"][i], as_json_value(in.warnings[i]));
  // Compact and canonical: nlohmann writes the parsed value back byte for byte.
  EXPECT_EQ(dump(j), json);
}

std::string cf(const std::string& bytes) { return cfsign::cf_base64_encode(bytes); }

}  // namespace

TEST(JsonText, InspectionsParseBackToTheSameValues) {
  const std::string host = "https://d111111abcdef8.cloudfront.net";
  // 0xfb 0xef 0xff is "++//" in standard base64: the JSON side must not see CloudFront's alphabet.
  std::string rsa_sig;
  for (int i = 0; i < 256; ++i) rsa_sig += "\xfb\xef\xff\x5a"[i % 4];
  std::string der_sig = "\x30\x44\x02\x20" + std::string(32, '\x11') + "\x02\x20" + std::string(32, '\x22');
  const std::string custom = "{\"Statement\":[{\"Resource\":\"" + host +
                             "/c/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1893456000},"
                             "\"DateGreaterThan\":{\"AWS:EpochTime\":1700000000},"
                             "\"IpAddress\":{\"AWS:SourceIp\":\"198.51.100.0/24\"}}}]}";
  const std::string no_resource = "{\"Statement\":[{\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1893456000}}}]}";
  const std::string aws_guide =
      "{ \r\n   \"Statement\": [{ \r\n      \"Resource\":\"http://dzbesqm7un1m0.cloudfront.net/demo.php\", \r\n"
      "      \"Condition\":{ \r\n         \"IpAddress\":{\"AWS:SourceIp\":\"207.171.180.101/32\"},\r\n"
      "         \"DateGreaterThan\":{\"AWS:EpochTime\":1296860176},\r\n"
      "         \"DateLessThan\":{\"AWS:EpochTime\":1296860226}\r\n      } \r\n   }] \r\n}\r\n";

  std::vector<Inspection> inspections;
  // Canned, RSA-sized signature.
  inspections.push_back(cfsign::inspect_signed_url(host + "/images/cat.jpg?Expires=1893456000&Signature=" +
                                                   cf(rsa_sig) + "&Key-Pair-Id=K2JCJMDEHXQW5F"));
  // Custom with every condition, a DER ECDSA signature and Hash-Algorithm.
  inspections.push_back(cfsign::inspect_signed_url(host + "/c/x?y=1&Policy=" + cf(custom) + "&Signature=" +
                                                   cf(der_sig) + "&Key-Pair-Id=K3ECDSAP256TEST&Hash-Algorithm=SHA256"));
  // No Resource (a warning), whitespace-heavy legacy policy with an APKA key pair ID (warnings).
  inspections.push_back(cfsign::inspect_signed_url(host + "/a?Policy=" + cf(no_resource) + "&Signature=" +
                                                   cf(std::string(7, '\x01')) + "&Key-Pair-Id=K1"));
  inspections.push_back(cfsign::inspect_signed_url("http://dzbesqm7un1m0.cloudfront.net/demo.php?Policy=" +
                                                   cf(aws_guide) + "&Signature=" + cf(std::string(128, '\x07')) +
                                                   "&Key-Pair-Id=APKA9ONS7QCOWEXAMPLE"));
  // Malformed: problems as data; odd bytes in the URL (quotes, controls, UTF-8, invalid UTF-8).
  inspections.push_back(cfsign::inspect_signed_url(""));
  inspections.push_back(cfsign::inspect_signed_url("garbage"));
  inspections.push_back(cfsign::inspect_signed_url(host + "/x?Signature=%zz&Policy=%%"));
  inspections.push_back(cfsign::inspect_signed_url(std::string("\xff\xfe?Expires=1")));
  inspections.push_back(cfsign::inspect_signed_url(host + "/\"q\"\\/\x01\x7f/caf\xc3\xa9/\xc3?Expires=abc&Signature=" +
                                                   cf(rsa_sig) + "&Key-Pair-Id=K%22\xe2\x82\xac#frag"));
  inspections.push_back(cfsign::inspect_signed_url(host + "/p?Policy=" + cf("{\"Statement\":[1,2]}") +
                                                   "&Signature=A_B_&Key-Pair-Id=K&Hash-Algorithm=MD5"));
  // Cookies: custom, canned, none.
  inspections.push_back(cfsign::inspect_signed_cookies("CloudFront-Policy=" + cf(custom) + "; CloudFront-Signature=" +
                                                           cf(rsa_sig) + "; CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F",
                                                       host + "/c/y"));
  inspections.push_back(cfsign::inspect_signed_cookies("CloudFront-Expires=1893456000; CloudFront-Signature=" +
                                                           cf(der_sig) + "; CloudFront-Key-Pair-Id=K3",
                                                       host + "/images/\xe2\x82\xac.jpg"));
  inspections.push_back(cfsign::inspect_signed_cookies("a=b; c=\"d\"", host));

  size_t with_problems = 0, with_warnings = 0, parsed = 0;
  for (size_t i = 0; i < inspections.size(); ++i) {
    SCOPED_TRACE("inspection " + std::to_string(i) + ", url " + show(inspections[i].url));
    const std::string json = cfsign::inspection_to_json(inspections[i]);
    expect_inspection_values(inspections[i], json);
    EXPECT_EQ(json, dump(reference_inspection_tree(inspections[i])));
    with_problems += !inspections[i].problems.empty();
    with_warnings += !inspections[i].warnings.empty();
    parsed += inspections[i].policy_parsed;
  }
  // The set covers the interesting shapes.
  EXPECT_GE(with_problems, 5u);
  EXPECT_GE(with_warnings, 2u);
  EXPECT_GE(parsed, 4u);
}

TEST(JsonText, SeededRandomInspectionsMatchNlohmann) {
  Gen gen(0x696e73706563ULL);
  for (int i = 0; i < 1500; ++i) {
    Inspection in;
    const char* const kSources[] = {"url", "cookies", "none"};
    in.source = gen.chance(90) ? kSources[gen.below(3)] : gen.any_string();
    in.url = gen.chance(50) ? gen.url_resource() : gen.any_string();
    const char* const kKinds[] = {"canned", "custom", ""};
    in.kind = kKinds[gen.below(3)];
    in.has_resource = gen.chance(60);
    if (in.has_resource) in.resource = gen.resource();
    if (gen.chance(70)) in.policy = gen.chance(50) ? cfsign::build_custom_policy(gen.conditions()) : gen.any_string();
    in.policy_parsed = gen.chance(50);
    if (in.policy_parsed) {
      in.parsed.conditions = gen.conditions();
      in.parsed.has_resource = gen.chance(80);
    }
    if (gen.chance(60)) in.expires = gen.epoch();
    if (gen.chance(40)) in.not_before = gen.epoch();
    if (gen.chance(40)) in.ip_address = gen.cidr();
    in.has_key_pair_id = gen.chance(70);
    if (in.has_key_pair_id) in.key_pair_id = gen.chance(70) ? "K2JCJMDEHXQW5F" : gen.any_string();
    if (gen.chance(80)) {
      const size_t len = gen.chance(50) ? 256 : gen.below(80) + 1;
      for (size_t k = 0; k < len; ++k) in.signature += static_cast<char>(gen.below(256));
    }
    const char* const kFamilies[] = {"rsa", "ecdsa", "unknown"};
    in.signature_family = kFamilies[gen.below(3)];
    in.hash_algorithm = gen.chance(80) ? (gen.chance(50) ? "SHA1" : "SHA256") : gen.any_string();
    in.hash_given = gen.chance(50);
    for (uint64_t n = gen.below(4); n > 0; --n) in.problems.push_back({gen.any_string(), gen.any_string()});
    for (uint64_t n = gen.below(4); n > 0; --n) in.warnings.push_back(gen.any_string());

    const std::string json = cfsign::inspection_to_json(in);
    ASSERT_EQ(json, dump(reference_inspection_tree(in))) << "case " << i << ", url " << show(in.url);
    if (i % 10 == 0) {
      SCOPED_TRACE("case " + std::to_string(i));
      expect_inspection_values(in, json);
    }
  }
}
