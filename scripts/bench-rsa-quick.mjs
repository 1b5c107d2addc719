// Quick RSA-2048 signing benchmark in one Node process: cfsign's signUrl with a reused signer
// (the wasm RSA kernel, src/cfsign/rsa2048.cpp) against node:crypto's sign() with a KeyObject and
// with a PEM string, over the same policy. Interleaved rounds after a discarded warm-up round;
// prints the median µs/op of each (wall clock, and process CPU time, which holds up better on a
// shared, loaded machine) and the median of the per-round wall-clock ratios.
//   node scripts/bench-rsa-quick.mjs [rounds=9] [opsPerRound=200] [SHA1|SHA256]
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createSigner } from 'cfsign';

const rounds = Number(process.argv[2] ?? 9);
const ops = Number(process.argv[3] ?? 200);
const hash = process.argv[4] === 'SHA256' ? 'SHA256' : 'SHA1';
const nodeHash = hash === 'SHA256' ? 'sha256' : 'sha1';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
const keyObject = createPrivateKey(pem);
const signer = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem, hashAlgorithm: hash });
const url = 'https://d111111abcdef8.cloudfront.net/private/bench/image.jpg?size=large';
const expires = Math.floor(Date.now() / 1000) + 3600;
const policy = signer.signUrlDetailed(url, { expires }).policy;
const data = Buffer.from(policy);

const cases = {
  'cfsign signUrl (reused signer)': () => signer.signUrl(url, { expires }),
  'node:crypto sign, KeyObject': () => sign(nodeHash, data, keyObject),
  'node:crypto sign, PEM string': () => sign(nodeHash, data, pem),
};

function timeCase(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < ops; i++) fn();
  const wall = ((performance.now() - t0) * 1000) / ops;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / ops };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const names = Object.keys(cases);
const samples = Object.fromEntries(names.map((n) => [n, []]));
const cpu = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r <= rounds; r++) {
  const order = r % 2 ? [...names].reverse() : names;
  const times = {};
  for (const n of order) times[n] = timeCase(cases[n]);
  if (r > 0) {
    // round 0: warm-up, discarded
    for (const n of names) {
      samples[n].push(times[n].wall);
      cpu[n].push(times[n].cpu);
    }
  }
}

const ko = names[1];
const pemName = names[2];
console.log(`RSA-2048 ${hash}, ${rounds} rounds x ${ops} ops (Node ${process.version})`);
for (const n of names) {
  const ratioKo = median(samples[n].map((v, i) => v / samples[ko][i]));
  const ratioPem = median(samples[n].map((v, i) => v / samples[pemName][i]));
  console.log(
    `${n.padEnd(31)} wall ${median(samples[n]).toFixed(0).padStart(6)} µs/op  cpu ${median(cpu[n]).toFixed(0).padStart(6)} µs/op` +
      `   x KeyObject ${ratioKo.toFixed(2)}   x PEM ${ratioPem.toFixed(2)}`,
  );
}
signer.dispose();
