// `cfsign inspect` and `cfsign verify`, run as processes: the readable and JSON output on the
// Appendix A vectors (canned and custom URLs) and on freshly signed URLs and cookies, problems
// and exit 3 for broken input, every verification failure class with exit 1, key groups
// (keys.json with file names and inline PEM), --client-ip, --now, --cookie, usage errors.
import { describe, test, expect, afterAll } from '@jest/globals';
import crypto from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSigner } from 'cfsign';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const CLI = 'js/cli/cfsign.mjs';
const SLOW = 60000;
const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', LANG: 'C' };

const VECTORS_DIR = new URL('../vectors/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('cloudfront-appendix-a.json', VECTORS_DIR), 'utf8'));
const RSA_PUBLIC_FILE = fileURLToPath(new URL(vectors.keys.rsa.public, VECTORS_DIR));
const RSA_PUBLIC = readFileSync(RSA_PUBLIC_FILE, 'utf8');
const canned = vectors.cases.find((c) => c.id === 'canned');
const custom = vectors.cases.find((c) => c.id === 'custom');

const KEY_ID = 'K2JCJMDEHXQW5F';
const EC_ID = 'KECGROUPTEST1';
const HOST = 'https://d111111abcdef8.cloudfront.net';
const CANNED_URL = `${canned.resource}&Expires=${canned.expires}&Signature=${canned.rsaSha1}&Key-Pair-Id=${KEY_ID}`;
const CUSTOM_URL = `${HOST}/videos/intro.mp4?Policy=${custom.policyBase64}&Signature=${custom.rsaSha1}&Key-Pair-Id=${KEY_ID}`;
const cfDecode = (s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
const iso = (epoch) => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
const nowSeconds = () => Math.floor(Date.now() / 1000);

// Every process's output, checked at the end for private key material.
const outputs = [];
const secrets = [];

// The tests run concurrently (test.concurrent; fixtures are made at load time, not in
// beforeAll), with at most this many processes at once.
const MAX_PARALLEL = 4;
let running = 0;
const waiting = [];
async function run(args) {
  if (running >= MAX_PARALLEL) await new Promise((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, env: baseEnv });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
      child.on('error', reject);
      child.on('close', (status) => {
        const r = { args, status, stdout, stderr };
        outputs.push(r);
        resolve(r);
      });
      child.stdin.end();
    });
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function expectUsage(r) {
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: '' });
  expect(r.stderr).toMatch(/^cfsign: usage error: /);
}

/** Exit 1 and "REASON: detail" on standard output. */
function expectInvalid(r, reason) {
  expect({ status: r.status, line: r.stdout.split('\n')[0].split(':')[0] }).toEqual({ status: 1, line: reason });
  expect(r.stdout).toMatch(new RegExp(`^${reason}: \\S`));
}

function expectValid(r) {
  expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({
    status: 0, stderr: expect.any(String), stdout: 'VALID: the signature verifies and every condition holds\n',
  });
}

// Fixtures, made at load time so that concurrent tests can use them.
const dir = mkdtempSync(join(tmpdir(), 'cfsign-cli-verify-'));
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPrivate = ec.privateKey.export({ type: 'pkcs8', format: 'pem' });
secrets.push(ecPrivate);
const ecPublic = ec.publicKey.export({ type: 'spki', format: 'pem' });
const ecPublicFile = join(dir, 'ec-public.pem');
writeFileSync(ecPublicFile, ecPublic);
// keys.json: the RSA key by a file name relative to keys.json, the EC key as inline PEM.
mkdirSync(join(dir, 'group', 'pems'), { recursive: true });
writeFileSync(join(dir, 'group', 'pems', 'rsa.pem'), RSA_PUBLIC);
const keysJson = join(dir, 'group', 'keys.json');
writeFileSync(keysJson, JSON.stringify({ [KEY_ID]: 'pems/rsa.pem', [EC_ID]: ecPublic }));
const ecSigner = createSigner({ keyPairId: EC_ID, privateKey: ecPrivate });
const apkaSigner = createSigner({ keyPairId: 'APKAEIBAERJR2EXAMPLE', privateKey: ecPrivate });

