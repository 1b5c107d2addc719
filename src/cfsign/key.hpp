// Private keys for signing (RSA of any size, ECDSA P-256), parsed once with Mbed TLS.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "cfsign/result.hpp"

namespace cfsign {

enum class HashAlg { kSha1, kSha256 };
enum class KeyType { kRsa, kEc };

const char* hash_name(HashAlg hash);  // "SHA1" / "SHA256", as CloudFront spells them

class PrivateKey {
 public:
  // `data` is PEM (PKCS#1, PKCS#8, SEC1; optionally encrypted), DER, or a private JWK (JSON). The input buffer is
  // not kept; our working copy is wiped before returning.
  static Result<std::unique_ptr<PrivateKey>> parse(const unsigned char* data, size_t size,
                                                   std::string_view passphrase);
  ~PrivateKey();  // frees and wipes the key material
  PrivateKey(const PrivateKey&) = delete;
  PrivateKey& operator=(const PrivateKey&) = delete;

  KeyType type() const { return type_; }
  size_t bits() const { return bits_; }
  // Which code signs: "rsa2048-simd128" / "rsa2048-scalar" (our RSA-2048 kernel), "p256" (our
  // P-256 signer) or "mbedtls" (every other key shape).
  const char* implementation() const;

  // Signs `message` (hashing it first): RSASSA-PKCS1-v1_5, or deterministic ECDSA with a
  // DER-encoded signature. Returns the raw signature bytes.
  Result<std::string> sign(HashAlg hash, std::string_view message) const;

  // The public half as SubjectPublicKeyInfo DER.
  Result<std::string> public_key_der() const;

  // The private key as DER (PKCS#1 for RSA, SEC1 for EC) into out[0, cap); returns the
  // length, or 0 if it does not fit or cannot be written (also for an RSA key whose private
  // exponent d disagrees with its other components: parsing checks only what signing uses).
  // Our scratch copy is wiped.
  size_t export_der(unsigned char* out, size_t cap) const;

 private:
  PrivateKey();
  static Result<std::unique_ptr<PrivateKey>> parse_jwk(std::string_view json);
  Result<bool> finish();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  KeyType type_ = KeyType::kRsa;
  size_t bits_ = 0;
};

struct GeneratedKeyPair {
  std::string private_pem;  // PKCS#1 (RSA) or SEC1 (EC) PEM
  std::string public_pem;   // SubjectPublicKeyInfo PEM, as CloudFront takes it
};

// RSA-2048 (e = 65537) or EC P-256, from the DRBG.
Result<GeneratedKeyPair> generate_key_pair(KeyType type);

// Fills `out` with `size` random bytes from the process-wide DRBG (seeded from
// getentropy()). Returns false if the system entropy source failed.
bool random_bytes(unsigned char* out, size_t size);

}  // namespace cfsign
