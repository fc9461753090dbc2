import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { readFile, rename, writeFile } from 'node:fs';
import { promisify } from 'node:util';
import type { Adapter } from 'lowdb';
import { DataFileError, isRecord, SerialQueue, StoreWriteError } from './json-db.js';

/** One stored item per file: the key it belongs to and the item with its eTag. */
interface ItemFile {
  readonly key: string;
  readonly item: Record<string, unknown>;
}

const isItemFile = (data: unknown): data is ItemFile =>
  isRecord(data) && typeof data.key === 'string' && isRecord(data.item);

/** Error thrown when a write carries an eTag older than the stored item's: the write is refused. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export interface LowdbStorageOptions {
  /** Items kept in memory (most recently used first); the files stay the truth. */
  readonly cacheSize?: number;
}

interface Slot {
  /** undefined: known not to exist on disk. */
  item: Record<string, unknown> | undefined;
  readonly file: Adapter<ItemFile>;
}

/**
 * Bot Framework `Storage` (conversation and user state) on lowdb, one small JSON file per key under
 * `DATA_DIR/state/`, so a turn reads and writes only its own conversation's and user's files: its
 * cost does not grow with the number of conversations stored, and start-up reads nothing. Same
 * eTag semantics as botbuilder's own stores: a write whose eTag differs from the stored one is
 * refused, `'*'` or no eTag overwrites, every write gives a new eTag. Each file is written through
 * steno (temporary file, then rename), so it is always whole.
 */
export class LowdbStorage implements Storage {
  /** Loaded (or loading) items, most recently used last. */
  readonly #slots = new Map<string, Promise<Slot>>();
  readonly #locks = new Map<string, SerialQueue>();
  readonly #pending = new Set<Promise<unknown>>();
  /** Shard folders known to exist. */
  readonly #folders = new Set<string>();
  readonly #cacheSize: number;

  private constructor(
    private readonly dir: string,
    options: LowdbStorageOptions,
  ) {
    this.#cacheSize = options.cacheSize ?? 5_000;
  }

  static async open(dataDir: string, options: LowdbStorageOptions = {}): Promise<LowdbStorage> {
    const dir = path.join(dataDir, 'state');
    await mkdir(dir, { recursive: true });
    return new LowdbStorage(dir, options);
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
    const file = new SmallJsonFile<ItemFile>(name, (text) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw new DataFileError(name, `not valid JSON (${(error as Error).message})`);
      }
      if (!isItemFile(data)) throw new DataFileError(name, 'not a state file of the expected shape');
      return data;
    });
    const stored = await file.read();
    return { item: stored && stored.key === key ? stored.item : undefined, file };
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
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const found: StoreItems = {};
    for (const key of keys) {
      const { item } = await this.slot(key);
      if (item !== undefined) setOwn(found, key, structuredClone(item));
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
        const stored = slots[i]!.item;
        const eTag: unknown = change?.eTag;
        if (stored && eTag !== undefined && eTag !== '*' && eTag !== stored.eTag) throw new ETagConflictError(key);
      });
      await Promise.all(
        entries.map(async ([key, change], i) => {
          const slot = slots[i]!;
          const item = { ...structuredClone(change), eTag: randomUUID() };
          const folder = path.dirname(this.fileOf(key));
          if (!this.#folders.has(folder)) {
            await mkdir(folder, { recursive: true });
            this.#folders.add(folder);
          }
          try {
            await slot.file.write({ key, item });
          } catch (cause) {
            throw new StoreWriteError(this.fileOf(key), { cause });
          }
          slot.item = item;
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
          if (slot) slot.item = undefined;
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

const readFileAsync = promisify(readFile);
const writeFileAsync = promisify(writeFile);
const renameAsync = promisify(rename);

/**
 * A lowdb adapter for one small JSON document written by one writer at a time (the storage holds
 * a lock per key): the whole document goes to a temporary file, which is then renamed over the
 * old one, so the file is always whole. Lighter than steno's queue, which a per-key lock makes
 * unnecessary, and it takes two file-system calls per write instead of five.
 */
class SmallJsonFile<T> implements Adapter<T> {
  readonly #temp: string;

  constructor(
    private readonly file: string,
    private readonly parse: (text: string) => T,
  ) {
    this.#temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFileAsync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return this.parse(text);
  }

  async write(data: T): Promise<void> {
    await writeFileAsync(this.#temp, JSON.stringify(data));
    await renameAsync(this.#temp, this.file);
  }
}
