// Synchronous start-up from a compiled WebAssembly.Module, shared by the Node/Deno/Bun,
// workerd and Vercel Edge entries. With a synchronous `instantiateWasm` the Emscripten runtime
// is ready when the factory returns, so these entries need no await and no `init()`.
// Nothing here draws random numbers (workerd forbids randomness at global scope): the core asks
// for them when a signer is created or signs.
import createCfsignCore from '../../dist/core.mjs';
import { installCore } from './wasm.mjs';

/**
 * `randomFill(view)`: optional secure random source filling a Uint8Array (the default is
 * crypto.getRandomValues); see bindings/library_entropy.js.
 */
export function installPrecompiled(wasmModule, { randomFill } = {}) {
  const core = {
    cfsignRandomFill: randomFill,
    // workerd and edge runtimes have no import.meta.url: locateFile skips the glue's new URL().
    locateFile: (file) => file,
    instantiateWasm(imports, receiveInstance) {
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receiveInstance(instance, wasmModule);
      return instance.exports;
    },
  };
  // The factory's promise resolves with `core` itself (already initialised by now).
  createCfsignCore(core).catch(() => {});
  installCore(core);
}
