// CloudFront-safe base64: standard padded base64 with '+' -> '-', '=' -> '_', '/' -> '~'.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <mbedtls/base64.h>

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

// ---- the one-pass decoder against Mbed TLS -----------------------------------------------------
// cf_base64_decode first tries a one-pass decoder and falls back to the checking path only on
// failure. Over seeded random byte strings and texts (mostly valid, some corrupted), it must
// accept and reject exactly what the rule "CloudFront alphabet mapped to the standard one,
// decoded by Mbed TLS, canonical, non-empty" accepts, and decode to the same bytes; encoding
// must match Mbed TLS's encoder with the alphabet mapped.

namespace {

std::string mbedtls_encode(const std::string& bytes) {
  size_t n = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  mbedtls_base64_encode(nullptr, 0, &n, in, bytes.size());
  std::string out(n, '\0');
  EXPECT_EQ(mbedtls_base64_encode(reinterpret_cast<unsigned char*>(&out[0]), out.size(), &n, in, bytes.size()), 0);
  out.resize(n);
  return out;
}

// Standard base64 -> CloudFront base64: '+' -> '-', '/' -> '~', '=' -> '_'.
std::string to_cloudfront(std::string s) {
  for (char& c : s) {
    if (c == '+') c = '-';
    else if (c == '/') c = '~';
    else if (c == '=') c = '_';
  }
  return s;
}

// The reference decoder: nullopt when CloudFront base64 rejects `text`.
std::optional<std::string> reference_decode(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::string standard = text;
  for (char& c : standard) {
    // Standard-alphabet characters are not CloudFront base64; Mbed TLS skips spaces and line
    // breaks, CloudFront base64 has none.
    if (c == '+' || c == '/' || c == '=' || c == ' ' || c == '\r' || c == '\n') return std::nullopt;
    if (c == '-') c = '+';
    else if (c == '~') c = '/';
    else if (c == '_') c = '=';
  }
  size_t n = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(standard.data());
  int rc = mbedtls_base64_decode(nullptr, 0, &n, in, standard.size());
  if (rc != 0 && rc != MBEDTLS_ERR_BASE64_BUFFER_TOO_SMALL) return std::nullopt;
  std::string out(n, '\0');
  rc = mbedtls_base64_decode(reinterpret_cast<unsigned char*>(&out[0]), out.size(), &n, in, standard.size());
  if (rc != 0) return std::nullopt;
  out.resize(n);
  if (out.empty() || mbedtls_encode(out) != standard) return std::nullopt;  // canonical only
  return out;
}

std::string show_text(const std::string& s) {
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
  return out + "\" (" + std::to_string(s.size()) + " chars)";
}

class Base64Gen {
 public:
  explicit Base64Gen(uint64_t seed) : rng_(seed) {}

  uint64_t below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }

  std::string bytes(size_t max_len) {
    const size_t len = below(4) == 0 ? below(4) : below(max_len + 1);  // many tiny ones
    std::string s(len, '\0');
    for (char& c : s) c = static_cast<char>(below(256));
    return s;
  }

