/** An organisation as Microsoft 365 describes it: what the bot reads, never writes. */

/** A subscription's state in Microsoft 365 (companySubscription `status`). */
export const SUBSCRIPTION_STATUSES = ['enabled', 'warning', 'suspended', 'deleted', 'lockedOut'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Statuses in which a subscription's partner may be changed: active, or in its grace period. */
const CHANGEABLE: ReadonlySet<SubscriptionStatus> = new Set(['enabled', 'warning']);

/** True for a subscription whose partner of record may be changed (seeded ones have no status). */
export const isChangeable = (status: SubscriptionStatus | undefined): boolean => status === undefined || CHANGEABLE.has(status);

export interface ProfileSubscription {
  readonly id: string;
  /** The product's name, e.g. "Microsoft 365 Business Standard". */
  readonly name: string;
  readonly status: SubscriptionStatus;
  /** The tenant that created it, when not the organisation itself: its reseller. */
  readonly resellerTenantId?: string;
}

export interface ProfileReseller {
  readonly tenantId: string;
  readonly name: string;
}

export interface OrganisationProfile {
  readonly name: string;
  readonly subscriptions: readonly ProfileSubscription[];
  readonly resellers: readonly ProfileReseller[];
}
