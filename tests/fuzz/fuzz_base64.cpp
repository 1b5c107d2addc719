// libFuzzer target: strict CloudFront base64 decoding; accepted text must be canonical.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cfsign/base64.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto decoded = cfsign::cf_base64_decode(input, "Signature");
  if (decoded.ok()) {
    if (cfsign::cf_base64_encode(decoded.value()) != input) abort();
  } else if (decoded.error().code.empty() || decoded.error().message.empty()) {
    abort();
  }
  // Any bytes encode to text that decodes back to them.
  const std::string encoded = cfsign::cf_base64_encode(input);
  if (!input.empty()) {
    auto back = cfsign::cf_base64_decode(encoded, "Signature");
    if (!back.ok() || back.value() != input) abort();
  }
  return 0;
}
