#include "cfsign/url.hpp"

#include <cctype>

#include "cfsign/utf8.hpp"

namespace cfsign {

const char* const kReservedParams[5] = {"Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"};

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// encodeURIComponent's unreserved set.
bool uri_component_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' ||
         c == '\'' || c == '(' || c == ')';
}

void append_encoded(std::string& out, std::string_view bytes, bool quote_apostrophe) {
  for (unsigned char c : bytes) {
    if (uri_component_unreserved(c) && !(quote_apostrophe && c == '\'')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

// decodeURIComponent semantics on UTF-8: every %XX is decoded, and the decoded bytes must
// form well-formed UTF-8 where escapes start multi-byte sequences.
bool decode_uri_component(std::string_view in, std::string& out) {
  if (!percent_decode(in, out)) return false;
  return is_valid_utf8(out);
}

std::string encode_path(std::string_view path) {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { out.push_back('/'); ++i; continue; }
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(i, end - i);
    std::string decoded;
    if (decode_uri_component(segment, decoded)) append_encoded(out, decoded, false);
    else append_encoded(out, segment, false);
    i = end;
  }
  return out;
}

// The SDK's encodeQueryComponent: %XX (upper-cased) and '+' are kept, everything else goes
// through encodeURIComponent with "'" as %27.
void encode_query_component(std::string& out, std::string_view s) {
  size_t i = 0;
  size_t plain_start = 0;
  auto flush = [&](size_t end) { append_encoded(out, s.substr(plain_start, end - plain_start), true); };
  while (i < s.size()) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      flush(i);
      out.push_back('%');
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 1]))));
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 2]))));
      i += 3;
      plain_start = i;
    } else if (s[i] == '+') {
      flush(i);
      out.push_back('+');
      ++i;
      plain_start = i;
    } else {
      ++i;
    }
  }
  flush(s.size());
}

bool travels_in_url(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return false;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return false;
    default:
      return true;
  }
}

Error url_error(const char* code, std::string_view param, const std::string& what) {
  return make_error(code, std::string(param) + " " + what);
}

}  // namespace

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      if (!is_hex(in[i + 1]) || !is_hex(in[i + 2])) return false;
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> split_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t i = 0;
  while (i <= query.size()) {
    size_t end = query.find('&', i);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(i, end - i);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) pairs.emplace_back(std::string(pair), std::string());
      else pairs.emplace_back(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
    }
    i = end + 1;
  }
  return pairs;
}

std::string aws_sdk_encode_path_and_query(std::string_view rest) {
  size_t q = rest.find('?');
  std::string out = encode_path(rest.substr(0, q));
  if (q != std::string_view::npos) {
    std::string query;
    for (const auto& [key, value] : split_query(rest.substr(q + 1))) {
      if (!query.empty()) query.push_back('&');
      encode_query_component(query, key);
      query.push_back('=');
      encode_query_component(query, value);
    }
    if (!query.empty()) out += "?" + query;
  }
  return out;
}

