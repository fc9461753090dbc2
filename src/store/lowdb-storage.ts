import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import type { Low } from 'lowdb';
import { isRecord, openJsonDb, StoreWriteError } from './json-db.js';

interface StateFile {
  readonly items: Record<string, Record<string, unknown>>;
}

const isStateFile = (data: unknown): data is StateFile => isRecord(data) && isRecord(data.items);

/** Error thrown when a write carries an eTag older than the stored item's: the write is refused. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * Bot Framework `Storage` (conversation and user state) on a lowdb JSON file, with the same eTag
 * semantics as botbuilder's own stores: a write whose eTag differs from the stored one is refused,
 * `'*'` or no eTag overwrites, and every write gives the item a new eTag.
 */
export class LowdbStorage implements Storage {
  private constructor(
    private readonly db: Low<StateFile>,
    private readonly file: string,
  ) {}

  static async open(dataDir: string): Promise<LowdbStorage> {
    const file = path.join(dataDir, 'state.json');
    const db = await openJsonDb<StateFile>(file, {
      defaults: () => ({ items: {} }),
      isValid: isStateFile,
      pretty: false,
    });
    return new LowdbStorage(db, file);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const found: StoreItems = {};
    for (const key of keys) {
      const item = Object.hasOwn(this.db.data.items, key) ? this.db.data.items[key] : undefined;
      if (item !== undefined) setOwn(found, key, structuredClone(item));
    }
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const items = this.db.data.items;
    const entries = Object.entries(changes);
    // Check every eTag before applying anything, so a batch is written whole or not at all.
    for (const [key, change] of entries) {
      const stored = Object.hasOwn(items, key) ? items[key] : undefined;
      const eTag: unknown = change?.eTag;
      if (stored && eTag !== undefined && eTag !== '*' && eTag !== stored.eTag) {
        throw new ETagConflictError(key);
      }
    }
    const undo: Array<() => void> = [];
    for (const [key, change] of entries) {
      const before = Object.hasOwn(items, key) ? items[key] : undefined;
      const after = { ...structuredClone(change), eTag: randomUUID() };
      setOwn(items, key, after);
      // Undo only what no later write has replaced since.
      undo.push(() => {
        if (items[key] !== after) return;
        if (before === undefined) delete items[key];
        else setOwn(items, key, before);
      });
    }
    await this.persist(() => undo.forEach((step) => step()));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    const items = this.db.data.items;
    const removed = new Map<string, Record<string, unknown>>();
    for (const key of keys) {
      const item = Object.hasOwn(items, key) ? items[key] : undefined;
      if (item === undefined) continue;
      removed.set(key, item);
      delete items[key];
    }
    if (removed.size === 0) return;
    await this.persist(() => {
      for (const [key, item] of removed) if (!Object.hasOwn(items, key)) setOwn(items, key, item);
    });
  }

  /** Resolves once everything written so far is on disk. */
  async flush(): Promise<void> {
    await this.db.write();
  }

  /** Writes the file; if that fails, undoes the in-memory change so memory matches the disk. */
  private async persist(undo: () => void): Promise<void> {
    try {
      await this.db.write();
    } catch (cause) {
      undo();
      throw new StoreWriteError(this.file, { cause });
    }
  }
}

/** Sets an own property, even for keys such as `__proto__` that plain assignment treats specially. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
