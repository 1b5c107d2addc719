// createSigner({ engine: 'node' }): RSA signatures by node:crypto, everything else by the core.
// The URLs and cookies must be byte-identical to the wasm engine's (RSASSA-PKCS1-v1_5 is
// deterministic), and every signature must verify with node:crypto. ENGINE_UNAVAILABLE (the
// browser entry) is tested in errors.test.mjs.
import { describe, test, expect } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { createSigner, createSignerPool, getSignedUrl, getSignedCookies, clearKeyCache, CfsignError } from 'cfsign';
import { getSignedUrl as sdkGetSignedUrl, getSignedCookies as sdkGetSignedCookies } from '@aws-sdk/cloudfront-signer';
import { verifySignedUrl } from './helpers/cloudfront.mjs';

const HOST = 'https://d111111abcdef8.cloudfront.net';

// Seeded choices (mulberry32) so a failure can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function requests(seed, n) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => {
    const opts = { expires: now + 60 + Math.floor(r() * 1e6), hashAlgorithm: pick(['SHA1', 'SHA256']) };
    if (r() < 0.3) opts.ipAddress = pick(['192.0.2.1', '198.51.100.0/24', '203.0.113.7/32']);
    if (r() < 0.2) opts.notBefore = now - Math.floor(r() * 1000);
    if (r() < 0.2) opts.policyResource = `${HOST}/v/*`;
    const path = `/v/${pick(['a.mp4', 'b c.jpg', 'ünï.png', 'x?y=1&z=2', 'segment-001.ts'])}`;
    return { url: `${HOST}${path.replace('?', `-${i}?`)}`, opts };
  });
}

describe("engine: 'node'", () => {
  const keys = [
    generateKeyPairSync('rsa', { modulusLength: 2048 }),
    generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }),
    generateKeyPairSync('rsa', { modulusLength: 3072 }),
  ];

  test.each(keys.map((k, i) => [i, k]))('key %i: URLs and cookies byte-identical to the wasm engine, verified by node:crypto', (i, key) => {
    const pem = key.privateKey.export({ type: i === 1 ? 'pkcs1' : 'pkcs8', format: 'pem' });
    const wasm = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem });
    const node = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem, engine: 'node' });
    expect(wasm.engine).toBe('wasm');
    expect(node.engine).toBe('node');
    let checked = 0;
    for (const { url, opts } of requests(1000 + i, 40)) {
      const a = wasm.signUrlDetailed(url, opts);
      const b = node.signUrlDetailed(url, opts);
      expect(b).toEqual(a);
      verifySignedUrl(b.url, key.publicKey);
      const cookieOpts = { ...opts, resource: opts.policyResource ?? a.resource };
      delete cookieOpts.policyResource;
      expect(node.signCookiesDetailed(cookieOpts)).toEqual(wasm.signCookiesDetailed(cookieOpts));
      checked++;
    }
    expect(checked).toBe(40);
    wasm.dispose();
    node.dispose();
    expect(() => node.signUrl(`${HOST}/a`, { expires: '1h' })).toThrow(expect.objectContaining({ code: 'SIGNER_DISPOSED' }));
  });

  test('signer.implementation names the code that signs', () => {
    const of = (key, options = {}) => {
      const signer = createSigner({ keyPairId: 'K1', privateKey: key, ...options });
      const name = signer.implementation;
      signer.dispose();
      return name;
    };
    expect(of(keys[0].privateKey.export({ type: 'pkcs8', format: 'pem' }))).toBe('rsa2048-simd128');
    expect(of(keys[1].privateKey.export({ type: 'pkcs1', format: 'pem' }))).toBe('rsa2048-simd128');  // e = 3
    expect(of(keys[2].privateKey.export({ type: 'pkcs8', format: 'pem' }))).toBe('mbedtls');  // RSA-3072
    expect(of(keys[0].privateKey, { engine: 'node' })).toBe('node:crypto');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(of(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }))).toBe('p256');
    expect(of(ec.privateKey, { engine: 'node' })).toBe('p256');  // EC keys always sign in wasm
  });

  test('a KeyObject and an encrypted key work with the node engine', () => {
    const key = keys[0];
    const viaObject = createSigner({ keyPairId: 'K1', privateKey: key.privateKey, engine: 'node' });
    const encrypted = key.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
    const viaEncrypted = createSigner({ keyPairId: 'K1', privateKey: encrypted, passphrase: 'pw', engine: 'node' });
    const opts = { expires: Math.floor(Date.now() / 1000) + 600 };
    expect(viaEncrypted.signUrl(`${HOST}/k`, opts)).toBe(viaObject.signUrl(`${HOST}/k`, opts));
    verifySignedUrl(viaObject.signUrl(`${HOST}/k`, opts), key.publicKey);
  });

  test('ECDSA keys keep the wasm engine (deterministic RFC 6979) and give the same URLs', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' });
    const a = createSigner({ keyPairId: 'K1', privateKey: pem });
    const b = createSigner({ keyPairId: 'K1', privateKey: pem, engine: 'node' });
    expect(b.engine).toBe('wasm');
    const opts = { expires: Math.floor(Date.now() / 1000) + 600 };
    expect(b.signUrl(`${HOST}/e`, opts)).toBe(a.signUrl(`${HOST}/e`, opts));
  });

  test('an unknown engine is INVALID_ARGUMENT, naming the parameter', () => {
    const pem = keys[0].privateKey.export({ type: 'pkcs8', format: 'pem' });
    for (const engine of ['gpu', 1, 'NODE']) {
      let error;
      try { createSigner({ keyPairId: 'K1', privateKey: pem, engine }); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(CfsignError);
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain('engine');
    }
  });

  test("the drop-ins take engine: 'node' too: the SDK's output, cached per key and engine", () => {
    const pem = keys[0].privateKey.export({ type: 'pkcs1', format: 'pem' });
    const dateLessThan = new Date((Math.floor(Date.now() / 1000) + 900) * 1000).toISOString();
    const base = { url: `${HOST}/d.mp4?a=1`, keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem, dateLessThan };
    const custom = { ...base, ipAddress: '192.0.2.0/24' };
    for (const params of [base, custom]) {
      const expected = sdkGetSignedUrl(params);
      expect(getSignedUrl({ ...params, engine: 'node' })).toBe(expected);
      expect(getSignedUrl(params)).toBe(expected);
      expect(getSignedUrl({ ...params, engine: 'node' })).toBe(expected);  // from the cache
      expect(getSignedCookies({ ...params, engine: 'node' })).toEqual(sdkGetSignedCookies(params));
    }
    verifySignedUrl(getSignedUrl({ ...base, engine: 'node' }), keys[0].publicKey);
    clearKeyCache();
    expect(getSignedUrl({ ...base, engine: 'node' })).toBe(sdkGetSignedUrl(base));
    let error;
    try { getSignedUrl({ ...base, engine: 'fast' }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CfsignError);
    expect(error.code).toBe('INVALID_ARGUMENT');
    clearKeyCache();
  });

  test('the pool passes the engine to its workers', async () => {
    const pem = keys[0].privateKey.export({ type: 'pkcs8', format: 'pem' });
    const pool = await createSignerPool({ keyPairId: 'K1', privateKey: pem, engine: 'node', threads: 1 });
    try {
      const signer = createSigner({ keyPairId: 'K1', privateKey: pem });
      const opts = { expires: Math.floor(Date.now() / 1000) + 600 };
      expect(await pool.signUrl(`${HOST}/p`, opts)).toBe(signer.signUrl(`${HOST}/p`, opts));
    } finally {
      await pool.close();
    }
  }, 60000);
});
