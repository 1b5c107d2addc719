// Test helpers that play CloudFront's part: take a signed URL as a client would send it, rebuild
// the policy CloudFront would check, and verify the signature with node:crypto. They work on
// the URL *string* (no WHATWG URL / URLSearchParams re-serialisation), because CloudFront
// compares the string it receives.
import { verify } from 'node:crypto';

/** The query parameters CloudFront reserves for signing. */
export const SIGNING_PARAMS = Object.freeze(['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);

/** CloudFront base64 (`+`→`-`, `=`→`_`, `/`→`~`) back to bytes; throws on anything else. */
export function cfBase64Decode(text) {
  if (!/^[A-Za-z0-9~_-]*$/.test(text)) throw new Error(`not CloudFront base64: ${JSON.stringify(text.slice(0, 40))}`);
  const standard = text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/');
  const bytes = Buffer.from(standard, 'base64');
  if (bytes.toString('base64') !== standard) throw new Error('CloudFront base64 does not round-trip');
  return bytes;
}

/** A '*' / '?' glob over the whole string, as the AWS CLI checks a policy Resource. */
export function globMatch(pattern, text) {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

/**
 * Splits a signed URL at string level into the URL a viewer requests minus the signing
 * parameters (`resource`) and the signing parameters themselves. The signing parameters must
 * come after every parameter of the caller's own, each at most once.
 */
export function splitSignedUrl(url) {
  const q = url.indexOf('?');
  if (q === -1) throw new Error('signed URL has no query string');
  const base = url.slice(0, q);
  const kept = [];
  const params = {};
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (SIGNING_PARAMS.includes(name)) {
      if (Object.hasOwn(params, name)) throw new Error(`signing parameter ${name} appears twice`);
      if (eq === -1) throw new Error(`signing parameter ${name} has no value`);
      params[name] = pair.slice(eq + 1);
    } else {
      if (Object.keys(params).length > 0) throw new Error(`caller parameter "${name}" after the signing parameters`);
      kept.push(pair);
    }
  }
  return { resource: kept.length > 0 ? `${base}?${kept.join('&')}` : base, params };
}

/** The canned policy CloudFront rebuilds for `resource` and `expires`. */
export function cannedPolicy(resource, expires) {
  return `{"Statement":[{"Resource":${JSON.stringify(resource)},"Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
}

/**
 * Rebuilds the policy CloudFront would check for `url` and verifies the signature with
 * node:crypto. Throws an Error saying what is wrong, or returns what it found:
 * { kind: 'canned'|'custom', resource, policy (string), policyResource, hash, keyPairId, expires }.
 */
export function verifySignedUrl(url, publicKey) {
  const { resource, params } = splitSignedUrl(url);
  if (params.Signature === undefined) throw new Error('no Signature parameter');
  if (params['Key-Pair-Id'] === undefined) throw new Error('no Key-Pair-Id parameter');
  const hasExpires = params.Expires !== undefined;
  const hasPolicy = params.Policy !== undefined;
  if (hasExpires === hasPolicy) throw new Error('exactly one of Expires and Policy must be present');
  const hashParam = params['Hash-Algorithm'];
  if (hashParam !== undefined && hashParam !== 'SHA256') throw new Error(`unexpected Hash-Algorithm=${hashParam}`);
  const hash = hashParam === 'SHA256' ? 'SHA256' : 'SHA1';

  let policyBytes;
  let policyResource;
  let expires;
  if (hasExpires) {
    if (!/^[1-9][0-9]*$/.test(params.Expires)) throw new Error(`Expires=${params.Expires} is not epoch seconds`);
    expires = Number(params.Expires);
    policyBytes = Buffer.from(cannedPolicy(resource, params.Expires), 'utf8');
    policyResource = resource;
  } else {
    policyBytes = cfBase64Decode(params.Policy);
    const doc = JSON.parse(policyBytes.toString('utf8'));
    const statement = doc?.Statement?.[0];
    if (!statement) throw new Error('Policy has no Statement[0]');
    expires = statement.Condition?.DateLessThan?.['AWS:EpochTime'];
    if (!Number.isInteger(expires)) throw new Error('Policy has no integer DateLessThan');
    policyResource = statement.Resource;
    if (policyResource !== undefined && !globMatch(policyResource, resource)) {
      throw new Error(`Policy Resource ${JSON.stringify(policyResource)} does not match the URL ${JSON.stringify(resource)}`);
    }
  }
  const signature = cfBase64Decode(params.Signature);
  if (!verify(`RSA-${hash}`, policyBytes, publicKey, signature)) {
    throw new Error(`RSA-${hash} signature does not verify over ${policyBytes.toString('utf8')}`);
  }
  return {
    kind: hasExpires ? 'canned' : 'custom',
    resource,
    policy: policyBytes.toString('utf8'),
    policyResource,
    hash,
    keyPairId: params['Key-Pair-Id'],
    expires,
  };
}

/** Small seeded PRNG (mulberry32): deterministic test inputs without Math.random. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(lo, hi) { return lo + Math.floor(next() * (hi - lo + 1)); },
    pick(list) { return list[Math.floor(next() * list.length)]; },
    chance(p) { return next() < p; },
  };
}
