// Synchronous start-up from a compiled WebAssembly.Module, shared by the Node/Deno/Bun,
// workerd and Vercel Edge entries. With a synchronous `instantiateWasm` the Emscripten runtime
// is ready when the factory returns, so these entries need no await and no `init()`.
// Nothing here draws random numbers: the DRBG in the core is seeded lazily on the first
// signature (workerd forbids randomness at global scope).
import createCfsignCore from '../../dist/core.mjs';
import { installCore } from './wasm.mjs';

export function installPrecompiled(wasmModule) {
  const core = {
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
