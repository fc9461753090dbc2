import type { OrganisationProfile } from '../domain/organisation.js';

/**
 * Where an organisation's profile, subscriptions and admins are read: Microsoft 365 through
 * Microsoft Graph, with the bot's own app registration. (Seeded organisations need no source:
 * their record holds all of it.)
 */
export interface OrganisationSource {
  /** The organisation as Microsoft 365 holds it now. Rejects with `OrganisationSourceError`. */
  read(tenantId: string): Promise<OrganisationProfile>;
  /** Whether the user holds one of the admin roles now, asked afresh. Rejects with `OrganisationSourceError`. */
  isAdmin(tenantId: string, userId: string): Promise<boolean>;
  /** Where an admin of the organisation grants the bot the permissions it reads with. */
  consentUrl(tenantId: string): string;
}

/** Why an organisation could not be read: not allowed yet (no admin consent), or not now. */
export type SourceFailure = 'noConsent' | 'unavailable';

export class OrganisationSourceError extends Error {
  constructor(
    readonly reason: SourceFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OrganisationSourceError';
  }
}
