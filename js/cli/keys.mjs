// Reading public keys and key groups for `cfsign verify` and `cfsign serve`. Public API only.
//
// A key group file (keys.json) is a JSON object mapping each key ID to one of:
//   - PEM text ("-----BEGIN PUBLIC KEY-----\n..."), used as is;
//   - a file name (PEM, DER or JWK), relative to the directory of keys.json unless absolute;
//   - a public JWK object ({ "kty": "EC", "crv": "P-256", "x": ..., "y": ... }).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CfsignError } from '../index.node.mjs';

const NOT_SHOWN = '(not shown: it looks like key material, not a name)';

/** True for text that looks like key material rather than a name (never echoed back). */
export function looksSecret(text) {
  return /-----BEGIN|PRIVATE KEY|[\r\n]/.test(text) || text.length > 512;
}

export function showPath(path) {
  return looksSecret(path) ? NOT_SHOWN : JSON.stringify(path);
}

/** Reads a public key file (PEM, DER or JWK): PEM and JWK as text, anything else as bytes. */
export function readPublicKeyFile(path, what = 'the public key') {
  const file = path.replace(/^fileb?:\/\//, '');
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CfsignError('FILE_UNREADABLE', `cannot read ${what} from ${showPath(file)}: ${error.code ?? error.message}`);
  }
  const text = bytes.toString('latin1');
  return text.includes('-----BEGIN') || text.trimStart().startsWith('{') ? bytes.toString('utf8') : new Uint8Array(bytes);
}

/** Loads keys.json into { keyId: PEM text | DER bytes | JWK } for createVerifier. */
export function loadKeyGroup(path) {
  const file = path.replace(/^fileb?:\/\//, '');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CfsignError('FILE_UNREADABLE', `cannot read the key group from ${showPath(file)}: ${error.code ?? error.message}`);
  }
  let group;
  try {
    group = JSON.parse(text);
  } catch (error) {
    throw new CfsignError('KEYS_INVALID', `the key group ${showPath(file)} is not valid JSON (${error.message.replace(/"[^"]*"/g, '…')})`);
  }
  if (group === null || typeof group !== 'object' || Array.isArray(group)) {
    throw new CfsignError('KEYS_INVALID', `the key group ${showPath(file)} must be a JSON object mapping key IDs to public keys`);
  }
  const entries = Object.entries(group);
  if (entries.length === 0) throw new CfsignError('KEYS_INVALID', `the key group ${showPath(file)} is empty`);
  const base = dirname(resolve(file));
  const keys = {};
  for (const [id, value] of entries) {
    if (!/^[A-Za-z0-9]+$/.test(id)) {
      throw new CfsignError('KEY_PAIR_ID_INVALID', `the key group ${showPath(file)} has a key ID that is not ASCII letters and digits: ${showPath(id)}`);
    }
    if (typeof value === 'string' && value.includes('-----BEGIN')) {
      keys[id] = value;
    } else if (typeof value === 'string' && value !== '') {
      keys[id] = readPublicKeyFile(resolve(base, value.replace(/^fileb?:\/\//, '')), `the public key of ${id}`);
    } else if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.kty === 'string') {
      keys[id] = value;
    } else {
      throw new CfsignError('KEYS_INVALID', `key ${id} in ${showPath(file)} must be PEM text, a file name or a JWK object`);
    }
  }
  return keys;
}
