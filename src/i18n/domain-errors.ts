import type { ChangeError } from '../domain/partner-change.js';
import { fail, type Result } from '../domain/result.js';

/** The text of each domain error code: the one place where a rule's refusal becomes words. */
export const DOMAIN_ERROR_KEYS: Readonly<Record<ChangeError, string>> = {
  partnerIdEmpty: 'errors:partnerId.empty',
  partnerIdNotDigits: 'errors:partnerId.notDigits',
  partnerIdTooShort: 'errors:partnerId.tooShort',
  partnerIdTooLong: 'errors:partnerId.tooLong',
  notAdmin: 'errors:change.notAdmin',
  tenantUnknown: 'errors:change.tenantUnknown',
  subscriptionNotFound: 'errors:change.subscriptionNotFound',
  stale: 'errors:change.stale',
  partnerInitiated: 'errors:change.partnerInitiated',
  alreadyHasPartner: 'errors:change.alreadyHasPartner',
  noPartner: 'errors:change.noPartner',
  samePartner: 'errors:change.samePartner',
  offerNotFound: 'errors:offer.notFound',
  offerNotPending: 'errors:offer.notPending',
  offerWrongCloud: 'errors:offer.wrongCloud',
  notSaved: 'errors:change.notSaved',
  subscriptionInactive: 'errors:change.subscriptionInactive',
  organisationUnavailable: 'errors:organisation.unavailable',
};

/** The i18n key of a domain error code. */
export const errorKey = (code: ChangeError): string => DOMAIN_ERROR_KEYS[code];

/** A domain result whose error, if any, is given as its i18n key (for prompts, which show keys). */
export const withErrorKey = <T>(result: Result<T, ChangeError>): Result<T, string> =>
  result.ok ? result : fail(errorKey(result.error));
