// Bundles the Node entry (js/index.node.mjs, also used by Deno and Bun) and the Emscripten glue
// into one ES module, dist/cfsign.node.mjs: Node's ES module loader costs about a millisecond per
// module at start-up, and cold start is measured in tens of milliseconds (README, Performance).
// Not minified: the bundle reads like the sources. Run by scripts/build.sh and by Jest's global
// setup, so it always matches js/. Usage: node scripts/bundle.mjs [--check]
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = `${root}dist/cfsign.node.mjs`;

export async function bundle({ write = true } = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['js/index.node.mjs'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    // node: built-ins stay imports; the wasm file is read at run time next to the bundle.
    external: ['node:*'],
    legalComments: 'inline',
    banner: { js: '// cfsign Node/Deno/Bun entry: js/index.node.mjs and its imports in one module (scripts/bundle.mjs).' },
    outfile: BUNDLE,
    write,
    logLevel: 'warning',
  });
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const fresh = (await bundle({ write: false })).outputFiles[0].text;
    if (fresh !== readFileSync(BUNDLE, 'utf8')) {
      console.error('dist/cfsign.node.mjs is stale: run scripts/build.sh (or node scripts/bundle.mjs)');
      process.exit(1);
    }
  } else {
    await bundle();
  }
}
