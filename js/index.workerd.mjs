// Cloudflare Workers (workerd) entry: the runtime refuses to compile WebAssembly from bytes,
// so core.wasm is imported as a precompiled WebAssembly.Module (CompiledWasm; wrangler does
// this for `.wasm` imports) and instantiated synchronously at import time. No randomness is
// drawn at global scope: random numbers are drawn when a signer is created or signs (in a request).
import wasmModule from '../dist/core.wasm';
import { installPrecompiled } from './internal/precompiled.mjs';

installPrecompiled(wasmModule);

/** Already resolved: the module is loaded at import time. */
export const ready = Promise.resolve();
/** Nothing to do here (the module is loaded at import time); returns `ready`. */
export function init() { return ready; }
export * from './entry-common.mjs';
