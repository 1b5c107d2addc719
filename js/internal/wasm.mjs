// The one module that touches the WebAssembly instance and its memory. Everything else goes
// through these functions. Secrets (key bytes, passphrases) are copied into wasm memory
// allocated here and wiped before it is freed.
import { CfsignError } from '../errors.mjs';

let core = null;
let loadError = null;

/** Installs the initialised Emscripten module (called once by the runtime entry). */
export function installCore(instance) {
  core = instance;
}

/** Records why loading the module failed, so later calls can say so. */
export function loadFailed(error) {
  loadError = error;
}

function requireCore() {
  if (core === null) {
    if (loadError !== null) {
      throw new CfsignError('NOT_READY', `cfsign could not load its WebAssembly module: ${loadError?.message ?? loadError}`);
    }
    throw new CfsignError('NOT_READY', 'cfsign is still loading its WebAssembly module: await `ready` first');
  }
  return core;
}

function copyIn(c, bytes) {
  const ptr = c._malloc(Math.max(1, bytes.length));
  if (!ptr) throw new CfsignError('OUT_OF_MEMORY', 'could not allocate WebAssembly memory');
  c.HEAPU8.set(bytes, ptr);
  return ptr;
}

function wipeAndFree(c, ptr, length) {
  c.HEAPU8.fill(0, ptr, ptr + Math.max(1, length));  // HEAPU8 is re-read: memory may have grown
  c._free(ptr);
}

// The core answers in compact JSON text (bindings/cfsign_bindings.cpp): {"ok":true,...} or
// {"ok":false,"code","message"}.
function check(json) {
  const result = JSON.parse(json);
  if (!result.ok) throw new CfsignError(result.code, result.message);
  return result;
}

// Request flags, as bindings/cfsign_bindings.cpp reads them.
const SHA256 = 1 << 0;
const EMIT_HASH_PARAM = 1 << 1;
const MODE_EXACT = 1 << 2;
const ORDER_AWS_SDK = 1 << 3;
const ALLOW_EXPIRED = 1 << 4;
const PLAN_ONLY = 1 << 5;
const HAS_EXPIRES = 1 << 6;
const HAS_NOT_BEFORE = 1 << 7;
const WILDCARD_FORCES_CUSTOM = 1 << 8;

function commonFlags(r) {
  return (r.hash === 'SHA256' ? SHA256 : 0) | (r.allowExpired ? ALLOW_EXPIRED : 0) | (r.planOnly ? PLAN_ONLY : 0)
    | (r.hasExpires ? HAS_EXPIRES : 0) | (r.hasNotBefore ? HAS_NOT_BEFORE : 0);
}

/**
 * Runs `fn(c, ...pointers)` with each of `buffers` (secret bytes: keys, passphrases) copied into
 * wasm memory; every copy is wiped and freed afterwards, whatever happens.
 */
function withSecretCopies(buffers, fn) {
  const c = requireCore();
  const ptrs = [];
  try {
    for (const bytes of buffers) ptrs.push(copyIn(c, bytes));
    return fn(c, ...ptrs);
  } finally {
    ptrs.forEach((ptr, i) => wipeAndFree(c, ptr, buffers[i].length));
  }
}

/**
 * Parses a private key into a native signer. `keyBytes` and `passBytes` are Uint8Arrays the
 * caller wipes; our wasm copies are wiped here.
 */
export function createNativeSigner(keyBytes, passBytes, keyPairId) {
  return withSecretCopies([keyBytes, passBytes], (c, keyPtr, passPtr) => {
    const handle = new c.Signer(keyPtr, keyBytes.length, passPtr, passBytes.length, keyPairId);
    const info = JSON.parse(handle.info());
    if (!info.ok) {
      handle.delete();
      throw new CfsignError(info.code, info.message);
    }
    return handle;
  });
}

/**
 * The signer's private key as DER (PKCS#1 for RSA), for handing it to node:crypto. Returns a
 * copy in JavaScript memory that the caller must wipe (fill(0)); the wasm buffer is wiped here.
 */
export function nativeExportPrivateKeyDer(handle) {
  const c = requireCore();
  const cap = 16384;
  const ptr = c._malloc(cap);
  if (!ptr) throw new CfsignError('OUT_OF_MEMORY', 'could not allocate WebAssembly memory');
  try {
    const length = handle.exportPrivateKey(ptr, cap);
    if (length === 0) {
      throw new CfsignError('KEY_INVALID', "privateKey could not be exported for engine 'node': an RSA key's private " +
        "exponent d does not match its other components (engine 'wasm' signs with it: signing does not use d)");
    }
    return c.HEAPU8.slice(ptr, ptr + length);
  } finally {
    wipeAndFree(c, ptr, cap);
  }
}

