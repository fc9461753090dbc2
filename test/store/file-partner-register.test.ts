import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFileError, OrganisationDataError } from '../../src/ports/partner-register.js';
import { AUDIT_IN_FILE, FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { testSeed } from '../helpers/seed-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { changePartner, acceptOffer } from '../helpers/services.js';
import { openSeededRegister, testDisk } from '../helpers/disk.js';

const now = new Date('2026-11-24T09:30:00Z');

describe('FilePartnerRegister', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let repo: FilePartnerRegister;

  beforeEach(async () => {
    ({ register: repo, dir, remove } = await openSeededRegister());
  });
  afterEach(() => remove());

  const readTenantFile = async (tenantId: string) =>
    (JSON.parse(await readFile(repo.fileOf(tenantId), 'utf8')) as {
      record: { subscriptions: Record<string, { partnerId?: string; version: number }>; audit: unknown[] };
    }).record;

  it('adds a partner atomically: on disk, with its audit entry, before it resolves', async () => {
    const result = await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'add', subscriptionId: 'sub-2', expectedVersion: 1, partnerId: '7654321' }, now);
    assert.ok(result.ok);
    assert.equal(result.value.subscription.partner?.id, '7654321');
    const onDisk = await readTenantFile('tenant-a');
    assert.equal(onDisk.subscriptions['sub-2']?.partnerId, '7654321');
    assert.equal(onDisk.subscriptions['sub-2']?.version, 2);
    assert.deepEqual(onDisk.audit, [
      { at: now.toISOString(), tenantId: 'tenant-a', actor: 'admin-a', action: 'add', subscriptionId: 'sub-2', after: '7654321' },
    ]);
  });

  it('refuses a change prepared against an old version, and changes nothing', async () => {
    const first = await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '7654321' }, now);
    assert.ok(first.ok);
    const stale = await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now);
    assert.deepEqual(stale, { ok: false, error: 'stale' });
    assert.equal((await repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '7654321');
    assert.equal((await repo.listAudit('tenant-a', 10)).length, 1);
  });

  it('lets exactly one of two simultaneous changes of the same subscription win', async () => {
    const [a, b] = await Promise.all([
      changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '7654321' }, now),
      changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '2345678' }, now),
    ]);
    assert.deepEqual([a.ok, b.ok], [true, false]);
    assert.equal((await repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '7654321');
  });

  it('refuses non-admins and other tenants\' subscriptions', async () => {
    assert.deepEqual(
      await changePartner(repo, 'tenant-a', { id: 'someone' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now),
      { ok: false, error: 'notAdmin' },
    );
    assert.deepEqual(
      await changePartner(repo, 'tenant-a', { id: 'admin-b' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now),
      { ok: false, error: 'notAdmin' },
    );
    assert.deepEqual(
      await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'constructor', expectedVersion: 1 }, now),
      { ok: false, error: 'subscriptionNotFound' },
    );
    assert.equal(await repo.getSubscription('tenant-a', 'toString'), undefined);
    assert.equal(await repo.getTenant('__proto__'), undefined);
    assert.equal((await repo.getSubscription('tenant-b', 'sub-1'))?.name, 'Office 365 E1');
  });

  it('keeps the data after a restart on the same folder', async () => {
    await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now);
    const reopened = await FilePartnerRegister.open(dir, testDisk);
    assert.equal((await reopened.getSubscription('tenant-a', 'sub-1'))?.partnerId, undefined);
    assert.equal((await reopened.listAudit('tenant-a', 5))[0]?.action, 'remove');
  });

  it('lists relationships with partner names, advisors first', async () => {
    const relationships = await repo.listRelationships('tenant-a');
    assert.deepEqual(
      relationships.map((r) => [r.type, r.partnerId, r.partnerName, r.subscriptionIds]),
      [
        ['advisor', '1234567', 'Contoso Advisors', ['sub-1']],
        ['reseller', '7654321', 'Northwind Traders', []],
      ],
    );
    assert.deepEqual(await repo.listRelationships('nobody'), []);
  });

  it('accepts a 21Vianet offer: delegated admin, trial subscription, audit', async () => {
    const result = await acceptOffer(repo, 'tenant-b', { id: 'admin-b' }, 'offer-1', now);
    assert.ok(result.ok);
    const subs = await repo.listSubscriptions('tenant-b');
    assert.deepEqual(subs.map((s) => s.name).sort(), ['Office 365 E1', 'Office 365 E3']);
    const relationships = await repo.listRelationships('tenant-b');
    assert.ok(relationships.some((r) => r.type === 'delegatedAdmin' && r.partnerId === '2345678'));
    assert.equal((await repo.listOffers('tenant-b'))[0]?.status, 'accepted');
    const again = await acceptOffer(repo, 'tenant-b', { id: 'admin-b' }, 'offer-1', now);
    assert.deepEqual(again, { ok: false, error: 'offerNotPending' });
    assert.equal((await repo.listSubscriptions('tenant-b')).length, 2);
  });

  it('acknowledges nothing when the write fails, and works again once the cause is gone', async () => {
    const file = repo.fileOf('tenant-a');
    const blocker = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    await mkdir(blocker);
    assert.deepEqual(
      await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now),
      { ok: false, error: 'notSaved' },
    );
    assert.equal((await repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
    assert.equal((await repo.listAudit('tenant-a', 5)).length, 0);
    const { rm } = await import('node:fs/promises');
    await rm(blocker, { recursive: true });
    const retry = await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now);
    assert.ok(retry.ok);
  });

  it('starts with a corrupted tenant file, refuses that tenant when it is read, names the file and leaves it untouched', async () => {
    const file = repo.fileOf('tenant-a');
    await writeFile(file, '{ "schemaVersion": 1, "record": ');
    const reopened = await FilePartnerRegister.open(dir, testDisk);
    await assert.rejects(reopened.getTenant('tenant-a'), (error: unknown) => {
      assert.ok(error instanceof OrganisationDataError);
      assert.ok(error.message.includes(file));
      return true;
    });
    assert.equal((await reopened.getTenant('tenant-b'))?.name, 'Shanghai Co');
    assert.equal(await readFile(file, 'utf8'), '{ "schemaVersion": 1, "record": ');
  });

  it('refuses a corrupted partner directory at start, names it and leaves it untouched', async () => {
    const file = path.join(dir, 'partners', 'directory.json');
    await writeFile(file, '{ "schemaVersion": ');
    await assert.rejects(FilePartnerRegister.open(dir, testDisk), (error: unknown) => {
      assert.ok(error instanceof DataFileError);
      assert.ok(error.message.includes(file));
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), '{ "schemaVersion": ');
  });

  it('writes only the tenant that changed', async () => {
    const other = await readFile(repo.fileOf('tenant-b'), 'utf8');
    const { mtimeMs } = await stat(repo.fileOf('tenant-b'));
    await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now);
    assert.equal(await readFile(repo.fileOf('tenant-b'), 'utf8'), other);
    assert.equal((await stat(repo.fileOf('tenant-b'))).mtimeMs, mtimeMs);
  });

  it('keeps its file small however long the history grows, and loses no audit entry', async () => {
    const changes = 2 * AUDIT_IN_FILE + 30;
    for (let i = 0; i < changes; i++) {
      const sub = await repo.getSubscription('tenant-a', 'sub-1');
      const result = await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: sub?.partnerId ? 'remove' : 'add', subscriptionId: 'sub-1', expectedVersion: sub!.version, partnerId: '7654321' }, now);
      assert.ok(result.ok);
    }
    const inFile = (await readTenantFile('tenant-a')).audit.length;
    assert.ok(inFile < 2 * AUDIT_IN_FILE, `${inFile} entries in the tenant file`);
    const all = await repo.listAudit('tenant-a', 10_000);
    assert.equal(all.length, changes);
    assert.deepEqual(all.slice(0, 2).map((e) => e.action), ['add', 'remove'], 'newest first');
    const reopened = await FilePartnerRegister.open(dir, testDisk);
    assert.equal((await reopened.listAudit('tenant-a', 10_000)).length, changes);
  });

  it('moves the single-file layout of earlier versions into per-tenant files', async () => {
    const { dir: legacyDir, remove: removeLegacy } = await tempDir();
    try {
      const legacy = {
        schemaVersion: 1,
        partners: { '1234567': { id: '1234567', name: 'Contoso Advisors' } },
        tenants: {
          t1: {
            tenant: { id: 't1', name: 'Old', cloud: 'worldwide', admins: ['a'] },
            subscriptions: { s1: { id: 's1', tenantId: 't1', name: 'E3', partnerId: '1234567', version: 4 } },
            relationships: [],
            offers: {},
            audit: [{ at: now.toISOString(), tenantId: 't1', actor: 'a', action: 'add', subscriptionId: 's1', after: '1234567' }],
          },
        },
      };
      await writeFile(path.join(legacyDir, 'partners.json'), JSON.stringify(legacy));
      const migrated = await FilePartnerRegister.open(legacyDir, testDisk);
      assert.equal((await migrated.getSubscription('t1', 's1'))?.version, 4);
      assert.equal((await migrated.findPartner('1234567'))?.name, 'Contoso Advisors');
      assert.equal((await migrated.listAudit('t1', 5)).length, 1);
      const reopened = await FilePartnerRegister.open(legacyDir, testDisk);
      assert.equal((await reopened.getSubscription('t1', 's1'))?.partnerId, '1234567');
      await readFile(path.join(legacyDir, 'partners.json.migrated'), 'utf8');
    } finally {
      await removeLegacy();
    }
  });

  it('imports the same seed twice without changing anything the second time', async () => {
    const before = await readFile(repo.fileOf('tenant-a'), 'utf8');
    const report = await repo.importSeed(testSeed);
    assert.equal(report.created + report.updated, 0);
    assert.ok(report.unchanged > 0);
    assert.equal(await readFile(repo.fileOf('tenant-a'), 'utf8'), before);
  });

  it('seeds only tenants that are missing (the demo catalogue keeps admins\' changes)', async () => {
    await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now);
    await repo.seedMissingTenants(testSeed);
    assert.equal((await repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, undefined);
  });
});
