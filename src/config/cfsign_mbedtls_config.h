/* Minimal Mbed TLS 3.6 configuration for cfsign (selected with MBEDTLS_CONFIG_FILE).
 * Only what the signer and verifier use: PEM/DER/PK parsing and writing, RSA with
 * PKCS#1 v1.5, ECDSA on P-256 (deterministic, RFC 6979), SHA-1 and SHA-256, base64,
 * HMAC_DRBG seeded from getentropy() (no entropy module, no /dev/urandom, so
 * Emscripten's file system is not pulled in), and the ciphers needed to open
 * encrypted PEM keys (PKCS#8 PBES2 and the legacy "Proc-Type: 4,ENCRYPTED" form). */
#ifndef CFSIGN_MBEDTLS_CONFIG_H
#define CFSIGN_MBEDTLS_CONFIG_H

/* Platform: no file system, no time, no entropy polling of our own. */
#define MBEDTLS_NO_PLATFORM_ENTROPY

/* Big numbers, ASN.1, OIDs, base64 */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
#define MBEDTLS_BASE64_C

/* Keys */
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_PEM_WRITE_C

/* RSA, PKCS#1 v1.5, key generation */
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_GENPRIME

/* ECDSA on P-256 only */
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_WINDOW_SIZE 4
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 1
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC

/* Hashes and random numbers */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_HMAC_DRBG_C

/* Encrypted private keys: PKCS#8 PBES2 (PBKDF2-HMAC) with AES/3DES-CBC, and legacy
 * OpenSSL PEM encryption (which derives the key with MD5). */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CIPHER_MODE_CBC
#define MBEDTLS_AES_C
#define MBEDTLS_DES_C
#define MBEDTLS_MD5_C
#define MBEDTLS_PKCS5_C
#define MBEDTLS_PKCS12_C
#define MBEDTLS_CIPHER_PADDING_PKCS7

#endif /* CFSIGN_MBEDTLS_CONFIG_H */
