// Set-Cookie headers for CloudFront signed cookies, with safe defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cfsign/result.hpp"

namespace cfsign {

struct CookieAttributes {
  std::string domain;                 // empty: host-only cookie
  std::string path = "/";             // a trailing '*' is written as the prefix it means
  std::string same_site;              // "", "Strict", "Lax" or "None" (case-insensitive)
  bool secure = true;
  bool http_only = true;
  std::optional<int64_t> max_age;     // seconds; none: session cookie
  std::optional<int64_t> expires;     // epoch seconds; none: session cookie
};

// Validated, normalised attributes (domain lower-cased, path without '*', SameSite spelled
// canonically). Refuses invalid domains and paths with COOKIE_ATTRIBUTE_INVALID.
Result<CookieAttributes> normalize_cookie_attributes(const CookieAttributes& in);

// One header value per cookie: "Name=Value; Domain=...; Path=...; Secure; HttpOnly; SameSite=...".
Result<std::vector<std::string>> set_cookie_headers(const std::vector<std::pair<std::string, std::string>>& cookies,
                                                    const CookieAttributes& attributes);

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(int64_t epoch_seconds);

}  // namespace cfsign
