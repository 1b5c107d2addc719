// AWS's cross-SDK CloudFront signing vectors (aws/aws-cli tests/functional/cloudfront/testdata,
// copied unchanged into tests/vectors/aws; Apache-2.0), run through the WebAssembly build.
// RSA signatures must match byte for byte; ECDSA signatures are verified with node:crypto.
// Every vector expires on 2026-01-01, so all calls pass allowExpired: true.
import { describe, test, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { verify } from 'node:crypto';
import { createSigner, getSignedUrl } from 'cfsign';

const DIR = new URL('../vectors/aws/', import.meta.url);
const readText = (name) => readFileSync(new URL(name, DIR), 'utf8');
const URL_CASES = JSON.parse(readText('sign-test-cases.json'));
const COOKIE_CASES = JSON.parse(readText('sign-cookies-test-cases.json'));
const RSA_PUBLIC = readText('test-rsa-key-public.pem');
const EC_PUBLIC = readText('test-ecdsa-key-public.pem');

// We follow the shared set's "-sha1-accept" alternative (like @aws-sdk/cloudfront-signer):
// ECDSA with SHA-1 is signed, not refused. It gets its own test below.
const SHA1_REJECT = 'ecdsa-canned-policy-url-sha1-reject';

// Our error code for each shared error case.
const ERROR_CODES = {
  'error-missing-expiration': 'DATE_MISSING',
  'error-active-after-expiration': 'DATE_RANGE',
  'error-unsupported-key-type': 'KEY_UNSUPPORTED',
  'json-injection-ip-range-reject': 'IP_INVALID',
  'json-injection-resource-url-reject': 'URL_CHARACTERS', // with { exact: true }; see below
};

function cfBase64Decode(text) {
  expect(text).toMatch(/^[A-Za-z0-9~_-]+$/);
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

function signerFor(input) {
  return createSigner({
    keyPairId: input.keyPairId,
    privateKey: readText(input.privateKeyFile),
    hashAlgorithm: input.hashAlgorithm ?? 'SHA1',
  });
}

function optionsFor(c) {
  const { input, expected } = c;
  const options = { expires: input.expirationDate, allowExpired: true };
  if (input.activeDate !== undefined) options.notBefore = input.activeDate;
  if (input.ipRange !== undefined) options.ipAddress = input.ipRange;
  if (expected.applyTo !== undefined) options.policyResource = input.resource;
  return options;
}

/** Checks `url` starts with `base` + '?' or '&'; returns all its query parameters in order, raw. */
function paramsAfter(url, base) {
  expect(url.startsWith(base)).toBe(true);
  expect(url[base.length]).toBe(base.includes('?') ? '&' : '?');
  return url.slice(url.indexOf('?') + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function errorOf(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const successCases = URL_CASES.filter((c) => !c.expected.error);
const errorCases = [...URL_CASES, ...COOKIE_CASES].filter((c) => c.expected.error && c.id !== SHA1_REJECT);

describe('aws-cli shared URL vectors: createSigner().signUrl', () => {
  test('the data set is complete', () => {
    expect(URL_CASES).toHaveLength(19);
    expect(COOKIE_CASES).toHaveLength(11);
    expect(successCases).toHaveLength(13);
  });

  test.each(successCases.map((c) => [c.id, c]))('%s', (_id, c) => {
    const { input, expected } = c;
    const signer = signerFor(input);
    try {
      const url = expected.applyTo ?? input.resource;
      const detailed = signer.signUrlDetailed(url, optionsFor(c));
      expect(signer.signUrl(url, optionsFor(c))).toBe(detailed.url);
      expect(detailed.policy).toBe(expected.policyJson);

      const pairs = paramsAfter(detailed.url, url);
      const params = Object.fromEntries(pairs);
      expect(Object.keys(params)).toHaveLength(pairs.length); // no duplicates
      const custom = expected.queryParams.Expires === undefined;
      expect(detailed.kind).toBe(custom ? 'custom' : 'canned');
      const names = [...Object.keys(expected.queryParams), 'Signature', ...(custom ? ['Policy'] : [])];
      expect(Object.keys(params).sort()).toEqual(names.sort());
      for (const [name, value] of Object.entries(expected.queryParams)) expect(params[name]).toBe(value);
      if (custom) expect(cfBase64Decode(params.Policy).toString('utf8')).toBe(expected.policyJson);

      // Guide order: Expires|Policy, Signature, Key-Pair-Id, Hash-Algorithm.
      const order = pairs.map(([name]) => name).filter((n) => n !== 'size');
      expect(order).toEqual([custom ? 'Policy' : 'Expires', 'Signature', 'Key-Pair-Id',
        ...(input.hashAlgorithm === 'SHA256' ? ['Hash-Algorithm'] : [])]);

      const hash = expected.signatureAlgorithm.endsWith('SHA256') ? 'sha256' : 'sha1';
      if (expected.verifyCryptographically) {
        expect(verify(hash, Buffer.from(expected.policyJson), { key: EC_PUBLIC, dsaEncoding: 'der' },
          cfBase64Decode(params.Signature))).toBe(true);
      } else {
        expect(params.Signature).toBe(expected.signature);
        expect(verify(hash, Buffer.from(expected.policyJson), RSA_PUBLIC, cfBase64Decode(params.Signature))).toBe(true);
      }
    } finally {
      signer.dispose();
    }
  });
});

describe('aws-cli shared URL vectors: getSignedUrl (SDK drop-in)', () => {
  const rsaCases = successCases.filter((c) => !c.expected.verifyCryptographically);
  test.each(rsaCases.map((c) => [c.id, c]))('%s', (_id, c) => {
    const { input, expected } = c;
    const params = {
      keyPairId: input.keyPairId,
      privateKey: readText(input.privateKeyFile),
      allowExpired: true,
      ...(input.hashAlgorithm ? { algorithm: input.hashAlgorithm } : {}),
    };
    let base;
    if (expected.applyTo !== undefined) {
      // The SDK has no policy resource: pass the policy itself.
      base = expected.applyTo;
      Object.assign(params, { url: base, policy: expected.policyJson });
    } else {
      base = input.resource;
      Object.assign(params, {
        url: base,
        dateLessThan: input.expirationDate * 1000, // SDK semantics: milliseconds
        ...(input.activeDate ? { dateGreaterThan: input.activeDate * 1000 } : {}),
        ...(input.ipRange ? { ipAddress: input.ipRange } : {}),
      });
    }
    const pairs = paramsAfter(getSignedUrl(params), base);
    const custom = expected.queryParams.Expires === undefined;
    // SDK order: Expires|Policy, Key-Pair-Id, Signature, Hash-Algorithm.
    expect(pairs.map(([name]) => name).filter((n) => n !== 'size')).toEqual([custom ? 'Policy' : 'Expires',
      'Key-Pair-Id', 'Signature', ...(input.hashAlgorithm === 'SHA256' ? ['Hash-Algorithm'] : [])]);
    const map = Object.fromEntries(pairs);
    expect(map.Signature).toBe(expected.signature);
    if (custom) expect(cfBase64Decode(map.Policy).toString('utf8')).toBe(expected.policyJson);
    else expect(map.Expires).toBe(String(input.expirationDate));
  });
});

describe('aws-cli shared cookie vectors: the same values through signed URLs', () => {
  const cookieCases = COOKIE_CASES.filter((c) => !c.expected.error);
  test.each(cookieCases.map((c) => [c.id, c]))('%s', (_id, c) => {
    const { input, expected } = c;
    const signer = signerFor(input);
    try {
      const wildcard = input.resource.includes('*');
      const url = wildcard ? 'https://d111111abcdef8.cloudfront.net/any/file.jpg' : input.resource;
      const options = optionsFor(c);
      if (wildcard) options.policyResource = input.resource;
      const detailed = signer.signUrlDetailed(url, options);
      expect(detailed.policy).toBe(expected.policyJson);
      const params = Object.fromEntries(paramsAfter(detailed.url, url));
      const cookies = expected.cookies;
      expect(params['Key-Pair-Id']).toBe(cookies['CloudFront-Key-Pair-Id']);
      expect(params.Expires).toBe(cookies['CloudFront-Expires']);
      expect(params.Policy).toBe(cookies['CloudFront-Policy']);
      expect(params['Hash-Algorithm']).toBe(cookies['CloudFront-Hash-Algorithm']);
      if (cookies['CloudFront-Signature'] !== undefined) {
        expect(params.Signature).toBe(cookies['CloudFront-Signature']);
      } else {
        expect(verify('sha256', Buffer.from(expected.policyJson), { key: EC_PUBLIC, dsaEncoding: 'der' },
          cfBase64Decode(params.Signature))).toBe(true);
      }
    } finally {
      signer.dispose();
    }
  });
});

describe('aws-cli shared error vectors', () => {
  test.each(errorCases.map((c) => [c.id, c]))('%s', (id, c) => {
    const code = ERROR_CODES[id];
    expect(code).toBeDefined();
    const error = errorOf(() => {
      const signer = signerFor(c.input);
      try {
        const options = optionsFor(c);
        if (id === 'json-injection-resource-url-reject') options.exact = true;
        signer.signUrl(c.input.resource, options);
      } finally {
        signer.dispose();
      }
    });
    expect(error.name).toBe('CfsignError');
    expect(error.code).toBe(code);
  });

  test('json injection in the resource never reaches the policy', () => {
    const injected = URL_CASES.find((c) => c.id === 'json-injection-resource-url-reject');
    const signer = signerFor(injected.input);
    try {
      // SDK-compatible mode percent-encodes the quotes before signing.
      const detailed = signer.signUrlDetailed(injected.input.resource, optionsFor(injected));
      expect(detailed.resource).toBe('https://example.com/file%22%2C%22Resource%22%3A%22*%22%2C%22x%22%3A%22');
      expect(JSON.parse(detailed.policy).Statement[0].Resource).toBe(detailed.resource);
      // As a policy resource it is refused.
      const error = errorOf(() => signer.signUrl('https://example.com/file',
        { ...optionsFor(injected), policyResource: injected.input.resource }));
      expect(error.code).toBe('RESOURCE_INVALID');
    } finally {
      signer.dispose();
    }
  });

  test('ECDSA with SHA-1 is signed (the "-sha1-accept" alternative), without Hash-Algorithm', () => {
    const c = URL_CASES.find((x) => x.id === SHA1_REJECT);
    const signer = signerFor(c.input);
    try {
      expect(signer.keyType).toBe('ec');
      const detailed = signer.signUrlDetailed(c.input.resource, optionsFor(c));
      const params = Object.fromEntries(paramsAfter(detailed.url, c.input.resource));
      expect(params['Hash-Algorithm']).toBeUndefined();
      expect(verify('sha1', Buffer.from(detailed.policy), { key: EC_PUBLIC, dsaEncoding: 'der' },
        cfBase64Decode(params.Signature))).toBe(true);
    } finally {
      signer.dispose();
    }
  });
});
