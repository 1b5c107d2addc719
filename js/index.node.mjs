// Node.js entry (also used by Deno and Bun through the `deno` / `bun` export conditions):
// reads core.wasm from disk and instantiates it synchronously at import time, so no init call
// is needed and `require('cfsign')` works where Node supports require() of ES modules.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { installPrecompiled } from './internal/precompiled.mjs';
import { setNodeCryptoLoader } from './internal/engine.mjs';

// Node 18 has no global WebCrypto; the fallback entropy source needs getRandomValues. node:crypto
// is loaded only then (loading it costs several milliseconds of start-up elsewhere). The check
// reads the property descriptor: reading globalThis.crypto itself makes Node 20+ set up WebCrypto
// (~5 ms).
const require = createRequire(import.meta.url);
if (!Object.getOwnPropertyDescriptor(globalThis, 'crypto')) {
  const { webcrypto } = require('node:crypto');
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, writable: true });
}

// createSigner({ engine: 'node' }) signs RSA with node:crypto, loaded then.
setNodeCryptoLoader(() => require('node:crypto'));

// The core's random numbers (RSA blinding, key generation) under Node come from the OS CSPRNG
// through /dev/urandom: Node sets up WebCrypto on the first crypto.getRandomValues call, which
// costs ~5 ms of a cold start, and a read costs about as much as a warm getRandomValues call. No
// descriptor is kept open (worker threads come and go). Where /dev/urandom cannot be read
// (Windows) getRandomValues serves; Deno (which would ask for read permission) and Bun use
// getRandomValues from the start.
function urandomFill() {
  let usable = true;
  return (view) => {
    if (usable) {
      let fd = -1;
      try {
        fd = openSync('/dev/urandom', 'r');
        for (let done = 0; done < view.length;) {
          const n = readSync(fd, view, done, view.length - done, null);
          if (n <= 0) throw new Error('short read');
          done += n;
        }
        return;
      } catch {
        usable = false;
      } finally {
        if (fd >= 0) closeSync(fd);
      }
    }
    globalThis.crypto.getRandomValues(view);
  };
}
const plainNode = !globalThis.Deno && !globalThis.Bun;

const wasmModule = new WebAssembly.Module(readFileSync(new URL('../dist/core.wasm', import.meta.url)));
installPrecompiled(wasmModule, { randomFill: plainNode ? urandomFill() : undefined });

/** Already resolved: the module is loaded at import time. */
export const ready = Promise.resolve();
/** Nothing to do here (the module is loaded from the package at import time); returns `ready`. */
export function init() { return ready; }
export * from './entry-common.mjs';
export { createSignerPool } from './pool.node.mjs';
