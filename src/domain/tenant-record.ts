import type { OrganisationProfile } from './organisation.js';
import type {
  AuditEntry,
  Cloud,
  Partner,
  PartnerOffer,
  Relationship,
  StoredRelationship,
  Subscription,
  Tenant,
} from './model.js';
import {
  planOfferAcceptance,
  planPartnerChange,
  type Actor,
  type ChangeError,
  type PartnerChangeRequest,
  type PlannedAcceptance,
} from './partner-change.js';
import { relationshipsOf } from './relationships.js';
import { fail, ok, type Result } from './result.js';
import type { Seed, SeedTenant } from './seed-file.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One organisation's partner data as the partner register keeps it (a file, a blob), and the pure
 * transitions of it: the services plan a change on a record, the register writes whole records.
 */
export interface TenantRecord {
  readonly tenant: Tenant;
  readonly subscriptions: Readonly<Record<string, Subscription>>;
  readonly relationships: readonly StoredRelationship[];
  readonly offers: Readonly<Record<string, PartnerOffer>>;
  /** The latest audit entries; older ones are in the tenant's archive. */
  readonly audit: readonly AuditEntry[];
  /** How many entries the archive holds. */
  readonly auditArchived?: number;
}

/** A tenant's document: `partners/tenants/<hash>.json`. */
export interface TenantFile {
  readonly schemaVersion: 1;
  readonly record: TenantRecord;
}

/** The partner directory: `partners/directory.json`. */
export interface DirectoryFile {
  readonly schemaVersion: 1;
  readonly partners: Readonly<Record<string, Partner>>;
}

/**
 * Audit entries kept in a tenant's document before the oldest move to its archive, so a change
 * rewrites a document of bounded size however long the history grows.
 */
export const AUDIT_IN_FILE = 100;

export const isTenantFile = (data: unknown): data is TenantFile =>
  isRecord(data) &&
  data.schemaVersion === 1 &&
  isRecord(data.record) &&
  isRecord(data.record.tenant) &&
  typeof data.record.tenant.id === 'string' &&
  isRecord(data.record.subscriptions) &&
  Array.isArray(data.record.relationships) &&
  isRecord(data.record.offers) &&
  Array.isArray(data.record.audit);

export const isDirectoryFile = (data: unknown): data is DirectoryFile =>
  isRecord(data) && data.schemaVersion === 1 && isRecord(data.partners);

/** A record's own property: ids typed by users never reach `Object.prototype`. */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

export const withEntry = <T>(record: Readonly<Record<string, T>>, key: string, value: T) => ({
  ...record,
  [key]: value,
});

export function upsertRelationship(
  list: readonly StoredRelationship[],
  r: StoredRelationship,
): StoredRelationship[] {
  const same = (x: StoredRelationship) => x.type === r.type && x.partnerId === r.partnerId;
  return list.some(same) ? list.map((x) => (same(x) ? r : x)) : [...list, r];
}

/** Who asks for a change of a record, whether they may, and when. */
export interface RecordChangeContext {
  readonly actor: Actor;
  /** Decided by the caller against the tenant as this record holds it. */
  readonly isAdmin: (tenant: Tenant | undefined) => boolean;
  readonly now: Date;
}

/** The record after a partner change, or why the change is refused (checked on this record). */
export function recordWithChange(
  record: TenantRecord | undefined,
  ctx: RecordChangeContext,
  request: PartnerChangeRequest,
): Result<{ record: TenantRecord; value: Subscription }, ChangeError> {
  const planned = planPartnerChange(
    {
      tenant: record?.tenant,
      subscription: record && own(record.subscriptions, request.subscriptionId),
      actor: ctx.actor,
      isAdmin: ctx.isAdmin(record?.tenant),
      now: ctx.now,
    },
    request,
  );
  if (!planned.ok) return planned;
  if (!record) return fail('tenantUnknown');
  const { subscription, audit } = planned.value;
  return ok({
    value: subscription,
    record: {
      ...record,
      subscriptions: withEntry(record.subscriptions, subscription.id, subscription),
      audit: [...record.audit, audit],
    },
  });
}

