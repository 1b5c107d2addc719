// Every error code, triggered through the public API: each must be a CfsignError with the
// stable .code and a message that names the parameter, and no message may leak key material.
import { describe, test, expect } from '@jest/globals';
import { createSigner, createVerifier, formatSetCookieHeaders, getSignedUrl, CfsignError } from 'cfsign';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VECTORS_DIR = new URL('../vectors/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('cloudfront-appendix-a.json', VECTORS_DIR), 'utf8'));
const readKey = (rel) => readFileSync(new URL(rel, VECTORS_DIR), 'utf8');
const RSA_PEM = readKey(vectors.keys.rsa.private);
const RSA_PUBLIC = readKey(vectors.keys.rsa.public);
const EC_PEM = readKey(vectors.keys.ec.private);

const KEY_PAIR_ID = 'K2JCJMDEHXQW5F';
const HOST = 'https://d111111abcdef8.cloudfront.net';
const URL_OK = `${HOST}/a.jpg`;
const FAR_FUTURE = 1893456000; // 2030-01-01T00:00:00Z
const PASSPHRASE = 'correct horse battery staple';

const rsaKeyObject = crypto.createPrivateKey(RSA_PEM);
const ENCRYPTED_PKCS8 = rsaKeyObject.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE });
const ENCRYPTED_PKCS1 = rsaKeyObject.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE });
const DSA_KEY = crypto.generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey;
const P384_KEY = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;

// Base64 body lines of every key used here: no error message may contain any of them.
const PEM_TEXTS = [
  RSA_PEM, EC_PEM, RSA_PUBLIC, ENCRYPTED_PKCS8, ENCRYPTED_PKCS1,
  DSA_KEY.export({ type: 'pkcs8', format: 'pem' }), P384_KEY.export({ type: 'pkcs8', format: 'pem' }),
];
const KEY_BODY_LINES = PEM_TEXTS.flatMap((pem) => pem.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----')));
const KEY_BASE64_BLOBS = PEM_TEXTS.map((pem) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));

function catchError(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Runs fn, expects a CfsignError with `code` whose message mentions every name in `names`,
 * and checks the message carries no key material (without ever printing key material).
 */
function expectCfsignError(fn, code, ...names) {
  const error = catchError(fn);
  expect(error).toBeInstanceOf(CfsignError);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe('CfsignError');
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  for (const name of names) expect(error.message).toContain(name);
  const leaks = error.message.includes('-----BEGIN')
    || KEY_BODY_LINES.some((line) => error.message.includes(line))
    || KEY_BASE64_BLOBS.some((blob) => error.message.includes(blob.slice(0, 24)))
    || error.message.includes(PASSPHRASE);
  expect(leaks).toBe(false);
  return error;
}

const rsaSigner = () => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM });
const sign = (url, options = {}) => rsaSigner().signUrl(url, { expires: FAR_FUTURE, ...options });
const sdk = (params) => getSignedUrl({ url: URL_OK, keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, dateLessThan: '2030-01-01', ...params });

// Declared codes that the public API cannot produce: BASE64_INVALID (no public decoder),
// SIGN_FAILED (Mbed TLS signing failure after a key parsed), OUT_OF_MEMORY (malloc failure).
// FILE_UNREADABLE and FILE_UNWRITABLE come from the CLI only (tested in cli.test.mjs).
const NOT_TESTED_HERE = new Set(['BASE64_INVALID', 'SIGN_FAILED', 'OUT_OF_MEMORY', 'FILE_UNREADABLE', 'FILE_UNWRITABLE']);
const COVERED = new Set();
const covers = (code) => { COVERED.add(code); return code; };

describe('URL_INVALID', () => {
  const code = covers('URL_INVALID');
  test.each([
    ['not absolute', 'not a url'],
    ['relative path', '/a.jpg'],
    ['no host', 'https:///a.jpg'],
    ['empty', ''],
    ['user info', 'https://user@d111111abcdef8.cloudfront.net/a.jpg'],
    ['bad port', 'https://d111111abcdef8.cloudfront.net:http/a.jpg'],
  ])('url %s', (_name, url) => {
    expectCfsignError(() => sign(url), code, 'url');
  });
  test('url not a string', () => {
    expectCfsignError(() => sign(42), code, 'url');
    expectCfsignError(() => sign(new URL(URL_OK)), code, 'url');
  });
  test('getSignedUrl without url or policy', () => {
    expectCfsignError(() => getSignedUrl({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, dateLessThan: '2030-01-01' }), code, 'url');
  });
});

