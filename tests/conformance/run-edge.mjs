// Conformance adapter for Vercel Edge semantics: @edge-runtime/vm's EdgeVM with
// codeGeneration { strings: false, wasm: false } (no eval, no compiling wasm from bytes, as in
// production). EdgeVM evaluates scripts, so esbuild bundles js/index.edge.mjs + the suite into
// one IIFE; the `…/core.wasm?module` import resolves to the WebAssembly.Module passed in with
// `extend`, as Vercel's bundler does for `?module` imports.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { report } from './suite.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const results = [];
try {
  const { build } = await import('esbuild');
  const { EdgeVM } = await import('@edge-runtime/vm');
  const wasmAsModule = {
    name: 'wasm-module-from-host',
    setup(b) {
      b.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => ({ path: args.path, namespace: 'host-wasm' }));
      b.onLoad({ filter: /.*/, namespace: 'host-wasm' }, () => ({ contents: 'export default globalThis.__cfsignWasmModule;', loader: 'js' }));
    },
  };
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./edge-entry.mjs', import.meta.url))],
    bundle: true, write: false, format: 'iife', platform: 'neutral', target: 'es2022',
    define: { 'import.meta.url': 'undefined' }, plugins: [wasmAsModule], logLevel: 'error',
  });
  const code = bundle.outputFiles[0].text;
  results.push({ name: 'edge: bundle has no eval / new Function', ok: !/\bnew Function\b|\beval\(/.test(code), error: 'found eval or new Function in the bundle' });
  const wasmModule = new WebAssembly.Module(readFileSync(`${root}dist/core.wasm`));
  const vm = new EdgeVM({
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => Object.assign(context, { __cfsignWasmModule: wasmModule }),
  });
  const refused = await vm.evaluate(
    'WebAssembly.compile(new Uint8Array([0,97,115,109,1,0,0,0])).then(() => "compiled", (e) => String(e))');
  results.push({ name: `edge: compiling wasm from bytes is refused (${refused.slice(0, 60)}…)`, ok: refused !== 'compiled', error: 'EdgeVM compiled wasm from bytes' });
  results.push({ name: 'edge: EdgeRuntime global present', ok: vm.evaluate('typeof EdgeRuntime') === 'string', error: 'typeof EdgeRuntime is not string' });
  vm.evaluate(code);
  results.push(...JSON.parse(await vm.evaluate('globalThis.__conformance')));
} catch (error) {
  results.push({ name: 'edge: bundle and run the suite in EdgeVM', ok: false, error: error?.stack ?? String(error) });
}
console.log(report('Vercel Edge semantics via @edge-runtime/vm EdgeVM (js/index.edge.mjs)', results));
if (results.some((r) => !r.ok)) process.exitCode = 1;
