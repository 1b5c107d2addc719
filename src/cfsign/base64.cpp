#include "cfsign/base64.hpp"

#include <cstdint>

#include <mbedtls/base64.h>
#include <mbedtls/platform_util.h>

namespace cfsign {

std::string cf_base64_encode(std::string_view bytes) {
  // CloudFront's alphabet directly: '-' for '+', '~' for '/', '_' for '=' (public data only).
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~";
  std::string out((bytes.size() + 2) / 3 * 4, '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  char* o = &out[0];
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3, o += 4) {
    const uint32_t n = static_cast<uint32_t>(in[i]) << 16 | static_cast<uint32_t>(in[i + 1]) << 8 | in[i + 2];
    o[0] = kAlphabet[n >> 18];
    o[1] = kAlphabet[(n >> 12) & 63];
    o[2] = kAlphabet[(n >> 6) & 63];
    o[3] = kAlphabet[n & 63];
  }
  if (i < bytes.size()) {
    uint32_t n = static_cast<uint32_t>(in[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint32_t>(in[i + 1]) << 8;
    o[0] = kAlphabet[n >> 18];
    o[1] = kAlphabet[(n >> 12) & 63];
    o[2] = i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '_';
    o[3] = '_';
  }
  return out;
}

namespace {

// CloudFront alphabet values; 0xff: not in the alphabet ('_' padding is handled apart).
struct DecodeTable {
  unsigned char v[256];
  constexpr DecodeTable() : v() {
    for (int i = 0; i < 256; ++i) v[i] = 0xff;
    for (int i = 0; i < 26; ++i) {
      v['A' + i] = static_cast<unsigned char>(i);
      v['a' + i] = static_cast<unsigned char>(26 + i);
    }
    for (int i = 0; i < 10; ++i) v['0' + i] = static_cast<unsigned char>(52 + i);
    v[static_cast<unsigned char>('-')] = 62;
    v[static_cast<unsigned char>('~')] = 63;
  }
};
constexpr DecodeTable kDecode;

// The common case in one pass: well-formed, canonical text decodes into `out`. False on
// anything else (the caller then finds the exact error).
bool fast_decode(std::string_view text, std::string& out) {
  const size_t n = text.size();
  if (n == 0 || n % 4 != 0) return false;
  size_t pad = 0;
  if (text[n - 1] == '_') pad = text[n - 2] == '_' ? 2 : 1;
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  out.resize(n / 4 * 3);
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  const size_t full = n - (pad ? 4 : 0);
  for (size_t i = 0; i < full; i += 4, o += 3) {
    const unsigned a = kDecode.v[in[i]], b = kDecode.v[in[i + 1]], c = kDecode.v[in[i + 2]], d = kDecode.v[in[i + 3]];
    if ((a | b | c | d) & 0x80) return false;
    const uint32_t v = a << 18 | b << 12 | c << 6 | d;
    o[0] = static_cast<unsigned char>(v >> 16);
    o[1] = static_cast<unsigned char>(v >> 8);
    o[2] = static_cast<unsigned char>(v);
  }
  if (pad) {
    const unsigned a = kDecode.v[in[full]], b = kDecode.v[in[full + 1]];
    const unsigned c = pad == 1 ? kDecode.v[in[full + 2]] : 0;
    if ((a | b | c) & 0x80) return false;
    const uint32_t v = a << 18 | b << 12 | c << 6;
    if (v & (pad == 1 ? 0xffu : 0xffffu)) return false;  // stray trailing bits: not canonical
    o[0] = static_cast<unsigned char>(v >> 16);
    if (pad == 1) o[1] = static_cast<unsigned char>(v >> 8);
    out.resize(n / 4 * 3 - pad);
  }
  return true;
}

}  // namespace

Result<std::string> cf_base64_decode(std::string_view text, std::string_view what) {
  {
    std::string out;
    if (fast_decode(text, out)) return out;
  }
  const std::string name(what);
  if (text.empty()) return make_error(code::kBase64Invalid, name + " is empty");
  if (text.size() % 4 != 0) {
    return make_error(code::kBase64Invalid,
                      name + " has length " + std::to_string(text.size()) +
                          ", which is not a multiple of 4 (CloudFront base64 keeps its '_' padding)");
  }
  std::string standard(text);
  size_t padding = 0;
  for (size_t i = 0; i < standard.size(); ++i) {
    char& c = standard[i];
    if (c == '-') c = '+';
    else if (c == '~') c = '/';
    else if (c == '_') { c = '='; ++padding; continue; }
    else if (c == '+' || c == '/' || c == '=') {
      return make_error(code::kBase64Invalid,
                        name + " contains '" + std::string(1, text[i]) + "' at offset " +
                            std::to_string(i) +
                            ": CloudFront base64 uses '-', '~' and '_' in place of '+', '/' and '='");
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return make_error(code::kBase64Invalid, name + " contains an invalid character at offset " +
                                                  std::to_string(i));
    }
    if (padding > 0) {
      return make_error(code::kBase64Invalid, name + " has data after its '_' padding");
    }
  }
  if (padding > 2) return make_error(code::kBase64Invalid, name + " has too much '_' padding");
  // Table-driven decoding: CloudFront base64 values (policies, signatures) are public, so the
  // constant-time decoder used for key material is not needed here (and is ~5x slower).
  auto value = [](char c) -> uint32_t {
    if (c >= 'A' && c <= 'Z') return static_cast<uint32_t>(c - 'A');
    if (c >= 'a' && c <= 'z') return static_cast<uint32_t>(c - 'a' + 26);
    if (c >= '0' && c <= '9') return static_cast<uint32_t>(c - '0' + 52);
    if (c == '+') return 62;
    if (c == '/') return 63;
    return 0;  // '=' padding
  };
  std::string out;
  out.reserve(standard.size() / 4 * 3);
  for (size_t i = 0; i < standard.size(); i += 4) {
    const uint32_t n = value(standard[i]) << 18 | value(standard[i + 1]) << 12 | value(standard[i + 2]) << 6 |
                       value(standard[i + 3]);
    out.push_back(static_cast<char>(n >> 16));
    if (standard[i + 2] != '=') out.push_back(static_cast<char>((n >> 8) & 0xff));
    if (standard[i + 3] != '=') out.push_back(static_cast<char>(n & 0xff));
  }
  // Canonical form: re-encoding must give the same text (rejects non-zero trailing bits).
  if (cf_base64_encode(out) != text) {
    return make_error(code::kBase64Invalid, name + " is not in canonical base64 form (stray trailing bits)");
  }
  return out;
}

bool jwk_base64url_decode(std::string_view in, std::string& out) {
  std::string b64(in);
  for (char& c : b64) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '+' || c == '/') return false;
  }
  while (b64.size() % 4 != 0) b64.push_back('=');
  size_t n = 0;
  mbedtls_base64_decode(nullptr, 0, &n, reinterpret_cast<const unsigned char*>(b64.data()), b64.size());
  out.assign(n, '\0');
  const int rc = mbedtls_base64_decode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &n,
                                       reinterpret_cast<const unsigned char*>(b64.data()), b64.size());
  mbedtls_platform_zeroize(b64.data(), b64.size());
  if (rc != 0) {
    mbedtls_platform_zeroize(out.data(), out.size());
    return false;
  }
  out.resize(n);
  return !out.empty();
}

