// Decoding and verifying signed URLs and cookies (public API). CloudFront's rules are applied
// in the C++ core; this module converts inputs and results.
import { fail } from './errors.mjs';
import { describe, nowSeconds, toEpochSeconds } from './dates.mjs';
import {
  createNativeVerifier,
  destroyNativeVerifier,
  nativeInspectCookies,
  nativeInspectUrl,
  nativeVerifierAddKey,
  nativeVerify,
  nativeVerifierKeyCount,
  nativeVerifySignature,
} from './internal/wasm.mjs';

const encoder = new TextEncoder();

function base64ToBytes(b64) {
  if (b64 === null) return null;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toParsed(raw) {
  return {
    source: raw.source,
    url: raw.url,
    resource: raw.resource,
    kind: raw.kind,
    policy: raw.policy,
    expires: raw.expires,
    notBefore: raw.notBefore,
    ipAddress: raw.ipAddress,
    keyPairId: raw.keyPairId,
    signature: {
      bytes: base64ToBytes(raw.signature.base64),
      length: raw.signature.length,
      algorithm: raw.signature.family,
    },
    hashAlgorithm: raw.hashAlgorithm,
    problems: raw.problems,
    warnings: raw.warnings,
  };
}

function cookieText(cookies) {
  if (typeof cookies === 'string') return cookies;
  if (cookies && typeof cookies === 'object') {
    const entries = cookies instanceof Map ? [...cookies.entries()] : Object.entries(cookies);
    return entries.map(([k, v]) => `${k}=${v}`).join('; ');
  }
  fail('INVALID_ARGUMENT', `cookies must be a Cookie header string, Set-Cookie lines or an object of name -> value (got ${describe(cookies)})`);
}

/**
 * Decodes a signed URL. Malformed content (bad base64, broken JSON, a missing parameter) is
 * reported in `problems` ({ code, message }), never thrown; only a non-string throws.
 */
export function parseSignedUrl(url) {
  if (typeof url !== 'string') fail('INVALID_ARGUMENT', `url must be a string (got ${describe(url)})`);
  return toParsed(nativeInspectUrl(url));
}

/**
 * Decodes signed cookies: a Cookie header ("a=b; c=d"), Set-Cookie lines, or an object of
 * name -> value. `options.url` is the request URL, needed to rebuild a canned policy.
 */
export function parseSignedCookies(cookies, options = {}) {
  const url = options?.url ?? '';
  if (typeof url !== 'string') fail('INVALID_ARGUMENT', 'options.url must be a string');
  return toParsed(nativeInspectCookies(cookieText(cookies), url));
}

function keyBytes(key, id) {
  if (typeof key === 'string') return encoder.encode(key);
  if (key instanceof Uint8Array) return Uint8Array.from(key);
  if (key instanceof ArrayBuffer) return new Uint8Array(key.slice(0));
  if (key && typeof key === 'object' && typeof key.export === 'function' && (key.type === 'public' || key.type === 'private')) {
    return new Uint8Array(key.type === 'public' ? key.export({ format: 'der', type: 'spki' }) : key.export({ format: 'der', type: 'pkcs8' }));
  }
  if (key && typeof key === 'object' && typeof key.kty === 'string') return encoder.encode(JSON.stringify(key));
  fail('KEY_INVALID', `key ${id} must be PEM text, DER bytes, a JWK or a KeyObject (got ${describe(key)})`);
}

function keyEntries(keys) {
  if (keys instanceof Map) return [...keys.entries()];
  if (Array.isArray(keys)) return keys.map((k) => [k?.id ?? k?.keyPairId, k?.publicKey ?? k?.key]);
  if (keys && typeof keys === 'object') return Object.entries(keys);
  fail('INVALID_ARGUMENT', 'keys must map key IDs to public keys: { K2JCJMDEHXQW5F: "-----BEGIN PUBLIC KEY-----..." }');
}

function epoch(value, param) {
  if (value === undefined || value === null) return nowSeconds();
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1e11) return Math.floor(value);
  return toEpochSeconds(value, param);
}

