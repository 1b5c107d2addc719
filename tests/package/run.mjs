// Packaging checks, on the tarball a user would install:
//   npm pack → file list (everything the entries import, nothing else) → size budget →
//   freshness (the packed core.wasm/core.mjs are what the current sources build to) →
//   install the .tgz into a fresh temporary project (offline: the package has no dependencies)
//   → import and sign under Node 18/20/22 (ESM), require() under Node 20/22, Deno and Bun →
//   export conditions resolve to the right entry → tsc --noEmit of tests/types/api.ts against
//   the installed declarations → publint --strict → attw (esm-only profile).
// Ends with "N passed, N failed".
//
// Freshness: dist/ is a build output (git-ignored), so "packed = built from the current
// sources" is checked by content, not by mtimes: after packing, `scripts/build.sh wasm` is run
// (incremental: CMake rebuilds only if a source, header, CMakeLists.txt or the Mbed TLS tree
// changed; it is a no-op after `npm test`'s own build) and the SHA-256 of the packed
// dist/core.wasm and dist/core.mjs must equal the freshly built ones.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { importGraph } from '../conformance/import-graph.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name) => join(root, 'node_modules/.bin', name);
const NODE = { 18: join(root, 'node_modules/node18/bin/node'), 20: 'node', 22: join(root, 'node_modules/node22/bin/node') };
const KIB = 1024;
// Raise a number here only when the growth is intended (say so in the commit).
const BUDGET = {
  wasmRaw: 450 * KIB, wasmGzip: 200 * KIB, // dist/core.wasm
  glueRaw: 80 * KIB, // dist/core.mjs (Emscripten glue)
  runtimeJsRaw: 150 * KIB, // every .mjs the largest runtime entry imports (glue included)
  tarball: 260 * KIB, // the .tgz itself
};

const results = [];
async function check(name, fn) {
  try {
    const detail = await fn();
    results.push({ name: detail ? `${name} (${detail})` : name, ok: true });
  } catch (error) {
    results.push({ name, ok: false, error: error?.message ?? String(error) });
  }
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240_000, maxBuffer: 32 << 20, ...options, env: { ...process.env, NO_COLOR: '1', ...options.env } });
  if (r.error) throw new Error(`cannot run ${cmd}: ${r.error.message}`);
  return r;
}

