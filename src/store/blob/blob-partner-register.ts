import { createHash } from 'node:crypto';
import { RestError, type ContainerClient } from '@azure/storage-blob';
import type { ChangeError } from '../../domain/partner-change.js';
import { ok, type Result } from '../../domain/result.js';
import type { Seed } from '../../domain/seed-file.js';
import { isDirectoryFile, isTenantFile, type DirectoryFile, type TenantFile, type TenantRecord } from '../../domain/tenant-record.js';
import { RecordRegister } from '../record-register.js';
import { readBlobText } from './blob-text.js';
import { DataFileError, OrganisationDataError, StoreWriteError, type PartnerRegister, type RecordPlan, type SeedReport } from '../../ports/partner-register.js';

interface Versioned<T> {
  readonly data: T;
  /** The blob's ETag; undefined when the blob does not exist yet. */
  readonly etag: string | undefined;
  readonly readAt: number;
}

/** Someone else wrote the blob since it was read: read again and re-plan. */
class Conflict extends Error {}

/** How long a read may be served from memory; every write reads afresh and is conditional. */
const READ_TTL_MS = 1000;
const WRITE_ATTEMPTS = 8;

const EMPTY_DIRECTORY: DirectoryFile = { schemaVersion: 1, partners: {} };

/**
 * The partner data in Azure Blob Storage, for several instances of the bot sharing one container:
 * the same documents as the lowdb store (`partners/directory.json`, one blob per tenant). Every
 * change reads the tenant's blob with its ETag, plans the change on what it read, and writes only
 * if the blob is still that version (`If-Match`); if another instance wrote in between, it reads
 * again and plans again, so no update is lost and a change prepared against an old subscription
 * version is refused, exactly as with one instance.
 */
export class BlobPartnerRegister extends RecordRegister implements PartnerRegister {
  readonly #tenants = new Map<string, Versioned<TenantRecord | undefined>>();
  #directory: Versioned<DirectoryFile> | undefined;

  private constructor(
    private readonly container: ContainerClient,
    private readonly clock: () => number = () => Date.now(),
  ) {
    super();
  }

  protected async recordOf(tenantId: string): Promise<TenantRecord | undefined> {
    return (await this.tenant(tenantId)).data;
  }

  protected async directoryFile(): Promise<DirectoryFile> {
    return (await this.directory()).data;
  }

  static async open(container: ContainerClient): Promise<BlobPartnerRegister> {
    await container.createIfNotExists();
    const repository = new BlobPartnerRegister(container);
    await repository.directory(true);
    return repository;
  }

  private blobOf(tenantId: string): string {
    const hash = createHash('sha256').update(tenantId).digest('hex').slice(0, 40);
    return `partners/tenants/${hash}.json`;
  }

  private async readJson<T>(name: string, isValid: (data: unknown) => data is T): Promise<{ data: T | undefined; etag: string | undefined }> {
    const read = await readBlobText(this.container.getBlockBlobClient(name));
    if (!read) return { data: undefined, etag: undefined };
    let data: unknown;
    try {
      data = JSON.parse(read.text);
    } catch (error) {
      throw new DataFileError(name, `not valid JSON (${(error as Error).message})`);
    }
    if (!isValid(data)) throw new DataFileError(name, 'not a partner-bot document of the expected shape');
    return { data, etag: read.etag };
  }

  /** Writes `data` if the blob is still at `etag` (or still absent); throws Conflict otherwise. */
  private async writeJson(name: string, data: unknown, etag: string | undefined): Promise<string | undefined> {
    const text = JSON.stringify(data);
    try {
      const response = await this.container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text), {
        conditions: etag ? { ifMatch: etag } : { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return response.etag;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) throw new Conflict(name);
      throw new StoreWriteError(name, { cause: error });
    }
  }