/** The record after accepting a 21Vianet partner offer, or why it is refused. */
export function recordWithAcceptance(
  record: TenantRecord | undefined,
  ctx: RecordChangeContext,
  offerId: string,
  newSubscriptionId: string,
): Result<{ record: TenantRecord; value: PlannedAcceptance }, ChangeError> {
  const planned = planOfferAcceptance({
    tenant: record?.tenant,
    offer: record && own(record.offers, offerId),
    actor: ctx.actor,
    isAdmin: ctx.isAdmin(record?.tenant),
    now: ctx.now,
    newSubscriptionId,
  });
  if (!planned.ok) return planned;
  if (!record) return fail('tenantUnknown');
  const { offer, subscription, audit } = planned.value;
  return ok({
    value: planned.value,
    record: {
      ...record,
      offers: withEntry(record.offers, offer.id, offer),
      subscriptions: subscription ? withEntry(record.subscriptions, subscription.id, subscription) : record.subscriptions,
      relationships: upsertRelationship(record.relationships, {
        partnerId: offer.partnerId,
        partnerName: offer.partnerName,
        type: 'delegatedAdmin',
      }),
      audit: [...record.audit, audit],
    },
  });
}

/** The organisation's relationships, with partner names from the directory. */
export function recordRelationships(record: TenantRecord | undefined, directory: DirectoryFile): Relationship[] {
  if (!record) return [];
  return relationshipsOf(
    record.tenant.id,
    Object.values(record.subscriptions),
    record.relationships,
    (id) => own(directory.partners, id)?.name,
  );
}

/**
 * The record after reading the organisation from Microsoft 365: its name, its subscriptions (each
 * keeps its partner of record and version; one no longer listed is kept as deleted, so its
 * history stays readable) and its resellers (replacing those read before); offers, delegated-admin
 * relationships and the audit are the bot's own and stay as they are.
 */
export function recordWithOrganisation(
  record: TenantRecord | undefined,
  tenantId: string,
  cloud: Cloud,
  profile: OrganisationProfile,
  now: Date,
): TenantRecord {
  const listed = new Set(profile.subscriptions.map((s) => s.id));
  let subscriptions: Readonly<Record<string, Subscription>> = {};
  for (const old of Object.values(record?.subscriptions ?? {})) {
    if (!listed.has(old.id)) subscriptions = withEntry(subscriptions, old.id, { ...old, status: 'deleted' as const });
  }
  for (const s of profile.subscriptions) {
    const old = record && own(record.subscriptions, s.id);
    const next: Subscription = {
      id: s.id,
      tenantId,
      name: s.name,
      ...(old?.partnerId === undefined ? {} : { partnerId: old.partnerId }),
      version: old?.version ?? 1,
      status: s.status,
    };
    subscriptions = withEntry(subscriptions, s.id, next);
  }
  const resellers: StoredRelationship[] = profile.resellers.map((r) => ({
    partnerId: r.tenantId,
    partnerName: r.name,
    type: 'reseller',
    source: 'microsoft365',
  }));
  return {
    tenant: { id: tenantId, name: profile.name, cloud, admins: [], source: 'microsoft365', readAt: now.toISOString() },
    subscriptions,
    relationships: [...(record?.relationships ?? []).filter((r) => r.source !== 'microsoft365'), ...resellers],
    offers: record?.offers ?? {},
    audit: record?.audit ?? [],
    ...(record?.auditArchived ? { auditArchived: record.auditArchived } : {}),
  };
}

/** Counts what a seed creates, updates and leaves as it was. */
export class SeedTally {
  created = 0;
  updated = 0;
  unchanged = 0;

  /** Returns `before` when nothing changed, so unchanged data keeps its identity. */
  count<T>(before: T | undefined, after: T): T {
    if (before === undefined) this.created++;
    else if (JSON.stringify(before) === JSON.stringify(after)) {
      this.unchanged++;
      return before;
    } else this.updated++;
    return after;
  }

