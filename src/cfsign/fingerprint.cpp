#include "cfsign/fingerprint.hpp"

#include <cstdint>

#include <mbedtls/platform_util.h>
#include <mbedtls/sha256.h>

namespace cfsign {

namespace {

void update_with_length(mbedtls_sha256_context* ctx, const unsigned char* data, size_t size) {
  unsigned char length[8];
  uint64_t n = size;
  for (int i = 7; i >= 0; --i) {
    length[i] = static_cast<unsigned char>(n & 0xff);
    n >>= 8;
  }
  mbedtls_sha256_update(ctx, length, sizeof(length));
  if (size > 0) mbedtls_sha256_update(ctx, data, size);
}

}  // namespace

std::string key_fingerprint(const unsigned char* key, size_t key_size, std::string_view passphrase,
                            std::string_view key_pair_id) {
  mbedtls_sha256_context ctx;
  mbedtls_sha256_init(&ctx);
  mbedtls_sha256_starts(&ctx, 0);
  static const unsigned char kDomain[] = "cfsign key cache v1";
  mbedtls_sha256_update(&ctx, kDomain, sizeof(kDomain) - 1);
  update_with_length(&ctx, key, key_size);
  update_with_length(&ctx, reinterpret_cast<const unsigned char*>(passphrase.data()), passphrase.size());
  update_with_length(&ctx, reinterpret_cast<const unsigned char*>(key_pair_id.data()), key_pair_id.size());
  unsigned char digest[32];
  mbedtls_sha256_finish(&ctx, digest);
  mbedtls_sha256_free(&ctx);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned char b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 15]);
  }
  mbedtls_platform_zeroize(digest, sizeof(digest));
  return out;
}

}  // namespace cfsign