describe('URL_SCHEME', () => {
  const code = covers('URL_SCHEME');
  test.each(['ftp://d111111abcdef8.cloudfront.net/a.jpg', 'wss://d111111abcdef8.cloudfront.net/a.jpg', 'file://host/a'])('%s', (url) => {
    const error = expectCfsignError(() => sign(url), code, 'url');
    expect(error.message).toMatch(/http/);
  });
  test('getSignedUrl', () => {
    expectCfsignError(() => sdk({ url: 'ftp://d111111abcdef8.cloudfront.net/a.jpg' }), code, 'url');
  });
});

describe('URL_FRAGMENT', () => {
  const code = covers('URL_FRAGMENT');
  test.each([`${URL_OK}#top`, `${URL_OK}?a=1#x`, `${URL_OK}#`])('%s', (url) => {
    expectCfsignError(() => sign(url), code, 'url', '#');
  });
  test('exact mode too', () => {
    expectCfsignError(() => sign(`${URL_OK}#top`, { exact: true }), code, 'url');
  });
});

describe('URL_RESERVED_PARAM', () => {
  const code = covers('URL_RESERVED_PARAM');
  test.each(['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm'])('%s', (name) => {
    expectCfsignError(() => sign(`${URL_OK}?size=large&${name}=1`), code, 'url', `"${name}"`);
    expectCfsignError(() => sign(`${URL_OK}?${name}`), code, 'url', name);
    expectCfsignError(() => sign(`${URL_OK}?${name}=1`, { exact: true }), code, 'url', name);
    expectCfsignError(() => sdk({ url: `${URL_OK}?${name}=1` }), code, 'url', name);
  });
  test('a percent-encoded reserved name is caught too', () => {
    expectCfsignError(() => sign(`${URL_OK}?Key%2DPair%2DId=1`), code, 'url', 'Key-Pair-Id');
  });
  test('names are case-sensitive: expires (lower case) is allowed', () => {
    expect(() => sign(`${URL_OK}?expires=1`)).not.toThrow();
  });
});

describe('URL_CHARACTERS', () => {
  const code = covers('URL_CHARACTERS');
  test.each([
    ['space in exact mode', `${HOST}/a b.jpg`, { exact: true }],
    ['non-ASCII in exact mode', `${HOST}/café.jpg`, { exact: true }],
    ['double quote in exact mode', `${HOST}/a"b.jpg`, { exact: true }],
    ['stray % in exact mode', `${HOST}/100%.jpg`, { exact: true }],
    ['control character in exact mode', `${HOST}/a\tb.jpg`, { exact: true }],
    ['space in the host', 'https://bad host.example/a.jpg', {}],
    ['non-ASCII host', 'https://bücher.example/a.jpg', {}],
  ])('%s', (_name, url, options) => {
    expectCfsignError(() => sign(url, options), code, 'url');
  });
});

describe('URL_RESOURCE_MISMATCH', () => {
  const code = covers('URL_RESOURCE_MISMATCH');
  test('url outside policyResource', () => {
    expectCfsignError(
      () => sign(`${HOST}/images/a.jpg`, { policyResource: `${HOST}/videos/*` }),
      code, 'url', 'policyResource',
    );
  });
  test('other host', () => {
    expectCfsignError(() => sign('https://other.example/videos/a.mp4', { policyResource: `${HOST}/videos/*` }), code, 'policyResource');
  });
  test('getSignedUrl: url outside the policy Resource', () => {
    const policy = JSON.stringify({ Statement: [{ Resource: `${HOST}/videos/*`, Condition: { DateLessThan: { 'AWS:EpochTime': FAR_FUTURE } } }] });
    expectCfsignError(() => sdk({ url: `${HOST}/images/a.jpg`, policy, dateLessThan: undefined }), code, 'url', 'Resource');
  });
});

describe('RESOURCE_INVALID', () => {
  const code = covers('RESOURCE_INVALID');
  test.each([
    ['wrong scheme', 'ftp://d111111abcdef8.cloudfront.net/*'],
    ['no scheme', 'd111111abcdef8.cloudfront.net/*'],
    ['double quote', `${HOST}/"*`],
    ['backslash', `${HOST}/\\*`],
    ['space', `${HOST}/a b*`],
    ['non-ASCII', `${HOST}/café*`],
    ['fragment', `${HOST}/*#x`],
  ])('policyResource: %s', (_name, policyResource) => {
    expectCfsignError(() => sign(URL_OK, { policyResource }), code, 'policyResource');
  });
  test('getSignedUrl: invalid policy Resource', () => {
    const policy = JSON.stringify({ Statement: [{ Resource: 'ftp://x/*', Condition: { DateLessThan: { 'AWS:EpochTime': FAR_FUTURE } } }] });
    expectCfsignError(() => sdk({ policy, dateLessThan: undefined }), code, 'Resource');
  });
});

