#!/usr/bin/env node
// The cfsign command line. Uses the public API only.
import { readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import {
  CfsignError,
  createSigner,
  createVerifier,
  formatSetCookieHeaders,
  generateKeyPair,
  parseSignedCookies,
  parseSignedUrl,
} from '../index.node.mjs';
import { loadKeyGroup, readPublicKeyFile } from './keys.mjs';
import { startGate } from './serve.mjs';

const EXIT = { ok: 0, invalid: 1, usage: 2, input: 3, internal: 4 };

class UsageError extends Error {}

const COMMON_KEY_OPTIONS = `
Key options (a private key is never read from the command line itself):
  --key-pair-id ID           CloudFront public key ID (K...) or legacy key pair ID (APKA...)
  --private-key FILE         PEM, DER or JWK file; "file://FILE" also works; "-" reads standard input
  --private-key-env NAME     read the key from the environment variable NAME
  --passphrase-env NAME      passphrase of an encrypted key, from the environment variable NAME
  --passphrase-file FILE     passphrase of an encrypted key, from FILE (first line)
  --hash-algorithm ALG       SHA1 or SHA256 (default: SHA1 for RSA keys, SHA256 for EC keys)
`;

const DATES = `
Dates: ISO 8601 (2030-01-01, 2030-01-01T12:00:00Z; UTC unless an offset is given), epoch
seconds (1893456000), or relative to now: +1h, 30m, 7d, 1h30m. Milliseconds are refused.
`;

const HELP = {
  main: `cfsign — Amazon CloudFront signed URLs and signed cookies

Usage: cfsign <command> [options]

Commands:
  sign           sign a URL
  sign-cookies   sign cookies for a resource (a URL or a pattern with * and ?)
  keygen         generate a key pair (EC P-256 or RSA-2048)
  inspect        decode a signed URL or signed cookies (policy, dates, key ID, problems)
  verify         verify a signed URL or signed cookies with public keys, as CloudFront does
  serve          run a local gate serving a directory behind signed URLs or cookies

Run "cfsign <command> --help" for the options of a command.

Exit codes: 0 success, 1 not valid (verify), 2 bad usage (unknown or missing options), 3 bad
input (the error code is printed on standard error, e.g. URL_FRAGMENT), 4 internal error.
`,
  sign: `Usage: cfsign sign --url URL --key-pair-id ID --private-key FILE --date-less-than DATE [options]

Prints the signed URL.

Options:
  --url URL                  the URL to sign (http or https, no fragment)
  --policy-resource PATTERN  sign a custom policy for PATTERN (with * and ?); the URL must match it
  --date-less-than DATE      expiry (required)
  --date-greater-than DATE   start time (custom policy)
  --ip-address IP            IPv4 address or CIDR range (custom policy)
  --exact                    sign the URL string exactly as given (no re-encoding)
  --allow-expired            allow an expiry that is not in the future
  --json                     print a JSON object (url, resource, policy, kind, warnings)
${COMMON_KEY_OPTIONS}${DATES}`,
  'sign-cookies': `Usage: cfsign sign-cookies --resource URL_OR_PATTERN --key-pair-id ID --private-key FILE --date-less-than DATE [options]

Prints the cookies as Name=Value lines (default), as JSON (--json), or as Set-Cookie headers
(--set-cookie). A resource with * or ? always uses a custom policy.

Options:
  --resource PATTERN         the URL or pattern the cookies grant (required)
  --date-less-than DATE      expiry (required)
  --date-greater-than DATE   start time (custom policy)
  --ip-address IP            IPv4 address or CIDR range (custom policy)
  --allow-expired            allow an expiry that is not in the future
  --json                     print a JSON object of cookie name → value
  --set-cookie               print Set-Cookie header values (Secure; HttpOnly; session cookies)
  --domain DOMAIN            Domain attribute (with --set-cookie)
  --path PATH                Path attribute (default /; a trailing * is written as the prefix)
  --same-site VALUE          Strict, Lax or None (with --set-cookie)
${COMMON_KEY_OPTIONS}${DATES}`,
  keygen: `Usage: cfsign keygen --private-key-out FILE [--type ec|rsa] [--public-key-out FILE]

Generates a key pair: EC P-256 (default; shorter URLs, faster signing) or RSA-2048. The
private key is written to FILE with mode 0600 and never printed; the public key (PEM,
SubjectPublicKeyInfo, as CloudFront takes it) is written to --public-key-out or printed.

Options:
  --type ec|rsa              key type (default ec)
  --private-key-out FILE     where to write the private key (required; refuses to overwrite)
  --public-key-out FILE      where to write the public key (default: standard output)
`,
  inspect: `Usage: cfsign inspect <signed-url> [--json] [--now DATE]
       cfsign inspect --cookie 'COOKIE HEADER' [--cookie ...] [<request-url>] [--json]

Decodes a signed URL, or signed cookies, without checking the signature: source, policy kind,
resource, the policy JSON, expiry and start (ISO, epoch and relative to now), IP condition,
key ID (legacy APKA... IDs are flagged), hash and signature algorithm, problems and warnings.
Nothing is verified: use "cfsign verify" with the public key for that.

Options:
  --cookie HEADER            a Cookie header ("CloudFront-Policy=...; CloudFront-Signature=...")
                             or one cookie or Set-Cookie line; repeat for several
  --json                     print the decoded object (signature bytes as base64)
  --now DATE                 the time relative times are shown against (default: now)

Exit codes: 0 decoded without problems, 3 problems (printed, and on standard error), 2 usage.
${DATES}`,
  verify: `Usage: cfsign verify <url> --key-pair-id ID --public-key FILE [options]
       cfsign verify <url> --keys keys.json [options]

Verifies a signed URL (or, with --cookie, signed cookies sent with a request for <url>) the
way CloudFront does: signing parameters in the URL win over cookies; the key ID must be
trusted; the signature must verify over the policy; then the resource, DateLessThan,
DateGreaterThan and IP condition are checked. Prints "VALID: ..." or "REASON: detail".

Options:
  --key-pair-id ID           the ID of the key given with --public-key
  --public-key FILE          the public key (PEM, DER or JWK; a private key works too)
  --keys FILE                a key group: a JSON object mapping key IDs to PEM text, to a key
                             file name (relative to the JSON file) or to a public JWK:
                             { "K2JCJMDEHXQW5F": "keys/cf-public.pem" }
  --cookie HEADER            a Cookie header, or one cookie per --cookie (repeatable)
  --client-ip IP             the viewer's IP address (needed when the policy has an IP condition)
  --now DATE                 check as of this time (default: now); --now=-1h: an hour ago
  --json                     print { valid, reason, detail, parsed }

Exit codes: 0 valid, 1 not valid, 2 usage, 3 bad input (unreadable key, bad date, ...).
${DATES}`,
  serve: `Usage: cfsign serve --root DIR --keys keys.json [--protect PATTERN ...] [--port N] [--host HOST]

A local signed-content gate for development: serves the files under DIR and, for protected
paths, answers 403 (CloudFront's XML error body, reason in the x-cfsign-reason header) unless
the request carries a signed URL or signed cookies that verify with a key of the group.
Paths with '..' (also percent-encoded) are refused; dot files are never served.

Options:
  --root DIR                 the directory to serve (required)
  --keys FILE                the key group (see "cfsign verify --help") (required)
  --protect PATTERN          path pattern that needs a signature, with * and ? (repeatable;
                             default: everything), e.g. '/private/*'
  --public-url ORIGIN        the origin the signatures were made for, such as
                             https://d111111abcdef8.cloudfront.net (default: http://<Host header>)
  --port N                   port (default 8787; 0 picks a free port)
  --host HOST                address to bind (default 127.0.0.1: not reachable from other machines)

One line per request goes to standard error (method, path without the query, status, reason).
SIGINT or SIGTERM stops the server (exit 0).
`,
};


const KEY_OPTIONS = {
  'key-pair-id': { type: 'string' },
  'private-key': { type: 'string' },
  'private-key-env': { type: 'string' },
  'passphrase-env': { type: 'string' },
  'passphrase-file': { type: 'string' },
  passphrase: { type: 'string' },
  'hash-algorithm': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

// A key or passphrase pasted where a file name or variable name is expected must never be
// echoed back into a terminal or a CI log: such values are described, not shown.
const NOT_SHOWN = '(not shown: it looks like key material, not a name)';
function looksSecret(text) {
  return /-----BEGIN|PRIVATE KEY|[\r\n]/.test(text) || text.length > 512;
}
function showPath(path) {
  return looksSecret(path) ? NOT_SHOWN : JSON.stringify(path);
}
function showEnvName(name) {
  return /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name) ? name : NOT_SHOWN;
}

function parse(command, args, options) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = error.message.replace(/^TypeError \[[A-Z_]+\]: /, '').replace(/'[^']*'/g, (quoted) => (looksSecret(quoted) ? `'${NOT_SHOWN}'` : quoted));
    throw new UsageError(`${message}\nRun "cfsign ${command} --help".`);
  }
}