/** SHA-256 fingerprint of key bytes + passphrase + key ID (computed in wasm; copies wiped). */
export function nativeKeyFingerprint(keyBytes, passBytes, keyPairId) {
  return withSecretCopies([keyBytes, passBytes], (c, keyPtr, passPtr) =>
    c.keyFingerprint(keyPtr, keyBytes.length, passPtr, passBytes.length, keyPairId));
}

export function nativeKeyInfo(handle) {
  const info = check(handle.info());
  return { type: info.keyType, bits: info.keyBits, implementation: info.implementation, warnings: info.warnings };
}

export function nativeSignUrl(handle, request) {
  requireCore();
  const r = request;
  const flags = commonFlags(r) | (r.emitHashParam ? EMIT_HASH_PARAM : 0) | (r.mode === 'exact' ? MODE_EXACT : 0)
    | (r.order === 'aws-sdk' ? ORDER_AWS_SDK : 0);
  const result = check(handle.signUrl(r.url, r.ipAddress, r.policyResource, r.policy, r.signature, r.expires,
    r.notBefore, r.now, flags));
  return {
    url: result.url,
    resource: result.resource,
    policy: result.policy,
    custom: result.custom,
    warnings: result.warnings,
  };
}

export function nativeSignCookies(handle, request) {
  requireCore();
  const q = request;
  const flags = commonFlags(q) | (q.wildcardForcesCustom ? WILDCARD_FORCES_CUSTOM : 0);
  const r = check(handle.signCookies(q.url, q.resource, q.ipAddress, q.policy, q.signature, q.expires, q.notBefore,
    q.now, flags));
  return {
    resource: r.resource,
    policy: r.policy,
    custom: r.custom,
    expires: r.expires,
    policyBase64: r.policyBase64,
    signature: r.signature,
    hashAlgorithm: r.hashAlgorithm,
    warnings: r.warnings,
  };
}

/** Formats Set-Cookie header values; `cookies` is an array of [name, value]. */
export function nativeSetCookieHeaders(cookies, attributes) {
  const c = requireCore();
  const names = cookies.map(([n]) => n).join('\n');
  const values = cookies.map(([, v]) => String(v)).join('\n');
  const a = attributes;
  const flags = (a.secure ? 1 : 0) | (a.httpOnly ? 2 : 0) | (a.hasMaxAge ? 4 : 0) | (a.hasExpires ? 8 : 0);
  return check(c.setCookieHeaders(names, values, a.domain, a.path, a.sameSite, a.maxAge, a.expires, flags)).headers;
}

export function nativeGenerateKeyPair(type) {
  const r = check(requireCore().generateKeyPair(type));
  return { privateKey: r.privateKey, publicKey: r.publicKey };
}

/** Wipes the key inside wasm memory and frees the native object. */
export function destroyNativeSigner(handle) {
  handle.dispose();
  handle.delete();
}

export function nativeInspectUrl(url) {
  return JSON.parse(requireCore().inspectUrl(url));
}

export function nativeInspectCookies(cookies, url) {
  return JSON.parse(requireCore().inspectCookies(cookies, url));
}

/** Verifies raw bytes; the key may be private (our wasm copy is wiped). */
export function nativeVerifySignature(keyBytes, hash, message, signature) {
  return withSecretCopies([keyBytes], (c, ptr) =>
    check(c.verifySignature(ptr, keyBytes.length, hash, message, signature)).valid);
}

export function createNativeVerifier(enforceKeyGroupRules) {
  const handle = new (requireCore().Verifier)();
  handle.setKeyGroupRules(enforceKeyGroupRules);
  return handle;
}

/** Adds a key (bytes the caller wipes; our wasm copy is wiped here: it may be a private key). */
export function nativeVerifierAddKey(handle, keyPairId, keyBytes) {
  withSecretCopies([keyBytes], (_c, ptr) => check(handle.addKey(keyPairId, ptr, keyBytes.length)));
}

export function nativeVerify(handle, request) {
  requireCore();
  const text = handle.verify(request.url, request.cookies, request.now, request.clientIp);
  // The verdict, a newline, then the inspection: that stays JSON text until someone reads it.
  const split = text.indexOf('\n');
  const r = JSON.parse(text.slice(0, split));
  return { valid: r.valid, reason: r.reason, detail: r.detail, inspectionJson: text.slice(split + 1) };
}

export function nativeVerifierKeyCount(handle) {
  return handle.keyCount();
}

export function destroyNativeVerifier(handle) {
  handle.delete();
}

/** Bytes of WebAssembly memory currently reserved (for diagnostics and leak checks). */
export function nativeMemoryBytes() {
  return requireCore().HEAPU8.length;
}
