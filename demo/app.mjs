// The demo page: uses only the package's public browser entry ("cfsign" via the import map).
import {
  ready, parseSignedUrl, parseSignedCookies, createVerifier, createSigner, generateKeyPair, CfsignError,
} from 'cfsign';

const $ = (id) => document.getElementById(id);
const state = { parsed: null, timer: null, privateKey: null, signer: null, signerKey: '', lastResult: null };

// ---------- helpers ----------
function iso(epoch) { return epoch == null ? '—' : new Date(epoch * 1000).toISOString().replace('.000Z', 'Z'); }
function relative(seconds) {
  const a = Math.abs(seconds);
  const text = a < 60 ? `${a} s` : a < 3600 ? `${Math.floor(a / 60)} min ${a % 60} s` : a < 86400 * 2 ? `${Math.floor(a / 3600)} h ${Math.floor((a % 3600) / 60)} min` : `${Math.floor(a / 86400)} days`;
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
function nowSeconds() {
  const text = $('in-now').value.trim();
  if (text) {
    const t = /^\d+$/.test(text) ? Number(text) : Math.floor(Date.parse(text) / 1000);
    if (Number.isFinite(t)) return t;
  }
  return Math.floor(Date.now() / 1000);
}
function b64utf8(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~');
}
function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}
function setVerdict(el, cls, title, detail) {
  el.className = `verdict ${cls}`;
  el.textContent = title;
  if (detail) {
    const d = document.createElement('span');
    d.className = 'detail';
    d.textContent = detail;
    el.append(d);
  }
}
function errorText(e) { return e instanceof CfsignError ? `${e.code}: ${e.message}` : String(e?.message ?? e); }

// ---------- inspector ----------
const FIELD_FOR_REASON = {
  SIGNATURE_MISMATCH: ['f-signature'], MALFORMED_SIGNATURE: ['f-signature'], MISSING_SIGNATURE: ['f-signature'],
  UNKNOWN_KEY: ['f-key'], MISSING_KEY_PAIR_ID: ['f-key'], KEY_NOT_ALLOWED: ['f-key'],
  RESOURCE_MISMATCH: ['f-resource', 'f-url'], MALFORMED_POLICY: ['policy'], MISSING_POLICY: ['policy'], MALFORMED_EXPIRES: ['f-expires'],
  EXPIRED: ['f-expires', 'timeline'], NOT_YET_VALID: ['f-notbefore', 'timeline'],
  IP_MISMATCH: ['f-ip'], CLIENT_IP_REQUIRED: ['f-ip'], CLIENT_IP_INVALID: ['f-ip'], UNSUPPORTED_HASH_ALGORITHM: ['f-hash'],
};

function input() {
  const text = $('in-signed').value.trim();
  if (!text) return null;
  const isUrl = /^https?:\/\//i.test(text) && !/[\r\n]/.test(text);
  return isUrl ? { url: text } : { cookies: text, url: $('in-request-url').value.trim() };
}

function renderFacts(p) {
  const dl = $('facts');
  dl.replaceChildren();
  const add = (id, label, value, tag) => {
    const dt = document.createElement('dt'); dt.textContent = label;
    const dd = document.createElement('dd'); dd.id = id; dd.textContent = value ?? '—';
    if (tag) { const t = document.createElement('span'); t.className = 'tag'; t.textContent = tag; dd.append(t); }
    dl.append(dt, dd);
  };
  const now = nowSeconds();
  add('f-source', 'Source', p.source === 'url' ? 'signed URL' : p.source === 'cookies' ? 'signed cookies' : 'nothing signed');
  add('f-kind', 'Policy', p.kind ? `${p.kind}${p.kind === 'canned' ? ' (rebuilt from the URL)' : ' (sent in the request)'}` : '—');
  add('f-url', 'Request URL', p.url || '—');
  add('f-resource', 'Resource', p.resource ?? (p.kind === 'custom' ? '(none: every file)' : '—'));
  add('f-expires', 'Expires', p.expires == null ? '—' : `${iso(p.expires)} · ${p.expires} · ${relative(p.expires - now)}`);
  add('f-notbefore', 'Not before', p.notBefore == null ? '—' : `${iso(p.notBefore)} · ${p.notBefore} · ${relative(p.notBefore - now)}`);
  add('f-ip', 'IP condition', p.ipAddress ?? 'any');
  add('f-key', 'Key ID', p.keyPairId, p.keyPairId?.startsWith('APKA') ? 'legacy key pair' : undefined);
  add('f-hash', 'Hash', p.hashAlgorithm);
  add('f-signature', 'Signature', p.signature.length ? `${p.signature.algorithm === 'ecdsa' ? 'ECDSA (DER)' : p.signature.algorithm === 'rsa' ? `RSA-${p.signature.length * 8}` : 'unknown form'} · ${p.signature.length} bytes` : '—');
}

