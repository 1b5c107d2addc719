#include "cfsign/key.hpp"

#include "cfsign/base64.hpp"
#include "cfsign/rsa2048.hpp"
#include "cfsign/p256.hpp"

#include <unistd.h>

#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include <mbedtls/base64.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/md.h>
#include <mbedtls/pem.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/rsa.h>

namespace cfsign {

namespace {

// The runtime's secure random source, used directly for every request (RSA blinding values,
// exponent blinding, key generation, EC blinding): getentropy() is the OS CSPRNG natively and,
// in WebAssembly, crypto.getRandomValues (or /dev/urandom under Node; see
// bindings/library_entropy.js). No DRBG layer: seeding one costs start-up time (~80 SHA-256
// blocks) and adds nothing over the OS generator. ECDSA nonces are RFC 6979 (p256.cpp).
int os_random(void* /*ctx*/, unsigned char* out, size_t size) {
  while (size > 0) {
    size_t chunk = size > 256 ? 256 : size;  // getentropy() limit
    if (getentropy(out, chunk) != 0) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    out += chunk;
    size -= chunk;
  }
  return 0;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// ---- unencrypted PEM private keys, decoded here ------------------------------------------
// Mbed TLS's PEM reader decodes base64 with per-character constant-time helper calls: about
// 5 ms of a cold start in wasm for one RSA key. The plain PEM shapes are decoded here instead
// (pem_base64_decode, also constant time) and handed to mbedtls_pk_parse_key as DER. Anything
// else (other labels, headers such as Proc-Type, unusual layout, a DER that does not match its
// label) is left to Mbed TLS's PEM path, which then decides exactly as before.
enum class PemKind { kPkcs1, kSec1, kPkcs8 };
struct PemLabel {
  std::string_view begin, end;
  PemKind kind;
};
// In mbedtls_pk_parse_key's order.
constexpr PemLabel kPemLabels[] = {
    {"-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", PemKind::kPkcs1},
    {"-----BEGIN EC PRIVATE KEY-----", "-----END EC PRIVATE KEY-----", PemKind::kSec1},
    {"-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", PemKind::kPkcs8},
};

// Does the DER start the way the label says? SEQUENCE { INTEGER version, then an INTEGER
// (PKCS#1, version 0), an OCTET STRING (SEC1, version 1) or a SEQUENCE (PKCS#8, version 0/1).
bool der_matches(const std::string& der, PemKind kind) {
  size_t i = 0;
  const auto byte = [&](size_t at) { return at < der.size() ? static_cast<unsigned char>(der[at]) : 0u; };
  if (byte(i++) != 0x30) return false;
  const unsigned len = byte(i++);
  if (len & 0x80) i += len & 0x7F;  // long-form length (its value is Mbed TLS's to check)
  if (byte(i) != 0x02 || byte(i + 1) != 0x01) return false;
  const unsigned version = byte(i + 2);
  const unsigned next = byte(i + 3);
  switch (kind) {
    case PemKind::kPkcs1: return version == 0 && next == 0x02;
    case PemKind::kSec1: return version == 1 && next == 0x04;
    case PemKind::kPkcs8: return version <= 1 && next == 0x30;
  }
  return false;
}

// The DER of the first unencrypted PEM private key Mbed TLS would read, or false.
bool plain_pem_der(std::string_view text, std::string& der) {
  for (const PemLabel& label : kPemLabels) {
    size_t at = text.find(label.begin);
    if (at == std::string_view::npos) continue;
    at += label.begin.size();
    if (at < text.size() && text[at] == '\r') ++at;
    if (at >= text.size() || text[at] != '\n') return false;
    const size_t end = text.find(label.end, at);
    if (end == std::string_view::npos) return false;
    if (!pem_base64_decode(text.substr(at + 1, end - at - 1), der)) return false;
    if (der_matches(der, label.kind)) return true;
    mbedtls_platform_zeroize(der.data(), der.size());
    der.clear();
    return false;
  }
  return false;
}

// Algorithm and curve OIDs (DER-encoded, with tag and length) of keys we refuse, so the
// error can name what was found.
struct KnownOid {
  const char* der;
  size_t size;
  const char* name;
  bool curve;
};
const KnownOid kRefusedOids[] = {
    {"\x06\x05\x2b\x81\x04\x00\x22", 7, "P-384 (secp384r1)", true},
    {"\x06\x05\x2b\x81\x04\x00\x23", 7, "P-521 (secp521r1)", true},
    {"\x06\x05\x2b\x81\x04\x00\x0a", 7, "secp256k1", true},
    {"\x06\x05\x2b\x81\x04\x00\x21", 7, "P-224 (secp224r1)", true},
    {"\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x01", 10, "P-192 (prime192v1)", true},
    {"\x06\x09\x2b\x24\x03\x03\x02\x08\x01\x01\x07", 11, "brainpoolP256r1", true},
    {"\x06\x03\x2b\x65\x70", 5, "Ed25519", false},
    {"\x06\x03\x2b\x65\x71", 5, "Ed448", false},
    {"\x06\x03\x2b\x65\x6e", 5, "X25519", false},
    {"\x06\x07\x2a\x86\x48\xce\x38\x04\x01", 9, "DSA", false},
    {"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a", 11, "RSA-PSS (RSASSA-PSS)", false},
    {"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x03\x01", 11, "Diffie-Hellman", false},
    {"\x06\x07\x2a\x86\x48\xce\x3e\x02\x01", 9, "Diffie-Hellman (X9.42)", false},
};

// The DER inside PEM blocks (all of them), or the input itself when it is not PEM.
std::string der_content(std::string_view text) {
  if (!contains(text, "-----BEGIN ")) return std::string(text);
  std::string der;
  size_t pos = 0;
  while ((pos = text.find("-----BEGIN ", pos)) != std::string_view::npos) {
    size_t body = text.find('\n', pos);
    size_t end = text.find("-----END ", pos);
    if (body == std::string_view::npos || end == std::string_view::npos || end < body) break;
    std::string b64;
    for (size_t i = body + 1; i < end; ++i) {
      char c = text[i];
      if (c == ':') { b64.clear(); break; }  // encrypted-PEM headers: nothing to read
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') b64.push_back(c);
    }
    size_t n = 0;
    mbedtls_base64_decode(nullptr, 0, &n, reinterpret_cast<const unsigned char*>(b64.data()), b64.size());
    std::string out(n, '\0');
    if (mbedtls_base64_decode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &n,
                              reinterpret_cast<const unsigned char*>(b64.data()), b64.size()) == 0) {
      out.resize(n);
      der += out;
    }
    mbedtls_platform_zeroize(b64.data(), b64.size());
    mbedtls_platform_zeroize(out.data(), out.size());
    pos = end + 9;
  }
  return der;
}

const KnownOid* find_refused_oid(std::string_view text) {
  std::string der = der_content(text);
  const KnownOid* found = nullptr;
  for (const KnownOid& oid : kRefusedOids) {
    if (der.find(std::string_view(oid.der, oid.size)) != std::string::npos) { found = &oid; break; }
  }
  mbedtls_platform_zeroize(der.data(), der.size());
  return found;
}

Error refused_key(const KnownOid& oid) {
  if (oid.curve) {
    return make_error(code::kKeyUnsupported, std::string("privateKey is an EC key on the curve ") + oid.name +
                                                 ": CloudFront accepts P-256 (prime256v1) only");
  }
  return make_error(code::kKeyUnsupported, std::string("privateKey is a key of type ") + oid.name +
                                               ": CloudFront accepts RSA and ECDSA P-256 keys only");
}

Error classify_parse_error(int rc, std::string_view text, bool have_passphrase) {
  const bool pem = contains(text, "-----BEGIN ");
  if (rc != MBEDTLS_ERR_PK_PASSWORD_REQUIRED && rc != MBEDTLS_ERR_PK_PASSWORD_MISMATCH) {
    if (const KnownOid* oid = find_refused_oid(text)) return refused_key(*oid);
  }
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
      return make_error(code::kKeyPassphraseRequired, "privateKey is encrypted: pass its passphrase");
    case MBEDTLS_ERR_PK_PASSWORD_MISMATCH:
      return make_error(have_passphrase ? code::kKeyPassphraseWrong : code::kKeyPassphraseRequired, have_passphrase
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

bool random_bytes(unsigned char* out, size_t size) { return os_random(nullptr, out, size) == 0; }

struct PrivateKey::Impl {
  mbedtls_pk_context pk;
  std::unique_ptr<rsa2048::FastKey> rsa_fast;  // RSA-2048, two 1024-bit primes (rsa2048.cpp); wipes itself
  std::unique_ptr<p256::SigningKey> ec_fast;  // P-256 fast signing (p256.cpp); wipes itself
  Impl() { mbedtls_pk_init(&pk); }
  ~Impl() { mbedtls_pk_free(&pk); }  // mbedtls_pk_free wipes the context
};

PrivateKey::PrivateKey() : impl_(std::make_unique<Impl>()) {}
PrivateKey::~PrivateKey() = default;

namespace {

class Wiped {  // a std::string wiped on destruction
 public:
  std::string value;
  ~Wiped() { mbedtls_platform_zeroize(value.data(), value.size()); }
};

}  // namespace

Result<std::unique_ptr<PrivateKey>> PrivateKey::parse_jwk(std::string_view json) {
  nlohmann::ordered_json jwk = nlohmann::ordered_json::parse(json.begin(), json.end(), nullptr, false);
  if (jwk.is_discarded() || !jwk.is_object()) return make_error(code::kKeyInvalid, "privateKey is not a valid JWK (JSON object)");
  auto member = [&](const char* name, Wiped& out) -> bool {
    auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) return false;
    return jwk_base64url_decode(it->get_ref<const std::string&>(), out.value);
  };
  auto kty_it = jwk.find("kty");
  if (kty_it == jwk.end() || !kty_it->is_string()) return make_error(code::kKeyInvalid, "privateKey JWK has no \"kty\"");
  const std::string kty = kty_it->get<std::string>();
  if (kty != "RSA" && kty != "EC") {
    return make_error(code::kKeyUnsupported,
                      "privateKey JWK has kty \"" + kty + "\": CloudFront accepts RSA and ECDSA P-256 keys only");
  }
  if (jwk.find("d") == jwk.end()) {
    return make_error(code::kKeyInvalid, "privateKey is a public JWK (no \"d\"); signing needs the private key");
  }
  std::unique_ptr<PrivateKey> key(new PrivateKey());
  mbedtls_pk_context* pk = &key->impl_->pk;
  if (kty == "RSA") {
    Wiped n, e, d, p, q;
    if (!member("n", n) || !member("e", e) || !member("d", d)) {
      return make_error(code::kKeyInvalid, "privateKey JWK (RSA) needs base64url members n, e and d");
    }
    bool has_pq = member("p", p) && member("q", q);
    if (mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) != 0) {
      return make_error(code::kKeyInvalid, "privateKey JWK could not be loaded");
    }
    mbedtls_rsa_context* rsa = mbedtls_pk_rsa(*pk);
    auto u = [](const Wiped& w) { return reinterpret_cast<const unsigned char*>(w.value.data()); };
    int rc = mbedtls_rsa_import_raw(rsa, u(n), n.value.size(), has_pq ? u(p) : nullptr, has_pq ? p.value.size() : 0,
                                    has_pq ? u(q) : nullptr, has_pq ? q.value.size() : 0, u(d), d.value.size(),
                                    u(e), e.value.size());
    if (rc == 0) rc = mbedtls_rsa_complete(rsa);
    if (rc == 0) rc = mbedtls_rsa_check_privkey(rsa);
    if (rc != 0) return make_error(code::kKeyInvalid, "privateKey JWK (RSA) is not a consistent RSA private key");
  } else if (kty == "EC") {
    auto crv = jwk.find("crv");
    const std::string curve = crv != jwk.end() && crv->is_string() ? crv->get<std::string>() : "";
    if (curve != "P-256") {
      return make_error(code::kKeyUnsupported, "privateKey JWK is an EC key on the curve \"" + curve +
                                                   "\": CloudFront accepts P-256 only");
    }
    Wiped d, x, y;
    if (!member("d", d) || d.value.size() != 32) {
      return make_error(code::kKeyInvalid, "privateKey JWK (EC) needs a 32-byte base64url member d");
    }
    if (mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0) {
      return make_error(code::kKeyInvalid, "privateKey JWK could not be loaded");
    }
    mbedtls_ecp_keypair* ec = mbedtls_pk_ec(*pk);
    int rc = mbedtls_ecp_read_key(MBEDTLS_ECP_DP_SECP256R1, ec,
                                  reinterpret_cast<const unsigned char*>(d.value.data()), d.value.size());
    if (rc == 0) rc = mbedtls_ecp_keypair_calc_public(ec, os_random, nullptr);
    if (rc != 0) return make_error(code::kKeyInvalid, "privateKey JWK (EC) has an invalid private scalar d");
    if (member("x", x) && member("y", y)) {
      unsigned char point[65];
      size_t len = 0;
      if (mbedtls_ecp_write_public_key(ec, MBEDTLS_ECP_PF_UNCOMPRESSED, &len, point, sizeof(point)) != 0 ||
          len != 65 || x.value.size() != 32 || y.value.size() != 32 ||
          std::memcmp(point + 1, x.value.data(), 32) != 0 || std::memcmp(point + 33, y.value.data(), 32) != 0) {
        return make_error(code::kKeyInvalid, "privateKey JWK (EC): x and y do not belong to d");
      }
    }
  } else if (kty == "OKP") {
    return make_error(code::kKeyUnsupported,
                      "privateKey JWK is an OKP (Ed25519/X25519) key: CloudFront accepts RSA and ECDSA P-256 keys only");
  } else {
    return make_error(code::kKeyUnsupported, "privateKey JWK has the unsupported kty \"" + kty + "\"");
  }
  auto done = key->finish();
  if (!done.ok()) return done.error();
  return key;
}

namespace {
// Whether an RSA private key's components agree where signing uses them. Signing (our kernel,
// and Mbed TLS for other key shapes: both CRT) uses N, E, P, Q, DP, DQ and QP, never D, and is
// correct exactly when N = P*Q, QP*Q = 1 mod P, DP*E = 1 mod (P - 1) and DQ*E = 1 mod (Q - 1);
// each signature is also checked with the public key before it is released. Mbed TLS's
// mbedtls_rsa_check_privkey checks D against all of these too, with three more divisions of
// 2048-bit numbers: enough work in Mbed TLS's multiply-accumulate loop for V8 to re-compile it
// in a background job while a cold start sets up the key (the key took 14.4 ms, 11.8 without;
// README, Performance). D is checked where it is used: export_der, which writes it out.
bool rsa_crt_consistent(const mbedtls_rsa_context* rsa) {
  if (mbedtls_rsa_check_pubkey(rsa) != 0) return false;  // N, E: sizes, odd, 3 <= E < N
  mbedtls_mpi N, P, Q, D, E, DP, DQ, QP, T, U;
  mbedtls_mpi* all[] = {&N, &P, &Q, &D, &E, &DP, &DQ, &QP, &T, &U};
  for (mbedtls_mpi* x : all) mbedtls_mpi_init(x);
  bool ok = mbedtls_rsa_export(rsa, &N, &P, &Q, &D, &E) == 0 && mbedtls_rsa_export_crt(rsa, &DP, &DQ, &QP) == 0;
  // 1 < P, Q; 0 < DP < P, 0 < DQ < Q, 0 < QP < P (as Mbed TLS's context check and our kernel need)
  ok = ok && mbedtls_mpi_cmp_int(&P, 1) > 0 && mbedtls_mpi_cmp_int(&Q, 1) > 0;
  ok = ok && mbedtls_mpi_cmp_int(&DP, 0) > 0 && mbedtls_mpi_cmp_mpi(&DP, &P) < 0;
  ok = ok && mbedtls_mpi_cmp_int(&DQ, 0) > 0 && mbedtls_mpi_cmp_mpi(&DQ, &Q) < 0;
  ok = ok && mbedtls_mpi_cmp_int(&QP, 0) > 0 && mbedtls_mpi_cmp_mpi(&QP, &P) < 0;
  // N = P * Q
  ok = ok && mbedtls_mpi_mul_mpi(&T, &P, &Q) == 0 && mbedtls_mpi_cmp_mpi(&T, &N) == 0;
  // QP * Q = 1 mod P
  ok = ok && mbedtls_mpi_mul_mpi(&T, &QP, &Q) == 0 && mbedtls_mpi_mod_mpi(&U, &T, &P) == 0 &&
       mbedtls_mpi_cmp_int(&U, 1) == 0;
  // DP * E = 1 mod (P - 1), DQ * E = 1 mod (Q - 1)
  ok = ok && mbedtls_mpi_sub_int(&U, &P, 1) == 0 && mbedtls_mpi_mul_mpi(&T, &DP, &E) == 0 &&
       mbedtls_mpi_mod_mpi(&T, &T, &U) == 0 && mbedtls_mpi_cmp_int(&T, 1) == 0;
  ok = ok && mbedtls_mpi_sub_int(&U, &Q, 1) == 0 && mbedtls_mpi_mul_mpi(&T, &DQ, &E) == 0 &&
       mbedtls_mpi_mod_mpi(&T, &T, &U) == 0 && mbedtls_mpi_cmp_int(&T, 1) == 0;
  for (mbedtls_mpi* x : all) mbedtls_mpi_free(x);  // wipes
  return ok;
}
}  // namespace

Result<bool> PrivateKey::finish() {
  mbedtls_pk_type_t type = mbedtls_pk_get_type(&impl_->pk);
  if (type == MBEDTLS_PK_RSA) {
    // Mbed TLS does not check N = P*Q etc. when parsing PEM/DER; a damaged key would only
    // fail later, at signing time, as SIGN_FAILED.
    if (!rsa_crt_consistent(mbedtls_pk_rsa(impl_->pk))) {
      return make_error(code::kKeyInvalid, "privateKey is corrupt: its RSA components are inconsistent");
    }
    // Own constant-time RSA-2048 kernel (rsa2048.cpp); nullptr for other shapes: Mbed TLS signs.
    impl_->rsa_fast = rsa2048::FastKey::prepare(mbedtls_pk_rsa(impl_->pk));
    type_ = KeyType::kRsa;
  } else if (type == MBEDTLS_PK_ECKEY || type == MBEDTLS_PK_ECDSA) {
    const mbedtls_ecp_keypair* ec = mbedtls_pk_ec(impl_->pk);
    if (mbedtls_ecp_keypair_get_group_id(ec) != MBEDTLS_ECP_DP_SECP256R1) {
      return make_error(code::kKeyUnsupported, "privateKey is an EC key on a curve other than P-256");
    }
    // Fast constant-time P-256 signing (p256.cpp); without it sign() uses mbedtls_pk_sign.
    unsigned char d[32];
    size_t d_len = 0;
    if (mbedtls_ecp_write_key_ext(ec, &d_len, d, sizeof(d)) == 0 && d_len == sizeof(d)) {
      auto fast = std::make_unique<p256::SigningKey>();
      if (fast->init(d)) impl_->ec_fast = std::move(fast);
    }
    mbedtls_platform_zeroize(d, sizeof(d));
    type_ = KeyType::kEc;
  } else {
    return make_error(code::kKeyUnsupported, "privateKey is neither RSA nor EC");
  }
  bits_ = mbedtls_pk_get_bitlen(&impl_->pk);
  return true;
}

Result<GeneratedKeyPair> generate_key_pair(KeyType type) {
  mbedtls_pk_context pk;
  mbedtls_pk_init(&pk);
  struct Cleanup {
    mbedtls_pk_context* pk;
    ~Cleanup() { mbedtls_pk_free(pk); }
  } cleanup{&pk};
  int rc;
  if (type == KeyType::kRsa) {
    rc = mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA));
    if (rc == 0) rc = mbedtls_rsa_gen_key(mbedtls_pk_rsa(pk), os_random, nullptr, 2048, 65537);
  } else {
    rc = mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (rc == 0) rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(pk), os_random, nullptr);
  }
  if (rc != 0) return make_error(code::kSignFailed, "key generation failed (random source unavailable?)");
  std::vector<unsigned char> buf(8192);
  GeneratedKeyPair out;
  if (mbedtls_pk_write_key_pem(&pk, buf.data(), buf.size()) != 0) {
    mbedtls_platform_zeroize(buf.data(), buf.size());
    return make_error(code::kSignFailed, "writing the generated private key failed");
  }
  out.private_pem.assign(reinterpret_cast<const char*>(buf.data()));
  mbedtls_platform_zeroize(buf.data(), buf.size());
  if (mbedtls_pk_write_pubkey_pem(&pk, buf.data(), buf.size()) != 0) {
    return make_error(code::kSignFailed, "writing the generated public key failed");
  }
  out.public_pem.assign(reinterpret_cast<const char*>(buf.data()));
  return out;
}

