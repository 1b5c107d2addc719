// Wycheproof's signature-encoding classes through the public verifier API (WebAssembly build).
//
// The Wycheproof vector files themselves (tests/vectors/wycheproof/*.json) run twice: natively
// in tests/cpp/wycheproof_verify_test.cpp, and here through the public low-level
// verifySignature() in the WebAssembly build (first describe block). Below that, the same
// mutation classes (BER lengths, zero-padded and negative integers, trailing bytes, MissingNull,
// wrong lengths) are applied to real signatures over a real policy through the URL verifier, so
// the whole verification path is checked for the same strictness.
//
// "acceptable" (Wycheproof's MissingNull for RSA): rejected, as in the native test.
import { describe, test, expect } from '@jest/globals';
import { createVerifier, verifySignature } from 'cfsign';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';

const KEYS_DIR = new URL('../vectors/keys/', import.meta.url);

describe('Wycheproof vector files through verifySignature (WebAssembly)', () => {
  const hex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
  test.each([
    ['rsa_signature_2048_sha256_test.json'],
    ['ecdsa_secp256r1_sha256_test.json'],
  ])('%s: every valid case verifies, every invalid and acceptable case is rejected', (file) => {
    const doc = JSON.parse(readFileSync(new URL(`../vectors/wycheproof/${file}`, import.meta.url), 'utf8'));
    const wrong = [];
    const counts = { valid: 0, invalid: 0, acceptable: 0 };
    for (const group of doc.testGroups) {
      expect(group.sha).toBe('SHA-256');
      for (const t of group.tests) {
        counts[t.result]++;
        const ok = verifySignature({ publicKey: group.publicKeyPem, data: hex(t.msg), signature: hex(t.sig), hashAlgorithm: 'SHA256' });
        if (ok !== (t.result === 'valid')) wrong.push(`tcId ${t.tcId} (${t.result}, ${t.comment}): got ${ok}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(counts.valid).toBeGreaterThan(5);
    expect(counts.invalid).toBeGreaterThan(100);
  });
});
const RSA_PRIVATE = readFileSync(new URL('appendix-a-rsa2048-pkcs8.pem', KEYS_DIR), 'utf8');
const RSA_PUBLIC = readFileSync(new URL('appendix-a-rsa2048-public.pem', KEYS_DIR), 'utf8');
const EC_PRIVATE = readFileSync(new URL('test-ec-p256-pkcs8.pem', KEYS_DIR), 'utf8');
const EC_PUBLIC = readFileSync(new URL('test-ec-p256-public.pem', KEYS_DIR), 'utf8');

const HOST = 'https://d111111abcdef8.cloudfront.net';
const EXPIRES = 1893456000;
const NOW = 1800000000;
const POLICY = `{"Statement":[{"Resource":"${HOST}/w/*","Condition":{"DateLessThan":{"AWS:EpochTime":${EXPIRES}}}}]}`;
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

const verifier = createVerifier({ keys: { KRSA: RSA_PUBLIC, KEC: EC_PUBLIC } });

const cfB64 = (bytes) => Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');

function verifyWith(id, signature) {
  const url = `${HOST}/w/a?Policy=${cfB64(POLICY)}&Signature=${cfB64(signature)}&Key-Pair-Id=${id}&Hash-Algorithm=SHA256`;
  return verifier.verifyUrl(url, { now: NOW }).reason;
}

// ---- minimal DER helpers ------------------------------------------------------------------

/** Splits a DER ECDSA signature into the contents of r and s (as encoded). */
function splitDer(sig) {
  expect(sig[0]).toBe(0x30);
  expect(sig[1]).toBe(sig.length - 2);
  let pos = 2;
  const ints = [];
  for (let i = 0; i < 2; i++) {
    expect(sig[pos]).toBe(0x02);
    const len = sig[pos + 1];
    ints.push(sig.subarray(pos + 2, pos + 2 + len));
    pos += 2 + len;
  }
  expect(pos).toBe(sig.length);
  return ints;
}

const int = (content, lengthBytes = [content.length]) => Buffer.concat([Buffer.from([0x02, ...lengthBytes]), content]);
const seq = (body, lengthBytes = [body.length]) => Buffer.concat([Buffer.from([0x30, ...lengthBytes]), body]);
const minimal = (big) => {
  let hex = big.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return bytes;
};
const toBig = (bytes) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

/** An ECDSA-SHA256 signature whose s needs a leading zero (high bit set), and one whose r does not. */
function ecSignatureWhere(predicate) {
  for (let i = 0; i < 500; i++) {
    const sig = crypto.sign('sha256', Buffer.from(POLICY), EC_PRIVATE);
    const [r, s] = splitDer(sig);
    if (predicate(r, s)) return { sig, r, s };
  }
  throw new Error('no suitable signature found in 500 tries');
}

describe('ECDSA P-256: DER strictness (Wycheproof BerEncodedSignature / InvalidEncoding / MissingZero)', () => {
  const { sig, r, s } = ecSignatureWhere((r0, s0) => r0[0] !== 0 && s0[0] === 0 && s0.length === 33);

  test('control: the signature and its canonical re-encoding verify', () => {
    expect(verifyWith('KEC', sig)).toBe('VALID');
    expect(verifyWith('KEC', seq(Buffer.concat([int(minimal(toBig(r))), int(minimal(toBig(s)))])))).toBe('VALID');
  });

  const mutations = {
    'sequence length in long form': () => seq(Buffer.concat([int(r), int(s)]), [0x81, r.length + s.length + 4]),
    'sequence length with a leading zero': () => seq(Buffer.concat([int(r), int(s)]), [0x82, 0x00, r.length + s.length + 4]),
    'indefinite sequence length': () => Buffer.concat([seq(Buffer.concat([int(r), int(s)]), [0x80]), Buffer.from([0, 0])]),
    'r length in long form': () => seq(Buffer.concat([int(r, [0x81, r.length]), int(s)])),
    'r length with a leading zero': () => seq(Buffer.concat([int(r, [0x82, 0x00, r.length]), int(s)])),
    's length in long form': () => seq(Buffer.concat([int(r), int(s, [0x81, s.length])])),
    'a zero prepended to r': () => seq(Buffer.concat([int(Buffer.concat([Buffer.from([0]), r])), int(s)])),
    'a zero prepended to s': () => seq(Buffer.concat([int(r), int(Buffer.concat([Buffer.from([0]), s]))])),
    's without its leading zero (negative)': () => seq(Buffer.concat([int(r), int(s.subarray(1))])),
    'a trailing byte after the sequence': () => Buffer.concat([sig, Buffer.from([0])]),
    'a trailing byte inside the sequence': () => seq(Buffer.concat([int(r), int(s), Buffer.from([0])])),
    'sequence length one too long': () => { const b = Buffer.from(sig); b[1] += 1; return b; },
    'sequence length one too short': () => { const b = Buffer.from(sig); b[1] -= 1; return b; },
    'r and s swapped': () => seq(Buffer.concat([int(s), int(r)])),
    'r tagged as OCTET STRING': () => { const b = Buffer.from(sig); b[2] = 0x04; return b; },
    'raw r||s (IEEE P1363) instead of DER': () => Buffer.concat([Buffer.from(minimal(toBig(r))).subarray(-32), Buffer.from(s).subarray(-32)]),
    'r = 0': () => seq(Buffer.concat([int(Buffer.from([0])), int(s)])),
    's = 0': () => seq(Buffer.concat([int(r), int(Buffer.from([0]))])),
    's = n': () => seq(Buffer.concat([int(r), int(minimal(P256_N))])),
    's + n': () => seq(Buffer.concat([int(r), int(minimal(toBig(s) + P256_N))])),
    'an empty signature sequence': () => Buffer.from([0x30, 0x00]),
  };
  test.each(Object.keys(mutations))('%s → SIGNATURE_MISMATCH', (name) => {
    const mutated = mutations[name]();
    expect(Buffer.compare(mutated, sig)).not.toBe(0);
    expect(verifyWith('KEC', mutated)).toBe('SIGNATURE_MISMATCH');
  });

  test('(r, n − s) verifies: ECDSA is malleable and Wycheproof lists such cases as valid', () => {
    const flipped = seq(Buffer.concat([int(r), int(minimal(P256_N - toBig(s)))]));
    expect(verifyWith('KEC', flipped)).toBe('VALID');
  });

  test('a 32-byte r with the high bit clear and a short s encode minimally and verify', () => {
    const other = ecSignatureWhere((r0, s0) => s0.length < 32 || r0.length < 32 || (r0[0] === 0 && r0.length === 33));
    expect(verifyWith('KEC', other.sig)).toBe('VALID');
  });
});

describe('RSA PKCS#1 v1.5 (Wycheproof MissingNull, wrong lengths)', () => {
  const digest = crypto.createHash('sha256').update(POLICY).digest();
  // DigestInfo for SHA-256 with and without the NULL parameters.
  const withNull = Buffer.concat([Buffer.from('3031300d060960864801650304020105000420', 'hex'), digest]);
  const withoutNull = Buffer.concat([Buffer.from('302f300b0609608648016503040201' + '0420', 'hex'), digest]);
  const rawSign = (digestInfo) => crypto.privateEncrypt({ key: RSA_PRIVATE, padding: crypto.constants.RSA_PKCS1_PADDING }, digestInfo);

  test('control: a PKCS#1 v1.5 signature built by hand verifies', () => {
    expect(verifyWith('KRSA', rawSign(withNull))).toBe('VALID');
    expect(verifyWith('KRSA', crypto.sign('sha256', Buffer.from(POLICY), RSA_PRIVATE))).toBe('VALID');
  });

  test('MissingNull ("acceptable" in Wycheproof) is rejected', () => {
    expect(verifyWith('KRSA', rawSign(withoutNull))).toBe('SIGNATURE_MISMATCH');
  });

  test('a SHA-1 DigestInfo under Hash-Algorithm=SHA256 is rejected', () => {
    const sha1 = crypto.createHash('sha1').update(POLICY).digest();
    const info = Buffer.concat([Buffer.from('3021300906052b0e03021a05000414', 'hex'), sha1]);
    expect(verifyWith('KRSA', rawSign(info))).toBe('SIGNATURE_MISMATCH');
  });

  test('a bare digest (Wycheproof NoHash-like: no DigestInfo) is rejected', () => {
    expect(verifyWith('KRSA', rawSign(digest))).toBe('SIGNATURE_MISMATCH');
  });

  test.each([
    ['a zero byte prepended', (s) => Buffer.concat([Buffer.from([0]), s])],
    ['a zero byte appended', (s) => Buffer.concat([s, Buffer.from([0])])],
    ['the last byte dropped', (s) => s.subarray(0, s.length - 1)],
    ['the signature as an ECDSA-looking blob', () => Buffer.from('3006020101020101', 'hex')],
    ['signature = 0', (s) => Buffer.alloc(s.length)],
    ['signature = 1', (s) => { const b = Buffer.alloc(s.length); b[b.length - 1] = 1; return b; }],
    ['all 0xff bytes (larger than n)', (s) => Buffer.alloc(s.length, 0xff)],
  ])('%s → SIGNATURE_MISMATCH', (_, mutate) => {
    const sig = rawSign(withNull);
    expect(verifyWith('KRSA', mutate(sig))).toBe('SIGNATURE_MISMATCH');
  });
});
