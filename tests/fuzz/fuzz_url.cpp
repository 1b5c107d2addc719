// libFuzzer target: signed-URL inspection and URL preparation (both modes).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cfsign/inspect.hpp"
#include "cfsign/url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  cfsign::Inspection in = cfsign::inspect_signed_url(input);
  (void)cfsign::inspection_to_json(in);

  for (cfsign::UrlMode mode : {cfsign::UrlMode::kAwsSdk, cfsign::UrlMode::kExact}) {
    auto prepared = cfsign::prepare_url(input, mode);
    if (!prepared.ok()) {
      if (prepared.error().code.empty() || prepared.error().message.empty()) abort();
      continue;
    }
    // Exact mode signs the string as given (only scheme and host are lower-cased).
    if (mode == cfsign::UrlMode::kExact) {
      const std::string& out = prepared.value();
      if (out.size() != input.size()) abort();
      for (size_t i = 0; i < out.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(out[i])) != std::tolower(static_cast<unsigned char>(input[i]))) abort();
      }
    }
  }

  (void)cfsign::aws_sdk_encode_path_and_query(input);
  std::string decoded;
  (void)cfsign::percent_decode(input, decoded);
  (void)cfsign::split_query(input);
  return 0;
}