  get changed(): number {
    return this.created + this.updated;
  }
}

/** The directory after a seed's partners are upserted. */
export function directoryWithSeed(directory: DirectoryFile, seed: Seed, tally: SeedTally): DirectoryFile {
  let partners = directory.partners;
  for (const p of seed.partners) {
    partners = withEntry(partners, p.id, tally.count(own(partners, p.id), { id: p.id, name: p.name }));
  }
  return partners === directory.partners ? directory : { schemaVersion: 1, partners };
}

/** A tenant's record after a seed tenant is upserted into it (nothing is deleted). */
export function recordWithSeed(old: TenantRecord | undefined, t: SeedTenant, tally: SeedTally): TenantRecord {
  const tenant = tally.count(old?.tenant, { id: t.id, name: t.name, cloud: t.cloud, admins: t.admins });
  let subscriptions = old?.subscriptions ?? {};
  for (const s of t.subscriptions) {
    const stored = own(subscriptions, s.id);
    const same = stored && stored.name === s.name && stored.partnerId === s.partnerId;
    const next = same
      ? stored
      : { id: s.id, tenantId: t.id, name: s.name, ...(s.partnerId ? { partnerId: s.partnerId } : {}), version: (stored?.version ?? 0) + 1 };
    subscriptions = withEntry(subscriptions, s.id, tally.count(stored, next));
  }
  let relationships = old?.relationships ?? [];
  for (const r of t.relationships) {
    tally.count(relationships.find((x) => x.type === r.type && x.partnerId === r.partnerId), r);
    relationships = upsertRelationship(relationships, r);
  }
  let offers = old?.offers ?? {};
  for (const o of t.offers) {
    const stored = own(offers, o.id);
    const { status, ...fields } = o;
    const next: PartnerOffer = { ...fields, tenantId: t.id, status: status ?? stored?.status ?? 'pending' };
    offers = withEntry(offers, o.id, tally.count(stored, next));
  }
  return {
    tenant,
    subscriptions,
    relationships,
    offers,
    audit: old?.audit ?? [],
    ...(old?.auditArchived ? { auditArchived: old.auditArchived } : {}),
  };
}

/**
 * Once a tenant's document holds twice `AUDIT_IN_FILE` entries, the oldest move to its archive:
 * the entries to move, and the record that no longer holds them. Stores append the archive first,
 * then write the record with the new count: a crash in between leaves surplus archive lines,
 * which `archivedEntries` ignores and the next move overwrites.
 */
export function planArchive(record: TenantRecord): { moving: AuditEntry[]; next: TenantRecord } | undefined {
  if (record.audit.length < 2 * AUDIT_IN_FILE) return undefined;
  const moving = record.audit.slice(0, record.audit.length - AUDIT_IN_FILE);
  return {
    moving,
    next: { ...record, audit: record.audit.slice(moving.length), auditArchived: (record.auditArchived ?? 0) + moving.length },
  };
}

/** The archived entries a record vouches for, from the archive's JSON lines. */
export const archivedEntries = (text: string, record: TenantRecord): AuditEntry[] =>
  text.split('\n').filter(Boolean).slice(0, record.auditArchived ?? 0).map((line) => JSON.parse(line) as AuditEntry);

/** The archive's next text: the entries it vouches for, then the ones moving in. */
export const archiveText = (kept: readonly AuditEntry[], moving: readonly AuditEntry[]): string =>
  `${[...kept, ...moving].map((e) => JSON.stringify(e)).join('\n')}\n`;

/** True when the latest `limit` entries reach into the archive. */
export const auditReachesArchive = (record: TenantRecord, limit: number): boolean =>
  limit > record.audit.length && (record.auditArchived ?? 0) > 0;

/** The latest `limit` audit entries, newest first. */
export function latestAudit(record: TenantRecord, archived: readonly AuditEntry[], limit: number): AuditEntry[] {
  const audit = [...archived, ...record.audit];
  return audit.slice(Math.max(0, audit.length - limit)).reverse();
}
