// The public API, shared by every runtime entry. It validates JavaScript inputs, converts
// dates, and calls the C++ core through ./internal/wasm.mjs.
import { CfsignError, fail } from './errors.mjs';
import { describe, nowSeconds, sdkEpochSeconds, toEpochSeconds } from './dates.mjs';
import {
  createNativeSigner,
  destroyNativeSigner,
  nativeGenerateKeyPair,
  nativeExportPrivateKeyDer,
  nativeKeyFingerprint,
  nativeKeyInfo,
  nativeMemoryBytes,
  nativeSetCookieHeaders,
  nativeSignCookies,
  nativeSignUrl,
} from './internal/wasm.mjs';
import { nodeCrypto } from './internal/engine.mjs';

export { CfsignError };

const HASHES = new Set(['SHA1', 'SHA256']);
const encoder = new TextEncoder();

// Native handles of signers the caller forgot to dispose are wiped when collected.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => { try { destroyNativeSigner(handle); } catch { /* already gone */ } })
  : null;

function keyToBytes(privateKey) {
  if (typeof privateKey === 'string') {
    if (privateKey.trim() === '') fail('KEY_INVALID', 'privateKey is empty');
    return { bytes: encoder.encode(privateKey), owned: true };
  }
  if (privateKey instanceof Uint8Array) return { bytes: privateKey, owned: false };
  if (privateKey instanceof ArrayBuffer) return { bytes: new Uint8Array(privateKey), owned: false };
  if (privateKey && typeof privateKey === 'object' && typeof privateKey.kty === 'string') {
    // A JWK object: the core parses JWK JSON.
    return { bytes: encoder.encode(JSON.stringify(privateKey)), owned: true };
  }
  if (privateKey && typeof privateKey === 'object' && privateKey.type === 'public' && typeof privateKey.export === 'function') {
    fail('KEY_INVALID', 'privateKey is a public KeyObject; signing needs the private key');
  }
  if (privateKey && typeof privateKey === 'object' && privateKey.type === 'private' && typeof privateKey.export === 'function') {
    // A node:crypto KeyObject: export it as PKCS#8 DER for the core.
    return { bytes: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })), owned: true };
  }
  fail('KEY_INVALID', `privateKey must be a PEM string, DER bytes (Uint8Array/Buffer), a private JWK or a KeyObject (got ${describe(privateKey)})`);
}

function passphraseToBytes(passphrase) {
  if (passphrase === undefined || passphrase === null) return new Uint8Array(0);
  if (typeof passphrase === 'string') return encoder.encode(passphrase);
  if (passphrase instanceof Uint8Array) return Uint8Array.from(passphrase);
  fail('INVALID_ARGUMENT', `passphrase must be a string (got ${describe(passphrase)})`);
}

function checkKeyPairId(keyPairId) {
  if (typeof keyPairId !== 'string') {
    fail('KEY_PAIR_ID_INVALID', `keyPairId must be a string such as "K2JCJMDEHXQW5F" (got ${describe(keyPairId)})`);
  }
  return keyPairId;
}

function checkHash(hash, param) {
  if (!HASHES.has(hash)) {
    fail('HASH_UNSUPPORTED', `${param} must be "SHA1" or "SHA256" (got ${JSON.stringify(hash)})`);
  }
  return hash;
}

function checkEngine(engine) {
  if (engine === undefined || engine === null) return 'wasm';
  if (engine !== 'wasm' && engine !== 'node') {
    fail('INVALID_ARGUMENT', `engine must be "wasm" or "node" (got ${describe(engine)})`);
  }
  return engine;
}

function openNativeSigner(privateKey, passphrase, keyPairId) {
  const key = keyToBytes(privateKey);
  const pass = passphraseToBytes(passphrase);
  try {
    return createNativeSigner(key.bytes, pass, keyPairId);
  } finally {
    if (key.owned) key.bytes.fill(0);
    pass.fill(0);
  }
}

