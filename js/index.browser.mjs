// Browser / default entry: loads core.wasm asynchronously. By default the glue fetches
// `core.wasm` next to itself (new URL('core.wasm', import.meta.url), a pattern bundlers
// understand). `init({ wasmUrl | wasmModule | wasmBinary })` chooses another source; it must be
// called before the automatic load starts, which happens in a microtask after this module is
// evaluated: calling init() in the same synchronous code as the import (e.g. right after a
// static `import`) always wins. Await `ready` (or the promise init() returns) before the first
// call; calls made earlier throw NOT_READY.
import createCfsignCore from '../dist/core.mjs';
import { CfsignError } from './errors.mjs';
import { installCore, loadFailed } from './internal/wasm.mjs';

let resolveReady;
let rejectReady;
/** Resolves once the WebAssembly module is loaded; rejects (NOT_READY) if loading failed. */
export const ready = new Promise((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
let started = false;

function isThenable(value) {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
}

function checkOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') {
    throw new CfsignError('INVALID_ARGUMENT', 'init() takes { wasmUrl?, wasmModule?, wasmBinary? }');
  }
  const given = ['wasmUrl', 'wasmModule', 'wasmBinary'].filter((k) => options[k] !== undefined && options[k] !== null);
  if (given.length > 1) {
    throw new CfsignError('INVALID_ARGUMENT', `init() takes one of wasmUrl, wasmModule, wasmBinary (got ${given.join(', ')})`);
  }
  const { wasmUrl, wasmModule, wasmBinary } = options;
  if (wasmUrl !== undefined && wasmUrl !== null && typeof wasmUrl !== 'string' && !(wasmUrl instanceof URL)) {
    throw new CfsignError('INVALID_ARGUMENT', 'init(): wasmUrl must be a string or a URL');
  }
  if (wasmModule !== undefined && wasmModule !== null && !(wasmModule instanceof WebAssembly.Module) && !isThenable(wasmModule)) {
    throw new CfsignError('INVALID_ARGUMENT', 'init(): wasmModule must be a WebAssembly.Module (or a promise of one)');
  }
  if (wasmBinary !== undefined && wasmBinary !== null && !(wasmBinary instanceof ArrayBuffer)
      && !ArrayBuffer.isView(wasmBinary) && !isThenable(wasmBinary)) {
    throw new CfsignError('INVALID_ARGUMENT', 'init(): wasmBinary must be an ArrayBuffer or a typed array (or a promise of one)');
  }
  return options;
}

async function load({ wasmUrl, wasmModule, wasmBinary }) {
  if (wasmModule !== undefined && wasmModule !== null) {
    const compiled = await wasmModule;
    if (!(compiled instanceof WebAssembly.Module)) throw new TypeError('wasmModule did not resolve to a WebAssembly.Module');
    let instantiateError;
    const core = createCfsignCore({
      locateFile: (file) => file,
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(compiled, imports).then(
          (instance) => receiveInstance(instance, compiled),
          (error) => { instantiateError(error); },
        );
        return {};
      },
    });
    return Promise.race([core, new Promise((_, reject) => { instantiateError = reject; })]);
  }
  if (wasmBinary !== undefined && wasmBinary !== null) {
    const bytes = await wasmBinary;
    const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes)
      : ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
    if (view === null) throw new TypeError('wasmBinary did not resolve to an ArrayBuffer or a typed array');
    return createCfsignCore({ wasmBinary: view, locateFile: (file) => file });
  }
  if (wasmUrl !== undefined && wasmUrl !== null) {
    const href = String(wasmUrl);
    return createCfsignCore({ locateFile: (file) => (file.endsWith('.wasm') ? href : file) });
  }
  return createCfsignCore({});
}

/**
 * Starts loading the WebAssembly module, from `wasmUrl` (fetched; relative URLs resolve
 * against the page), a compiled `wasmModule`, or `wasmBinary` bytes (each may also be a
 * promise). Without options: core.wasm next to the glue. Returns `ready`. Must be called
 * before the automatic load starts (a microtask after import); later calls with options throw
 * INVALID_ARGUMENT, later calls without options just return `ready`.
 */
export function init(options) {
  if (started) {
    const hasOptions = options !== undefined && options !== null
      && ['wasmUrl', 'wasmModule', 'wasmBinary'].some((k) => options[k] !== undefined && options[k] !== null);
    if (!hasOptions) return ready;
    throw new CfsignError('INVALID_ARGUMENT',
      'init() was called after cfsign had started loading its WebAssembly module: call init() in the same synchronous code that imports cfsign (the default load starts in a microtask)');
  }
  const checked = checkOptions(options);
  started = true;
  load(checked).then(
    (core) => {
      installCore(core);
      resolveReady();
    },
    (error) => {
      loadFailed(error);
      rejectReady(new CfsignError('NOT_READY', `cfsign could not load its WebAssembly module: ${error?.message ?? error}`));
    },
  );
  return ready;
}

// The automatic default load, unless init() was called first.
queueMicrotask(() => {
  if (!started) init();
});

export * from './entry-common.mjs';
