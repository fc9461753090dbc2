import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import type { DiskWorker } from './disk-worker.js';
import { StoreWriteError } from '../../ports/partner-register.js';
import { isRecord, parseDataFile, SerialQueue } from './json-file.js';

/** One stored item per file: the key it belongs to and the item with its eTag. */
interface ItemFile {
  readonly key: string;
  readonly item: Record<string, unknown>;
}

export const isItemFile = (data: unknown): data is ItemFile =>
  isRecord(data) && typeof data.key === 'string' && isRecord(data.item);

/** Error thrown when a write carries an eTag older than the stored item's: the write is refused. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export interface FileStateStorageOptions {
  /** The thread that reads and writes the files (shared with the partner register). */
  readonly disk: DiskWorker;
  /** Items kept in memory (most recently used first); the files stay the truth. */
  readonly cacheSize?: number;
}

interface Slot {
  /**
   * The item as JSON, as its file holds it; undefined: known not to exist on disk. Each read
   * parses it again, so callers never share (or change) the cached copy: cheaper than cloning.
   */
  text: string | undefined;
  eTag: unknown;
}

/**
 * Bot Framework `Storage` (conversation and user state) on lowdb, one small JSON file per key under
 * `DATA_DIR/state/`, so a turn reads and writes only its own conversation's and user's files: its
 * cost does not grow with the number of conversations stored, and start-up reads nothing. Same
 * eTag semantics as botbuilder's own stores: a write whose eTag differs from the stored one is
 * refused, `'*'` or no eTag overwrites, every write gives a new eTag. Each file is written whole
 * (temporary file, then rename) on the disk thread.
 */
export class FileStateStorage implements Storage {
  /** Loaded (or loading) items, most recently used last. */
  readonly #slots = new Map<string, Promise<Slot>>();
  readonly #locks = new Map<string, SerialQueue>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #cacheSize: number;

  private readonly disk: DiskWorker;

  private constructor(
    private readonly dir: string,
    options: FileStateStorageOptions,
  ) {
    this.#cacheSize = options.cacheSize ?? 5_000;
    this.disk = options.disk;
  }

  static async open(dataDir: string, options: FileStateStorageOptions): Promise<FileStateStorage> {
    const dir = path.join(dataDir, 'state');
    await mkdir(dir, { recursive: true });
    return new FileStateStorage(dir, options);
  }

  /** `state/ab/ab12….json`: a hash, so any key (ids from any channel) makes a safe file name. */
  fileOf(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 40);
    return path.join(this.dir, hash.slice(0, 2), `${hash}.json`);
  }

  private slot(key: string): Promise<Slot> {
    const cached = this.#slots.get(key);
    if (cached) {
      // Map order is recency: move it to the end.
      this.#slots.delete(key);
      this.#slots.set(key, cached);
      return cached;
    }
    const loading = this.load(key);
    this.#slots.set(key, loading);
    // A failed load is not cached: the next turn tries the file again.
    loading.catch(() => this.#slots.get(key) === loading && this.#slots.delete(key));
    this.evict();
    return loading;
  }

  private async load(key: string): Promise<Slot> {
    const name = this.fileOf(key);
    const text = await this.disk.read(name);
    if (text === undefined) return { text: undefined, eTag: undefined };
    const stored = parseDataFile(name, text, isItemFile, 'a state file');
    // Another key with the same hash prefix would be another item: not this one.
    if (stored.key !== key) return { text: undefined, eTag: undefined };
    return { text: JSON.stringify(stored.item), eTag: stored.item.eTag };
  }

  private evict(): void {
    for (const key of this.#slots.keys()) {
      if (this.#slots.size <= this.#cacheSize) return;
      if (this.#locks.has(key)) continue; // in use
      this.#slots.delete(key);
    }
  }

  /** Runs `task` alone for `key`: a read-check-write of one item is never interleaved. */
  private locked<T>(key: string, task: () => Promise<T>): Promise<T> {
    let queue = this.#locks.get(key);
    if (!queue) {
      queue = new SerialQueue();
      this.#locks.set(key, queue);
    }
    const run = queue.run(task);
    const settled = run.finally(() => {
      if (this.#locks.get(key) === queue && queue.idle) this.#locks.delete(key);
    });
    this.#pending.add(settled);
    void settled.catch(() => undefined).finally(() => this.#pending.delete(settled));
    return run;
  }

  async read(keys: string[]): Promise<StoreItems> {
    // Every turn starts by reading its state: turns waiting for the disk go on before it.
    this.disk.settleFinished();
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const found: StoreItems = {};
    for (const key of keys) {
      const { text } = await this.slot(key);
      if (text !== undefined) setOwn(found, key, JSON.parse(text));
    }
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    // Hold every key of the batch (in a fixed order, so two batches never wait on each other),
    // check every eTag, and only then write: a batch is written whole or not at all.
    await this.lockedAll(entries.map(([key]) => key), async () => {
      const slots = await Promise.all(entries.map(([key]) => this.slot(key)));
      entries.forEach(([key, change], i) => {
        const stored = slots[i]!;
        const eTag: unknown = change?.eTag;
        if (stored.text !== undefined && eTag !== undefined && eTag !== '*' && eTag !== stored.eTag) throw new ETagConflictError(key);
      });
      await Promise.all(
        entries.map(async ([key, change], i) => {
          const slot = slots[i]!;
          const eTag = randomUUID();
          const text = JSON.stringify({ ...change, eTag });
          const file = this.fileOf(key);
          try {
            await this.disk.write(file, `{"key":${JSON.stringify(key)},"item":${text}}`);
          } catch (cause) {
            throw new StoreWriteError(file, { cause });
          }
          slot.text = text;
          slot.eTag = eTag;
        }),
      );
    });
  }

  private lockedAll(keys: string[], task: () => Promise<void>): Promise<void> {
    const [first, ...rest] = [...new Set(keys)].sort();
    if (first === undefined) return task();
    return this.locked(first, () => this.lockedAll(rest, task));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await Promise.all(
      keys.map((key) =>
        this.locked(key, async () => {
          // No need to read the file first: a damaged one is removed all the same.
          await rm(this.fileOf(key), { force: true });
          const cached = this.#slots.get(key);
          const slot = cached && (await cached.catch(() => undefined));
          if (slot) Object.assign(slot, { text: undefined, eTag: undefined });
          else this.#slots.delete(key);
        }),
      ),
    );
  }

  /** Resolves once every write and delete started so far has finished. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /**
   * Removes the state of conversations and users idle for longer than `maxIdleMs` (file not
   * written since). Returns how many were removed.
   */
  async sweep(maxIdleMs: number, now: number = Date.now()): Promise<number> {
    let removed = 0;
    for (const shard of await readdir(this.dir).catch(() => [] as string[])) {
      const folder = path.join(this.dir, shard);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        if (!name.endsWith('.json')) continue;
        const file = path.join(folder, name);
        const info = await stat(file).catch(() => undefined);
        if (!info || now - info.mtimeMs <= maxIdleMs) continue;
        await rm(file, { force: true });
        removed += 1;
      }
    }
    // Forget cached copies: an item read again comes from disk (or is gone).
    for (const [key] of this.#slots) if (!this.#locks.has(key)) this.#slots.delete(key);
    return removed;
  }
}

/** Sets an own property, even for keys such as `__proto__` that plain assignment treats specially. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
