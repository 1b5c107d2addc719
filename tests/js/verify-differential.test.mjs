// verifySignature (RSASSA-PKCS1-v1_5) against node:crypto.verify, case by case. RSA-2048
// public keys take the dedicated public-operation kernel (src/cfsign/rsa2048.cpp PublicOp,
// SIMD128 in wasm); RSA-1024 and RSA-4096 take Mbed TLS. Fresh keys (e = 65537 and e = 3),
// SHA-1 and SHA-256; every other choice (messages, bit flips, random signatures, key forms) comes
// from a seeded PRNG, and a mismatch prints its key, message and signature. The cases: valid
// signatures over messages of varied length, the same with one bit flipped, random signatures
// below n, at or above n (also a valid signature plus n), wrong lengths, and a signature made
// with the other hash.
import { describe, test, expect } from '@jest/globals';
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { verifySignature } from 'cfsign';

// Small deterministic PRNG (mulberry32).
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

const below = (rng, n) => Math.floor(rng() * n);

function randomBytes(rng, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = below(rng, 256);
  return out;
}

const bytesToBigInt = (b) => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`));

function bigIntToBytes(x, len) {
  const hex = x.toString(16).padStart(len * 2, '0');
  if (hex.length > len * 2) throw new Error('value does not fit');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

// Random bytes, a random string (ASCII, UTF-8) or a policy-like text; lengths 0 .. ~3000.
function randomMessage(rng) {
  const kind = below(rng, 4);
  const len = below(rng, 5) === 0 ? below(rng, 4) : below(rng, 3000);
  if (kind === 0) {
    let s = '';
    for (let i = 0; i < len; i++) {
      s += rng() < 0.9 ? String.fromCharCode(0x20 + below(rng, 0x5f)) : ['é', '€', '😀', '\n'][below(rng, 4)];
    }
    return s;
  }
  if (kind === 1) {
    const url = `https://d111111abcdef8.cloudfront.net/${Buffer.from(randomBytes(rng, 1 + below(rng, 60))).toString('hex')}`;
    return `{"Statement":[{"Resource":"${url}","Condition":{"DateLessThan":{"AWS:EpochTime":${1700000000 + below(rng, 2e8)}}}}]}`;
  }
  return randomBytes(rng, len);
}

const NODE_HASH = { SHA1: 'sha1', SHA256: 'sha256' };

function nodeVerify(hash, message, publicKey, signature) {
  const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message);
  try {
    return crypto.verify(NODE_HASH[hash], data, publicKey, Buffer.from(signature));
  } catch {
    return false;
  }
}

// The public key in one of the forms verifySignature takes, chosen by the PRNG.
function keyForm(rng, publicKey) {
  switch (below(rng, 5)) {
    case 0: return publicKey.export({ format: 'pem', type: 'pkcs1' });
    case 1: return new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    case 2: return publicKey;
    case 3: return publicKey.export({ format: 'jwk' });
    default: return publicKey.export({ format: 'pem', type: 'spki' });
  }
}

function flipBit(rng, sig) {
  const out = Uint8Array.from(sig);
  const bit = below(rng, sig.length * 8);
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

/**
 * Runs the cases for one key: `plan` gives how many of each kind per hash. Returns
 * { total, valid, mismatches } where valid counts cfsign's true answers.
 */
function runKey({ bits, exponent, seed, plan, keyPair }) {
  const rng = seededRandom(seed);
  const { publicKey, privateKey } =
    keyPair ?? crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: exponent });
  const jwk = publicKey.export({ format: 'jwk' });
  const n = bytesToBigInt(Buffer.from(jwk.n, 'base64url'));
  const len = bits / 8;
  expect(Buffer.from(jwk.e, 'base64url').readUIntBE(0, Buffer.from(jwk.e, 'base64url').length)).toBe(exponent);
  expect(n.toString(2).length).toBe(bits);

  const mismatches = [];
  let total = 0;
  let valid = 0;
  let validPlusN = 0;
  const check = (kind, hash, message, signature, expectValid) => {
    const want = nodeVerify(hash, message, publicKey, signature);
    let got;
    try {
      got = verifySignature({ publicKey: keyForm(rng, publicKey), data: message, signature, hashAlgorithm: hash });
    } catch (error) {
      got = `threw ${error.code}: ${error.message}`;
    }
    total++;
    if (got === true) valid++;
    if (got !== want || (expectValid !== undefined && want !== expectValid)) {
      mismatches.push({
        case: total - 1, kind, hash, cfsign: got, node: want, expected: expectValid,
        message: typeof message === 'string' ? message : Buffer.from(message).toString('hex'),
        signature: Buffer.from(signature).toString('hex'),
        publicKey: publicKey.export({ format: 'pem', type: 'spki' }),
      });
    }
  };

  for (const hash of ['SHA1', 'SHA256']) {
    const other = hash === 'SHA1' ? 'SHA256' : 'SHA1';
    for (let i = 0; i < plan.valid; i++) {
      const message = randomMessage(rng);
      const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
      const sig = new Uint8Array(crypto.sign(NODE_HASH[hash], data, privateKey));
      check('valid', hash, message, sig, true);
      check('bit flipped', hash, message, flipBit(rng, sig), false);
      if (i < plan.otherHash) check('signed with the other hash', other, message, sig, false);
    }
    for (let i = 0; i < plan.random; i++) {
      // Random s < n (also tiny values).
      let s = bytesToBigInt(randomBytes(rng, len)) % n;
      if (i === 0) s = 0n;
      if (i === 1) s = 1n;
      if (i === 2) s = n - 1n;
      check('random below n', hash, randomMessage(rng), bigIntToBytes(s, len), false);
    }
    const room = (1n << BigInt(bits)) - n;
    for (let i = 0; i < plan.aboveN; i++) {
      // n <= s < 2^bits: the same length, but not a valid representative. Every other case is
      // a valid signature plus n (s + n ≡ s mod n), when one of a few fits in the length.
      if (i % 2 === 1) {
        let done = false;
        for (let tries = 0; tries < 40 && !done; tries++) {
          const message = randomMessage(rng);
          const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
          const s = bytesToBigInt(crypto.sign(NODE_HASH[hash], data, privateKey));
          if (s < room) {
            check('valid signature + n', hash, message, bigIntToBytes(s + n, len), false);
            validPlusN++;
            done = true;
          }
        }
        if (done) continue;
      }
      const s = i === 0 ? n : n + (bytesToBigInt(randomBytes(rng, len)) % room);
      check('at or above n', hash, randomMessage(rng), bigIntToBytes(s, len), false);
    }
    for (let i = 0; i < plan.wrongLength; i++) {
      // A valid signature with a byte dropped or a leading zero added, or random other lengths.
      const message = randomMessage(rng);
      const data = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
      const sig = new Uint8Array(crypto.sign(NODE_HASH[hash], data, privateKey));
      let bad;
      if (i % 3 === 0) bad = Uint8Array.from([0, ...sig]);
      else if (i % 3 === 1) bad = sig.subarray(1);
      else bad = randomBytes(rng, [0, 1, len - 1, len + 1, 2 * len][below(rng, 5)]);
      check('wrong length', hash, message, bad, false);
    }
  }
  return { total, valid, validPlusN, mismatches };
}

