// CloudFront-safe base64: standard padded base64 with '+' -> '-', '=' -> '_', '/' -> '~'.
// This is not RFC 4648 base64url.
#pragma once

#include <string>
#include <string_view>

#include "cfsign/result.hpp"

namespace cfsign {

std::string cf_base64_encode(std::string_view bytes);

// Strict decode: only the CloudFront alphabet (A-Z a-z 0-9 - ~ and '_' padding), length a
// multiple of 4, padding only at the end, no whitespace, and canonical trailing bits.
// `what` names the value in error messages (e.g. "Signature").
Result<std::string> cf_base64_decode(std::string_view text, std::string_view what);

// base64url (RFC 4648 §5, padding optional) as JWK uses it, decoded with Mbed TLS's
// constant-time decoder (JWK members can be private key material); the working copy is wiped.
// Returns false on an invalid or empty value.
bool jwk_base64url_decode(std::string_view in, std::string& out);

// Standard base64 (RFC 4648 §4) of secret data, as in the body of a PEM private key: CR and LF
// are skipped, any other character outside the alphabet fails, '=' padding (at most two) only
// at the end, and the characters without line breaks are a multiple of 4. Constant time in the
// characters' values (no table lookups, no branches on them; only on line breaks and padding,
// which are layout), with no reallocation of `out`. Returns false on invalid input, leaving
// `out` wiped and empty.
bool pem_base64_decode(std::string_view in, std::string& out);

}  // namespace cfsign
