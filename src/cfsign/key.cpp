#include "cfsign/key.hpp"

#include <unistd.h>

#include <cstring>
#include <vector>

#include <mbedtls/ecp.h>
#include <mbedtls/hmac_drbg.h>
#include <mbedtls/md.h>
#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/rsa.h>

namespace cfsign {

namespace {

int system_entropy(void* /*ctx*/, unsigned char* out, size_t size) {
  while (size > 0) {
    size_t chunk = size > 256 ? 256 : size;  // getentropy() limit
    if (getentropy(out, chunk) != 0) return MBEDTLS_ERR_HMAC_DRBG_ENTROPY_SOURCE_FAILED;
    out += chunk;
    size -= chunk;
  }
  return 0;
}

struct Drbg {
  mbedtls_hmac_drbg_context ctx;
  bool seeded = false;
  Drbg() { mbedtls_hmac_drbg_init(&ctx); }
  ~Drbg() { mbedtls_hmac_drbg_free(&ctx); }
  bool ensure() {
    if (seeded) return true;
    static const unsigned char kPersonalization[] = "cfsign";
    int rc = mbedtls_hmac_drbg_seed(&ctx, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), system_entropy,
                                    nullptr, kPersonalization, sizeof(kPersonalization) - 1);
    seeded = rc == 0;
    return seeded;
  }
};

Drbg& drbg() {
  static Drbg instance;
  return instance;
}

int drbg_random(void* /*ctx*/, unsigned char* out, size_t size) {
  if (!drbg().ensure()) return MBEDTLS_ERR_HMAC_DRBG_ENTROPY_SOURCE_FAILED;
  return mbedtls_hmac_drbg_random(&drbg().ctx, out, size);
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

Error classify_parse_error(int rc, std::string_view text, bool have_passphrase) {
  const bool pem = contains(text, "-----BEGIN ");
  if (pem && (contains(text, "BEGIN PUBLIC KEY") || contains(text, "BEGIN RSA PUBLIC KEY")) &&
      !contains(text, "PRIVATE KEY")) {
    return make_error(code::kKeyInvalid, "privateKey is a public key; signing needs the private key");
  }
  if (pem && contains(text, "BEGIN CERTIFICATE") && !contains(text, "PRIVATE KEY")) {
    return make_error(code::kKeyInvalid, "privateKey is a certificate; signing needs the private key");
  }
  if (pem && contains(text, "BEGIN DSA PRIVATE KEY")) {
    return make_error(code::kKeyUnsupported, "privateKey is a DSA key: CloudFront accepts RSA and ECDSA P-256 keys only");
  }
  if (pem && contains(text, "BEGIN OPENSSH PRIVATE KEY")) {
    return make_error(code::kKeyUnsupported,
                      "privateKey is in OpenSSH format: convert it to PEM (ssh-keygen -p -m PEM) first");
  }
  switch (rc) {
    case MBEDTLS_ERR_PK_PASSWORD_REQUIRED:
      return make_error("KEY_PASSPHRASE_REQUIRED", "privateKey is encrypted: pass its passphrase");
    case MBEDTLS_ERR_PK_PASSWORD_MISMATCH:
      return make_error("KEY_PASSPHRASE_WRONG", have_passphrase
                                                    ? "passphrase does not open privateKey (wrong passphrase)"
                                                    : "privateKey is encrypted: pass its passphrase");
    case MBEDTLS_ERR_PK_UNKNOWN_PK_ALG:
      return make_error(code::kKeyUnsupported,
                        "privateKey uses an unsupported algorithm (for example DSA or Ed25519): CloudFront "
                        "accepts RSA and ECDSA P-256 keys only");
    case MBEDTLS_ERR_PK_UNKNOWN_NAMED_CURVE:
    case MBEDTLS_ERR_ECP_FEATURE_UNAVAILABLE:
      return make_error(code::kKeyUnsupported,
                        "privateKey is an EC key on a curve other than P-256 (prime256v1): CloudFront accepts "
                        "P-256 only");
    case MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE:
      return make_error(code::kKeyUnsupported, "privateKey uses a key format or cipher that is not supported");
    default:
      break;
  }
  if (pem) {
    return make_error(code::kKeyInvalid,
                      "privateKey is not a valid PEM private key (corrupt base64, wrong header or trailing garbage)");
  }
  return make_error(code::kKeyInvalid, "privateKey is neither a PEM nor a DER private key");
}

}  // namespace

const char* hash_name(HashAlg hash) { return hash == HashAlg::kSha256 ? "SHA256" : "SHA1"; }

bool random_bytes(unsigned char* out, size_t size) { return drbg_random(nullptr, out, size) == 0; }

struct PrivateKey::Impl {
  mbedtls_pk_context pk;
  Impl() { mbedtls_pk_init(&pk); }
  ~Impl() { mbedtls_pk_free(&pk); }  // mbedtls_pk_free wipes the context
};

PrivateKey::PrivateKey() : impl_(std::make_unique<Impl>()) {}
PrivateKey::~PrivateKey() = default;

Result<std::unique_ptr<PrivateKey>> PrivateKey::parse(const unsigned char* data, size_t size,
                                                      std::string_view passphrase) {
  if (data == nullptr || size == 0) return make_error(code::kKeyInvalid, "privateKey is empty");
  // Mbed TLS wants PEM NUL-terminated with the NUL counted; DER as is.
  std::string_view view(reinterpret_cast<const char*>(data), size);
  const bool pem = contains(view, "-----BEGIN ");
  std::vector<unsigned char> buffer(data, data + size);
  if (pem) {
    // Tolerate surrounding whitespace, but nothing else after the last END line.
    size_t end_marker = view.rfind("-----END ");
    if (end_marker != std::string_view::npos) {
      size_t line_end = view.find("-----", end_marker + 9);
      if (line_end != std::string_view::npos) {
        for (size_t i = line_end + 5; i < size; ++i) {
          char c = view[i];
          if (c != '\n' && c != '\r' && c != ' ' && c != '\t' && c != '\0') {
            mbedtls_platform_zeroize(buffer.data(), buffer.size());
            return make_error(code::kKeyInvalid, "privateKey has trailing data after its END line");
          }
        }
      }
    }
    buffer.push_back(0);
  }
  std::unique_ptr<PrivateKey> key(new PrivateKey());
  int rc = mbedtls_pk_parse_key(&key->impl_->pk, buffer.data(), buffer.size(),
                                reinterpret_cast<const unsigned char*>(passphrase.data()), passphrase.size(),
                                drbg_random, nullptr);
  Error parse_error;
  if (rc != 0) parse_error = classify_parse_error(rc, view, !passphrase.empty());
  mbedtls_platform_zeroize(buffer.data(), buffer.size());
  if (rc != 0) return parse_error;

  mbedtls_pk_type_t type = mbedtls_pk_get_type(&key->impl_->pk);
  if (type == MBEDTLS_PK_RSA) {
    key->type_ = KeyType::kRsa;
  } else if (type == MBEDTLS_PK_ECKEY || type == MBEDTLS_PK_ECDSA) {
    const mbedtls_ecp_keypair* ec = mbedtls_pk_ec(key->impl_->pk);
    if (mbedtls_ecp_keypair_get_group_id(ec) != MBEDTLS_ECP_DP_SECP256R1) {
      return make_error(code::kKeyUnsupported, "privateKey is an EC key on a curve other than P-256");
    }
    key->type_ = KeyType::kEc;
  } else {
    return make_error(code::kKeyUnsupported, "privateKey is neither RSA nor EC");
  }
  key->bits_ = mbedtls_pk_get_bitlen(&key->impl_->pk);
  return key;
}

Result<std::string> PrivateKey::sign(HashAlg hash, std::string_view message) const {
  const mbedtls_md_type_t md = hash == HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1;
  unsigned char digest[32];
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
  if (mbedtls_md(info, reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest) != 0) {
    return make_error(code::kSignFailed, "hashing the policy failed");
  }
  unsigned char sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
  size_t length = 0;
  int rc = mbedtls_pk_sign(&impl_->pk, md, digest, mbedtls_md_get_size(info), sig, sizeof(sig), &length,
                           drbg_random, nullptr);
  if (rc != 0) {
    return make_error(code::kSignFailed, "signing failed (Mbed TLS error -0x" + [&] {
      static const char hex[] = "0123456789abcdef";
      std::string s;
      for (int shift = 12; shift >= 0; shift -= 4) s.push_back(hex[((-rc) >> shift) & 15]);
      return s;
    }() + ")");
  }
  return std::string(reinterpret_cast<const char*>(sig), length);
}

}  // namespace cfsign
