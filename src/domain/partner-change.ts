import { isChangeable } from './organisation.js';
import { addMethod } from './relationship.js';
import type { AuditEntry, PartnerOffer, Subscription, Tenant } from './model.js';
import { parsePartnerId, type PartnerIdError } from './partner-id.js';
import { fail, ok, type Result } from './result.js';

export const PARTNER_CHANGE_KINDS = ['add', 'change', 'remove'] as const;
export type PartnerChangeKind = (typeof PARTNER_CHANGE_KINDS)[number];

/** A change of a subscription's partner of record, as an admin asked for it. */
export interface PartnerChangeRequest {
  readonly kind: PartnerChangeKind;
  readonly subscriptionId: string;
  /** The subscription version the admin saw when confirming. */
  readonly expectedVersion: number;
  /** The new Partner ID, as typed (add and change). */
  readonly partnerId?: string;
}

/** Why a change is refused. Domain codes: the edge turns them into text (`src/i18n/domain-errors.ts`). */
export type ChangeError =
  | PartnerIdError
  | 'notAdmin'
  | 'tenantUnknown'
  | 'subscriptionNotFound'
  | 'stale'
  | 'partnerInitiated'
  | 'alreadyHasPartner'
  | 'noPartner'
  | 'samePartner'
  | 'offerNotFound'
  | 'offerNotPending'
  | 'offerWrongCloud'
  /** Suspended, deleted or locked in Microsoft 365: its partner is not changed. */
  | 'subscriptionInactive'
  /** Microsoft 365 could not be asked who the user is at the moment of the change: nothing changed. */
  | 'organisationUnavailable'
  /** The register could not write the change: nothing changed. */
  | 'notSaved';

/** What a change does to the stored data: the new subscription and its audit entry. */
export interface PlannedChange {
  readonly subscription: Subscription;
  readonly audit: AuditEntry;
}

/** The user who asks for a change. */
export interface Actor {
  readonly id: string | undefined;
  readonly name?: string | undefined;
}

export interface ChangeContext {
  readonly tenant: Tenant | undefined;
  /** The subscription as stored now, looked up within the tenant only. */
  readonly subscription: Subscription | undefined;
  readonly actor: Actor;
  readonly isAdmin: boolean;
  readonly now: Date;
}

/**
 * The Partner ID an add or a change sets, from what the admin typed: a valid ID, and for a change
 * one that differs from the current partner's.
 */
export function newPartnerId(kind: 'add' | 'change', raw: string, current: string | undefined): Result<string, ChangeError> {
  const parsed = parsePartnerId(raw);
  if (!parsed.ok) return parsed;
  if (kind === 'change' && parsed.value === current) return fail('samePartner');
  return ok(parsed.value);
}

/** The subscriptions a kind of change applies to: any for an add, those with a partner otherwise. */
export const appliesTo = (kind: PartnerChangeKind, subscription: Subscription): boolean =>
  isChangeable(subscription.status) && (kind === 'add' || subscription.partnerId !== undefined);

/**
 * Decides whether a partner change may be applied to the stored subscription and, if so, what the
 * subscription becomes. Every check the article implies is made here, against the data as stored at
 * the moment of the change, so a forged or stale request is refused whatever a card said.
 */
export function planPartnerChange(
  ctx: ChangeContext,
  request: PartnerChangeRequest,
): Result<PlannedChange, ChangeError> {
  const { tenant, subscription } = ctx;
  if (!tenant) return fail('tenantUnknown');
  if (!ctx.isAdmin) return fail('notAdmin');
  if (!subscription || subscription.tenantId !== tenant.id) {
    return fail('subscriptionNotFound');
  }
  if (subscription.version !== request.expectedVersion) return fail('stale');
  if (!isChangeable(subscription.status)) return fail('subscriptionInactive');

  let partnerId: string | undefined;
  switch (request.kind) {
    case 'add': {
      if (addMethod(tenant.cloud) !== 'partnerId') return fail('partnerInitiated');
      if (subscription.partnerId !== undefined) return fail('alreadyHasPartner');
      const parsed = newPartnerId('add', request.partnerId ?? '', undefined);
      if (!parsed.ok) return parsed;
      partnerId = parsed.value;
      break;
    }
    case 'change': {
      if (subscription.partnerId === undefined) return fail('noPartner');
      const parsed = newPartnerId('change', request.partnerId ?? '', subscription.partnerId);
      if (!parsed.ok) return parsed;
      partnerId = parsed.value;
      break;
    }
    case 'remove':
      if (subscription.partnerId === undefined) return fail('noPartner');
      partnerId = undefined;
      break;
  }

  const { partnerId: before, ...rest } = subscription;
  const next: Subscription = {
    ...rest,
    ...(partnerId === undefined ? {} : { partnerId }),
    version: subscription.version + 1,
  };
  return ok({
    subscription: next,
    audit: auditEntry(ctx, {
      action: request.kind,
      subscriptionId: subscription.id,
      ...(before === undefined ? {} : { before }),
      ...(partnerId === undefined ? {} : { after: partnerId }),
    }),
  });
}

/** What accepting a 21Vianet partner offer does. */
export interface PlannedAcceptance {
  readonly offer: PartnerOffer;
  /** The trial or purchased subscription the offer came with, if any. */
  readonly subscription?: Subscription;
  readonly audit: AuditEntry;
}

export interface AcceptContext {
  readonly tenant: Tenant | undefined;
  readonly offer: PartnerOffer | undefined;
  readonly actor: Actor;
  readonly isAdmin: boolean;
  readonly now: Date;
  /** Id for the subscription an offer with a trial or purchase creates. */
  readonly newSubscriptionId: string;
}

/**
 * Accepting a partner offer (21Vianet): the partner becomes the tenant's delegated admin and, when
 * the offer comes with a trial or a purchase, that subscription is created with the partner as its
 * partner of record.
 */
export function planOfferAcceptance(ctx: AcceptContext): Result<PlannedAcceptance, ChangeError> {
  const { tenant, offer } = ctx;
  if (!tenant) return fail('tenantUnknown');
  if (!ctx.isAdmin) return fail('notAdmin');
  if (!offer || offer.tenantId !== tenant.id) return fail('offerNotFound');
  if (addMethod(tenant.cloud) !== 'partnerOffer') return fail('offerWrongCloud');
  if (offer.status !== 'pending') return fail('offerNotPending');

  const subscription: Subscription | undefined = offer.includes && {
    id: ctx.newSubscriptionId,
    tenantId: tenant.id,
    name: offer.includes.product,
    partnerId: offer.partnerId,
    version: 1,
  };
  return ok({
    offer: { ...offer, status: 'accepted' },
    ...(subscription ? { subscription } : {}),
    audit: auditEntry(ctx, {
      action: 'acceptOffer',
      offerId: offer.id,
      after: offer.partnerId,
      ...(subscription ? { subscriptionId: subscription.id } : {}),
    }),
  });
}

function auditEntry(
  ctx: { readonly tenant: Tenant | undefined; readonly actor: Actor; readonly now: Date },
  fields: Omit<AuditEntry, 'at' | 'tenantId' | 'actor' | 'actorName'>,
): AuditEntry {
  const { id, name } = ctx.actor;
  return {
    at: ctx.now.toISOString(),
    tenantId: ctx.tenant?.id ?? '',
    actor: id ?? '',
    ...(name ? { actorName: name } : {}),
    ...fields,
  };
}
