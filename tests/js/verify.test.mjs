// The verifier (createVerifier → verifyUrl / verifyRequest) and the decoders (parseSignedUrl,
// parseSignedCookies): signatures from @aws-sdk/cloudfront-signer, cfsign and node:crypto
// verify as VALID; every single-field tamper and every reason code is checked; URL/cookie
// precedence; warnings; and the shape of parsed results.
import { describe, test, expect } from '@jest/globals';
import {
  createVerifier,
  parseSignedUrl,
  parseSignedCookies,
  createSigner,
  getSignedUrl,
  getSignedCookies,
  CfsignError,
} from 'cfsign';
import * as sdk from '@aws-sdk/cloudfront-signer';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';

const KEYS_DIR = new URL('../vectors/keys/', import.meta.url);
const readKey = (name) => readFileSync(new URL(name, KEYS_DIR), 'utf8');

const RSA_PRIVATE = readKey('appendix-a-rsa2048-pkcs8.pem');
const RSA_PUBLIC = readKey('appendix-a-rsa2048-public.pem');
const EC_PRIVATE = readKey('test-ec-p256-pkcs8.pem');
const EC_PUBLIC = readKey('test-ec-p256-public.pem');
const RSA1024_PRIVATE = readKey('test-rsa1024-pkcs8.pem');
const RSA1024_PUBLIC = crypto.createPublicKey(RSA1024_PRIVATE).export({ format: 'pem', type: 'spki' });

const RSA_ID = 'K2JCJMDEHXQW5F';
const EC_ID = 'K3ECDSAP256TEST';
const SMALL_ID = 'K1RSA1024TEST';
const HOST = 'https://d111111abcdef8.cloudfront.net';
const EXPIRES = 1893456000; // 2030-01-01T00:00:00Z
const NOW = 1800000000; // 2027-01-15, before EXPIRES
const START = 1700000000;

const verifier = createVerifier({ keys: { [RSA_ID]: RSA_PUBLIC, [EC_ID]: EC_PUBLIC } });

// ---- helpers (string level: no URL re-serialisation) -------------------------------------

/** CloudFront-safe base64 of bytes or a string. */
function cfB64(data) {
  return Buffer.from(data).toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
}

