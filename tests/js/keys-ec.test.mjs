// EC key shapes: SEC1 with a leading EC PARAMETERS block (openssl ecparam -genkey output), and
// refused curves named in the message.
import { describe, test, expect } from '@jest/globals';
import crypto from 'node:crypto';
import { createSigner, CfsignError } from 'cfsign';

const P256_PARAMETERS = '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n';
const SECP256K1_PARAMETERS = '-----BEGIN EC PARAMETERS-----\nBgUrgQQACg==\n-----END EC PARAMETERS-----\n';

function cloudfrontBase64Decode(text) {
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
}

describe('EC keys', () => {
  test('SEC1 PEM with a leading EC PARAMETERS block signs, and node:crypto verifies', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = P256_PARAMETERS + privateKey.export({ type: 'sec1', format: 'pem' });
    const signer = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem });
    expect(signer.keyType).toBe('ec');
    const d = signer.signUrlDetailed('https://d111111abcdef8.cloudfront.net/a.jpg', { expires: '1h' });
    const sig = cloudfrontBase64Decode(new URL(d.url).searchParams.get('Signature'));
    expect(crypto.verify('SHA256', Buffer.from(d.policy), { key: publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
    // the same key without the block gives the same (deterministic) signature
    const plain = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: privateKey.export({ type: 'sec1', format: 'pem' }) });
    expect(plain.signUrl('https://d111111abcdef8.cloudfront.net/a.jpg', { expires: d.policy.match(/EpochTime":(\d+)/)[1] * 1 })).toBe(d.url);
    signer.dispose();
    plain.dispose();
  });

  test.each([
    ['secp256k1', 'secp256k1', 'sec1'],
    ['secp256k1', 'secp256k1', 'pkcs8'],
    ['secp384r1', 'P-384', 'pkcs8'],
    ['secp521r1', 'P-521', 'sec1'],
  ])('a %s key (%s) is refused with KEY_UNSUPPORTED naming the curve (%s)', (curve, name, type) => {
    const key = crypto.generateKeyPairSync('ec', { namedCurve: curve }).privateKey.export({ type, format: 'pem' });
    let error;
    try { createSigner({ keyPairId: 'K1', privateKey: key }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CfsignError);
    expect(error.code).toBe('KEY_UNSUPPORTED');
    expect(error.message).toContain(name);
  });

  test('secp256k1 SEC1 with its EC PARAMETERS block is refused too', () => {
    const key = SECP256K1_PARAMETERS + crypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey.export({ type: 'sec1', format: 'pem' });
    expect(() => createSigner({ keyPairId: 'K1', privateKey: key })).toThrow(expect.objectContaining({ code: 'KEY_UNSUPPORTED' }));
  });
});
