// A local signed-content gate: serves the files under a directory and, for protected paths,
// lets a request through only with a signed URL or signed cookies that verify the way
// CloudFront verifies them. For development and demos; node:http only. Public API only.
import http from 'node:http';
import { createReadStream, promises as fsp, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { CfsignError, createVerifier } from '../index.node.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mp3': 'audio/mpeg',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
};

/** The Content-Type the gate sends for a file name. */
export function contentTypeFor(name) {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** CloudFront's two documented messages; every other denial is "Access denied". */
export function accessDeniedMessage(reason) {
  if (reason === 'MISSING_KEY_PAIR_ID' || reason === 'NOT_SIGNED') return 'Missing Key-Pair-Id query parameter or cookie value';
  if (reason === 'UNKNOWN_KEY') return 'Unknown Key';
  return 'Access denied';
}

export function accessDeniedBody(reason) {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${accessDeniedMessage(reason)}</Message></Error>`;
}

/** '*' (any run, '/' included) and '?' (one character) over the whole path. */
export function pathMatches(pattern, path) {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(path);
}

/**
 * The decoded path segments of a request path, or null when the path must be refused:
 * '.' or '..' segments (also percent-encoded), encoded '/' or '\', NUL, bad escapes.
 */
export function decodePathSegments(rawPath) {
  if (!rawPath.startsWith('/')) return null;
  const segments = [];
  for (const part of rawPath.split('/')) {
    if (part === '') continue;
    let segment;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

// Log lines carry the path only, printable ASCII, never the query (it holds the signature).
function printable(text) {
  return text.replace(/[^\x21-\x7e]/g, (ch) => encodeURIComponent(ch));
}

function defaultLog(line) {
  process.stderr.write(`${line}\n`);
}

function normalisePublicUrl(publicUrl) {
  if (publicUrl === undefined || publicUrl === null || publicUrl === '') return null;
  let u;
  try {
    u = new URL(publicUrl);
  } catch {
    throw new CfsignError('URL_INVALID', `publicUrl ${JSON.stringify(publicUrl)} is not a URL; give an origin such as https://d111111abcdef8.cloudfront.net`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new CfsignError('URL_SCHEME', 'publicUrl must be http:// or https://');
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw new CfsignError('URL_INVALID', `publicUrl must be an origin only (scheme, host and optional port), such as https://d111111abcdef8.cloudfront.net`);
  }
  return u.origin;
}