/**
 * A verifier for one key group. `keys` maps key IDs to public keys (PEM, DER, JWK, KeyObject,
 * or a private key whose public half is used). `keyGroupRules` (default true) rejects keys
 * CloudFront key groups do not accept (RSA other than 2048 bits) with KEY_NOT_ALLOWED.
 */
export class Verifier {
  #handle;

  /** @internal use createVerifier() */
  constructor(handle) {
    this.#handle = handle;
  }

  #live() {
    if (this.#handle === null) fail('VERIFIER_DISPOSED', 'this verifier has been disposed');
    return this.#handle;
  }

  get keyCount() { return nativeVerifierKeyCount(this.#live()); }

  /** Verifies a signed URL as CloudFront would: { valid, reason, detail, parsed }. */
  verifyUrl(url, options = {}) {
    return this.verifyRequest({ ...options, url });
  }

  /**
   * Verifies a request: URL parameters win over cookies when any of Expires, Policy,
   * Signature, Key-Pair-Id is in the query; otherwise the CloudFront-* cookies are used.
   */
  verifyRequest({ url, cookies, clientIp, now } = {}) {
    const handle = this.#live();
    if (typeof url !== 'string') fail('INVALID_ARGUMENT', `url must be a string (got ${describe(url)})`);
    const request = {
      url,
      cookies: cookies === undefined || cookies === null ? '' : cookieText(cookies),
      now: epoch(now, 'now'),
      clientIp: clientIp === undefined || clientIp === null ? '' : String(clientIp),
    };
    const r = nativeVerify(handle, request);
    let parsed;
    return {
      valid: r.valid,
      reason: r.reason,
      detail: r.detail,
      // Decoded on first access: a server that only checks `valid` does not pay for it.
      get parsed() { return (parsed ??= toParsed(JSON.parse(r.inspectionJson))); },
    };
  }

  dispose() {
    if (this.#handle === null) return;
    destroyNativeVerifier(this.#handle);
    this.#handle = null;
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Verifier.prototype[Symbol.dispose] = Verifier.prototype.dispose;
}

export function createVerifier(options) {
  if (options === null || typeof options !== 'object') fail('INVALID_ARGUMENT', 'createVerifier needs { keys }');
  const handle = createNativeVerifier(options.keyGroupRules !== false);
  try {
    const entries = keyEntries(options.keys);
    if (entries.length === 0) fail('INVALID_ARGUMENT', 'keys is empty: give at least one key ID and public key');
    for (const [id, key] of entries) {
      if (typeof id !== 'string' || id === '') fail('KEY_PAIR_ID_INVALID', 'every key needs a non-empty key ID');
      const bytes = keyBytes(key, id);
      try {
        nativeVerifierAddKey(handle, id, bytes);
      } finally {
        bytes.fill(0);
      }
    }
    return new Verifier(handle);
  } catch (error) {
    destroyNativeVerifier(handle);
    throw error;
  }
}

function bytesOf(value, param) {
  if (typeof value === 'string') return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  fail('INVALID_ARGUMENT', `${param} must be a string or bytes (got ${describe(value)})`);
}

/**
 * Low-level check of one signature: RSASSA-PKCS1-v1_5 or ECDSA P-256 (DER) over `data`
 * (a policy's exact bytes), hashed with SHA1 (default) or SHA256. Returns true or false;
 * throws only for an unusable key or bad arguments.
 */
export function verifySignature({ publicKey, data, signature, hashAlgorithm = 'SHA1' } = {}) {
  if (hashAlgorithm !== 'SHA1' && hashAlgorithm !== 'SHA256') {
    fail('HASH_UNSUPPORTED', `hashAlgorithm must be "SHA1" or "SHA256" (got ${JSON.stringify(hashAlgorithm)})`);
  }
  const key = keyBytes(publicKey, 'publicKey');
  try {
    return nativeVerifySignature(key, hashAlgorithm, bytesOf(data, 'data'), bytesOf(signature, 'signature'));
  } finally {
    key.fill(0);
  }
}
