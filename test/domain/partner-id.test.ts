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
    ['', 'partnerIdEmpty'],
    ['   ', 'partnerIdEmpty'],
    ['12345', 'partnerIdTooShort'],
    ['1', 'partnerIdTooShort'],
    ['12345678901', 'partnerIdTooLong'],
    ['12a4567', 'partnerIdNotDigits'],
    ['abcdefg', 'partnerIdNotDigits'],
    ['123 4567', 'partnerIdNotDigits'],
    ['-1234567', 'partnerIdNotDigits'],
    ['1234567.0', 'partnerIdNotDigits'],
    ['１２３４５６７', 'partnerIdNotDigits'],
    ['MPN1234567', 'partnerIdNotDigits'],
  ];
  for (const [raw, code] of invalid) {
    it(`refuses ${JSON.stringify(raw)} with ${code}`, () => {
      assert.deepEqual(parsePartnerId(raw), { ok: false, error: code });
    });
  }
});
