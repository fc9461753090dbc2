import { isTenantAdmin, type AccessPolicy } from '../domain/access.js';
import type { Tenant } from '../domain/model.js';
import type { Actor } from '../domain/partner-change.js';
import { OrganisationSourceError, type OrganisationSource } from '../ports/organisation-source.js';
import type { PartnerRegister } from '../ports/partner-register.js';

/** Who asks: the organisation (tenant) and the user, as the channel identified them. */
export interface Identity {
  readonly tenantId: string;
  /** Entra object id in Teams; the channel's user id in the Emulator. */
  readonly userId: string | undefined;
  readonly userName?: string | undefined;
}

export const actorOf = (who: Identity): Actor => ({ id: who.userId, name: who.userName });

/** Microsoft 365 could not say who the user is (a write then changes nothing); other errors go on. */
export function unavailable(error: unknown): undefined {
  if (error instanceof OrganisationSourceError) return undefined;
  throw error;
}

/** With Microsoft Graph: how long a read may rely on an earlier answer, and how many are kept. */
export interface AdminCacheOptions {
  readonly maxAgeMs: number;
  readonly maxEntries: number;
  readonly clock: () => number;
}

/**
 * Who may change partners (DESIGN.md §4). For an organisation read from Microsoft 365: a holder of
 * one of the admin roles, asked of Microsoft Graph (reads may use an answer up to a minute old; a
 * write asks afresh). For a seeded one: its listed admins, and every user of the open local tenant
 * while authentication is off. Rejects with `OrganisationSourceError` when Graph cannot answer.
 */
export class Access {
  private readonly answers = new Map<string, { readonly admin: boolean; readonly at: number }>();

  constructor(
    private readonly register: PartnerRegister,
    private readonly policy: AccessPolicy,
    private readonly directory?: OrganisationSource,
    private readonly cache: AdminCacheOptions = { maxAgeMs: 60_000, maxEntries: 10_000, clock: Date.now },
  ) {}

  /** To guide: may this user change partners? */
  async canChangePartners(who: Identity): Promise<boolean> {
    const tenant = await this.register.getTenant(who.tenantId);
    if (!this.fromGraph(tenant)) return isTenantAdmin(tenant, who.userId, this.policy);
    const key = `${who.tenantId}\n${who.userId ?? ''}`;
    const known = this.answers.get(key);
    if (known && this.cache.clock() - known.at < this.cache.maxAgeMs) return known.admin;
    return this.ask(who);
  }

  /**
   * The check a write makes, on the tenant as its record holds it at that moment: for an
   * organisation read from Microsoft 365, its roles are asked now, not taken from a cache.
   */
  async writeRule(who: Identity): Promise<(tenant: Tenant | undefined) => boolean> {
    const tenant = await this.register.getTenant(who.tenantId);
    if (!this.fromGraph(tenant)) return (stored) => isTenantAdmin(stored, who.userId, this.policy);
    const admin = await this.ask(who);
    return (stored) => stored !== undefined && stored.source === 'microsoft365' && admin;
  }

  private fromGraph(tenant: Tenant | undefined): boolean {
    return this.directory !== undefined && tenant?.source === 'microsoft365';
  }

  private async ask(who: Identity): Promise<boolean> {
    const admin = who.userId ? await this.directory!.isAdmin(who.tenantId, who.userId) : false;
    const key = `${who.tenantId}\n${who.userId ?? ''}`;
    this.answers.delete(key);
    this.answers.set(key, { admin, at: this.cache.clock() });
    if (this.answers.size > this.cache.maxEntries) this.answers.delete(this.answers.keys().next().value!);
    return admin;
  }
}