function renderTimeline(p) {
  const tl = $('timeline');
  if (p.expires == null) { tl.hidden = true; return; }
  tl.hidden = false;
  const now = nowSeconds();
  const start = p.notBefore ?? Math.min(now, p.expires) - 3600;
  const lo = Math.min(start, now) - 60;
  const hi = Math.max(p.expires, now) + 60;
  const pos = (t) => `${((t - lo) / (hi - lo)) * 100}%`;
  const win = tl.querySelector('.window');
  win.style.left = pos(start);
  win.style.width = `calc(${pos(p.expires)} - ${pos(start)})`;
  tl.querySelector('.now-mark').style.left = pos(now);
  tl.querySelector('.start').textContent = p.notBefore == null ? 'no start time' : `from ${iso(p.notBefore)}`;
  tl.querySelector('.end').textContent = `until ${iso(p.expires)}`;
  const c = tl.querySelector('.countdown');
  if (p.notBefore != null && now <= p.notBefore) c.textContent = `starts ${relative(p.notBefore - now)}`;
  else if (now < p.expires) c.textContent = `expires ${relative(p.expires - now)}`;
  else c.textContent = `expired ${relative(p.expires - now)}`;
}

function renderMessages(p, extra = []) {
  const ul = $('messages');
  ul.replaceChildren();
  for (const pr of p.problems) { const li = document.createElement('li'); li.className = 'problem'; li.textContent = `${pr.code}: ${pr.message}`; ul.append(li); }
  for (const w of [...p.warnings, ...extra]) { const li = document.createElement('li'); li.className = 'warning'; li.textContent = w; ul.append(li); }
}

function clearHighlights() {
  for (const el of document.querySelectorAll('.offending')) el.classList.remove('offending');
}

function keysFromInput(parsed) {
  const text = $('in-key').value.trim();
  if (!text) return null;
  if (text.startsWith('{')) {
    const json = JSON.parse(text);
    if (typeof json.kty === 'string') return { [$('in-key-id').value.trim() || parsed.keyPairId || 'KEY']: json };
    return json; // a key group: { id: PEM or JWK }
  }
  return { [$('in-key-id').value.trim() || parsed.keyPairId || 'KEY']: text };
}

function inspect() {
  clearHighlights();
  const req = input();
  const verdict = $('verdict');
  if (!req) { setVerdict(verdict, 'idle', 'Paste a signed URL or cookies to decode them.'); $('facts').replaceChildren(); $('timeline').hidden = true; $('policy').textContent = '—'; $('messages').replaceChildren(); state.parsed = null; return; }
  let p;
  try {
    p = req.cookies !== undefined ? parseSignedCookies(req.cookies, { url: req.url }) : parseSignedUrl(req.url);
  } catch (e) { setVerdict(verdict, 'invalid', 'Cannot decode', errorText(e)); return; }
  state.parsed = p;
  renderFacts(p);
  renderTimeline(p);
  $('policy').textContent = p.policy.text ? pretty(p.policy.text) : '—';
  renderMessages(p);
  if (p.problems.length) {
    setVerdict(verdict, 'invalid', `Invalid: ${p.problems[0].code}`, p.problems[0].message);
    for (const id of FIELD_FOR_REASON[p.problems[0].code] ?? []) $(id)?.classList.add('offending');
    return;
  }
  let keys = null;
  try { keys = keysFromInput(p); } catch (e) { setVerdict(verdict, 'invalid', 'The key field is not valid JSON', errorText(e)); return; }
  if (!keys) {
    const now = nowSeconds();
    if (now >= p.expires) setVerdict(verdict, 'expired', 'Decoded — expired', 'Paste the public key to verify the signature.');
    else if (p.notBefore != null && now <= p.notBefore) setVerdict(verdict, 'not-yet-valid', 'Decoded — not yet valid', 'Paste the public key to verify the signature.');
    else setVerdict(verdict, 'idle', 'Decoded. Paste the public key (or key group) to verify the signature.');
    return;
  }
  let verifier;
  try {
    verifier = createVerifier({ keys });
    const r = verifier.verifyRequest({ url: req.url ?? '', cookies: req.cookies, clientIp: $('in-client-ip').value.trim() || undefined, now: nowSeconds() });
    renderMessages(r.parsed);
    const cls = r.valid ? 'valid' : r.reason === 'EXPIRED' ? 'expired' : r.reason === 'NOT_YET_VALID' ? 'not-yet-valid' : 'invalid';
    setVerdict(verdict, cls, r.valid ? 'Valid: CloudFront would serve this request' : `Rejected: ${r.reason}`, r.detail);
    for (const id of FIELD_FOR_REASON[r.reason] ?? []) $(id)?.classList.add('offending');
  } catch (e) {
    setVerdict(verdict, 'invalid', 'Cannot use the key', errorText(e));
  } finally {
    verifier?.dispose();
  }
}