function required(values, name, command) {
  if (values[name] === undefined || values[name] === '') throw new UsageError(`--${name} is required. Run "cfsign ${command} --help".`);
  return values[name];
}

function readInputFile(path, what, option) {
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (error) {
    // The passphrase file's name is not echoed: it may be the passphrase itself, given by mistake.
    const from = path === '-' ? 'standard input' : option === '--passphrase-file' ? `the file given with ${option}` : showPath(path);
    throw new CfsignError('FILE_UNREADABLE', `cannot read ${what} from ${from}: ${error.code ?? error.message}`);
  }
}

function loadKey(values, command) {
  if (values.passphrase !== undefined) {
    throw new UsageError('--passphrase is not accepted: a passphrase on the command line leaks into shell history and process lists. Use --passphrase-env NAME or --passphrase-file FILE.');
  }
  const sources = ['private-key', 'private-key-env'].filter((k) => values[k] !== undefined);
  if (sources.length !== 1) throw new UsageError(`give exactly one of --private-key or --private-key-env. Run "cfsign ${command} --help".`);
  let key;
  if (values['private-key'] !== undefined) {
    const path = values['private-key'].replace(/^fileb?:\/\//, '');
    const bytes = readInputFile(path, 'the private key');
    const text = bytes.toString('latin1');
    key = text.includes('-----BEGIN') || text.trimStart().startsWith('{') ? bytes.toString('utf8') : new Uint8Array(bytes);
  } else {
    const name = values['private-key-env'];
    key = process.env[name];
    if (!key) throw new CfsignError('KEY_INVALID', `the environment variable ${showEnvName(name)} is empty or not set`);
  }
  let passphrase;
  if (values['passphrase-env'] !== undefined) {
    passphrase = process.env[values['passphrase-env']];
    if (passphrase === undefined) throw new CfsignError('KEY_PASSPHRASE_REQUIRED', `the environment variable ${showEnvName(values['passphrase-env'])} is not set`);
  } else if (values['passphrase-file'] !== undefined) {
    passphrase = readInputFile(values['passphrase-file'], 'the passphrase', '--passphrase-file').toString('utf8').split(/\r?\n/)[0];
  }
  return createSigner({
    keyPairId: required(values, 'key-pair-id', command),
    privateKey: key,
    passphrase,
    hashAlgorithm: values['hash-algorithm'],
  });
}

function printWarnings(warnings) {
  for (const w of warnings) process.stderr.write(`cfsign: warning: ${w}\n`);
}

function sign(args) {
  const values = parse('sign', args, {
    ...KEY_OPTIONS,
    url: { type: 'string' },
    'policy-resource': { type: 'string' },
    'date-less-than': { type: 'string' },
    'date-greater-than': { type: 'string' },
    'ip-address': { type: 'string' },
    exact: { type: 'boolean' },
    'allow-expired': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) return process.stdout.write(HELP.sign);
  const url = required(values, 'url', 'sign');
  const expires = required(values, 'date-less-than', 'sign');
  const signer = loadKey(values, 'sign');
  try {
    const result = signer.signUrlDetailed(url, {
      expires,
      notBefore: values['date-greater-than'],
      ipAddress: values['ip-address'],
      policyResource: values['policy-resource'],
      exact: values.exact,
      allowExpired: values['allow-expired'],
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...result, keyPairId: signer.keyPairId, hashAlgorithm: signer.hashAlgorithm, warnings: [...signer.warnings, ...result.warnings] }, null, 2)}\n`);
    } else {
      printWarnings([...signer.warnings, ...result.warnings]);
      process.stdout.write(`${result.url}\n`);
    }
  } finally {
    signer.dispose();
  }
}

function signCookies(args) {
  const values = parse('sign-cookies', args, {
    ...KEY_OPTIONS,
    resource: { type: 'string' },
    'date-less-than': { type: 'string' },
    'date-greater-than': { type: 'string' },
    'ip-address': { type: 'string' },
    'allow-expired': { type: 'boolean' },
    json: { type: 'boolean' },
    'set-cookie': { type: 'boolean' },
    domain: { type: 'string' },
    path: { type: 'string' },
    'same-site': { type: 'string' },
  });
  if (values.help) return process.stdout.write(HELP['sign-cookies']);
  const resource = required(values, 'resource', 'sign-cookies');
  const expires = required(values, 'date-less-than', 'sign-cookies');
  if (values.json && values['set-cookie']) throw new UsageError('--json and --set-cookie cannot be combined');
  const signer = loadKey(values, 'sign-cookies');
  try {
    const result = signer.signCookiesDetailed({
      resource,
      expires,
      notBefore: values['date-greater-than'],
      ipAddress: values['ip-address'],
      allowExpired: values['allow-expired'],
    });
    printWarnings([...signer.warnings, ...result.warnings]);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result.cookies, null, 2)}\n`);
    } else if (values['set-cookie']) {
      const headers = formatSetCookieHeaders(result.cookies, { domain: values.domain, path: values.path, sameSite: values['same-site'] });
      process.stdout.write(headers.map((h) => `Set-Cookie: ${h}\n`).join(''));
    } else {
      process.stdout.write(Object.entries(result.cookies).map(([k, v]) => `${k}=${v}\n`).join(''));
    }
  } finally {
    signer.dispose();
  }
}

