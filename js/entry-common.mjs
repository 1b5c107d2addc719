// The public API every runtime entry re-exports (the entries differ only in how they load
// the WebAssembly module).
export * from './api.mjs';
export * from './verify.mjs';
