import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import type { Partner } from '../../domain/model.js';
import type { ChangeError } from '../../domain/partner-change.js';
import { ok, type Result } from '../../domain/result.js';
import type { Seed } from '../../domain/seed-file.js';
import { isDirectoryFile, isTenantFile, type DirectoryFile, type TenantFile, type TenantRecord } from '../../domain/tenant-record.js';
import { DataFileError, OrganisationDataError, StoreWriteError, type PartnerRegister, type RecordPlan, type SeedReport } from '../../ports/partner-register.js';
import { isRecord, openJsonDb, parseDataFile, SerialQueue } from './json-file.js';
import { RecordRegister } from '../record-register.js';
import type { DiskWorker } from './disk-worker.js';

export { AUDIT_IN_FILE } from '../../domain/tenant-record.js';

/** The single-file layout of earlier versions (`DATA_DIR/partners.json`), migrated at start. */
interface LegacyPartnerData {
  readonly schemaVersion: 1;
  readonly partners: Readonly<Record<string, Partner>>;
  readonly tenants: Readonly<Record<string, TenantRecord>>;
}

/** How much organisation data a register keeps in memory, and for how long. */
export interface TenantCacheOptions {
  /** Bytes of tenant files (their size on disk) kept in memory; least recently used dropped first. */
  readonly bytes: number;
  /** A tenant not used for this long is dropped from memory. */
  readonly idleMs: number;
  readonly clock?: () => number;
}

export const DEFAULT_TENANT_CACHE: TenantCacheOptions = { bytes: 32 * 1024 * 1024, idleMs: 10 * 60_000 };

/** What an unknown tenant (no file) costs in the cache: enough to bound a flood of made-up ids. */
const MISSING_BYTES = 256;

interface Cached {
  /** The record as its file holds it (undefined: no file); rejects when the file is damaged. */
  readonly record: Promise<TenantRecord | undefined>;
  /** Its file's size once read (0 while reading): what it counts against the bound. */
  bytes: number;
  usedAt: number;
}

/**
 * The partner data on lowdb, one file per tenant under `DATA_DIR/partners/tenants/` plus the
 * partner directory. Start reads the directory only: a tenant's file is read at its first turn
 * and kept in a cache bounded by bytes, least recently used first, and dropped after it has been
 * idle for a while; the file stays the truth. A damaged file is found when its tenant is read:
 * that tenant is refused (`OrganisationDataError`), its file never overwritten, and the others
 * are served. A change touches its tenant's file only, so its cost does not grow with the number
 * of tenants; changes of one tenant run one at a time, whether or not the tenant is in the cache.
 * Each is copy-on-write: the next document is written whole (temporary file, then rename) and
 * only then becomes the one reads see, so a failed write leaves no trace and nothing is
 * acknowledged before it is on disk.
 */
export class FilePartnerRegister extends RecordRegister implements PartnerRegister {
  /** Tenants read (or being read), least recently used first. */
  readonly #cache = new Map<string, Cached>();
  #cachedBytes = 0;
  /** Tenants with a change running or waiting: never dropped from the cache meanwhile. */
  readonly #locks = new Map<string, SerialQueue>();
  readonly #seeding = new SerialQueue();
  readonly #clock: () => number;

  private constructor(
    private readonly dir: string,
    private readonly directory: Low<DirectoryFile>,
    private readonly disk: DiskWorker,
    private readonly cache: TenantCacheOptions,
  ) {
    super();
    this.#clock = cache.clock ?? Date.now;
    // The timer holds the register weakly: a register nobody uses any more is not kept alive by it.
    const self = new WeakRef(this);
    const timer = setInterval(() => {
      const register = self.deref();
      if (register) register.dropIdle();
      else clearInterval(timer);
    }, Math.max(1000, Math.min(cache.idleMs, 60_000)));
    timer.unref();
  }

