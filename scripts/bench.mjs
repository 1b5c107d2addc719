// npm run bench: same-process ratios against @aws-sdk/cloudfront-signer and node:crypto.
// Medians over interleaved rounds after a warm-up round; ratios are medians of per-round
// ratios (robust on a shared, noisy machine). Options: --quick (fewer rounds), --json FILE.
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { getSignedUrl as sdkGetSignedUrl } from '@aws-sdk/cloudfront-signer';
import { createSigner, createSignerPool, createVerifier, getSignedUrl, wasmMemorySize } from 'cfsign';

const quick = process.argv.includes('--quick');
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : null;
const ROUNDS = quick ? 5 : 9;
const root = fileURLToPath(new URL('..', import.meta.url));

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' });
// Cold start: a fresh process imports cfsign, creates an RSA signer and signs once. Measured the
// way an application meets it: from the first line of an ES module file (build/bench-cold.mjs,
// inside the package so 'cfsign' resolves to it). For context, the same code run with
// `node --input-type=module -e`, where Node also sets up its ES module loader inside the
// measured import (about 5 ms here). Both interleaved; medians, with the three phases. Run
// first, while this process is idle (no compile or GC work of its own on the other vCPU).
// Also counted, outside the timed region: the page faults of the whole process (all threads) over it.
const coldBody = `const f0 = process.resourceUsage().minorPageFault;
const t0 = performance.now(); const { createSigner } = await import('cfsign'); const t1 = performance.now();
const s = createSigner({ keyPairId: 'K1', privateKey: process.env.BENCH_KEY }); const t2 = performance.now();
s.signUrl('https://h/a', { expires: '1h' }); const t3 = performance.now();
const f1 = process.resourceUsage().minorPageFault;
console.log(JSON.stringify([t3 - t0, t1 - t0, t2 - t1, t3 - t2, f1 - f0]));`;
mkdirSync(`${root}build`, { recursive: true });
const coldFile = `${root}build/bench-cold.mjs`;
writeFileSync(coldFile, coldBody);
const colds = [];
const coldsEval = [];
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);  // let this process's background work settle
for (let i = 0; i < (quick ? 3 : 11); i++) {
  for (const [args, out] of [[[coldFile], colds], [['--input-type=module', '-e', coldBody], coldsEval]]) {
    const r = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, BENCH_KEY: rsaPem }, encoding: 'utf8' });
    out.push(JSON.parse(r.stdout.trim()));
  }
}
const coldPart = (rows, j) => median(rows.map((r) => r[j]));
// What a first touch of fresh memory costs on this host (the kernel maps and zeroes a page): a
// cold start touches a few thousand pages (module bytes read and copied, Liftoff and TurboFan
// code and buffers, JS heap), so where faults are slow (virtual machines), start-up is too.
function pageFaultMicros() {
  const bytes = 32 * 1024 * 1024;
  const t = performance.now();
  const page = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) page[i] = 1;
  return ((performance.now() - t) * 1000) / (bytes / 4096);
}

const URL_ = 'https://d111111abcdef8.cloudfront.net/videos/intro.mp4';
const expires = Math.floor(Date.now() / 1000) + 3600;
const sdkParams = { url: URL_, keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsaPem, dateLessThan: new Date(expires * 1000) };
const policy = Buffer.from(`{"Statement":[{"Resource":"${URL_}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`);

const rsaSigner = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsaPem });
const rsaNodeSigner = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: rsaPem, engine: 'node' });
const ecSigner = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: ecPem });
const rsaKeyObject = createPrivateKey(rsaPem);
const ecKeyObject = createPrivateKey(ecPem);
const verifier = createVerifier({ keys: { K2JCJMDEHXQW5F: rsa.publicKey, KEC: ec.publicKey } });
const rsaUrl = rsaSigner.signUrl(URL_, { expires });
const ecUrl = ecSigner.signUrl(URL_, { expires }).replace('K2JCJMDEHXQW5F', 'KEC');
const rsaSig = nodeSign('RSA-SHA1', policy, rsaKeyObject);
const ecSig = nodeSign('SHA256', policy, { key: ecKeyObject, dsaEncoding: 'der' });
const rsaPub = createPublicKey(rsaPem);
const ecPub = createPublicKey(ecPem);

