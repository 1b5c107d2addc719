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
  | 'KEY_PAIR_ID_INVALID' | 'HASH_UNSUPPORTED' | 'SIGN_FAILED' | 'SIGNER_DISPOSED';

export class CfsignError extends Error {
  readonly name: 'CfsignError';
  readonly code: CfsignErrorCode;
  constructor(code: CfsignErrorCode, message: string);
}

/** Resolves when the WebAssembly module is ready (already resolved in Node, Deno and Bun). */
export const ready: Promise<void>;

export type HashAlgorithm = 'SHA1' | 'SHA256';

/** A private key: PEM text (PKCS#1, PKCS#8, SEC1), DER bytes, or a node:crypto KeyObject. */
export type PrivateKeyInput = string | Uint8Array | ArrayBuffer | { type: 'private'; export(options: object): Uint8Array };

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

export class Signer {
  private constructor();
  readonly keyPairId: string;
  readonly keyType: 'rsa' | 'ec';
  readonly keyBits: number;
  readonly hashAlgorithm: HashAlgorithm;
  readonly warnings: string[];
  readonly disposed: boolean;
  signUrl(url: string, options: SignUrlOptions): string;
  signUrlDetailed(url: string, options: SignUrlOptions): SignedUrlDetails;
  /** Wipes the key in WebAssembly memory; later calls throw SIGNER_DISPOSED. */
  dispose(): void;
  [Symbol.dispose](): void;
}

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
}

/** Drop-in for @aws-sdk/cloudfront-signer's getSignedUrl (same output where the SDK is right). */
export function getSignedUrl(params: GetSignedUrlParams): string;
