import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { BlobPartnerRegister } from '../../src/store/blob/blob-partner-register.js';
import { cardIdIn, postAsAdmin, startBotProcess } from '../helpers/bot-process.js';
import { startAzurite, type Azurite } from '../../support/azurite.js';
import type { Seed } from '../../src/domain/seed-file.js';

const TENANT = 'shared-tenant';
const ADMINS = ['admin-1', 'admin-2', 'admin-3', 'admin-4'];
const SEED: Seed = {
  partners: [{ id: '7654321', name: 'Northwind Traders' }, { id: '2345678', name: 'Fabrikam Partners' }],
  tenants: [{ id: TENANT, name: 'Shared', cloud: 'worldwide', admins: ADMINS, subscriptions: Array.from({ length: 6 }, (_, i) => ({ id: `sub-${i}`, name: `Subscription ${i}` })), relationships: [], offers: [] }],
};

// Two bot processes on one Azurite container, as behind a load balancer: the turns of each
// conversation alternate between them; admins change the same subscriptions at the same time.
describe('several instances on Azure Blob Storage (Azurite)', function () {
  this.timeout(120_000);
  let azurite: Azurite;
  const instances: Array<{ child: ChildProcess; port: number }> = [];

  before(async () => {
    azurite = await startAzurite();
    const repository = await BlobPartnerRegister.open(azurite.container('shared'));
    await repository.importSeed(SEED);
    for (let i = 0; i < 2; i++) {
      instances.push(await startBotProcess({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'shared' }));
    }
  });
  after(async () => {
    for (const { child } of instances) child.kill('SIGTERM');
    await azurite.stop();
  });

  let turn = 0;
  /** Sends one turn to the next instance in turn (round robin, as a load balancer may). */
  const send = async (admin: string, conversation: string, fields: Record<string, unknown>) => {
    const { port } = instances[turn++ % instances.length]!;
    const { status, text } = await postAsAdmin(port, { tenantId: TENANT, admin, conversation }, fields);
    assert.equal(status, 200);
    return text;
  };
  const cardId = cardIdIn;

  it('continues a conversation whichever instance takes its next turn', async () => {
    const pick = await send('admin-1', 'conv-continue', { text: 'add a partner' });
    const ask = await send('admin-1', 'conv-continue', { value: { verb: 'pickSubscription', cardId: cardId(pick), subscriptionId: 'sub-0' } });
    assert.match(ask, /What is the Microsoft Partner ID/);
    const confirm = await send('admin-1', 'conv-continue', { text: '7654321' });
    const done = await send('admin-1', 'conv-continue', { value: { verb: 'confirm', cardId: cardId(confirm) } });
    assert.match(done, /Recorded: in my records, Northwind Traders \(7654321\) is now the partner of record of Subscription 0\./);
  });

  it('loses no update when admins change the same subscriptions on both instances at once', async () => {
    const acknowledged: string[] = [];
    const stale: string[] = [];
    // Every admin prepares a change of each of subscriptions 1 to 5, then all confirm at once.
    const prepared: Array<{ admin: string; conversation: string; card: string; sub: string; partner: string }> = [];
    for (const [a, admin] of ADMINS.entries()) {
      for (let s = 1; s <= 5; s++) {
        const conversation = `conv-${admin}-${s}`;
        const partner = a % 2 === 0 ? '7654321' : '2345678';
        const pick = await send(admin, conversation, { text: `add partner ${partner}` });
        const confirm = await send(admin, conversation, { value: { verb: 'pickSubscription', cardId: cardId(pick), subscriptionId: `sub-${s}` } });
        prepared.push({ admin, conversation, card: cardId(confirm)!, sub: `sub-${s}`, partner });
      }
    }
    await Promise.all(
      prepared.map(async (p) => {
        const reply = await send(p.admin, p.conversation, { value: { verb: 'confirm', cardId: p.card } });
        if (reply.includes('Recorded:')) acknowledged.push(p.sub);
        else if (reply.includes('changed since this card was shown')) stale.push(p.sub);
      }),
    );
    assert.equal(acknowledged.length + stale.length, prepared.length, 'every admin got an answer');
    assert.deepEqual([...acknowledged].sort(), ['sub-1', 'sub-2', 'sub-3', 'sub-4', 'sub-5'], 'exactly one winner per subscription');
    const repository = await BlobPartnerRegister.open(azurite.container('shared'));
    const audit = await repository.listAudit(TENANT, 100);
    for (let s = 1; s <= 5; s++) {
      const entries = audit.filter((e) => e.subscriptionId === `sub-${s}`);
      assert.equal(entries.length, 1, `sub-${s}: one change in the audit`);
      assert.equal((await repository.getSubscription(TENANT, `sub-${s}`))?.partnerId, entries[0]?.after, `sub-${s}: holds what the audit says`);
    }
  });
});
