// Helpers shared by the native tests: reading fixture files from tests/vectors, hex
// decoding, and verifying signatures with Mbed TLS (independently of cfsign's key code).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include <mbedtls/md.h>
#include <mbedtls/pk.h>

#include "cfsign/base64.hpp"
#include "cfsign/key.hpp"

namespace cfsign_test {

inline std::string vectors_path(const std::string& relative) {
  return std::string(CFSIGN_VECTORS_DIR) + "/" + relative;
}

// Reads a file below tests/vectors; fails the test (and returns "") if it is missing.
inline std::string read_vector(const std::string& relative) {
  std::ifstream in(vectors_path(relative), std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "missing test vector file " << relative;
    return std::string();
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline const unsigned char* bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

inline std::string from_hex(const std::string& hex) {
  std::string out;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

// Parses a private key fixture; fails the test when it does not parse.
inline std::unique_ptr<cfsign::PrivateKey> load_key(const std::string& relative,
                                                    const std::string& passphrase = "") {
  const std::string data = read_vector(relative);
  auto parsed = cfsign::PrivateKey::parse(bytes(data), data.size(), passphrase);
  if (!parsed.ok()) {
    ADD_FAILURE() << relative << ": " << parsed.error().code << ": " << parsed.error().message;
    return nullptr;
  }
  return std::move(parsed.value());
}

// Verifies `signature` (raw bytes: PKCS#1 v1.5 or DER ECDSA) over `message` with the PEM
// public key in `public_pem`, using Mbed TLS directly.
inline bool verify_with_public_key(const std::string& public_pem, cfsign::HashAlg hash,
                                   const std::string& message, const std::string& signature) {
  mbedtls_pk_context pk;
  mbedtls_pk_init(&pk);
  std::string pem = public_pem;
  int rc = mbedtls_pk_parse_public_key(&pk, bytes(pem), pem.size() + 1);  // includes the NUL
  if (rc != 0) {
    mbedtls_pk_free(&pk);
    ADD_FAILURE() << "public key does not parse (-0x" << std::hex << -rc << ")";
    return false;
  }
  const mbedtls_md_type_t md = hash == cfsign::HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1;
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
  unsigned char digest[32];
  mbedtls_md(info, bytes(message), message.size(), digest);
  rc = mbedtls_pk_verify(&pk, md, digest, mbedtls_md_get_size(info), bytes(signature), signature.size());
  mbedtls_pk_free(&pk);
  return rc == 0;
}

// Same, with a CloudFront-base64 signature.
inline bool verify_cf_signature(const std::string& public_pem, cfsign::HashAlg hash,
                                const std::string& message, const std::string& cf_signature) {
  auto raw = cfsign::cf_base64_decode(cf_signature, "signature");
  if (!raw.ok()) {
    ADD_FAILURE() << raw.error().message;
    return false;
  }
  return verify_with_public_key(public_pem, hash, message, raw.value());
}

}  // namespace cfsign_test
