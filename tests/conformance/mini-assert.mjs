// The subset of node:assert/strict the conformance suite uses, for runtimes without node:assert
// (workerd, edge, browsers): equal, deepEqual, ok, match, throws(fn, { code }).
function fmt(value) {
  try { return JSON.stringify(value); } catch { return String(value); }
}

function fail(message, fallback) {
  const error = new Error(message ?? fallback);
  error.name = 'AssertionError';
  throw error;
}

function deepEqualValues(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqualValues(a[k], b[k]));
}

export const miniAssert = {
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) fail(message && `${message}: ${fmt(actual)} !== ${fmt(expected)}`, `${fmt(actual)} !== ${fmt(expected)}`);
  },
  deepEqual(actual, expected, message) {
    if (!deepEqualValues(actual, expected)) fail(message && `${message}: ${fmt(actual)} != ${fmt(expected)}`, `${fmt(actual)} != ${fmt(expected)}`);
  },
  ok(value, message) {
    if (!value) fail(message, `expected a truthy value, got ${fmt(value)}`);
  },
  match(text, pattern, message) {
    if (typeof text !== 'string' || !pattern.test(text)) fail(message, `${fmt(text)} does not match ${pattern}`);
  },
  throws(fn, expected, message) {
    let threw = false;
    let error;
    try { fn(); } catch (e) { threw = true; error = e; }
    if (!threw) fail(message, 'expected the function to throw');
    if (expected && typeof expected === 'object') {
      for (const [k, v] of Object.entries(expected)) {
        if (!Object.is(error?.[k], v)) fail(message, `thrown ${k} is ${fmt(error?.[k])}, expected ${fmt(v)} (${error?.message})`);
      }
    }
  },
};
