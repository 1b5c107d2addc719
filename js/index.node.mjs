// Node.js entry (also used by Deno and Bun through the `deno` / `bun` export conditions):
// reads core.wasm from disk and instantiates it synchronously at import time, so no init call
// is needed and `require('cfsign')` works where Node supports require() of ES modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { installPrecompiled } from './internal/precompiled.mjs';
import { setNodeCryptoLoader } from './internal/engine.mjs';

// Node 18 has no global WebCrypto; the glue's entropy source needs getRandomValues. node:crypto
// is loaded only then (loading it costs several milliseconds of start-up elsewhere).
const require = createRequire(import.meta.url);
if (!globalThis.crypto?.getRandomValues) {
  const { webcrypto } = require('node:crypto');
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, writable: true });
}

// createSigner({ engine: 'node' }) signs RSA with node:crypto, loaded then.
setNodeCryptoLoader(() => require('node:crypto'));

installPrecompiled(new WebAssembly.Module(readFileSync(new URL('../dist/core.wasm', import.meta.url))));

/** Already resolved: the module is loaded at import time. */
export const ready = Promise.resolve();
/** Nothing to do here (the module is loaded from the package at import time); returns `ready`. */
export function init() { return ready; }
export * from './entry-common.mjs';
export { createSignerPool } from './pool.node.mjs';
