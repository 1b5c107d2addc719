// Turning the date inputs users give us into epoch seconds.
import { fail } from './errors.mjs';

// Epoch values above this are taken for milliseconds (1e11 s is the year 5138; 1e11 ms is 1973).
const MILLISECONDS_THRESHOLD = 1e11;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DURATION = /^\+?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const UNIT_SECONDS = [604800, 86400, 3600, 60, 1];

export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * cfsign's own date input: a Date, epoch seconds (number or digit string), an ISO-8601 string
 * (UTC unless it carries an offset), or a duration from now such as '1h', '30m', '7d', '1h30m'.
 * Milliseconds are refused. Sub-second parts are dropped (floor).
 */
export function toEpochSeconds(value, param, now = nowSeconds()) {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) fail('DATE_INVALID', `${param} is an invalid Date`);
    return Math.floor(ms / 1000);
  }
  if (typeof value === 'number') return fromNumber(value, param);
  if (typeof value === 'bigint') return fromNumber(Number(value), param);
  if (typeof value !== 'string') {
    fail('DATE_INVALID', `${param} must be a Date, epoch seconds, an ISO-8601 string or a duration like '1h' (got ${describe(value)})`);
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return fromNumber(Number(text), param);
  const duration = DURATION.exec(text);
  if (duration && text !== '' && text !== '+') {
    let seconds = 0;
    for (let i = 0; i < UNIT_SECONDS.length; i++) seconds += Number(duration[i + 1] ?? 0) * UNIT_SECONDS[i];
    if (seconds <= 0) fail('DATE_INVALID', `${param} "${value}" is a zero duration`);
    return now + seconds;
  }
  const iso = ISO_8601.exec(text);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = iso;
    const offset = zone === undefined || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`);
    const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    if (Number.isNaN(ms) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
      fail('DATE_INVALID', `${param} "${value}" is not a valid date`);
    }
    return Math.floor(ms / 1000);
  }
  fail('DATE_INVALID', `${param} "${value}" is not a date: use a Date, epoch seconds, an ISO-8601 string such as 2030-01-01T00:00:00Z, or a duration such as '1h'`);
}

function fromNumber(n, param) {
  if (!Number.isFinite(n)) fail('DATE_INVALID', `${param} must be a finite number of epoch seconds`);
  if (n >= MILLISECONDS_THRESHOLD) {
    fail('DATE_MILLISECONDS', `${param} ${n} looks like milliseconds: cfsign takes epoch seconds (divide by 1000, or pass a Date)`);
  }
  if (n <= 0) fail('DATE_INVALID', `${param} must be a positive number of epoch seconds`);
  return Math.floor(n);
}

/**
 * The date semantics of @aws-sdk/cloudfront-signer (for the drop-in functions): anything the
 * Date constructor takes (numbers are milliseconds), rounded to the nearest second; a falsy
 * value means "not given".
 */
export function sdkEpochSeconds(value, param) {
  if (value === undefined || value === null || value === '' || value === 0) return undefined;
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) fail('DATE_INVALID', `${param} "${String(value)}" is invalid: it must be a value the Date constructor accepts`);
  return Math.round(ms / 1000);
}

export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