let debounce;
for (const id of ['in-signed', 'in-request-url', 'in-key', 'in-key-id', 'in-client-ip', 'in-now']) {
  $(id).addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(inspect, 150); });
}
$('btn-verify').addEventListener('click', inspect);
$('btn-clear').addEventListener('click', () => { for (const id of ['in-signed', 'in-request-url', 'in-key', 'in-key-id', 'in-client-ip', 'in-now']) $(id).value = ''; inspect(); });
// Live countdown.
setInterval(() => { if (state.parsed && !$('timeline').hidden) { renderTimeline(state.parsed); } }, 1000);

// ---------- playground ----------
function currentSigner() {
  if (!state.privateKey) throw new CfsignError('KEY_INVALID', 'generate a key pair first');
  const id = $('pg-key-id').value.trim();
  const hash = $('pg-hash').value || undefined;
  const cacheKey = `${id}|${hash}`;
  if (!state.signer || state.signerKey !== cacheKey) {
    state.signer?.dispose();
    state.signer = createSigner({ keyPairId: id, privateKey: state.privateKey, hashAlgorithm: hash });
    state.signerKey = cacheKey;
  }
  return state.signer;
}

function signOptions() {
  const o = { expires: $('pg-expires').value.trim() };
  if ($('pg-start').value.trim()) o.notBefore = $('pg-start').value.trim();
  if ($('pg-ip').value.trim()) o.ipAddress = $('pg-ip').value.trim();
  return o;
}

function showSteps(policy, kind, signatureB64, signer, resultTitle, result) {
  $('pg-policy').textContent = policy;
  $('pg-policy-b64').textContent = kind === 'custom' ? b64utf8(policy) : `${b64utf8(policy)}\n(canned policies are not sent: CloudFront rebuilds them from the URL)`;
  $('pg-sig-kind').textContent = `${signer.keyType === 'ec' ? 'ECDSA P-256, DER' : `RSA-${signer.keyBits} PKCS#1 v1.5`}, ${signer.hashAlgorithm}`;
  $('pg-signature').textContent = signatureB64;
  $('pg-result-title').textContent = resultTitle;
  $('pg-result').textContent = result;
}

$('pg-generate').addEventListener('click', () => {
  const btn = $('pg-generate');
  btn.disabled = true;
  setVerdict($('pg-status'), 'idle', `Generating ${$('pg-type').value === 'ec' ? 'an EC P-256' : 'an RSA-2048'} key pair…`);
  setTimeout(() => {
    try {
      const pair = generateKeyPair({ type: $('pg-type').value });
      state.privateKey = pair.privateKey;
      state.signer?.dispose();
      state.signer = null;
      $('pg-public').value = pair.publicKey;
      setVerdict($('pg-status'), 'valid', 'Key pair generated in this page (the private key stays here).');
    } catch (e) { setVerdict($('pg-status'), 'invalid', 'Key generation failed', errorText(e)); }
    btn.disabled = false;
  }, 20);
});