function keygen(args) {
  const values = parse('keygen', args, {
    type: { type: 'string' },
    'private-key-out': { type: 'string' },
    'public-key-out': { type: 'string' },
  });
  if (values.help) return process.stdout.write(HELP.keygen);
  const out = required(values, 'private-key-out', 'keygen');
  const type = values.type ?? 'ec';
  if (type !== 'ec' && type !== 'rsa') throw new UsageError('--type must be ec or rsa');
  const pair = generateKeyPair({ type });
  try {
    writeFileSync(out, pair.privateKey, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new CfsignError('FILE_UNWRITABLE', `cannot write the private key to ${JSON.stringify(out)}: ${error.code === 'EEXIST' ? 'the file exists (refusing to overwrite)' : error.code ?? error.message}`);
  }
  if (values['public-key-out']) {
    try {
      writeFileSync(values['public-key-out'], pair.publicKey);
    } catch (error) {
      throw new CfsignError('FILE_UNWRITABLE', `cannot write the public key to ${JSON.stringify(values['public-key-out'])}: ${error.code ?? error.message}`);
    }
    process.stderr.write(`cfsign: wrote ${type === 'ec' ? 'EC P-256' : 'RSA-2048'} private key to ${out} and public key to ${values['public-key-out']}\n`);
  } else {
    process.stderr.write(`cfsign: wrote ${type === 'ec' ? 'EC P-256' : 'RSA-2048'} private key to ${out}; public key follows\n`);
    process.stdout.write(pair.publicKey);
  }
}

// ---- inspect, verify, serve -------------------------------------------------------------

/** Like parse(), with up to `max` positional arguments. */
function parseWithPositionals(command, args, options, max) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error.message.replace(/^TypeError \[[A-Z_]+\]: /, '').replace(/'[^']*'/g, (quoted) => (looksSecret(quoted) ? `'${NOT_SHOWN}'` : quoted));
    throw new UsageError(`${message}\nRun "cfsign ${command} --help".`);
  }
  if (parsed.positionals.length > max) {
    throw new UsageError(`too many arguments (${parsed.positionals.length}; at most ${max} URL). Quote URLs that contain '&'. Run "cfsign ${command} --help".`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

// Untrusted text (URLs, policy bytes, messages quoting them) is printed with control
// characters escaped, so a crafted URL cannot drive the terminal.
function clean(text) {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function durationSeconds(text) {
  const m = DURATION.exec(text);
  if (!m || text === '') return null;
  const units = [604800, 86400, 3600, 60, 1];
  return units.reduce((sum, unit, i) => sum + Number(m[i + 1] ?? 0) * unit, 0);
}

/** --now: ISO 8601, epoch seconds, or relative to the current time (+1h, 30m, -2h). */
function resolveNow(value) {
  const current = Math.floor(Date.now() / 1000);
  if (value === undefined) return current;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1e11) throw new CfsignError('DATE_MILLISECONDS', `--now ${text} looks like milliseconds: give epoch seconds`);
    if (n <= 0) throw new CfsignError('DATE_INVALID', '--now must be a positive number of epoch seconds');
    return n;
  }
  const sign = text.startsWith('-') ? -1 : 1;
  const seconds = durationSeconds(text.replace(/^[+-]/, ''));
  if (seconds !== null && seconds > 0) return current + sign * seconds;
  const iso = ISO_8601.exec(text);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = iso;
    const offset = zone === undefined || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${offset}`);
    const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (!Number.isNaN(ms) && check.getUTCDate() === Number(d) && check.getUTCMonth() === Number(mo) - 1 && Number(h) <= 23 && Number(mi) <= 59 && Number(sec) <= 59) {
      return Math.floor(ms / 1000);
    }
  }
  throw new CfsignError('DATE_INVALID', `--now ${JSON.stringify(clean(value))} is not a date: use ISO 8601 (2030-01-01T00:00:00Z), epoch seconds, or a duration from now (+1h, -30m)`);
}

function isoSeconds(epoch) {
  const date = new Date(epoch * 1000);
  return Number.isNaN(date.getTime()) ? `epoch ${epoch}` : date.toISOString().replace('.000Z', 'Z');
}

/** "59 min", "3 h", "12 d", "4 y". */
function span(seconds) {
  const a = Math.abs(seconds);
  if (a < 60) return `${a} s`;
  if (a < 3600) return `${Math.floor(a / 60)} min`;
  if (a < 2 * 86400) return `${Math.floor(a / 3600)} h`;
  if (a < 2 * 365 * 86400) return `${Math.floor(a / 86400)} d`;
  return `${Math.floor(a / (365.25 * 86400))} y`;
}

function describeExpiry(expires, now) {
  if (expires === null || expires === undefined) return '—';
  const when = expires > now ? `in ${span(expires - now)}` : `expired ${span(now - expires)} ago`;
  return `${isoSeconds(expires)} (${expires}, ${when})`;
}

function describeStart(notBefore, now) {
  if (notBefore === null || notBefore === undefined) return '—';
  const when = notBefore >= now ? `starts in ${span(notBefore - now)}` : `started ${span(now - notBefore)} ago`;
  return `${isoSeconds(notBefore)} (${notBefore}, ${when})`;
}

function bytesToBase64(bytes) {
  return bytes ? Buffer.from(bytes).toString('base64') : null;
}

/** The parsed object with the signature bytes as base64, for --json. */
function parsedForJson(parsed) {
  return { ...parsed, signature: { ...parsed.signature, bytes: bytesToBase64(parsed.signature.bytes) } };
}

function cookieHeader(values) {
  return values.map((c) => c.trim()).filter((c) => c !== '').join('\n');
}

function formatPolicy(text) {
  if (text === null || text === undefined) return ['  —'];
  let pretty;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    pretty = `${clean(text)}   (not valid JSON; raw bytes shown)`;
  }
  return pretty.split('\n').map((line) => `  ${clean(line)}`);
}

function describeSignature(sig) {
  if (!sig || sig.length === 0) return '—';
  const family = sig.algorithm === 'rsa' ? `RSA (RSA-${sig.length * 8})` : sig.algorithm === 'ecdsa' ? 'ECDSA P-256 (DER)' : 'unknown form';
  return `${family}, ${sig.length} bytes`;
}

function inspectReport(parsed, { now, hashGiven, requestUrl }) {
  const lines = [];
  const row = (label, value) => lines.push(`${`${label}:`.padEnd(17)}${value}`);
  const sourceText = parsed.source === 'url' ? 'signed URL' : parsed.source === 'cookies' ? 'signed cookies' : 'none (nothing signed found)';
  row('Source', sourceText);
  row('Kind', parsed.kind ? `${parsed.kind} policy` : '—');
  if (parsed.url) row('Request URL', clean(parsed.url));
  let resource;
  if (parsed.resource === null || parsed.resource === undefined) resource = parsed.kind === 'custom' && parsed.policy?.statement ? '(none: the policy grants every file)' : '—';
  else if (parsed.resource === '' && !requestUrl) resource = '(unknown: give the request URL to rebuild the canned policy)';
  else resource = clean(parsed.resource);
  row('Resource', resource);
  lines.push('Policy:');
  lines.push(...formatPolicy(parsed.policy?.text));
  row('Expires', describeExpiry(parsed.expires, now));
  if (parsed.kind !== 'canned') {
    row('Not before', describeStart(parsed.notBefore, now));
    row('IP address', parsed.ipAddress ? clean(parsed.ipAddress) : '— (any)');
  }
  const id = parsed.keyPairId;
  row('Key ID', id === null || id === undefined ? '—' : `${clean(id)}${id.startsWith('APKA') ? ' (legacy CloudFront key pair of the root account; prefer a trusted key group)' : ''}`);
  row('Hash algorithm', `${clean(parsed.hashAlgorithm)}${hashGiven ? '' : ' (default: no Hash-Algorithm given)'}`);
  row('Signature', describeSignature(parsed.signature));
  if (parsed.problems.length === 0) {
    row('Problems', 'none');
  } else {
    lines.push('Problems:');
    for (const p of parsed.problems) lines.push(`  ${p.code}: ${clean(p.message)}`);
  }
  if (parsed.warnings.length > 0) {
    lines.push('Warnings:');
    for (const w of parsed.warnings) lines.push(`  ${clean(w)}`);
  }
  return `${lines.join('\n')}\n`;
}

function inspect(args) {
  const { values, positionals } = parseWithPositionals('inspect', args, {
    cookie: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    now: { type: 'string' },
  }, 1);
  if (values.help) return process.stdout.write(HELP.inspect);
  const [url] = positionals;
  const cookies = values.cookie ?? [];
  if (url === undefined && cookies.length === 0) throw new UsageError('give a signed URL, or --cookie with the cookies. Run "cfsign inspect --help".');
  const now = resolveNow(values.now);
  let parsed;
  let hashGiven;
  if (cookies.length > 0) {
    const header = cookieHeader(cookies);
    parsed = parseSignedCookies(header, { url: url ?? '' });
    hashGiven = /(^|[\s;:])CloudFront-Hash-Algorithm=/.test(header);
    if (url !== undefined && parseSignedUrl(url).source === 'url') {
      parsed.warnings.push('the URL carries signing parameters: CloudFront uses those and ignores the cookies');
    }
  } else {
    parsed = parseSignedUrl(url);
    hashGiven = /[?&]Hash-Algorithm=/.test(url);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(parsedForJson(parsed), null, 2)}\n`);
  } else {
    process.stdout.write(inspectReport(parsed, { now, hashGiven, requestUrl: url }));
  }
  if (parsed.problems.length > 0) {
    for (const p of parsed.problems) process.stderr.write(`cfsign: error [${p.code}]: ${clean(p.message)}\n`);
    return EXIT.input;
  }
  return EXIT.ok;
}

