// The cfsign command line (js/cli/cfsign.mjs), run as a process: output formats, signatures
// checked with node:crypto the way CloudFront checks them, key sources, exit codes and error
// codes, help, and that no output ever carries private key material or a passphrase.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const CLI = 'js/cli/cfsign.mjs';

const KEY_PAIR_ID = 'K2JCJMDEHXQW5F';
const HOST = 'https://d111111abcdef8.cloudfront.net';
const URL_PLAIN = `${HOST}/image.jpg`;
const URL_QUERY = `${HOST}/image.jpg?color=red&size=medium`;
const FAR = '2030-01-01T00:00:00Z';
const FAR_EPOCH = 1893456000;
const PASSPHRASE = 'correct horse battery staple 7Q';
const WRONG_PASSPHRASE = 'incorrect donkey battery staple 3Z';
const RESERVED = new Set(['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);

// Every spawned process's output, checked for leaks at the end.
const outputs = [];
const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', LANG: 'C' };

function record(args, status, stdout, stderr) {
  const result = { args, status, stdout, stderr };
  outputs.push(result);
  return result;
}

/** Runs the CLI synchronously. */
function run(args, { input, env } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repoRoot, input, env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 20000,
  });
  if (r.error) throw r.error;
  return record(args, r.status, r.stdout, r.stderr);
}

