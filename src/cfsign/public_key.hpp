// Public keys for verification: SPKI PEM/DER, PKCS#1 RSA public PEM, JWK (public or private),
// or a private key from which the public key is taken.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "cfsign/key.hpp"
#include "cfsign/result.hpp"

namespace cfsign {

class PublicKey {
 public:
  static Result<std::unique_ptr<PublicKey>> parse(const unsigned char* data, size_t size);
  ~PublicKey();
  PublicKey(const PublicKey&) = delete;
  PublicKey& operator=(const PublicKey&) = delete;

  KeyType type() const { return type_; }
  size_t bits() const { return bits_; }
  // CloudFront key groups accept RSA-2048 and ECDSA P-256 public keys only.
  bool allowed_in_key_group() const { return type_ == KeyType::kEc || bits_ == 2048; }

  // RSASSA-PKCS1-v1_5 or ECDSA (DER signature) over `message` hashed with `hash`.
  bool verify(HashAlg hash, std::string_view message, std::string_view signature) const;

  // The key as SubjectPublicKeyInfo PEM.
  std::string spki_pem() const;

 private:
  PublicKey();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  KeyType type_ = KeyType::kRsa;
  size_t bits_ = 0;
};

// One-shot verification of `signature` over `message` with a public key in any accepted form
// (key errors are reported; a wrong signature is `false`, not an error).
Result<bool> verify_signature(const unsigned char* key, size_t key_size, HashAlg hash, std::string_view message,
                              std::string_view signature);

}  // namespace cfsign
