// The wasm RSA-2048 kernel (src/cfsign/rsa2048.cpp: V28, both CRT halves in the SIMD lanes)
// against node:crypto: RSASSA-PKCS1-v1_5 is deterministic, so every signature cfsign puts in a
// URL must be byte-identical to crypto.sign over the same policy. 20 fresh keys (each loaded
// from PKCS#1 and from PKCS#8 PEM), 100 signatures per key, SHA-1 and SHA-256, random URLs.
import { describe, test, expect } from '@jest/globals';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createSigner } from 'cfsign';

const KEYS = 20;
const SIGNATURES_PER_KEY = 100;
const EXPIRES = 1893456000; // 2030-01-01T00:00:00Z

// Small deterministic PRNG (mulberry32) for the URLs, so a failure can be replayed.
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';

function randomUrl(rng) {
  const pick = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(rng() * ALPHABET.length)];
    return s;
  };
  const host = ['d111111abcdef8.cloudfront.net', 'cdn.example.com', 'media.example.org:8443'][Math.floor(rng() * 3)];
  const segments = [];
  const depth = 1 + Math.floor(rng() * 5);
  for (let i = 0; i < depth; i++) segments.push(pick(1 + Math.floor(rng() * 24)));
  let url = `https://${host}/${segments.join('/')}`;
  const params = Math.floor(rng() * 4);
  if (params > 0) {
    const pairs = [];
    for (let i = 0; i < params; i++) pairs.push(`${pick(1 + Math.floor(rng() * 8))}=${pick(Math.floor(rng() * 20))}`);
    url += `?${pairs.join('&')}`;
  }
  return url;
}

/** The Signature parameter of a signed URL, CloudFront base64 back to bytes. */
function signatureOf(url) {
  const query = url.slice(url.indexOf('?') + 1).split('&');
  const pair = query.find((p) => p.startsWith('Signature='));
  if (!pair) throw new Error(`no Signature in ${url}`);
  const cf = pair.slice('Signature='.length);
  return Buffer.from(cf.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

describe('RSA-2048 kernel: byte-identical to node:crypto', () => {
  let total = 0;
  const keyIndexes = Array.from({ length: KEYS }, (_, i) => i);
  test.each(keyIndexes)('fresh key %i: PKCS#1 and PKCS#8, SHA-1 and SHA-256', (k) => {
    const rng = seededRandom(0x52534132 + k);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signers = [
      createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) }),
      createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) }),
    ];
    try {
      // The kernel signs (not the Mbed TLS fallback that other key shapes use).
      for (const s of signers) expect([s.keyType, s.keyBits, s.implementation]).toEqual(['rsa', 2048, 'rsa2048-simd128']);
      for (let i = 0; i < SIGNATURES_PER_KEY; i++) {
        const signer = signers[i % 2];
        const hashAlgorithm = rng() < 0.5 ? 'SHA1' : 'SHA256';
        const url = randomUrl(rng);
        const custom = rng() < 0.3;
        const options = custom
          ? { expires: EXPIRES, notBefore: EXPIRES - 86400 * 365 * 5, hashAlgorithm }
          : { expires: EXPIRES, hashAlgorithm };
        const details = signer.signUrlDetailed(url, options);
        const got = signatureOf(details.url);
        const want = sign(hashAlgorithm === 'SHA256' ? 'sha256' : 'sha1', Buffer.from(details.policy), privateKey);
        if (!got.equals(want)) {
          throw new Error(`signature mismatch: key ${k}, signature ${i}, ${hashAlgorithm}, url ${url}`);
        }
        total++;
      }
    } finally {
      for (const s of signers) s.dispose();
    }
  }, 60000);

  test('signed the planned number of URLs', () => {
    expect(total).toBe(KEYS * SIGNATURES_PER_KEY);
  });
});
