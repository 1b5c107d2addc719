// Error codes and the Result type used everywhere in the core. No exceptions: every
// failure is a stable code (a short upper-case string, documented in the README) and a
// message that names the parameter and says what was wrong.
#pragma once

#include <string>
#include <utility>

namespace cfsign {

namespace code {
// URLs
inline constexpr const char* kUrlInvalid = "URL_INVALID";
inline constexpr const char* kUrlScheme = "URL_SCHEME";
inline constexpr const char* kUrlFragment = "URL_FRAGMENT";
inline constexpr const char* kUrlReservedParam = "URL_RESERVED_PARAM";
inline constexpr const char* kUrlCharacters = "URL_CHARACTERS";
inline constexpr const char* kUrlResourceMismatch = "URL_RESOURCE_MISMATCH";
inline constexpr const char* kResourceInvalid = "RESOURCE_INVALID";
// Policy conditions
inline constexpr const char* kIpInvalid = "IP_INVALID";
inline constexpr const char* kIpV6Unsupported = "IP_V6_UNSUPPORTED";
inline constexpr const char* kDateMissing = "DATE_MISSING";
inline constexpr const char* kDateInvalid = "DATE_INVALID";
inline constexpr const char* kDateRange = "DATE_RANGE";
inline constexpr const char* kDateExpired = "DATE_EXPIRED";
inline constexpr const char* kPolicyInvalid = "POLICY_INVALID";
inline constexpr const char* kBase64Invalid = "BASE64_INVALID";
// Keys and signing
inline constexpr const char* kKeyInvalid = "KEY_INVALID";
inline constexpr const char* kKeyUnsupported = "KEY_UNSUPPORTED";
inline constexpr const char* kKeyPairIdInvalid = "KEY_PAIR_ID_INVALID";
inline constexpr const char* kHashUnsupported = "HASH_UNSUPPORTED";
inline constexpr const char* kSignFailed = "SIGN_FAILED";
inline constexpr const char* kKeyPassphraseRequired = "KEY_PASSPHRASE_REQUIRED";
inline constexpr const char* kKeyPassphraseWrong = "KEY_PASSPHRASE_WRONG";
inline constexpr const char* kCookieAttributeInvalid = "COOKIE_ATTRIBUTE_INVALID";
}  // namespace code

struct Error {
  std::string code;
  std::string message;
};

// A value or an error. Small and explicit on purpose: callers test ok() and read either
// value() or error().
template <class T>
class Result {
 public:
  Result(T value) : ok_(true), value_(std::move(value)) {}  // NOLINT(implicit)
  Result(Error error) : ok_(false), error_(std::move(error)) {}  // NOLINT(implicit)

  bool ok() const { return ok_; }
  const T& value() const { return value_; }
  T& value() { return value_; }
  const Error& error() const { return error_; }

 private:
  bool ok_;
  T value_{};
  Error error_{};
};

inline Error make_error(const char* code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace cfsign
