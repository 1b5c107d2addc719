#include "cfsign/public_key.hpp"

#include "cfsign/base64.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <vector>

#include <mbedtls/base64.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/rsa.h>

#include "cfsign/p256.hpp"
#include "cfsign/rsa2048.hpp"

namespace cfsign {

namespace {

bool contains(std::string_view h, std::string_view n) { return h.find(n) != std::string_view::npos; }

// Reads a DER length (minimal form only) at `pos`; false on BER forms or overrun.
bool der_length(std::string_view der, size_t& pos, size_t& len) {
  if (pos >= der.size()) return false;
  const unsigned char first = static_cast<unsigned char>(der[pos++]);
  if (first < 0x80) {
    len = first;
    return true;
  }
  const size_t n = first & 0x7f;
  if (n == 0 || n > 2 || der.size() - pos < n) return false;  // indefinite or absurd lengths
  if (der[pos] == 0) return false;                              // leading zero octet
  len = 0;
  for (size_t i = 0; i < n; ++i) len = (len << 8) | static_cast<unsigned char>(der[pos++]);
  return len >= 0x80;                                           // short form was required
}

// A minimal, positive DER INTEGER at `pos`.
bool der_positive_integer(std::string_view der, size_t& pos) {
  if (pos >= der.size() || der[pos++] != 0x02) return false;
  size_t len = 0;
  if (!der_length(der, pos, len) || len == 0 || der.size() - pos < len) return false;
  const unsigned char b0 = static_cast<unsigned char>(der[pos]);
  if (b0 & 0x80) return false;                                              // negative
  if (len > 1 && b0 == 0 && !(static_cast<unsigned char>(der[pos + 1]) & 0x80)) return false;  // padded
  pos += len;
  return true;
}

// An ECDSA signature is exactly DER SEQUENCE { INTEGER r, INTEGER s }: Mbed TLS also takes
// BER lengths, zero-padded and negative integers, which CloudFront's signers never produce.
bool strict_ecdsa_der(std::string_view der) {
  size_t pos = 0, len = 0;
  if (der.empty() || der[pos++] != 0x30) return false;
  if (!der_length(der, pos, len) || der.size() - pos != len) return false;
  return der_positive_integer(der, pos) && der_positive_integer(der, pos) && pos == der.size();
}

}  // namespace

struct PublicKey::Impl {
  mbedtls_pk_context pk;
  // Fast verification state, when the key has the shape (else Mbed TLS verifies).
  std::unique_ptr<rsa2048::PublicOp> rsa_fast;   // 256-byte modulus
  std::unique_ptr<p256::VerifyKey> ec_fast;      // P-256
  Impl() { mbedtls_pk_init(&pk); }
  ~Impl() { mbedtls_pk_free(&pk); }
};

PublicKey::PublicKey() : impl_(std::make_unique<Impl>()) {}
PublicKey::~PublicKey() = default;

Result<std::unique_ptr<PublicKey>> PublicKey::parse(const unsigned char* data, size_t size) {
  if (data == nullptr || size == 0) return make_error(code::kKeyInvalid, "publicKey is empty");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::unique_ptr<PublicKey> key(new PublicKey());
  mbedtls_pk_context* pk = &key->impl_->pk;
  size_t first = text.find_first_not_of(" \t\r\n");
  int rc = -1;
  if (first != std::string_view::npos && text[first] == '{') {
    nlohmann::ordered_json jwk = nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, false);
    if (jwk.is_discarded() || !jwk.is_object() || !jwk.contains("kty") || !jwk["kty"].is_string()) {
      return make_error(code::kKeyInvalid, "publicKey is not a valid JWK");
    }
    const std::string kty = jwk["kty"].get<std::string>();
    auto member = [&](const char* name, std::string& out) {
      return jwk.contains(name) && jwk[name].is_string() && jwk_base64url_decode(jwk[name].get<std::string>(), out);
    };
    if (kty == "RSA") {
      std::string n, e;
      if (!member("n", n) || !member("e", e)) return make_error(code::kKeyInvalid, "publicKey JWK (RSA) needs n and e");
      rc = mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA));
      mbedtls_rsa_context* rsa = rc == 0 ? mbedtls_pk_rsa(*pk) : nullptr;
      if (rc == 0) {
        rc = mbedtls_rsa_import_raw(rsa, reinterpret_cast<const unsigned char*>(n.data()), n.size(), nullptr, 0,
                                    nullptr, 0, nullptr, 0, reinterpret_cast<const unsigned char*>(e.data()), e.size());
      }
      if (rc == 0) rc = mbedtls_rsa_complete(rsa);
      if (rc == 0) rc = mbedtls_rsa_check_pubkey(rsa);
      if (rc != 0) return make_error(code::kKeyInvalid, "publicKey JWK (RSA) is not a valid RSA public key");
    } else if (kty == "EC") {
      const std::string crv = jwk.contains("crv") && jwk["crv"].is_string() ? jwk["crv"].get<std::string>() : "";
      if (crv != "P-256") {
        return make_error(code::kKeyUnsupported, "publicKey JWK is on the curve \"" + crv + "\": CloudFront accepts P-256 only");
      }
      std::string x, y;
      if (!member("x", x) || !member("y", y) || x.size() != 32 || y.size() != 32) {
        return make_error(code::kKeyInvalid, "publicKey JWK (EC) needs 32-byte x and y");
      }
      rc = mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
      if (rc == 0) {
        std::string point = std::string(1, '\x04') + x + y;
        mbedtls_ecp_keypair* ec = mbedtls_pk_ec(*pk);
        mbedtls_ecp_group grp;
        mbedtls_ecp_point q;
        mbedtls_ecp_group_init(&grp);
        mbedtls_ecp_point_init(&q);
        rc = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
        if (rc == 0) rc = mbedtls_ecp_point_read_binary(&grp, &q, reinterpret_cast<const unsigned char*>(point.data()), point.size());
        if (rc == 0) rc = mbedtls_ecp_check_pubkey(&grp, &q);
        if (rc == 0) rc = mbedtls_ecp_set_public_key(MBEDTLS_ECP_DP_SECP256R1, ec, &q);
        mbedtls_ecp_point_free(&q);
        mbedtls_ecp_group_free(&grp);
      }
      if (rc != 0) return make_error(code::kKeyInvalid, "publicKey JWK (EC) is not a point on P-256");
    } else if (kty == "OKP") {
      return make_error(code::kKeyUnsupported, "publicKey JWK is an OKP (Ed25519) key: CloudFront accepts RSA and ECDSA P-256 keys only");
    } else {
      return make_error(code::kKeyUnsupported, "publicKey JWK has the unsupported kty \"" + kty + "\"");
    }
  } else {
    const bool pem = contains(text, "-----BEGIN ");
    const bool private_pem = pem && contains(text, "PRIVATE KEY-----");
    std::vector<unsigned char> buffer(data, data + size);
    if (pem) buffer.push_back(0);
    if (!private_pem) rc = mbedtls_pk_parse_public_key(pk, buffer.data(), buffer.size());
    if (rc != 0) {
      // A private key (PEM, DER or JWK) works too: we keep only its public part.
      mbedtls_platform_zeroize(buffer.data(), buffer.size());
      auto priv = PrivateKey::parse(data, size, "");
      if (!priv.ok()) {
        if (private_pem || priv.error().code != code::kKeyInvalid) return priv.error();
        return make_error(code::kKeyInvalid, "publicKey is not a valid PEM, DER or JWK public key");
      }
      auto der = priv.value()->public_key_der();
      if (!der.ok()) return der.error();
      mbedtls_pk_free(pk);
      mbedtls_pk_init(pk);
      rc = mbedtls_pk_parse_public_key(pk, reinterpret_cast<const unsigned char*>(der.value().data()), der.value().size());
      if (rc != 0) return make_error(code::kKeyInvalid, "publicKey could not be derived from the private key");
    }
    mbedtls_platform_zeroize(buffer.data(), buffer.size());
  }
  mbedtls_pk_type_t type = mbedtls_pk_get_type(pk);
  if (type == MBEDTLS_PK_RSA) {
    key->type_ = KeyType::kRsa;
  } else if (type == MBEDTLS_PK_ECKEY || type == MBEDTLS_PK_ECDSA) {
    if (mbedtls_ecp_keypair_get_group_id(mbedtls_pk_ec(*pk)) != MBEDTLS_ECP_DP_SECP256R1) {
      return make_error(code::kKeyUnsupported, "publicKey is an EC key on a curve other than P-256");
    }
    key->type_ = KeyType::kEc;
  } else {
    return make_error(code::kKeyUnsupported, "publicKey is neither RSA nor EC");
  }
  key->bits_ = mbedtls_pk_get_bitlen(pk);
  if (key->type_ == KeyType::kRsa) {
    key->impl_->rsa_fast = rsa2048::PublicOp::prepare(mbedtls_pk_rsa(*pk));
  } else {
    unsigned char point[65];
    size_t point_len = 0;
    auto fast = std::make_unique<p256::VerifyKey>();
    if (mbedtls_ecp_write_public_key(mbedtls_pk_ec(*pk), MBEDTLS_ECP_PF_UNCOMPRESSED, &point_len, point,
                                     sizeof(point)) == 0 &&
        point_len == sizeof(point) && fast->init(point)) {
      key->impl_->ec_fast = std::move(fast);
    }
  }
  return key;
}

