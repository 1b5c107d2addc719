import { describe, test, expect } from '@jest/globals';
import { createSigner, CfsignError } from 'cfsign';
describe('package', () => {
  test('loads and refuses an empty key', () => {
    expect(() => createSigner({ keyPairId: 'K1', privateKey: '' })).toThrow(CfsignError);
  });
});
