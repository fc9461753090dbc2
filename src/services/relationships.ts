import type { Cloud, OrganisationOrigin, RelationshipType } from '../domain/model.js';
import { canPerform } from '../domain/relationship.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import type { Identity } from './access.js';
import { partnerRef, type PartnerRef } from './partner-changes.js';

/** A relationship as the admin center's "Partner relationships" page lists it. */
export interface RelationshipView {
  readonly partner: PartnerRef;
  readonly type: RelationshipType;
  /** Names of the subscriptions it concerns (partners of record); empty for tenant-wide ones. */
  readonly subscriptions: readonly string[];
}

/** Viewing the organisation's partner relationships, and what can be done about a reseller. */
export class Relationships {
  constructor(private readonly register: PartnerRegister) {}

  /**
   * Every relationship of the organisation (read-only: any member may ask), and where the
   * organisation's subscriptions and resellers come from. Partners of record are always the
   * register's own: no customer-side API reads them from Microsoft 365.
   */
  async view(who: Identity): Promise<{ cloud: Cloud; source: OrganisationOrigin; relationships: RelationshipView[] }> {
    const [tenant, relationships, subscriptions] = await Promise.all([
      this.register.getTenant(who.tenantId),
      this.register.listRelationships(who.tenantId),
      this.register.listSubscriptions(who.tenantId),
    ]);
    const names = new Map(subscriptions.map((s) => [s.id, s.name]));
    return {
      cloud: tenant?.cloud ?? 'worldwide',
      source: tenant?.source ?? 'seed',
      relationships: relationships.map((r) => ({
        partner: partnerRef(r.partnerId, r.partnerName),
        type: r.type,
        subscriptions: r.subscriptionIds.map((id) => names.get(id) ?? id),
      })),
    };
  }

  /** The resellers the customer cannot remove (only the reseller can, in Partner Center). */
  async resellers(who: Identity): Promise<{ cloud: Cloud; resellers: PartnerRef[] }> {
    const { cloud, relationships } = await this.view(who);
    const resellers = relationships.filter((r) => r.type === 'reseller' && !canPerform(r.type, 'remove')).map((r) => r.partner);
    return { cloud, resellers };
  }
}
