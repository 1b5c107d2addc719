// URLs to sign: validation, and the encoding that makes the signed resource equal what a
// client sends on the wire.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cfsign/result.hpp"

namespace cfsign {

enum class UrlMode {
  // Encode path segments and query components exactly as @aws-sdk/cloudfront-signer does
  // (decode-then-encodeURIComponent per path segment; query keys and values encoded with
  // existing %XX and '+' kept, "'" as %27), so our URL is byte-identical with the SDK's.
  kAwsSdk,
  // Sign the given string exactly as it is: validated, never decoded or re-encoded.
  kExact,
};

// The reserved CloudFront query parameter names.
extern const char* const kReservedParams[5];

// Validates `url` and returns the string to sign and emit (without signing parameters):
// absolute http(s) URL, lower-case scheme and host, no fragment, no user info, no reserved
// parameter, only characters that can travel in a URL.
Result<std::string> prepare_url(std::string_view url, UrlMode mode, std::string_view param = "url");

// The SDK's path/query encoding alone (exposed for tests).
std::string aws_sdk_encode_path_and_query(std::string_view path_and_query);

// Percent-decodes %XX sequences; returns false on a malformed escape.
bool percent_decode(std::string_view in, std::string& out);

// Splits a raw query (without '?') into raw name=value pairs, in order.
std::vector<std::pair<std::string, std::string>> split_query(std::string_view query);

}  // namespace cfsign