  char alphabet_char() {
    static const char kCf[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~";
    return kCf[below(64)];
  }

  // A character that may or may not belong: CloudFront alphabet, padding, the standard
  // alphabet's + / =, whitespace, NUL, other ASCII, bytes >= 0x80.
  char any_char() {
    static const char kOdd[] = "+/= \r\n\t._*%";
    switch (below(6)) {
      case 0: case 1: return alphabet_char();
      case 2: return '_';
      case 3: return kOdd[below(sizeof(kOdd) - 1)];
      case 4: return below(2) ? '\0' : static_cast<char>(0x80 + below(0x80));
      default: return static_cast<char>(below(256));
    }
  }

  // Mostly valid text, sometimes corrupted in one of several ways.
  std::string text() {
    std::string t = to_cloudfront(mbedtls_encode(bytes(300)));
    switch (below(12)) {
      case 0: case 1: case 2: case 3: case 4: break;  // valid (or empty)
      case 5:  // one character replaced
        if (!t.empty()) t[below(t.size())] = any_char();
        break;
      case 6:  // one character inserted or removed
        if (!t.empty() && below(2)) t.erase(below(t.size()), 1);
        else t.insert(t.begin() + static_cast<std::ptrdiff_t>(below(t.size() + 1)), any_char());
        break;
      case 7:  // the last data character changed: often stray trailing bits
        if (!t.empty()) {
          size_t i = t.find('_');
          i = (i == std::string::npos ? t.size() : i) - 1;
          if (i < t.size()) t[i] = alphabet_char();
        }
        break;
      case 8:  // padding added, removed or moved
        if (!t.empty() && t.back() == '_' && below(2)) t.pop_back();
        else if (below(2)) t += '_';
        else if (!t.empty()) t[below(t.size())] = '_';
        break;
      case 9:  // truncated
        t.resize(below(t.size() + 1));
        break;
      case 10: {  // short random text over a small alphabet (padding rules, lengths)
        t.clear();
        for (uint64_t n = below(13); n > 0; --n) t += below(4) == 0 ? '_' : below(8) == 0 ? any_char() : alphabet_char();
        break;
      }
      default:  // standard base64 left in (+ / =), or whitespace inserted
        if (!t.empty()) {
          if (below(2)) t = mbedtls_encode(std::string(t.size() * 3 / 4, '\xfb'));
          else t.insert(t.begin() + static_cast<std::ptrdiff_t>(below(t.size())), " \r\n\t"[below(4)]);
        }
        break;
    }
    return t;
  }

 private:
  std::mt19937_64 rng_;
};

void expect_decode_like_reference(const std::string& text, const std::string& context) {
  const std::optional<std::string> want = reference_decode(text);
  auto got = cf_base64_decode(text, "Signature");
  if (want) {
    ASSERT_TRUE(got.ok()) << context << ": rejected " << show_text(text) << ": " << got.error().message;
    ASSERT_EQ(got.value(), *want) << context << ": " << show_text(text);
  } else {
    ASSERT_FALSE(got.ok()) << context << ": accepted " << show_text(text);
    ASSERT_EQ(got.error().code, "BASE64_INVALID") << context;
    ASSERT_NE(got.error().message.find("Signature"), std::string::npos) << got.error().message;
  }
}

}  // namespace

TEST(Base64Fast, EncodeMatchesMbedTlsOverSeededBytes) {
  Base64Gen gen(0x62363465ULL);
  for (int i = 0; i < 5000; ++i) {
    const std::string in = gen.bytes(600);
    ASSERT_EQ(cf_base64_encode(in), to_cloudfront(mbedtls_encode(in))) << "case " << i << ", " << in.size() << " bytes";
  }
}

TEST(Base64Fast, RoundTripMatchesMbedTlsOverSeededBytes) {
  Base64Gen gen(0x62363472ULL);
  for (int i = 0; i < 5000; ++i) {
    const std::string in = gen.bytes(600);
    if (in.empty()) continue;
    const std::string text = to_cloudfront(mbedtls_encode(in));
    expect_decode_like_reference(text, "case " + std::to_string(i));
    auto got = cf_base64_decode(text, "Signature");
    ASSERT_TRUE(got.ok());
    ASSERT_EQ(got.value(), in) << "case " << i;
  }
}

TEST(Base64Fast, DecodeAcceptsAndRejectsLikeMbedTlsOverSeededTexts) {
  Base64Gen gen(0x62363464ULL);
  size_t accepted = 0, rejected = 0;
  for (int i = 0; i < 30000; ++i) {
    const std::string text = gen.text();
    expect_decode_like_reference(text, "case " + std::to_string(i));
    (reference_decode(text) ? accepted : rejected)++;
  }
  // Both outcomes are well represented.
  EXPECT_GT(accepted, 10000u);
  EXPECT_GT(rejected, 8000u);
}

TEST(Base64Fast, DecodeHandPickedEdgesLikeMbedTls) {
  std::vector<std::string> cases = {
      "", "A", "AA", "AAA", "AAAA", "AA__", "AAA_", "A___", "____", "_AAA", "A_AA", "AA_A", "AAAA____",
      "AAAA_AAA", "Zg__", "Zh__", "Zm8_", "Zm9_", "Zg__Zg__", "Zm9vYg__", "Zm9vYmE_", "Zm9vYmFy", "--~~", "-~8_",
      "-~9_", "++//", "Zg==", "Zm9v\n", "Zm9v Zm9v", "Zm9v\r\nZm9v", " Zm9v", "Zm9v ", std::string("Zm\0v", 4),
      "Zm9\xc3\xa9", "Zm9\x80", "Zm9\xff", "Zm.v", "Zm9vYmFy_", "Zm9vYmFy__", "Zm9vYmFy___", "Zm9vYmF_y",
  };
  // Every byte value in each position of a 4-character group, also of a padded last group.
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    for (int pos = 0; pos < 4; ++pos) {
      std::string t = "QUJD";
      t[static_cast<size_t>(pos)] = ch;
      cases.push_back(t);
    }
    for (int pos = 0; pos < 3; ++pos) {  // each data position of a group with one '_'
      std::string t = "QUJ_";
      t[static_cast<size_t>(pos)] = ch;
      cases.push_back(t);
      cases.push_back("QUJD" + t);
    }
    for (int pos = 0; pos < 2; ++pos) {  // each data position of a group with two '_'
      std::string t = "QQ__";
      t[static_cast<size_t>(pos)] = ch;
      cases.push_back(t);
      cases.push_back("QUJD" + t);
    }
  }
  for (const auto& t : cases) expect_decode_like_reference(t, "hand-picked");
}