/** The key group of --keys, or the single key of --key-pair-id and --public-key. */
function loadVerifierKeys(values, command) {
  if (values.keys !== undefined) {
    if (values['public-key'] !== undefined || values['key-pair-id'] !== undefined) {
      throw new UsageError(`give either --keys or --key-pair-id with --public-key, not both. Run "cfsign ${command} --help".`);
    }
    return loadKeyGroup(values.keys);
  }
  if (values['public-key'] === undefined) throw new UsageError(`give --key-pair-id and --public-key, or --keys. Run "cfsign ${command} --help".`);
  const id = required(values, 'key-pair-id', command);
  if (!/^[A-Za-z0-9]+$/.test(id)) throw new CfsignError('KEY_PAIR_ID_INVALID', '--key-pair-id must be ASCII letters and digits (K... or APKA...)');
  return { [id]: readPublicKeyFile(values['public-key']) };
}

function verify(args) {
  const { values, positionals } = parseWithPositionals('verify', args, {
    'key-pair-id': { type: 'string' },
    'public-key': { type: 'string' },
    keys: { type: 'string' },
    cookie: { type: 'string', multiple: true },
    'client-ip': { type: 'string' },
    now: { type: 'string' },
    json: { type: 'boolean' },
  }, 1);
  if (values.help) return process.stdout.write(HELP.verify);
  const [url] = positionals;
  if (url === undefined) throw new UsageError('give the URL to verify (with --cookie: the URL the request was for). Run "cfsign verify --help".');
  const keys = loadVerifierKeys(values, 'verify');
  // An IPv4 address as a dual-stack socket reports it (::ffff:192.0.2.7) is checked as IPv4.
  const clientIp = values['client-ip']?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (clientIp !== undefined && isIP(clientIp) === 0) {
    throw new CfsignError('IP_INVALID', `--client-ip ${JSON.stringify(clean(clientIp))} is not an IP address`);
  }
  const now = resolveNow(values.now);
  const verifier = createVerifier({ keys });
  try {
    const cookies = values.cookie ? cookieHeader(values.cookie) : undefined;
    const result = verifier.verifyRequest({ url, cookies, clientIp, now });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...result, parsed: parsedForJson(result.parsed) }, null, 2)}\n`);
    } else {
      for (const w of result.parsed.warnings) process.stderr.write(`cfsign: warning: ${clean(w)}\n`);
      process.stdout.write(`${result.reason}: ${clean(result.detail)}\n`);
    }
    return result.valid ? EXIT.ok : EXIT.invalid;
  } finally {
    verifier.dispose();
  }
}

async function serve(args) {
  const values = parse('serve', args, {
    root: { type: 'string' },
    keys: { type: 'string' },
    protect: { type: 'string', multiple: true },
    'public-url': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (values.help) return process.stdout.write(HELP.serve);
  const root = required(values, 'root', 'serve');
  const keysFile = required(values, 'keys', 'serve');
  let port = 8787;
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) throw new UsageError('--port must be a number from 0 to 65535 (0 picks a free port)');
    port = Number(values.port);
  }
  const host = values.host ?? '127.0.0.1';
  if (host === '') throw new UsageError('--host must not be empty');
  const keys = loadKeyGroup(keysFile);
  const gate = await startGate({ root, keys, protect: values.protect, port, host, publicUrl: values['public-url'] });
  const protectedText = (values.protect ?? ['/*']).join(', ');
  process.stdout.write(`cfsign serve: listening on ${gate.url} (root ${JSON.stringify(root)}, protected: ${protectedText}${values['public-url'] ? `, signatures for ${values['public-url']}` : ''})\n`);
  if (values.host !== undefined && !/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    process.stderr.write(`cfsign: warning: bound to ${host}: other machines may reach this server\n`);
  }
  const stop = (signal) => {
    process.stderr.write(`cfsign serve: ${signal}, stopping\n`);
    gate.close().then(() => {
      process.exitCode = EXIT.ok;
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return EXIT.ok;
}

const COMMANDS = { sign, 'sign-cookies': signCookies, keygen, inspect, verify, serve };

export async function main(argv) {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? process.stderr : process.stdout).write(HELP.main);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}". Run "cfsign --help".`);
    const code = await run(rest);
    return typeof code === 'number' ? code : EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`cfsign: usage error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CfsignError) {
      const message = error.message.replace('(pass allowExpired to sign it anyway)', '(pass --allow-expired to sign it anyway)');
      process.stderr.write(`cfsign: error [${error.code}]: ${message}\n`);
      return EXIT.input;
    }
    process.stderr.write(`cfsign: internal error: ${error?.message ?? error}\n`);
    return EXIT.internal;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