// Signers of the drop-in functions, by key content fingerprint and engine (LRU, bounded).
// Evicted signers are disposed, which wipes the key in wasm memory.
const KEY_CACHE_LIMIT = 16;
const keyCache = new Map();

function cachedSigner(privateKey, passphrase, keyPairId, engine) {
  const key = keyToBytes(privateKey);
  const pass = passphraseToBytes(passphrase);
  try {
    const id = `${nativeKeyFingerprint(key.bytes, pass, keyPairId)}/${engine}`;
    let signer = keyCache.get(id);
    if (signer !== undefined) {
      keyCache.delete(id);
      keyCache.set(id, signer);
      return signer;
    }
    const handle = createNativeSigner(key.bytes, pass, keyPairId);
    try {
      signer = new Signer(handle, keyPairId, undefined, engine);
    } catch (error) {
      destroyNativeSigner(handle);
      throw error;
    }
    keyCache.set(id, signer);
    while (keyCache.size > KEY_CACHE_LIMIT) {
      const [oldest, old] = keyCache.entries().next().value;
      keyCache.delete(oldest);
      old.dispose();
    }
    return signer;
  } finally {
    if (key.owned) key.bytes.fill(0);
    pass.fill(0);
  }
}

// Module-private access to a Signer's signing path (set in the class's static block).
let signWith;

/** Size of cfsign's WebAssembly memory in bytes (diagnostics: it should not grow under steady use). */
export function wasmMemorySize() {
  return nativeMemoryBytes();
}

/** Disposes (and wipes) every key the drop-in functions have cached. */
export function clearKeyCache() {
  for (const signer of keyCache.values()) signer.dispose();
  keyCache.clear();
}

function optionalString(value, param) {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') fail('INVALID_ARGUMENT', `${param} must be a string (got ${describe(value)})`);
  return value;
}

function requireUrl(url) {
  if (typeof url !== 'string') fail('URL_INVALID', `url must be a string (got ${describe(url)})`);
  return url;
}

function baseRequest() {
  return {
    url: '', hasExpires: false, expires: 0, hasNotBefore: false, notBefore: 0,
    ipAddress: '', policyResource: '', policy: '', hash: 'SHA1', emitHashParam: false,
    mode: 'aws-sdk', order: 'guide', now: nowSeconds(), allowExpired: false, planOnly: false, signature: '',
  };
}

function cookieRequest(hash) {
  return {
    url: '', resource: '', wildcardForcesCustom: true, hasExpires: false, expires: 0, hasNotBefore: false,
    notBefore: 0, ipAddress: '', policy: '', hash, now: nowSeconds(), allowExpired: false, planOnly: false,
    signature: '',
  };
}

function cookieAttributes(options = {}) {
  if (options === null || typeof options !== 'object') fail('INVALID_ARGUMENT', 'cookie attributes must be an object');
  const attrs = {
    domain: optionalString(options.domain, 'domain'),
    path: optionalString(options.path, 'path') || '/',
    sameSite: optionalString(options.sameSite, 'sameSite'),
    secure: options.secure !== false,
    httpOnly: options.httpOnly !== false,
    hasMaxAge: false, maxAge: 0, hasExpires: false, expires: 0,
  };
  if (options.maxAge !== undefined && options.maxAge !== null) {
    if (!Number.isInteger(options.maxAge)) fail('COOKIE_ATTRIBUTE_INVALID', 'maxAge must be an integer number of seconds');
    attrs.hasMaxAge = true;
    attrs.maxAge = options.maxAge;
  }
  if (options.expires !== undefined && options.expires !== null) {
    attrs.hasExpires = true;
    attrs.expires = toEpochSeconds(options.expires, 'expires');
  }
  return attrs;
}

/**
 * Formats `Set-Cookie` header values for a cookie map (as returned by signCookies). Safe
 * defaults: Secure, HttpOnly, Path=/, session cookies (no Expires/Max-Age unless given).
 */