// At most this many CLI processes at once: parallel enough to keep the file fast, not so
// many that a small machine thrashes.
const MAX_PARALLEL = Math.max(2, Math.min(6, availableParallelism()));
let running = 0;
const waiting = [];
async function slot(fn) {
  if (running >= MAX_PARALLEL) await new Promise((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Runs the CLI asynchronously (many cases run in parallel to keep the file fast). */
function runAsync(args, opts) {
  return slot(() => spawnCli(args, opts));
}

function spawnCli(args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, env: { ...baseEnv, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve(record(args, status, stdout, stderr)));
    child.stdin.end(input ?? '');
  });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

// Spawning node + instantiating WebAssembly takes a few hundred ms per run; groups of runs
// need more than Jest's default 5 s on a loaded machine.
const SLOW = 60000;

// CloudFront-safe base64 (§4): '-'→'+', '_'→'=', '~'→'/', then standard base64.
const cfDecode = (s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

/** Splits a signed URL at string level into its own part and the CloudFront parameters. */
function splitSignedUrl(url) {
  const q = url.indexOf('?');
  expect(q).toBeGreaterThan(0);
  const base = url.slice(0, q);
  const own = [];
  const params = {};
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (RESERVED.has(name)) {
      expect(params[name]).toBeUndefined();
      params[name] = pair.slice(eq + 1);
    } else {
      own.push(pair);
    }
  }
  return { resource: own.length ? `${base}?${own.join('&')}` : base, params };
}

const cannedPolicy = (resource, expires) =>
  `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;

function verifySignature(publicKey, hash, policy, signature) {
  const key = crypto.createPublicKey(publicKey);
  const verifyKey = key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key;
  return crypto.verify(hash === 'SHA256' ? 'SHA256' : 'SHA1', Buffer.from(policy, 'utf8'), verifyKey, cfDecode(signature));
}

/**
 * Verifies a signed URL the way CloudFront does: canned → rebuild the policy from the URL
 * without the CloudFront parameters and from Expires; custom → decode Policy. Returns details.
 */
function verifySignedUrl(url, publicKey) {
  const { resource, params } = splitSignedUrl(url);
  expect(params.Signature).toBeDefined();
  expect(params['Key-Pair-Id']).toBe(KEY_PAIR_ID);
  const hash = params['Hash-Algorithm'] ?? 'SHA1';
  let policy;
  let kind;
  if (params.Policy !== undefined) {
    expect(params.Expires).toBeUndefined();
    policy = cfDecode(params.Policy).toString('utf8');
    kind = 'custom';
  } else {
    expect(params.Expires).toMatch(/^\d+$/);
    policy = cannedPolicy(resource, params.Expires);
    kind = 'canned';
  }
  expect(verifySignature(publicKey, hash, policy, params.Signature)).toBe(true);
  return { resource, params, policy, kind, hash, expires: params.Expires === undefined ? undefined : Number(params.Expires) };
}

/** Parses plain `Name=Value` cookie lines. */
function parseCookieLines(stdout) {
  const lines = stdout.trimEnd().split('\n');
  const cookies = {};
  for (const line of lines) {
    const m = /^(CloudFront-[A-Za-z-]+)=([^\s;]+)$/.exec(line);
    expect(m).not.toBeNull();
    cookies[m[1]] = m[2];
  }
  return cookies;
}

function expectOk(r) {
  if (r.status !== 0) throw new Error(`cfsign ${r.args[0]} exited ${r.status}: ${r.stderr.slice(0, 300)}`);
}

/** Exit 3, `cfsign: error [CODE]:` on stderr, nothing on stdout. */
function expectInputError(r, code) {
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 3, stdout: '' });
  expect(r.stderr).toContain(`cfsign: error [${code}]: `);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
}

function expectUsageError(r) {
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
  expect(r.stderr).toMatch(/^cfsign: usage error: /);
}

// ---------------------------------------------------------------------------------------------
// Keys

let dir;
const keys = {}; // name -> { file, pem, publicKey }
const secrets = []; // PEM texts and passphrases that must never appear in any output
const publicKeys = []; // public halves (a private PEM shares some base64 with its public key)
let ecGenFile;
let ecGenPublic;
let rsaGenFile;
let rsaGenPublic;

function addKey(name, keyObject, exportOptions, publicKey = crypto.createPublicKey(keyObject)) {
  const pem = keyObject.export({ format: 'pem', ...exportOptions });
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, pem, { mode: 0o600 });
  keys[name] = { file, pem, publicKey: publicKey.export({ type: 'spki', format: 'pem' }) };
  secrets.push(pem);
  publicKeys.push(keys[name].publicKey);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cfsign-cli-'));
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
  const dsa = crypto.generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey;
  addKey('rsa-pkcs1', rsa, { type: 'pkcs1' });
  addKey('rsa-pkcs8', rsa, { type: 'pkcs8' });
  addKey('ec-sec1', ec, { type: 'sec1' });
  addKey('ec-pkcs8', ec, { type: 'pkcs8' });
  addKey('rsa-encrypted', rsa, { type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: PASSPHRASE });
  addKey('ec-encrypted', ec, { type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: PASSPHRASE });
  addKey('p384', p384, { type: 'pkcs8' });
  addKey('dsa', dsa, { type: 'pkcs8' });
  // The unencrypted forms of the encrypted keys must not leak either.
  secrets.push(rsa.export({ type: 'pkcs8', format: 'pem' }), ec.export({ type: 'pkcs8', format: 'pem' }));
  // PKCS#8 DER (binary) file.
  keys['ec-der'] = { file: join(dir, 'ec.der'), publicKey: keys['ec-sec1'].publicKey };
  writeFileSync(keys['ec-der'].file, ec.export({ type: 'pkcs8', format: 'der' }), { mode: 0o600 });
  writeFileSync(join(dir, 'corrupt.pem'), '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n');
  writeFileSync(join(dir, 'pass.txt'), `${PASSPHRASE}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'wrong-pass.txt'), `${WRONG_PASSPHRASE}\r\nsecond line\n`, { mode: 0o600 });
  secrets.push(PASSPHRASE, WRONG_PASSPHRASE);

  // Keys made by `cfsign keygen` (EC default, and RSA), used by later tests.
  ecGenFile = join(dir, 'gen-ec.pem');
  const ecGen = run(['keygen', '--private-key-out', ecGenFile]);
  expectOk(ecGen);
  ecGenPublic = ecGen.stdout;
  rsaGenFile = join(dir, 'gen-rsa.pem');
  const rsaGen = run(['keygen', '--type', 'rsa', '--private-key-out', rsaGenFile]);
  expectOk(rsaGen);
  rsaGenPublic = rsaGen.stdout;
  secrets.push(readFileSync(ecGenFile, 'utf8'), readFileSync(rsaGenFile, 'utf8'));
  publicKeys.push(ecGenPublic, rsaGenPublic);
}, SLOW);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const signArgs = (key, url = URL_PLAIN, expires = FAR, ...extra) =>
  ['sign', '--url', url, '--key-pair-id', KEY_PAIR_ID, '--private-key', keys[key].file, '--date-less-than', expires, ...extra];

// ---------------------------------------------------------------------------------------------

