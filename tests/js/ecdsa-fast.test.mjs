// The fast P-256 ECDSA signing path (src/cfsign/p256.cpp) seen from JavaScript: signatures
// over many freshly generated node:crypto keys (SEC1 and PKCS#8 PEM) verify with
// node:crypto for SHA-256 and SHA-1, are deterministic, and node:crypto's own signatures
// verify in cfsign's verifier. Never prints key material.
import { describe, test, expect } from '@jest/globals';
import { createSigner, createVerifier } from 'cfsign';
import crypto from 'node:crypto';

const KEY_COUNT = 24;
const URLS_PER_KEY = 14; // 24 x 14 = 336 signatures, half SHA-256 and half SHA-1
const HOST = 'https://d111111abcdef8.cloudfront.net';
const EXPIRES = 1893456000; // 2030-01-01T00:00:00Z
const NOW = 1767225600; // 2026-01-01T00:00:00Z

/** CloudFront-safe base64 to bytes, and back. */
const cfDecode = (text) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
const cfEncode = (bytes) => Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');

function param(url, name) {
  for (const pair of url.slice(url.indexOf('?') + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq) === name) return pair.slice(eq + 1);
  }
  return undefined;
}

function withSignature(url, signature) {
  return url.replace(/([?&]Signature=)[^&]*/, (_m, prefix) => prefix + cfEncode(signature));
}

const keys = Array.from({ length: KEY_COUNT }, (_, i) => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const format = i % 2 === 0 ? 'sec1' : 'pkcs8';
  return {
    id: `K${String(i).padStart(3, '0')}FASTEC`,
    format,
    pem: privateKey.export({ type: format, format: 'pem' }),
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }),
  };
});

/** The i-th request for a key: alternating canned/custom policies and SHA-256/SHA-1. */
function request(k, i) {
  const hashAlgorithm = i % 2 === 0 ? 'SHA256' : 'SHA1';
  const url = `${HOST}/k${k}/file-${i}-${'x'.repeat(i * 7)}.mp4?v=${i}`;
  const options = { expires: EXPIRES, hashAlgorithm };
  if (i % 3 === 1) options.ipAddress = `192.0.2.${i}/32`;
  if (i % 5 === 2) options.notBefore = 1700000000 + i;
  return { url, options, hashAlgorithm };
}

describe('fast ECDSA P-256 signing', () => {
  test(`${KEY_COUNT * URLS_PER_KEY} signatures over ${KEY_COUNT} fresh keys verify with node:crypto and are deterministic`, () => {
    expect(new Set(keys.map((k) => k.format))).toEqual(new Set(['sec1', 'pkcs8']));
    let verified = 0;
    const seen = new Set();
    keys.forEach((key, k) => {
      const signer = createSigner({ keyPairId: key.id, privateKey: key.pem });
      expect(signer.keyType).toBe('ec');
      expect(signer.keyBits).toBe(256);
      for (let i = 0; i < URLS_PER_KEY; i++) {
        const { url, options, hashAlgorithm } = request(k, i);
        const detailed = signer.signUrlDetailed(url, options);
        const sig = cfDecode(param(detailed.url, 'Signature'));
        expect(sig[0]).toBe(0x30); // DER SEQUENCE
        expect(sig.length).toBeLessThanOrEqual(72);
        const ok = crypto.verify(hashAlgorithm, Buffer.from(detailed.policy),
          { key: key.publicKey, dsaEncoding: 'der' }, sig);
        expect(ok).toBe(true);
        if (ok) verified++;
        // The same input signs identically (RFC 6979), also through a second signer.
        expect(signer.signUrl(url, options)).toBe(detailed.url);
        seen.add(sig.toString('hex'));
      }
      const again = createSigner({ keyPairId: key.id, privateKey: key.pem });
      const { url, options } = request(k, 0);
      expect(again.signUrl(url, options)).toBe(signer.signUrl(url, options));
      again.dispose();
      signer.dispose();
    });
    expect(verified).toBe(KEY_COUNT * URLS_PER_KEY);
    expect(seen.size).toBe(KEY_COUNT * URLS_PER_KEY);
  });

  test('SHA-1 via hashAlgorithm on the signer verifies with node:crypto', () => {
    for (const key of keys.slice(0, 6)) {
      const signer = createSigner({ keyPairId: key.id, privateKey: key.pem, hashAlgorithm: 'SHA1' });
      const detailed = signer.signUrlDetailed(`${HOST}/sha1/${key.id}.txt`, { expires: EXPIRES });
      expect(param(detailed.url, 'Hash-Algorithm')).toBeUndefined();
      const sig = cfDecode(param(detailed.url, 'Signature'));
      expect(crypto.verify('SHA1', Buffer.from(detailed.policy), { key: key.publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
      expect(crypto.verify('SHA256', Buffer.from(detailed.policy), { key: key.publicKey, dsaEncoding: 'der' }, sig)).toBe(false);
      signer.dispose();
    }
  });

  test('both directions: cfsign signatures and node:crypto signatures verify in cfsign\'s verifier', () => {
    const verifier = createVerifier({ keys: Object.fromEntries(keys.map((k) => [k.id, k.publicPem])) });
    let checked = 0;
    keys.forEach((key, k) => {
      const signer = createSigner({ keyPairId: key.id, privateKey: key.pem });
      for (let i = 0; i < 4; i++) {
        const { url, options, hashAlgorithm } = request(k, i);
        const clientIp = options.ipAddress ? options.ipAddress.replace('/32', '') : undefined;
        const detailed = signer.signUrlDetailed(url, options);
        // cfsign -> cfsign verifier
        const ours = verifier.verifyUrl(detailed.url, { now: NOW, clientIp });
        expect(ours.reason).toBe('VALID');
        // node:crypto signature over the same policy -> cfsign verifier
        const nodeSig = crypto.sign(hashAlgorithm, Buffer.from(detailed.policy), { key: key.privateKey, dsaEncoding: 'der' });
        const nodeUrl = withSignature(detailed.url, nodeSig);
        expect(nodeUrl).not.toBe(detailed.url);
        const theirs = verifier.verifyUrl(nodeUrl, { now: NOW, clientIp });
        expect(theirs.reason).toBe('VALID');
        // A signature by another key is rejected.
        const other = keys[(k + 1) % keys.length];
        const wrongSig = crypto.sign(hashAlgorithm, Buffer.from(detailed.policy), { key: other.privateKey, dsaEncoding: 'der' });
        expect(verifier.verifyUrl(withSignature(detailed.url, wrongSig), { now: NOW, clientIp }).valid).toBe(false);
        checked++;
      }
      signer.dispose();
    });
    verifier.dispose();
    expect(checked).toBe(KEY_COUNT * 4);
  });
});
