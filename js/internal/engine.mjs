// node:crypto for the 'node' signing engine (RSA signatures by OpenSSL). Only the Node entry
// (also used by Deno and Bun) supplies it; other runtimes have the 'wasm' engine only.
let loader = null;
let loaded = null;

/** Called once by the Node entry with a synchronous loader of node:crypto. */
export function setNodeCryptoLoader(fn) {
  loader = fn;
}

/** node:crypto, loaded on first use, or null where this runtime has no Node engine. */
export function nodeCrypto() {
  if (loaded === null && loader !== null) loaded = loader();
  return loaded;
}