// ---- pem_base64_decode: the body of a PEM private key (constant time in the characters) -----

namespace {

std::string standard_encode(const std::string& in) {
  size_t n = 0;
  mbedtls_base64_encode(nullptr, 0, &n, reinterpret_cast<const unsigned char*>(in.data()), in.size());
  std::string out(n, '\0');
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &n,
                        reinterpret_cast<const unsigned char*>(in.data()), in.size());
  out.resize(n);
  return out;
}

std::optional<std::string> pem_decode(const std::string& text) {
  std::string out = "previous contents";
  if (cfsign::pem_base64_decode(text, out)) return out;
  EXPECT_TRUE(out.empty());
  return std::nullopt;
}

}  // namespace

TEST(PemBase64, RoundTripsWithAnyLineLayout) {
  std::mt19937_64 rng(0x70656d62ULL);
  for (int i = 0; i < 3000; ++i) {
    std::string in(1 + rng() % 1300, '\0');
    for (char& c : in) c = static_cast<char>(rng());
    const std::string flat = standard_encode(in);
    const size_t width = 1 + rng() % 80;
    const char* eol = rng() % 2 ? "\n" : "\r\n";
    std::string text;
    for (size_t at = 0; at < flat.size(); at += width) text += flat.substr(at, width) + eol;
    ASSERT_EQ(pem_decode(text), in) << "case " << i;
    ASSERT_EQ(pem_decode(flat), in) << "case " << i;
  }
}

TEST(PemBase64, AcceptsExactlyWhatMbedTlsAcceptsOverTheAlphabet) {
  // Texts over the base64 alphabet, '=' and line breaks: whenever we accept, Mbed TLS accepts
  // and decodes the same bytes; whenever Mbed TLS refuses, so do we.
  std::mt19937_64 rng(0x70656d63ULL);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t accepted = 0;
  for (int i = 0; i < 40000; ++i) {
    std::string text;
    for (size_t n = rng() % 14; n > 0; --n) {
      const uint64_t k = rng() % 16;
      text += k == 0 ? "=" : k == 1 ? "\n" : std::string(1, alphabet[rng() % 64]);
    }
    size_t n = 0;
    std::string want(text.size() + 3, '\0');
    const int rc = mbedtls_base64_decode(reinterpret_cast<unsigned char*>(want.data()), want.size(), &n,
                                         reinterpret_cast<const unsigned char*>(text.data()), text.size());
    want.resize(n);
    const auto got = pem_decode(text);
    if (got) {
      ++accepted;
      ASSERT_EQ(rc, 0) << "we accept, Mbed TLS refuses: " << text;
      ASSERT_EQ(*got, want) << text;
    }
    if (rc != 0) ASSERT_FALSE(got) << "Mbed TLS refuses, we accept: " << text;
  }
  EXPECT_GT(accepted, 3000u);
}

TEST(PemBase64, RefusesEveryOtherByteAndBadPadding) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const bool in_alphabet = alphabet.find(ch) != std::string::npos;
    for (int pos = 0; pos < 4; ++pos) {
      std::string t = "QUJD";
      t[static_cast<size_t>(pos)] = ch;
      if (in_alphabet) EXPECT_TRUE(pem_decode(t)) << c;
      else if (ch != '\n' && ch != '\r' && !(ch == '=' && pos == 3)) EXPECT_FALSE(pem_decode(t)) << "byte " << c << " at " << pos;
    }
  }
  EXPECT_EQ(pem_decode("Zg=="), "f");
  EXPECT_EQ(pem_decode("Zm8="), "fo");
  EXPECT_EQ(pem_decode("Zm9v"), "foo");
  EXPECT_EQ(pem_decode("Zm\r\n9v\n"), "foo");
  for (const char* bad : {"", "\n", "=", "Z", "Zg", "Zg=", "Zg===", "Zm8", "Zm8==", "Zg==Zg==", "Z=g=", "Zm9v=",
                          "====", "Zm 9v", "Zm9v\t", "Zm-v", "Zm_v"}) {
    EXPECT_FALSE(pem_decode(bad)) << bad;
  }
}
