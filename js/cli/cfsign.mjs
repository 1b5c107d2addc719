#!/usr/bin/env node
// The cfsign command line. Uses the public API only.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CfsignError, createSigner, formatSetCookieHeaders, generateKeyPair } from '../index.node.mjs';

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

Run "cfsign <command> --help" for the options of a command.

Exit codes: 0 success, 2 bad usage (unknown or missing options), 3 bad input (the error code
is printed on standard error, e.g. URL_FRAGMENT), 4 internal error.
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

const COMMANDS = { sign, 'sign-cookies': signCookies, keygen };

export function main(argv) {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? process.stderr : process.stdout).write(HELP.main);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command "${command}". Run "cfsign --help".`);
    run(rest);
    return EXIT.ok;
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

process.exitCode = main(process.argv.slice(2));