Result<std::unique_ptr<PrivateKey>> PrivateKey::parse(const unsigned char* data, size_t size,
                                                      std::string_view passphrase) {
  if (data == nullptr || size == 0) return make_error(code::kKeyInvalid, "privateKey is empty");
  {
    size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) ++i;
    if (i < size && data[i] == '{') return parse_jwk(std::string_view(reinterpret_cast<const char*>(data), size));
  }
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
  int rc = -1;
  if (pem && passphrase.empty()) {
    std::string der;
    if (plain_pem_der(view, der)) {
      rc = mbedtls_pk_parse_key(&key->impl_->pk, reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                                nullptr, 0, os_random, nullptr);
      if (rc != 0) {  // Mbed TLS's PEM path below decides, and words the error
        mbedtls_pk_free(&key->impl_->pk);
        mbedtls_pk_init(&key->impl_->pk);
      }
    }
    mbedtls_platform_zeroize(der.data(), der.size());
  }
  if (rc != 0) {
    rc = mbedtls_pk_parse_key(&key->impl_->pk, buffer.data(), buffer.size(),
                              reinterpret_cast<const unsigned char*>(passphrase.data()), passphrase.size(),
                              os_random, nullptr);
  }
  Error parse_error;
  if (rc != 0) parse_error = classify_parse_error(rc, view, !passphrase.empty());
  mbedtls_platform_zeroize(buffer.data(), buffer.size());
  if (rc != 0) return parse_error;

  auto done = key->finish();
  if (!done.ok()) return done.error();
  return key;
}