$('pg-sign-url').addEventListener('click', () => {
  try {
    const signer = currentSigner();
    const o = signOptions();
    if ($('pg-resource').value.trim()) o.policyResource = $('pg-resource').value.trim();
    const d = signer.signUrlDetailed($('pg-url').value.trim(), o);
    const sig = new URL(d.url).searchParams.get('Signature');
    showSteps(d.policy, d.kind, sig, signer, 'Signed URL', d.url);
    state.lastResult = { url: d.url };
    setVerdict($('pg-status'), 'valid', `Signed (${d.kind} policy)`, d.warnings.join(' ') || undefined);
  } catch (e) { setVerdict($('pg-status'), 'invalid', 'Cannot sign', errorText(e)); }
});

$('pg-sign-cookies').addEventListener('click', () => {
  try {
    const signer = currentSigner();
    const o = signOptions();
    o.resource = $('pg-resource').value.trim() || $('pg-url').value.trim();
    const d = signer.signCookiesDetailed(o);
    const header = Object.entries(d.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const setCookies = signer.setCookieHeaders(o, { path: '/' }).map((h) => `Set-Cookie: ${h}`).join('\n');
    showSteps(d.policy, d.kind, d.cookies['CloudFront-Signature'], signer, 'Cookie header (and Set-Cookie headers)', `${header}\n\n${setCookies}`);
    state.lastResult = { cookies: header, url: $('pg-url').value.trim() };
    setVerdict($('pg-status'), 'valid', `Signed cookies (${d.kind} policy)`, d.warnings.join(' ') || undefined);
  } catch (e) { setVerdict($('pg-status'), 'invalid', 'Cannot sign cookies', errorText(e)); }
});

$('pg-copy').addEventListener('click', async () => {
  try { await navigator.clipboard.writeText($('pg-result').textContent); $('pg-copy').textContent = 'Copied'; } catch { $('pg-copy').textContent = 'Copy failed'; }
  setTimeout(() => { $('pg-copy').textContent = 'Copy'; }, 1500);
});

function sendToInspector({ signed, requestUrl = '', publicKey, keyId }) {
  $('in-signed').value = signed;
  $('in-request-url').value = requestUrl;
  $('in-key').value = publicKey;
  $('in-key-id').value = keyId;
  inspect();
  $('inspector').scrollIntoView({ behavior: 'smooth' });
  $('verdict').focus?.();
}

$('pg-to-inspector').addEventListener('click', () => {
  if (!state.lastResult) { setVerdict($('pg-status'), 'invalid', 'Sign something first'); return; }
  const r = state.lastResult;
  sendToInspector({ signed: r.cookies ?? r.url, requestUrl: r.cookies ? r.url : '', publicKey: $('pg-public').value, keyId: $('pg-key-id').value.trim() });
});

// ---------- server side ----------
let serverSample = null;
$('srv-sign').addEventListener('click', async () => {
  try {
    const res = await fetch('/api/sign', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/files/sample.txt', expires: '1h' }) });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ?? res.statusText);
    serverSample = body;
    $('srv-url').textContent = body.url;
    const links = $('srv-links');
    links.replaceChildren();
    const a1 = document.createElement('a'); a1.href = body.url; a1.textContent = 'Open the protected file with the signed URL (200)'; a1.target = '_blank';
    const a2 = document.createElement('a'); a2.href = body.unsignedUrl; a2.textContent = 'Open it without a signature (403)'; a2.target = '_blank';
    links.append(a1, document.createTextNode(' · '), a2);
  } catch (e) { $('srv-url').textContent = `Server signing is not available: ${errorText(e)}`; }
});
$('srv-inspect').addEventListener('click', () => {
  if (serverSample) sendToInspector({ signed: serverSample.url, publicKey: serverSample.publicKey, keyId: serverSample.keyPairId });
});

// ---------- start ----------
ready.then(() => {
  $('lib-status').textContent = 'WebAssembly loaded.';
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('inspect')) { $('in-signed').value = params.get('inspect'); inspect(); }
}, (e) => { $('lib-status').textContent = `WebAssembly failed to load: ${errorText(e)}`; });
