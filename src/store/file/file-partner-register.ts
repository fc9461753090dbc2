import { createHash } from 'node:crypto';
import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import type { Partner } from '../../domain/model.js';
import type { ChangeError } from '../../domain/partner-change.js';
import { ok, type Result } from '../../domain/result.js';
import type { Seed } from '../../domain/seed-file.js';
import { isDirectoryFile, isTenantFile, type DirectoryFile, type TenantFile, type TenantRecord } from '../../domain/tenant-record.js';
import { DataFileError, StoreWriteError, type PartnerRegister, type RecordPlan, type SeedReport } from '../../ports/partner-register.js';
import { isRecord, openJsonDb, SerialQueue } from './json-file.js';
import { RecordRegister } from '../record-register.js';
import type { DiskWorker } from './disk-worker.js';

export { AUDIT_IN_FILE } from '../../domain/tenant-record.js';

/** The single-file layout of earlier versions (`DATA_DIR/partners.json`), migrated at start. */
interface LegacyPartnerData {
  readonly schemaVersion: 1;
  readonly partners: Readonly<Record<string, Partner>>;
  readonly tenants: Readonly<Record<string, TenantRecord>>;
}

interface TenantEntry {
  readonly db: Low<TenantFile>;
  readonly file: string;
  readonly queue: SerialQueue;
}

/**
 * The partner data on lowdb, one file per tenant under `DATA_DIR/partners/tenants/` plus the
 * partner directory, all read and checked at start (a damaged file stops the bot, named, never
 * overwritten). A change touches its tenant's file only, so its cost does not grow with the number
 * of tenants; changes of one tenant run one at a time. Each is copy-on-write: the next document is
 * written whole (temporary file, then rename) and only then becomes the one reads see, so a failed
 * write leaves no trace and nothing is acknowledged before it is on disk.
 */
export class FilePartnerRegister extends RecordRegister implements PartnerRegister {
  readonly #tenants = new Map<string, TenantEntry>();
  readonly #seeding = new SerialQueue();

  private constructor(
    private readonly dir: string,
    private readonly directory: Low<DirectoryFile>,
    private readonly disk: DiskWorker,
  ) {
    super();
  }

