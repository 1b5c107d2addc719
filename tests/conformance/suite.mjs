// The conformance suite, written once and run in every runtime (Node 18/20/22, Deno, Bun,
// workerd, Vercel Edge semantics, Chromium). It needs no file system, no node: modules and no
// test framework: the adapters pass the cfsign module and an assert-like object (node:assert/strict,
// or ./mini-assert.mjs where that does not exist) and print the results.
//
//   const { passed, failed, results } = await runConformance(cfsign, assert);
import { CASES, KEYS, KEY_PAIR_ID as ID } from './fixtures.mjs';

const V = CASES.canned;
const C = CASES.custom;
const VIDEO = 'https://d111111abcdef8.cloudfront.net/videos/intro.mp4';
// Appendix A's expiry (2026-01-01) may be past: verify "as of" a time inside the window.
const INSIDE = C.notBefore + 60;

function future(seconds = 3600) {
  return Math.floor(Date.now() / 1000) + seconds;
}

function param(url, name) {
  const match = new RegExp(`[?&]${name}=([^&]*)`).exec(url);
  return match ? match[1] : undefined;
}

/** The checks, in order. Each gets (cfsign, assert, state) and throws on failure. */
export const checks = [
  ['module loads: ready resolves, init() returns ready, API present', async (cf, assert) => {
    await cf.ready;
    assert.equal(typeof cf.init, 'function', 'init is exported');
    await cf.init();
    for (const name of ['createSigner', 'getSignedUrl', 'getSignedCookies', 'parseSignedUrl', 'parseSignedCookies',
      'createVerifier', 'formatSetCookieHeaders', 'generateKeyPair', 'CfsignError']) {
      assert.equal(typeof cf[name], 'function', `${name} is exported`);
    }
  }],

  ['signUrl RSA SHA-1 canned = Appendix A vector', (cf, assert, s) => {
    s.rsa = cf.createSigner({ keyPairId: ID, privateKey: KEYS.rsa.private });
    assert.equal(s.rsa.keyType, 'rsa');
    assert.equal(s.rsa.keyBits, 2048);
    const url = s.rsa.signUrl(V.resource, { expires: V.expires, allowExpired: true });
    assert.equal(url, `${V.resource}&Expires=${V.expires}&Signature=${V.rsaSha1}&Key-Pair-Id=${ID}`);
    s.cannedUrl = url;
  }],

  ['signUrl RSA SHA-256 canned = Appendix A vector', (cf, assert, s) => {
    const url = s.rsa.signUrl(V.resource, { expires: V.expires, allowExpired: true, hashAlgorithm: 'SHA256' });
    assert.equal(url, `${V.resource}&Expires=${V.expires}&Signature=${V.rsaSha256}&Key-Pair-Id=${ID}&Hash-Algorithm=SHA256`);
  }],

  ['signUrl RSA SHA-1 custom policy (start, IP, wildcard) = Appendix A vector', (cf, assert, s) => {
    const details = s.rsa.signUrlDetailed(VIDEO, {
      expires: C.expires, notBefore: C.notBefore, ipAddress: C.ipAddress, policyResource: C.resource, allowExpired: true,
    });
    assert.equal(details.kind, 'custom');
    assert.equal(details.policy, C.policy);
    assert.equal(details.url, `${VIDEO}?Policy=${C.policyBase64}&Signature=${C.rsaSha1}&Key-Pair-Id=${ID}`);
    s.customUrl = details.url;
  }],

  ['getSignedUrl drop-in (AWS SDK parameter order) = Appendix A vector', (cf, assert) => {
    const url = cf.getSignedUrl({
      url: V.resource, keyPairId: ID, privateKey: KEYS.rsa.private, dateLessThan: new Date(V.expires * 1000), allowExpired: true,
    });
    assert.equal(url, `${V.resource}&Expires=${V.expires}&Key-Pair-Id=${ID}&Signature=${V.rsaSha1}`);
  }],

  ['signUrl ECDSA P-256 SHA-256 (default for EC): deterministic, verifies', (cf, assert, s) => {
    s.ec = cf.createSigner({ keyPairId: ID, privateKey: KEYS.ec.private });
    assert.equal(s.ec.keyType, 'ec');
    assert.equal(s.ec.hashAlgorithm, 'SHA256');
    const expires = future();
    const url = s.ec.signUrl(V.resource, { expires });
    assert.equal(param(url, 'Hash-Algorithm'), 'SHA256');
    assert.equal(s.ec.signUrl(V.resource, { expires }), url, 'RFC 6979: same input, same URL');
    const verifier = cf.createVerifier({ keys: { [ID]: KEYS.ec.public } });
    const r = verifier.verifyUrl(url);
    verifier.dispose();
    assert.equal(r.reason, 'VALID');
    assert.equal(r.parsed.signature.algorithm, 'ecdsa');
  }],

  ['signUrl ECDSA P-256 SHA-1: no Hash-Algorithm parameter, verifies', (cf, assert, s) => {
    const url = s.ec.signUrl(V.resource, { expires: future(), hashAlgorithm: 'SHA1' });
    assert.equal(param(url, 'Hash-Algorithm'), undefined);
    const verifier = cf.createVerifier({ keys: { [ID]: KEYS.ec.public } });
    const r = verifier.verifyUrl(url);
    verifier.dispose();
    assert.equal(r.reason, 'VALID');
    assert.equal(r.parsed.hashAlgorithm, 'SHA1');
  }],

  ['Appendix A ECDSA SHA-256 signature (from OpenSSL) verifies', (cf, assert) => {
    const url = `${V.resource}&Expires=${V.expires}&Signature=${V.ecdsaSha256Der}&Key-Pair-Id=${ID}&Hash-Algorithm=SHA256`;
    const verifier = cf.createVerifier({ keys: { [ID]: KEYS.ec.public } });
    const r = verifier.verifyUrl(url, { now: V.expires - 60 });
    verifier.dispose();
    assert.equal(r.valid, true, r.detail);
  }],

  ['signCookies RSA SHA-1 = Appendix A vector; plain resource gives canned cookies', (cf, assert, s) => {
    // A resource with '?' is a pattern for cookies, so the vector's resource gets the policy
    // form; its policy bytes are the canned policy's, so the signature is the vector's.
    const cookies = s.rsa.signCookies({ resource: V.resource, expires: V.expires, allowExpired: true });
    assert.deepEqual(cookies, {
      'CloudFront-Policy': V.policyBase64,
      'CloudFront-Signature': V.rsaSha1,
      'CloudFront-Key-Pair-Id': ID,
    });
    const plain = 'https://d111111abcdef8.cloudfront.net/image.jpg';
    const canned = s.rsa.signCookies({ resource: plain, expires: V.expires, allowExpired: true });
    assert.deepEqual(Object.keys(canned), ['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    assert.equal(canned['CloudFront-Expires'], String(V.expires));
    s.cannedCookies = { url: plain, cookies: canned };
  }],

  ['signCookies RSA SHA-256 custom policy = Appendix A vector', (cf, assert, s) => {
    const cookies = s.rsa.signCookies({
      resource: C.resource, expires: C.expires, notBefore: C.notBefore, ipAddress: C.ipAddress, hashAlgorithm: 'SHA256', allowExpired: true,
    });
    assert.deepEqual(cookies, {
      'CloudFront-Policy': C.policyBase64,
      'CloudFront-Signature': C.rsaSha256,
      'CloudFront-Key-Pair-Id': ID,
      'CloudFront-Hash-Algorithm': 'SHA256',
    });
    s.customCookies = cookies;
  }],

  ['getSignedCookies drop-in = Appendix A vector', (cf, assert) => {
    const cookies = cf.getSignedCookies({
      url: V.resource, keyPairId: ID, privateKey: KEYS.rsa.private, dateLessThan: V.expires * 1000, allowExpired: true,
    });
    assert.equal(cookies['CloudFront-Expires'], V.expires);
    assert.equal(cookies['CloudFront-Signature'], V.rsaSha1);
    assert.equal(cookies['CloudFront-Key-Pair-Id'], ID);
  }],

  ['setCookieHeaders: Secure, HttpOnly, Path', (cf, assert, s) => {
    const headers = s.ec.setCookieHeaders({ resource: C.resource, expires: future() }, { path: '/videos/*', sameSite: 'Lax' });
    assert.equal(headers.length, 4);
    for (const h of headers) {
      assert.match(h, /^CloudFront-[A-Za-z-]+=[^;]+; /);
      assert.match(h, /; Path=\/videos\/(;|$)/);
      assert.match(h, /; Secure(;|$)/);
      assert.match(h, /; HttpOnly(;|$)/);
    }
  }],

  ['parseSignedUrl: canned vector URL', (cf, assert, s) => {
    const p = cf.parseSignedUrl(s.cannedUrl);
    assert.equal(p.source, 'url');
    assert.equal(p.kind, 'canned');
    assert.equal(p.resource, V.resource);
    assert.equal(p.expires, V.expires);
    assert.equal(p.keyPairId, ID);
    assert.equal(p.hashAlgorithm, 'SHA1');
    assert.equal(p.signature.length, 256);
    assert.equal(p.signature.algorithm, 'rsa');
    assert.equal(p.policy.text, V.policy);
    assert.deepEqual(p.problems, []);
  }],

  ['parseSignedUrl: custom vector URL', (cf, assert, s) => {
    const p = cf.parseSignedUrl(s.customUrl);
    assert.equal(p.kind, 'custom');
    assert.equal(p.resource, C.resource);
    assert.equal(p.policy.text, C.policy);
    assert.equal(p.notBefore, C.notBefore);
    assert.equal(p.ipAddress, C.ipAddress);
    assert.equal(p.url, VIDEO);
  }],

  ['parseSignedCookies: custom cookies', (cf, assert, s) => {
    const p = cf.parseSignedCookies(s.customCookies, { url: VIDEO });
    assert.equal(p.source, 'cookies');
    assert.equal(p.kind, 'custom');
    assert.equal(p.hashAlgorithm, 'SHA256');
    assert.equal(p.keyPairId, ID);
  }],

  ['createVerifier: valid RSA URL (canned and custom)', (cf, assert, s) => {
    s.verifier = cf.createVerifier({ keys: { [ID]: KEYS.rsa.public } });
    assert.equal(s.verifier.keyCount, 1);
    const canned = s.verifier.verifyUrl(s.cannedUrl, { now: V.expires - 60 });
    assert.equal(canned.valid, true, canned.detail);
    assert.equal(canned.reason, 'VALID');
    const custom = s.verifier.verifyUrl(s.customUrl, { now: INSIDE, clientIp: '192.0.2.7' });
    assert.equal(custom.reason, 'VALID', custom.detail);
  }],

  ['createVerifier: tampered URL and signature are rejected', (cf, assert, s) => {
    const path = s.verifier.verifyUrl(s.cannedUrl.replace('image.jpg', 'image2.jpg'), { now: V.expires - 60 });
    assert.equal(path.valid, false);
    assert.equal(path.reason, 'SIGNATURE_MISMATCH');
    const sig = s.cannedUrl.replace(`Signature=${V.rsaSha1.slice(0, 4)}`, 'Signature=AAAA');
    assert.ok(sig !== s.cannedUrl, 'signature was changed');
    assert.equal(s.verifier.verifyUrl(sig, { now: V.expires - 60 }).reason, 'SIGNATURE_MISMATCH');
    const expires = s.cannedUrl.replace(`Expires=${V.expires}`, `Expires=${V.expires + 1}`);
    assert.equal(s.verifier.verifyUrl(expires, { now: V.expires - 60 }).valid, false);
  }],

  ['createVerifier: expiry, client IP and cookies', (cf, assert, s) => {
    assert.equal(s.verifier.verifyUrl(s.cannedUrl, { now: V.expires + 1 }).reason, 'EXPIRED');
    const request = { url: VIDEO, cookies: s.customCookies, now: INSIDE };
    assert.equal(s.verifier.verifyRequest({ ...request, clientIp: '192.0.2.7' }).reason, 'VALID');
    assert.equal(s.verifier.verifyRequest({ ...request, clientIp: '198.51.100.1' }).reason, 'IP_MISMATCH');
    const canned = s.verifier.verifyRequest({ ...s.cannedCookies, now: V.expires - 60 });
    assert.equal(canned.reason, 'VALID', canned.detail);
    assert.equal(canned.parsed.kind, 'canned');
    s.verifier.dispose();
  }],

  ['error URL_FRAGMENT', (cf, assert, s) => {
    assert.throws(() => s.rsa.signUrl('https://d111111abcdef8.cloudfront.net/a.jpg#x', { expires: future() }),
      { name: 'CfsignError', code: 'URL_FRAGMENT' });
  }],

  ['error DATE_EXPIRED', (cf, assert, s) => {
    assert.throws(() => s.rsa.signUrl(V.resource, { expires: V.expires - 86400 * 365 * 10 }), { name: 'CfsignError', code: 'DATE_EXPIRED' });
  }],

  ['error KEY_INVALID', (cf, assert) => {
    assert.throws(() => cf.createSigner({ keyPairId: ID, privateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n' }),
      { name: 'CfsignError', code: 'KEY_INVALID' });
    assert.throws(() => cf.createSigner({ keyPairId: ID, privateKey: KEYS.rsa.public }), { code: 'KEY_INVALID' });
  }],

  ['error SIGNER_DISPOSED', (cf, assert, s) => {
    s.rsa.dispose();
    assert.equal(s.rsa.disposed, true);
    assert.throws(() => s.rsa.signUrl(V.resource, { expires: future() }), { name: 'CfsignError', code: 'SIGNER_DISPOSED' });
    const error = (() => { try { s.rsa.signCookies({ resource: V.resource, expires: future() }); } catch (e) { return e; } return null; })();
    assert.ok(error instanceof cf.CfsignError, 'errors are CfsignError instances');
  }],

  ['generateKeyPair (runtime entropy) → sign → verify', (cf, assert, s) => {
    const pair = cf.generateKeyPair({ type: 'ec' });
    assert.match(pair.publicKey, /^-----BEGIN PUBLIC KEY-----/);
    const signer = cf.createSigner({ keyPairId: 'KGENERATED1', privateKey: pair.privateKey });
    const url = signer.signUrl(VIDEO, { expires: future() });
    signer.dispose();
    const verifier = cf.createVerifier({ keys: { KGENERATED1: pair.publicKey } });
    assert.equal(verifier.verifyUrl(url).reason, 'VALID');
    assert.equal(verifier.verifyUrl(url.replace('intro', 'outro')).valid, false);
    verifier.dispose();
    s.ec.dispose();
  }],

  ["cfsign's own RSA-2048 kernel (SIMD128) and P-256 signer sign here, not the Mbed TLS fallback", (cf, assert) => {
    for (const [key, expected] of [[KEYS.rsa.private, 'rsa2048-simd128'], [KEYS.ec.private, 'p256']]) {
      const signer = cf.createSigner({ keyPairId: ID, privateKey: key });
      assert.equal(signer.implementation, expected);
      signer.dispose();
    }
  }],

  ["engine 'node': same URLs where node:crypto exists (Node, Deno, Bun), ENGINE_UNAVAILABLE elsewhere", (cf, assert, s) => {
    const wasm = cf.createSigner({ keyPairId: ID, privateKey: KEYS.rsa.private });
    assert.equal(wasm.engine, 'wasm');
    if (s.options.nodeEngine) {
      const node = cf.createSigner({ keyPairId: ID, privateKey: KEYS.rsa.private, engine: 'node' });
      assert.equal(node.engine, 'node');
      assert.equal(node.implementation, 'node:crypto');
      for (const opts of [{ expires: V.expires, allowExpired: true }, { expires: future(), ipAddress: C.ipAddress, hashAlgorithm: 'SHA256' }]) {
        assert.equal(node.signUrl(VIDEO, opts), wasm.signUrl(VIDEO, opts));
      }
      assert.equal(node.signUrl(V.resource, { expires: V.expires, allowExpired: true }),
        `${V.resource}&Expires=${V.expires}&Signature=${V.rsaSha1}&Key-Pair-Id=${ID}`);
      node.dispose();
    } else {
      let error;
      try { cf.createSigner({ keyPairId: ID, privateKey: KEYS.rsa.private, engine: 'node' }); } catch (e) { error = e; }
      assert.ok(error instanceof cf.CfsignError, 'a CfsignError');
      assert.equal(error.code, 'ENGINE_UNAVAILABLE');
    }
    wasm.dispose();
  }],
];

/**
 * Runs every check; never throws. `onResult({ name, ok, error })` is called after each;
 * `nodeEngine: true` where the runtime offers node:crypto (the Node/Deno/Bun adapter).
 * Returns { passed, failed, results }.
 */
export async function runConformance(cfsign, assert, { onResult, nodeEngine = false } = {}) {
  // nodeEngine: the adapter's runtime has node:crypto, so createSigner({ engine: 'node' }) works.
  const state = { options: { nodeEngine } };
  const results = [];
  for (const [name, fn] of checks) {
    let result;
    try {
      await fn(cfsign, assert, state);
      result = { name, ok: true };
    } catch (error) {
      result = { name, ok: false, error: `${error?.name ?? 'Error'}: ${error?.message ?? error}` };
    }
    results.push(result);
    onResult?.(result);
  }
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed, results };
}

/**
 * The lines an adapter prints: one per check, then the runtime, then "N passed, N failed"
 * alone on the last line. `results` may include an adapter's own checks.
 */
export function report(label, results) {
  const passed = results.filter((r) => r.ok).length;
  const lines = results.map((r) => (r.ok ? `ok - ${r.name}` : `not ok - ${r.name}\n    ${r.error}`));
  lines.push(`# ${label}`, `${passed} passed, ${results.length - passed} failed`);
  return lines.join('\n');
}