describe('IP_INVALID', () => {
  const code = covers('IP_INVALID');
  test.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'abc', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/08', ' 1.2.3.4'])('ipAddress %s', (ipAddress) => {
    expectCfsignError(() => sign(URL_OK, { ipAddress }), code, 'ipAddress');
  });
  test('getSignedUrl ipAddress', () => {
    expectCfsignError(() => sdk({ ipAddress: '300.1.1.1' }), code, 'ipAddress');
  });
  test('policy AWS:SourceIp', () => {
    const policy = JSON.stringify({ Statement: [{ Resource: `${HOST}/*`, Condition: { DateLessThan: { 'AWS:EpochTime': FAR_FUTURE }, IpAddress: { 'AWS:SourceIp': '1.2.3/24' } } }] });
    expectCfsignError(() => sdk({ policy, dateLessThan: undefined }), code, 'SourceIp');
  });
});

describe('IP_V6_UNSUPPORTED', () => {
  const code = covers('IP_V6_UNSUPPORTED');
  test.each(['2001:db8::1', '2001:db8::/32', '::ffff:192.0.2.1'])('ipAddress %s', (ipAddress) => {
    const error = expectCfsignError(() => sign(URL_OK, { ipAddress }), code, 'ipAddress');
    expect(error.message).toMatch(/IPv4/);
  });
  test('getSignedUrl ipAddress', () => {
    expectCfsignError(() => sdk({ ipAddress: '2001:db8::1' }), code, 'ipAddress');
  });
});

describe('DATE_MISSING', () => {
  const code = covers('DATE_MISSING');
  test('signUrl without expires', () => {
    const signer = rsaSigner();
    expectCfsignError(() => signer.signUrl(URL_OK, {}), code, 'expires');
    expectCfsignError(() => signer.signUrl(URL_OK), code, 'expires');
    expectCfsignError(() => signer.signUrl(URL_OK, { expires: null }), code, 'expires');
    expectCfsignError(() => signer.signUrlDetailed(URL_OK, { notBefore: '1h' }), code, 'expires');
  });
  test('getSignedUrl without dateLessThan', () => {
    expectCfsignError(() => sdk({ dateLessThan: undefined }), code, 'dateLessThan');
  });
});

describe('DATE_INVALID', () => {
  const code = covers('DATE_INVALID');
  test.each([
    ['garbage', 'garbage'],
    ['impossible date', '2030-02-30'],
    ['invalid Date', new Date('nope')],
    ['negative', -5],
    ['NaN', NaN],
    ['zero duration', '0m'],
    ['object', {}],
  ])('expires %s', (_name, expires) => {
    expectCfsignError(() => sign(URL_OK, { expires }), code, 'options.expires');
  });
  test('notBefore garbage', () => {
    expectCfsignError(() => sign(URL_OK, { notBefore: 'yesterday-ish' }), code, 'options.notBefore');
  });
  test('getSignedUrl dateLessThan / dateGreaterThan garbage', () => {
    expectCfsignError(() => sdk({ dateLessThan: 'garbage' }), code, 'dateLessThan');
    expectCfsignError(() => sdk({ dateGreaterThan: 'garbage' }), code, 'dateGreaterThan');
  });
});

describe('DATE_RANGE', () => {
  const code = covers('DATE_RANGE');
  test('notBefore after expires', () => {
    expectCfsignError(() => sign(URL_OK, { expires: '1h', notBefore: '2h' }), code, 'notBefore', 'expires');
  });
  test('notBefore equal to expires', () => {
    expectCfsignError(() => sign(URL_OK, { expires: FAR_FUTURE, notBefore: FAR_FUTURE }), code, 'notBefore', 'expires');
  });
  test('getSignedUrl dateGreaterThan after dateLessThan', () => {
    expectCfsignError(() => sdk({ dateLessThan: '2030-01-01', dateGreaterThan: '2030-01-02' }), code, 'notBefore');
  });
  test('policy DateGreaterThan after DateLessThan', () => {
    const policy = JSON.stringify({ Statement: [{ Resource: `${HOST}/*`, Condition: { DateLessThan: { 'AWS:EpochTime': FAR_FUTURE }, DateGreaterThan: { 'AWS:EpochTime': FAR_FUTURE + 1 } } }] });
    expectCfsignError(() => sdk({ policy, dateLessThan: undefined }), code, 'DateGreaterThan', 'DateLessThan');
  });
});