function cfB64Decode(text) {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

/** Signs `policy` bytes with node:crypto: PKCS#1 v1.5 for RSA, DER ECDSA for EC. */
function nodeSign(policy, privateKey, hash = 'SHA1') {
  return crypto.sign(hash === 'SHA256' ? 'sha256' : 'sha1', Buffer.from(policy), privateKey);
}

/** A custom-policy URL whose policy is exactly `policyText` (signed verbatim by node:crypto). */
function customUrl(base, policyText, { key = RSA_PRIVATE, id = RSA_ID, hash } = {}) {
  const sep = base.includes('?') ? '&' : '?';
  let url = `${base}${sep}Policy=${cfB64(policyText)}&Signature=${cfB64(nodeSign(policyText, key, hash))}&Key-Pair-Id=${id}`;
  if (hash) url += `&Hash-Algorithm=${hash}`;
  return url;
}

function policyJson(resource, { lessThan = EXPIRES, greaterThan, ip } = {}) {
  const condition = { DateLessThan: { 'AWS:EpochTime': lessThan } };
  if (greaterThan !== undefined) condition.DateGreaterThan = { 'AWS:EpochTime': greaterThan };
  if (ip !== undefined) condition.IpAddress = { 'AWS:SourceIp': ip };
  const statement = resource === undefined ? { Condition: condition } : { Resource: resource, Condition: condition };
  return JSON.stringify({ Statement: [statement] });
}

/** The raw value of a query parameter. */
function param(url, name) {
  const m = new RegExp(`[?&]${name}=([^&]*)`).exec(url);
  return m ? m[1] : undefined;
}

/** Replaces the value of one query parameter. */
function setParam(url, name, value) {
  if (param(url, name) === undefined) throw new Error(`no ${name} in the URL`);
  return url.replace(new RegExp(`([?&]${name}=)[^&]*`), (_, head) => `${head}${value}`);
}

/** Removes one query parameter. */
function dropParam(url, name) {
  const out = url.replace(new RegExp(`([?&])${name}=[^&]*(&|$)`), (_, lead, tail) => (tail ? lead : ''));
  if (out === url) throw new Error(`no ${name} in the URL`);
  return out;
}

/** Inserts a caller query parameter before the signing parameters. */
function addQuery(url, pair) {
  const q = url.indexOf('?');
  return `${url.slice(0, q + 1)}${pair}&${url.slice(q + 1)}`;
}

const rsaSigner = createSigner({ keyPairId: RSA_ID, privateKey: RSA_PRIVATE });
const ecSigner = createSigner({ keyPairId: EC_ID, privateKey: EC_PRIVATE });

const cannedUrl = () => rsaSigner.signUrl(`${HOST}/images/cat.jpg`, { expires: EXPIRES });
const wildcardUrl = (path = '/videos/intro.mp4') =>
  ecSigner.signUrl(`${HOST}${path}`, { expires: EXPIRES, policyResource: `${HOST}/videos/*` });

function expectReason(result, reason) {
  expect({ reason: result.reason, valid: result.valid }).toEqual({ reason, valid: reason === 'VALID' });
  expect(typeof result.detail).toBe('string');
  expect(result.detail.length).toBeGreaterThan(0);
}

// ---- signatures from other signers verify -----------------------------------------------

describe('URLs signed by @aws-sdk/cloudfront-signer verify', () => {
  const cases = [
    ['RSA, SHA-1, canned', RSA_PRIVATE, undefined],
    ['RSA, SHA-256, canned', RSA_PRIVATE, 'SHA256'],
    ['EC P-256 (ECDSA-SHA1 DER), canned', EC_PRIVATE, undefined],
    ['EC P-256 (ECDSA-SHA256 DER), canned', EC_PRIVATE, 'SHA256'],
  ];
  test.each(cases)('%s', (_, privateKey, algorithm) => {
    const keyPairId = privateKey === RSA_PRIVATE ? RSA_ID : EC_ID;
    const url = sdk.getSignedUrl({
      url: `${HOST}/a/b c.jpg?size=large`, keyPairId, privateKey, dateLessThan: new Date(EXPIRES * 1000), algorithm,
    });
    const r = verifier.verifyUrl(url, { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.kind).toBe('canned');
    expect(r.parsed.hashAlgorithm).toBe(algorithm ?? 'SHA1');
    expect(r.parsed.signature.algorithm).toBe(privateKey === RSA_PRIVATE ? 'rsa' : 'ecdsa');
    // The same URL, tampered, does not.
    expectReason(verifier.verifyUrl(url.replace('size=large', 'size=small'), { now: NOW }), 'SIGNATURE_MISMATCH');
  });

  test.each(cases)('%s, custom policy with dates and IP', (_, privateKey, algorithm) => {
    const keyPairId = privateKey === RSA_PRIVATE ? RSA_ID : EC_ID;
    const url = sdk.getSignedUrl({
      url: `${HOST}/private/report.pdf`, keyPairId, privateKey, algorithm,
      dateLessThan: new Date(EXPIRES * 1000), dateGreaterThan: new Date(START * 1000), ipAddress: '203.0.113.0/24',
    });
    const r = verifier.verifyUrl(url, { now: NOW, clientIp: '203.0.113.77' });
    expectReason(r, 'VALID');
    expect(r.parsed.kind).toBe('custom');
    expect(r.parsed.ipAddress).toBe('203.0.113.0/24');
  });

  test('cookies from the SDK (canned and custom) verify', () => {
    const canned = sdk.getSignedCookies({
      url: `${HOST}/docs/a.html`, keyPairId: RSA_ID, privateKey: RSA_PRIVATE, dateLessThan: new Date(EXPIRES * 1000),
    });
    expectReason(verifier.verifyRequest({ url: `${HOST}/docs/a.html`, cookies: canned, now: NOW }), 'VALID');
    const custom = sdk.getSignedCookies({
      keyPairId: EC_ID, privateKey: EC_PRIVATE, algorithm: 'SHA256',
      policy: policyJson(`${HOST}/docs/*`, { greaterThan: START }),
    });
    expect(custom['CloudFront-Hash-Algorithm']).toBe('SHA256');
    const r = verifier.verifyRequest({ url: `${HOST}/docs/deep/b.html`, cookies: custom, now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.source).toBe('cookies');
  });
});

describe('URLs and cookies signed by cfsign verify', () => {
  test.each([
    ['RSA', rsaSigner, 'SHA1'],
    ['RSA', rsaSigner, 'SHA256'],
    ['EC', ecSigner, 'SHA1'],
    ['EC', ecSigner, 'SHA256'],
  ])('%s %s: canned, custom, cookies', (_, signer, hashAlgorithm) => {
    const canned = signer.signUrl(`${HOST}/x/y.png`, { expires: EXPIRES, hashAlgorithm });
    expectReason(verifier.verifyUrl(canned, { now: NOW }), 'VALID');
    const custom = signer.signUrl(`${HOST}/x/y.png`, { expires: EXPIRES, notBefore: START, hashAlgorithm });
    expectReason(verifier.verifyUrl(custom, { now: NOW }), 'VALID');
    expect(verifier.verifyUrl(custom, { now: NOW }).parsed.kind).toBe('custom');
    const cookies = signer.signCookies({ resource: `${HOST}/x/*`, expires: EXPIRES, hashAlgorithm });
    expectReason(verifier.verifyRequest({ url: `${HOST}/x/z.png`, cookies, now: NOW }), 'VALID');
  });

  test('getSignedUrl / getSignedCookies (the SDK drop-ins) verify', () => {
    const url = getSignedUrl({ url: `${HOST}/p.txt`, keyPairId: EC_ID, privateKey: EC_PRIVATE, dateLessThan: EXPIRES * 1000, algorithm: 'SHA256' });
    expectReason(verifier.verifyUrl(url, { now: NOW }), 'VALID');
    const cookies = getSignedCookies({ url: `${HOST}/p.txt`, keyPairId: RSA_ID, privateKey: RSA_PRIVATE, dateLessThan: EXPIRES * 1000 });
    expectReason(verifier.verifyRequest({ url: `${HOST}/p.txt`, cookies, now: NOW }), 'VALID');
  });

  test('node:crypto signatures over a hand-built policy verify', () => {
    const policy = policyJson(`${HOST}/n/*`);
    expectReason(verifier.verifyUrl(customUrl(`${HOST}/n/1`, policy), { now: NOW }), 'VALID');
    expectReason(verifier.verifyUrl(customUrl(`${HOST}/n/1`, policy, { key: EC_PRIVATE, id: EC_ID, hash: 'SHA256' }), { now: NOW }), 'VALID');
  });
});

describe('public key formats', () => {
  const rsaUrl = () => rsaSigner.signUrl(`${HOST}/k.bin`, { expires: EXPIRES });
  const ecUrl = () => ecSigner.signUrl(`${HOST}/k.bin`, { expires: EXPIRES });
  const forms = (pem, privatePem) => {
    const keyObject = crypto.createPublicKey(pem);
    return [
      ['SPKI PEM', pem],
      ['SPKI DER (Buffer)', keyObject.export({ format: 'der', type: 'spki' })],
      ['SPKI DER (ArrayBuffer)', new Uint8Array(keyObject.export({ format: 'der', type: 'spki' })).buffer],
      ['JWK', keyObject.export({ format: 'jwk' })],
      ['public KeyObject', keyObject],
      ['private key PEM', privatePem],
      ['private KeyObject', crypto.createPrivateKey(privatePem)],
      ['private JWK', crypto.createPrivateKey(privatePem).export({ format: 'jwk' })],
    ];
  };
  test.each(forms(RSA_PUBLIC, RSA_PRIVATE))('RSA as %s', (_, key) => {
    const v = createVerifier({ keys: { [RSA_ID]: key } });
    expect(v.keyCount).toBe(1);
    expectReason(v.verifyUrl(rsaUrl(), { now: NOW }), 'VALID');
    expectReason(v.verifyUrl(ecUrl(), { now: NOW }), 'UNKNOWN_KEY');
  });
  test.each(forms(EC_PUBLIC, EC_PRIVATE))('EC as %s', (_, key) => {
    const v = createVerifier({ keys: new Map([[EC_ID, key]]) });
    expectReason(v.verifyUrl(ecUrl(), { now: NOW }), 'VALID');
  });
  test('keys as an array of { id, publicKey }, and the wrong key for an ID', () => {
    const v = createVerifier({ keys: [{ id: RSA_ID, publicKey: EC_PUBLIC }, { id: EC_ID, publicKey: EC_PUBLIC }] });
    expectReason(v.verifyUrl(ecUrl(), { now: NOW }), 'VALID');
    const r = v.verifyUrl(rsaUrl(), { now: NOW });
    expectReason(r, 'SIGNATURE_MISMATCH');
    expect(r.detail).toMatch(/looks like RSA but the key is EC/);
  });
  test('bad keys are refused when the verifier is created, without echoing the key', () => {
    const garbage = '-----BEGIN PUBLIC KEY-----\nQUJD\n-----END PUBLIC KEY-----\n';
    let error;
    try { createVerifier({ keys: { [RSA_ID]: garbage } }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CfsignError);
    expect(error.code).toBe('KEY_INVALID');
    expect(error.message).not.toContain('QUJD');
    expect(() => createVerifier({ keys: {} })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createVerifier({ keys: { [RSA_ID]: 42 } })).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
  });
});

// ---- single-field tampering ---------------------------------------------------------------

describe('single-field tampering is rejected with the right reason', () => {
  test('a policy byte changed that still parses → SIGNATURE_MISMATCH', () => {
    const url = wildcardUrl();
    const policy = cfB64Decode(param(url, 'Policy')).toString('utf8');
    const changed = policy.replace(String(EXPIRES), String(EXPIRES + 1));
    expect(changed).not.toBe(policy);
    const r = verifier.verifyUrl(setParam(url, 'Policy', cfB64(changed)), { now: NOW });
    expectReason(r, 'SIGNATURE_MISMATCH');
    expect(r.parsed.expires).toBe(EXPIRES + 1);
  });

  test('a policy byte changed that breaks the JSON → MALFORMED_POLICY', () => {
    const url = wildcardUrl();
    const bytes = cfB64Decode(param(url, 'Policy'));
    bytes[0] = 0x5b; // '{' → '['
    expectReason(verifier.verifyUrl(setParam(url, 'Policy', cfB64(bytes)), { now: NOW }), 'MALFORMED_POLICY');
  });

  test.each([['canned RSA', cannedUrl], ['custom EC', wildcardUrl]])('a signature byte changed (%s) → SIGNATURE_MISMATCH', (_, make) => {
    const url = make();
    const sig = cfB64Decode(param(url, 'Signature'));
    for (const index of [0, sig.length >> 1, sig.length - 1]) {
      const bad = Buffer.from(sig);
      bad[index] ^= 0x01;
      expectReason(verifier.verifyUrl(setParam(url, 'Signature', cfB64(bad)), { now: NOW }), 'SIGNATURE_MISMATCH');
    }
  });

  test('Expires changed (canned) → SIGNATURE_MISMATCH', () => {
    const url = cannedUrl();
    const r = verifier.verifyUrl(setParam(url, 'Expires', String(EXPIRES + 3600)), { now: NOW });
    expectReason(r, 'SIGNATURE_MISMATCH');
    expect(r.detail).toMatch(/canned policy CloudFront rebuilds/);
  });

  test('Key-Pair-Id changed → UNKNOWN_KEY', () => {
    const r = verifier.verifyUrl(setParam(cannedUrl(), 'Key-Pair-Id', 'K9NOTTRUSTED'), { now: NOW });
    expectReason(r, 'UNKNOWN_KEY');
    expect(r.detail).toContain('K9NOTTRUSTED');
  });

  test('resource path changed: canned → SIGNATURE_MISMATCH, custom wildcard → RESOURCE_MISMATCH', () => {
    expectReason(verifier.verifyUrl(cannedUrl().replace('/cat.jpg', '/dog.jpg'), { now: NOW }), 'SIGNATURE_MISMATCH');
    const custom = wildcardUrl();
    expectReason(verifier.verifyUrl(custom.replace('/videos/intro.mp4', '/videos/other/x.mp4'), { now: NOW }), 'VALID');
    const r = verifier.verifyUrl(custom.replace('/videos/intro.mp4', '/images/intro.mp4'), { now: NOW });
    expectReason(r, 'RESOURCE_MISMATCH');
    expect(r.detail).toContain(`${HOST}/videos/*`);
  });

  test('a query parameter added: canned → SIGNATURE_MISMATCH; trailing-* custom → allowed', () => {
    expectReason(verifier.verifyUrl(addQuery(cannedUrl(), 'w=100'), { now: NOW }), 'SIGNATURE_MISMATCH');
    expectReason(verifier.verifyUrl(`${cannedUrl()}&w=100`, { now: NOW }), 'SIGNATURE_MISMATCH');
    const r = verifier.verifyUrl(addQuery(wildcardUrl(), 'w=100'), { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.url).toBe(`${HOST}/videos/intro.mp4?w=100`);
  });

  test('a Hash-Algorithm added or removed → SIGNATURE_MISMATCH', () => {
    expectReason(verifier.verifyUrl(`${cannedUrl()}&Hash-Algorithm=SHA256`, { now: NOW }), 'SIGNATURE_MISMATCH');
    const sha256 = rsaSigner.signUrl(`${HOST}/h`, { expires: EXPIRES, hashAlgorithm: 'SHA256' });
    expectReason(verifier.verifyUrl(dropParam(sha256, 'Hash-Algorithm'), { now: NOW }), 'SIGNATURE_MISMATCH');
  });

  test('an EC signature without Hash-Algorithm that verifies with SHA-256 gets a hint', () => {
    const url = ecSigner.signUrl(`${HOST}/hint`, { expires: EXPIRES, hashAlgorithm: 'SHA256' });
    const r = verifier.verifyUrl(dropParam(url, 'Hash-Algorithm'), { now: NOW });
    expectReason(r, 'SIGNATURE_MISMATCH');
    expect(r.detail).toMatch(/add Hash-Algorithm=SHA256/);
  });
});

// ---- every other reason code --------------------------------------------------------------

describe('reason codes', () => {
  test('NOT_SIGNED: no signing parameter in the URL and no cookies', () => {
    expectReason(verifier.verifyUrl(`${HOST}/plain.jpg?a=1`, { now: NOW }), 'NOT_SIGNED');
    expectReason(verifier.verifyUrl(`${HOST}/plain.jpg?Hash-Algorithm=SHA256`, { now: NOW }), 'NOT_SIGNED');
    expectReason(verifier.verifyRequest({ url: `${HOST}/p`, cookies: 'session=1; theme=dark', now: NOW }), 'NOT_SIGNED');
  });

  test('MISSING_KEY_PAIR_ID: absent, empty, or without "="', () => {
    const url = cannedUrl();
    const absent = verifier.verifyUrl(dropParam(url, 'Key-Pair-Id'), { now: NOW });
    expectReason(absent, 'MISSING_KEY_PAIR_ID');
    expect(absent.detail).toMatch(/Missing Key-Pair-Id query parameter or cookie value/);
    expectReason(verifier.verifyUrl(setParam(url, 'Key-Pair-Id', ''), { now: NOW }), 'MISSING_KEY_PAIR_ID');
    expectReason(verifier.verifyUrl(url.replace(`Key-Pair-Id=${RSA_ID}`, 'Key-Pair-Id'), { now: NOW }), 'MISSING_KEY_PAIR_ID');
    // It is reported first, even with other problems.
    const both = verifier.verifyUrl(`${HOST}/a?Expires=${EXPIRES}`, { now: NOW });
    expectReason(both, 'MISSING_KEY_PAIR_ID');
    expect(both.parsed.problems.map((p) => p.code)).toEqual(['MISSING_KEY_PAIR_ID', 'MISSING_SIGNATURE']);
    const cookies = { 'CloudFront-Expires': EXPIRES, 'CloudFront-Signature': 'AAAA', 'CloudFront-Key-Pair-Id': '' };
    expectReason(verifier.verifyRequest({ url: `${HOST}/a`, cookies, now: NOW }), 'MISSING_KEY_PAIR_ID');
  });

  test('MISSING_SIGNATURE', () => {
    expectReason(verifier.verifyUrl(dropParam(cannedUrl(), 'Signature'), { now: NOW }), 'MISSING_SIGNATURE');
    expectReason(verifier.verifyUrl(dropParam(wildcardUrl(), 'Signature'), { now: NOW }), 'MISSING_SIGNATURE');
  });

  test('MISSING_POLICY: neither Expires nor Policy', () => {
    expectReason(verifier.verifyUrl(dropParam(cannedUrl(), 'Expires'), { now: NOW }), 'MISSING_POLICY');
    expectReason(verifier.verifyUrl(dropParam(wildcardUrl(), 'Policy'), { now: NOW }), 'MISSING_POLICY');
  });

  test.each([
    ['a character outside the alphabet', (s) => `${s.slice(0, -4)}+${s.slice(-3)}`],
    ['standard base64 padding', (s) => s.replace(/_/g, '=')],
    ['a length not a multiple of 4', (s) => s.slice(0, -1)],
    ['empty', () => ''],
  ])('MALFORMED_SIGNATURE: %s', (_, mutate) => {
    const url = cannedUrl();
    expectReason(verifier.verifyUrl(setParam(url, 'Signature', mutate(param(url, 'Signature'))), { now: NOW }), 'MALFORMED_SIGNATURE');
  });

  test.each([
    ['bad base64', () => 'e30=!'],
    ['broken JSON', () => cfB64('{"Statement":[{"Resource":"x"')],
    ['two statements', () => cfB64(JSON.stringify({ Statement: [JSON.parse(policyJson(`${HOST}/*`)).Statement[0], JSON.parse(policyJson(`${HOST}/*`)).Statement[0]] }))],
    ['no DateLessThan', () => cfB64(JSON.stringify({ Statement: [{ Resource: `${HOST}/*`, Condition: {} }] }))],
    ['a duplicate key', () => cfB64(`{"Statement":[{"Resource":"${HOST}/*","Resource":"${HOST}/x","Condition":{"DateLessThan":{"AWS:EpochTime":${EXPIRES}}}}]}`)],
  ])('MALFORMED_POLICY: %s', (_, value) => {
    const r = verifier.verifyUrl(setParam(wildcardUrl(), 'Policy', value()), { now: NOW });
    expectReason(r, 'MALFORMED_POLICY');
    expect(r.parsed.problems[0].code).toBe('MALFORMED_POLICY');
  });

  test('MALFORMED_POLICY even when the signature covers the malformed bytes', () => {
    const twoStatements = JSON.stringify({ Statement: [{ Resource: `${HOST}/a`, Condition: { DateLessThan: { 'AWS:EpochTime': EXPIRES } } }, { Resource: `${HOST}/b`, Condition: { DateLessThan: { 'AWS:EpochTime': EXPIRES } } }] });
    expectReason(verifier.verifyUrl(customUrl(`${HOST}/a`, twoStatements), { now: NOW }), 'MALFORMED_POLICY');
  });

  test.each(['abc', '-5', '1.5', '0', '01893456000', '', '1893456000x', '99999999999999999999'])(
    'MALFORMED_EXPIRES: %p', (value) => {
      expectReason(verifier.verifyUrl(setParam(cannedUrl(), 'Expires', value), { now: NOW }), 'MALFORMED_EXPIRES');
    });

  test.each(['MD5', 'sha256', 'SHA-256', 'SHA512', ''])('UNSUPPORTED_HASH_ALGORITHM: %p', (value) => {
    const r = verifier.verifyUrl(`${cannedUrl()}&Hash-Algorithm=${value}`, { now: NOW });
    expectReason(r, 'UNSUPPORTED_HASH_ALGORITHM');
  });

  test.each(['Signature', 'Expires', 'Key-Pair-Id', 'Hash-Algorithm'])('DUPLICATE_PARAMETER: %s twice', (name) => {
    const url = rsaSigner.signUrl(`${HOST}/dup`, { expires: EXPIRES, hashAlgorithm: 'SHA256' });
    const r = verifier.verifyUrl(`${url}&${name}=${param(url, name)}`, { now: NOW });
    expectReason(r, 'DUPLICATE_PARAMETER');
    expect(r.detail).toContain(name);
  });

  test('DUPLICATE_PARAMETER: a cookie twice with different values', () => {
    const cookies = rsaSigner.signCookies({ resource: `${HOST}/c/*`, expires: EXPIRES });
    const header = `${Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ')}; CloudFront-Key-Pair-Id=KOTHER`;
    expectReason(verifier.verifyRequest({ url: `${HOST}/c/1`, cookies: header, now: NOW }), 'DUPLICATE_PARAMETER');
    // The same value twice is harmless.
    const same = `${header.replace('KOTHER', RSA_ID)}`;
    expectReason(verifier.verifyRequest({ url: `${HOST}/c/1`, cookies: same, now: NOW }), 'VALID');
  });

  test('KEY_NOT_ALLOWED: an RSA-1024 key in the group; keyGroupRules:false accepts it', () => {
    const small = createSigner({ keyPairId: SMALL_ID, privateKey: RSA1024_PRIVATE });
    const url = small.signUrl(`${HOST}/legacy.bin`, { expires: EXPIRES });
    const strict = createVerifier({ keys: { [SMALL_ID]: RSA1024_PUBLIC } });
    const r = strict.verifyUrl(url, { now: NOW });
    expectReason(r, 'KEY_NOT_ALLOWED');
    expect(r.detail).toMatch(/RSA-1024/);
    const loose = createVerifier({ keys: { [SMALL_ID]: RSA1024_PUBLIC }, keyGroupRules: false });
    expectReason(loose.verifyUrl(url, { now: NOW }), 'VALID');
    expectReason(loose.verifyUrl(setParam(url, 'Expires', String(EXPIRES - 1)), { now: NOW }), 'SIGNATURE_MISMATCH');
  });

  test('EXPIRED is strict: now == DateLessThan is expired', () => {
    const url = cannedUrl();
    expectReason(verifier.verifyUrl(url, { now: EXPIRES - 1 }), 'VALID');
    const r = verifier.verifyUrl(url, { now: EXPIRES });
    expectReason(r, 'EXPIRED');
    expectReason(verifier.verifyUrl(url, { now: EXPIRES + 1 }), 'EXPIRED');
    expectReason(verifier.verifyUrl(wildcardUrl(), { now: new Date(EXPIRES * 1000) }), 'EXPIRED');
  });

  test('NOT_YET_VALID is strict: now == DateGreaterThan is not yet valid', () => {
    const url = ecSigner.signUrl(`${HOST}/soon`, { expires: EXPIRES, notBefore: START });
    expectReason(verifier.verifyUrl(url, { now: START - 1 }), 'NOT_YET_VALID');
    expectReason(verifier.verifyUrl(url, { now: START }), 'NOT_YET_VALID');
    expectReason(verifier.verifyUrl(url, { now: START + 1 }), 'VALID');
  });

  describe('IP conditions', () => {
    const url = () => rsaSigner.signUrl(`${HOST}/ip`, { expires: EXPIRES, ipAddress: '192.0.2.0/24' });
    test('CLIENT_IP_REQUIRED', () => {
      expectReason(verifier.verifyUrl(url(), { now: NOW }), 'CLIENT_IP_REQUIRED');
      expectReason(verifier.verifyUrl(url(), { now: NOW, clientIp: '' }), 'CLIENT_IP_REQUIRED');
    });
    test.each(['999.1.1.1', 'not-an-ip', '192.0.2', '192.0.2.1/32'])('CLIENT_IP_INVALID: %p', (clientIp) => {
      expectReason(verifier.verifyUrl(url(), { now: NOW, clientIp }), 'CLIENT_IP_INVALID');
    });
    test('IP_MISMATCH, also for an IPv6 client', () => {
      expectReason(verifier.verifyUrl(url(), { now: NOW, clientIp: '192.0.2.200' }), 'VALID');
      expectReason(verifier.verifyUrl(url(), { now: NOW, clientIp: '192.0.3.1' }), 'IP_MISMATCH');
      const v6 = verifier.verifyUrl(url(), { now: NOW, clientIp: '2001:db8::1' });
      expectReason(v6, 'IP_MISMATCH');
      expect(v6.detail).toMatch(/IPv6/);
    });
    test('a single-address policy', () => {
      const one = rsaSigner.signUrl(`${HOST}/ip1`, { expires: EXPIRES, ipAddress: '198.51.100.7' });
      expectReason(verifier.verifyUrl(one, { now: NOW, clientIp: '198.51.100.7' }), 'VALID');
      expectReason(verifier.verifyUrl(one, { now: NOW, clientIp: '198.51.100.8' }), 'IP_MISMATCH');
    });
  });

  test('the order of checks: signature before policy conditions', () => {
    // An expired URL with a bad signature reports the signature.
    const url = setParam(cannedUrl(), 'Expires', String(NOW - 10));
    expectReason(verifier.verifyUrl(url, { now: NOW }), 'SIGNATURE_MISMATCH');
    // An unknown key is reported before the signature is looked at.
    expectReason(verifier.verifyUrl(setParam(url, 'Key-Pair-Id', 'KNOPE'), { now: NOW }), 'UNKNOWN_KEY');
  });
});

// ---- URL vs cookies, cookie forms -----------------------------------------------------------

describe('URL parameters and cookies', () => {
  const resourceUrl = `${HOST}/media/clip.mp4`;
  const cannedCookies = () => rsaSigner.signCookies({ resource: resourceUrl, expires: EXPIRES });
  const headerOf = (cookies) => Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');

  test.each(['Expires', 'Policy', 'Signature', 'Key-Pair-Id'])('a %s query parameter makes it a signed URL: cookies are ignored', (name) => {
    const value = name === 'Key-Pair-Id' ? RSA_ID : name === 'Expires' ? String(EXPIRES) : 'AAAA';
    const r = verifier.verifyRequest({ url: `${resourceUrl}?${name}=${value}`, cookies: cannedCookies(), now: NOW });
    expect(r.valid).toBe(false);
    expect(r.parsed.source).toBe('url');
    expect(r.parsed.warnings.join('\n')).toMatch(/CloudFront ignores the cookies/);
  });

  test('valid URL parameters win over bad cookies', () => {
    const url = rsaSigner.signUrl(resourceUrl, { expires: EXPIRES });
    const r = verifier.verifyRequest({ url, cookies: 'CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=KBAD', now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.source).toBe('url');
  });

  test('signing parameters after a fragment do not switch to URL mode', () => {
    const cookies = rsaSigner.signCookies({ resource: `${HOST}/media/*`, expires: EXPIRES });
    const r = verifier.verifyRequest({ url: `${resourceUrl}#?Signature=AAAA&Key-Pair-Id=K`, cookies, now: NOW });
    expect(r.parsed.source).toBe('cookies');
    expectReason(r, 'VALID');
  });

  test('Hash-Algorithm alone in the query does not switch to URL mode', () => {
    const cookies = rsaSigner.signCookies({ resource: `${HOST}/media/*`, expires: EXPIRES });
    const r = verifier.verifyRequest({ url: `${resourceUrl}?Hash-Algorithm=SHA1`, cookies, now: NOW });
    expect(r.parsed.source).toBe('cookies');
    expectReason(r, 'VALID');
  });

  test('cookies as a header string, an object, a Map and Set-Cookie lines', () => {
    const cookies = cannedCookies();
    for (const form of [
      cookies,
      new Map(Object.entries(cookies)),
      headerOf(cookies),
      `Cookie: ${headerOf(cookies)}`,
      `other=1; ${headerOf(cookies)}; theme=dark`,
      rsaSigner.setCookieHeaders({ resource: resourceUrl, expires: EXPIRES }, { domain: 'd111111abcdef8.cloudfront.net' }).join('\n'),
      rsaSigner.setCookieHeaders({ resource: resourceUrl, expires: EXPIRES }).map((h) => `Set-Cookie: ${h}`).join('\r\n'),
    ]) {
      const r = verifier.verifyRequest({ url: resourceUrl, cookies: form, now: NOW });
      expectReason(r, 'VALID');
      expect(r.parsed.source).toBe('cookies');
    }
  });

  test('canned cookies are checked against the request URL', () => {
    const cookies = cannedCookies();
    expectReason(verifier.verifyRequest({ url: resourceUrl, cookies, now: NOW }), 'VALID');
    expectReason(verifier.verifyRequest({ url: `${HOST}/media/other.mp4`, cookies, now: NOW }), 'SIGNATURE_MISMATCH');
    expectReason(verifier.verifyRequest({ url: `${resourceUrl}?t=1`, cookies, now: NOW }), 'SIGNATURE_MISMATCH');
    const parsed = parseSignedCookies(cookies, { url: resourceUrl });
    expect(parsed.kind).toBe('canned');
    expect(parsed.resource).toBe(resourceUrl);
    expect(parsed.policy.text).toBe(`{"Statement":[{"Resource":"${resourceUrl}","Condition":{"DateLessThan":{"AWS:EpochTime":${EXPIRES}}}}]}`);
    expect(parseSignedCookies(cookies).warnings.join('\n')).toMatch(/verified against the request URL; none was given/);
  });

  test('custom cookies: tampered cookie values', () => {
    const cookies = ecSigner.signCookies({ resource: `${HOST}/media/*`, expires: EXPIRES, ipAddress: '192.0.2.0/24' });
    expectReason(verifier.verifyRequest({ url: resourceUrl, cookies, now: NOW, clientIp: '192.0.2.9' }), 'VALID');
    expectReason(verifier.verifyRequest({ url: resourceUrl, cookies, now: NOW }), 'CLIENT_IP_REQUIRED');
    expectReason(verifier.verifyRequest({ url: `${HOST}/other/x`, cookies, now: NOW, clientIp: '192.0.2.9' }), 'RESOURCE_MISMATCH');
    const policy = cfB64Decode(cookies['CloudFront-Policy']).toString().replace('192.0.2.0/24', '0.0.0.0/0');
    expectReason(verifier.verifyRequest({ url: resourceUrl, cookies: { ...cookies, 'CloudFront-Policy': cfB64(policy) }, now: NOW, clientIp: '192.0.2.9' }), 'SIGNATURE_MISMATCH');
    expectReason(verifier.verifyRequest({ url: resourceUrl, cookies: { ...cookies, 'CloudFront-Key-Pair-Id': 'KZZZ' }, now: NOW, clientIp: '192.0.2.9' }), 'UNKNOWN_KEY');
    const noSig = { ...cookies };
    delete noSig['CloudFront-Signature'];
    expectReason(verifier.verifyRequest({ url: resourceUrl, cookies: noSig, now: NOW }), 'MISSING_SIGNATURE');
  });

  test('cookies that are not a string or object are refused', () => {
    expect(() => verifier.verifyRequest({ url: resourceUrl, cookies: 42, now: NOW })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseSignedCookies(42)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

// ---- warnings -------------------------------------------------------------------------------

describe('warnings', () => {
  test('both Expires and Policy: warning, and the Policy is used', () => {
    const url = wildcardUrl();
    const r = verifier.verifyUrl(`${url}&Expires=${NOW - 100}`, { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.kind).toBe('custom');
    expect(r.parsed.warnings.join('\n')).toMatch(/both Expires and Policy are present: the Policy is used/);
    // The Expires value is not what decides expiry: the policy's DateLessThan is.
    expect(r.parsed.expires).toBe(EXPIRES);
    const cookies = { ...ecSigner.signCookies({ resource: `${HOST}/videos/*`, expires: EXPIRES }), 'CloudFront-Expires': '1' };
    const c = verifier.verifyRequest({ url: `${HOST}/videos/a`, cookies, now: NOW });
    expectReason(c, 'VALID');
    expect(c.parsed.warnings.join('\n')).toMatch(/both CloudFront-Expires and CloudFront-Policy/);
  });

  test('whitespace in a custom policy: warning, verified over the raw bytes', () => {
    const spaced = `{ "Statement" : [ {\r\n  "Resource" : "${HOST}/ws/*",\r\n  "Condition" : { "DateLessThan" : { "AWS:EpochTime" : ${EXPIRES} } }\r\n} ] }`;
    const url = customUrl(`${HOST}/ws/a`, spaced);
    const r = verifier.verifyUrl(url, { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.policy.text).toBe(spaced);
    expect(r.parsed.warnings.join('\n')).toMatch(/whitespace/);
    // The compact form of the same policy with this signature does not verify: raw bytes count.
    const compact = JSON.stringify(JSON.parse(spaced));
    expectReason(verifier.verifyUrl(setParam(url, 'Policy', cfB64(compact)), { now: NOW }), 'SIGNATURE_MISMATCH');
    // A compact policy carries no such warning.
    const plain = verifier.verifyUrl(customUrl(`${HOST}/ws/a`, compact), { now: NOW });
    expectReason(plain, 'VALID');
    expect(plain.parsed.warnings.join('\n')).not.toMatch(/whitespace/);
  });

  test('a legacy APKA… key pair ID: warning', () => {
    const id = 'APKAEIBAERJR2EXAMPLE';
    const url = createSigner({ keyPairId: id, privateKey: RSA_PRIVATE }).signUrl(`${HOST}/old`, { expires: EXPIRES });
    const r = createVerifier({ keys: { [id]: RSA_PUBLIC } }).verifyUrl(url, { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.warnings.join('\n')).toMatch(/legacy CloudFront key pair/);
    expect(verifier.verifyUrl(cannedUrl(), { now: NOW }).parsed.warnings).toEqual([]);
  });

  test('section-by-section reading of https://host/*.jpg differs for a URL with a query', () => {
    const policy = policyJson(`${HOST}/*.jpg`);
    // The whole-string glob lets '*' run into the query: it matches, and we say a sectioned
    // reading would not.
    const r = verifier.verifyUrl(customUrl(`${HOST}/a.png?name=b.jpg`, policy), { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.warnings.join('\n')).toMatch(/section-by-section reading of the Resource .* would not match; the whole-string glob matches/);
    // Without a query both readings agree: no warning.
    const plain = verifier.verifyUrl(customUrl(`${HOST}/dir/b.jpg`, policy), { now: NOW });
    expectReason(plain, 'VALID');
    expect(plain.parsed.warnings.join('\n')).not.toMatch(/section-by-section/);
    // A query not ending in .jpg matches neither.
    expectReason(verifier.verifyUrl(customUrl(`${HOST}/b.jpg?v=2`, policy), { now: NOW }), 'RESOURCE_MISMATCH');
  });

  test('a URL fragment is dropped with a warning', () => {
    const r = verifier.verifyUrl(`${cannedUrl()}#top`, { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.warnings.join('\n')).toMatch(/fragment/);
  });

  test('percent-encoded signing values are decoded with a warning', () => {
    const url = cannedUrl();
    const r = verifier.verifyUrl(setParam(url, 'Key-Pair-Id', `K2JCJ%4DDEHXQW5F`), { now: NOW });
    expectReason(r, 'VALID');
    expect(r.parsed.warnings.join('\n')).toMatch(/percent-encoded/);
  });
});

// ---- parseSignedUrl -------------------------------------------------------------------------

describe('parseSignedUrl', () => {
  test('canned: the shape', () => {
    const url = rsaSigner.signUrl(`${HOST}/p/a.jpg?x=1`, { expires: EXPIRES, hashAlgorithm: 'SHA256' });
    const p = parseSignedUrl(url);
    expect(Object.keys(p).sort()).toEqual(['expires', 'hashAlgorithm', 'ipAddress', 'keyPairId', 'kind', 'notBefore', 'policy',
      'problems', 'resource', 'signature', 'source', 'url', 'warnings'].sort());
    expect(p.source).toBe('url');
    expect(p.url).toBe(`${HOST}/p/a.jpg?x=1`);
    expect(p.resource).toBe(`${HOST}/p/a.jpg?x=1`);
    expect(p.kind).toBe('canned');
    expect(p.policy.text).toBe(`{"Statement":[{"Resource":"${HOST}/p/a.jpg?x=1","Condition":{"DateLessThan":{"AWS:EpochTime":${EXPIRES}}}}]}`);
    expect(p.policy.statement).toEqual({ Resource: `${HOST}/p/a.jpg?x=1`, Condition: { DateLessThan: { 'AWS:EpochTime': EXPIRES } } });
    expect(p.expires).toBe(EXPIRES);
    expect(p.notBefore).toBeNull();
    expect(p.ipAddress).toBeNull();
    expect(p.keyPairId).toBe(RSA_ID);
    expect(p.signature.bytes).toBeInstanceOf(Uint8Array);
    expect(p.signature.length).toBe(256);
    expect(p.signature.bytes.length).toBe(256);
    expect(Buffer.from(p.signature.bytes).equals(cfB64Decode(param(url, 'Signature')))).toBe(true);
    expect(p.signature.algorithm).toBe('rsa');
    expect(p.hashAlgorithm).toBe('SHA256');
    expect(p.problems).toEqual([]);
    expect(p.warnings).toEqual([]);
  });

  test('custom: the shape, and the signature algorithm guessed as ecdsa', () => {
    const url = ecSigner.signUrl(`${HOST}/c/b.jpg`, { expires: EXPIRES, notBefore: START, ipAddress: '192.0.2.0/24', policyResource: `${HOST}/c/*` });
    const p = parseSignedUrl(url);
    expect(p.url).toBe(`${HOST}/c/b.jpg`);
    expect(p.resource).toBe(`${HOST}/c/*`);
    expect(p.kind).toBe('custom');
    expect(p.policy.text).toBe(cfB64Decode(param(url, 'Policy')).toString('utf8'));
    expect(p.policy.statement).toEqual({
      Resource: `${HOST}/c/*`,
      Condition: { DateLessThan: { 'AWS:EpochTime': EXPIRES }, DateGreaterThan: { 'AWS:EpochTime': START }, IpAddress: { 'AWS:SourceIp': '192.0.2.0/24' } },
    });
    expect([p.expires, p.notBefore, p.ipAddress]).toEqual([EXPIRES, START, '192.0.2.0/24']);
    expect(p.signature.algorithm).toBe('ecdsa');
    expect(p.signature.length).toBeGreaterThanOrEqual(70);
    expect(p.signature.length).toBeLessThanOrEqual(72);
    expect(p.hashAlgorithm).toBe('SHA256');
  });

  test('a policy without Resource: resource null and a warning', () => {
    const p = parseSignedUrl(customUrl(`${HOST}/any`, policyJson(undefined)));
    expect(p.kind).toBe('custom');
    expect(p.resource).toBeNull();
    expect(p.policy.statement).toEqual({ Condition: { DateLessThan: { 'AWS:EpochTime': EXPIRES } } });
    expect(p.warnings.join('\n')).toMatch(/no Resource/);
  });

  test('invalid input is data, not an exception', () => {
    for (const input of ['', 'not a url', `${HOST}/x?Signature=%%%`, `${HOST}/x?Policy=@@@&Signature=!!&Key-Pair-Id=`, '?Expires=&&&=', '\u0000\uffff']) {
      const p = parseSignedUrl(input);
      expect(Array.isArray(p.problems)).toBe(true);
      expect(p.problems.length).toBeGreaterThan(0);
      for (const problem of p.problems) {
        expect(typeof problem.code).toBe('string');
        expect(typeof problem.message).toBe('string');
      }
    }
    const none = parseSignedUrl(`${HOST}/x.jpg`);
    expect(none.source).toBe('none');
    expect(none.problems.map((x) => x.code)).toEqual(['NOT_SIGNED']);
    expect(none.kind).toBeNull();
    expect(none.signature).toEqual({ bytes: null, length: 0, algorithm: null });
    expect(none.policy).toEqual({ text: null, statement: null });
    const broken = parseSignedUrl(`${HOST}/x?Policy=${cfB64('{"Statement":')}&Signature=AAAA&Key-Pair-Id=K1`);
    expect(broken.kind).toBe('custom');
    expect(broken.problems.map((x) => x.code)).toEqual(['MALFORMED_POLICY']);
    expect(broken.policy.statement).toBeNull();
  });

  test.each([undefined, null, 42, {}, new URL(`${HOST}/x`), ['a']])('a non-string throws INVALID_ARGUMENT (%p)', (input) => {
    let error;
    try { parseSignedUrl(input); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CfsignError);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(() => verifier.verifyUrl(input, { now: NOW })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  test('the whitespace-heavy AWS guide example policy (CRLF and spaces) decodes', () => {
    // Modelled on the guide's custom-policy example (shared/cloudfront.md §12.1); base64 built here.
    const policy = '{ \r\n   "Statement": [{ \r\n      "Resource":"http://dzbesqm7un1m0.cloudfront.net/demo.php", \r\n'
      + '      "Condition":{ \r\n         "IpAddress":{"AWS:SourceIp":"207.171.180.101/32"},\r\n'
      + '         "DateGreaterThan":{"AWS:EpochTime":1296860176},\r\n'
      + '         "DateLessThan":{"AWS:EpochTime":1296860226}\r\n      } \r\n   }] \r\n}\r\n';
    const url = `http://dzbesqm7un1m0.cloudfront.net/demo.php?Policy=${cfB64(policy)}&Signature=${cfB64(Buffer.alloc(128, 7))}&Key-Pair-Id=APKA9ONS7QCOWEXAMPLE`;
    const p = parseSignedUrl(url);
    expect(p.problems).toEqual([]);
    expect(p.kind).toBe('custom');
    expect(p.policy.text).toBe(policy);
    expect(p.resource).toBe('http://dzbesqm7un1m0.cloudfront.net/demo.php');
    expect([p.expires, p.notBefore, p.ipAddress]).toEqual([1296860226, 1296860176, '207.171.180.101/32']);
    expect(p.signature.algorithm).toBe('rsa');
    expect(p.keyPairId).toBe('APKA9ONS7QCOWEXAMPLE');
    const w = p.warnings.join('\n');
    expect(w).toMatch(/whitespace/);
    expect(w).toMatch(/legacy/);
    // Verification of the placeholder signature fails on the signature, not on decoding.
    const v = createVerifier({ keys: { APKA9ONS7QCOWEXAMPLE: RSA1024_PUBLIC }, keyGroupRules: false });
    expectReason(v.verifyUrl(url, { now: 1296860200, clientIp: '207.171.180.101' }), 'SIGNATURE_MISMATCH');
  });

  test('parseSignedCookies: shape and source', () => {
    const cookies = ecSigner.signCookies({ resource: `${HOST}/k/*`, expires: EXPIRES });
    const p = parseSignedCookies(cookies, { url: `${HOST}/k/1` });
    expect(p.source).toBe('cookies');
    expect(p.url).toBe(`${HOST}/k/1`);
    expect(p.kind).toBe('custom');
    expect(p.resource).toBe(`${HOST}/k/*`);
    expect(p.keyPairId).toBe(EC_ID);
    expect(p.signature.algorithm).toBe('ecdsa');
    expect(p.problems).toEqual([]);
    expect(parseSignedCookies('a=b').problems.map((x) => x.code)).toEqual(['NOT_SIGNED']);
    expect(() => parseSignedCookies(cookies, { url: 5 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('verifier lifecycle', () => {
  test('dispose makes it unusable', () => {
    const v = createVerifier({ keys: { [RSA_ID]: RSA_PUBLIC } });
    expectReason(v.verifyUrl(cannedUrl(), { now: NOW }), 'VALID');
    v.dispose();
    expect(() => v.verifyUrl(cannedUrl(), { now: NOW })).toThrow(expect.objectContaining({ code: 'VERIFIER_DISPOSED' }));
    v.dispose();
  });

  test('now defaults to the current time and accepts a Date', () => {
    const soon = Math.floor(Date.now() / 1000) + 3600;
    const url = rsaSigner.signUrl(`${HOST}/now`, { expires: soon });
    expectReason(verifier.verifyUrl(url), 'VALID');
    expectReason(verifier.verifyUrl(url, { now: new Date((soon + 1) * 1000) }), 'EXPIRED');
  });
});
