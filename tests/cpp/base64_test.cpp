// CloudFront-safe base64: standard padded base64 with '+' -> '-', '=' -> '_', '/' -> '~'.
#include <gtest/gtest.h>

#include <string>

#include "cfsign/base64.hpp"

using cfsign::cf_base64_decode;
using cfsign::cf_base64_encode;

namespace {

void expect_invalid(const std::string& text, const std::string& message_part = "") {
  auto r = cf_base64_decode(text, "Signature");
  ASSERT_FALSE(r.ok()) << "accepted \"" << text << "\"";
  EXPECT_EQ(r.error().code, "BASE64_INVALID") << text;
  EXPECT_NE(r.error().message.find("Signature"), std::string::npos) << r.error().message;
  if (!message_part.empty()) {
    EXPECT_NE(r.error().message.find(message_part), std::string::npos) << r.error().message;
  }
}

}  // namespace

TEST(Base64Encode, RfcTestStringsWithUnderscorePadding) {
  // RFC 4648 section 10 vectors, with '=' mapped to '_'.
  EXPECT_EQ(cf_base64_encode(""), "");
  EXPECT_EQ(cf_base64_encode("f"), "Zg__");
  EXPECT_EQ(cf_base64_encode("fo"), "Zm8_");
  EXPECT_EQ(cf_base64_encode("foo"), "Zm9v");
  EXPECT_EQ(cf_base64_encode("foob"), "Zm9vYg__");
  EXPECT_EQ(cf_base64_encode("fooba"), "Zm9vYmE_");
  EXPECT_EQ(cf_base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Encode, MapsPlusSlashAndEquals) {
  // 0xfb 0xef 0xff is "++//" in standard base64; 0xfb 0xff is "+/8=".
  EXPECT_EQ(cf_base64_encode(std::string("\xfb\xef\xff", 3)), "--~~");
  EXPECT_EQ(cf_base64_encode(std::string("\xfb\xff", 2)), "-~8_");
  EXPECT_EQ(cf_base64_encode(std::string("\x00", 1)), "AA__");
  EXPECT_EQ(cf_base64_encode(std::string("\x00\x00\x00", 3)), "AAAA");
}

TEST(Base64Encode, IsNotBase64Url) {
  // base64url would give "-_8" (no padding, '/' -> '_'); CloudFront keeps padding as '_'
  // and maps '/' to '~'.
  const std::string out = cf_base64_encode(std::string("\xfb\xff", 2));
  EXPECT_NE(out, "-_8");
  EXPECT_EQ(out.find('+'), std::string::npos);
  EXPECT_EQ(out.find('/'), std::string::npos);
  EXPECT_EQ(out.find('='), std::string::npos);
}

TEST(Base64Encode, NoLineBreaksForLongInput) {
  const std::string out = cf_base64_encode(std::string(300, 'x'));
  EXPECT_EQ(out.size(), 400u);
  EXPECT_EQ(out.find('\n'), std::string::npos);
}

TEST(Base64Decode, RoundTripsEveryByteValueAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= all.size(); len += (len < 8 ? 1 : 37)) {
    const std::string in = all.substr(all.size() - len);
    if (in.empty()) continue;
    auto r = cf_base64_decode(cf_base64_encode(in), "x");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), in) << "length " << len;
  }
}

TEST(Base64Decode, DecodesCloudFrontAlphabet) {
  auto r = cf_base64_decode("--~~", "Policy");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), std::string("\xfb\xef\xff", 3));
  auto padded = cf_base64_decode("Zm8_", "Policy");
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded.value(), "fo");
  auto two = cf_base64_decode("Zg__", "Policy");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two.value(), "f");
}

TEST(Base64Decode, RejectsEmpty) { expect_invalid("", "empty"); }

TEST(Base64Decode, RejectsLengthNotMultipleOfFour) {
  expect_invalid("Zg", "multiple of 4");
  expect_invalid("Zg_", "multiple of 4");
  expect_invalid("Zm9vY", "multiple of 4");
}

TEST(Base64Decode, RejectsStandardAlphabetCharacters) {
  expect_invalid("++//", "'+'");
  expect_invalid("ab/c", "'/'");
  expect_invalid("Zg==", "'='");
}

TEST(Base64Decode, RejectsOtherCharactersAndWhitespace) {
  expect_invalid("Zm9 ", "offset 3");
  expect_invalid("Zm9\n");
  expect_invalid("Zm.v");
  expect_invalid("Zm*v");
  expect_invalid(std::string("Zm\0v", 4));
  expect_invalid("Zm9v\r\nZm9v");
  expect_invalid("Zm9\xc3\xa9");
}

TEST(Base64Decode, RejectsMisplacedOrExcessPadding) {
  expect_invalid("Z_9v", "after its '_' padding");
  expect_invalid("Zg__Zg__", "after its '_' padding");
  expect_invalid("Zm_v", "after its '_' padding");
  expect_invalid("Z___", "too much");
  expect_invalid("____");
}

TEST(Base64Decode, RejectsNonCanonicalTrailingBits) {
  // "Zg__" is 'f'; "Zh__" carries non-zero bits in the unused tail.
  expect_invalid("Zh__", "canonical");
  expect_invalid("Zm9_", "canonical");  // "Zm8_" is canonical for "fo"
  expect_invalid("AB__", "canonical");
}