bool PublicKey::verify(HashAlg hash, std::string_view message, std::string_view signature) const {
  const mbedtls_md_type_t md = hash == HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1;
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
  unsigned char digest[32];
  if (mbedtls_md(info, reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest) != 0) return false;
  if (signature.empty()) return false;
  if (type_ == KeyType::kEc && !strict_ecdsa_der(signature)) return false;
  const auto* sig = reinterpret_cast<const unsigned char*>(signature.data());
  if (impl_->rsa_fast) return impl_->rsa_fast->verify_digest(hash, digest, sig, signature.size());
  if (impl_->ec_fast) return impl_->ec_fast->verify_der(digest, mbedtls_md_get_size(info), sig, signature.size());
  return mbedtls_pk_verify(&impl_->pk, md, digest, mbedtls_md_get_size(info),
                           reinterpret_cast<const unsigned char*>(signature.data()), signature.size()) == 0;
}

std::string PublicKey::spki_pem() const {
  std::vector<unsigned char> buf(4096);
  if (mbedtls_pk_write_pubkey_pem(&impl_->pk, buf.data(), buf.size()) != 0) return "";
  return std::string(reinterpret_cast<const char*>(buf.data()));
}

Result<bool> verify_signature(const unsigned char* key, size_t key_size, HashAlg hash, std::string_view message,
                              std::string_view signature) {
  auto parsed = PublicKey::parse(key, key_size);
  if (!parsed.ok()) return parsed.error();
  return parsed.value()->verify(hash, message, signature);
}

}  // namespace cfsign
