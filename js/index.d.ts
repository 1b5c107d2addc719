// Type declarations for cfsign (hand-written; Emscripten 3.1.6 has no --emit-tsd).

/** Stable error codes; see the README for when each is raised. */
export type CfsignErrorCode =
  | 'INVALID_ARGUMENT' | 'NOT_READY' | 'OUT_OF_MEMORY'
  | 'URL_INVALID' | 'URL_SCHEME' | 'URL_FRAGMENT' | 'URL_RESERVED_PARAM' | 'URL_CHARACTERS'
  | 'URL_RESOURCE_MISMATCH' | 'RESOURCE_INVALID'
  | 'IP_INVALID' | 'IP_V6_UNSUPPORTED'
  | 'DATE_MISSING' | 'DATE_INVALID' | 'DATE_RANGE' | 'DATE_EXPIRED' | 'DATE_MILLISECONDS'
  | 'POLICY_INVALID' | 'BASE64_INVALID'
  | 'KEY_INVALID' | 'KEY_UNSUPPORTED' | 'KEY_PASSPHRASE_REQUIRED' | 'KEY_PASSPHRASE_WRONG'
  | 'KEY_PAIR_ID_INVALID' | 'HASH_UNSUPPORTED' | 'SIGN_FAILED' | 'SIGNER_DISPOSED' | 'ENGINE_UNAVAILABLE'
  | 'COOKIE_ATTRIBUTE_INVALID' | 'VERIFIER_DISPOSED' | 'FILE_UNREADABLE' | 'FILE_UNWRITABLE';

export class CfsignError extends Error {
  readonly name: 'CfsignError';
  readonly code: CfsignErrorCode;
  constructor(code: CfsignErrorCode, message: string);
}

/** Resolves when the WebAssembly module is ready (already resolved in Node, Deno, Bun, workerd and edge; browser entry: rejects with NOT_READY if loading failed). */
export const ready: Promise<void>;

/** Where the browser entry gets its WebAssembly module from: give one of the three. */
export interface InitOptions {
  /** URL of core.wasm (fetched; a relative URL resolves against the page). */
  wasmUrl?: string | URL;
  /** An already compiled module, e.g. from WebAssembly.compileStreaming(fetch(url)). */
  wasmModule?: WebAssembly.Module | PromiseLike<WebAssembly.Module>;
  /** The bytes of core.wasm. */
  wasmBinary?: ArrayBuffer | ArrayBufferView | PromiseLike<ArrayBuffer | ArrayBufferView>;
}

/**
 * Browser entry: chooses where core.wasm comes from and starts loading it; returns `ready`.
 * Call it in the same synchronous code as the import (the default load, core.wasm next to the
 * glue, starts in a microtask after import); a later call with options throws INVALID_ARGUMENT.
 * Node, Deno, Bun, workerd and edge entries load the module at import time: there init()
 * does nothing and returns `ready`.
 */
export function init(options?: InitOptions): Promise<void>;

export type HashAlgorithm = 'SHA1' | 'SHA256';

/** A private key: PEM text (PKCS#1, PKCS#8, SEC1), DER bytes, or a node:crypto KeyObject. */
export type PrivateKeyInput = string | Uint8Array | ArrayBuffer | JsonWebKeyLike | { type: 'private'; export(options: object): Uint8Array };

/** A JSON Web Key (RSA or EC P-256). */
export interface JsonWebKeyLike {
  kty: string;
  [member: string]: unknown;
}

/**
 * A point in time: a Date, epoch **seconds**, an ISO-8601 string (UTC unless it has an
 * offset), or a duration from now such as '1h', '30m', '7d', '1h30m'. Milliseconds are refused.
 */
export type DateInput = Date | number | string;

export interface CreateSignerOptions {
  keyPairId: string;
  privateKey: PrivateKeyInput;
  passphrase?: string;
  /** Default: 'SHA1' for RSA keys, 'SHA256' for EC keys. */
  hashAlgorithm?: HashAlgorithm;
  /**
   * Who makes RSA signatures. 'wasm' (default, every runtime): the constant-time kernel in
   * WebAssembly; dispose() wipes the key at once. 'node' (Node.js, Deno, Bun): node:crypto
   * (OpenSSL) signs the policy the core plans, and the core checks each signature with the
   * public key; the KeyObject is freed (and cleared by OpenSSL) only when garbage-collected.
   * ECDSA keys always sign in wasm (deterministic RFC 6979).
   */
  engine?: 'wasm' | 'node';
}

export interface SignUrlOptions {
  /** DateLessThan: when the URL stops working. Required. */
  expires: DateInput;
  /** DateGreaterThan: when the URL starts working (custom policy). */
  notBefore?: DateInput;
  /** IPv4 address or CIDR range (custom policy); a bare address becomes /32. */
  ipAddress?: string;
  /** Resource for the policy, may contain '*' and '?'; the URL must match it (custom policy). */
  policyResource?: string;
  /** Override the signer's hash algorithm for this URL. */
  hashAlgorithm?: HashAlgorithm;
  /** Sign the URL string exactly as given (validated, never re-encoded). */
  exact?: boolean;
  /** Allow an expiry that is not in the future. */
  allowExpired?: boolean;
}

