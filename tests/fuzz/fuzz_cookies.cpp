// libFuzzer target: signed-cookie inspection against a fixed request URL.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cfsign/inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr std::string_view kUrl = "https://d111111abcdef8.cloudfront.net/images/photo.jpg?size=large";
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  cfsign::Inspection in = cfsign::inspect_signed_cookies(input, kUrl);
  (void)cfsign::inspection_to_json(in);
  return 0;
}
