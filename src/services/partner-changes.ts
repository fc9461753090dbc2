import type { Cloud, Subscription } from '../domain/model.js';
import { appliesTo, newPartnerId, type ChangeError, type PartnerChangeKind, type PartnerChangeRequest } from '../domain/partner-change.js';
import { addMethod } from '../domain/relationship.js';
import { fail, ok, type Result } from '../domain/result.js';
import { own, recordWithChange } from '../domain/tenant-record.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import { actorOf, unavailable, type Access, type Identity } from './access.js';
import { durably } from './durably.js';

/** A partner by its ID, with its name when the partner directory knows it. */
export interface PartnerRef {
  readonly id: string;
  readonly name?: string;
}

/** A subscription as the admin sees it: its name and its partner of record. */
export interface SubscriptionView {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly partner?: PartnerRef;
}

/** Why a change cannot even start, with the tenant's cloud when it is known (for its links). */
export type StartRefusal = 'tenantUnknown' | 'partnerInitiated' | 'notAdmin' | 'none';

export type Started =
  | { readonly ok: true; readonly cloud: Cloud; readonly candidates: readonly SubscriptionView[] }
  | { readonly ok: false; readonly refusal: StartRefusal; readonly cloud?: Cloud };

/** The subscription chosen; `handOff` when the admin asked to add where a partner already is. */
export interface Chosen {
  readonly subscription: SubscriptionView;
  readonly handOff?: 'change';
}

/** What a confirmation shows: the subscription, its partner now and the one it will have. */
export interface Preview {
  readonly subscription: SubscriptionView;
  readonly next?: PartnerRef & { readonly known: boolean };
}

/**
 * A change recorded: the subscription as it is now, its partner before, and the tenant's cloud (whose
 * admin center the change is then applied in: the register is not Microsoft 365).
 */
export interface Applied {
  readonly subscription: SubscriptionView;
  readonly previous?: PartnerRef;
  readonly cloud: Cloud;
}

/** How many of the latest audit entries say which subscriptions were changed recently. */
const RECENT_CHANGES = 50;

/**
 * Adding, changing and removing the partner of record of a subscription, one step at a time as a
 * conversation asks for it: start (a refusal, or the subscriptions it applies to), choose one,
 * check the Partner ID, preview, apply. Every step reads the register afresh; `apply` checks
 * everything again on the record as stored at that moment.
 */
export class PartnerChanges {
  constructor(
    private readonly register: PartnerRegister,
    private readonly access: Access,
  ) {}

  async start(who: Identity, kind: PartnerChangeKind): Promise<Started> {
    const tenant = await this.register.getTenant(who.tenantId);
    if (!tenant) return { ok: false, refusal: 'tenantUnknown' };
    const { cloud } = tenant;
    if (kind === 'add' && addMethod(cloud) === 'partnerOffer') return { ok: false, refusal: 'partnerInitiated', cloud };
    if (!(await this.access.canChangePartners(who))) return { ok: false, refusal: 'notAdmin', cloud };
    const candidates = await this.candidates(who, kind);
    return candidates.length === 0 ? { ok: false, refusal: 'none', cloud } : { ok: true, cloud, candidates };
  }

  /** The subscriptions this kind of change applies to, with their partners. */
  async candidates(who: Identity, kind: PartnerChangeKind): Promise<SubscriptionView[]> {
    const subscriptions = (await this.register.listSubscriptions(who.tenantId)).filter((s) => appliesTo(kind, s));
    // One directory lookup per partner, not per subscription: a long list has few partners.
    const ids = [...new Set(subscriptions.flatMap((s) => (s.partnerId === undefined ? [] : [s.partnerId])))];
    const partners = new Map(await Promise.all(ids.map(async (id) => [id, await this.partner(id)] as const)));
    return subscriptions.map((s) => viewOf(s, s.partnerId === undefined ? undefined : partners.get(s.partnerId)));
  }

