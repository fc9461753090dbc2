import type { AuditEntry, Partner, PartnerOffer, Relationship, Subscription, Tenant } from '../domain/model.js';
import type { ChangeError } from '../domain/partner-change.js';
import { ok, type Result } from '../domain/result.js';
import type { Seed } from '../domain/seed-file.js';
import { StoreWriteError, type RecordPlan, type SeedReport } from '../ports/partner-register.js';
import {
  archivedEntries,
  archiveText,
  auditReachesArchive,
  directoryWithSeed,
  latestAudit,
  own,
  planArchive,
  recordRelationships,
  recordWithSeed,
  SeedTally,
  type DirectoryFile,
  type TenantRecord,
} from '../domain/tenant-record.js';

/**
 * What every backend of the partner register does the same way: the reads, and moving old audit
 * entries to a tenant's archive. Each keeps whole tenant records and the partner directory, and
 * says how to get them (`recordOf`, `directoryFile`) and how its archives are read and written.
 */
export abstract class RecordRegister {
  protected abstract recordOf(tenantId: string): Promise<TenantRecord | undefined>;
  protected abstract directoryFile(): Promise<DirectoryFile>;
  /** The archive's JSON lines, '' when there is none. */
  protected abstract readArchive(tenantId: string): Promise<string>;
  /** Replaces the archive's text; returns where it is, for errors. */
  protected abstract writeArchive(tenantId: string, text: string): Promise<void>;
  /** Where a tenant's archive is (a file or a blob name), for errors. */
  protected abstract archiveOf(tenantId: string): string;
  abstract update<T>(tenantId: string, plan: RecordPlan<T>): Promise<Result<T, ChangeError>>;
  /** Writes `next(directory as stored)` unless it returns the directory it was given; again on a conflict. */
  protected abstract updateDirectory(next: (current: DirectoryFile) => DirectoryFile): Promise<void>;

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    return (await this.recordOf(tenantId))?.tenant;
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    return Object.values((await this.recordOf(tenantId))?.subscriptions ?? {});
  }

  async getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | undefined> {
    const record = await this.recordOf(tenantId);
    return record && own(record.subscriptions, subscriptionId);
  }

  async findPartner(partnerId: string): Promise<Partner | undefined> {
    return own((await this.directoryFile()).partners, partnerId);
  }

  async listPartners(): Promise<Partner[]> {
    return Object.values((await this.directoryFile()).partners);
  }

  async listRelationships(tenantId: string): Promise<Relationship[]> {
    return recordRelationships(await this.recordOf(tenantId), await this.directoryFile());
  }

  async listOffers(tenantId: string): Promise<PartnerOffer[]> {
    return Object.values((await this.recordOf(tenantId))?.offers ?? {});
  }

  async listAudit(tenantId: string, limit: number): Promise<AuditEntry[]> {
    const record = await this.recordOf(tenantId);
    if (!record) return [];
    const archived = auditReachesArchive(record, limit) ? archivedEntries(await this.readArchive(tenantId), record) : [];
    return latestAudit(record, archived, limit);
  }

  /**
   * Moves the oldest audit entries to the archive when `planArchive` says so, before the record
   * that no longer holds them is written (see `planArchive` for why that order is safe).
   */
  protected async archiveAudit(tenantId: string, record: TenantRecord): Promise<TenantRecord> {
    const plan = planArchive(record);
    if (!plan) return record;
    try {
      const kept = archivedEntries(await this.readArchive(tenantId), record);
      await this.writeArchive(tenantId, archiveText(kept, plan.moving));
    } catch (cause) {
      throw new StoreWriteError(this.archiveOf(tenantId), { cause });
    }
    return plan.next;
  }

  /**
   * Upserts a seed: its partners into the directory, then each tenant `include` names. A record the
   * seed leaves as it was is not written (the plan hands back the record it was given).
   */
  protected async applySeed(seed: Seed, include: (tenantId: string) => boolean): Promise<SeedReport> {
    let directory = new SeedTally();
    await this.updateDirectory((current) => {
      directory = new SeedTally();
      return directoryWithSeed(current, seed, directory);
    });
    const totals = { created: directory.created, updated: directory.updated, unchanged: directory.unchanged };
    for (const t of seed.tenants.filter((x) => include(x.id))) {
      let counted = new SeedTally();
      await this.update(t.id, (record) => {
        counted = new SeedTally();
        const next = recordWithSeed(record, t, counted);
        return ok({ record: record && counted.changed === 0 ? record : next, value: undefined });
      });
      totals.created += counted.created;
      totals.updated += counted.updated;
      totals.unchanged += counted.unchanged;
    }
    return totals;
  }
}