namespace {

// All ones if lo <= c <= hi (all below 256), else zero; no branch.
inline uint32_t in_range(uint32_t c, uint32_t lo, uint32_t hi) {
  const uint32_t outside = ((c - lo) | (hi - c)) >> 31;  // bit 31 is set by either subtraction wrapping
  return outside - 1u;
}

// The 6-bit value of a base64 character; sets `bad` (all ones) if it is not one.
inline uint32_t ct_base64_value(uint32_t c, uint32_t& bad) {
  const uint32_t upper = in_range(c, 'A', 'Z');
  const uint32_t lower = in_range(c, 'a', 'z');
  const uint32_t digit = in_range(c, '0', '9');
  const uint32_t plus = in_range(c, '+', '+');
  const uint32_t slash = in_range(c, '/', '/');
  bad |= ~(upper | lower | digit | plus | slash);
  return ((upper & (c - 'A')) | (lower & (c - 'a' + 26)) | (digit & (c - '0' + 52)) | (plus & 62u) | (slash & 63u)) & 63u;
}

}  // namespace

bool pem_base64_decode(std::string_view in, std::string& out) {
  mbedtls_platform_zeroize(out.data(), out.size());
  out.clear();
  out.reserve(in.size() / 4 * 3 + 3);  // the most it can hold: push_back never reallocates
  uint32_t bad = 0, acc = 0;
  int bits = 0;
  size_t chars = 0, pad = 0;
  for (char ch : in) {
    const uint32_t c = static_cast<unsigned char>(ch);
    if (c == '\n' || c == '\r') continue;
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad != 0) bad = ~0u;  // data after padding
    acc = (acc << 6) | ct_base64_value(c, bad);
    bits += 6;
    ++chars;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
    }
  }
  acc = 0;
  const bool ok = bad == 0 && chars > 0 && pad <= 2 && (chars + pad) % 4 == 0;
  if (!ok) {
    mbedtls_platform_zeroize(out.data(), out.size());
    out.clear();
  }
  return ok;
}

}  // namespace cfsign
