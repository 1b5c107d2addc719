// The createSigner API: key formats, key info, the Appendix A vectors, ECDSA, parameter
// order, date inputs, exact mode, signUrlDetailed, dispose, and loading through require().
import { describe, test, expect } from '@jest/globals';
import { createSigner, getSignedUrl, CfsignError, ready } from 'cfsign';
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
const EC_PUBLIC = readKey(vectors.keys.ec.public);

const canned = vectors.cases.find((c) => c.id === 'canned');
const custom = vectors.cases.find((c) => c.id === 'custom');
const KEY_PAIR_ID = canned.signedUrlRsaSha1KeyPairId;
const HOST = 'https://d111111abcdef8.cloudfront.net';
const FAR_FUTURE = 1893456000; // 2030-01-01T00:00:00Z

const rsaSigner = (extra = {}) => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, ...extra });
const ecSigner = (extra = {}) => createSigner({ keyPairId: KEY_PAIR_ID, privateKey: EC_PEM, ...extra });

/** CloudFront-safe base64 back to bytes. */
function cfBase64Decode(text) {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

/** The query parameters of a URL, in order, without decoding anything. */
function queryPairs(url) {
  const query = url.slice(url.indexOf('?') + 1);
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function param(url, name) {
  const found = queryPairs(url).find(([k]) => k === name);
  return found === undefined ? undefined : found[1];
}


describe('ready', () => {
  test('resolves in Node', async () => {
    await expect(ready).resolves.toBeUndefined();
  });
});

describe('key formats', () => {
  const keyObject = crypto.createPrivateKey(RSA_PEM);
  const url = canned.resource;
  const options = { expires: canned.expires, allowExpired: true };
  const expected = `${url}&Expires=${canned.expires}&Signature=${canned.rsaSha1}&Key-Pair-Id=${KEY_PAIR_ID}`;

  const variants = [
    ['PKCS#8 PEM', () => RSA_PEM],
    ['PKCS#1 PEM', () => keyObject.export({ type: 'pkcs1', format: 'pem' })],
    ['PKCS#8 DER as Buffer', () => keyObject.export({ type: 'pkcs8', format: 'der' })],
    ['PKCS#8 DER as plain Uint8Array', () => new Uint8Array(keyObject.export({ type: 'pkcs8', format: 'der' }))],
    ['PKCS#1 DER as Buffer', () => keyObject.export({ type: 'pkcs1', format: 'der' })],
    ['PKCS#8 DER as ArrayBuffer', () => {
      const der = keyObject.export({ type: 'pkcs8', format: 'der' });
      return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength);
    }],
    ['node:crypto KeyObject', () => keyObject],
    ['JWK object', () => keyObject.export({ format: 'jwk' })],
  ];

  test.each(variants)('RSA key as %s signs the Appendix A canned vector', (_name, make) => {
    const signer = createSigner({ keyPairId: KEY_PAIR_ID, privateKey: make() });
    expect(signer.keyType).toBe('rsa');
    expect(signer.keyBits).toBe(2048);
    expect(signer.signUrl(url, options)).toBe(expected);
    signer.dispose();
  });

  test('PEM with surrounding whitespace and CRLF line ends is accepted', () => {
    const pem = `\n  ${RSA_PEM.replace(/\n/g, '\r\n')}\n\n`;
    const signer = createSigner({ keyPairId: KEY_PAIR_ID, privateKey: pem });
    expect(signer.signUrl(url, options)).toBe(expected);
  });

  test('a DER key passed as Uint8Array is not modified by createSigner', () => {
    const der = new Uint8Array(keyObject.export({ type: 'pkcs8', format: 'der' }));
    const copy = Uint8Array.from(der);
    createSigner({ keyPairId: KEY_PAIR_ID, privateKey: der }).dispose();
    expect(Buffer.compare(Buffer.from(der), Buffer.from(copy))).toBe(0);
  });

  const ecObject = crypto.createPrivateKey(EC_PEM);
  const ecVariants = [
    ['PKCS#8 PEM', () => EC_PEM],
    ['SEC1 PEM', () => ecObject.export({ type: 'sec1', format: 'pem' })],
    ['PKCS#8 DER', () => ecObject.export({ type: 'pkcs8', format: 'der' })],
    ['SEC1 DER', () => ecObject.export({ type: 'sec1', format: 'der' })],
    ['KeyObject', () => ecObject],
    ['JWK object', () => ecObject.export({ format: 'jwk' })],
  ];
  test.each(ecVariants)('EC P-256 key as %s is accepted', (_name, make) => {
    const signer = createSigner({ keyPairId: KEY_PAIR_ID, privateKey: make() });
    expect(signer.keyType).toBe('ec');
    expect(signer.keyBits).toBe(256);
    const signed = signer.signUrl(url, options);
    const sig = cfBase64Decode(param(signed, 'Signature'));
    const policy = Buffer.from(canned.policy, 'utf8');
    expect(crypto.verify('sha256', policy, { key: EC_PUBLIC, dsaEncoding: 'der' }, sig)).toBe(true);
  });

  test('encrypted PKCS#8 with the right passphrase (string and bytes) is accepted', () => {
    const encrypted = keyObject.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' });
    for (const passphrase of ['correct horse', Buffer.from('correct horse'), new TextEncoder().encode('correct horse')]) {
      const signer = createSigner({ keyPairId: KEY_PAIR_ID, privateKey: encrypted, passphrase });
      expect(signer.signUrl(url, options)).toBe(expected);
      signer.dispose();
    }
  });

  test('a Buffer passphrase is left intact for the caller', () => {
    const encrypted = keyObject.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
    const passphrase = Buffer.from('pw');
    createSigner({ keyPairId: KEY_PAIR_ID, privateKey: encrypted, passphrase }).dispose();
    expect(passphrase.toString()).toBe('pw');
  });
});

describe('key info getters', () => {
  test('RSA-2048: keyType, keyBits, default SHA1, no warnings, keyPairId', () => {
    const signer = rsaSigner();
    expect(signer.keyType).toBe('rsa');
    expect(signer.keyBits).toBe(2048);
    expect(signer.hashAlgorithm).toBe('SHA1');
    expect(signer.keyPairId).toBe(KEY_PAIR_ID);
    expect(signer.warnings).toEqual([]);
    expect(signer.disposed).toBe(false);
  });

  test('EC P-256: keyType ec, keyBits 256, default SHA256', () => {
    const signer = ecSigner();
    expect(signer.keyType).toBe('ec');
    expect(signer.keyBits).toBe(256);
    expect(signer.hashAlgorithm).toBe('SHA256');
    expect(signer.warnings).toEqual([]);
  });

  test('hashAlgorithm option overrides the default', () => {
    expect(rsaSigner({ hashAlgorithm: 'SHA256' }).hashAlgorithm).toBe('SHA256');
    expect(ecSigner({ hashAlgorithm: 'SHA1' }).hashAlgorithm).toBe('SHA1');
  });

  test('an RSA-1024 key works but carries a warning in signer.warnings and in each result', () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const signer = createSigner({ keyPairId: KEY_PAIR_ID, privateKey });
    expect(signer.keyBits).toBe(1024);
    expect(signer.warnings).toHaveLength(1);
    expect(signer.warnings[0]).toMatch(/1024/);
    expect(signer.warnings[0]).toMatch(/2048/);
    const detailed = signer.signUrlDetailed(`${HOST}/a.jpg`, { expires: FAR_FUTURE });
    expect(detailed.warnings).toEqual(expect.arrayContaining(signer.warnings));
  });

  test('warnings returns a copy', () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const signer = createSigner({ keyPairId: KEY_PAIR_ID, privateKey });
    signer.warnings.push('x');
    expect(signer.warnings).toHaveLength(1);
  });
});