export function formatSetCookieHeaders(cookies, attributes) {
  if (cookies === null || typeof cookies !== 'object') fail('INVALID_ARGUMENT', 'cookies must be an object of name -> value');
  const entries = Object.entries(cookies).map(([name, value]) => [name, String(value)]);
  for (const [name, value] of entries) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) fail('COOKIE_ATTRIBUTE_INVALID', `cookie name ${JSON.stringify(name)} is not a valid token`);
    if (!/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/.test(value)) fail('COOKIE_ATTRIBUTE_INVALID', `cookie ${name} has a value with characters not allowed in a cookie`);
  }
  return nativeSetCookieHeaders(entries, cookieAttributes(attributes));
}

/**
 * A signer holds one parsed private key (in WebAssembly memory) and its key pair ID.
 * Create it once, sign many URLs, and call dispose() (or use `using`) to wipe the key.
 */
export class Signer {
  #handle;
  #keyPairId;
  #hash;
  #info;
  #nodeKey = null;  // engine 'node': a node:crypto KeyObject of the RSA key
  #nodeSign = null;

  /** @internal use createSigner() */
  constructor(handle, keyPairId, hash, engine = 'wasm') {
    this.#handle = handle;
    this.#keyPairId = keyPairId;
    this.#info = nativeKeyInfo(handle);
    this.#hash = hash ?? (this.#info.type === 'ec' ? 'SHA256' : 'SHA1');
    // ECDSA stays in wasm under either engine: node:crypto has no deterministic (RFC 6979) ECDSA.
    if (engine === 'node' && this.#info.type === 'rsa') {
      const crypto = nodeCrypto();
      if (crypto === null) {
        fail('ENGINE_UNAVAILABLE', "engine 'node' needs node:crypto (Node.js, Deno, Bun); this runtime has the 'wasm' engine only");
      }
      const der = nativeExportPrivateKeyDer(handle);
      try {
        this.#nodeKey = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
      } catch (error) {
        fail('KEY_UNSUPPORTED', `privateKey: node:crypto could not load it for engine 'node' (${error?.code ?? 'error'}); use engine 'wasm'`);
      } finally {
        der.fill(0);
      }
      this.#nodeSign = crypto.sign;
    }
    registry?.register(this, handle, this);
  }

