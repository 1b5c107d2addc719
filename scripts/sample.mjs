// The README's main command (for now): signs a sample URL with a demo key pair created on
// first run (in .demo-keys/, git-ignored), prints it, and checks the signature with
// node:crypto over the canned policy CloudFront would rebuild from the printed URL.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createSigner } from 'cfsign';

const dir = fileURLToPath(new URL('../.demo-keys/', import.meta.url));
const keyFile = `${dir}demo-rsa-private.pem`;
if (!existsSync(keyFile)) {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(`${dir}demo-rsa-public.pem`, publicKey.export({ type: 'spki', format: 'pem' }));
  console.log(`Created a demo RSA-2048 key pair in ${dir}`);
}

const url = process.argv[2] ?? 'https://d111111abcdef8.cloudfront.net/private/sample image.jpg?size=large';
const keyPairId = 'K2JCJMDEHXQW5F';
const signer = createSigner({ keyPairId, privateKey: readFileSync(keyFile, 'utf8') });
const signed = signer.signUrlDetailed(url, { expires: '1h' });
const { keyType, keyBits, hashAlgorithm } = signer;
signer.dispose();

// Check it the way CloudFront does: strip the signing parameters, rebuild the canned policy.
const u = new URL(signed.url);
const expires = u.searchParams.get('Expires');
const signature = Buffer.from(u.searchParams.get('Signature').replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
const resource = signed.url.slice(0, signed.url.indexOf('Expires=') - 1);
const policy = `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`;
const ok = verify('RSA-SHA1', Buffer.from(policy), createPublicKey(readFileSync(keyFile, 'utf8')), signature);

console.log(`Input URL : ${url}`);
console.log(`Key ID    : ${keyPairId} (demo key, ${keyType.toUpperCase()}-${keyBits}, ${hashAlgorithm})`);
console.log(`Expires   : ${new Date(Number(expires) * 1000).toISOString()}`);
console.log(`Policy    : ${signed.policy}`);
console.log(`\nSigned URL:\n${signed.url}\n`);
console.log(`node:crypto verifies the signature over the policy CloudFront rebuilds: ${ok ? 'yes' : 'NO'}`);
process.exit(ok ? 0 : 1);
