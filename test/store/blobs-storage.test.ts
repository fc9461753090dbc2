import assert from 'node:assert/strict';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { startAzurite, type Azurite } from '../../support/azurite.js';
import { storageContract } from './storage-contract.js';

// Bot state on several instances is botbuilder's own BlobsStorage; the same Storage contract as
// FileStateStorage, checked against Azurite.
describe('BlobsStorage contract (Azurite)', function () {
  this.timeout(60_000);
  let azurite: Azurite;
  let storage: BlobsStorage;
  before(async () => {
    azurite = await startAzurite();
    await azurite.container('state').createIfNotExists();
    storage = new BlobsStorage(azurite.connectionString, 'state');
  });
  after(() => azurite.stop());

  storageContract(() => storage);

  it('reads an unknown key as nothing, writes, refuses a stale eTag, lets * overwrite, deletes', async () => {
    assert.deepEqual(await storage.read(['unknown']), {});
    await storage.write({ 'msteams/conversations/a/': { n: 1 } });
    const first = await storage.read(['msteams/conversations/a/']);
    const item = first['msteams/conversations/a/'];
    assert.equal(item.n, 1);
    await storage.write({ 'msteams/conversations/a/': { ...item, n: 2 } });
    await assert.rejects(storage.write({ 'msteams/conversations/a/': { ...item, n: 3 } }));
    await storage.write({ 'msteams/conversations/a/': { n: 4, eTag: '*' } });
    assert.equal((await storage.read(['msteams/conversations/a/']))['msteams/conversations/a/'].n, 4);
    await storage.delete(['msteams/conversations/a/']);
    assert.deepEqual(await storage.read(['msteams/conversations/a/']), {});
    await assert.doesNotReject(storage.delete(['never-written']));
  });
});
