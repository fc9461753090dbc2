import assert from 'node:assert/strict';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConversationState, MessageFactory, TestAdapter, type StoreItems } from 'botbuilder';
import { DialogSet, TextPrompt, WaterfallDialog, Dialog } from 'botbuilder-dialogs';
import { DataFileError, StoreWriteError } from '../../src/store/json-db.js';
import { ETagConflictError, LowdbStorage } from '../../src/store/lowdb-storage.js';
import { tempDir } from '../helpers/temp-dir.js';

// The Storage contract of botbuilder-js (libraries/botbuilder-core/tests/storageBaseTests.js),
// run against LowdbStorage, plus what a file-backed store must add: data survives a restart.
describe('LowdbStorage', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let storage: LowdbStorage;

  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    storage = await LowdbStorage.open(dir);
  });
  afterEach(() => remove());

  it('returns an empty object when reading an unknown key', async () => {
    assert.deepEqual(await storage.read(['unknown']), {});
  });

  it('rejects null keys when reading and writing, like MemoryStorage', async () => {
    await assert.rejects(storage.read(null as unknown as string[]), ReferenceError);
    await assert.rejects(storage.write(null as unknown as StoreItems), ReferenceError);
  });

  it('does not throw when writing no items', async () => {
    await assert.doesNotReject(storage.write({}));
  });

  it('creates objects and gives each an eTag', async () => {
    await storage.write({ createPoco: { id: 1 }, createPocoStoreItem: { id: 2 } });
    const read = await storage.read(['createPoco', 'createPocoStoreItem']);
    assert.equal(read.createPoco.id, 1);
    assert.equal(read.createPocoStoreItem.id, 2);
    assert.equal(typeof read.createPoco.eTag, 'string');
    assert.notEqual(read.createPoco.eTag, read.createPocoStoreItem.eTag);
  });

  it('handles crazy keys', async () => {
    const key = '!@#$%^&*()~/\\><,.?\';"`~';
    await storage.write({ [key]: { id: 1 } });
    assert.equal((await storage.read([key]))[key].id, 1);
  });

  it('keeps keys such as __proto__ and constructor as ordinary items', async () => {
    await storage.write(JSON.parse('{"__proto__": {"id": "p"}, "constructor": {"id": "c"}}'));
    const read = await storage.read(['__proto__', 'constructor', 'toString']);
    assert.deepEqual(Object.keys(read).sort(), ['__proto__', 'constructor']);
    assert.equal((read as Record<string, { id: string }>)['constructor']?.id, 'c');
    assert.equal(Object.getOwnPropertyDescriptor(read, '__proto__')?.value.id, 'p');
  });

  it('updates objects with eTag semantics: stale refused, no eTag or * overwrites', async () => {
    await storage.write({ pocoItem: { id: 1, count: 1 }, pocoStoreItem: { id: 1, count: 1 } });
    const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    const pocoItem = loaded.pocoItem;
    delete pocoItem.eTag;
    const pocoStoreItem = loaded.pocoStoreItem;
    pocoItem.count++;
    pocoStoreItem.count++;
    await storage.write(loaded);

    const reloaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.notEqual(reloaded.pocoStoreItem.eTag, pocoStoreItem.eTag);
    assert.equal(reloaded.pocoItem.count, 2);
    assert.equal(reloaded.pocoStoreItem.count, 2);

    pocoItem.count = 123;
    await assert.doesNotReject(storage.write({ pocoItem }));
    pocoStoreItem.count = 123;
    await assert.rejects(storage.write({ pocoStoreItem }), /eTag conflict/);

    const after = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(after.pocoItem.count, 123);
    assert.equal(after.pocoStoreItem.count, 2);

    await storage.write({ pocoItem: { count: 100 }, pocoStoreItem: { count: 100, eTag: '*' } });
    const final = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(final.pocoItem.count, 100);
    assert.equal(final.pocoStoreItem.count, 100);
  });

  it('writes a batch whole or not at all when one eTag is stale', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    const { a, b } = await storage.read(['a', 'b']);
    await storage.write({ b: { ...b, n: 2 } });
    await assert.rejects(storage.write({ a: { ...a, n: 9 }, b: { ...b, n: 9 } }));
    await storage.flush();
    const now = await (await LowdbStorage.open(dir)).read(['a', 'b']);
    assert.equal(now.a.n, 1);
    assert.equal(now.b.n, 2);
  });

  it('deletes objects, and deleting an unknown key does not throw', async () => {
    await storage.write({ delete1: { id: 1, count: 1 } });
    await storage.delete(['delete1']);
    assert.deepEqual(await storage.read(['delete1']), {});
    await assert.doesNotReject(storage.delete(['unknown_key']));
  });

  it('performs batch operations', async () => {
    await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });
    const result = await storage.read(['batch1', 'batch2', 'batch3']);
    assert.deepEqual([result.batch1.count, result.batch2.count, result.batch3.count], [10, 20, 30]);
    await storage.delete(['batch1', 'batch2', 'batch3']);
    assert.deepEqual(await storage.read(['batch1', 'batch2', 'batch3']), {});
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    await storage.write({ k: { list: [1] } });
    const first = await storage.read(['k']);
    first.k.list.push(2);
    assert.deepEqual((await storage.read(['k'])).k.list, [1]);
  });

  it('keeps what was written after a restart on the same folder', async () => {
    await storage.write({ kept: { value: 'é✓' } });
    await storage.flush();
    const reopened = await LowdbStorage.open(dir);
    assert.equal((await reopened.read(['kept'])).kept.value, 'é✓');
  });

  it('proceeds through a waterfall with prompts (the dialog contract)', async () => {
    const convoState = new ConversationState(storage);
    const dialogs = new DialogSet(convoState.createProperty('dialogState'));
    dialogs.add(
      new TextPrompt('textPrompt', async (pc) => {
        if ((pc.recognized.value ?? '').length > 3) return true;
        await pc.context.sendActivity(`too short ${pc.attemptCount}`);
        return false;
      }),
    );
    dialogs.add(
      new WaterfallDialog('waterfall', [
        async (step) => {
          await step.context.sendActivity('step1');
          return Dialog.EndOfTurn;
        },
        async (step) => step.prompt('textPrompt', { prompt: MessageFactory.text('name?') }),
        async (step) => {
          await step.context.sendActivity(`hello ${String(step.result)}`);
          return step.endDialog();
        },
      ]),
    );
    const adapter = new TestAdapter(async (context) => {
      const dc = await dialogs.createContext(context);
      await dc.continueDialog();
      if (!context.responded) await dc.beginDialog('waterfall');
      await convoState.saveChanges(context);
    });
    await adapter
      .send('hi').assertReply('step1')
      .send('hi').assertReply('name?')
      .send('no').assertReply('too short 1')
      .send('Kyle').assertReply('hello Kyle')
      .startTest();
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
    const small = await LowdbStorage.open(dir, { cacheSize: 2 });
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
    // A folder where steno writes its temporary file makes the next write fail, even for root.
    const file = storage.fileOf('k');
    await mkdir(path.join(path.dirname(file), `.${path.basename(file)}.tmp`));
    const before = await storage.read(['k']);
    await assert.rejects(storage.write({ k: { ...before.k, n: 2 } }), StoreWriteError);
    assert.deepEqual(await storage.read(['k']), before);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).item.n, 1);
  });

});
