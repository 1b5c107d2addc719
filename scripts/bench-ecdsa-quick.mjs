// Quick ECDSA P-256 measurement: median µs per signUrl with a reused EC signer (cfsign,
// WebAssembly) vs node:crypto sign with a KeyObject (and with a PEM string, for context).
// Interleaved rounds after a discarded warm-up; prints medians and the median of per-round
// ratios. Usage: node scripts/bench-ecdsa-quick.mjs [rounds=9] [opsPerRound=2000]
import crypto from 'node:crypto';
import { createSigner, ready } from 'cfsign';

const rounds = Number(process.argv[2] ?? 9);
const ops = Number(process.argv[3] ?? 2000);

await ready;
const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = privateKey.export({ type: 'sec1', format: 'pem' });
const signer = createSigner({ keyPairId: 'KBENCHEC', privateKey: pem });
const url = 'https://d111111abcdef8.cloudfront.net/videos/bench.mp4';
const expires = 1893456000;
const policy = Buffer.from(signer.signUrlDetailed(url, { expires }).policy);

const cases = {
  'cfsign signUrl (EC signer, SHA-256)': () => signer.signUrl(url, { expires }),
  'node crypto.sign, KeyObject': () => crypto.sign('SHA256', policy, { key: privateKey, dsaEncoding: 'der' }),
  'node crypto.sign, PEM string': () => crypto.sign('SHA256', policy, { key: pem, dsaEncoding: 'der' }),
};
const names = Object.keys(cases);
const times = Object.fromEntries(names.map((n) => [n, []]));

function run(fn, count) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1000 / count; // µs per op
}

for (const n of names) run(cases[n], Math.max(100, ops / 4)); // warm-up, discarded
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? names : [...names].reverse();
  for (const n of order) times[n].push(run(cases[n], n.includes('PEM') ? Math.max(50, ops / 10) : ops));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const base = times['node crypto.sign, KeyObject'];
console.log(`ECDSA P-256 sign, ${rounds} interleaved rounds (node ${process.version})`);
for (const n of names) {
  const ratio = median(times[n].map((t, i) => t / base[i]));
  console.log(`${n.padEnd(40)} ${median(times[n]).toFixed(1).padStart(8)} µs/op   × KeyObject ${ratio.toFixed(2)}`);
}
signer.dispose();