// Each case: a function run `iterations` times per round.
const cases = {
  'sdk getSignedUrl (RSA, PEM)': () => sdkGetSignedUrl(sdkParams),
  'cfsign signer.signUrl (RSA)': () => rsaSigner.signUrl(URL_, { expires }),
  "cfsign signer.signUrl (RSA, engine 'node')": () => rsaNodeSigner.signUrl(URL_, { expires }),
  'cfsign getSignedUrl (RSA, PEM, cached)': () => getSignedUrl(sdkParams),
  "cfsign getSignedUrl (RSA, PEM, cached, engine 'node')": () => getSignedUrl({ ...sdkParams, engine: 'node' }),
  'cfsign signer.signUrl (ECDSA P-256)': () => ecSigner.signUrl(URL_, { expires }),
  'node:crypto sign ECDSA (KeyObject)': () => nodeSign('SHA256', policy, { key: ecKeyObject, dsaEncoding: 'der' }),
  'node:crypto sign RSA (KeyObject)': () => nodeSign('RSA-SHA1', policy, rsaKeyObject),
  'node:crypto sign RSA (PEM string)': () => nodeSign('RSA-SHA1', policy, rsaPem),
  'cfsign verifyUrl (RSA)': () => verifier.verifyUrl(rsaUrl),
  'node:crypto verify RSA': () => nodeVerify('RSA-SHA1', policy, rsaPub, rsaSig),
  'cfsign verifyUrl (ECDSA)': () => verifier.verifyUrl(ecUrl),
  'node:crypto verify ECDSA': () => nodeVerify('SHA256', policy, { key: ecPub, dsaEncoding: 'der' }, ecSig),
};

function timeOnce(fn, minMs) {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  do { fn(); n++; t = performance.now(); } while (t - t0 < minMs);
  return ((t - t0) * 1000) / n; // µs per op
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round <= ROUNDS; round++) {
  for (const [name, fn] of Object.entries(cases)) {
    const us = timeOnce(fn, quick ? 60 : 150);
    if (round > 0) samples[name].push(us); // round 0 is the warm-up
  }
}
const ratio = (a, b) => median(samples[a].map((x, i) => x / samples[b][i]));

// Memory: the wasm heap under steady signing and create/dispose cycles.
// Full run: 100,000 signatures with one signer and 10,000 create/dispose cycles (plus 1,000 with
// an RSA key, whose kernel state is larger), after a first round that sizes the heap.
for (let i = 0; i < 1000; i++) ecSigner.signUrl(URL_, { expires });
for (let i = 0; i < 50; i++) createSigner({ keyPairId: 'K1', privateKey: rsaPem }).dispose();
const mem0 = wasmMemorySize();
for (let i = 0; i < (quick ? 5000 : 100000); i++) ecSigner.signUrl(URL_, { expires });
const mem1 = wasmMemorySize();
for (let i = 0; i < (quick ? 500 : 10000); i++) createSigner({ keyPairId: 'K1', privateKey: ecPem }).dispose();
for (let i = 0; i < (quick ? 50 : 1000); i++) createSigner({ keyPairId: 'K1', privateKey: rsaPem }).dispose();
const mem2 = wasmMemorySize();

// Pool throughput (RSA), 1 and 2 threads.
async function poolThroughput(threads) {
  const pool = await createSignerPool({ keyPairId: 'K1', privateKey: rsaPem, threads });
  const n = quick ? 100 : 400;
  // Warm-up: each worker compiles the module itself and needs some calls to reach V8's top tier.
  await Promise.all(Array.from({ length: 100 * threads }, () => pool.signUrl(URL_, { expires })));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => pool.signUrl(URL_, { expires })));
  const perSec = n / ((performance.now() - t0) / 1000);
  await pool.close();
  return perSec;
}
const pool1 = await poolThroughput(1);
const pool2 = await poolThroughput(2);

const wasm = readFileSync(new URL('../dist/core.wasm', import.meta.url));
const glue = readFileSync(new URL('../dist/core.mjs', import.meta.url));
const gz = (b) => gzipSync(b, { level: 9 }).length;

