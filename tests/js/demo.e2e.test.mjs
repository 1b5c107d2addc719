// End-to-end: the demo server (npm start) driven by Debian's Chromium through playwright-core.
import { describe, test, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createSigner } from 'cfsign';
import { startDemo, demoKeys, verifiedByNode } from '../../demo/server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = join(ROOT, 'artifacts', 'screenshots');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

let demo;
let context;
let page;
let profile;
const consoleErrors = [];

beforeAll(async () => {
  demo = await startDemo({ port: 0, log: () => {} });
  profile = mkdtempSync(join(tmpdir(), 'cfsign-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  mkdirSync(SHOTS, { recursive: true });
}, 60000);

afterAll(async () => {
  await context?.close();
  await demo?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function inspectInPage({ signed, key, requestUrl = '', clientIp = '' }) {
  await page.fill('#in-signed', signed);
  await page.fill('#in-request-url', requestUrl);
  await page.fill('#in-key', key);
  await page.fill('#in-key-id', '');
  await page.fill('#in-client-ip', clientIp);
  await page.click('#btn-verify');
  return page.locator('#verdict');
}

function tamperParam(url, name, index = 5) {
  const m = new RegExp(`([?&]${name}=)([^&]+)`).exec(url);
  const value = m[2];
  const c = value[index] === 'A' ? 'B' : 'A';
  return url.replace(m[0], `${m[1]}${value.slice(0, index)}${c}${value.slice(index + 1)}`);
}

describe('demo page in Chromium', () => {
  test('loads with no console errors and the WebAssembly ready', async () => {
    await page.goto(demo.url);
    await expect(page.locator('#lib-status').textContent()).resolves.toBeDefined();
    await page.waitForFunction(() => document.getElementById('lib-status').textContent === 'WebAssembly loaded.', null, { timeout: 20000 });
    expect(consoleErrors).toEqual([]);
  }, 60000);

  test('a URL signed by the Node side shows as valid with the right expiry; tampering shows the reason', async () => {
    const res = await fetch(`${demo.origin}/api/sign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/files/sample.txt', expires: '2h' }) });
    const { url, publicKey } = await res.json();
    const expires = Number(/Expires=(\d+)/.exec(url)[1]);
    const verdict = await inspectInPage({ signed: url, key: publicKey });
    await expect(verdict.getAttribute('class')).resolves.toContain('valid');
    expect(await verdict.textContent()).toContain('Valid');
    expect(await page.locator('#f-expires').textContent()).toContain(new Date(expires * 1000).toISOString().replace('.000Z', 'Z'));
    await page.locator('#inspector').screenshot({ path: join(SHOTS, 'inspector-valid.png') });

    // one character of the signature
    await inspectInPage({ signed: tamperParam(url, 'Signature', 10), key: publicKey });
    expect(await page.locator('#verdict').textContent()).toContain('SIGNATURE_MISMATCH');
    expect(await page.locator('#f-signature').getAttribute('class')).toContain('offending');
    await page.locator('#inspector').screenshot({ path: join(SHOTS, 'inspector-tampered-signature.png') });

    // one character of the path (canned policy: CloudFront rebuilds it from the URL)
    await inspectInPage({ signed: url.replace('/files/sample.txt', '/files/sample.tx1'), key: publicKey });
    expect(await page.locator('#verdict').textContent()).toContain('SIGNATURE_MISMATCH');

    // one character of a custom policy
    const signer = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: demoKeys().privateKey });
    const custom = signer.signUrl(`${demo.origin}/files/sample.txt`, { expires: '1h', policyResource: `${demo.origin}/files/*` });
    signer.dispose();
    await inspectInPage({ signed: custom, key: publicKey });
    expect(await page.locator('#verdict').getAttribute('class')).toContain('valid');
    await inspectInPage({ signed: tamperParam(custom, 'Policy', 30), key: publicKey });
    const text = await page.locator('#verdict').textContent();
    expect(text).toMatch(/SIGNATURE_MISMATCH|MALFORMED_POLICY/);
    await page.locator('#inspector').screenshot({ path: join(SHOTS, 'inspector-tampered-policy.png') });
  }, 60000);

  test('a key generated and a URL signed in the playground verify in the inspector', async () => {
    await page.selectOption('#pg-type', 'ec');
    await page.click('#pg-generate');
    await page.waitForFunction(() => document.getElementById('pg-public').value.includes('BEGIN PUBLIC KEY'), null, { timeout: 20000 });
    await page.fill('#pg-url', 'https://d111111abcdef8.cloudfront.net/videos/intro.mp4');
    await page.fill('#pg-resource', 'https://d111111abcdef8.cloudfront.net/videos/*');
    await page.fill('#pg-ip', '192.0.2.0/24');
    await page.click('#pg-sign-url');
    expect(await page.locator('#pg-status').getAttribute('class')).toContain('valid');
    expect(await page.locator('#pg-result').textContent()).toContain('Policy=');
    await page.click('#pg-to-inspector');
    await page.fill('#in-client-ip', '192.0.2.44');
    await page.click('#btn-verify');
    expect(await page.locator('#verdict').getAttribute('class')).toContain('valid');
    await page.fill('#in-client-ip', '198.51.100.1');
    await page.click('#btn-verify');
    expect(await page.locator('#verdict').textContent()).toContain('IP_MISMATCH');
    // cookies too
    await page.fill('#pg-ip', '');
    await page.click('#pg-sign-cookies');
    await page.click('#pg-to-inspector');
    expect(await page.locator('#verdict').getAttribute('class')).toContain('valid');
    expect(consoleErrors).toEqual([]);
  }, 60000);

  test('the gate serves a protected file for the signed URL (200) and refuses it without (403)', async () => {
    expect(verifiedByNode(demo.sampleUrl, demoKeys().publicKey)).toBe(true);
    const ok = await fetch(demo.sampleUrl);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('protected sample file');
    const denied = await fetch(`${demo.origin}/files/sample.txt`);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-cfsign-reason')).toMatch(/NOT_SIGNED|MISSING_KEY_PAIR_ID/);
    expect(await denied.text()).toContain('Missing Key-Pair-Id query parameter or cookie value');
    // and in the browser itself
    const response = await page.goto(demo.sampleUrl);
    expect(response.status()).toBe(200);
  }, 60000);
});
