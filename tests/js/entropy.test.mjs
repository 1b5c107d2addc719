// Where the core's random numbers come from under Node (js/index.node.mjs, bindings/library_entropy.js):
// /dev/urandom, read per request; crypto.getRandomValues where /dev/urandom cannot be read; and
// SIGN_FAILED, never a signature, when there is no random source at all. Each case runs in a
// fresh process, with node:fs patched (syncBuiltinESMExports) before cfsign is imported.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VECTORS_DIR = new URL('../vectors/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('cloudfront-appendix-a.json', VECTORS_DIR), 'utf8'));
const RSA_PEM = readFileSync(new URL(vectors.keys.rsa.private, VECTORS_DIR), 'utf8');
const canned = vectors.cases.find((c) => c.id === 'canned');  // with its SHA-1 signature (expired: allowExpired)

// urandom: 'ok' | 'missing' (openSync throws ENOENT); webcrypto: 'ok' | 'broken' (getRandomValues throws)
function run({ urandom, webcrypto }) {
  const script = `
    import fs from 'node:fs';
    import { syncBuiltinESMExports } from 'node:module';
    const seen = { urandomOpens: 0, urandomReads: 0, cryptoReads: 0, getRandomValues: 0 };
    const fds = new Set();
    const { openSync, readSync } = fs;
    fs.openSync = (path, ...rest) => {
      if (path === '/dev/urandom') {
        seen.urandomOpens++;
        if (${JSON.stringify(urandom)} === 'missing') throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        const fd = openSync(path, ...rest); fds.add(fd); return fd;
      }
      return openSync(path, ...rest);
    };
    fs.readSync = (fd, ...rest) => { if (fds.has(fd)) seen.urandomReads++; return readSync(fd, ...rest); };
    syncBuiltinESMExports();
    const real = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { configurable: true, get() {
      seen.cryptoReads++;
      const c = real.get ? real.get.call(globalThis) : real.value;
      return { getRandomValues(view) {
        seen.getRandomValues++;
        if (${JSON.stringify(webcrypto)} === 'broken') throw new Error('no entropy');
        return c.getRandomValues(view);
      } };
    } });
    const { createSigner } = await import('cfsign');
    const out = { seen };
    try {
      const signer = createSigner({ keyPairId: process.env.KEY_PAIR_ID, privateKey: process.env.KEY });
      out.urls = [1, 2, 3].map(() => signer.signUrl(process.env.RESOURCE, { expires: Number(process.env.EXPIRES), allowExpired: true }));
      signer.dispose();
    } catch (e) { out.error = { code: e.code, message: e.message }; }
    process.stdout.write(JSON.stringify(out));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT, encoding: 'utf8', timeout: 30000, env: { ...process.env, KEY: RSA_PEM, KEY_PAIR_ID: canned.signedUrlRsaSha1KeyPairId, RESOURCE: canned.resource, EXPIRES: String(canned.expires) },
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout);
}


describe('random numbers under Node', () => {
  test('come from /dev/urandom, per request, without touching globalThis.crypto (WebCrypto set-up)', () => {
    const r = run({ urandom: 'ok', webcrypto: 'ok' });
    expect(r.error).toBeUndefined();
    // createSigner draws the blinding value; every RSA signature draws its exponent blinding.
    expect(r.seen.urandomOpens).toBeGreaterThanOrEqual(4);
    expect(r.seen.urandomReads).toBe(r.seen.urandomOpens);
    expect(r.seen.cryptoReads).toBe(0);
    expect(r.seen.getRandomValues).toBe(0);
    expect(new Set(r.urls).size).toBe(1);  // PKCS#1 v1.5: blinding never changes the signature
    expect(new URL(r.urls[0]).searchParams.get('Signature')).toBe(canned.rsaSha1);
  });

  test('fall back to crypto.getRandomValues where /dev/urandom cannot be opened (same signatures)', () => {
    const urandom = run({ urandom: 'ok', webcrypto: 'ok' });
    const r = run({ urandom: 'missing', webcrypto: 'ok' });
    expect(r.error).toBeUndefined();
    expect(r.seen.urandomOpens).toBe(1);  // tried once, then not again
    expect(r.seen.getRandomValues).toBeGreaterThanOrEqual(4);
    expect(r.urls).toEqual(urandom.urls);
  });

  test('no random source: SIGN_FAILED, and no URL', () => {
    const r = run({ urandom: 'missing', webcrypto: 'broken' });
    expect(r.urls).toBeUndefined();
    expect(r.error.code).toBe('SIGN_FAILED');
    expect(r.error.message).toMatch(/random/);
  });
});