// Per hash: `valid` valid signatures, each also with one bit flipped; `otherHash` of them
// verified with the other hash; random signatures below n and at/above n; wrong lengths.
const PLAN_2048 = { valid: 30, otherHash: 6, random: 16, aboveN: 8, wrongLength: 4 };
const PLAN_OTHER = { valid: 16, otherHash: 4, random: 8, aboveN: 4, wrongLength: 3 };
const casesPerHash = (p) => 2 * p.valid + p.otherHash + p.random + p.aboveN + p.wrongLength;

const counts = { total: 0, valid: 0, validPlusN: 0 };

// RSA-4096 key generation takes 0.5-3 s: started now, in the background (libuv thread pool),
// while the other keys' cases run.
const generateKeyPair = promisify(crypto.generateKeyPair);
const rsa4096 = generateKeyPair('rsa', { modulusLength: 4096, publicExponent: 65537 });
rsa4096.catch(() => {});  // reported by the test that awaits it

describe('verifySignature agrees with node:crypto.verify', () => {
  const keys2048 = [
    { exponent: 65537, seed: 0x76657231 },
    { exponent: 65537, seed: 0x76657232 },
    { exponent: 3, seed: 0x76657233 },
    { exponent: 3, seed: 0x76657234 },
  ];
  test.each(keys2048)('RSA-2048, e = $exponent (seed $seed): SHA-1 and SHA-256', ({ exponent, seed }) => {
    const r = runKey({ bits: 2048, exponent, seed, plan: PLAN_2048 });
    expect({ mismatches: r.mismatches.length, first: r.mismatches.slice(0, 3) }).toEqual({ mismatches: 0, first: [] });
    expect(r.total).toBe(2 * casesPerHash(PLAN_2048));
    expect(r.valid).toBe(2 * PLAN_2048.valid);
    counts.total += r.total;
    counts.valid += r.valid;
    counts.validPlusN += r.validPlusN;
  });

  test.each([
    { bits: 1024, exponent: 65537, seed: 0x76657235 },
    { bits: 1024, exponent: 3, seed: 0x76657236 },
    { bits: 4096, exponent: 65537, seed: 0x76657237 },
  ])('RSA-$bits, e = $exponent (seed $seed), not the 2048 kernel: SHA-1 and SHA-256', async ({ bits, exponent, seed }) => {
    const keyPair = bits === 4096 ? await rsa4096 : undefined;
    const r = runKey({ bits, exponent, seed, plan: PLAN_OTHER, keyPair });
    expect({ mismatches: r.mismatches.length, first: r.mismatches.slice(0, 3) }).toEqual({ mismatches: 0, first: [] });
    expect(r.total).toBe(2 * casesPerHash(PLAN_OTHER));
    expect(r.valid).toBe(2 * PLAN_OTHER.valid);
    counts.total += r.total;
    counts.valid += r.valid;
    counts.validPlusN += r.validPlusN;
  }, 15000);

  test('ran the planned number of cases', () => {
    expect(counts.total).toBe(4 * 2 * casesPerHash(PLAN_2048) + 3 * 2 * casesPerHash(PLAN_OTHER));
    expect(counts.total).toBeGreaterThanOrEqual(600);
    expect(counts.validPlusN).toBeGreaterThan(0);
  });
});