  /**
   * 'node' when RSA signatures are made by node:crypto (createSigner({ engine: 'node' })),
   * otherwise 'wasm' (always for ECDSA keys).
   */
  get engine() { return this.#nodeKey === null ? 'wasm' : 'node'; }

  get keyPairId() { return this.#keyPairId; }
  /** 'rsa' or 'ec' */
  get keyType() { return this.#info.type; }
  get keyBits() { return this.#info.bits; }
  /**
   * Which code makes the signatures: 'rsa2048-simd128' (cfsign's RSA-2048 kernel), 'p256'
   * (cfsign's P-256 signer), 'mbedtls' (other key shapes, e.g. RSA-3072) or 'node:crypto'
   * (engine 'node').
   */
  get implementation() { return this.#nodeKey === null ? this.#info.implementation : 'node:crypto'; }
  get hashAlgorithm() { return this.#hash; }
  /** Warnings about the key itself, e.g. an RSA modulus that is not 2048 bits. */
  get warnings() { return [...this.#info.warnings]; }
  get disposed() { return this.#handle === null; }

  // Signs through the core; with the node engine, the core plans the policy, node:crypto signs
  // it, and the core checks that signature with the public key before it builds the result.
  #signed(handle, req, nativeFn) {
    if (this.#nodeKey === null) return nativeFn(handle, req);
    req.planOnly = true;
    const { policy } = nativeFn(handle, req);
    req.planOnly = false;
    try {
      req.signature = this.#nodeSign(req.hash === 'SHA256' ? 'sha256' : 'sha1', encoder.encode(policy), this.#nodeKey);
    } catch (error) {
      fail('SIGN_FAILED', `node:crypto could not sign (${error?.code ?? 'error'})`);
    }
    return nativeFn(handle, req);
  }

  static {
    signWith = (signer, req, nativeFn) => signer.#signed(signer.#live(), req, nativeFn);
  }

  #live() {
    if (this.#handle === null) fail('SIGNER_DISPOSED', 'this signer has been disposed; create a new one with createSigner()');
    return this.#handle;
  }

  /**
   * Signs `url` and returns the signed URL, with the signing parameters in the order of the
   * AWS guide (Expires|Policy, Signature, Key-Pair-Id, Hash-Algorithm).
   */
  signUrl(url, options) {
    return this.signUrlDetailed(url, options).url;
  }

  /** Like signUrl, but also returns the signed resource, the policy bytes and warnings. */
  signUrlDetailed(url, options = {}) {
    const handle = this.#live();
    if (options === null || typeof options !== 'object') fail('INVALID_ARGUMENT', 'options must be an object');
    const now = nowSeconds();
    const req = baseRequest();
    req.url = requireUrl(url);
    req.now = now;
    if (options.expires === undefined || options.expires === null) {
      fail('DATE_MISSING', 'options.expires is required (a Date, epoch seconds, an ISO-8601 string or a duration like "1h")');
    }
    req.hasExpires = true;
    req.expires = toEpochSeconds(options.expires, 'options.expires', now);
    if (options.notBefore !== undefined && options.notBefore !== null) {
      req.hasNotBefore = true;
      req.notBefore = toEpochSeconds(options.notBefore, 'options.notBefore', now);
    }
    req.ipAddress = optionalString(options.ipAddress, 'options.ipAddress');
    req.policyResource = optionalString(options.policyResource, 'options.policyResource');
    req.hash = options.hashAlgorithm === undefined || options.hashAlgorithm === null ? this.#hash : checkHash(options.hashAlgorithm, 'options.hashAlgorithm');
    req.mode = options.exact ? 'exact' : 'aws-sdk';
    req.allowExpired = options.allowExpired === true;
    const result = this.#signed(handle, req, nativeSignUrl);
    return {
      url: result.url,
      resource: result.resource,
      policy: result.policy,
      kind: result.custom ? 'custom' : 'canned',
      warnings: result.warnings,
    };
  }

  /**
   * Signs cookies for `options.resource` (a URL, or a pattern with '*' / '?', which always
   * gives a custom policy). Returns the cookie name -> value map, in the order CloudFront
   * documents: CloudFront-Expires | CloudFront-Policy, CloudFront-Signature,
   * CloudFront-Key-Pair-Id, and CloudFront-Hash-Algorithm with SHA-256.
   */
  signCookies(options) {
    return this.signCookiesDetailed(options).cookies;
  }

  /** Like signCookies, but also returns the resource, the policy bytes, the kind and warnings. */
  signCookiesDetailed(options = {}) {
    const handle = this.#live();
    if (options === null || typeof options !== 'object') fail('INVALID_ARGUMENT', 'options must be an object');
    const hash = options.hashAlgorithm === undefined || options.hashAlgorithm === null ? this.#hash : checkHash(options.hashAlgorithm, 'options.hashAlgorithm');
    const req = cookieRequest(hash);
    if (typeof options.resource !== 'string' || options.resource === '') {
      fail('RESOURCE_INVALID', 'options.resource is required: the URL or pattern (with * or ?) the cookies grant');
    }
    req.resource = options.resource;
    if (options.expires === undefined || options.expires === null) {
      fail('DATE_MISSING', 'options.expires is required (a Date, epoch seconds, an ISO-8601 string or a duration like "1h")');
    }
    req.hasExpires = true;
    req.expires = toEpochSeconds(options.expires, 'options.expires', req.now);
    if (options.notBefore !== undefined && options.notBefore !== null) {
      req.hasNotBefore = true;
      req.notBefore = toEpochSeconds(options.notBefore, 'options.notBefore', req.now);
    }
    req.ipAddress = optionalString(options.ipAddress, 'options.ipAddress');
    req.allowExpired = options.allowExpired === true;
    const r = this.#signed(handle, req, nativeSignCookies);
    const cookies = {};
    if (r.custom) cookies['CloudFront-Policy'] = r.policyBase64;
    else cookies['CloudFront-Expires'] = String(r.expires);
    cookies['CloudFront-Signature'] = r.signature;
    cookies['CloudFront-Key-Pair-Id'] = this.#keyPairId;
    if (r.hashAlgorithm) cookies['CloudFront-Hash-Algorithm'] = r.hashAlgorithm;
    return { cookies, resource: r.resource, policy: r.policy, kind: r.custom ? 'custom' : 'canned', warnings: r.warnings };
  }

  /**
   * Signs cookies and returns ready `Set-Cookie` header values. `attributes`: domain, path
   * (a trailing '*' is written as the prefix it means), sameSite, secure (default true),
   * httpOnly (default true), maxAge / expires (default: session cookies).
   */
  setCookieHeaders(options, attributes) {
    return formatSetCookieHeaders(this.signCookies(options), attributes);
  }

  /** Wipes the private key in WebAssembly memory. Using the signer afterwards throws SIGNER_DISPOSED. */
  dispose() {
    if (this.#handle === null) return;
    registry?.unregister(this);
    destroyNativeSigner(this.#handle);
    this.#handle = null;
    this.#nodeKey = null;  // OpenSSL frees (and clears) it when the KeyObject is collected
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Signer.prototype[Symbol.dispose] = Signer.prototype.dispose;
}

/**
 * createSigner({ keyPairId, privateKey, passphrase?, hashAlgorithm?, engine? })
 * hashAlgorithm defaults to SHA1 for RSA keys and SHA256 for EC keys.
 */
export function createSigner(options) {
  if (options === null || typeof options !== 'object') fail('INVALID_ARGUMENT', 'createSigner needs an options object');
  const keyPairId = checkKeyPairId(options.keyPairId);
  const hash = options.hashAlgorithm === undefined || options.hashAlgorithm === null ? undefined : checkHash(options.hashAlgorithm, 'hashAlgorithm');
  const engine = checkEngine(options.engine);
  const handle = openNativeSigner(options.privateKey, options.passphrase, keyPairId);
  try {
    return new Signer(handle, keyPairId, hash, engine);
  } catch (error) {
    destroyNativeSigner(handle);
    throw error;
  }
}

// The SDK's conditions (dateLessThan, dateGreaterThan, ipAddress) with its date rules, into a
// native request (URL or cookies).
function applySdkConditions(req, { dateLessThan, dateGreaterThan, ipAddress }) {
  const expires = sdkEpochSeconds(dateLessThan, 'dateLessThan');
  if (expires === undefined) fail('DATE_MISSING', 'dateLessThan is required (any value the Date constructor accepts)');
  req.hasExpires = true;
  req.expires = expires;
  const start = sdkEpochSeconds(dateGreaterThan, 'dateGreaterThan');
  if (start !== undefined) {
    req.hasNotBefore = true;
    req.notBefore = start;
  }
  req.ipAddress = optionalString(ipAddress, 'ipAddress');
}

function sdkHash(algorithm) {
  return algorithm === undefined || algorithm === null ? 'SHA1' : checkHash(algorithm, 'algorithm');
}

/**
 * Drop-in replacement for getSignedUrl of @aws-sdk/cloudfront-signer: same parameters, same
 * date handling (numbers are milliseconds, rounded to the nearest second), same parameter
 * order (Expires|Policy, Key-Pair-Id, Signature, Hash-Algorithm) and the same URL encoding;
 * it refuses inputs that would give a URL CloudFront rejects (see the README).
 */
export function getSignedUrl(params) {
  if (params === null || typeof params !== 'object') fail('INVALID_ARGUMENT', 'getSignedUrl needs a parameters object');
  const { url, keyPairId, privateKey, policy, passphrase, algorithm } = params;
  checkKeyPairId(keyPairId);
  const hash = sdkHash(algorithm);
  const req = baseRequest();
  req.order = 'aws-sdk';
  req.hash = hash;
  req.allowExpired = params.allowExpired === true;
  const policyText = policy === undefined || policy === null || policy === '' ? '' : policy;
  if (policyText !== '' && typeof policyText !== 'string') {
    fail('POLICY_INVALID', `policy must be a JSON string (got ${describe(policy)})`);
  }
  if (url === undefined || url === null || url === '') {
    if (policyText === '') fail('URL_INVALID', "url is required (or a policy whose first statement has a Resource)");
    let resource;
    try { resource = JSON.parse(policyText)?.Statement?.[0]?.Resource; } catch { resource = undefined; }
    if (typeof resource !== 'string' || resource === '') {
      fail('POLICY_INVALID', 'no url given, and the policy has no Resource to take it from');
    }
    // As the SDK: the URL is the Resource itself, used verbatim (never re-encoded).
    req.url = resource.replace('*://', 'https://');
    req.mode = 'exact';
  } else {
    req.url = requireUrl(url);
  }
  if (policyText !== '') {
    req.policy = policyText;
  } else {
    applySdkConditions(req, params);
  }
  return signWith(cachedSigner(privateKey, passphrase, keyPairId, checkEngine(params.engine)), req, nativeSignUrl).url;
}

/**
 * Drop-in replacement for getSignedCookies of @aws-sdk/cloudfront-signer: same parameters and
 * result shape (CloudFront-Expires is a number). Unlike the SDK, the URL is encoded exactly as
 * getSignedUrl encodes it, so cookies and signed URL cover the same resource.
 */
export function getSignedCookies(params) {
  if (params === null || typeof params !== 'object') fail('INVALID_ARGUMENT', 'getSignedCookies needs a parameters object');
  const { url, keyPairId, privateKey, policy, passphrase, algorithm } = params;
  checkKeyPairId(keyPairId);
  const hash = sdkHash(algorithm);
  const req = cookieRequest(hash);
  req.wildcardForcesCustom = false;
  req.allowExpired = params.allowExpired === true;
  if (policy !== undefined && policy !== null && policy !== '') {
    if (typeof policy !== 'string') fail('POLICY_INVALID', `policy must be a JSON string (got ${describe(policy)})`);
    req.policy = policy;
  } else {
    req.url = requireUrl(url);
    if (req.url === '') fail('URL_INVALID', 'url is required (or a policy)');
    applySdkConditions(req, params);
  }
  const r = signWith(cachedSigner(privateKey, passphrase, keyPairId, checkEngine(params.engine)), req, nativeSignCookies);
  const cookies = { 'CloudFront-Key-Pair-Id': keyPairId, 'CloudFront-Signature': r.signature };
  if (!r.custom) cookies['CloudFront-Expires'] = r.expires;
  if (r.custom) cookies['CloudFront-Policy'] = r.policyBase64;
  if (hash === 'SHA256') cookies['CloudFront-Hash-Algorithm'] = 'SHA256';
  return cookies;
}

/**
 * Generates a key pair for CloudFront: { type: 'ec' } (P-256, the default) or { type: 'rsa' }
 * (RSA-2048). Returns PEM strings: the private key (SEC1 / PKCS#1) and the public key
 * (SubjectPublicKeyInfo, what CloudFront's public-key upload takes).
 */
export function generateKeyPair(options = {}) {
  const type = options?.type ?? 'ec';
  if (type !== 'ec' && type !== 'rsa') fail('INVALID_ARGUMENT', `type must be 'ec' or 'rsa' (got ${JSON.stringify(type)})`);
  return nativeGenerateKeyPair(type);
}
