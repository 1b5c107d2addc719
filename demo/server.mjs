// The demo server (npm start): one local server on 127.0.0.1 that serves the inspector page,
// signs URLs in Node with a demo key (as a backend would), and runs the cfsign gate over the
// sample files in demo/files (protected under /files/). Ctrl-C stops it.
import http from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { verify as nodeVerify } from 'node:crypto';
import { createSigner, generateKeyPair } from 'cfsign';
import { createGate } from '../js/cli/serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = join(ROOT, 'demo');
const KEY_ID = 'K2JCJMDEHXQW5F';
const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json' };

/** The demo key pair, created on first start in .demo-keys/ (git-ignored). */
export function demoKeys(dir = join(ROOT, '.demo-keys')) {
  const privateFile = join(dir, 'demo-ec-private.pem');
  const publicFile = join(dir, 'demo-ec-public.pem');
  let created = false;
  if (!existsSync(privateFile) || !existsSync(publicFile)) {
    mkdirSync(dir, { recursive: true });
    const pair = generateKeyPair({ type: 'ec' });
    writeFileSync(privateFile, pair.privateKey, { mode: 0o600 });
    writeFileSync(publicFile, pair.publicKey);
    created = true;
  }
  return { privateKey: readFileSync(privateFile, 'utf8'), publicKey: readFileSync(publicFile, 'utf8'), dir, created };
}

// Static files: the page (demo/), and the package's browser entry and wasm under /pkg/.
const STATIC = [
  ['/pkg/js/', join(ROOT, 'js')],
  ['/pkg/dist/', join(ROOT, 'dist')],
  ['/', DEMO],
];

async function serveStatic(req, res, path) {
  for (const [prefix, dir] of STATIC) {
    if (!path.startsWith(prefix)) continue;
    let rel = path.slice(prefix.length) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (file !== dir && !file.startsWith(dir + sep)) break;
    if (prefix === '/' && (rel.startsWith('files/') || rel === 'server.mjs')) break; // only through the gate / never
    if (rel.split('/').some((s) => s.startsWith('.'))) break;
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    } catch {
      break;
    }
  }
  return false;
}

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

async function readBody(req, limit = 16 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the demo server; resolves to { url, sampleUrl, close() }. */
export async function startDemo({ port = 8080, host = '127.0.0.1', log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const keys = demoKeys();
  const signer = createSigner({ keyPairId: KEY_ID, privateKey: keys.privateKey });
  const gate = createGate({ root: join(DEMO, 'files'), keys: { [KEY_ID]: keys.publicKey }, protect: ['/*'], log });
  let origin = '';

  function signPath(path, expires = '1h') {
    if (typeof path !== 'string' || !path.startsWith('/files/')) throw Object.assign(new Error('path must start with /files/'), { status: 400 });
    return signer.signUrl(`${origin}${path}`, { expires });
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (path === '/files' || path.startsWith('/files/')) {
        // The gate sees paths relative to demo/files; signatures cover the full /files/... URL.
        return gate.handle(req, res, { stripPrefix: '/files', requestOrigin: origin });
      }
      if (path === '/api/sign' && req.method === 'POST') {
        const body = JSON.parse((await readBody(req)) || '{}');
        const signed = signPath(body.path ?? '/files/sample.txt', body.expires ?? '1h');
        return json(res, 200, { url: signed, unsignedUrl: `${origin}${body.path ?? '/files/sample.txt'}`, keyPairId: KEY_ID, publicKey: keys.publicKey });
      }
      if (path === '/api/public-key') return json(res, 200, { keyPairId: KEY_ID, publicKey: keys.publicKey });
      if ((req.method === 'GET' || req.method === 'HEAD') && (await serveStatic(req, res, path))) return undefined;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Not Found\n');
    } catch (error) {
      if (!res.headersSent) json(res, error.status ?? (error.code ? 400 : 500), { error: error.code ? `${error.code}: ${error.message}` : error.message });
      else res.destroy();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const address = server.address();
  origin = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  let closing = null;
  return {
    url: `${origin}/`,
    origin,
    keysCreated: keys.created,
    keysDir: keys.dir,
    sampleUrl: signPath('/files/sample.txt'),
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => { gate.dispose(); signer.dispose(); resolve(); });
        server.closeIdleConnections?.();
        setTimeout(() => server.closeAllConnections?.(), 1000).unref();
      });
      return closing;
    },
  };
}

/** Checks a canned signed URL with node:crypto, the way CloudFront rebuilds the policy. */
export function verifiedByNode(signedUrl, publicKey) {
  const cut = signedUrl.search(/[?&]Expires=/);
  const resource = signedUrl.slice(0, cut);
  const params = new URL(signedUrl).searchParams;
  const policy = `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${params.get('Expires')}}}}]}`;
  const signature = Buffer.from(params.get('Signature').replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
  const hash = params.get('Hash-Algorithm') === 'SHA256' ? 'SHA256' : 'SHA1';
  return nodeVerify(hash, Buffer.from(policy), { key: publicKey, dsaEncoding: 'der' }, signature);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  const demo = await startDemo({ port, host: values.host ?? '127.0.0.1' });
  if (demo.keysCreated) console.log(`Created a demo EC P-256 key pair in ${demo.keysDir} (git-ignored).`);
  console.log(`\ncfsign demo running at ${demo.url}\n`);
  console.log(`  Inspector and playground: ${demo.url}`);
  console.log(`  Signed sample URL (served by the gate, valid for 1 hour):\n  ${demo.sampleUrl}\n`);
  console.log(`  Without a signature it is refused: ${demo.origin}/files/sample.txt\n`);
  console.log(`  node:crypto verifies the sample's signature over the policy CloudFront rebuilds: ${verifiedByNode(demo.sampleUrl, demoKeys().publicKey) ? 'yes' : 'NO'}\n`);
  console.log('Press Ctrl-C to stop.');
  const stop = async () => { await demo.close(); process.exit(0); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