const targets = [
  ['RSA signer.signUrl ÷ SDK getSignedUrl (PEM)', ratio('cfsign signer.signUrl (RSA)', 'sdk getSignedUrl (RSA, PEM)'), '≤ 1.5 (stretch ≤ 1.0)', 1.5],
  ["RSA signer.signUrl, engine 'node' ÷ SDK getSignedUrl (PEM)", ratio("cfsign signer.signUrl (RSA, engine 'node')", 'sdk getSignedUrl (RSA, PEM)'), '≤ 1.5 (stretch ≤ 1.0)', 1.5],
  ['RSA getSignedUrl (cached) ÷ SDK getSignedUrl', ratio('cfsign getSignedUrl (RSA, PEM, cached)', 'sdk getSignedUrl (RSA, PEM)'), '≤ 1.5', 1.5],
  ["RSA getSignedUrl (cached), engine 'node' ÷ SDK getSignedUrl", ratio("cfsign getSignedUrl (RSA, PEM, cached, engine 'node')", 'sdk getSignedUrl (RSA, PEM)'), '≤ 1.5', 1.5],
  ['(context) RSA signer.signUrl ÷ node:crypto sign with a PEM string', ratio('cfsign signer.signUrl (RSA)', 'node:crypto sign RSA (PEM string)'), 'report', Infinity],
  ['ECDSA signUrl ÷ SDK RSA getSignedUrl', ratio('cfsign signer.signUrl (ECDSA P-256)', 'sdk getSignedUrl (RSA, PEM)'), '≤ 0.15', 0.15],
  ['ECDSA signUrl ÷ node:crypto ECDSA sign', ratio('cfsign signer.signUrl (ECDSA P-256)', 'node:crypto sign ECDSA (KeyObject)'), '≤ 4', 4],
  ['RSA verifyUrl ÷ node:crypto verify', ratio('cfsign verifyUrl (RSA)', 'node:crypto verify RSA'), '≤ 5', 5],
  ['ECDSA verifyUrl ÷ node:crypto verify', ratio('cfsign verifyUrl (ECDSA)', 'node:crypto verify ECDSA'), '≤ 10', 10],
];

console.log(`\ncfsign benchmark — ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, ${ROUNDS} rounds\n`);
console.log('| operation | median µs/op |\n| --- | ---: |');
for (const [name, xs] of Object.entries(samples)) console.log(`| ${name} | ${median(xs).toFixed(1)} |`);
console.log('\n| target | measured | goal | met |\n| --- | ---: | --- | --- |');
for (const [name, value, goal, limit] of targets) console.log(`| ${name} | ${value.toFixed(2)}× | ${goal} | ${limit === Infinity ? '–' : value <= limit ? 'yes' : 'NO'} |`);
const cold = coldPart(colds, 0);
const phases = (rows) => `import ${coldPart(rows, 1).toFixed(1)}, key ${coldPart(rows, 2).toFixed(1)}, first signature ${coldPart(rows, 3).toFixed(1)}`;
console.log(`| cold start: import + key + first RSA signature (module file) | ${cold.toFixed(1)} ms (${phases(colds)}) | ≤ 40 ms | ${cold <= 40 ? 'yes' : 'NO'} |`);
console.log(`| (context) the same with node -e | ${coldPart(coldsEval, 0).toFixed(1)} ms (${phases(coldsEval)}) | report | – |`);
const coldFaults = coldPart(colds, 4);
const faultMicros = median([pageFaultMicros(), pageFaultMicros(), pageFaultMicros()]);
console.log(`| (context) page faults over the cold start, all threads; cost of one here | ${coldFaults.toFixed(0)} × ${faultMicros.toFixed(1)} µs ≈ ${((coldFaults * faultMicros) / 1000).toFixed(0)} ms of CPU | report | – |`);
console.log(`| core.wasm gzip -9 | ${(gz(wasm) / 1024).toFixed(1)} KB (raw ${(wasm.length / 1024).toFixed(1)} KB; glue ${(gz(glue) / 1024).toFixed(1)} KB gz) | ≤ 200 KB | ${gz(wasm) <= 200 * 1024 ? 'yes' : 'NO'} |`);
console.log(`| wasm heap: steady signing / create-dispose cycles | ${mem0} → ${mem1} → ${mem2} bytes | no growth | ${mem1 === mem0 && mem2 === mem1 ? 'yes' : 'NO'} |`);
console.log(`| pool throughput (RSA) | 1 thread ${pool1.toFixed(0)}/s, 2 threads ${pool2.toFixed(0)}/s | report | – |`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ samples, targets, cold, coldEval: coldPart(coldsEval, 0), coldFaults, faultMicros, wasmGzip: gz(wasm), mem: [mem0, mem1, mem2], pool: [pool1, pool2] }, null, 2));
for (const s of [rsaSigner, rsaNodeSigner, ecSigner]) s.dispose();
verifier.dispose();
