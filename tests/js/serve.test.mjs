// `cfsign serve` (js/cli/serve.mjs): the signed-content gate over real HTTP on 127.0.0.1.
// One child process (`cfsign serve --port 0`) answers every request of the first group: signed
// URLs and cookies let a request through, each failure class gives CloudFront's 403 with the
// reason in x-cfsign-reason, unprotected paths need nothing, traversal is refused, a missing
// file behind a valid signature is 404, the log never carries the query, and SIGTERM stops it
// with exit 0. startGate is then used in-process for --public-url and the API's own checks.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import crypto from 'node:crypto';
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSigner } from 'cfsign';
import { startGate } from '../../js/cli/serve.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const CLI = 'js/cli/cfsign.mjs';
const KEY_ID = 'KGATETEST1';
const OTHER_ID = 'KGATEOTHER2';
const DENIED_MISSING = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>';
const DENIED_UNKNOWN = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Unknown Key</Message></Error>';
const DENIED = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A raw HTTP request (the path is sent exactly as given: no URL normalisation). */
function request(base, path, { method = 'GET', headers = {} } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The path and query of a URL string, cut at string level (no re-serialisation). */
const pathOf = (url) => url.slice(url.indexOf('/', url.indexOf('//') + 2));
const cookieHeader = (cookies) => Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');

function expectDenied(r, reason, body = DENIED) {
  expect({ status: r.status, reason: r.headers['x-cfsign-reason'], body: r.body, type: r.headers['content-type'] })
    .toEqual({ status: 403, reason, body, type: 'text/xml' });
}

let dir;
let root;
let keysFile;
let signer;
let otherSigner;
let unknownSigner;
let secrets;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cfsign-serve-'));
  root = join(dir, 'www');
  mkdirSync(join(root, 'private', 'docs'), { recursive: true });
  mkdirSync(join(root, 'pub'), { recursive: true });
  writeFileSync(join(root, 'private', 'secret.txt'), 'the secret\n');
  writeFileSync(join(root, 'private', 'page.html'), '<h1>private</h1>\n');
  writeFileSync(join(root, 'private', 'docs', 'index.html'), '<h1>docs</h1>\n');
  writeFileSync(join(root, 'pub', 'hello.txt'), 'hello\n');
  writeFileSync(join(root, 'pub', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  writeFileSync(join(root, '.env'), 'TOKEN=do-not-serve\n');
  writeFileSync(join(dir, 'outside.txt'), 'outside the root\n');

  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys', 'ec.pem'), ec.publicKey.export({ type: 'spki', format: 'pem' }));
  keysFile = join(dir, 'keys', 'keys.json');
  writeFileSync(keysFile, JSON.stringify({ [KEY_ID]: 'ec.pem', [OTHER_ID]: rsa.publicKey.export({ type: 'spki', format: 'pem' }) }));
  signer = createSigner({ keyPairId: KEY_ID, privateKey: ec.privateKey });
  otherSigner = createSigner({ keyPairId: OTHER_ID, privateKey: rsa.privateKey });
  unknownSigner = createSigner({ keyPairId: 'KNOTINGROUP', privateKey: stranger.privateKey });
  secrets = [ec.privateKey, rsa.privateKey].map((k) => k.export({ type: 'pkcs8', format: 'pem' }));
});

afterAll(() => {
  signer?.dispose();
  otherSigner?.dispose();
  unknownSigner?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('cfsign serve as a child process', () => {
  let child;
  let base;
  let stdout = '';
  let stderr = '';
  let exited;

  beforeAll(async () => {
    child = spawn(process.execPath, [CLI, 'serve', '--root', root, '--keys', keysFile, '--protect', '/private/*', '--port', '0'], {
      cwd: repoRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    base = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address after 20 s: ${stderr}`)), 20000);
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
  }, 30000);

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  const url = (path) => `${base}${path}`;

  test('an unprotected path is served without a signature, with its Content-Type', async () => {
    const [txt, svg, head] = await Promise.all([
      request(base, '/pub/hello.txt'),
      request(base, '/pub/logo.svg'),
      request(base, '/pub/hello.txt', { method: 'HEAD' }),
    ]);
    expect({ status: txt.status, body: txt.body, type: txt.headers['content-type'] }).toEqual({ status: 200, body: 'hello\n', type: 'text/plain; charset=utf-8' });
    expect(txt.headers['x-cfsign-reason']).toBeUndefined();
    expect({ status: svg.status, type: svg.headers['content-type'] }).toEqual({ status: 200, type: 'image/svg+xml' });
    expect({ status: head.status, body: head.body, length: head.headers['content-length'] }).toEqual({ status: 200, body: '', length: '6' });
  });

  test('a valid signed URL (canned and custom) lets the request through', async () => {
    const cannedUrl = signer.signUrl(url('/private/secret.txt?v=2'), { expires: '1h' });
    const customUrl = otherSigner.signUrl(url('/private/page.html'), { expires: '1h', policyResource: url('/private/*'), ipAddress: '127.0.0.0/8' });
    const [canned, custom, head] = await Promise.all([
      request(base, pathOf(cannedUrl)),
      request(base, pathOf(customUrl)),
      request(base, pathOf(cannedUrl), { method: 'HEAD' }),
    ]);
    expect({ status: canned.status, body: canned.body, type: canned.headers['content-type'] }).toEqual({ status: 200, body: 'the secret\n', type: 'text/plain; charset=utf-8' });
    expect({ status: custom.status, body: custom.body, type: custom.headers['content-type'] }).toEqual({ status: 200, body: '<h1>private</h1>\n', type: 'text/html; charset=utf-8' });
    expect({ status: head.status, body: head.body }).toEqual({ status: 200, body: '' });
  });

  test('valid signed cookies (Cookie header, among other cookies) let the request through', async () => {
    const cookies = signer.signCookies({ resource: url('/private/*'), expires: '1h' });
    const [file, index] = await Promise.all([
      request(base, '/private/secret.txt', { headers: { cookie: `theme=dark; ${cookieHeader(cookies)}; lang=en` } }),
      request(base, '/private/docs/', { headers: { cookie: cookieHeader(cookies) } }),
    ]);
    expect({ status: file.status, body: file.body }).toEqual({ status: 200, body: 'the secret\n' });
    expect({ status: index.status, body: index.body }).toEqual({ status: 200, body: '<h1>docs</h1>\n' });
  });

  test('403 in CloudFront\'s format, with x-cfsign-reason, for each failure class', async () => {
    const good = signer.signUrl(url('/private/secret.txt'), { expires: '1h' });
    const otherFile = signer.signUrl(url('/private/page.html'), { expires: '1h' });
    const signatureOf = (u) => /[?&]Signature=([^&]+)/.exec(u)[1];
    const cases = {
      unsigned: request(base, '/private/secret.txt'),
      missingId: request(base, pathOf(good).replace(`&Key-Pair-Id=${KEY_ID}`, '')),
      unknownKey: request(base, pathOf(unknownSigner.signUrl(url('/private/secret.txt'), { expires: '1h' }))),
      tampered: request(base, pathOf(good).replace(signatureOf(good), signatureOf(otherFile))),
      otherPath: request(base, pathOf(good).replace('/private/secret.txt', '/private/page.html')),
      expired: request(base, pathOf(signer.signUrl(url('/private/secret.txt'), { expires: nowSeconds() - 60, allowExpired: true }))),
      notYet: request(base, pathOf(signer.signUrl(url('/private/secret.txt'), { notBefore: '1h', expires: '2h' }))),
      wrongIp: request(base, pathOf(signer.signUrl(url('/private/secret.txt'), { expires: '1h', ipAddress: '10.0.0.0/8' }))),
      cookieResource: request(base, '/private/secret.txt', {
        headers: { cookie: cookieHeader(signer.signCookies({ resource: url('/pub/*'), expires: '1h' })) },
      }),
      malformed: request(base, pathOf(good).replace(signatureOf(good), 'abc')),
    };
    const r = Object.fromEntries(await Promise.all(Object.entries(cases).map(async ([k, p]) => [k, await p])));
    expectDenied(r.unsigned, 'NOT_SIGNED', DENIED_MISSING);
    expectDenied(r.missingId, 'MISSING_KEY_PAIR_ID', DENIED_MISSING);
    expectDenied(r.unknownKey, 'UNKNOWN_KEY', DENIED_UNKNOWN);
    expectDenied(r.tampered, 'SIGNATURE_MISMATCH');
    expectDenied(r.otherPath, 'SIGNATURE_MISMATCH');
    expectDenied(r.expired, 'EXPIRED');
    expectDenied(r.notYet, 'NOT_YET_VALID');
    expectDenied(r.wrongIp, 'IP_MISMATCH');
    expectDenied(r.cookieResource, 'RESOURCE_MISMATCH');
    expectDenied(r.malformed, 'MALFORMED_SIGNATURE');
  });

  test('protection applies to the decoded path: /%70rivate/ and //private/ are protected too', async () => {
    const [encoded, doubled] = await Promise.all([
      request(base, '/%70rivate/secret.txt'),
      request(base, '//private//secret.txt'),
    ]);
    expectDenied(encoded, 'NOT_SIGNED', DENIED_MISSING);
    expectDenied(doubled, 'NOT_SIGNED', DENIED_MISSING);
  });

  test('path traversal is refused (400), encoded or not, and never reaches the file', async () => {
    const paths = ['/../outside.txt', '/pub/../../outside.txt', '/%2e%2e/outside.txt', '/pub/%2E%2E/%2e%2e/outside.txt',
      '/pub/..%2f..%2foutside.txt', '/pub/%2e%2e%5c%2e%2e%5coutside.txt', '/pub/./hello.txt', '/pub/%00'];
    const rs = await Promise.all(paths.map((p) => request(base, p)));
    rs.forEach((r, i) => {
      expect({ path: paths[i], status: r.status }).toEqual({ path: paths[i], status: 400 });
      expect(r.body).not.toContain('outside the root');
    });
    // A signature does not help either.
    const signed = signer.signUrl(url('/private/x.txt'), { expires: '1h' });
    const r = await request(base, pathOf(signed).replace('/private/x.txt', '/private/%2e%2e/%2e%2e/outside.txt'));
    expect(r.status).toBe(400);
  });

  test('404 for a missing file behind a valid signature; dot files are never served; 405 for POST', async () => {
    const [missing, missingUnsigned, dotFile, directory, post] = await Promise.all([
      request(base, pathOf(signer.signUrl(url('/private/missing.txt'), { expires: '1h' }))),
      request(base, '/private/missing.txt'),
      request(base, '/.env'),
      request(base, '/pub'),
      request(base, '/pub/hello.txt', { method: 'POST' }),
    ]);
    expect(missing.status).toBe(404);
    expectDenied(missingUnsigned, 'NOT_SIGNED', DENIED_MISSING);
    expect(dotFile.status).toBe(404);
    expect(dotFile.body).not.toContain('do-not-serve');
    expect(directory.status).toBe(404);
    expect({ status: post.status, allow: post.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD' });
  });

  test('SIGTERM stops the server cleanly (exit 0); one log line per request, never the query', async () => {
    const signed = signer.signUrl(url('/private/secret.txt'), { expires: '1h' });
    expect((await request(base, pathOf(signed))).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stdout).toMatch(/^cfsign serve: listening on http:\/\/127\.0\.0\.1:\d+ /);
    const lines = stderr.trim().split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(30);
    expect(stderr).toMatch(/ GET \/private\/secret\.txt 200 VALID$/m);
    expect(stderr).toMatch(/ GET \/private\/secret\.txt 403 UNKNOWN_KEY$/m);
    expect(stderr).toMatch(/ GET \/pub\/hello\.txt 200 UNPROTECTED$/m);
    expect(stderr).toMatch(/ HEAD \/pub\/hello\.txt 200 UNPROTECTED$/m);
    expect(stderr).toMatch(/ GET \/\.\.\/outside\.txt 400 BAD_PATH$/m);
    for (const text of [stdout, stderr]) {
      expect(text).not.toMatch(/Signature=|Expires=|Policy=|Key-Pair-Id=|CloudFront-/);
      expect(text).not.toContain(/[?&]Signature=([^&]+)/.exec(signed)[1]);
      expect(text).not.toContain('PRIVATE KEY');
      for (const secret of secrets) expect(text).not.toContain(secret.split('\n')[1]);
    }
  });
});

describe('startGate in-process', () => {
  test('--public-url: signatures are checked against the public origin; binds to 127.0.0.1 by default', async () => {
    const lines = [];
    const keys = { [KEY_ID]: readFileSync(join(dir, 'keys', 'ec.pem'), 'utf8') };
    const gate = await startGate({ root, keys, port: 0, publicUrl: 'https://d111111abcdef8.cloudfront.net', log: (l) => lines.push(l) });
    try {
      expect(gate.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(gate.server.address().address).toBe('127.0.0.1');
      const forCdn = signer.signUrl('https://d111111abcdef8.cloudfront.net/pub/hello.txt', { expires: '1h' });
      const forLocal = signer.signUrl(`${gate.url}/pub/hello.txt`, { expires: '1h' });
      const [ok, local, unsigned] = await Promise.all([
        request(gate.url, pathOf(forCdn)),
        request(gate.url, pathOf(forLocal)),
        request(gate.url, '/pub/hello.txt'), // default protection: everything
      ]);
      expect({ status: ok.status, body: ok.body }).toEqual({ status: 200, body: 'hello\n' });
      expectDenied(local, 'SIGNATURE_MISMATCH');
      expectDenied(unsigned, 'NOT_SIGNED', DENIED_MISSING);
      expect(lines).toHaveLength(3);
      expect(lines.join('\n')).not.toContain('Signature');
    } finally {
      await gate.close();
    }
    await expect(request(gate.url, '/pub/hello.txt')).rejects.toThrow();
  });

  test('bad arguments are refused before listening', async () => {
    const keys = { [KEY_ID]: readFileSync(join(dir, 'keys', 'ec.pem'), 'utf8') };
    await expect(startGate({ root: join(dir, 'nope'), keys, port: 0 })).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(startGate({ root, keys, port: 0, protect: ['private/*'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(startGate({ root, keys, port: 0, publicUrl: 'https://cdn.example.com/path' })).rejects.toMatchObject({ code: 'URL_INVALID' });
    await expect(startGate({ root, keys: {}, port: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  test('CLI usage errors: exit 2', () => {
    for (const args of [['serve', '--keys', keysFile], ['serve', '--root', root], ['serve', '--root', root, '--keys', keysFile, '--port', 'http']]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 20000 });
      expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(r.stderr).toMatch(/^cfsign: usage error: /);
    }
  }, 30000);
});
