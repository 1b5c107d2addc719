// Browser / default entry: fetches core.wasm next to the glue (a URL bundlers understand)
// and initialises asynchronously. Await `ready` before the first call.
import createCfsignCore from '../dist/core.mjs';
import { installCore } from './internal/wasm.mjs';

/** Resolves once the WebAssembly module is loaded; calls made before throw NOT_READY. */
export const ready = createCfsignCore({}).then((core) => { installCore(core); });
export * from './api.mjs';