  private async directory(fresh = false): Promise<Versioned<DirectoryFile>> {
    if (!fresh && this.#directory && this.clock() - this.#directory.readAt < READ_TTL_MS) return this.#directory;
    const { data, etag } = await this.readJson('partners/directory.json', isDirectoryFile);
    this.#directory = { data: data ?? EMPTY_DIRECTORY, etag, readAt: this.clock() };
    return this.#directory;
  }

  /**
   * The tenant's blob, read again once the copy in memory is older than READ_TTL_MS (or when
   * `fresh`). A damaged blob rejects with `OrganisationDataError`, and is never written.
   */
  private async tenant(tenantId: string, fresh = false): Promise<Versioned<TenantRecord | undefined>> {
    const cached = this.#tenants.get(tenantId);
    if (!fresh && cached && this.clock() - cached.readAt < READ_TTL_MS) return cached;
    const name = this.blobOf(tenantId);
    let read: { data: TenantFile | undefined; etag: string | undefined };
    try {
      read = await this.readJson(name, isTenantFile);
    } catch (error) {
      if (error instanceof DataFileError) throw new OrganisationDataError(tenantId, name, error.reason);
      throw error;
    }
    if (read.data && read.data.record.tenant.id !== tenantId) {
      throw new OrganisationDataError(tenantId, name, `holds the data of another organisation (${JSON.stringify(read.data.record.tenant.id)})`);
    }
    return this.keep(tenantId, { data: read.data?.record, etag: read.etag, readAt: this.clock() });
  }

  /**
   * Remembers what was read or written, for READ_TTL_MS; older copies are dropped as new ones come
   * (Map order is the order they were kept), so memory holds only the tenants of the last moments.
   */
  private keep(tenantId: string, versioned: Versioned<TenantRecord | undefined>): Versioned<TenantRecord | undefined> {
    this.#tenants.delete(tenantId);
    this.#tenants.set(tenantId, versioned);
    for (const [id, old] of this.#tenants) {
      if (this.clock() - old.readAt < READ_TTL_MS) break;
      this.#tenants.delete(id);
    }
    return versioned;
  }

  /**
   * Reads the tenant afresh, asks `plan` for the next record, writes it conditionally; on a
   * conflict, starts again from a fresh read. A refusal from `plan` is returned as is.
   */
  override async update<T>(tenantId: string, plan: RecordPlan<T>): Promise<Result<T, ChangeError>> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.tenant(tenantId, true);
      const planned = plan(current.data);
      if (!planned.ok) return planned;
      if (planned.value.record === current.data) return ok(planned.value.value);
      try {
        const record = await this.archiveAudit(tenantId, planned.value.record);
        const file: TenantFile = { schemaVersion: 1, record };
        const etag = await this.writeJson(this.blobOf(tenantId), file, current.etag);
        this.keep(tenantId, { data: record, etag, readAt: this.clock() });
        return ok(planned.value.value);
      } catch (error) {
        if (!(error instanceof Conflict) || attempt >= WRITE_ATTEMPTS) {
          throw error instanceof Conflict ? new StoreWriteError(this.blobOf(tenantId), { cause: error }) : error;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  importSeed(seed: Seed): Promise<SeedReport> {
    return this.applySeed(seed, () => true);
  }

  async seedMissingTenants(seed: Seed): Promise<SeedReport> {
    const missing = new Set<string>();
    for (const t of seed.tenants) {
      // A tenant whose blob is damaged is not missing: it is left as it is.
      const stored = await this.tenant(t.id, true).catch((error: unknown) => {
        if (error instanceof OrganisationDataError) return null;
        throw error;
      });
      if (stored !== null && stored.data === undefined) missing.add(t.id);
    }
    return this.applySeed(seed, (id) => missing.has(id));
  }

  async flush(): Promise<void> {
    // Every write has completed (and is durable) when its promise resolves.
  }

  protected async updateDirectory(next: (current: DirectoryFile) => DirectoryFile): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.directory(true);
      const directory = next(current.data);
      if (directory === current.data) return;
      try {
        const etag = await this.writeJson('partners/directory.json', directory, current.etag);
        this.#directory = { data: directory, etag, readAt: this.clock() };
        return;
      } catch (error) {
        if (!(error instanceof Conflict) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  protected archiveOf(tenantId: string): string {
    return this.blobOf(tenantId).replace('/tenants/', '/audit/').replace(/\.json$/, '.jsonl');
  }

  protected async readArchive(tenantId: string): Promise<string> {
    return (await readBlobText(this.container.getBlockBlobClient(this.archiveOf(tenantId))))?.text ?? '';
  }

  protected async writeArchive(tenantId: string, text: string): Promise<void> {
    await this.container.getBlockBlobClient(this.archiveOf(tenantId)).upload(text, Buffer.byteLength(text));
  }

}
