// Node.js entry (also used by Deno and Bun): loads the WebAssembly module synchronously at
// import time, so no init call is needed and `require('cfsign')` works where Node supports
// require() of ES modules.
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import createCfsignCore from '../dist/core.mjs';
import { installCore } from './internal/wasm.mjs';

// Node 18 has no global WebCrypto; the glue's entropy source needs getRandomValues.
if (!globalThis.crypto?.getRandomValues) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true, writable: true });
}

const wasmModule = new WebAssembly.Module(readFileSync(new URL('../dist/core.wasm', import.meta.url)));
const core = {
  instantiateWasm(imports, receiveInstance) {
    const instance = new WebAssembly.Instance(wasmModule, imports);
    receiveInstance(instance, wasmModule);
    return instance.exports;
  },
};
// With a synchronous instantiateWasm the Emscripten runtime is ready when the factory returns;
// the object passed in is the module.
createCfsignCore(core).catch(() => {});
installCore(core);

/** Already resolved in Node: the module is loaded at import time. */
export const ready = Promise.resolve();
export * from './api.mjs';
export * from './verify.mjs';
export { createSignerPool } from './pool.node.mjs';