  /** Opens the register in `dataDir`; `disk` is the thread its files are read and written on. */
  static async open(dataDir: string, disk: DiskWorker): Promise<FilePartnerRegister> {
    const dir = path.join(dataDir, 'partners');
    const legacy = await readLegacy(path.join(dataDir, 'partners.json'));
    const directory = await openJsonDb<DirectoryFile>(path.join(dir, 'directory.json'), {
      defaults: () => ({ schemaVersion: 1, partners: legacy?.partners ?? {} }),
      isValid: isDirectoryFile,
      pretty: true,
      disk,
    });
    const repository = new FilePartnerRegister(dir, directory, disk);
    const tenantsDir = path.join(dir, 'tenants');
    const names = (await readdir(tenantsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
    // Read in parallel batches: start-up with a thousand organisations stays well under a second.
    for (let i = 0; i < names.length; i += 64) {
      const batch = await Promise.all(
        names.slice(i, i + 64).map(async (name) => {
          const file = path.join(tenantsDir, name);
          const db = await openJsonDb<TenantFile>(file, {
            defaults: () => ({ schemaVersion: 1, record: undefined as unknown as TenantRecord }),
            isValid: isTenantFile,
            pretty: true,
            disk,
          });
          return { db, file };
        }),
      );
      for (const { db, file } of batch) {
        repository.#tenants.set(db.data.record.tenant.id, { db, file, queue: new SerialQueue() });
      }
    }
    if (legacy) await repository.migrate(legacy, path.join(dataDir, 'partners.json'));
    return repository;
  }

  /** Moves the tenants of a single-file `partners.json` into per-tenant files, then sets it aside. */
  private async migrate(legacy: LegacyPartnerData, file: string): Promise<void> {
    await this.directory.write();
    for (const record of Object.values(legacy.tenants)) {
      if (!this.#tenants.has(record.tenant.id)) await this.commit(record.tenant.id, record);
    }
    await rename(file, `${file}.migrated`);
  }

  /** The file holding a tenant's data (whether or not it exists yet). */
  fileOf(tenantId: string): string {
    const hash = createHash('sha256').update(tenantId).digest('hex').slice(0, 40);
    return path.join(this.dir, 'tenants', `${hash}.json`);
  }

  private record(tenantId: string): TenantRecord | undefined {
    return this.#tenants.get(tenantId)?.db.data.record;
  }

  protected async recordOf(tenantId: string): Promise<TenantRecord | undefined> {
    // Most turns read a tenant's record: turns waiting for the disk go on before this one (as the
    // state store does for the turns whose state is on disk too).
    this.disk.settleFinished();
    return this.record(tenantId);
  }

  protected async directoryFile(): Promise<DirectoryFile> {
    return this.directory.data;
  }

  /** Runs a change of one tenant after the ones before it (other tenants are not held up). */
  private serialized<T>(tenantId: string, task: () => Promise<T>): Promise<T> {
    const entry = this.#tenants.get(tenantId);
    return entry ? entry.queue.run(task) : task();
  }

  protected archiveOf(tenantId: string): string {
    return path.join(this.dir, 'audit', `${path.basename(this.fileOf(tenantId), '.json')}.jsonl`);
  }

  protected readArchive(tenantId: string): Promise<string> {
    return readFile(this.archiveOf(tenantId), 'utf8').catch(() => '');
  }

  protected async writeArchive(tenantId: string, text: string): Promise<void> {
    await this.disk.write(this.archiveOf(tenantId), text);
  }


  override update<T>(tenantId: string, plan: RecordPlan<T>): Promise<Result<T, ChangeError>> {
    return this.serialized(tenantId, async () => {
      const current = this.record(tenantId);
      const planned = plan(current);
      if (!planned.ok) return planned;
      if (planned.value.record !== current) await this.commit(tenantId, planned.value.record);
      return ok(planned.value.value);
    });
  }

  importSeed(seed: Seed): Promise<SeedReport> {
    return this.#seeding.run(() => this.applySeed(seed, () => true));
  }

  seedMissingTenants(seed: Seed): Promise<SeedReport> {
    return this.#seeding.run(() => this.applySeed(seed, (id) => this.record(id) === undefined));
  }

  async flush(): Promise<void> {
    await this.#seeding.drain();
    await Promise.all([...this.#tenants.values()].map((entry) => entry.queue.drain()));
  }

  protected async updateDirectory(next: (current: DirectoryFile) => DirectoryFile): Promise<void> {
    const directory = next(this.directory.data);
    if (directory !== this.directory.data) await writeOrFail(this.directory, directory, path.join(this.dir, 'directory.json'));
  }

  /** Writes a tenant's next record to its file, then makes it the one reads see. */
  private async commit(tenantId: string, full: TenantRecord): Promise<void> {
    const record = await this.archiveAudit(tenantId, full);
    let entry = this.#tenants.get(tenantId);
    const next: TenantFile = { schemaVersion: 1, record };
    if (!entry) {
      const file = this.fileOf(tenantId);
      const db = await openJsonDb<TenantFile>(file, { defaults: () => next, isValid: isTenantFile, pretty: true, disk: this.disk });
      entry = { db, file, queue: new SerialQueue() };
      await writeOrFail(db, next, file);
      this.#tenants.set(tenantId, entry);
      return;
    }
    await writeOrFail(entry.db, next, entry.file);
  }
}

/** Writes `next` through the database's adapter; only once it is on disk does it become the data. */
async function writeOrFail<T>(db: Low<T>, next: T, file: string): Promise<void> {
  try {
    await db.adapter.write(next);
  } catch (cause) {
    throw new StoreWriteError(file, { cause });
  }
  db.data = next;
}

async function readLegacy(file: string): Promise<LegacyPartnerData | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(data) || data.schemaVersion !== 1 || !isRecord(data.partners) || !isRecord(data.tenants)) {
    throw new DataFileError(file, 'not a partner-bot data file of the expected shape');
  }
  return data as unknown as LegacyPartnerData;
}
