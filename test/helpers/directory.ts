import type { OrganisationProfile } from '../../src/domain/organisation.js';
import { OrganisationSourceError, type OrganisationSource, type SourceFailure } from '../../src/ports/organisation-source.js';

/**
 * Organisations as Microsoft 365 would describe them, in memory, for the services' tests (the
 * Graph implementation of the same port is tested against a Graph stand-in): profiles, who holds
 * an admin role, and failures to answer. Counts what it is asked.
 */
export class TestDirectory implements OrganisationSource {
  readonly profiles = new Map<string, OrganisationProfile>();
  readonly admins = new Map<string, Set<string>>();
  /** Tenants that have not allowed the bot, or cannot be reached. */
  readonly failing = new Map<string, SourceFailure>();
  reads = 0;
  roleChecks = 0;
  /** Holds each read until released (to see concurrent requests share one read). */
  gate: Promise<void> | undefined;

  async read(tenantId: string): Promise<OrganisationProfile> {
    this.reads++;
    await this.gate;
    this.fail(tenantId);
    const profile = this.profiles.get(tenantId);
    if (!profile) throw new OrganisationSourceError('noConsent', `no such organisation: ${tenantId}`);
    return profile;
  }

  async isAdmin(tenantId: string, userId: string): Promise<boolean> {
    this.roleChecks++;
    this.fail(tenantId);
    return this.admins.get(tenantId)?.has(userId) ?? false;
  }

  consentUrl(tenantId: string): string {
    return `https://login.example.test/${tenantId}/adminconsent?client_id=app`;
  }

  private fail(tenantId: string): void {
    const failure = this.failing.get(tenantId);
    if (failure) throw new OrganisationSourceError(failure, `${tenantId}: ${failure}`);
  }
}