Result<std::string> prepare_url(std::string_view url, UrlMode mode, std::string_view param) {
  if (url.empty()) return url_error(code::kUrlInvalid, param, "is empty");
  if (!is_valid_utf8(url)) return url_error(code::kUrlCharacters, param, "is not valid UTF-8");

  // Scheme.
  size_t colon = url.find(':');
  bool scheme_ok = colon != std::string_view::npos && colon > 0 &&
                   std::isalpha(static_cast<unsigned char>(url[0]));
  for (size_t i = 0; scheme_ok && i < colon; ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) scheme_ok = false;
  }
  if (!scheme_ok || url.substr(colon, 3) != "://") {
    return url_error(code::kUrlInvalid, param,
                     "must be an absolute URL starting with https:// or http:// (got \"" +
                         std::string(url.substr(0, 40)) + (url.size() > 40 ? "..." : "") + "\")");
  }
  std::string scheme(url.substr(0, colon));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") {
    return url_error(code::kUrlScheme, param,
                     "has the scheme \"" + std::string(url.substr(0, colon)) +
                         "\": CloudFront signed URLs must use http or https");
  }

  // Fragment.
  if (url.find('#') != std::string_view::npos) {
    return url_error(code::kUrlFragment, param,
                     "contains a fragment ('#'): browsers never send it to CloudFront, so it cannot be "
                     "signed; remove it, or percent-encode '#' as %23 if it belongs to the path or query");
  }

  // Authority.
  size_t auth_start = colon + 3;
  size_t auth_end = url.find_first_of("/?", auth_start);
  if (auth_end == std::string_view::npos) auth_end = url.size();
  std::string authority(url.substr(auth_start, auth_end - auth_start));
  if (authority.empty()) return url_error(code::kUrlInvalid, param, "has no host name");
  if (authority.find('@') != std::string::npos) {
    return url_error(code::kUrlInvalid, param,
                     "contains user information ('user@host'), which clients never send to CloudFront");
  }
  std::string host = authority;
  std::string port;
  if (host[0] == '[') {
    size_t close = host.find(']');
    if (close == std::string::npos) return url_error(code::kUrlInvalid, param, "has an unterminated IPv6 host");
    port = host.substr(close + 1);
    host = host.substr(0, close + 1);
    for (size_t i = 1; i + 1 < host.size(); ++i) {
      if (!(is_hex(host[i]) || host[i] == ':' || host[i] == '.')) {
        return url_error(code::kUrlInvalid, param, "has an invalid IPv6 host");
      }
    }
  } else {
    size_t pc = host.find(':');
    if (pc != std::string::npos) { port = host.substr(pc); host = host.substr(0, pc); }
    if (host.empty()) return url_error(code::kUrlInvalid, param, "has no host name");
    for (unsigned char c : host) {
      if (c >= 0x80) {
        return url_error(code::kUrlCharacters, param,
                         "has a non-ASCII host name: write it in punycode (xn--...)");
      }
      if (!(std::isalnum(c) || c == '-' || c == '.' || c == '_')) {
        return url_error(code::kUrlCharacters, param,
                         "has an invalid character in its host name: '" + std::string(1, static_cast<char>(c)) + "'");
      }
    }
  }
  if (!port.empty()) {
    if (port[0] != ':' || port.size() < 2 || port.size() > 6) {
      return url_error(code::kUrlInvalid, param, "has an invalid port");
    }
    for (size_t i = 1; i < port.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(port[i]))) {
        return url_error(code::kUrlInvalid, param, "has an invalid port");
      }
    }
  }
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  std::string_view rest = url.substr(auth_end);

  // Reserved parameters (compared after percent-decoding the name).
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    for (const auto& [raw_key, raw_value] : split_query(rest.substr(q + 1))) {
      std::string key;
      if (!percent_decode(raw_key, key)) key = raw_key;
      for (const char* reserved : kReservedParams) {
        if (key == reserved) {
          return url_error(code::kUrlReservedParam, param,
                           "already carries the query parameter \"" + key +
                               "\", which CloudFront reserves for signing (Expires, Policy, Signature, "
                               "Key-Pair-Id, Hash-Algorithm)");
        }
      }
    }
  }

  std::string out = scheme + "://" + host + port;
  if (mode == UrlMode::kAwsSdk) {
    out += aws_sdk_encode_path_and_query(rest);
  } else {
    for (size_t i = 0; i < rest.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(rest[i]);
      if (!travels_in_url(c)) {
        std::string shown = c == ' ' ? "a space" : c >= 0x80 ? "a non-ASCII character" : c < 0x20 || c == 0x7f ? "a control character" : "'" + std::string(1, static_cast<char>(c)) + "'";
        return url_error(code::kUrlCharacters, param,
                         "contains " + shown + " at offset " + std::to_string(auth_end + i) +
                             ", which cannot travel in a URL unencoded; percent-encode it (exact mode signs "
                             "the string as given)");
      }
      if (c == '%' && !(i + 2 < rest.size() && is_hex(rest[i + 1]) && is_hex(rest[i + 2]))) {
        return url_error(code::kUrlCharacters, param,
                         "contains a '%' at offset " + std::to_string(auth_end + i) +
                             " that does not start a %XX escape");
      }
    }
    out += rest;
  }
  return out;
}

}  // namespace cfsign
