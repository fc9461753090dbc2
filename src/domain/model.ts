/** The domain objects, as plain data (DESIGN.md §3). */
import type { SubscriptionStatus } from './organisation.js';

export const CLOUDS = ['worldwide', '21vianet'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const RELATIONSHIP_TYPES = ['advisor', 'reseller', 'delegatedAdmin'] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly cloud: Cloud;
  /** aadObjectIds of the users allowed to change partners (seeded organisations). */
  readonly admins: readonly string[];
  /**
   * Where the organisation's profile and subscriptions come from: read from Microsoft 365 (Graph),
   * or, when absent, a seed file. The partner of record is always the bot's own record.
   */
  readonly source?: 'microsoft365';
  /** When the profile and subscriptions were last read from Microsoft 365 (ISO 8601). */
  readonly readAt?: string;
}

/** Where an organisation's profile, subscriptions and resellers come from (`Tenant.source`). */
export type OrganisationOrigin = 'microsoft365' | 'seed';

export interface Subscription {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** The partner of record (subscription advisor), when there is one. */
  readonly partnerId?: string;
  /** Bumped by every change, so a change prepared against an older state is refused. */
  readonly version: number;
  /** Its state in Microsoft 365, for subscriptions read from there (seeded ones have none). */
  readonly status?: SubscriptionStatus;
}

export interface Partner {
  readonly id: string;
  readonly name: string;
}

/** A relationship as stored: reseller and delegated-admin relationships. */
export interface StoredRelationship {
  /** The partner's ID; for a reseller read from Microsoft 365, its tenant ID. */
  readonly partnerId: string;
  readonly partnerName: string;
  readonly type: RelationshipType;
  /** Read from Microsoft 365 (a subscription's creating tenant), rather than seeded or recorded here. */
  readonly source?: 'microsoft365';
}

/** A relationship as shown to the admin. */
export interface Relationship {
  readonly tenantId: string;
  readonly partnerId: string;
  /** Unknown when the partner of record's ID is not in the partner directory. */
  readonly partnerName?: string;
  readonly type: RelationshipType;
  /** Subscriptions concerned (advisor relationships follow from partners of record). */
  readonly subscriptionIds: readonly string[];
}

export const OFFER_INCLUDES = ['trial', 'purchase'] as const;
export type OfferIncludeKind = (typeof OFFER_INCLUDES)[number];

export const OFFER_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** A 21Vianet partner's request to become the tenant's delegated admin. */
export interface PartnerOffer {
  readonly id: string;
  readonly tenantId: string;
  readonly partnerId: string;
  readonly partnerName: string;
  readonly includes?: { readonly kind: OfferIncludeKind; readonly product: string };
  readonly status: OfferStatus;
}

export const AUDIT_ACTIONS = ['add', 'change', 'remove', 'acceptOffer'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** ISO 8601 time of the change. */
  readonly at: string;
  readonly tenantId: string;
  /** aadObjectId (or channel user id) of the admin who made the change. */
  readonly actor: string;
  /** The admin's display name when the channel gave one. */
  readonly actorName?: string;
  readonly action: AuditAction;
  readonly subscriptionId?: string;
  readonly offerId?: string;
  readonly before?: string;
  readonly after?: string;
}
