// Lists the files a module imports, transitively (static `import … from '…'`, `export … from '…'`
// and `import '…'` with relative specifiers; a `?query` suffix is dropped). Used to list
// modules explicitly for Miniflare and to check that the package ships every file an entry needs.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const IMPORT = /(?:^|[;\n])\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;

export function importGraph(...entries) {
  const seen = new Set();
  const stack = entries.map((e) => resolve(e));
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.mjs') && !file.endsWith('.js')) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1];
      if (!spec.startsWith('.')) continue;
      stack.push(resolve(dirname(file), spec.replace(/\?.*$/, '')));
    }
  }
  return [...seen].sort();
}