function hostForUrl(host) {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The gate as a request handler, for mounting in a server of your own:
 * { handle(req, res, { stripPrefix?, requestOrigin? }), dispose() }.
 * - root: directory to serve; keys: key ID → public key (anything createVerifier takes);
 * - protect: path patterns that need a signature (default ['/*']: everything);
 * - publicUrl: the origin the signatures were made for (default http://<Host header>);
 * - log: a function taking one line per request (default: standard error; false: silent).
 */
export function createGate({ root, keys, protect, publicUrl, log = defaultLog } = {}) {
  if (typeof root !== 'string' || root === '') throw new CfsignError('INVALID_ARGUMENT', 'root must be a directory name');
  let rootReal;
  try {
    rootReal = realpathSync(root);
    if (!statSync(rootReal).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
  } catch (error) {
    throw new CfsignError('FILE_UNREADABLE', `cannot serve ${JSON.stringify(root)}: ${error.code ?? error.message}`);
  }
  const patterns = protect === undefined || protect === null || (Array.isArray(protect) && protect.length === 0) ? ['/*'] : [].concat(protect);
  for (const p of patterns) {
    if (typeof p !== 'string' || !(p.startsWith('/') || p.startsWith('*'))) {
      throw new CfsignError('INVALID_ARGUMENT', `protect pattern ${JSON.stringify(p)} must be a path starting with / (with * and ?), such as /private/*`);
    }
  }
  const origin = normalisePublicUrl(publicUrl);
  const write = typeof log === 'function' ? log : () => {};
  const verifier = createVerifier({ keys });

  function send(req, res, status, headers, body, reason, logPath) {
    res.writeHead(status, { 'x-content-type-options': 'nosniff', ...headers, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body);
    write(`${new Date().toISOString()} ${printable(req.method)} ${logPath} ${status} ${reason}`);
  }

  // `stripPrefix`: a path prefix the host application mounts the gate under (removed before
  // the file lookup; the signature still covers the full URL). `requestOrigin`: the origin the
  // host application knows it serves (used when no publicUrl was given).
  async function handle(req, res, { stripPrefix = '', requestOrigin } = {}) {
    const fullUrl = req.url ?? '';
    const rawUrl = stripPrefix && fullUrl.startsWith(stripPrefix) ? fullUrl.slice(stripPrefix.length) || '/' : fullUrl;
    const q = rawUrl.indexOf('?');
    const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const logPath = printable(rawPath) || '-';
    const text = (status, body, reason, extra = {}) =>
      send(req, res, status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra }, `${body}\n`, reason, logPath);

    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'Method Not Allowed', 'METHOD_NOT_ALLOWED', { allow: 'GET, HEAD' });
    const segments = decodePathSegments(rawPath);
    if (segments === null) return text(400, 'Bad Request: invalid path', 'BAD_PATH');
    const trailingSlash = rawPath.endsWith('/');
    const path = `/${segments.join('/')}${trailingSlash && segments.length > 0 ? '/' : ''}`;

    let reason = 'UNPROTECTED';
    if (patterns.some((p) => pathMatches(p, path))) {
      const hostHeader = (req.headers.host ?? '').toLowerCase();
      if (!origin && !requestOrigin && !/^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(hostHeader)) {
        return text(400, 'Bad Request: missing or invalid Host header', 'BAD_HOST');
      }
      const requestUrl = `${origin ?? requestOrigin ?? `http://${hostHeader}`}${fullUrl}`;
      const clientIp = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const result = verifier.verifyRequest({ url: requestUrl, cookies: req.headers.cookie ?? '', clientIp });
      if (!result.valid) {
        return send(req, res, 403, {
          'content-type': 'text/xml',
          'cache-control': 'no-store',
          'x-cfsign-reason': result.reason,
        }, accessDeniedBody(result.reason), result.reason, logPath);
      }
      reason = result.reason;
    }

    // Dot files (keys.json, .env, ...) are never served.
    if (segments.some((s) => s.startsWith('.'))) return text(404, 'Not Found', reason);
    let file = join(rootReal, ...segments);
    let stats;
    try {
      stats = await fsp.stat(file);
      if (stats.isDirectory() && trailingSlash) {
        file = join(file, 'index.html');
        stats = await fsp.stat(file);
      }
      const real = await fsp.realpath(file);
      if (real !== rootReal && !real.startsWith(rootReal + sep)) return text(404, 'Not Found', reason);
    } catch {
      return text(404, 'Not Found', reason);
    }
    if (!stats.isFile()) return text(404, 'Not Found', reason);
    res.writeHead(200, {
      'content-type': contentTypeFor(file),
      'content-length': stats.size,
      'cache-control': reason === 'UNPROTECTED' ? 'no-cache' : 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    write(`${new Date().toISOString()} ${printable(req.method)} ${logPath} 200 ${reason}`);
    if (req.method === 'HEAD') return res.end();
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  function handleSafely(req, res, options) {
    return handle(req, res, options).catch((error) => {
      write(`${new Date().toISOString()} ${printable(req.method ?? '-')} - 500 INTERNAL_ERROR ${printable(String(error?.message ?? error))}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal Server Error\n');
      } else {
        res.destroy();
      }
    });
  }

  return { handle: handleSafely, dispose: () => verifier.dispose() };
}

/**
 * Starts the gate on its own server. Resolves to { server, url, close() } once it listens.
 * Options as createGate, plus port (default 8787; 0 picks a free one) and host (default 127.0.0.1).
 */
export async function startGate({ port = 8787, host = '127.0.0.1', ...options } = {}) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CfsignError('INVALID_ARGUMENT', `port must be 0–65535 (got ${port})`);
  const gate = createGate(options);
  const server = http.createServer((req, res) => { gate.handle(req, res); });
  const verifier = { dispose: gate.dispose };

  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    verifier.dispose();
    throw new CfsignError('LISTEN_FAILED', `cannot listen on ${hostForUrl(host)}:${port}: ${error.code ?? error.message}`);
  }

  const address = server.address();
  const url = `http://${hostForUrl(address.address)}:${address.port}`;
  let closing = null;
  function close() {
    closing ??= new Promise((resolve) => {
      server.close(() => {
        verifier.dispose();
        resolve();
      });
      server.closeIdleConnections?.();
      setTimeout(() => server.closeAllConnections?.(), 2000).unref();
    });
    return closing;
  }
  return { server, url, close };
}
