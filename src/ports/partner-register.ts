import type { AuditEntry, Partner, PartnerOffer, Relationship, Subscription, Tenant } from '../domain/model.js';
import type { ChangeError } from '../domain/partner-change.js';
import type { Result } from '../domain/result.js';
import type { Seed } from '../domain/seed-file.js';
import type { TenantRecord } from '../domain/tenant-record.js';

/** What a plan makes of a tenant's record: the record to write, and what to answer. */
export type RecordPlan<T> = (record: TenantRecord | undefined) => Result<{ readonly record: TenantRecord; readonly value: T }, ChangeError>;

/**
 * The partner register: the partner of record of each subscription, relationships, 21Vianet
 * offers and the audit, per organisation, and the partner directory. The bot's own record (no
 * customer-side API holds the partner of record). Backends: files in DATA_DIR, or Blob Storage.
 */
export interface PartnerRegister {
  getTenant(tenantId: string): Promise<Tenant | undefined>;
  listSubscriptions(tenantId: string): Promise<Subscription[]>;
  /** A subscription of this tenant; another tenant's subscription is not found. */
  getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | undefined>;
  findPartner(partnerId: string): Promise<Partner | undefined>;
  /** The whole partner directory (to find a partner by the name an admin types). */
  listPartners(): Promise<Partner[]>;
  listRelationships(tenantId: string): Promise<Relationship[]>;
  listOffers(tenantId: string): Promise<PartnerOffer[]>;
  /** The tenant's audit log, newest first. */
  listAudit(tenantId: string, limit: number): Promise<AuditEntry[]>;
  /**
   * The one way to change a tenant's record: `plan` is given the record as stored at this moment
   * and returns the next one (or a refusal, returned as is, nothing written). Changes of one
   * tenant do not overlap, and none is lost: the file backend runs them one at a time, the Blob
   * backend writes conditionally and plans again on a conflict. Resolves once the record is
   * durable; rejects with `StoreWriteError` when it could not be written, and then nothing changed.
   * A plan that hands back the very record it was given writes nothing.
   */
  update<T>(tenantId: string, plan: RecordPlan<T>): Promise<Result<T, ChangeError>>;
  /** Upserts a seed by id; nothing is deleted. Running the same seed twice changes nothing. */
  importSeed(seed: Seed): Promise<SeedReport>;
  /** Imports the tenants of `seed` that are not stored yet (the demo catalogue on first start). */
  seedMissingTenants(seed: Seed): Promise<SeedReport>;
  /** Resolves once every change so far is durable. */
  flush(): Promise<void>;
}

export interface SeedReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** A data file that exists but cannot be used: it is never overwritten, and named in the error. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}. Fix or move this file; it was left untouched.`);
    this.name = 'DataFileError';
  }
}

/**
 * One organisation's data (its file or blob) that exists but cannot be used. Found when that
 * organisation is first read: it is refused, its data left untouched, and every other
 * organisation goes on being served.
 */
export class OrganisationDataError extends DataFileError {
  constructor(
    readonly tenantId: string,
    file: string,
    reason: string,
  ) {
    super(file, reason);
    this.name = 'OrganisationDataError';
  }
}

/** A write that did not reach the disk: whatever it carried was not saved. */
export class StoreWriteError extends Error {
  constructor(file: string, options: { cause: unknown }) {
    super(`could not write ${file}`, options);
    this.name = 'StoreWriteError';
  }
}
