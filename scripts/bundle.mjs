// Bundles the Node entry (js/index.node.mjs, also used by Deno and Bun) and the Emscripten glue
// into one ES module, dist/cfsign.node.mjs: Node's ES module loader costs about a millisecond per
// module at start-up, and cold start is measured in tens of milliseconds (README, Performance).
// Not minified: the bundle reads like the sources. Pure ASCII: one non-ASCII character (an arrow
// in a doc comment) makes V8 hold and scan the whole 110 KB source as UTF-16, about 1.5 ms more at
// start-up. Run by scripts/build.sh and by Jest's global setup, so it always matches js/.
// Usage: node scripts/bundle.mjs [--check]
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = `${root}dist/cfsign.node.mjs`;

// esbuild escapes non-ASCII characters in strings, templates, regular expressions and names
// (charset 'ascii'), but copies comments as they are: escape what is left, which can only be in
// comments, where \uXXXX is inert text.
const asciiOnly = (text) => text.replace(/[^\x00-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);

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
    charset: 'ascii',
    outfile: BUNDLE,
    write: false,
    logLevel: 'warning',
  });
  const text = asciiOnly(result.outputFiles[0].text);
  if (write) writeFileSync(BUNDLE, text);
  return text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const fresh = await bundle({ write: false });
    if (fresh !== readFileSync(BUNDLE, 'utf8')) {
      console.error('dist/cfsign.node.mjs is stale: run scripts/build.sh (or node scripts/bundle.mjs)');
      process.exit(1);
    }
  } else {
    await bundle();
  }
}
