import assert from 'node:assert/strict';
import { parsePartnerId } from '../../src/domain/partner-id.js';

describe('parsePartnerId', () => {
  const valid: Array<[string, string]> = [
    ['123456', '123456'],
    ['1234567', '1234567'],
    ['1234567890', '1234567890'],
    ['  4567890 ', '4567890'],
    ['\t0012345\n', '0012345'],
  ];
  for (const [raw, expected] of valid) {
    it(`accepts ${JSON.stringify(raw)} as ${expected}`, () => {
      assert.deepEqual(parsePartnerId(raw), { ok: true, value: expected });
    });
  }

  const invalid: Array<[string, string]> = [
    ['', 'errors:partnerId.empty'],
    ['   ', 'errors:partnerId.empty'],
    ['12345', 'errors:partnerId.tooShort'],
    ['1', 'errors:partnerId.tooShort'],
    ['12345678901', 'errors:partnerId.tooLong'],
    ['12a4567', 'errors:partnerId.notDigits'],
    ['abcdefg', 'errors:partnerId.notDigits'],
    ['123 4567', 'errors:partnerId.notDigits'],
    ['-1234567', 'errors:partnerId.notDigits'],
    ['1234567.0', 'errors:partnerId.notDigits'],
    ['１２３４５６７', 'errors:partnerId.notDigits'],
    ['MPN1234567', 'errors:partnerId.notDigits'],
  ];
  for (const [raw, code] of invalid) {
    it(`refuses ${JSON.stringify(raw)} with ${code}`, () => {
      assert.deepEqual(parsePartnerId(raw), { ok: false, error: code });
    });
  }
});