describe('cfsign sign', () => {
  test('every key format signs a canned URL that verifies; RSA defaults to SHA-1, EC to SHA-256', async () => {
    const cases = [
      ['rsa-pkcs1', undefined],
      ['rsa-pkcs8', undefined],
      ['ec-sec1', 'SHA256'],
      ['ec-pkcs8', 'SHA256'],
      ['ec-der', 'SHA256'],
    ];
    const results = await Promise.all(cases.map(([key]) => runAsync(signArgs(key, URL_QUERY))));
    results.forEach((r, i) => {
      const [key, hashParam] = cases[i];
      expectOk(r);
      expect(r.stderr).toBe('');
      expect(r.stdout.endsWith('\n')).toBe(true);
      const lines = r.stdout.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('');
      const url = lines[0];
      expect(url.startsWith(`${URL_QUERY}&Expires=${FAR_EPOCH}&Signature=`)).toBe(true);
      const v = verifySignedUrl(url, keys[key].publicKey);
      expect(v.kind).toBe('canned');
      expect(v.resource).toBe(URL_QUERY);
      expect(v.expires).toBe(FAR_EPOCH);
      expect(v.params['Hash-Algorithm']).toBe(hashParam);
      if (hashParam) {
        expect(url.endsWith('&Hash-Algorithm=SHA256')).toBe(true);
        // Checked explicitly as CloudFront does for ECDSA: DER signature over SHA-256.
        const sig = cfDecode(v.params.Signature);
        expect(sig[0]).toBe(0x30);
        expect(crypto.verify('SHA256', Buffer.from(v.policy), { key: keys[key].publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
      } else {
        expect(url).not.toContain('Hash-Algorithm');
        expect(url.endsWith(`&Key-Pair-Id=${KEY_PAIR_ID}`)).toBe(true);
        expect(cfDecode(v.params.Signature)).toHaveLength(256);
      }
    });
  }, SLOW);

  test('--hash-algorithm SHA256 with an RSA key', () => {
    const r = run(signArgs('rsa-pkcs1', URL_PLAIN, FAR, '--hash-algorithm', 'SHA256'));
    expectOk(r);
    const url = r.stdout.trim();
    expect(url.endsWith('&Hash-Algorithm=SHA256')).toBe(true);
    const v = verifySignedUrl(url, keys['rsa-pkcs1'].publicKey);
    expect(v.hash).toBe('SHA256');
    const sig = cfDecode(v.params.Signature);
    expect(crypto.verify('SHA1', Buffer.from(v.policy), keys['rsa-pkcs1'].publicKey, sig)).toBe(false);
  }, SLOW);

  test('custom policy: --date-greater-than, --ip-address, --policy-resource, and --json output', async () => {
    const [custom, json] = await Promise.all([
      runAsync(signArgs('ec-sec1', `${HOST}/videos/a.mp4?v=1`, FAR,
        '--date-greater-than', '2029-12-31T00:00:00Z', '--ip-address', '192.0.2.0/24', '--policy-resource', `${HOST}/videos/*`)),
      runAsync(signArgs('rsa-pkcs8', URL_QUERY, String(FAR_EPOCH), '--ip-address', '198.51.100.7', '--json')),
    ]);
    expectOk(custom);
    const url = custom.stdout.trim();
    expect(url.startsWith(`${HOST}/videos/a.mp4?v=1&Policy=`)).toBe(true);
    expect(url).not.toContain('Expires=');
    const v = verifySignedUrl(url, keys['ec-sec1'].publicKey);
    expect(v.kind).toBe('custom');
    expect(v.resource).toBe(`${HOST}/videos/a.mp4?v=1`);
    expect(JSON.parse(v.policy)).toEqual({
      Statement: [{
        Resource: `${HOST}/videos/*`,
        Condition: {
          DateLessThan: { 'AWS:EpochTime': FAR_EPOCH },
          DateGreaterThan: { 'AWS:EpochTime': FAR_EPOCH - 86400 },
          IpAddress: { 'AWS:SourceIp': '192.0.2.0/24' },
        },
      }],
    });
    expect(v.policy).not.toMatch(/\s/);

    expectOk(json);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ resource: URL_QUERY, kind: 'custom', keyPairId: KEY_PAIR_ID, hashAlgorithm: 'SHA1', warnings: [] });
    expect(typeof out.url).toBe('string');
    expect(typeof out.policy).toBe('string');
    const jv = verifySignedUrl(out.url, keys['rsa-pkcs8'].publicKey);
    expect(jv.policy).toBe(out.policy);
    expect(JSON.parse(out.policy).Statement[0]).toEqual({
      Resource: URL_QUERY,
      Condition: { DateLessThan: { 'AWS:EpochTime': FAR_EPOCH }, IpAddress: { 'AWS:SourceIp': '198.51.100.7/32' } },
    });
  }, SLOW);

  test('--json for a canned policy', () => {
    const r = run(signArgs('ec-pkcs8', URL_PLAIN, FAR, '--json'));
    expectOk(r);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ resource: URL_PLAIN, kind: 'canned', hashAlgorithm: 'SHA256', policy: cannedPolicy(URL_PLAIN, FAR_EPOCH) });
    expect(verifySignedUrl(out.url, keys['ec-pkcs8'].publicKey).policy).toBe(out.policy);
  }, SLOW);

  test('dates: ISO 8601, epoch seconds, +1h, 30m, 7d, 1h30m', async () => {
    const cases = [
      ['2030-01-01', FAR_EPOCH, 0],
      ['2030-01-01T01:00:00+01:00', FAR_EPOCH, 0],
      [String(FAR_EPOCH), FAR_EPOCH, 0],
      ['+1h', undefined, 3600],
      ['30m', undefined, 1800],
      ['7d', undefined, 7 * 86400],
      ['1h30m', undefined, 5400],
    ];
    const before = nowSeconds();
    const results = await Promise.all(cases.map(([date]) => runAsync(signArgs('ec-sec1', URL_PLAIN, date))));
    const after = nowSeconds();
    results.forEach((r, i) => {
      const [, absolute, relative] = cases[i];
      expectOk(r);
      const v = verifySignedUrl(r.stdout.trim(), keys['ec-sec1'].publicKey);
      if (absolute !== undefined) {
        expect(v.expires).toBe(absolute);
      } else {
        expect(v.expires).toBeGreaterThanOrEqual(before + relative);
        expect(v.expires).toBeLessThanOrEqual(after + relative);
      }
    });
  }, SLOW);

  test('key sources: FILE, file://FILE, fileb://FILE, - (stdin), --private-key-env', async () => {
    const base = ['sign', '--url', URL_PLAIN, '--key-pair-id', KEY_PAIR_ID, '--date-less-than', FAR];
    const cases = [
      [[...base, '--private-key', `file://${keys['rsa-pkcs1'].file}`], {}, 'rsa-pkcs1'],
      [[...base, '--private-key', `fileb://${keys['ec-der'].file}`], {}, 'ec-der'],
      [[...base, '--private-key', '-'], { input: keys['ec-sec1'].pem }, 'ec-sec1'],
      [[...base, '--private-key', '-'], { input: readFileSync(keys['ec-der'].file) }, 'ec-der'],
      [[...base, '--private-key-env', 'CF_KEY'], { env: { CF_KEY: keys['rsa-pkcs8'].pem } }, 'rsa-pkcs8'],
    ];
    const results = await Promise.all(cases.map(([args, opts]) => runAsync(args, opts)));
    results.forEach((r, i) => {
      expectOk(r);
      const v = verifySignedUrl(r.stdout.trim(), keys[cases[i][2]].publicKey);
      expect(v.resource).toBe(URL_PLAIN);
    });
  }, SLOW);

  test('encrypted keys: --passphrase-env and --passphrase-file; wrong, missing and --passphrase', async () => {
    const enc = (key, ...extra) => signArgs(key, URL_PLAIN, FAR, ...extra);
    const [viaEnv, viaFile, rsaViaFile, wrongEnv, wrongFile, missing, missingEnv, onCommandLine, onCommandLineEq] = await Promise.all([
      runAsync(enc('ec-encrypted', '--passphrase-env', 'CF_PASS'), { env: { CF_PASS: PASSPHRASE } }),
      runAsync(enc('ec-encrypted', '--passphrase-file', join(dir, 'pass.txt'))),
      runAsync(enc('rsa-encrypted', '--passphrase-file', join(dir, 'pass.txt'))),
      runAsync(enc('rsa-encrypted', '--passphrase-env', 'CF_PASS'), { env: { CF_PASS: WRONG_PASSPHRASE } }),
      runAsync(enc('ec-encrypted', '--passphrase-file', join(dir, 'wrong-pass.txt'))),
      runAsync(enc('rsa-encrypted')),
      runAsync(enc('ec-encrypted', '--passphrase-env', 'CF_PASS_NOT_SET')),
      runAsync(enc('ec-encrypted', '--passphrase', PASSPHRASE)),
      runAsync(enc('ec-encrypted', `--passphrase=${PASSPHRASE}`)),
    ]);
    for (const [r, key] of [[viaEnv, 'ec-encrypted'], [viaFile, 'ec-encrypted'], [rsaViaFile, 'rsa-encrypted']]) {
      expectOk(r);
      verifySignedUrl(r.stdout.trim(), keys[key].publicKey);
    }
    expectInputError(wrongEnv, 'KEY_PASSPHRASE_WRONG');
    expectInputError(wrongFile, 'KEY_PASSPHRASE_WRONG');
    expectInputError(missing, 'KEY_PASSPHRASE_REQUIRED');
    expectInputError(missingEnv, 'KEY_PASSPHRASE_REQUIRED');
    expect(missingEnv.stderr).toContain('CF_PASS_NOT_SET');
    expectUsageError(onCommandLine);
    expectUsageError(onCommandLineEq);
    expect(onCommandLine.stderr).toContain('--passphrase-env');
  }, SLOW);
});

