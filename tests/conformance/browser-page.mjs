// Runs in Chromium (served by run-chromium.mjs). The variant in the query string picks how the
// browser entry gets core.wasm; init() is called in the same synchronous code as the import,
// before the automatic load (a microtask later) would start. Sets window.__result.
import * as cfsign from '/js/index.browser.mjs';
import { miniAssert } from '/tests/conformance/mini-assert.mjs';
import { runConformance } from '/tests/conformance/suite.mjs';
import { CASES, KEYS, KEY_PAIR_ID } from '/tests/conformance/fixtures.mjs';

const ELSEWHERE = '/assets/elsewhere/cfsign-core.wasm';
const variant = new URLSearchParams(location.search).get('variant') ?? 'default';
let initReturned;
if (variant === 'url') initReturned = cfsign.init({ wasmUrl: ELSEWHERE });
if (variant === 'module') initReturned = cfsign.init({ wasmModule: WebAssembly.compileStreaming(fetch(ELSEWHERE)) });
if (variant === 'binary') initReturned = cfsign.init({ wasmBinary: fetch(ELSEWHERE).then((r) => r.arrayBuffer()) });
if (variant === 'missing') initReturned = cfsign.init({ wasmUrl: '/assets/does-not-exist.wasm' });

function check(name, fn) {
  return Promise.resolve().then(fn).then(() => ({ name, ok: true }), (e) => ({ name, ok: false, error: `${e?.name}: ${e?.message ?? e}` }));
}

function signVector() {
  const signer = cfsign.createSigner({ keyPairId: KEY_PAIR_ID, privateKey: KEYS.rsa.private });
  const url = signer.signUrl(CASES.canned.resource, { expires: CASES.canned.expires, allowExpired: true });
  signer.dispose();
  miniAssert.ok(url.includes(`Signature=${CASES.canned.rsaSha1}&`), 'Appendix A signature');
}

async function main() {
  const results = [];
  if (variant === 'url') {
    results.push(await check('browser: init() returns ready', () => miniAssert.equal(initReturned, cfsign.ready)));
    results.push(...(await runConformance(cfsign, miniAssert)).results);
  } else if (variant === 'default') {
    results.push(await check('browser: default load (core.wasm next to the glue) → sign', async () => {
      await cfsign.ready;
      signVector();
    }));
    results.push(await check('browser: init({ wasmUrl }) after the automatic load started throws INVALID_ARGUMENT', () => {
      miniAssert.throws(() => cfsign.init({ wasmUrl: ELSEWHERE }), { code: 'INVALID_ARGUMENT' });
      miniAssert.equal(cfsign.init(), cfsign.ready, 'init() without options still returns ready');
    }));
  } else if (variant === 'module' || variant === 'binary') {
    results.push(await check(`browser: init({ ${variant === 'module' ? 'wasmModule: compileStreaming promise' : 'wasmBinary: bytes promise'} }) → sign`, async () => {
      await initReturned;
      signVector();
    }));
  } else if (variant === 'missing') {
    results.push(await check('browser: a wasmUrl that 404s rejects ready with NOT_READY; calls throw NOT_READY', async () => {
      const error = await cfsign.ready.then(() => null, (e) => e);
      miniAssert.equal(error?.code, 'NOT_READY');
      miniAssert.throws(() => cfsign.parseSignedUrl('https://a.example/x'), { code: 'NOT_READY' });
    }));
  }
  return results;
}

main().then(
  (results) => { window.__result = JSON.stringify(results); },
  (error) => { window.__result = JSON.stringify([{ name: `browser page ${variant}`, ok: false, error: String(error) }]); },
);
