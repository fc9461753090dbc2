import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Low } from 'lowdb';
import { isTenantAdmin, type AccessPolicy } from '../domain/access.js';
import type {
  AuditEntry,
  Partner,
  PartnerOffer,
  Relationship,
  StoredRelationship,
  Subscription,
  Tenant,
} from '../domain/model.js';
import {
  planOfferAcceptance,
  planPartnerChange,
  type Actor,
  type ChangeError,
  type PartnerChangeRequest,
  type PlannedAcceptance,
} from '../domain/partner-change.js';
import { relationshipsOf } from '../domain/relationships.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { Seed } from '../domain/seed.js';
import { isRecord, openJsonDb, SerialQueue, StoreWriteError } from './json-db.js';

/** Everything the dialogs need from the partner data, whatever store holds it. */
export interface PartnerRepository {
  getTenant(tenantId: string): Promise<Tenant | undefined>;
  /** True when `userId` may change partners of the tenant (checked again at every write). */
  isAdmin(tenantId: string, userId: string | undefined): Promise<boolean>;
  listSubscriptions(tenantId: string): Promise<Subscription[]>;
  /** A subscription of this tenant; another tenant's subscription is not found. */
  getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | undefined>;
  findPartner(partnerId: string): Promise<Partner | undefined>;
  listRelationships(tenantId: string): Promise<Relationship[]>;
  listOffers(tenantId: string): Promise<PartnerOffer[]>;
  /** The tenant's audit log, newest first. */
  listAudit(tenantId: string, limit: number): Promise<AuditEntry[]>;
  /**
   * Applies an add, change or removal of a subscription's partner of record. Resolves only once
   * the change and its audit entry are on disk; rejects with `StoreWriteError` if they could not
   * be written, and then nothing changed.
   */
  changePartner(
    tenantId: string,
    actor: Actor,
    request: PartnerChangeRequest,
    now: Date,
  ): Promise<Result<Subscription, ChangeError>>;
  /** Accepts a 21Vianet partner offer; durable before it resolves, like `changePartner`. */
  acceptOffer(
    tenantId: string,
    actor: Actor,
    offerId: string,
    now: Date,
  ): Promise<Result<PlannedAcceptance, ChangeError>>;
  /** Upserts a seed by id; nothing is deleted. Running the same seed twice changes nothing. */
  importSeed(seed: Seed): Promise<SeedReport>;
  /** Imports the tenants of `seed` that are not stored yet (the demo catalogue on first start). */
  seedMissingTenants(seed: Seed): Promise<SeedReport>;
  /** Resolves once every change so far is on disk. */
  flush(): Promise<void>;
}

export interface SeedReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

interface TenantRecord {
  readonly tenant: Tenant;
  readonly subscriptions: Readonly<Record<string, Subscription>>;
  readonly relationships: readonly StoredRelationship[];
  readonly offers: Readonly<Record<string, PartnerOffer>>;
  readonly audit: readonly AuditEntry[];
}

interface PartnerData {
  readonly schemaVersion: 1;
  readonly partners: Readonly<Record<string, Partner>>;
  readonly tenants: Readonly<Record<string, TenantRecord>>;
}

const isPartnerData = (data: unknown): data is PartnerData =>
  isRecord(data) && data.schemaVersion === 1 && isRecord(data.partners) && isRecord(data.tenants);

/** A record's own property: ids typed by users never reach `Object.prototype`. */
const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const withEntry = <T>(record: Readonly<Record<string, T>>, key: string, value: T) => ({
  ...record,
  [key]: value,
});

/**
 * The partner data in one lowdb file, `DATA_DIR/partners.json`. Changes are serialized and
 * copy-on-write: each builds the next document, writes it (atomically, through steno), and only
 * then makes it the one reads see, so a failed write leaves no trace and nothing is acknowledged
 * before it is on disk.
 */
export class LowdbPartnerRepository implements PartnerRepository {
  readonly #queue = new SerialQueue();

  private constructor(
    private readonly db: Low<PartnerData>,
    private readonly file: string,
    private readonly policy: AccessPolicy,
  ) {}

  static async open(dataDir: string, policy: AccessPolicy): Promise<LowdbPartnerRepository> {
    const file = path.join(dataDir, 'partners.json');
    const db = await openJsonDb<PartnerData>(file, {
      defaults: () => ({ schemaVersion: 1, partners: {}, tenants: {} }),
      isValid: isPartnerData,
      pretty: true,
    });
    return new LowdbPartnerRepository(db, file, policy);
  }