  /**
   * Opens the register in `dataDir`: reads the partner directory (and moves the data of the
   * single-file layout, if any), nothing per tenant. `disk` is the thread its files are read and
   * written on.
   */
  static async open(dataDir: string, disk: DiskWorker, cache: TenantCacheOptions = DEFAULT_TENANT_CACHE): Promise<FilePartnerRegister> {
    const dir = path.join(dataDir, 'partners');
    const legacy = await readLegacy(path.join(dataDir, 'partners.json'));
    const directory = await openJsonDb<DirectoryFile>(path.join(dir, 'directory.json'), {
      defaults: () => ({ schemaVersion: 1, partners: legacy?.partners ?? {} }),
      isValid: isDirectoryFile,
      pretty: true,
      disk,
    });
    const repository = new FilePartnerRegister(dir, directory, disk, cache);
    if (legacy) await repository.migrate(legacy, path.join(dataDir, 'partners.json'));
    return repository;
  }

  /** Moves the tenants of a single-file `partners.json` into per-tenant files, then sets it aside. */
  private async migrate(legacy: LegacyPartnerData, file: string): Promise<void> {
    await this.directory.write();
    for (const record of Object.values(legacy.tenants)) {
      if ((await this.recordOf(record.tenant.id)) === undefined) await this.commit(record.tenant.id, record);
    }
    await rename(file, `${file}.migrated`);
  }

  /** The file holding a tenant's data (whether or not it exists yet). */
  fileOf(tenantId: string): string {
    return path.join(this.dir, 'tenants', tenantFileName(tenantId));
  }

