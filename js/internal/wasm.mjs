// The one module that touches the WebAssembly instance and its memory. Everything else goes
// through these functions. Secrets (key bytes, passphrases) are copied into wasm memory
// allocated here and wiped before it is freed.
import { CfsignError } from '../errors.mjs';

let core = null;

/** Installs the initialised Emscripten module (called once by the runtime entry). */
export function installCore(instance) {
  core = instance;
}

export function isReady() {
  return core !== null;
}

function requireCore() {
  if (core === null) {
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

function check(result) {
  if (!result.ok) throw new CfsignError(result.code, result.message);
  return result;
}

/**
 * Parses a private key into a native signer. `keyBytes` and `passBytes` are Uint8Arrays the
 * caller wipes; our wasm copies are wiped here.
 */
export function createNativeSigner(keyBytes, passBytes, keyPairId) {
  const c = requireCore();
  const keyPtr = copyIn(c, keyBytes);
  let passPtr = 0;
  try {
    passPtr = copyIn(c, passBytes);
    const handle = new c.Signer(keyPtr, keyBytes.length, passPtr, passBytes.length, keyPairId);
    if (!handle.ok()) {
      const error = new CfsignError(handle.errorCode(), handle.errorMessage());
      handle.delete();
      throw error;
    }
    return handle;
  } finally {
    wipeAndFree(c, keyPtr, keyBytes.length);
    if (passPtr) wipeAndFree(c, passPtr, passBytes.length);
  }
}

export function nativeKeyInfo(handle) {
  return { type: handle.keyType(), bits: handle.keyBits(), warnings: splitLines(handle.warnings()) };
}

export function nativeSignUrl(handle, request) {
  requireCore();
  const result = check(handle.signUrl(request));
  return {
    url: result.url,
    resource: result.resource,
    policy: result.policy,
    custom: result.custom,
    warnings: splitLines(result.warnings),
  };
}

/** Wipes the key inside wasm memory and frees the native object. */
export function destroyNativeSigner(handle) {
  handle.dispose();
  handle.delete();
}

export function base64Encode(bytes) {
  return check(requireCore().base64Encode(bytes)).value;
}

function splitLines(text) {
  return text === '' ? [] : text.split('\n');
}
