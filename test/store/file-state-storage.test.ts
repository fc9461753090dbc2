import assert from 'node:assert/strict';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoreItems } from 'botbuilder';
import { DataFileError, StoreWriteError } from '../../src/ports/partner-register.js';
import { ETagConflictError, FileStateStorage } from '../../src/store/file/file-state-storage.js';
import { tempDir } from '../helpers/temp-dir.js';
import { storageContract } from './storage-contract.js';
import { testDisk } from '../helpers/disk.js';

// The shared Storage contract, plus what a file-backed store must add: data survives a restart,
// files stay whole, a batch is written whole or not at all.
describe('FileStateStorage', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let storage: FileStateStorage;

  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    storage = await FileStateStorage.open(dir, { disk: testDisk });
  });
  afterEach(() => remove());

  storageContract(() => storage);

  it('rejects null keys when reading and writing with ReferenceError, like MemoryStorage', async () => {
    await assert.rejects(storage.read(null as unknown as string[]), ReferenceError);
    await assert.rejects(storage.write(null as unknown as StoreItems), ReferenceError);
  });

  it('keeps keys such as __proto__ and constructor as ordinary items', async () => {
    await storage.write(JSON.parse('{"__proto__": {"id": "p"}, "constructor": {"id": "c"}}'));
    const read = await storage.read(['__proto__', 'constructor', 'toString']);
    assert.deepEqual(Object.keys(read).sort(), ['__proto__', 'constructor']);
    assert.equal((read as Record<string, { id: string }>)['constructor']?.id, 'c');
    assert.equal(Object.getOwnPropertyDescriptor(read, '__proto__')?.value.id, 'p');
  });

  it('writes a batch whole or not at all when one eTag is stale', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    const { a, b } = await storage.read(['a', 'b']);
    await storage.write({ b: { ...b, n: 2 } });
    await assert.rejects(storage.write({ a: { ...a, n: 9 }, b: { ...b, n: 9 } }));
    await storage.flush();
    const now = await (await FileStateStorage.open(dir, { disk: testDisk })).read(['a', 'b']);
    assert.equal(now.a.n, 1);
    assert.equal(now.b.n, 2);
  });

  it('keeps what was written after a restart on the same folder', async () => {
    await storage.write({ kept: { value: 'é✓' } });
    await storage.flush();
    const reopened = await FileStateStorage.open(dir, { disk: testDisk });
    assert.equal((await reopened.read(['kept'])).kept.value, 'é✓');
  });

  it('refuses to read a state file that is not valid JSON, names it, and leaves it untouched', async () => {
    const file = storage.fileOf('damaged');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{"key": "damaged", "item": {');
    await assert.rejects(storage.read(['damaged']), (error: unknown) => {
      assert.ok(error instanceof DataFileError);
      assert.ok(error.message.includes(file));
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), '{"key": "damaged", "item": {');
    await storage.delete(['damaged']);
    assert.deepEqual(await storage.read(['damaged']), {}, 'deleting the conversation clears it');
  });

  it('refuses a state file of another shape', async () => {
    const file = storage.fileOf('odd');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '[1, 2]');
    await assert.rejects(storage.read(['odd']), DataFileError);
  });

  it('keeps one file per key, so a turn touches only its own', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    assert.notEqual(storage.fileOf('a'), storage.fileOf('b'));
    const onDisk = JSON.parse(await readFile(storage.fileOf('a'), 'utf8')) as { key: string; item: { n: number } };
    assert.deepEqual([onDisk.key, onDisk.item.n], ['a', 1]);
  });

  it('reads back every item when the cache holds fewer than were written', async () => {
    const small = await FileStateStorage.open(dir, { cacheSize: 2, disk: testDisk });
    const items = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, { n: i }]));
    await small.write(items);
    const read = await small.read(Object.keys(items));
    assert.deepEqual(Object.keys(read).map((k) => read[k].n), Array.from({ length: 20 }, (_, i) => i));
    const again = await small.read(['k3']);
    await small.write({ k3: { ...again.k3, n: 33 } });
    await assert.rejects(small.write({ k3: { ...again.k3, n: 34 } }), ETagConflictError);
  });

  it('sweeps the state of conversations idle for too long', async () => {
    await storage.write({ old: { n: 1 }, fresh: { n: 2 } });
    const past = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    await utimes(storage.fileOf('old'), past, past);
    assert.equal(await storage.sweep(30 * 24 * 3600 * 1000), 1);
    assert.deepEqual(Object.keys(await storage.read(['old', 'fresh'])), ['fresh']);
  });

  it('reports a failed write and keeps memory as the disk has it', async () => {
    await storage.write({ k: { n: 1 } });
    // A folder where the temporary file is written makes the next write fail, even for root.
    const file = storage.fileOf('k');
    await mkdir(path.join(path.dirname(file), `.${path.basename(file)}.tmp`));
    const before = await storage.read(['k']);
    await assert.rejects(storage.write({ k: { ...before.k, n: 2 } }), StoreWriteError);
    assert.deepEqual(await storage.read(['k']), before);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).item.n, 1);
  });

});
