import { describe, test, expect } from '@jest/globals';
import { generateKeyPairSync, verify, createPublicKey } from 'node:crypto';
import { createSignerPool, createSigner, getSignedUrl, clearKeyCache, CfsignError } from 'cfsign';
import { getSignedUrl as sdkGetSignedUrl } from '@aws-sdk/cloudfront-signer';
import { splitSignedUrl, verifySignedUrl } from './helpers/cloudfront.mjs';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('createSignerPool (worker_threads)', () => {
  test('signs in workers: same URLs as a signer in this thread, errors keep their codes', async () => {
    const pool = await createSignerPool({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsaPem, threads: 2 });
    try {
      expect(pool.threads).toBe(2);
      const signer = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsaPem });
      const urls = Array.from({ length: 12 }, (_, i) => `https://d111111abcdef8.cloudfront.net/p/${i}.jpg`);
      const expires = Math.floor(Date.now() / 1000) + 3600;
      const results = await Promise.all(urls.map((u) => pool.signUrl(u, { expires })));
      expect(results).toEqual(urls.map((u) => signer.signUrl(u, { expires })));
      for (const r of results) verifySignedUrl(r, rsa.publicKey);
      signer.dispose();
      await expect(pool.signUrl('https://h/a#frag', { expires })).rejects.toMatchObject({ code: 'URL_FRAGMENT' });
      const cookies = await pool.signCookies({ resource: 'https://h/v/*', expires });
      expect(Object.keys(cookies)).toEqual(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    } finally {
      await pool.close();
    }
    await expect(pool.signUrl('https://h/a', { expires: '1h' })).rejects.toMatchObject({ code: 'SIGNER_DISPOSED' });
  }, 60000);

  test('a KeyObject works; a bad key rejects with its code', async () => {
    const pool = await createSignerPool({ keyPairId: 'KEC', privateKey: ec.privateKey, threads: 1 });
    const url = await pool.signUrl('https://h/a.jpg', { expires: '1h' });
    await pool.close();
    const { resource, params } = splitSignedUrl(url);
    const policy = `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${params.Expires}}}}]}`;
    const sig = Buffer.from(params.Signature.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
    expect(verify('SHA256', Buffer.from(policy), { key: createPublicKey(ec.privateKey), dsaEncoding: 'der' }, sig)).toBe(true);
    await expect(createSignerPool({ keyPairId: 'K1', privateKey: 'not a key', threads: 1 })).rejects.toBeInstanceOf(CfsignError);
    await expect(createSignerPool({ keyPairId: 'K1', privateKey: rsaPem, threads: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  }, 60000);
});

describe('drop-in key cache', () => {
  test('cached keys give the same URLs as the SDK, and clearKeyCache empties it', () => {
    const p = { url: 'https://d111111abcdef8.cloudfront.net/a.jpg', keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsaPem, dateLessThan: '2035-01-01' };
    const first = getSignedUrl(p);
    expect(getSignedUrl(p)).toBe(first);
    expect(first).toBe(sdkGetSignedUrl(p));
    // a different key pair ID is a different cache entry
    expect(getSignedUrl({ ...p, keyPairId: 'K3' })).toBe(sdkGetSignedUrl({ ...p, keyPairId: 'K3' }));
    // more keys than the cache holds: evicted keys are re-parsed correctly
    const pems = Array.from({ length: 18 }, () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    for (const pem of pems) expect(() => getSignedUrl({ ...p, privateKey: pem })).not.toThrow();
    expect(getSignedUrl(p)).toBe(first);
    clearKeyCache();
    expect(getSignedUrl(p)).toBe(first);
  }, 60000);
});