describe('DATE_EXPIRED', () => {
  const code = covers('DATE_EXPIRED');
  test.each([
    ['epoch seconds', 1500000000],
    ['ISO date', '2017-01-01T00:00:00Z'],
    ['Date', new Date(Date.now() - 60_000)],
    ['now', Math.floor(Date.now() / 1000)],
  ])('expires in the past: %s', (_name, expires) => {
    const error = expectCfsignError(() => sign(URL_OK, { expires }), code, 'expires');
    expect(error.message).toMatch(/allowExpired/);
  });
  test('getSignedUrl', () => {
    expectCfsignError(() => sdk({ dateLessThan: '2017-01-01' }), code, 'expires');
  });
  test('policy with a past DateLessThan', () => {
    const policy = JSON.stringify({ Statement: [{ Resource: `${HOST}/*`, Condition: { DateLessThan: { 'AWS:EpochTime': 1500000000 } } }] });
    expectCfsignError(() => sdk({ policy, dateLessThan: undefined }), code, 'expires');
  });
});

describe('DATE_MILLISECONDS', () => {
  const code = covers('DATE_MILLISECONDS');
  test('expires as Date.now()', () => {
    const error = expectCfsignError(() => sign(URL_OK, { expires: Date.now() }), code, 'options.expires');
    expect(error.message).toMatch(/seconds/);
  });
  test('expires as a millisecond digit string', () => {
    expectCfsignError(() => sign(URL_OK, { expires: String(FAR_FUTURE * 1000) }), code, 'options.expires');
  });
  test('notBefore in milliseconds', () => {
    expectCfsignError(() => sign(URL_OK, { notBefore: Date.now() }), code, 'options.notBefore');
  });
});

describe('POLICY_INVALID', () => {
  const code = covers('POLICY_INVALID');
  const statement = (condition, extra = {}) => JSON.stringify({ Statement: [{ Resource: `${HOST}/*`, Condition: condition, ...extra }] });
  test.each([
    ['not JSON', '{not json', 'policy'],
    ['not an object', '[1]', 'policy'],
    ['unexpected top-level key', JSON.stringify({ Statement: [], Version: 1 }), 'policy'],
    ['two statements', JSON.stringify({ Statement: [{ Condition: { DateLessThan: { 'AWS:EpochTime': FAR_FUTURE } } }, { Condition: { DateLessThan: { 'AWS:EpochTime': FAR_FUTURE } } }] }), 'Statement'],
    ['quoted epoch', statement({ DateLessThan: { 'AWS:EpochTime': String(FAR_FUTURE) } }), 'DateLessThan'],
    ['no DateLessThan', statement({ DateGreaterThan: { 'AWS:EpochTime': 1 } }), 'DateLessThan'],
    ['unknown condition', statement({ DateLessThan: { 'AWS:EpochTime': FAR_FUTURE }, Referer: {} }), 'Referer'],
    ['duplicate key', `{"Statement":[{"Resource":"${HOST}/*","Resource":"${HOST}/a","Condition":{"DateLessThan":{"AWS:EpochTime":${FAR_FUTURE}}}}]}`, 'Resource'],
    ['SourceIp without prefix', statement({ DateLessThan: { 'AWS:EpochTime': FAR_FUTURE }, IpAddress: { 'AWS:SourceIp': '192.0.2.1' } }), 'SourceIp'],
  ])('getSignedUrl policy: %s', (_name, policy, name) => {
    expectCfsignError(() => sdk({ url: `${HOST}/a.jpg`, policy, dateLessThan: undefined }), code, name);
  });
  test('policy not a string', () => {
    expectCfsignError(() => sdk({ policy: { Statement: [] } }), code, 'policy');
    expectCfsignError(() => sdk({ policy: 42 }), code, 'policy');
  });
  test('no url and a policy without Resource', () => {
    const policy = JSON.stringify({ Statement: [{ Condition: { DateLessThan: { 'AWS:EpochTime': FAR_FUTURE } } }] });
    expectCfsignError(() => sdk({ url: undefined, policy }), code, 'policy', 'Resource');
  });
});

