// Type test for the public declarations (js/index.d.ts): compiled with `tsc --noEmit`, never
// run. It imports the package by name, so it checks what `exports` → `types` resolves to.
// Lines marked @ts-expect-error must fail to type-check.
import {
  init, ready, createSigner, getSignedUrl, getSignedCookies, parseSignedUrl, parseSignedCookies, createVerifier,
  formatSetCookieHeaders, generateKeyPair, CfsignError,
  type CfsignErrorCode, type InitOptions, type Signer, type SignedUrlDetails, type SignedCookies,
  type VerificationResult, type ParsedSigned, type HashAlgorithm,
} from 'cfsign';

async function main(pem: string, publicPem: string, wasm: WebAssembly.Module, bytes: ArrayBuffer): Promise<void> {
  const loading: Promise<void> = init({ wasmUrl: new URL('https://cdn.example/cfsign/core.wasm') });
  init({ wasmUrl: '/assets/core.wasm' });
  init({ wasmModule: wasm });
  init({ wasmModule: Promise.resolve(wasm) });
  init({ wasmBinary: bytes });
  init({ wasmBinary: new Uint8Array(bytes) });
  init();
  // @ts-expect-error wasmUrl must be a string or URL
  init({ wasmUrl: 42 });
  const options: InitOptions = { wasmBinary: bytes };
  void options;
  await loading;
  await ready;

  const signer: Signer = createSigner({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: pem, hashAlgorithm: 'SHA256' });
  const url: string = signer.signUrl('https://d111111abcdef8.cloudfront.net/a.jpg', { expires: '1h' });
  const details: SignedUrlDetails = signer.signUrlDetailed(url, { expires: new Date(), ipAddress: '192.0.2.0/24' });
  const kind: 'canned' | 'custom' = details.kind;
  const cookies: SignedCookies = signer.signCookies({ resource: 'https://d111111abcdef8.cloudfront.net/*', expires: 1767290400 });
  const headers: string[] = signer.setCookieHeaders({ resource: 'https://x.example/*', expires: '2h' }, { sameSite: 'Lax', path: '/' });
  const more: string[] = formatSetCookieHeaders(cookies, { domain: 'x.example' });
  const hash: HashAlgorithm = signer.hashAlgorithm;
  const type: 'rsa' | 'ec' = signer.keyType;
  // @ts-expect-error expires is required
  signer.signUrl(url, {});
  // @ts-expect-error hash algorithms are upper-case
  createSigner({ keyPairId: 'K1', privateKey: pem, hashAlgorithm: 'sha256' });
  const fast = createSigner({ keyPairId: 'K1', privateKey: pem, engine: 'node' });
  const engine: 'wasm' | 'node' = fast.engine;
  void engine;
  const implementation: 'rsa2048-simd128' | 'rsa2048-scalar' | 'p256' | 'mbedtls' | 'node:crypto' = fast.implementation;
  void implementation;
  // @ts-expect-error implementation is read-only
  fast.implementation = 'p256';
  // @ts-expect-error engines are 'wasm' and 'node'
  createSigner({ keyPairId: 'K1', privateKey: pem, engine: 'openssl' });
  signer.dispose();
  {
    using scoped = createSigner({ keyPairId: 'K1', privateKey: pem });
    void scoped.keyBits;
  }

  const sdkUrl: string = getSignedUrl({ url, keyPairId: 'K1', privateKey: pem, dateLessThan: '2030-01-01' });
  const sdkCookies = getSignedCookies({ url, keyPairId: 'K1', privateKey: pem, dateLessThan: '2030-01-01' });
  const expires: number | undefined = sdkCookies['CloudFront-Expires'];

  const parsed: ParsedSigned = parseSignedUrl(sdkUrl);
  const expiry: number | null = parsed.expires;
  const fromCookies: ParsedSigned = parseSignedCookies(cookies, { url });
  const verifier = createVerifier({ keys: { K2JCJMDEHXQW5F: publicPem } });
  const result: VerificationResult = verifier.verifyUrl(url, { now: 1767290000, clientIp: '192.0.2.1' });
  const valid: boolean = result.valid && verifier.verifyRequest({ url, cookies }).valid;
  verifier.dispose();

  const pair: { privateKey: string; publicKey: string } = generateKeyPair({ type: 'rsa' });
  try {
    createSigner({ keyPairId: 'K1', privateKey: pair.privateKey });
  } catch (error) {
    if (error instanceof CfsignError) {
      const code: CfsignErrorCode = error.code;
      // @ts-expect-error not a cfsign error code
      const wrong: CfsignErrorCode = 'NOPE';
      void code; void wrong;
    }
  }
  void [kind, headers, more, hash, type, expires, expiry, fromCookies, valid];
}
void main;
