// Browser / default entry: fetches core.wasm next to the glue (a URL bundlers understand)
// and initialises asynchronously. Await `ready` before the first call.
import createCfsignCore from '../dist/core.mjs';
import { CfsignError } from './errors.mjs';
import { installCore, loadFailed } from './internal/wasm.mjs';

/** Resolves once the WebAssembly module is loaded; calls made before throw NOT_READY. */
export const ready = createCfsignCore({}).then(
  (core) => { installCore(core); },
  (error) => {
    loadFailed(error);
    throw new CfsignError('NOT_READY', `cfsign could not load its WebAssembly module: ${error?.message ?? error}`);
  },
);
export * from './api.mjs';
export * from './verify.mjs';
