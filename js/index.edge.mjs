// Vercel Edge / edge-light entry: like workerd, code generation from bytes is disabled, so
// core.wasm is imported with the `?module` suffix (a precompiled WebAssembly.Module, as
// Vercel and Next.js bundle it) and instantiated synchronously at import time.
import wasmModule from '../dist/core.wasm?module';
import { installPrecompiled } from './internal/precompiled.mjs';

installPrecompiled(wasmModule);

/** Already resolved: the module is loaded at import time. */
export const ready = Promise.resolve();
/** Nothing to do here (the module is loaded at import time); returns `ready`. */
export function init() { return ready; }
export * from './entry-common.mjs';