function runOk(cmd, args, options) {
  const r = run(cmd, args, options);
  if (r.status !== 0) throw new Error(`${relative(root, cmd) || cmd} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${(r.stdout + r.stderr).trim().slice(-3000)}`);
  return r;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const kib = (n) => `${(n / KIB).toFixed(1)} KiB`;

const work = mkdtempSync(join(tmpdir(), 'cfsign-package-'));
const consumer = join(work, 'consumer');
let tarball = null;
let packedFiles = [];
const unpacked = join(work, 'unpacked');

try {
  await check('conformance fixtures match tests/vectors (make-fixtures --check)', () => {
    runOk(process.execPath, [join(root, 'tests/conformance/make-fixtures.mjs'), '--check']);
  });

  await check('npm pack', () => {
    const r = runOk('npm', ['pack', '--json', '--pack-destination', work], { cwd: root });
    const info = JSON.parse(r.stdout)[0];
    tarball = join(work, info.filename);
    packedFiles = info.files.map((f) => f.path).sort();
    mkdirSync(unpacked);
    runOk('tar', ['-xzf', tarball, '-C', unpacked]);
    return `${info.files.length} files, ${kib(info.size)} packed, ${kib(info.unpackedSize)} unpacked`;
  });
  const pkgDir = join(unpacked, 'package');
  if (!tarball) throw new Error('npm pack failed; later checks need the tarball');

  await check('package files: every file the entries, exports and bin need is packed', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const targets = new Set();
    const collect = (value) => {
      if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    collect(manifest.bin);
    if (manifest.types) targets.add(manifest.types.replace(/^\.\//, ''));
    const needed = new Set(targets);
    for (const target of targets) {
      if (!/\.m?js$/.test(target)) continue;
      for (const file of importGraph(join(root, target))) needed.add(relative(root, file));
    }
    const missing = [...needed].filter((f) => !packedFiles.includes(f));
    if (missing.length) throw new Error(`not in the tarball: ${missing.join(', ')}`);
    return `${needed.size} needed files present`;
  });

  await check('package files: nothing else (no tests, build output, sources, archives)', () => {
    const allowed = /^(README\.md|LICENSE|package\.json|dist\/(core\.(mjs|wasm)|cfsign\.node\.mjs)|js\/.+\.(mjs|d\.ts))$/;
    const extra = packedFiles.filter((f) => !allowed.test(f) || /(^|\/)tests?\//.test(f) || /\.test\.m?js$/.test(f));
    if (extra.length) throw new Error(`unexpected files in the tarball: ${extra.join(', ')}`);
  });

  await check(`size budget: core.wasm ≤ ${kib(BUDGET.wasmRaw)} raw, ≤ ${kib(BUDGET.wasmGzip)} gzipped`, () => {
    const wasm = readFileSync(join(pkgDir, 'dist/core.wasm'));
    const gz = gzipSync(wasm, { level: 9 }).length;
    if (wasm.length > BUDGET.wasmRaw || gz > BUDGET.wasmGzip) throw new Error(`core.wasm is ${kib(wasm.length)} raw, ${kib(gz)} gzipped (BUDGET in tests/package/run.mjs)`);
    return `${kib(wasm.length)} raw, ${kib(gz)} gzipped`;
  });

  await check(`size budget: glue ≤ ${kib(BUDGET.glueRaw)}, runtime JS ≤ ${kib(BUDGET.runtimeJsRaw)}, tarball ≤ ${kib(BUDGET.tarball)}`, () => {
    const glue = readFileSync(join(pkgDir, 'dist/core.mjs')).length;
    let largest = { entry: '', bytes: 0 };
    for (const entry of ['index.node.mjs', 'index.browser.mjs', 'index.workerd.mjs', 'index.edge.mjs']) {
      const bytes = importGraph(join(pkgDir, 'js', entry)).filter((f) => /\.m?js$/.test(f))
        .reduce((sum, f) => sum + readFileSync(f).length, 0);
      if (bytes > largest.bytes) largest = { entry, bytes };
    }
    const tgz = readFileSync(tarball).length;
    const over = [];
    if (glue > BUDGET.glueRaw) over.push(`glue ${kib(glue)}`);
    if (largest.bytes > BUDGET.runtimeJsRaw) over.push(`${largest.entry} imports ${kib(largest.bytes)}`);
    if (tgz > BUDGET.tarball) over.push(`tarball ${kib(tgz)}`);
    if (over.length) throw new Error(`over budget: ${over.join(', ')} (BUDGET in tests/package/run.mjs)`);
    return `glue ${kib(glue)}, ${largest.entry} + imports ${kib(largest.bytes)}, tarball ${kib(tgz)}`;
  });

  await check('start-up JS is pure ASCII (one other character makes V8 scan a whole file as UTF-16)', () => {
    const files = new Set(['dist/cfsign.node.mjs', 'dist/core.mjs'].map((f) => join(pkgDir, f)));
    for (const entry of ['index.node.mjs', 'index.browser.mjs', 'index.workerd.mjs', 'index.edge.mjs']) {
      for (const f of importGraph(join(pkgDir, 'js', entry))) if (/\.m?js$/.test(f)) files.add(f);
    }
    const bad = [...files].filter((f) => /[^\x00-\x7f]/.test(readFileSync(f, 'latin1')));
    if (bad.length) throw new Error(`non-ASCII characters in ${bad.map((f) => relative(pkgDir, f)).join(', ')}`);
    return `${files.size} files`;
  });

  await check('freshness: packed dist/ = a build of the current sources (scripts/build.sh wasm, SHA-256)', () => {
    const files = ['core.wasm', 'core.mjs', 'cfsign.node.mjs'];
    const packed = files.map((f) => sha256(readFileSync(join(pkgDir, 'dist', f))));
    runOk('bash', [join(root, 'scripts/build.sh'), 'wasm'], { cwd: root });
    const built = files.map((f) => sha256(readFileSync(join(root, 'dist', f))));
    const stale = files.filter((f, i) => packed[i] !== built[i]);
    if (stale.length) {
      throw new Error(`the sources build to a different ${stale.map((f) => `dist/${f}`).join(', ')} than the one packed: dist/ was stale (it is rebuilt now; re-run)`);
    }
    return `core.wasm ${packed[0].slice(0, 12)}…`;
  });

  await check('install the .tgz into a fresh project (npm install --offline)', () => {
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'cfsign-consumer', private: true, type: 'module' }, null, 2));
    runOk('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: consumer });
    if (!existsSync(join(consumer, 'node_modules/cfsign/dist/core.wasm'))) throw new Error('node_modules/cfsign/dist/core.wasm missing');
    copyFileSync(join(root, 'tests/conformance/fixtures.mjs'), join(consumer, 'fixtures.mjs'));
    writeFileSync(join(consumer, 'sign.mjs'), `
import { createSigner, ready } from 'cfsign';
import { CASES, KEYS, KEY_PAIR_ID } from './fixtures.mjs';
await ready;
const signer = createSigner({ keyPairId: KEY_PAIR_ID, privateKey: KEYS.rsa.private });
const url = signer.signUrl(CASES.canned.resource, { expires: CASES.canned.expires, allowExpired: true });
const expected = \`\${CASES.canned.resource}&Expires=\${CASES.canned.expires}&Signature=\${CASES.canned.rsaSha1}&Key-Pair-Id=\${KEY_PAIR_ID}\`;
console.log(JSON.stringify({ entry: import.meta.resolve('cfsign'), ok: url === expected, url }));
`);
    writeFileSync(join(consumer, 'sign.cjs'), `
const { createSigner } = require('cfsign');
const { readFileSync } = require('node:fs');
const signer = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: readFileSync(require.resolve('./key.pem'), 'utf8') });
const url = signer.signUrl('https://d111111abcdef8.cloudfront.net/image.jpg?size=large', { expires: 1767290400, allowExpired: true });
console.log(JSON.stringify({ entry: require.resolve('cfsign'), ok: url.includes('Signature=jLjYLXCTh67XSnZnDW7jzD7PwAS-'), url }));
`);
    copyFileSync(join(root, 'tests/vectors/keys/appendix-a-rsa2048-pkcs8.pem'), join(consumer, 'key.pem'));
  });

  const signsIn = (label, cmd, args, entry) => check(`consumer: ${label} imports cfsign and signs the Appendix A vector`, () => {
    const r = runOk(cmd, args, { cwd: consumer });
    const line = r.stdout.trim().split('\n').pop();
    const out = JSON.parse(line);
    if (!out.ok) throw new Error(`wrong URL: ${out.url}`);
    if (!out.entry.endsWith(entry)) throw new Error(`resolved ${out.entry}, expected …${entry}`);
    return `→ ${entry}`;
  });
  for (const major of [18, 20, 22]) await signsIn(`Node ${major} ESM`, NODE[major], ['sign.mjs'], 'cfsign/dist/cfsign.node.mjs');
  for (const major of [20, 22]) await signsIn(`Node ${major} require()`, NODE[major], ['sign.cjs'], 'cfsign/dist/cfsign.node.mjs');
  await signsIn('Deno (deno condition)', bin('deno'), ['run', '--allow-read', '--no-prompt', 'sign.mjs'], 'cfsign/dist/cfsign.node.mjs');
  await signsIn('Bun (bun condition)', bin('bun'), ['sign.mjs'], 'cfsign/dist/cfsign.node.mjs');

  await check('export conditions: workerd, edge-light, browser, node → their entries', () => {
    const expected = { workerd: 'js/index.workerd.mjs', 'edge-light': 'js/index.edge.mjs', browser: 'js/index.browser.mjs', node: 'dist/cfsign.node.mjs' };
    const got = [];
    for (const [condition, file] of Object.entries(expected)) {
      const args = condition === 'node' ? [] : [`--conditions=${condition}`];
      const r = runOk('node', [...args, '--input-type=module', '-e', "console.log(import.meta.resolve('cfsign'))"], { cwd: consumer });
      const resolved = r.stdout.trim();
      if (!resolved.endsWith(`/cfsign/${file}`)) throw new Error(`${condition} resolved ${resolved}, expected ${file}`);
      got.push(`${condition}→${file}`);
    }
    const wasm = runOk('node', ['--input-type=module', '-e', "console.log(import.meta.resolve('cfsign/core.wasm'))"], { cwd: consumer }).stdout.trim();
    if (!wasm.endsWith('/cfsign/dist/core.wasm')) throw new Error(`cfsign/core.wasm resolved ${wasm}`);
    return got.join(', ');
  });

  await check('types: tsc --noEmit tests/types/api.ts against the installed declarations', () => {
    copyFileSync(join(root, 'tests/types/api.ts'), join(consumer, 'api.ts'));
    copyFileSync(join(root, 'tests/types/tsconfig.json'), join(consumer, 'tsconfig.json'));
    runOk(bin('tsc'), ['-p', join(consumer, 'tsconfig.json')], { cwd: consumer });
    const listed = runOk(bin('tsc'), ['-p', join(consumer, 'tsconfig.json'), '--listFiles'], { cwd: consumer }).stdout;
    if (!listed.includes('node_modules/cfsign/js/index.d.ts')) throw new Error('tsc did not use node_modules/cfsign/js/index.d.ts');
  });

  await check('types: tsc --noEmit tests/types/api.ts in the repository (self-reference)', () => {
    runOk(bin('tsc'), ['-p', join(root, 'tests/types/tsconfig.json')], { cwd: root });
  });

  await check('publint --strict', () => {
    const r = runOk(bin('publint'), ['--strict', '--pack', 'npm'], { cwd: root });
    if (!/All good!/.test(r.stdout)) throw new Error(r.stdout.trim());
  });

  await check('attw --profile esm-only --exclude-entrypoints ./core.wasm (on the packed .tgz)', () => {
    runOk(bin('attw'), [tarball, '--profile', 'esm-only', '--exclude-entrypoints', './core.wasm', '--format', 'ascii'], { cwd: root });
  });
} catch (error) {
  results.push({ name: 'package checks', ok: false, error: error?.message ?? String(error) });
} finally {
  rmSync(work, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
for (const r of results) console.log(r.ok ? `ok - ${r.name}` : `not ok - ${r.name}\n    ${r.error.replace(/\n/g, '\n    ')}`);
console.log('# package: npm pack → fresh consumer');
console.log(`${passed} passed, ${results.length - passed} failed`);
if (passed !== results.length) process.exitCode = 1;