const char* PrivateKey::implementation() const {
  if (impl_->rsa_fast) return rsa2048::FastKey::kernel_id();
  if (impl_->ec_fast) return "p256";
  return "mbedtls";
}

Result<std::string> PrivateKey::sign(HashAlg hash, std::string_view message) const {
  const mbedtls_md_type_t md = hash == HashAlg::kSha256 ? MBEDTLS_MD_SHA256 : MBEDTLS_MD_SHA1;
  unsigned char digest[32];
  const mbedtls_md_info_t* info = mbedtls_md_info_from_type(md);
  if (mbedtls_md(info, reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest) != 0) {
    return make_error(code::kSignFailed, "hashing the policy failed");
  }
  if (impl_->rsa_fast) {  // byte-identical to mbedtls_pk_sign (deterministic PKCS#1 v1.5)
    unsigned char rsa_sig[256];
    if (!impl_->rsa_fast->sign_digest(hash, digest, rsa_sig)) {
      return make_error(code::kSignFailed, "signing failed (RSA fault check or random source)");
    }
    return std::string(reinterpret_cast<const char*>(rsa_sig), sizeof(rsa_sig));
  }
  if (impl_->ec_fast) {  // byte-identical to mbedtls_pk_sign's deterministic ECDSA; else fall through
    unsigned char ec_sig[p256::kMaxSignatureSize];
    size_t ec_len = 0;
    if (impl_->ec_fast->sign_der(md, digest, mbedtls_md_get_size(info), ec_sig, &ec_len)) {
      return std::string(reinterpret_cast<const char*>(ec_sig), ec_len);
    }
  }
  unsigned char sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
  size_t length = 0;
  int rc = mbedtls_pk_sign(&impl_->pk, md, digest, mbedtls_md_get_size(info), sig, sizeof(sig), &length,
                           os_random, nullptr);
  if (rc != 0) {
    if (((-rc) & 0x7F) == -MBEDTLS_ERR_ENTROPY_SOURCE_FAILED) {  // low-level part of the code: os_random failed
      return make_error(code::kSignFailed, "signing failed: the runtime's secure random source is unavailable");
    }
    return make_error(code::kSignFailed, "signing failed (Mbed TLS error -0x" + [&] {
      static const char hex[] = "0123456789abcdef";
      std::string s;
      for (int shift = 12; shift >= 0; shift -= 4) s.push_back(hex[((-rc) >> shift) & 15]);
      return s;
    }() + ")");
  }
  return std::string(reinterpret_cast<const char*>(sig), length);
}

