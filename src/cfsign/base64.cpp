#include "cfsign/base64.hpp"

#include <mbedtls/base64.h>

namespace cfsign {

std::string cf_base64_encode(std::string_view bytes) {
  size_t needed = 0;
  mbedtls_base64_encode(nullptr, 0, &needed, reinterpret_cast<const unsigned char*>(bytes.data()),
                        bytes.size());
  std::string out(needed, '\0');
  size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.resize(written);
  for (char& c : out) {
    if (c == '+') c = '-';
    else if (c == '=') c = '_';
    else if (c == '/') c = '~';
  }
  return out;
}

Result<std::string> cf_base64_decode(std::string_view text, std::string_view what) {
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
  size_t needed = 0;
  int rc = mbedtls_base64_decode(nullptr, 0, &needed,
                                 reinterpret_cast<const unsigned char*>(standard.data()), standard.size());
  if (rc == MBEDTLS_ERR_BASE64_INVALID_CHARACTER) {
    return make_error(code::kBase64Invalid, name + " is not valid base64");
  }
  std::string out(needed, '\0');
  size_t written = 0;
  rc = mbedtls_base64_decode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                             reinterpret_cast<const unsigned char*>(standard.data()), standard.size());
  if (rc != 0) return make_error(code::kBase64Invalid, name + " is not valid base64");
  out.resize(written);
  // Canonical form: re-encoding must give the same text (rejects non-zero trailing bits).
  if (cf_base64_encode(out) != text) {
    return make_error(code::kBase64Invalid, name + " is not in canonical base64 form (stray trailing bits)");
  }
  return out;
}

}  // namespace cfsign
