import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Seed } from '../../src/domain/seed-file.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { actionData, cardOf, cardTexts, NOW, openConversation, type Conversation } from '../helpers/conversation.js';
import { testSeed } from '../helpers/seed-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { changePartner, acceptOffer } from '../helpers/services.js';
import { openSeededRegister, testDisk } from '../helpers/disk.js';

const run = promisify(execFile);

/** tenant-a and tenant-b of the test seed, plus tenant-c: worldwide, its own admin, no data of A. */
const SEED: Seed = {
  ...testSeed,
  tenants: [
    ...testSeed.tenants,
    { id: 'tenant-c', name: 'Tailwind', cloud: 'worldwide', admins: ['admin-c'], subscriptions: [{ id: 'own-sub', name: 'Tailwind E5' }, { id: 'own-sub-2', name: 'Tailwind Teams', partnerId: '2345678' }], relationships: [], offers: [] },
  ],
};
const C = { tenantId: 'tenant-c', userId: 'admin-c', name: 'Carol' };

describe('tenant isolation: an admin of tenant C never sees or changes tenant A or B', () => {
  let c: Conversation;
  let before: string;
  beforeEach(async () => {
    c = await openConversation('en', { seed: SEED, who: C });
    before = JSON.stringify(await Promise.all(['tenant-a', 'tenant-b'].map(async (t) => [await c.repo.listSubscriptions(t), await c.repo.listOffers(t), await c.repo.listAudit(t, 50)])));
  });
  afterEach(async () => {
    const after = JSON.stringify(await Promise.all(['tenant-a', 'tenant-b'].map(async (t) => [await c.repo.listSubscriptions(t), await c.repo.listOffers(t), await c.repo.listAudit(t, 50)])));
    assert.equal(after, before, "tenant A and B's data are unchanged");
    await c.close();
  });

  const foreignNames = ['Microsoft 365 Business Standard', 'Office 365 E3', 'Contoso Advisors', 'Northwind Traders', 'Shanghai Partner', 'Office 365 E1'];
  const showsNothingForeign = (replies: Array<{ text?: string; attachments?: unknown }>) => {
    const all = JSON.stringify(replies);
    for (const name of foreignNames) assert.ok(!all.includes(name), `${name} must not be shown`);
  };

  it('views only its own relationships and history', async () => {
    showsNothingForeign(await c.say('show my partners'));
    showsNothingForeign(await c.say('what changed?'));
    showsNothingForeign(await c.say('remove my reseller'));
  });

  for (const flow of ['add a partner', 'change partner', 'remove partner']) {
    it(`"${flow}": forged submits naming A's subscription are not found`, async () => {
      const replies = await c.say(flow);
      showsNothingForeign(replies);
      const card = cardOf(replies[0]);
      assert.ok(card, 'its own subscriptions are offered');
      const [refused] = await c.submit({ ...actionData(card, 'pickSubscription'), subscriptionId: 'sub-1' });
      assert.equal(refused?.text, c.t('dialogs:pick.notFound'));
      const typed = await c.say('Microsoft 365 Business Standard');
      assert.equal(typed[0]?.text, c.t('dialogs:pick.notFound'));
    });
  }

  it('cannot change A through the store with its own identity, whatever the ids', async () => {
    for (const kind of ['add', 'change', 'remove'] as const) {
      const result = await changePartner(c.repo, 'tenant-a', { id: 'admin-c' }, { kind, subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '2345678' }, NOW);
      assert.deepEqual(result, { ok: false, error: 'notAdmin' });
    }
    assert.deepEqual(await acceptOffer(c.repo, 'tenant-b', { id: 'admin-c' }, 'offer-1', NOW), { ok: false, error: 'notAdmin' });
    assert.deepEqual(
      await changePartner(c.repo, 'tenant-c', { id: 'admin-c' }, { kind: 'add', subscriptionId: 'sub-2', expectedVersion: 1, partnerId: '2345678' }, NOW),
      { ok: false, error: 'subscriptionNotFound' },
    );
    assert.deepEqual(await acceptOffer(c.repo, 'tenant-c', { id: 'admin-c' }, 'offer-1', NOW), { ok: false, error: 'offerNotFound' });
  });

  it('accepts no offer of another tenant through a forged Action.Execute', async () => {
    const replies = await c.execute('offerNext', { verb: 'offerNext', cardId: 'forged', offerId: 'offer-1', authorize: 'yes' });
    assert.equal(replies[0]?.text, c.t('dialogs:card.notCurrent'));
  });

  it('shows its own subscriptions only', async () => {
    const [pick] = await c.say('add a partner');
    assert.deepEqual(cardTexts(cardOf(pick)).filter((t) => t.includes('(')), [
      c.t('cards:pickSubscription.noPartner', { name: 'Tailwind E5' }),
      c.t('cards:pickSubscription.withPartner', { name: 'Tailwind Teams', partner: '2345678' }),
    ]);
  });
});

describe('authorization on every write path', () => {
  let remove: () => Promise<void>;
  let repo: FilePartnerRegister;
  beforeEach(async () => {
    ({ register: repo, remove } = await openSeededRegister());
  });
  afterEach(() => remove());

  const writes: Array<[string, (actor: string) => Promise<{ ok: boolean }>]> = [
    ['add', (actor) => changePartner(repo, 'tenant-a', { id: actor }, { kind: 'add', subscriptionId: 'sub-2', expectedVersion: 1, partnerId: '7654321' }, NOW)],
    ['change', (actor) => changePartner(repo, 'tenant-a', { id: actor }, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '7654321' }, NOW)],
    ['remove', (actor) => changePartner(repo, 'tenant-a', { id: actor }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, NOW)],
    ['accept an offer', (actor) => acceptOffer(repo, 'tenant-b', { id: actor }, 'offer-1', NOW)],
  ];
  for (const [what, write] of writes) {
    it(`${what}: refused to a non-admin, done by an admin`, async () => {
      assert.deepEqual(await write('someone'), { ok: false, error: 'notAdmin' });
      assert.deepEqual(await write(''), { ok: false, error: 'notAdmin' });
      assert.equal((await repo.listAudit('tenant-a', 5)).length + (await repo.listAudit('tenant-b', 5)).length, 0);
      const admin = what === 'accept an offer' ? 'admin-b' : 'admin-a';
      assert.equal((await write(admin)).ok, true);
    });
  }
});

// A damaged organisation's file refuses that organisation only (damaged-data.test.ts); the
// partner directory, which every organisation reads, stops the bot.
describe('a damaged partner directory at start', () => {
  it('stops the bot with a message naming the file, and leaves the file as it was', async () => {
    const { dir, remove } = await tempDir();
    try {
      const repo = await FilePartnerRegister.open(dir, testDisk);
      await repo.importSeed(testSeed);
      await repo.flush();
      const file = path.join(dir, 'partners', 'directory.json');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, '{"schemaVersion": 1, "record": {');
      await assert.rejects(
        run(process.execPath, ['--disable-warning=DEP0111', path.join(PROJECT_ROOT, 'dist/src/index.js')], {
          env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, PORT: '0' },
          timeout: 20_000,
        }),
        (error: { code: number; stderr: string }) => {
          assert.equal(error.code, 1);
          assert.ok(error.stderr.includes(file), error.stderr);
          assert.match(error.stderr, /not valid JSON/);
          return true;
        },
      );
      assert.equal(await readFile(file, 'utf8'), '{"schemaVersion": 1, "record": {');
    } finally {
      await remove();
    }
  });
});