describe('Appendix A vectors (RSA, deterministic)', () => {
  test('canned, SHA1: exact URL', () => {
    const url = rsaSigner().signUrl(canned.resource, { expires: canned.expires, allowExpired: true });
    expect(url).toBe(
      `${canned.resource}&Expires=1767290400&Signature=${canned.rsaSha1}&Key-Pair-Id=K2JCJMDEHXQW5F`,
    );
  });

  test('canned, SHA256 (per call): exact URL with Hash-Algorithm last', () => {
    const url = rsaSigner().signUrl(canned.resource, { expires: canned.expires, allowExpired: true, hashAlgorithm: 'SHA256' });
    expect(url).toBe(
      `${canned.resource}&Expires=1767290400&Signature=${canned.rsaSha256}&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256`,
    );
  });

  test('canned, SHA256 (signer default): same URL', () => {
    const url = rsaSigner({ hashAlgorithm: 'SHA256' }).signUrl(canned.resource, { expires: canned.expires, allowExpired: true });
    expect(url).toBe(
      `${canned.resource}&Expires=1767290400&Signature=${canned.rsaSha256}&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256`,
    );
  });

  test('explicit SHA1 per call on an RSA signer emits no Hash-Algorithm', () => {
    const url = rsaSigner({ hashAlgorithm: 'SHA256' }).signUrl(canned.resource, {
      expires: canned.expires, allowExpired: true, hashAlgorithm: 'SHA1',
    });
    expect(url).toBe(`${canned.resource}&Expires=1767290400&Signature=${canned.rsaSha1}&Key-Pair-Id=K2JCJMDEHXQW5F`);
  });

  test('canned policy bytes equal the vector', () => {
    const detailed = rsaSigner().signUrlDetailed(canned.resource, { expires: canned.expires, allowExpired: true });
    expect(detailed.policy).toBe(canned.policy);
    expect(detailed.kind).toBe('canned');
    expect(detailed.resource).toBe(canned.resource);
  });

  const customOptions = {
    expires: custom.expires,
    notBefore: custom.notBefore,
    ipAddress: custom.ipAddress,
    policyResource: custom.resource,
    allowExpired: true,
  };

  test('custom (policyResource + notBefore + ipAddress), SHA1: Policy and Signature equal the vector', () => {
    const signed = rsaSigner().signUrl(`${HOST}/videos/a.mp4`, customOptions);
    expect(param(signed, 'Policy')).toBe(custom.policyBase64);
    expect(param(signed, 'Signature')).toBe(custom.rsaSha1);
    expect(signed).toBe(
      `${HOST}/videos/a.mp4?Policy=${custom.policyBase64}&Signature=${custom.rsaSha1}&Key-Pair-Id=K2JCJMDEHXQW5F`,
    );
  });

  test('custom, SHA256: Signature equals the vector and Hash-Algorithm comes last', () => {
    const signed = rsaSigner().signUrl(`${HOST}/videos/a.mp4`, { ...customOptions, hashAlgorithm: 'SHA256' });
    expect(param(signed, 'Policy')).toBe(custom.policyBase64);
    expect(param(signed, 'Signature')).toBe(custom.rsaSha256);
    expect(queryPairs(signed).map(([k]) => k)).toEqual(['Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);
    expect(param(signed, 'Hash-Algorithm')).toBe('SHA256');
  });

  test('custom: signUrlDetailed returns the policy text, the pattern as resource and kind custom', () => {
    const detailed = rsaSigner().signUrlDetailed(`${HOST}/videos/a.mp4`, customOptions);
    expect(detailed.policy).toBe(custom.policy);
    expect(detailed.resource).toBe(custom.resource);
    expect(detailed.kind).toBe('custom');
  });

  test('RSA signatures verify with node:crypto and the public key', () => {
    const signed = rsaSigner().signUrl(`${HOST}/videos/a.mp4`, customOptions);
    const policy = cfBase64Decode(param(signed, 'Policy'));
    const sig = cfBase64Decode(param(signed, 'Signature'));
    expect(crypto.verify('sha1', policy, RSA_PUBLIC, sig)).toBe(true);
  });
});

describe('ECDSA P-256', () => {
  const url = canned.resource;
  const options = { expires: canned.expires, allowExpired: true };
  const policy = Buffer.from(canned.policy, 'utf8');

  test('default SHA256: DER signature verifies, Hash-Algorithm=SHA256 is last', () => {
    const signed = ecSigner().signUrl(url, options);
    expect(queryPairs(signed).map(([k]) => k)).toEqual(['size', 'Expires', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);
    expect(signed.endsWith('&Hash-Algorithm=SHA256')).toBe(true);
    const sig = cfBase64Decode(param(signed, 'Signature'));
    expect(sig[0]).toBe(0x30); // DER SEQUENCE
    expect(sig.length).toBeGreaterThanOrEqual(8);
    expect(sig.length).toBeLessThanOrEqual(72);
    expect(crypto.verify('sha256', policy, { key: EC_PUBLIC, dsaEncoding: 'der' }, sig)).toBe(true);
    expect(crypto.verify('sha1', policy, { key: EC_PUBLIC, dsaEncoding: 'der' }, sig)).toBe(false);
  });

  test("hashAlgorithm 'SHA1': no Hash-Algorithm parameter, SHA-1 signature verifies", () => {
    const signed = ecSigner({ hashAlgorithm: 'SHA1' }).signUrl(url, options);
    expect(signed).not.toContain('Hash-Algorithm');
    expect(queryPairs(signed).map(([k]) => k)).toEqual(['size', 'Expires', 'Signature', 'Key-Pair-Id']);
    const sig = cfBase64Decode(param(signed, 'Signature'));
    expect(crypto.verify('sha1', policy, { key: EC_PUBLIC, dsaEncoding: 'der' }, sig)).toBe(true);
  });

  test('the Appendix A ECDSA vector signatures verify against the vector key (sanity of the test data)', () => {
    const der = cfBase64Decode(canned.ecdsaSha256Der);
    expect(crypto.verify('sha256', policy, { key: EC_PUBLIC, dsaEncoding: 'der' }, der)).toBe(true);
  });

  test('signatures are deterministic: same input gives the same URL, across signers', () => {
    const a = ecSigner();
    const first = a.signUrl(url, options);
    expect(a.signUrl(url, options)).toBe(first);
    expect(ecSigner().signUrl(url, options)).toBe(first);
    const other = a.signUrl(url, { ...options, expires: canned.expires + 1 });
    expect(other).not.toBe(first);
  });

  test('custom policy with ECDSA verifies', () => {
    const signed = ecSigner().signUrl(`${HOST}/videos/a.mp4`, {
      expires: custom.expires, notBefore: custom.notBefore, ipAddress: custom.ipAddress,
      policyResource: custom.resource, allowExpired: true,
    });
    expect(param(signed, 'Policy')).toBe(custom.policyBase64);
    const sig = cfBase64Decode(param(signed, 'Signature'));
    expect(crypto.verify('sha256', Buffer.from(custom.policy), { key: EC_PUBLIC, dsaEncoding: 'der' }, sig)).toBe(true);
  });
});

describe('parameter order', () => {
  const signer = rsaSigner();

  test('canned: user params, Expires, Signature, Key-Pair-Id', () => {
    const signed = signer.signUrl(`${HOST}/a.jpg?color=red&size=medium`, { expires: FAR_FUTURE });
    expect(queryPairs(signed).map(([k]) => k)).toEqual(['color', 'size', 'Expires', 'Signature', 'Key-Pair-Id']);
    expect(param(signed, 'Expires')).toBe(String(FAR_FUTURE));
    expect(param(signed, 'Key-Pair-Id')).toBe(KEY_PAIR_ID);
  });

  test('canned SHA256: ... Key-Pair-Id, Hash-Algorithm', () => {
    const signed = signer.signUrl(`${HOST}/a.jpg`, { expires: FAR_FUTURE, hashAlgorithm: 'SHA256' });
    expect(queryPairs(signed).map(([k]) => k)).toEqual(['Expires', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);
  });

  test('custom: Policy, Signature, Key-Pair-Id', () => {
    const signed = signer.signUrl(`${HOST}/a.jpg?x=1`, { expires: FAR_FUTURE, ipAddress: '192.0.2.1' });
    expect(queryPairs(signed).map(([k]) => k)).toEqual(['x', 'Policy', 'Signature', 'Key-Pair-Id']);
  });

  test('no query: a ? is added; a trailing ? is not doubled', () => {
    expect(signer.signUrl(`${HOST}/a.jpg`, { expires: FAR_FUTURE })).toMatch(/\/a\.jpg\?Expires=\d+&Signature=/);
    expect(signer.signUrl(`${HOST}/a.jpg?`, { expires: FAR_FUTURE })).toMatch(/\/a\.jpg\?Expires=\d+&Signature=/);
    expect(signer.signUrl(`${HOST}/a.jpg?`, { expires: FAR_FUTURE, exact: true })).toMatch(/\/a\.jpg\?Expires=\d+&Signature=/);
  });

  test('getSignedUrl keeps the AWS SDK order (Key-Pair-Id before Signature)', () => {
    const signed = getSignedUrl({
      url: `${HOST}/a.jpg`, keyPairId: KEY_PAIR_ID, privateKey: RSA_PEM, dateLessThan: '2030-01-01T00:00:00Z',
    });
    expect(queryPairs(signed).map(([k]) => k)).toEqual(['Expires', 'Key-Pair-Id', 'Signature']);
  });
});

describe('dates', () => {
  const signer = rsaSigner();
  const url = `${HOST}/a.jpg`;
  const expiresOf = (value, extra = {}) => Number(param(signer.signUrl(url, { expires: value, ...extra }), 'Expires'));

  test('Date', () => {
    expect(expiresOf(new Date(FAR_FUTURE * 1000))).toBe(FAR_FUTURE);
    expect(expiresOf(new Date(FAR_FUTURE * 1000 + 999))).toBe(FAR_FUTURE); // sub-second dropped
  });

  test('epoch seconds as number (fraction floored) and bigint', () => {
    expect(expiresOf(FAR_FUTURE)).toBe(FAR_FUTURE);
    expect(expiresOf(FAR_FUTURE + 0.9)).toBe(FAR_FUTURE);
    expect(expiresOf(BigInt(FAR_FUTURE))).toBe(FAR_FUTURE);
  });

  test('epoch seconds as a digit string', () => {
    expect(expiresOf(String(FAR_FUTURE))).toBe(FAR_FUTURE);
    expect(expiresOf(` ${FAR_FUTURE} `)).toBe(FAR_FUTURE);
  });

  test.each([
    ['2030-01-01T00:00:00Z', FAR_FUTURE],
    ['2030-01-01T00:00:00.750Z', FAR_FUTURE],
    ['2030-01-01T02:00:00+02:00', FAR_FUTURE],
    ['2030-01-01T02:00:00+0200', FAR_FUTURE],
    ['2029-12-31T19:00:00-05:00', FAR_FUTURE],
    ['2030-01-01T00:00Z', FAR_FUTURE],
    ['2030-01-01T00:00:00', FAR_FUTURE], // no zone: UTC
    ['2030-01-01 00:00:00', FAR_FUTURE],
    ['2030-01-01', FAR_FUTURE], // date only: UTC midnight
  ])('ISO-8601 %s', (text, seconds) => {
    expect(expiresOf(text)).toBe(seconds);
  });

  test.each([
    ['1h', 3600],
    ['30m', 1800],
    ['7d', 7 * 86400],
    ['1h30m', 5400],
    ['2w', 14 * 86400],
    ['90s', 90],
    ['1d12h', 86400 + 12 * 3600],
  ])('duration %s is relative to now', (text, seconds) => {
    const before = Math.floor(Date.now() / 1000);
    const value = expiresOf(text);
    const after = Math.floor(Date.now() / 1000);
    expect(value).toBeGreaterThanOrEqual(before + seconds);
    expect(value).toBeLessThanOrEqual(after + seconds);
  });

  test('notBefore takes the same inputs', () => {
    const detailed = signer.signUrlDetailed(url, { expires: '2030-01-02', notBefore: '2030-01-01T00:00:00Z' });
    expect(detailed.kind).toBe('custom');
    expect(JSON.parse(detailed.policy).Statement[0].Condition.DateGreaterThan['AWS:EpochTime']).toBe(FAR_FUTURE);
  });

  test.each([
    ['Date.now()', () => Date.now()],
    ['milliseconds digit string', () => String(FAR_FUTURE * 1000)],
    ['milliseconds number', () => FAR_FUTURE * 1000],
  ])('milliseconds are refused: %s', (_name, make) => {
    expect(() => signer.signUrl(url, { expires: make() })).toThrow(expect.objectContaining({ code: 'DATE_MILLISECONDS' }));
  });

  test.each([
    ['garbage', 'garbage'],
    ['empty string', ''],
    ['zero duration', '0h'],
    ['Feb 30', '2030-02-30'],
    ['hour 24', '2030-01-01T24:00:00Z'],
    ['invalid Date', new Date('nope')],
    ['NaN', NaN],
    ['negative', -1],
    ['zero', 0],
    ['object', {}],
    ['boolean', true],
    ['unit-less duration mix', '1x'],
  ])('garbage is refused with DATE_INVALID: %s', (_name, value) => {
    let error;
    try { signer.signUrl(url, { expires: value }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CfsignError);
    expect(error.code).toBe('DATE_INVALID');
  });

  test('allowExpired signs a past date; without it DATE_EXPIRED', () => {
    expect(() => signer.signUrl(url, { expires: 1500000000 })).toThrow(expect.objectContaining({ code: 'DATE_EXPIRED' }));
    expect(param(signer.signUrl(url, { expires: 1500000000, allowExpired: true }), 'Expires')).toBe('1500000000');
  });

  test('an expiry after 2038 gives a warning', () => {
    const detailed = signer.signUrlDetailed(url, { expires: '2040-01-01' });
    expect(detailed.warnings.some((w) => /2038/.test(w))).toBe(true);
    expect(signer.signUrlDetailed(url, { expires: FAR_FUTURE }).warnings).toEqual([]);
  });
});

describe('URL handling', () => {
  const signer = rsaSigner();

  test('exact: true signs the string as given', () => {
    const input = `${HOST}/a%20b/it's(1).jpg?q='x'&y=%2f`;
    const detailed = signer.signUrlDetailed(input, { expires: FAR_FUTURE, exact: true });
    expect(detailed.resource).toBe(input);
    expect(detailed.url.startsWith(`${input}&Expires=${FAR_FUTURE}&Signature=`)).toBe(true);
    expect(JSON.parse(detailed.policy).Statement[0].Resource).toBe(input);
  });

  test('default (aws-sdk) mode re-encodes like @aws-sdk/cloudfront-signer', () => {
    const detailed = signer.signUrlDetailed(`${HOST}/a b.jpg?q='x'`, { expires: FAR_FUTURE });
    expect(detailed.resource).toBe(`${HOST}/a%20b.jpg?q=%27x%27`);
  });

  test('exact: true refuses a space with URL_CHARACTERS', () => {
    let error;
    try { signer.signUrl(`${HOST}/a b.jpg`, { expires: FAR_FUTURE, exact: true }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CfsignError);
    expect(error.code).toBe('URL_CHARACTERS');
  });

  test('the signed URL carries the resource it signed (canned)', () => {
    const detailed = signer.signUrlDetailed(`${HOST}/a.jpg?x=1`, { expires: FAR_FUTURE });
    expect(detailed.url.startsWith(`${detailed.resource}&`)).toBe(true);
  });
});

describe('signUrlDetailed', () => {
  test('returns exactly {url, resource, policy, kind, warnings}', () => {
    const signer = rsaSigner();
    const detailed = signer.signUrlDetailed(`${HOST}/a.jpg`, { expires: FAR_FUTURE });
    expect(Object.keys(detailed).sort()).toEqual(['kind', 'policy', 'resource', 'url', 'warnings']);
    expect(typeof detailed.url).toBe('string');
    expect(detailed.resource).toBe(`${HOST}/a.jpg`);
    expect(detailed.policy).toBe(
      `{"Statement":[{"Resource":"${HOST}/a.jpg","Condition":{"DateLessThan":{"AWS:EpochTime":${FAR_FUTURE}}}}]}`,
    );
    expect(detailed.kind).toBe('canned');
    expect(Array.isArray(detailed.warnings)).toBe(true);
    expect(detailed.url).toBe(signer.signUrl(`${HOST}/a.jpg`, { expires: FAR_FUTURE }));
  });

  test('kind is custom for a policyResource, a notBefore or an ipAddress', () => {
    const signer = rsaSigner();
    const url = `${HOST}/a.jpg`;
    expect(signer.signUrlDetailed(url, { expires: FAR_FUTURE, policyResource: `${HOST}/*` }).kind).toBe('custom');
    expect(signer.signUrlDetailed(url, { expires: FAR_FUTURE, notBefore: FAR_FUTURE - 10 }).kind).toBe('custom');
    expect(signer.signUrlDetailed(url, { expires: FAR_FUTURE, ipAddress: '192.0.2.0/24' }).kind).toBe('custom');
  });

  test('a bare IPv4 address gets /32 in the policy', () => {
    const detailed = rsaSigner().signUrlDetailed(`${HOST}/a.jpg`, { expires: FAR_FUTURE, ipAddress: '192.0.2.7' });
    expect(JSON.parse(detailed.policy).Statement[0].Condition.IpAddress['AWS:SourceIp']).toBe('192.0.2.7/32');
  });
});

describe('dispose', () => {
  test('later use throws SIGNER_DISPOSED; dispose twice is fine', () => {
    const signer = rsaSigner();
    signer.dispose();
    expect(signer.disposed).toBe(true);
    expect(() => signer.dispose()).not.toThrow();
    for (const call of [
      () => signer.signUrl(`${HOST}/a.jpg`, { expires: FAR_FUTURE }),
      () => signer.signUrlDetailed(`${HOST}/a.jpg`, { expires: FAR_FUTURE }),
    ]) {
      let error;
      try { call(); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(CfsignError);
      expect(error.code).toBe('SIGNER_DISPOSED');
    }
  });

  test('getters still answer after dispose', () => {
    const signer = rsaSigner();
    signer.dispose();
    expect(signer.keyType).toBe('rsa');
    expect(signer.keyPairId).toBe(KEY_PAIR_ID);
  });

  test('Symbol.dispose is wired when the runtime has it', () => {
    const signer = rsaSigner();
    if (typeof Symbol.dispose === 'symbol') {
      expect(typeof signer[Symbol.dispose]).toBe('function');
      signer[Symbol.dispose]();
      expect(signer.disposed).toBe(true);
    } else {
      expect(signer.disposed).toBe(false);
    }
  });

  test('disposing one signer does not affect another with the same key', () => {
    const a = rsaSigner();
    const b = rsaSigner();
    a.dispose();
    expect(b.signUrl(canned.resource, { expires: canned.expires, allowExpired: true })).toContain(canned.rsaSha1);
  });
});

describe('CommonJS', () => {
  test("require('cfsign') works from a CommonJS child process", () => {
    const script = [
      "const m = require('cfsign');",
      "const fs = require('fs');",
      "const v = JSON.parse(fs.readFileSync('tests/vectors/cloudfront-appendix-a.json', 'utf8'));",
      "const c = v.cases[0];",
      "const key = fs.readFileSync('tests/vectors/' + v.keys.rsa.private, 'utf8');",
      "const s = m.createSigner({ keyPairId: c.signedUrlRsaSha1KeyPairId, privateKey: key });",
      "let code = null; try { s.signUrl('ftp://x/a', { expires: '1h' }); } catch (e) { code = (e instanceof m.CfsignError) && e.code; }",
      "process.stdout.write(JSON.stringify({",
      "  exports: Object.keys(m).sort(),",
      "  url: s.signUrl(c.resource, { expires: c.expires, allowExpired: true }),",
      "  code,",
      "}));",
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
    expect(child.status).toBe(0);
    const out = JSON.parse(child.stdout);
    expect(out.exports).toEqual(expect.arrayContaining(['CfsignError', 'createSigner', 'getSignedUrl', 'ready']));
    expect(out.url).toBe(`${canned.resource}&Expires=${canned.expires}&Signature=${canned.rsaSha1}&Key-Pair-Id=${KEY_PAIR_ID}`);
    expect(out.code).toBe('URL_SCHEME');
  });
});