afterAll(() => {
  ecSigner.dispose();
  apkaSigner.dispose();
  rmSync(dir, { recursive: true, force: true });
  // No output of any process carries private key material.
  expect(outputs.length).toBeGreaterThan(30);
  for (const { args, stdout, stderr } of outputs) {
    for (const text of [stdout, stderr]) {
      expect({ args, leak: /PRIVATE KEY/.test(text) }).toEqual({ args, leak: false });
      for (const secret of secrets) {
        const body = secret.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
        expect(text.replace(/\s+/g, '').includes(body.slice(0, 48))).toBe(false);
      }
    }
  }
});

describe('inspect', () => {
  test.concurrent('canned vector URL: readable report', async () => {
    const before = await run(['inspect', CANNED_URL, '--now', String(canned.expires - 3599)]);
    expect(before.status).toBe(0);
    expect(before.stderr).toBe('');
    const out = before.stdout;
    expect(out).toMatch(/^Source: +signed URL$/m);
    expect(out).toMatch(/^Kind: +canned policy$/m);
    expect(out).toContain(`Resource:        ${canned.resource}\n`);
    expect(out).toContain(JSON.stringify(JSON.parse(canned.policy), null, 2).split('\n').map((l) => `  ${l}`).join('\n'));
    expect(out).toContain(`Expires:         ${iso(canned.expires)} (${canned.expires}, in 59 min)`);
    expect(out).toMatch(new RegExp(`^Key ID: +${KEY_ID}$`, 'm'));
    expect(out).toMatch(/^Hash algorithm: +SHA1 \(default: no Hash-Algorithm given\)$/m);
    expect(out).toMatch(/^Signature: +RSA \(RSA-2048\), 256 bytes$/m);
    expect(out).toMatch(/^Problems: +none$/m);
    expect(out).not.toContain(canned.rsaSha1);

    const after = await run(['inspect', CANNED_URL, '--now', iso(canned.expires + 3 * 3600 + 5)]);
    expect(after.status).toBe(0);
    expect(after.stdout).toContain(`(${canned.expires}, expired 3 h ago)`);
  }, SLOW);

  test.concurrent('canned vector URL: --json is the parsed object, signature bytes as base64', async () => {
    const r = await run(['inspect', CANNED_URL, '--json']);
    expect(r.status).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed).toMatchObject({
      source: 'url',
      kind: 'canned',
      url: canned.resource,
      resource: canned.resource,
      policy: { text: canned.policy },
      expires: canned.expires,
      notBefore: null,
      ipAddress: null,
      keyPairId: KEY_ID,
      signature: { bytes: cfDecode(canned.rsaSha1).toString('base64'), length: 256, algorithm: 'rsa' },
      hashAlgorithm: 'SHA1',
      problems: [],
      warnings: [],
    });
  }, SLOW);

  test.concurrent('custom vector URL: start, IP condition, relative times', async () => {
    const r = await run(['inspect', CUSTOM_URL, '--now', String(custom.notBefore + 7200)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Kind: +custom policy$/m);
    expect(r.stdout).toContain(`Resource:        ${custom.resource}\n`);
    expect(r.stdout).toContain(`Not before:      ${iso(custom.notBefore)} (${custom.notBefore}, started 2 h ago)`);
    expect(r.stdout).toContain(`Expires:         ${iso(custom.expires)} (${custom.expires}, in 23 h)`);
    expect(r.stdout).toMatch(/^IP address: +192\.0\.2\.0\/24$/m);
    expect(r.stdout).toContain('"AWS:SourceIp": "192.0.2.0/24"');
    const json = JSON.parse((await run(['inspect', CUSTOM_URL, '--json'])).stdout);
    expect(json).toMatchObject({ kind: 'custom', resource: custom.resource, notBefore: custom.notBefore, ipAddress: '192.0.2.0/24', policy: { text: custom.policy } });
  }, SLOW);

  test.concurrent('custom cookies (one header, or one --cookie per cookie) with a request URL', async () => {
    const resource = `${HOST}/media/*`;
    const cookies = ecSigner.signCookies({ resource, expires: '2h', ipAddress: '198.51.100.0/24' });
    const header = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const separate = Object.entries(cookies).flatMap(([k, v]) => ['--cookie', `${k}=${v}`]);
    const [one, many, json] = await Promise.all([
      run(['inspect', '--cookie', header, `${HOST}/media/a.mp4`]),
      run(['inspect', ...separate, `${HOST}/media/a.mp4`]),
      run(['inspect', '--cookie', `Cookie: theme=dark; ${header}`, '--json']),
    ]);
    for (const r of [one, many]) {
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Source: +signed cookies$/m);
      expect(r.stdout).toMatch(/^Kind: +custom policy$/m);
      expect(r.stdout).toContain(`Resource:        ${resource}\n`);
      expect(r.stdout).toMatch(/^Hash algorithm: +SHA256$/m);
      expect(r.stdout).toMatch(/^Signature: +ECDSA P-256 \(DER\), 7[0-2] bytes$/m);
      expect(r.stdout).toMatch(/^IP address: +198\.51\.100\.0\/24$/m);
      expect(r.stdout).toMatch(/\(\d+, in [12] h\)/);
      expect(r.stdout).not.toContain(cookies['CloudFront-Signature']);
    }
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      source: 'cookies', kind: 'custom', resource, keyPairId: EC_ID, hashAlgorithm: 'SHA256',
      signature: { bytes: cfDecode(cookies['CloudFront-Signature']).toString('base64'), algorithm: 'ecdsa' },
      problems: [],
    });
  }, SLOW);

  test.concurrent('canned cookies without a request URL: the resource is unknown, with a warning', async () => {
    const cookies = ecSigner.signCookies({ resource: `${HOST}/a.jpg`, expires: '1h' });
    const header = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const [bare, withUrl] = await Promise.all([
      run(['inspect', '--cookie', header]),
      run(['inspect', '--cookie', header, `${HOST}/a.jpg`]),
    ]);
    expect(bare.status).toBe(0);
    expect(bare.stdout).toMatch(/^Kind: +canned policy$/m);
    expect(bare.stdout).toMatch(/^Resource: +\(unknown: give the request URL/m);
    expect(bare.stdout).toMatch(/^Warnings:\n {2}canned-policy cookies are verified against the request URL/m);
    expect(withUrl.stdout).toContain(`Resource:        ${HOST}/a.jpg\n`);
  }, SLOW);

  test.concurrent('a legacy APKA key pair ID is flagged', async () => {
    const url = apkaSigner.signUrl(`${HOST}/a.jpg`, { expires: '1h' });
    const r = await run(['inspect', url]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Key ID: +APKAEIBAERJR2EXAMPLE \(legacy CloudFront key pair/m);
  }, SLOW);

  test.concurrent('a broken URL: problems printed, exit 3', async () => {
    const broken = `${HOST}/a.jpg?Expires=soon&Signature=abc`;
    const [r, json, unsigned] = await Promise.all([
      run(['inspect', broken]),
      run(['inspect', broken, '--json']),
      run(['inspect', `${HOST}/a.jpg`]),
    ]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^Problems:\n {2}MISSING_KEY_PAIR_ID: Missing Key-Pair-Id query parameter or cookie value/m);
    expect(r.stdout).toMatch(/^ {2}MALFORMED_SIGNATURE: /m);
    expect(r.stdout).toMatch(/^ {2}MALFORMED_EXPIRES: Expires "soon"/m);
    expect(r.stderr).toContain('cfsign: error [MISSING_KEY_PAIR_ID]: ');
    expect(r.stderr).toContain('cfsign: error [MALFORMED_EXPIRES]: ');
    expect(json.status).toBe(3);
    expect(JSON.parse(json.stdout).problems.map((p) => p.code)).toEqual(['MISSING_KEY_PAIR_ID', 'MALFORMED_SIGNATURE', 'MALFORMED_EXPIRES']);
    expect(unsigned.status).toBe(3);
    expect(unsigned.stdout).toMatch(/^Source: +none/m);
    expect(unsigned.stderr).toContain('cfsign: error [NOT_SIGNED]: ');
  }, SLOW);

  test.concurrent('control characters in the URL are escaped, not sent to the terminal', async () => {
    const r = await run(['inspect', `${HOST}/a\u001b[31m.jpg?Expires=1&Signature=AAAA&Key-Pair-Id=K1`]);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('\\u001b[31m');
  }, SLOW);

  test.concurrent('usage errors: exit 2', async () => {
    const rs = await Promise.all([
      run(['inspect']),
      run(['inspect', CANNED_URL, CUSTOM_URL]),
      run(['inspect', CANNED_URL, '--bogus']),
    ]);
    rs.forEach(expectUsage);
    const help = await run(['inspect', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cfsign inspect/);
  }, SLOW);
});

describe('verify', () => {
  const key = ['--key-pair-id', KEY_ID, '--public-key', RSA_PUBLIC_FILE];

  test.concurrent('canned vector: valid before its expiry, EXPIRED after; --now as epoch, ISO or relative', async () => {
    const [epoch, isoNow, expired, relative] = await Promise.all([
      run(['verify', CANNED_URL, ...key, '--now', String(canned.expires - 1)]),
      run(['verify', CANNED_URL, ...key, '--now', iso(canned.expires - 3600)]),
      run(['verify', CANNED_URL, ...key, '--now', String(canned.expires)]),
      run(['verify', CANNED_URL, ...key]),
    ]);
    expectValid(epoch);
    expectValid(isoNow);
    expectInvalid(expired, 'EXPIRED');
    // The vector expired on 2026-01-01; checked against the real clock it is either way.
    if (nowSeconds() >= canned.expires) expectInvalid(relative, 'EXPIRED');
    else expectValid(relative);
  }, SLOW);

  test.concurrent('--now relative to the current time: +2h and --now=-1h', async () => {
    const url = ecSigner.signUrl(`${HOST}/b.jpg`, { expires: '1h' });
    const [now, later, earlier] = await Promise.all([
      run(['verify', url, '--keys', keysJson]),
      run(['verify', url, '--keys', keysJson, '--now', '+2h']),
      run(['verify', url, '--keys', keysJson, '--now=-1h']),
    ]);
    expectValid(now);
    expectInvalid(later, 'EXPIRED');
    expectValid(earlier);
  }, SLOW);

  test.concurrent('failure classes of a URL: exit 1 with the reason and its detail', async () => {
    const withoutId = CANNED_URL.replace(`&Key-Pair-Id=${KEY_ID}`, '');
    const tampered = CANNED_URL.replace('size=large', 'size=small');
    const badSignature = CANNED_URL.replace(canned.rsaSha1, 'abc');
    const now = ['--now', String(canned.expires - 60)];
    const [missingId, unsigned, unknown, wrongKey, tamper, malformed] = await Promise.all([
      run(['verify', withoutId, ...key, ...now]),
      run(['verify', canned.resource, ...key, ...now]),
      run(['verify', CANNED_URL, '--key-pair-id', 'KOTHERKEY', '--public-key', RSA_PUBLIC_FILE, ...now]),
      run(['verify', CANNED_URL, '--key-pair-id', KEY_ID, '--public-key', ecPublicFile, ...now]),
      run(['verify', tampered, ...key, ...now]),
      run(['verify', badSignature, ...key, ...now]),
    ]);
    expectInvalid(missingId, 'MISSING_KEY_PAIR_ID');
    expect(missingId.stdout).toContain('Missing Key-Pair-Id query parameter or cookie value');
    expectInvalid(unsigned, 'NOT_SIGNED');
    expectInvalid(unknown, 'UNKNOWN_KEY');
    expect(unknown.stdout).toContain(`Unknown Key: no public key with the ID ${KEY_ID}`);
    expectInvalid(wrongKey, 'SIGNATURE_MISMATCH');
    expect(wrongKey.stdout).toContain('looks like RSA but the key is EC');
    expectInvalid(tamper, 'SIGNATURE_MISMATCH');
    expectInvalid(malformed, 'MALFORMED_SIGNATURE');
  }, SLOW);

  test.concurrent('custom vector through a key group: resource, dates and --client-ip', async () => {
    const inside = ['--now', String(custom.notBefore + 100)];
    const [valid, otherIp, noIp, early, otherResource, badNow] = await Promise.all([
      run(['verify', CUSTOM_URL, '--keys', keysJson, '--client-ip', '192.0.2.7', ...inside]),
      run(['verify', CUSTOM_URL, '--keys', keysJson, '--client-ip', '198.51.100.7', ...inside]),
      run(['verify', CUSTOM_URL, '--keys', keysJson, ...inside]),
      run(['verify', CUSTOM_URL, '--keys', keysJson, '--client-ip', '192.0.2.7', '--now', String(custom.notBefore)]),
      run(['verify', CUSTOM_URL.replace('/videos/', '/images/'), '--keys', keysJson, '--client-ip', '192.0.2.7', ...inside]),
      run(['verify', CUSTOM_URL, '--keys', keysJson, '--client-ip', '192.0.2.7', '--now', String(custom.expires + 1)]),
    ]);
    expectValid(valid);
    expectInvalid(otherIp, 'IP_MISMATCH');
    expect(otherIp.stdout).toContain('198.51.100.7 is outside 192.0.2.0/24');
    expectInvalid(noIp, 'CLIENT_IP_REQUIRED');
    expectInvalid(early, 'NOT_YET_VALID');
    expectInvalid(otherResource, 'RESOURCE_MISMATCH');
    expectInvalid(badNow, 'EXPIRED');
  }, SLOW);

  test.concurrent('an RSA key CloudFront key groups refuse: KEY_NOT_ALLOWED', async () => {
    const rsa1024 = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const file = join(dir, 'rsa1024-public.pem');
    writeFileSync(file, rsa1024.publicKey.export({ type: 'spki', format: 'pem' }));
    const signer = createSigner({ keyPairId: 'KSMALL', privateKey: rsa1024.privateKey });
    const url = signer.signUrl(`${HOST}/a.jpg`, { expires: '1h' });
    signer.dispose();
    expectInvalid(await run(['verify', url, '--key-pair-id', 'KSMALL', '--public-key', file]), 'KEY_NOT_ALLOWED');
  }, SLOW);

  test.concurrent('signed cookies with --cookie (one header or repeated), and URL parameters winning', async () => {
    const cookies = ecSigner.signCookies({ resource: `${HOST}/media/*`, expires: '1h', ipAddress: '203.0.113.0/24' });
    const header = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const separate = Object.entries(cookies).flatMap(([k, v]) => ['--cookie', `${k}=${v}`]);
    const signedUrl = ecSigner.signUrl(`${HOST}/media/a.mp4`, { expires: nowSeconds() - 3600, allowExpired: true });
    const [one, many, otherPath, ip, urlWins, cannedCookies, json] = await Promise.all([
      run(['verify', `${HOST}/media/a.mp4`, '--keys', keysJson, '--cookie', `session=x; ${header}`, '--client-ip', '203.0.113.9']),
      run(['verify', `${HOST}/media/a.mp4`, '--keys', keysJson, ...separate, '--client-ip', '203.0.113.9']),
      run(['verify', `${HOST}/other/a.mp4`, '--keys', keysJson, '--cookie', header, '--client-ip', '203.0.113.9']),
      run(['verify', `${HOST}/media/a.mp4`, '--keys', keysJson, '--cookie', header, '--client-ip', '192.0.2.1']),
      run(['verify', signedUrl, '--keys', keysJson, '--cookie', header, '--client-ip', '203.0.113.9']),
      run(['verify', `${HOST}/a.jpg`, '--keys', keysJson, '--cookie',
        Object.entries(ecSigner.signCookies({ resource: `${HOST}/a.jpg`, expires: '1h' })).map(([k, v]) => `${k}=${v}`).join('; ')]),
      run(['verify', `${HOST}/media/a.mp4`, '--keys', keysJson, '--cookie', header, '--client-ip', '203.0.113.9', '--json']),
    ]);
    expectValid(one);
    expectValid(many);
    expectInvalid(otherPath, 'RESOURCE_MISMATCH');
    expectInvalid(ip, 'IP_MISMATCH');
    expectInvalid(urlWins, 'EXPIRED');
    expect(urlWins.stderr).toContain('CloudFront ignores the cookies');
    expectValid(cannedCookies);
    expect(json.status).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result).toMatchObject({
      valid: true, reason: 'VALID',
      parsed: { source: 'cookies', kind: 'custom', keyPairId: EC_ID, signature: { bytes: cfDecode(cookies['CloudFront-Signature']).toString('base64') } },
    });
  }, SLOW);

  test.concurrent('--json for an invalid result: exit 1', async () => {
    const r = await run(['verify', CANNED_URL, ...key, '--now', String(canned.expires + 10), '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, reason: 'EXPIRED', detail: expect.stringContaining('expired at') });
  }, SLOW);

  test.concurrent('usage errors: exit 2', async () => {
    const rs = await Promise.all([
      run(['verify', '--keys', keysJson]),
      run(['verify', CANNED_URL]),
      run(['verify', CANNED_URL, '--public-key', RSA_PUBLIC_FILE]),
      run(['verify', CANNED_URL, '--keys', keysJson, '--public-key', RSA_PUBLIC_FILE]),
      run(['verify', CANNED_URL, '--keys', keysJson, '--now', '-1h']),
      run(['verify', CANNED_URL, '--keys', keysJson, '--unknown-option']),
    ]);
    rs.forEach(expectUsage);
  }, SLOW);

  test.concurrent('bad input: exit 3 with the error code', async () => {
    const badJson = join(dir, 'bad-keys.json');
    writeFileSync(badJson, '{ "K1": ');
    const badId = join(dir, 'bad-id.json');
    writeFileSync(badId, JSON.stringify({ 'K-1': RSA_PUBLIC }));
    const missingKeyFile = join(dir, 'missing-key-file.json');
    writeFileSync(missingKeyFile, JSON.stringify({ K1: 'no-such-file.pem' }));
    const cases = [
      [['verify', CANNED_URL, '--key-pair-id', KEY_ID, '--public-key', join(dir, 'missing.pem')], 'FILE_UNREADABLE'],
      [['verify', CANNED_URL, '--keys', badJson], 'KEYS_INVALID'],
      [['verify', CANNED_URL, '--keys', badId], 'KEY_PAIR_ID_INVALID'],
      [['verify', CANNED_URL, '--keys', missingKeyFile], 'FILE_UNREADABLE'],
      [['verify', CANNED_URL, '--key-pair-id', KEY_ID, '--public-key', join(repoRoot, 'package.json')], 'KEY_INVALID'],
      [['verify', CANNED_URL, ...key, '--now', 'tomorrow'], 'DATE_INVALID'],
      [['verify', CANNED_URL, ...key, '--now', String(canned.expires * 1000)], 'DATE_MILLISECONDS'],
      [['verify', CANNED_URL, ...key, '--client-ip', '192.0.2.300'], 'IP_INVALID'],
    ];
    const rs = await Promise.all(cases.map(([args]) => run(args)));
    rs.forEach((r, i) => {
      expect({ args: r.args, status: r.status, stdout: r.stdout }).toEqual({ args: cases[i][0], status: 3, stdout: '' });
      expect(r.stderr).toContain(`cfsign: error [${cases[i][1]}]: `);
    });
  }, SLOW);

  test.concurrent('help lists the key group format', async () => {
    const [help, top] = await Promise.all([run(['verify', '--help']), run(['--help'])]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--keys FILE');
    expect(help.stdout).toContain('relative to the JSON file');
    for (const command of ['inspect', 'verify', 'serve']) expect(top.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expect(top.stdout).toContain('1 not valid');
  }, SLOW);
});
