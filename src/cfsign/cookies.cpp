#include "cfsign/cookies.hpp"

#include <cctype>

namespace cfsign {

namespace {

using code::kCookieAttributeInvalid;

Error attr_error(const std::string& message) { return make_error(kCookieAttributeInvalid, message); }

bool valid_label(const std::string& label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (unsigned char c : label) {
    if (!(std::isalnum(c) || c == '-')) return false;
  }
  return true;
}

// Howard Hinnant's civil_from_days.
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += (m <= 2);
}

std::string two(unsigned v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); }

}  // namespace

std::string http_date(int64_t t) {
  static const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  const char* wd = kDays[((days % 7) + 7) % 7];
  return std::string(wd) + ", " + two(d) + " " + kMonths[m - 1] + " " + std::to_string(y) + " " +
         two(static_cast<unsigned>(secs / 3600)) + ":" + two(static_cast<unsigned>(secs / 60 % 60)) + ":" +
         two(static_cast<unsigned>(secs % 60)) + " GMT";
}

Result<CookieAttributes> normalize_cookie_attributes(const CookieAttributes& in) {
  CookieAttributes out = in;
  if (!out.domain.empty()) {
    std::string d = out.domain;
    if (d.front() == '.') d.erase(0, 1);  // RFC 6265: a leading dot is ignored
    for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (d.empty() || d.size() > 253) return attr_error("domain \"" + in.domain + "\" is not a valid host name");
    size_t start = 0;
    while (true) {
      size_t dot = d.find('.', start);
      std::string label = d.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!valid_label(label)) {
        return attr_error("domain \"" + in.domain +
                          "\" is not a valid host name (letters, digits, '-' and dots; no port, scheme or path)");
      }
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    out.domain = d;
  }
  std::string p = out.path.empty() ? "/" : out.path;
  if (p.front() != '/') return attr_error("path \"" + in.path + "\" must start with '/'");
  if (p.back() == '*') p.pop_back();  // cookie paths are prefixes: "/images/*" means "/images/"
  for (unsigned char c : p) {
    if (c == '*') return attr_error("path \"" + in.path + "\" has a '*' before its end: cookie paths have no wildcards");
    if (c < 0x21 || c >= 0x7f || c == ';' || c == ',') {
      return attr_error("path \"" + in.path + "\" contains a character not allowed in a cookie path");
    }
  }
  if (p.empty()) p = "/";
  out.path = p;
  if (!out.same_site.empty()) {
    std::string s = out.same_site;
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "strict") out.same_site = "Strict";
    else if (s == "lax") out.same_site = "Lax";
    else if (s == "none") out.same_site = "None";
    else return attr_error("sameSite \"" + in.same_site + "\" must be Strict, Lax or None");
    if (out.same_site == "None" && !out.secure) {
      return attr_error("sameSite None requires secure (browsers drop SameSite=None cookies without Secure)");
    }
  }
  if (out.max_age && *out.max_age <= 0) return attr_error("maxAge must be a positive number of seconds");
  if (out.expires && *out.expires <= 0) return attr_error("expires attribute must be a positive epoch time");
  return out;
}

Result<std::vector<std::string>> set_cookie_headers(const std::vector<std::pair<std::string, std::string>>& cookies,
                                                    const CookieAttributes& attributes) {
  auto normalized = normalize_cookie_attributes(attributes);
  if (!normalized.ok()) return normalized.error();
  const CookieAttributes& a = normalized.value();
  std::string suffix;
  if (!a.domain.empty()) suffix += "; Domain=" + a.domain;
  suffix += "; Path=" + a.path;
  if (a.expires) suffix += "; Expires=" + http_date(*a.expires);
  if (a.max_age) suffix += "; Max-Age=" + std::to_string(*a.max_age);
  if (a.secure) suffix += "; Secure";
  if (a.http_only) suffix += "; HttpOnly";
  if (!a.same_site.empty()) suffix += "; SameSite=" + a.same_site;
  std::vector<std::string> headers;
  headers.reserve(cookies.size());
  for (const auto& [name, value] : cookies) headers.push_back(name + "=" + value + suffix);
  return headers;
}

}  // namespace cfsign
