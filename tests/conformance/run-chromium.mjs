// Conformance adapter for Chromium: Debian's /usr/bin/chromium driven by playwright-core (never
// a downloaded browser), pages served by a tiny node:http server on 127.0.0.1 (core.wasm as
// application/wasm). Pages: the full suite with init({ wasmUrl }) pointing elsewhere, the
// default load (core.wasm next to the glue), init({ wasmModule }), init({ wasmBinary }), and a
// wasmUrl that 404s. The server's request log proves which URL each page fetched.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './suite.mjs';

const CHROMIUM = process.env.CFSIGN_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../', import.meta.url));
const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const ALLOWED = ['js/', 'dist/', 'tests/conformance/'];
const PAGE = '<!doctype html><meta charset="utf-8"><title>cfsign conformance</title>'
  + '<script type="module" src="/tests/conformance/browser-page.mjs"></script>';

const requests = [];
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  requests.push(path);
  let file = null;
  if (path === '/' || path === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    return;
  }
  if (path === '/assets/elsewhere/cfsign-core.wasm') file = 'dist/core.wasm';
  else {
    const rel = normalize(path).replace(/^\/+/, '');
    if (ALLOWED.some((a) => rel.startsWith(a)) && !rel.includes('..')) file = rel;
  }
  if (file === null || !existsSync(join(root, file))) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const ext = file.slice(file.lastIndexOf('.'));
  res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(join(root, file)));
});

const results = [];
let context;
const profile = mkdtempSync(join(tmpdir(), 'cfsign-chromium-'));
try {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (scripts/setup.sh)`);
  const { chromium } = await import('playwright-core');
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const version = context.browser()?.version() ?? (await (await context.newPage()).evaluate(() => navigator.userAgent));
  for (const variant of ['url', 'default', 'module', 'binary', 'missing']) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const from = requests.length;
    await page.goto(`${base}/?variant=${variant}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30000 });
    const pageResults = JSON.parse(await page.evaluate(() => window.__result));
    const fetched = requests.slice(from).filter((p) => p.endsWith('.wasm'));
    await page.close();
    results.push(...pageResults);
    if (errors.length) results.push({ name: `browser (${variant}): no uncaught page errors`, ok: false, error: errors.join('; ') });
    const expected = { url: ['/assets/elsewhere/cfsign-core.wasm'], default: ['/dist/core.wasm'], module: ['/assets/elsewhere/cfsign-core.wasm'],
      binary: ['/assets/elsewhere/cfsign-core.wasm'], missing: ['/assets/does-not-exist.wasm'] }[variant];
    const onlyExpected = fetched.length > 0 && fetched.every((p) => expected.includes(p));
    results.push({ name: `browser (${variant}): fetched ${[...new Set(fetched)].join(', ') || 'no .wasm'}`, ok: onlyExpected, error: `expected only ${expected}` });
  }
  console.log(`# Chromium ${version}`);
} catch (error) {
  results.push({ name: 'chromium: launch and run the pages', ok: false, error: error?.stack ?? String(error) });
} finally {
  await context?.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(report('Chromium via playwright-core (js/index.browser.mjs)', results));
if (results.some((r) => !r.ok)) process.exitCode = 1;
