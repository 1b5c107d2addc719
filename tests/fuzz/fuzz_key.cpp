// libFuzzer target: private and public key parsing (PEM, DER, JWK). No crash, no leak.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "cfsign/key.hpp"
#include "cfsign/public_key.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Bound the work: PEM/DER keys are a few KB; huge inputs only slow RSA checks down.
  if (size > 16384) return 0;
  auto priv = cfsign::PrivateKey::parse(data, size, "");
  if (priv.ok()) {
    auto der = priv.value()->public_key_der();
    if (!der.ok()) abort();
  }
  auto pub = cfsign::PublicKey::parse(data, size);
  if (pub.ok()) {
    if (pub.value()->spki_pem().empty()) abort();
  }
  return 0;
}