describe('KEY_INVALID', () => {
  const code = covers('KEY_INVALID');
  const lines = RSA_PEM.trim().split('\n');
  test('corrupt PEM (base64 body damaged)', () => {
    const corrupt = [lines[0], ...lines.slice(1, -1).map((l, i) => (i === 3 ? '!'.repeat(l.length) : l)), lines.at(-1)].join('\n');
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: corrupt }), code, 'privateKey');
  });
  // One RSA component changed at a time (node:crypto imports a JWK without checking it).
  // Signing uses n, e, p, q, dp, dq and qi: each must agree with the others, or the key is
  // refused at once. d is not used for signing: a key whose d alone is wrong signs as the intact
  // key does, and is refused where d is used (exported for engine 'node').
  const RSA_JWK = rsaKeyObject.export({ format: 'jwk' });
  const RSA3072_JWK = crypto.createPrivateKey(readKey('keys/test-rsa3072-pkcs8.pem')).export({ format: 'jwk' });
  const withChanged = (jwk, name) => {
    const value = Buffer.from(jwk[name], 'base64url');
    value[value.length - 1] ^= 2;  // parity kept: n, p and q stay odd
    return crypto.createPrivateKey({ key: { ...jwk, [name]: value.toString('base64url') }, format: 'jwk' })
      .export({ type: 'pkcs1', format: 'pem' });
  };
  for (const name of ['n', 'p', 'q', 'dp', 'dq', 'qi']) {
    test(`an RSA key whose ${name} does not match its other components (2048 and 3072 bits)`, () => {
      for (const jwk of [RSA_JWK, RSA3072_JWK]) {
        const pem = withChanged(jwk, name);
        const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: pem }), code, 'privateKey');
        expect(error.message).toMatch(/inconsistent/);
        expect(error.message).not.toContain(pem.split('\n')[1]);
      }
    });
  }
  test("an RSA key whose d alone is wrong signs as the intact key, and engine 'node' refuses it", () => {
    for (const jwk of [RSA_JWK, RSA3072_JWK]) {
      const intact = crypto.createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs1', format: 'pem' });
      const badD = withChanged(jwk, 'd');
      const a = createSigner({ keyPairId: KEY_PAIR_ID, privateKey: badD });
      const b = createSigner({ keyPairId: KEY_PAIR_ID, privateKey: intact });
      expect(a.signUrl(URL_OK, { expires: FAR_FUTURE })).toBe(b.signUrl(URL_OK, { expires: FAR_FUTURE }));
      expect(a.signCookies({ resource: `${HOST}/*`, expires: FAR_FUTURE })).toEqual(b.signCookies({ resource: `${HOST}/*`, expires: FAR_FUTURE }));
      a.dispose();
      b.dispose();
      const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: badD, engine: 'node' }), code, 'privateKey', "engine 'node'");
      expect(error.message).toMatch(/exponent d/);
    }
  });
  test('truncated PEM', () => {
    const truncated = [...lines.slice(0, 6), lines.at(-1)].join('\n');
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: truncated }), code, 'privateKey');
  });
  test('trailing garbage after the END line', () => {
    const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: `${RSA_PEM}garbage\n` }), code, 'privateKey');
    expect(error.message).toMatch(/trailing/);
  });
  test('a public key', () => {
    const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PUBLIC }), code, 'privateKey');
    expect(error.message).toMatch(/public key/);
  });
  test('a public key as DER bytes', () => {
    const der = crypto.createPublicKey(RSA_PUBLIC).export({ type: 'spki', format: 'der' });
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: der }), code, 'privateKey');
  });
  test('a public KeyObject', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: crypto.createPublicKey(RSA_PUBLIC) }), code, 'privateKey');
  });
  test.each([
    ['empty string', ''],
    ['whitespace', '  \n '],
    ['empty bytes', new Uint8Array(0)],
  ])('empty: %s', (_name, privateKey) => {
    const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey }), code, 'privateKey');
    expect(error.message).toMatch(/empty/);
  });
  test.each([
    ['missing', undefined],
    ['number', 42],
    ['plain object', { pem: 'x' }],
    ['random bytes', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])],
    ['text without PEM armour', 'definitely not a key'],
  ])('not a key: %s', (_name, privateKey) => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey }), code, 'privateKey');
  });
  test('getSignedUrl with a corrupt key', () => {
    expectCfsignError(() => sdk({ privateKey: `${RSA_PEM}garbage` }), code, 'privateKey');
  });
});

describe('KEY_UNSUPPORTED', () => {
  const code = covers('KEY_UNSUPPORTED');
  test('DSA key (PKCS#8 PEM from node:crypto)', () => {
    const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: DSA_KEY.export({ type: 'pkcs8', format: 'pem' }) }), code, 'privateKey');
    expect(error.message).toMatch(/RSA/);
  });
  test('EC P-384 key (PKCS#8 PEM from node:crypto)', () => {
    const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: P384_KEY.export({ type: 'pkcs8', format: 'pem' }) }), code, 'privateKey');
    expect(error.message).toMatch(/P-256/);
  });
  test('EC P-384 key (SEC1 PEM)', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: P384_KEY.export({ type: 'sec1', format: 'pem' }) }), code, 'privateKey');
  });
  test('Ed25519 key (PKCS#8 PEM)', () => {
    const ed = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ed }), code, 'privateKey');
  });
  // The same unsupported keys as DER bytes or as a KeyObject (which cfsign exports to PKCS#8
  // DER) must give KEY_UNSUPPORTED too, not KEY_INVALID "neither a PEM nor a DER private key".
  test('EC P-384 key as a node:crypto KeyObject', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: P384_KEY }), code, 'privateKey');
  });
  test('DSA key as PKCS#8 DER bytes and as a KeyObject', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: DSA_KEY.export({ type: 'pkcs8', format: 'der' }) }), code, 'privateKey');
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: DSA_KEY }), code, 'privateKey');
  });
  test('Ed25519 key as a KeyObject', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: crypto.generateKeyPairSync('ed25519').privateKey }), code, 'privateKey');
  });
  test('RSA-PSS key (id-RSASSA-PSS) as PKCS#8 PEM', () => {
    const pss = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey;
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: pss.export({ type: 'pkcs8', format: 'pem' }) }), code, 'privateKey');
  });
  // Regression: an RSA-PSS key as DER or KeyObject once gave KEY_INVALID.
  test('RSA-PSS key (id-RSASSA-PSS) as a KeyObject', () => {
    const pss = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey;
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: pss }), code, 'privateKey');
  });
  test('RSA-PSS key (id-RSASSA-PSS) as PKCS#8 DER bytes', () => {
    const pss = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey;
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: pss.export({ type: 'pkcs8', format: 'der' }) }), code, 'privateKey');
  });
});