// ---------------------------------------------------------------------------------------------

describe('cfsign sign-cookies', () => {
  const cookieArgs = (key, resource, ...extra) =>
    ['sign-cookies', '--resource', resource, '--key-pair-id', KEY_PAIR_ID, '--private-key', keys[key].file, '--date-less-than', FAR, ...extra];

  test('plain Name=Value lines (canned) and --json, signatures verify', async () => {
    const [rsaPlain, ecPlain, ecJson] = await Promise.all([
      // (A resource with a query string is a pattern: '?' is a wildcard, so canned needs none.)
      runAsync(cookieArgs('rsa-pkcs1', `${HOST}/movie.mp4`)),
      runAsync(cookieArgs('ec-sec1', URL_PLAIN)),
      runAsync(cookieArgs('ec-sec1', URL_PLAIN, '--json')),
    ]);
    expectOk(rsaPlain);
    expect(rsaPlain.stderr).toBe('');
    const rc = parseCookieLines(rsaPlain.stdout);
    expect(Object.keys(rc)).toEqual(['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    expect(rc['CloudFront-Expires']).toBe(String(FAR_EPOCH));
    expect(rc['CloudFront-Key-Pair-Id']).toBe(KEY_PAIR_ID);
    expect(verifySignature(keys['rsa-pkcs1'].publicKey, 'SHA1', cannedPolicy(`${HOST}/movie.mp4`, FAR_EPOCH), rc['CloudFront-Signature'])).toBe(true);

    expectOk(ecPlain);
    const ec = parseCookieLines(ecPlain.stdout);
    expect(Object.keys(ec)).toEqual(['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id', 'CloudFront-Hash-Algorithm']);
    expect(ec['CloudFront-Hash-Algorithm']).toBe('SHA256');
    expect(verifySignature(keys['ec-sec1'].publicKey, 'SHA256', cannedPolicy(URL_PLAIN, FAR_EPOCH), ec['CloudFront-Signature'])).toBe(true);

    expectOk(ecJson);
    const json = JSON.parse(ecJson.stdout);
    expect(Object.keys(json)).toEqual(['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id', 'CloudFront-Hash-Algorithm']);
    expect(json['CloudFront-Expires']).toBe(String(FAR_EPOCH));
    expect(verifySignature(keys['ec-sec1'].publicKey, 'SHA256', cannedPolicy(URL_PLAIN, FAR_EPOCH), json['CloudFront-Signature'])).toBe(true);
  }, SLOW);

  test('a wildcard resource gives CloudFront-Policy; --set-cookie with --domain, --path, --same-site', async () => {
    const pattern = `${HOST}/images/*`;
    const [plain, headers, defaults] = await Promise.all([
      runAsync(cookieArgs('rsa-pkcs8', pattern, '--ip-address', '203.0.113.9')),
      runAsync(cookieArgs('ec-pkcs8', pattern, '--set-cookie', '--domain', 'd111111abcdef8.cloudfront.net', '--path', '/images/*', '--same-site', 'lax')),
      runAsync(cookieArgs('rsa-pkcs8', URL_PLAIN, '--set-cookie')),
    ]);
    expectOk(plain);
    const c = parseCookieLines(plain.stdout);
    expect(Object.keys(c)).toEqual(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    const policy = cfDecode(c['CloudFront-Policy']).toString('utf8');
    expect(JSON.parse(policy)).toEqual({
      Statement: [{ Resource: pattern, Condition: { DateLessThan: { 'AWS:EpochTime': FAR_EPOCH }, IpAddress: { 'AWS:SourceIp': '203.0.113.9/32' } } }],
    });
    expect(verifySignature(keys['rsa-pkcs8'].publicKey, 'SHA1', policy, c['CloudFront-Signature'])).toBe(true);

    expectOk(headers);
    const lines = headers.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const names = [];
    const values = {};
    for (const line of lines) {
      expect(line.startsWith('Set-Cookie: ')).toBe(true);
      const [pair, ...attrs] = line.slice('Set-Cookie: '.length).split('; ');
      const eq = pair.indexOf('=');
      names.push(pair.slice(0, eq));
      values[pair.slice(0, eq)] = pair.slice(eq + 1);
      expect(attrs).toEqual(expect.arrayContaining(['Domain=d111111abcdef8.cloudfront.net', 'Path=/images/', 'Secure', 'HttpOnly', 'SameSite=Lax']));
      expect(line).not.toContain('Path=/images/*');
      expect(line).not.toMatch(/Expires=|Max-Age=/i);
    }
    expect(names).toEqual(['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id', 'CloudFront-Hash-Algorithm']);
    const hp = cfDecode(values['CloudFront-Policy']).toString('utf8');
    expect(JSON.parse(hp).Statement[0].Resource).toBe(pattern);
    expect(verifySignature(keys['ec-pkcs8'].publicKey, 'SHA256', hp, values['CloudFront-Signature'])).toBe(true);

    expectOk(defaults);
    const dl = defaults.stdout.trimEnd().split('\n');
    expect(dl).toHaveLength(3);
    for (const line of dl) {
      expect(line).toMatch(/^Set-Cookie: CloudFront-[A-Za-z-]+=[^;]+; /);
      expect(line).toContain('; Path=/');
      expect(line).toContain('; Secure');
      expect(line).toContain('; HttpOnly');
      expect(line).not.toContain('Domain=');
    }
  }, SLOW);
});

// ---------------------------------------------------------------------------------------------

describe('cfsign keygen', () => {
  test('EC default: private key file 0600, SPKI public key on stdout, nothing private printed', () => {
    expect(statSync(ecGenFile).mode & 0o777).toBe(0o600);
    const priv = crypto.createPrivateKey(readFileSync(ecGenFile, 'utf8'));
    expect(priv.asymmetricKeyType).toBe('ec');
    expect(priv.asymmetricKeyDetails.namedCurve).toBe('prime256v1');
    expect(ecGenPublic).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(ecGenPublic).toBe(crypto.createPublicKey(priv).export({ type: 'spki', format: 'pem' }));
  }, SLOW);

  test('--type rsa gives RSA-2048, mode 0600, matching public key', () => {
    expect(statSync(rsaGenFile).mode & 0o777).toBe(0o600);
    const priv = crypto.createPrivateKey(readFileSync(rsaGenFile, 'utf8'));
    expect(priv.asymmetricKeyType).toBe('rsa');
    expect(priv.asymmetricKeyDetails.modulusLength).toBe(2048);
    const pub = crypto.createPublicKey(rsaGenPublic);
    expect(pub.asymmetricKeyType).toBe('rsa');
    expect(pub.export({ type: 'spki', format: 'der' })).toEqual(crypto.createPublicKey(priv).export({ type: 'spki', format: 'der' }));
  }, SLOW);

  test('generated keys sign URLs that verify with the printed public key', async () => {
    const base = ['sign', '--url', URL_QUERY, '--key-pair-id', KEY_PAIR_ID, '--date-less-than', '1h'];
    const [ec, rsa] = await Promise.all([
      runAsync([...base, '--private-key', ecGenFile]),
      runAsync([...base, '--private-key', rsaGenFile]),
    ]);
    expectOk(ec);
    expectOk(rsa);
    expect(verifySignedUrl(ec.stdout.trim(), ecGenPublic).hash).toBe('SHA256');
    expect(verifySignedUrl(rsa.stdout.trim(), rsaGenPublic).hash).toBe('SHA1');
  }, SLOW);

  test('refuses to overwrite; --public-key-out; bad --type; missing --private-key-out', async () => {
    const before = readFileSync(ecGenFile);
    const pubOut = join(dir, 'pub-out.pem');
    const privOut = join(dir, 'priv-out.pem');
    const [overwrite, withPubOut, badType, missingOut] = await Promise.all([
      runAsync(['keygen', '--private-key-out', ecGenFile]),
      runAsync(['keygen', '--type', 'ec', '--private-key-out', privOut, '--public-key-out', pubOut]),
      runAsync(['keygen', '--type', 'dsa', '--private-key-out', join(dir, 'never.pem')]),
      runAsync(['keygen']),
    ]);
    expectInputError(overwrite, 'FILE_UNWRITABLE');
    expect(overwrite.stderr).toContain('exists');
    expect(readFileSync(ecGenFile)).toEqual(before);

    expectOk(withPubOut);
    expect(withPubOut.stdout).toBe('');
    expect(statSync(privOut).mode & 0o777).toBe(0o600);
    const pub = readFileSync(pubOut, 'utf8');
    expect(pub).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pub).toBe(crypto.createPublicKey(readFileSync(privOut, 'utf8')).export({ type: 'spki', format: 'pem' }));
    secrets.push(readFileSync(privOut, 'utf8'));
    publicKeys.push(pub);

    expectUsageError(badType);
    expect(() => statSync(join(dir, 'never.pem'))).toThrow();
    expectUsageError(missingOut);
  }, SLOW);
});

// ---------------------------------------------------------------------------------------------

describe('errors and exit codes', () => {
  test('every bad-input class exits 3 with its code on stderr and nothing on stdout', async () => {
    const cases = [
      ['URL_FRAGMENT', signArgs('rsa-pkcs1', `${URL_PLAIN}#top`)],
      ['URL_RESERVED_PARAM', signArgs('rsa-pkcs1', `${URL_PLAIN}?Expires=1`)],
      ['URL_RESERVED_PARAM', signArgs('ec-sec1', `${URL_PLAIN}?a=1&Key-Pair-Id=K1`)],
      ['URL_RESERVED_PARAM', signArgs('ec-sec1', `${URL_PLAIN}?Hash-Algorithm=SHA1`)],
      ['URL_SCHEME', signArgs('rsa-pkcs1', 'ftp://d111111abcdef8.cloudfront.net/a.jpg')],
      ['IP_V6_UNSUPPORTED', signArgs('rsa-pkcs1', URL_PLAIN, FAR, '--ip-address', '2001:db8::1')],
      ['IP_V6_UNSUPPORTED', signArgs('ec-sec1', URL_PLAIN, FAR, '--ip-address', '2001:db8::/32')],
      ['DATE_RANGE', signArgs('rsa-pkcs1', URL_PLAIN, FAR, '--date-greater-than', FAR)],
      ['DATE_RANGE', signArgs('rsa-pkcs1', URL_PLAIN, '1h', '--date-greater-than', '2h')],
      ['DATE_EXPIRED', signArgs('rsa-pkcs1', URL_PLAIN, '2001-01-01')],
      ['DATE_MILLISECONDS', signArgs('rsa-pkcs1', URL_PLAIN, String(FAR_EPOCH * 1000))],
      ['FILE_UNREADABLE', ['sign', '--url', URL_PLAIN, '--key-pair-id', KEY_PAIR_ID, '--private-key', join(dir, 'no-such-key.pem'), '--date-less-than', FAR]],
      ['FILE_UNREADABLE', signArgs('ec-encrypted', URL_PLAIN, FAR, '--passphrase-file', join(dir, 'no-such-pass.txt'))],
      ['KEY_INVALID', ['sign', '--url', URL_PLAIN, '--key-pair-id', KEY_PAIR_ID, '--private-key', join(dir, 'corrupt.pem'), '--date-less-than', FAR]],
      ['KEY_INVALID', ['sign', '--url', URL_PLAIN, '--key-pair-id', KEY_PAIR_ID, '--private-key-env', 'CF_KEY_UNSET', '--date-less-than', FAR]],
      ['KEY_UNSUPPORTED', signArgs('p384')],
      ['KEY_UNSUPPORTED', signArgs('dsa')],
      ['URL_RESOURCE_MISMATCH', signArgs('ec-sec1', `${HOST}/audio/a.mp3`, FAR, '--policy-resource', `${HOST}/videos/*`)],
      ['DATE_EXPIRED', ['sign-cookies', '--resource', `${HOST}/*`, '--key-pair-id', KEY_PAIR_ID, '--private-key', keys['ec-sec1'].file, '--date-less-than', '1000000']],
      ['IP_V6_UNSUPPORTED', ['sign-cookies', '--resource', `${HOST}/*`, '--key-pair-id', KEY_PAIR_ID, '--private-key', keys['ec-sec1'].file, '--date-less-than', FAR, '--ip-address', '::1']],
    ];
    const results = await Promise.all(cases.map(([, args]) => runAsync(args)));
    results.forEach((r, i) => {
      const [code] = cases[i];
      try {
        expectInputError(r, code);
      } catch (error) {
        error.message = `case ${i} (${code}): ${error.message}`;
        throw error;
      }
    });
    // The curve is named, and DSA is called DSA.
    expect(results[15].stderr).toMatch(/P-384|secp384r1/);
    expect(results[16].stderr).toContain('DSA');
  }, SLOW);

  test('--allow-expired signs a past expiry', () => {
    const r = run(signArgs('rsa-pkcs1', URL_PLAIN, '2001-01-01', '--allow-expired'));
    expectOk(r);
    expect(verifySignedUrl(r.stdout.trim(), keys['rsa-pkcs1'].publicKey).expires).toBe(978307200);
  }, SLOW);

  test('usage errors exit 2', async () => {
    const cookie = ['sign-cookies', '--resource', URL_PLAIN, '--key-pair-id', KEY_PAIR_ID, '--private-key', keys['ec-sec1'].file, '--date-less-than', FAR];
    const withoutOption = (args, name) => {
      const i = args.indexOf(name);
      return [...args.slice(0, i), ...args.slice(i + 2)];
    };
    const cases = [
      ['unknown command', ['frobnicate']],
      ['unknown option', [...signArgs('ec-sec1'), '--bogus']],
      ['positional', [...signArgs('ec-sec1'), 'extra']],
      ['missing --url', withoutOption(signArgs('ec-sec1'), '--url')],
      ['missing --key-pair-id', withoutOption(signArgs('ec-sec1'), '--key-pair-id')],
      ['missing --date-less-than', withoutOption(signArgs('ec-sec1'), '--date-less-than')],
      ['missing --resource', withoutOption(cookie, '--resource')],
      ['missing key', withoutOption(signArgs('ec-sec1'), '--private-key')],
      ['two key sources', [...signArgs('ec-sec1'), '--private-key-env', 'X']],
      ['--json with --set-cookie', [...cookie, '--json', '--set-cookie']],
      ['option without value', ['sign', '--url']],
    ];
    const results = await Promise.all(cases.map(([, args]) => runAsync(args)));
    results.forEach((r, i) => {
      try {
        expectUsageError(r);
      } catch (error) {
        error.message = `${cases[i][0]}: ${error.message}`;
        throw error;
      }
    });
    expect(results[0].stderr).toContain('frobnicate');
    expect(results[1].stderr).toContain('--bogus');
    expect(results[3].stderr).toContain('--url');
    expect(results[4].stderr).toContain('--key-pair-id');
    expect(results[5].stderr).toContain('--date-less-than');
  }, SLOW);

  test('no arguments: help and exit 2; --help everywhere: exit 0 and the options', async () => {
    const [none, top, short, helpWord, sign, cookies, keygen] = await Promise.all([
      runAsync([]), runAsync(['--help']), runAsync(['-h']), runAsync(['help']),
      runAsync(['sign', '--help']), runAsync(['sign-cookies', '-h']), runAsync(['keygen', '--help']),
    ]);
    expect(none.status).toBe(2);
    expect(`${none.stdout}${none.stderr}`).toContain('Usage: cfsign <command>');
    for (const r of [top, short, helpWord]) {
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      for (const word of ['sign', 'sign-cookies', 'keygen', 'Exit codes']) expect(r.stdout).toContain(word);
    }
    for (const r of [sign, cookies, keygen]) {
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
    }
    for (const opt of ['--url', '--policy-resource', '--date-less-than', '--date-greater-than', '--ip-address', '--allow-expired',
      '--json', '--key-pair-id', '--private-key', '--private-key-env', '--passphrase-env', '--passphrase-file', '--hash-algorithm']) {
      expect(sign.stdout).toContain(opt);
    }
    for (const opt of ['--resource', '--set-cookie', '--domain', '--path', '--same-site', '--json', '--date-less-than', '--private-key']) {
      expect(cookies.stdout).toContain(opt);
    }
    for (const opt of ['--type', '--private-key-out', '--public-key-out']) expect(keygen.stdout).toContain(opt);
  }, SLOW);
});

// ---------------------------------------------------------------------------------------------

describe('no key material or passphrase in any output', () => {
  test('a key or passphrase pasted where a name is expected is not echoed back', async () => {
    const pem = keys['ec-sec1'].pem;
    const base = ['sign', '--url', URL_PLAIN, '--key-pair-id', KEY_PAIR_ID, '--date-less-than', FAR];
    const results = await Promise.all([
      runAsync([...base, `--private-key=${pem}`]),
      runAsync([...base, `--private-key-env=${pem}`]),
      runAsync([...base, '--private-key', keys['ec-encrypted'].file, `--passphrase-env=${PASSPHRASE}`]),
      runAsync([...base, '--private-key', keys['ec-encrypted'].file, `--passphrase-file=${PASSPHRASE}`]),
      runAsync([...base, '--private-key', keys['ec-sec1'].file, pem]),
    ]);
    expect(results.map((r) => r.status)).toEqual([3, 3, 3, 3, 2]);
  }, SLOW);

  test('no stdout or stderr of any run above contains a private key body or a passphrase', () => {
    // Needles: each passphrase, and every base64 line of every private PEM (and the whole body)
    // except text that is also in a public key (an EC private key embeds its public point).
    const publicFlat = publicKeys.map((pem) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')).join(' ');
    const needles = [];
    for (const secret of secrets) {
      if (!secret.includes('-----BEGIN')) {
        needles.push(secret);
        continue;
      }
      const body = secret.replace(/-----[^-]+-----/g, '');
      needles.push(body.replace(/\s+/g, ''));
      for (const line of body.split(/\r?\n/)) if (line.length >= 24 && !publicFlat.includes(line)) needles.push(line);
    }
    expect(needles.length).toBeGreaterThan(secrets.length * 3);
    const leaks = [];
    for (const { args, stdout, stderr } of outputs) {
      for (const [stream, text] of [['stdout', stdout], ['stderr', stderr]]) {
        if (text.includes('PRIVATE KEY')) leaks.push(`${args[0]} ${stream}: "PRIVATE KEY"`);
        const flat = text.replace(/\\n|\s+/g, '');
        if (needles.some((n) => text.includes(n) || flat.includes(n.replace(/\s+/g, '')))) leaks.push(`${args[0]} ${stream}: key material or passphrase`);
      }
    }
    // Only describes where; never prints the secret itself.
    expect(leaks).toEqual([]);
    expect(outputs.length).toBeGreaterThanOrEqual(5);
  }, SLOW);
});