export interface SignedUrlDetails {
  url: string;
  /** The resource the signature covers. */
  resource: string;
  /** The exact policy JSON that was signed. */
  policy: string;
  kind: 'canned' | 'custom';
  warnings: string[];
}

export interface SignCookiesOptions {
  /** The URL or pattern (with '*' and '?') the cookies grant; a wildcard gives a custom policy. */
  resource: string;
  expires: DateInput;
  notBefore?: DateInput;
  ipAddress?: string;
  hashAlgorithm?: HashAlgorithm;
  allowExpired?: boolean;
}

/** Cookie name → value, e.g. { 'CloudFront-Expires': '1767290400', 'CloudFront-Signature': '…', 'CloudFront-Key-Pair-Id': 'K…' }. */
export type SignedCookies = Record<string, string>;

export interface SignedCookiesDetails {
  cookies: SignedCookies;
  resource: string;
  policy: string;
  kind: 'canned' | 'custom';
  warnings: string[];
}

export interface CookieAttributes {
  domain?: string;
  /** Default '/'. A trailing '*' is written as the prefix it means ('/images/*' → '/images/'). */
  path?: string;
  sameSite?: 'Strict' | 'Lax' | 'None' | 'strict' | 'lax' | 'none';
  /** Default true. */
  secure?: boolean;
  /** Default true. */
  httpOnly?: boolean;
  /** Seconds; default: a session cookie. */
  maxAge?: number;
  /** The cookie's own Expires attribute; default: a session cookie. */
  expires?: DateInput;
}