describe('KEY_PASSPHRASE_REQUIRED', () => {
  const code = covers('KEY_PASSPHRASE_REQUIRED');
  test('encrypted PKCS#8 without a passphrase', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8 }), code, 'passphrase');
  });
  test('encrypted PKCS#8 with an empty passphrase', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8, passphrase: '' }), code, 'passphrase');
  });
  test('getSignedUrl with an encrypted key and no passphrase', () => {
    expectCfsignError(() => sdk({ privateKey: ENCRYPTED_PKCS8 }), code, 'passphrase');
  });
  // A legacy encrypted PEM (BEGIN RSA PRIVATE KEY + Proc-Type: 4,ENCRYPTED) without a
  // passphrase is _REQUIRED, not _WRONG.
  test('encrypted PKCS#1 PEM (Proc-Type: 4,ENCRYPTED) without a passphrase', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS1 }), code, 'passphrase');
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS1, passphrase: '' }), code, 'passphrase');
  });
});

describe('KEY_PASSPHRASE_WRONG', () => {
  const code = covers('KEY_PASSPHRASE_WRONG');
  test('encrypted PKCS#8 with a wrong passphrase (string and bytes)', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8, passphrase: 'wrong' }), code, 'passphrase');
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8, passphrase: Buffer.from('wrong') }), code, 'passphrase');
  });
  test('encrypted PKCS#1 PEM with a wrong passphrase', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS1, passphrase: 'wrong' }), code, 'passphrase');
  });
  test('the message does not contain the passphrase given', () => {
    const secret = 'my-wrong-secret-passphrase';
    const error = expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8, passphrase: secret }), code, 'passphrase');
    expect(error.message.includes(secret)).toBe(false);
  });
});

describe('KEY_PAIR_ID_INVALID', () => {
  const code = covers('KEY_PAIR_ID_INVALID');
  test.each([
    ['empty', ''],
    ['space', 'K2JC JMDEHXQW5F'],
    ['punctuation', 'K2JCJ-MDEHXQW5F'],
    ['non-ASCII', 'K2JCJMDÉHXQW5F'],
    ['number', 12345],
    ['missing', undefined],
    ['null', null],
  ])('createSigner keyPairId %s', (_name, keyPairId) => {
    expectCfsignError(() => createSigner({ keyPairId, privateKey: RSA_PEM }), code, 'keyPairId');
  });
  test('getSignedUrl keyPairId', () => {
    expectCfsignError(() => sdk({ keyPairId: 'bad id' }), code, 'keyPairId');
    expectCfsignError(() => sdk({ keyPairId: undefined }), code, 'keyPairId');
  });
  test('checked before the key is parsed', () => {
    expectCfsignError(() => createSigner({ keyPairId: '', privateKey: 'not a key' }), code, 'keyPairId');
  });
});

describe('HASH_UNSUPPORTED', () => {
  const code = covers('HASH_UNSUPPORTED');
  test.each(['MD5', 'SHA512', 'sha256', 'SHA-256', '', 256])('createSigner hashAlgorithm %p', (hashAlgorithm) => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, hashAlgorithm }), code, 'hashAlgorithm');
  });
  test('null means "not given" (the default), not an error', () => {
    expect(createSigner({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, hashAlgorithm: null }).hashAlgorithm).toBe('SHA1');
  });
  test('signUrl options.hashAlgorithm', () => {
    expectCfsignError(() => sign(URL_OK, { hashAlgorithm: 'SHA384' }), code, 'options.hashAlgorithm');
  });
  test('getSignedUrl algorithm', () => {
    expectCfsignError(() => sdk({ algorithm: 'SHA512' }), code, 'algorithm');
  });
});