  private record(tenantId: string): TenantRecord | undefined {
    return own(this.db.data.tenants, tenantId);
  }

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    return this.record(tenantId)?.tenant;
  }

  async isAdmin(tenantId: string, userId: string | undefined): Promise<boolean> {
    return isTenantAdmin(this.record(tenantId)?.tenant, userId, this.policy);
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    return Object.values(this.record(tenantId)?.subscriptions ?? {});
  }

  async getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | undefined> {
    const record = this.record(tenantId);
    return record && own(record.subscriptions, subscriptionId);
  }

  async findPartner(partnerId: string): Promise<Partner | undefined> {
    return own(this.db.data.partners, partnerId);
  }

  async listRelationships(tenantId: string): Promise<Relationship[]> {
    const record = this.record(tenantId);
    if (!record) return [];
    return relationshipsOf(
      tenantId,
      Object.values(record.subscriptions),
      record.relationships,
      (id) => own(this.db.data.partners, id)?.name,
    );
  }

  async listOffers(tenantId: string): Promise<PartnerOffer[]> {
    return Object.values(this.record(tenantId)?.offers ?? {});
  }

  async listAudit(tenantId: string, limit: number): Promise<AuditEntry[]> {
    const audit = this.record(tenantId)?.audit ?? [];
    return audit.slice(Math.max(0, audit.length - limit)).reverse();
  }

  changePartner(
    tenantId: string,
    actor: Actor,
    request: PartnerChangeRequest,
    now: Date,
  ): Promise<Result<Subscription, ChangeError>> {
    return this.#queue.run(async () => {
      const record = this.record(tenantId);
      const planned = planPartnerChange(
        {
          tenant: record?.tenant,
          subscription: record && own(record.subscriptions, request.subscriptionId),
          actor,
          isAdmin: isTenantAdmin(record?.tenant, actor.id, this.policy),
          now,
        },
        request,
      );
      if (!planned.ok || !record) return planned.ok ? fail('errors:change.tenantUnknown') : planned;
      const { subscription, audit } = planned.value;
      await this.commit(tenantId, {
        ...record,
        subscriptions: withEntry(record.subscriptions, subscription.id, subscription),
        audit: [...record.audit, audit],
      });
      return ok(subscription);
    });
  }

  acceptOffer(
    tenantId: string,
    actor: Actor,
    offerId: string,
    now: Date,
  ): Promise<Result<PlannedAcceptance, ChangeError>> {
    return this.#queue.run(async () => {
      const record = this.record(tenantId);
      const planned = planOfferAcceptance({
        tenant: record?.tenant,
        offer: record && own(record.offers, offerId),
        actor,
        isAdmin: isTenantAdmin(record?.tenant, actor.id, this.policy),
        now,
        newSubscriptionId: randomUUID(),
      });
      if (!planned.ok || !record) return planned.ok ? fail('errors:change.tenantUnknown') : planned;
      const { offer, subscription, audit } = planned.value;
      const delegated: StoredRelationship = {
        partnerId: offer.partnerId,
        partnerName: offer.partnerName,
        type: 'delegatedAdmin',
      };
      await this.commit(tenantId, {
        ...record,
        offers: withEntry(record.offers, offer.id, offer),
        subscriptions: subscription
          ? withEntry(record.subscriptions, subscription.id, subscription)
          : record.subscriptions,
        relationships: upsertRelationship(record.relationships, delegated),
        audit: [...record.audit, audit],
      });
      return planned;
    });
  }

  importSeed(seed: Seed): Promise<SeedReport> {
    return this.#queue.run(() => this.applySeed(seed, () => true));
  }

  seedMissingTenants(seed: Seed): Promise<SeedReport> {
    return this.#queue.run(() => this.applySeed(seed, (id) => this.record(id) === undefined));
  }

  async flush(): Promise<void> {
    await this.#queue.drain();
  }

  private async applySeed(seed: Seed, include: (tenantId: string) => boolean): Promise<SeedReport> {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const tally = <T>(before: T | undefined, after: T): T => {
      if (before === undefined) counts.created++;
      else if (JSON.stringify(before) === JSON.stringify(after)) {
        counts.unchanged++;
        return before;
      } else counts.updated++;
      return after;
    };
    const tenantsToSeed = seed.tenants.filter((t) => include(t.id));
    let partners = this.db.data.partners;
    for (const p of seed.partners) {
      partners = withEntry(partners, p.id, tally(own(partners, p.id), { id: p.id, name: p.name }));
    }
    let tenants = this.db.data.tenants;
    for (const t of tenantsToSeed) {
      const old = own(tenants, t.id);
      const tenant = tally(old?.tenant, { id: t.id, name: t.name, cloud: t.cloud, admins: t.admins });
      let subscriptions = old?.subscriptions ?? {};
      for (const s of t.subscriptions) {
        const stored = own(subscriptions, s.id);
        const fields = { id: s.id, tenantId: t.id, name: s.name, ...(s.partnerId ? { partnerId: s.partnerId } : {}) };
        const same = stored && stored.name === s.name && stored.partnerId === s.partnerId;
        const next = same ? stored : { ...fields, version: (stored?.version ?? 0) + 1 };
        subscriptions = withEntry(subscriptions, s.id, tally(stored, next));
      }
      let relationships = old?.relationships ?? [];
      for (const r of t.relationships) {
        const stored = relationships.find((x) => x.type === r.type && x.partnerId === r.partnerId);
        tally(stored, r);
        relationships = upsertRelationship(relationships, r);
      }
      let offers = old?.offers ?? {};
      for (const o of t.offers) {
        const stored = own(offers, o.id);
        const { status, ...fields } = o;
        const next: PartnerOffer = { ...fields, tenantId: t.id, status: status ?? stored?.status ?? 'pending' };
        offers = withEntry(offers, o.id, tally(stored, next));
      }
      tenants = withEntry(tenants, t.id, {
        tenant,
        subscriptions,
        relationships,
        offers,
        audit: old?.audit ?? [],
      });
    }
    if (counts.created + counts.updated > 0) {
      await this.write({ ...this.db.data, partners, tenants });
    }
    return counts;
  }

  private commit(tenantId: string, record: TenantRecord): Promise<void> {
    return this.write({ ...this.db.data, tenants: withEntry(this.db.data.tenants, tenantId, record) });
  }

  /** Writes `next` to disk, then makes it the data reads see. */
  private async write(next: PartnerData): Promise<void> {
    try {
      await this.db.adapter.write(next);
    } catch (cause) {
      throw new StoreWriteError(this.file, { cause });
    }
    this.db.data = next;
  }
}

function upsertRelationship(
  list: readonly StoredRelationship[],
  r: StoredRelationship,
): StoredRelationship[] {
  const same = (x: StoredRelationship) => x.type === r.type && x.partnerId === r.partnerId;
  return list.some(same) ? list.map((x) => (same(x) ? r : x)) : [...list, r];
}
