/**
 * Every failure in cfsign is a CfsignError with a stable `code` (see the README's table of
 * error codes). Messages name the parameter and say what was wrong; they never contain
 * key material.
 */
export class CfsignError extends Error {
  /**
   * @param {string} code stable, machine-readable error code such as "URL_FRAGMENT"
   * @param {string} message human-readable explanation
   */
  constructor(code, message) {
    super(message);
    this.name = 'CfsignError';
    this.code = code;
  }
}

export function fail(code, message) {
  throw new CfsignError(code, message);
}