Result<std::string> PrivateKey::public_key_der() const {
  unsigned char buf[2048];
  int len = mbedtls_pk_write_pubkey_der(&impl_->pk, buf, sizeof(buf));
  if (len <= 0) return make_error(code::kKeyInvalid, "the public key could not be taken from the private key");
  return std::string(reinterpret_cast<const char*>(buf + sizeof(buf) - len), static_cast<size_t>(len));
}

size_t PrivateKey::export_der(unsigned char* out, size_t cap) const {
  if (out == nullptr || cap == 0) return 0;
  // Parsing checked what signing uses (rsa_crt_consistent); what is written out must be whole.
  if (mbedtls_pk_get_type(&impl_->pk) == MBEDTLS_PK_RSA && mbedtls_rsa_check_privkey(mbedtls_pk_rsa(impl_->pk)) != 0) {
    return 0;
  }
  // mbedtls_pk_write_key_der writes at the end of its buffer: write into scratch, copy, wipe.
  std::vector<unsigned char> scratch(cap);
  const int len = mbedtls_pk_write_key_der(&impl_->pk, scratch.data(), scratch.size());
  size_t written = 0;
  if (len > 0 && static_cast<size_t>(len) <= cap) {
    std::memcpy(out, scratch.data() + scratch.size() - static_cast<size_t>(len), static_cast<size_t>(len));
    written = static_cast<size_t>(len);
  }
  mbedtls_platform_zeroize(scratch.data(), scratch.size());
  return written;
}

}  // namespace cfsign
