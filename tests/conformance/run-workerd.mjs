// Conformance adapter for Cloudflare's workerd, through Miniflare (no port, no bundler): the
// modules are listed explicitly (the worker, every file it imports, dist/core.wasm as
// CompiledWasm), as wrangler would bundle them for the package's `workerd` export condition.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { importGraph } from './import-graph.mjs';
import { report } from './suite.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const worker = fileURLToPath(new URL('./workerd-worker.mjs', import.meta.url));
const results = [];
let mf;
try {
  const { Miniflare } = await import('miniflare');
  const modules = importGraph(worker).map((path) => ({
    type: path.endsWith('.wasm') ? 'CompiledWasm' : 'ESModule',
    path,
    contents: readFileSync(path),
  }));
  // The worker must come first: it is the main module.
  modules.sort((a, b) => (a.path === worker ? -1 : b.path === worker ? 1 : 0));
  console.log(`modules: ${modules.map((m) => `${relative(root, m.path)} (${m.type})`).join(', ')}`);
  mf = new Miniflare({ modules, modulesRoot: root, compatibilityDate: '2025-01-01' });
  const response = await mf.dispatchFetch('http://localhost/');
  const body = await response.text();
  let parsed;
  try { parsed = JSON.parse(body); } catch { throw new Error(`worker answered ${response.status}: ${body.slice(0, 500)}`); }
  results.push({ name: 'workerd: import with synchronous instantiation (no randomness at global scope)', ok: true });
  results.push({ name: `workerd: runtime is workerd (navigator.userAgent = ${parsed.userAgent})`, ok: parsed.userAgent === 'Cloudflare-Workers', error: 'not Cloudflare-Workers' });
  results.push(...parsed.results);
} catch (error) {
  results.push({ name: 'workerd: start Miniflare and run the suite', ok: false, error: error?.stack ?? String(error) });
} finally {
  await mf?.dispose();
}
console.log(report('workerd via Miniflare (js/index.workerd.mjs)', results));
if (results.some((r) => !r.ok)) process.exitCode = 1;