export class Signer {
  private constructor();
  readonly keyPairId: string;
  readonly keyType: 'rsa' | 'ec';
  readonly keyBits: number;
  readonly hashAlgorithm: HashAlgorithm;
  /** 'node' when node:crypto makes the RSA signatures (engine: 'node'), else 'wasm'. */
  readonly engine: 'wasm' | 'node';
  /**
   * Which code makes the signatures: 'rsa2048-simd128' (cfsign's RSA-2048 kernel), 'p256'
   * (cfsign's P-256 signer), 'mbedtls' (other key shapes, e.g. RSA-3072) or 'node:crypto'
   * (engine 'node'). 'rsa2048-scalar' only in native builds of the core.
   */
  readonly implementation: 'rsa2048-simd128' | 'rsa2048-scalar' | 'p256' | 'mbedtls' | 'node:crypto';
  readonly warnings: string[];
  readonly disposed: boolean;
  signUrl(url: string, options: SignUrlOptions): string;
  signUrlDetailed(url: string, options: SignUrlOptions): SignedUrlDetails;
  signCookies(options: SignCookiesOptions): SignedCookies;
  signCookiesDetailed(options: SignCookiesOptions): SignedCookiesDetails;
  /** Signs cookies and returns `Set-Cookie` header values. */
  setCookieHeaders(options: SignCookiesOptions, attributes?: CookieAttributes): string[];
  /** Wipes the key in WebAssembly memory; later calls throw SIGNER_DISPOSED. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/** `Set-Cookie` header values for a cookie map. */
export function formatSetCookieHeaders(cookies: SignedCookies, attributes?: CookieAttributes): string[];

export function createSigner(options: CreateSignerOptions): Signer;

/** Parameters of @aws-sdk/cloudfront-signer's getSignedUrl. */
export interface GetSignedUrlParams {
  url?: string;
  keyPairId: string;
  privateKey: string | Uint8Array;
  passphrase?: string;
  /** Anything the Date constructor accepts; numbers are milliseconds (as in the AWS SDK). */
  dateLessThan?: string | number | Date;
  dateGreaterThan?: string | number | Date;
  ipAddress?: string;
  /** A complete policy JSON string, signed exactly as given. */
  policy?: string;
  algorithm?: HashAlgorithm;
  /** cfsign extension: allow an expiry that is not in the future. */
  allowExpired?: boolean;
  /** cfsign extension: who makes RSA signatures (see CreateSignerOptions.engine); default 'wasm'. */
  engine?: 'wasm' | 'node';
}

/** Drop-in for @aws-sdk/cloudfront-signer's getSignedUrl (same output where the SDK is right). */
export function getSignedUrl(params: GetSignedUrlParams): string;

/** Result shape of @aws-sdk/cloudfront-signer's getSignedCookies (CloudFront-Expires is a number). */
export interface CloudfrontSignedCookiesOutput {
  'CloudFront-Key-Pair-Id': string;
  'CloudFront-Signature': string;
  'CloudFront-Expires'?: number;
  'CloudFront-Policy'?: string;
  'CloudFront-Hash-Algorithm'?: 'SHA256';
}

/** Drop-in for @aws-sdk/cloudfront-signer's getSignedCookies. */
export function getSignedCookies(params: GetSignedUrlParams): CloudfrontSignedCookiesOutput;

/** Size of cfsign's WebAssembly memory in bytes (diagnostics). */
export function wasmMemorySize(): number;

/** Disposes (and wipes) the keys the drop-in functions cached. */
export function clearKeyCache(): void;

/** Generates a CloudFront key pair: EC P-256 (default) or RSA-2048, as PEM. */
export function generateKeyPair(options?: { type?: 'ec' | 'rsa' }): { privateKey: string; publicKey: string };

/** Node only: non-blocking signing on worker threads. */
export interface SignerPool {
  readonly threads: number;
  signUrl(url: string, options: SignUrlOptions): Promise<string>;
  signUrlDetailed(url: string, options: SignUrlOptions): Promise<SignedUrlDetails>;
  signCookies(options: SignCookiesOptions): Promise<SignedCookies>;
  /** Waits for queued jobs, wipes the key in every worker and stops them. */
  close(): Promise<void>;
}

/** Node only (exported by the node entry). */
export function createSignerPool(options: CreateSignerOptions & { threads?: number }): Promise<SignerPool>;

// ---- decoding and verification ----

export interface ParsedPolicyStatement {
  Resource?: string;
  Condition: {
    DateLessThan: { 'AWS:EpochTime': number };
    DateGreaterThan?: { 'AWS:EpochTime': number };
    IpAddress?: { 'AWS:SourceIp': string };
  };
}

export interface Problem {
  /** e.g. MISSING_KEY_PAIR_ID, MALFORMED_POLICY, MALFORMED_SIGNATURE (see the README's reason codes) */
  code: string;
  message: string;
}

export interface ParsedSigned {
  /** 'url', 'cookies', or 'none' when nothing signed was found */
  source: 'url' | 'cookies' | 'none';
  /** The request URL without the signing parameters. */
  url: string;
  /** Canned: the resource CloudFront rebuilds; custom: the policy's Resource. */
  resource: string | null;
  kind: 'canned' | 'custom' | null;
  policy: { text: string | null; statement: ParsedPolicyStatement | null };
  expires: number | null;
  notBefore: number | null;
  ipAddress: string | null;
  keyPairId: string | null;
  signature: { bytes: Uint8Array | null; length: number; algorithm: 'rsa' | 'ecdsa' | 'unknown' | null };
  hashAlgorithm: string;
  problems: Problem[];
  warnings: string[];
}

export function parseSignedUrl(url: string): ParsedSigned;

/** Low-level: one RSA PKCS#1 v1.5 or ECDSA P-256 (DER) signature over `data`; true or false. */
export function verifySignature(options: {
  publicKey: PublicKeyInput;
  data: string | Uint8Array | ArrayBuffer;
  signature: Uint8Array | ArrayBuffer;
  hashAlgorithm?: HashAlgorithm;
}): boolean;
export function parseSignedCookies(cookies: string | Record<string, string> | Map<string, string>, options?: { url?: string }): ParsedSigned;

export type VerificationReason =
  | 'VALID' | 'NOT_SIGNED' | 'MISSING_KEY_PAIR_ID' | 'MISSING_SIGNATURE' | 'MISSING_POLICY'
  | 'MALFORMED_SIGNATURE' | 'MALFORMED_POLICY' | 'MALFORMED_EXPIRES' | 'UNSUPPORTED_HASH_ALGORITHM'
  | 'DUPLICATE_PARAMETER' | 'UNKNOWN_KEY' | 'KEY_NOT_ALLOWED' | 'SIGNATURE_MISMATCH' | 'RESOURCE_MISMATCH'
  | 'EXPIRED' | 'NOT_YET_VALID' | 'CLIENT_IP_REQUIRED' | 'CLIENT_IP_INVALID' | 'IP_MISMATCH';

export interface VerificationResult {
  valid: boolean;
  reason: VerificationReason;
  detail: string;
  parsed: ParsedSigned;
}

export interface VerifyOptions {
  /** Default: the current time. */
  now?: DateInput;
  clientIp?: string;
}

export type PublicKeyInput = string | Uint8Array | ArrayBuffer | JsonWebKeyLike | { type: 'public' | 'private'; export(options: object): Uint8Array };

export class Verifier {
  private constructor();
  readonly keyCount: number;
  verifyUrl(url: string, options?: VerifyOptions): VerificationResult;
  verifyRequest(request: { url: string; cookies?: string | Record<string, string> | Map<string, string> } & VerifyOptions): VerificationResult;
  dispose(): void;
  [Symbol.dispose](): void;
}

export function createVerifier(options: {
  /** Key ID → public key (PEM, DER, JWK, KeyObject, or a private key whose public half is used). */
  keys: Record<string, PublicKeyInput> | Map<string, PublicKeyInput> | Array<{ id: string; publicKey: PublicKeyInput }>;
  /** Default true: keys CloudFront key groups do not accept (RSA other than 2048 bits) give KEY_NOT_ALLOWED. */
  keyGroupRules?: boolean;
}): Verifier;
