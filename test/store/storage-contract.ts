import assert from 'node:assert/strict';
import { ConversationState, MessageFactory, TestAdapter, type Storage, type StoreItems } from 'botbuilder';
import { Dialog, DialogSet, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';

/**
 * The Storage contract of botbuilder-js (libraries/botbuilder-core/tests/storageBaseTests.js):
 * every store of bot state (FileStateStorage, BlobsStorage) must pass it.
 */
export function storageContract(getStorage: () => Storage): void {
  let storage: Storage;
  beforeEach(() => {
    storage = getStorage();
  });

  it('rejects null keys when reading and writing', async () => {
    await assert.rejects(storage.read(null as unknown as string[]));
    await assert.rejects(storage.write(null as unknown as StoreItems));
  });

  it('returns an empty object when reading an unknown key', async () => {
    assert.deepEqual(await storage.read(['unknown']), {});
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

}