describe('SIGNER_DISPOSED', () => {
  const code = covers('SIGNER_DISPOSED');
  test('signUrl and signUrlDetailed after dispose()', () => {
    const signer = rsaSigner();
    signer.dispose();
    expectCfsignError(() => signer.signUrl(URL_OK, { expires: FAR_FUTURE }), code, 'signer', 'dispose');
    expectCfsignError(() => signer.signUrlDetailed(URL_OK, { expires: FAR_FUTURE }), code, 'signer');
  });
  test('takes precedence over argument errors', () => {
    const signer = rsaSigner();
    signer.dispose();
    expectCfsignError(() => signer.signUrl('ftp://bad', null), code, 'signer');
  });
});

describe('INVALID_ARGUMENT', () => {
  const code = covers('INVALID_ARGUMENT');
  test.each([undefined, null, 'K2JCJMDEHXQW5F', 42])('createSigner(%p)', (options) => {
    expectCfsignError(() => createSigner(options), code, 'createSigner');
  });
  test.each([undefined, null, 'https://x'])('getSignedUrl(%p)', (params) => {
    expectCfsignError(() => getSignedUrl(params), code, 'getSignedUrl');
  });
  test('passphrase of the wrong type', () => {
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8, passphrase: 1234 }), code, 'passphrase');
    expectCfsignError(() => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8, passphrase: { value: 'x' } }), code, 'passphrase');
  });
  test('signUrl options not an object', () => {
    expectCfsignError(() => rsaSigner().signUrl(URL_OK, null), code, 'options');
    expectCfsignError(() => rsaSigner().signUrl(URL_OK, '1h'), code, 'options');
  });
  test('ipAddress / policyResource of the wrong type', () => {
    expectCfsignError(() => sign(URL_OK, { ipAddress: 3232235521 }), code, 'options.ipAddress');
    expectCfsignError(() => sign(URL_OK, { ipAddress: ['192.0.2.1'] }), code, 'options.ipAddress');
    expectCfsignError(() => sign(URL_OK, { policyResource: new URL(`${HOST}/*`) }), code, 'options.policyResource');
    expectCfsignError(() => sdk({ ipAddress: 5 }), code, 'ipAddress');
  });
});

describe('NOT_READY', () => {
  covers('NOT_READY');
  // In Node the package's node entry loads the module synchronously, so NOT_READY cannot be
  // reached in-process. It is reached through the same public specifier 'cfsign' resolved with
  // the "browser" export condition, in a child process: calls made before `ready` settles throw.
  test("browser entry: createSigner before `ready` throws NOT_READY (child process, --conditions=browser)", () => {
    const script = [
      "import { createSigner, getSignedUrl, CfsignError, ready } from 'cfsign';",
      "ready.catch(() => {});",
      "const out = [];",
      "for (const call of [",
      "  () => createSigner({ keyPairId: 'K1', privateKey: 'x' }),",
      "  () => getSignedUrl({ url: 'https://a.example/x', keyPairId: 'K1', privateKey: 'x', dateLessThan: '2030-01-01' }),",
      "]) {",
      "  try { call(); out.push(null); } catch (e) { out.push({ isCfsign: e instanceof CfsignError, code: e.code, message: e.message }); }",
      "}",
      "process.stdout.write(JSON.stringify(out));",
      "process.exit(0);",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--conditions=browser', '--input-type=module', '-e', script], {
      cwd: ROOT, encoding: 'utf8', timeout: 30000,
    });
    expect(child.status).toBe(0);
    const results = JSON.parse(child.stdout);
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r).toEqual({ isCfsign: true, code: 'NOT_READY', message: expect.stringContaining('ready') });
    }
  });
});

describe('messages never contain key material', () => {
  test.each([
    ['RSA PEM + bad keyPairId', () => createSigner({ keyPairId: 'bad id', privateKey: RSA_PEM })],
    ['RSA PEM + trailing garbage', () => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: `${RSA_PEM}x` })],
    ['RSA PEM with its last body line damaged', () => {
      const l = RSA_PEM.trim().split('\n');
      l[l.length - 2] = `${l[l.length - 2].slice(0, -2)}!!`;
      return createSigner({ keyPairId: KEY_PAIR_ID, privateKey: l.join('\n') });
    }],
    ['EC PEM with header changed', () => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: EC_PEM.replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY') })],
    ['public key', () => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PUBLIC })],
    ['encrypted, no passphrase', () => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8 })],
    ['encrypted, wrong passphrase', () => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: ENCRYPTED_PKCS8, passphrase: 'x' })],
    ['getSignedUrl with a damaged key', () => sdk({ privateKey: RSA_PEM.replace('-----END', 'xx\n-----END') })],
    ['getSignedUrl bad url with a good key', () => sdk({ url: 'ftp://x' })],
  ])('%s', (_name, fn) => {
    const error = catchError(fn);
    expect(error).toBeInstanceOf(CfsignError);
    const leaks = error.message.includes('-----BEGIN')
      || KEY_BODY_LINES.some((line) => error.message.includes(line))
      || KEY_BASE64_BLOBS.some((blob) => error.message.includes(blob.slice(0, 24)))
      || error.message.includes(PASSPHRASE);
    expect(leaks).toBe(false);
  });
});