  /**
   * The same subscriptions, the likeliest to be meant first: those the organisation changed most
   * recently (its latest audit entries), then the others in their usual order. A long list shows
   * only its head, so the head should be what an admin is after. `known`: the candidates already
   * read this turn (or a part of them), to order instead of reading them again.
   */
  async likelyCandidates(who: Identity, kind: PartnerChangeKind, known?: readonly SubscriptionView[]): Promise<SubscriptionView[]> {
    const [candidates, audit] = await Promise.all([known ?? this.candidates(who, kind), this.register.listAudit(who.tenantId, RECENT_CHANGES)]);
    const recent = [...new Set(audit.flatMap((e) => (e.subscriptionId === undefined ? [] : [e.subscriptionId])))];
    const rank = new Map(recent.map((id, i) => [id, i]));
    const at = (s: SubscriptionView) => rank.get(s.id) ?? recent.length;
    return candidates.map((s, i) => ({ s, i })).sort((a, b) => at(a.s) - at(b.s) || a.i - b.i).map(({ s }) => s);
  }

  async choose(who: Identity, kind: PartnerChangeKind, subscriptionId: string): Promise<Result<Chosen, ChangeError>> {
    const found = await this.register.getSubscription(who.tenantId, subscriptionId);
    if (!found) return fail('subscriptionNotFound');
    const subscription = await this.view(found);
    return ok(kind === 'add' && subscription.partner ? { subscription, handOff: 'change' } : { subscription });
  }

  /** The Partner ID an add or a change would set, checked against the subscription's partner now. */
  checkPartnerId(kind: 'add' | 'change', raw: string, currentId: string | undefined): Result<string, ChangeError> {
    return newPartnerId(kind, raw, currentId);
  }

  async preview(who: Identity, subscriptionId: string, partnerId: string | undefined): Promise<Preview | undefined> {
    const found = await this.register.getSubscription(who.tenantId, subscriptionId);
    if (!found) return undefined;
    const subscription = await this.view(found);
    if (partnerId === undefined) return { subscription };
    const partner = await this.register.findPartner(partnerId);
    return { subscription, next: { ...partnerRef(partnerId, partner?.name), known: partner !== undefined } };
  }

  /**
   * Applies a confirmed change: the register hands the tenant's record as stored at this moment,
   * the domain checks everything against it (rights, subscription, version, the article's rules)
   * and plans the next record, which is durable before this resolves.
   */
  async apply(who: Identity, request: PartnerChangeRequest, now: Date): Promise<Result<Applied, ChangeError>> {
    const isAdmin = await this.access.writeRule(who).catch(unavailable);
    if (!isAdmin) return fail('organisationUnavailable');
    const ctx = { actor: actorOf(who), isAdmin, now };
    let before: Subscription | undefined;
    let cloud: Cloud = 'worldwide';
    const applied = await durably(() =>
      this.register.update(who.tenantId, (record) => {
        before = record && own(record.subscriptions, request.subscriptionId);
        if (record) cloud = record.tenant.cloud;
        return recordWithChange(record, ctx, request);
      }),
    );
    if (!applied.ok) return applied;
    const previous = before?.partnerId === undefined ? undefined : await this.partner(before.partnerId);
    return ok({ subscription: await this.view(applied.value), cloud, ...(previous ? { previous } : {}) });
  }

  /** The partners the directory knows, by ID and name (to find one an admin names). */
  async directory(): Promise<PartnerRef[]> {
    return (await this.register.listPartners()).map((p) => partnerRef(p.id, p.name));
  }

  /** The subscription as stored now (after a refused stale change, to say what it holds). */
  async current(who: Identity, subscriptionId: string): Promise<SubscriptionView | undefined> {
    const found = await this.register.getSubscription(who.tenantId, subscriptionId);
    return found && this.view(found);
  }

  private async view(s: Subscription): Promise<SubscriptionView> {
    return viewOf(s, s.partnerId === undefined ? undefined : await this.partner(s.partnerId));
  }

  private async partner(id: string): Promise<PartnerRef> {
    return partnerRef(id, (await this.register.findPartner(id))?.name);
  }
}

/** A partner by its ID, named when its name is known. */
export const partnerRef = (id: string, name: string | undefined): PartnerRef => (name ? { id, name } : { id });

function viewOf(s: Subscription, partner: PartnerRef | undefined): SubscriptionView {
  const base = { id: s.id, name: s.name, version: s.version };
  return partner === undefined ? base : { ...base, partner };
}
