import { fail, ok, type Result } from './result.js';

/** A Microsoft AI Cloud Partner Program ID (formerly MPN ID): 6 to 10 digits. */
export type PartnerId = string & { readonly __brand: 'PartnerId' };

export const PARTNER_ID_MIN_DIGITS = 6;
export const PARTNER_ID_MAX_DIGITS = 10;

export type PartnerIdError = 'partnerIdEmpty' | 'partnerIdNotDigits' | 'partnerIdTooShort' | 'partnerIdTooLong';

/**
 * Parses what an admin typed as a Partner ID. Surrounding white space is ignored; anything else
 * that is not an ASCII digit is refused, so "123 456" and "１２３４５６" are both errors rather than
 * guesses about what was meant.
 */
export function parsePartnerId(raw: string): Result<PartnerId, PartnerIdError> {
  const text = raw.trim();
  if (text === '') return fail('partnerIdEmpty');
  if (!/^[0-9]+$/.test(text)) return fail('partnerIdNotDigits');
  if (text.length < PARTNER_ID_MIN_DIGITS) return fail('partnerIdTooShort');
  if (text.length > PARTNER_ID_MAX_DIGITS) return fail('partnerIdTooLong');
  return ok(text as PartnerId);
}