describe('COOKIE_ATTRIBUTE_INVALID', () => {
  const code = covers('COOKIE_ATTRIBUTE_INVALID');
  const cookieOptions = { resource: 'https://d111111abcdef8.cloudfront.net/videos/*', expires: FAR_FUTURE };
  test.each([
    ['domain with a port', { domain: 'example.com:443' }, 'domain'],
    ['domain with a scheme', { domain: 'https://example.com' }, 'domain'],
    ['path without a leading slash', { path: 'images/' }, 'path'],
    ['a wildcard inside the path', { path: '/im*ges/' }, 'path'],
    ['path with a semicolon', { path: '/a;b' }, 'path'],
    ['unknown sameSite', { sameSite: 'sometimes' }, 'sameSite'],
    ['sameSite None without secure', { sameSite: 'None', secure: false }, 'sameSite'],
    ['non-integer maxAge', { maxAge: 1.5 }, 'maxAge'],
  ])('%s', (_name, attributes, param) => {
    expectCfsignError(() => rsaSigner().setCookieHeaders(cookieOptions, attributes), code, param);
  });
  test('cookie names and values are checked by formatSetCookieHeaders', () => {
    expectCfsignError(() => formatSetCookieHeaders({ 'bad name': 'x' }), code, 'cookie name');
    expectCfsignError(() => formatSetCookieHeaders({ Name: 'a;b' }), code, 'cookie Name');
  });
});

describe('VERIFIER_DISPOSED', () => {
  const code = covers('VERIFIER_DISPOSED');
  test('a disposed verifier refuses to verify', () => {
    const verifier = createVerifier({ keys: { [KEY_PAIR_ID]: RSA_PEM } });
    verifier.dispose();
    verifier.dispose();
    expectCfsignError(() => verifier.verifyUrl(URL_OK), code, 'verifier');
  });
});

describe('ENGINE_UNAVAILABLE', () => {
  covers('ENGINE_UNAVAILABLE');
  // Only the Node entry (Node, Deno, Bun) has node:crypto: the browser entry, resolved through
  // 'cfsign' with the "browser" condition in a child process, refuses engine 'node'.
  test("browser entry: createSigner({ engine: 'node' }) throws ENGINE_UNAVAILABLE", () => {
    const script = [
      "import { createSigner, init } from 'cfsign';",
      "import { readFileSync } from 'node:fs';",
      "const bytes = readFileSync('dist/core.wasm');",
      "await init({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });",
      "const ok = createSigner({ keyPairId: 'K1', privateKey: process.env.KEY }).engine;",
      "try { createSigner({ keyPairId: 'K1', privateKey: process.env.KEY, engine: 'node' }); process.stdout.write('no error'); }",
      "catch (e) { process.stdout.write(JSON.stringify({ ok, code: e.code, message: e.message })); }",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--conditions=browser', '--input-type=module', '-e', script], {
      cwd: ROOT, encoding: 'utf8', timeout: 30000, env: { ...process.env, KEY: RSA_PEM },
    });
    expect(child.stderr).toBe('');
    const r = JSON.parse(child.stdout);
    expect(r.ok).toBe('wasm');
    expect(r.code).toBe('ENGINE_UNAVAILABLE');
    expect(r.message).toContain("engine 'node'");
  });
});

describe('coverage of result.hpp', () => {
  test('every code declared in src/cfsign/result.hpp and js/index.d.ts has a test here (or is listed as not tested here)', () => {
    const header = readFileSync(new URL('src/cfsign/result.hpp', `file://${ROOT}`), 'utf8');
    const fromHeader = [...header.matchAll(/=\s*"([A-Z0-9_]+)"/g)].map((m) => m[1]);
    expect(fromHeader.length).toBeGreaterThan(10);
    const dts = readFileSync(new URL('js/index.d.ts', `file://${ROOT}`), 'utf8');
    const union = /type CfsignErrorCode =([^;]+);/.exec(dts);
    const fromTypes = union ? [...union[1].matchAll(/'([A-Z0-9_]+)'/g)].map((m) => m[1]) : [];
    const declared = [...new Set([...fromHeader, ...fromTypes])];
    const missing = declared.filter((c) => !COVERED.has(c) && !NOT_TESTED_HERE.has(c));
    expect(missing).toEqual([]);
  });
});