  /** Tenants held in memory now, and the size of their files: what the cache bound applies to. */
  get cached(): { readonly tenants: number; readonly bytes: number } {
    return { tenants: this.#cache.size, bytes: this.#cachedBytes };
  }

  protected recordOf(tenantId: string): Promise<TenantRecord | undefined> {
    // Most turns read a tenant's record: turns waiting for the disk go on before this one (as the
    // state store does for the turns whose state is on disk too).
    this.disk.settleFinished();
    return this.entry(tenantId).record;
  }

  /** The tenant's cache entry, read from its file if need be; now the most recently used. */
  private entry(tenantId: string): Cached {
    const now = this.#clock();
    const hit = this.#cache.get(tenantId);
    if (hit) {
      hit.usedAt = now;
      this.#cache.delete(tenantId);
      this.#cache.set(tenantId, hit);
      return hit;
    }
    const reading = this.read(tenantId);
    const entry: Cached = { record: reading.then((read) => read.record), bytes: 0, usedAt: now };
    this.#cache.set(tenantId, entry);
    reading.then(
      ({ bytes }) => {
        if (this.#cache.get(tenantId) !== entry) return;
        entry.bytes = bytes;
        this.#cachedBytes += bytes;
        this.evict();
      },
      // A damaged file is not remembered: once fixed (or moved), the tenant's next turn reads it.
      () => {
        if (this.#cache.get(tenantId) === entry) this.#cache.delete(tenantId);
      },
    );
    return entry;
  }

  private async read(tenantId: string): Promise<{ record: TenantRecord | undefined; bytes: number }> {
    const file = this.fileOf(tenantId);
    const text = await this.disk.read(file);
    if (text === undefined) return { record: undefined, bytes: MISSING_BYTES };
    return { record: parseTenantFile(file, text, tenantId).record, bytes: text.length };
  }

  /** Makes `record` (just written, `bytes` long) the one reads see. */
  private remember(tenantId: string, record: TenantRecord, bytes: number): void {
    this.forget(tenantId);
    this.#cache.set(tenantId, { record: Promise.resolve(record), bytes, usedAt: this.#clock() });
    this.#cachedBytes += bytes;
    this.evict();
  }

  private forget(tenantId: string): void {
    const entry = this.#cache.get(tenantId);
    if (!entry) return;
    this.#cache.delete(tenantId);
    this.#cachedBytes -= entry.bytes;
  }

  /** Drops the least recently used tenants, but none with a change under way, until within the bound. */
  private evict(): void {
    if (this.#cachedBytes <= this.cache.bytes) return;
    for (const tenantId of this.#cache.keys()) {
      if (this.#cachedBytes <= this.cache.bytes) return;
      if (!this.#locks.has(tenantId)) this.forget(tenantId);
    }
  }

  /** Drops the tenants not used for `idleMs` (the least recently used come first). */
  private dropIdle(): void {
    const before = this.#clock() - this.cache.idleMs;
    for (const [tenantId, entry] of this.#cache) {
      if (entry.usedAt > before) return;
      if (!this.#locks.has(tenantId)) this.forget(tenantId);
    }
  }

  protected async directoryFile(): Promise<DirectoryFile> {
    return this.directory.data;
  }

  /**
   * Runs a change of one tenant after the ones before it (other tenants are not held up). The
   * queue lives as long as changes wait in it, apart from the cache, so dropping a tenant from
   * memory never lets two of its changes overlap.
   */
  private serialized<T>(tenantId: string, task: () => Promise<T>): Promise<T> {
    let queue = this.#locks.get(tenantId);
    if (!queue) {
      queue = new SerialQueue();
      this.#locks.set(tenantId, queue);
    }
    const owner = queue;
    return owner.run(task).finally(() => {
      if (this.#locks.get(tenantId) === owner && owner.idle) this.#locks.delete(tenantId);
    });
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
      // A damaged file rejects here, before anything is planned or written.
      const current = await this.entry(tenantId).record;
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
    return this.#seeding.run(async () => {
      const missing = new Set<string>();
      for (const t of seed.tenants) {
        // A tenant whose file is damaged is not missing: it is left as it is.
        const stored = await this.recordOf(t.id).catch((error: unknown) => {
          if (error instanceof OrganisationDataError) return null;
          throw error;
        });
        if (stored === undefined) missing.add(t.id);
      }
      return this.applySeed(seed, (id) => missing.has(id));
    });
  }

  async flush(): Promise<void> {
    await this.#seeding.drain();
    await Promise.all([...this.#locks.values()].map((queue) => queue.drain()));
  }

  protected async updateDirectory(next: (current: DirectoryFile) => DirectoryFile): Promise<void> {
    const directory = next(this.directory.data);
    if (directory !== this.directory.data) await writeOrFail(this.directory, directory, path.join(this.dir, 'directory.json'));
  }

  /** Writes a tenant's next record to its file, then makes it the one reads see. */
  private async commit(tenantId: string, full: TenantRecord): Promise<void> {
    const record = await this.archiveAudit(tenantId, full);
    const file = this.fileOf(tenantId);
    const next: TenantFile = { schemaVersion: 1, record };
    const text = JSON.stringify(next, null, 2);
    try {
      await this.disk.write(file, text);
    } catch (cause) {
      throw new StoreWriteError(file, { cause });
    }
    this.remember(tenantId, record, text.length);
  }
}

/** `<hash>.json`: a hash of the tenant id, so any id makes a safe file name. */
export function tenantFileName(tenantId: string): string {
  return `${createHash('sha256').update(tenantId).digest('hex').slice(0, 40)}.json`;
}

/**
 * A tenant file's document, or `OrganisationDataError` naming the file: not valid JSON, not of the
 * shape, or another tenant's data (`tenantId`, when given, is the tenant it must hold).
 */
export function parseTenantFile(file: string, text: string, tenantId?: string): TenantFile {
  let data: TenantFile;
  try {
    data = parseDataFile(file, text, isTenantFile, 'a tenant file');
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    throw new OrganisationDataError(tenantId ?? '', file, error.reason);
  }
  const holds = data.record.tenant.id;
  if (tenantFileName(holds) !== path.basename(file) || (tenantId !== undefined && holds !== tenantId)) {
    throw new OrganisationDataError(tenantId ?? holds, file, `holds the data of another organisation (${JSON.stringify(holds)})`);
  }
  return data;
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
