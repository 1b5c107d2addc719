#include "cfsign/json_text.hpp"

#include <nlohmann/json.hpp>

#include <cstring>

namespace cfsign {

void append_json_string(std::string& out, std::string_view s) {
  // ASCII is escaped here as nlohmann does (\" \\ \b \f \n \r \t, other controls as \u00xx,
  // DEL as is). Text with bytes >= 0x80 (UTF-8, or invalid bytes to replace) goes through
  // nlohmann's serializer, so the output stays identical.
  size_t escapes = 0;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      out += nlohmann::ordered_json(std::string(s)).dump(-1, ' ', false,
                                                           nlohmann::ordered_json::error_handler_t::replace);
      return;
    }
    escapes += c < 0x20 || c == '"' || c == '\\';
  }
  const size_t start = out.size();
  out.resize(start + s.size() + 2 + 5 * escapes);
  char* o = &out[start];
  *o++ = '"';
  if (escapes == 0) {
    std::memcpy(o, s.data(), s.size());
    o += s.size();
  } else {
    static const char kHex[] = "0123456789abcdef";
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x20 && c != '"' && c != '\\') {
        *o++ = ch;
        continue;
      }
      *o++ = '\\';
      switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
          *o++ = 'u';
          *o++ = '0';
          *o++ = '0';
          *o++ = kHex[c >> 4];
          *o++ = kHex[c & 15];
      }
    }
  }
  *o++ = '"';
  out.resize(static_cast<size_t>(o - out.data()));
}

}  // namespace cfsign
