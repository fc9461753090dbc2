import assert from 'node:assert/strict';
import { BlobPartnerRegister } from '../../src/store/blob/blob-partner-register.js';
import { readFile, writeFile } from 'node:fs/promises';
import { OrganisationDataError, type PartnerRegister } from '../../src/ports/partner-register.js';
import { readBlobText } from '../../src/store/blob/blob-text.js';
import { AUDIT_IN_FILE, FilePartnerRegister, tenantFileName } from '../../src/store/file/file-partner-register.js';
import { startAzurite, type Azurite } from '../../support/azurite.js';
import { testSeed } from '../helpers/seed-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { changePartner, acceptOffer } from '../helpers/services.js';
import { testDisk } from '../helpers/disk.js';

const now = new Date('2026-11-24T09:30:00Z');

interface Backend {
  readonly name: string;
  /** Several processes may share the data (lowdb: one process only). */
  readonly multiInstance: boolean;
  before?(): Promise<void>;
  after?(): Promise<void>;
  /**
   * A fresh, empty store; `reopen` opens the same data again (a restart, or a second instance);
   * `document` reads and `replace` overwrites a tenant's stored document behind the register's back.
   */
  create(): Promise<{
    repo: PartnerRegister;
    reopen(): Promise<PartnerRegister>;
    cleanup(): Promise<void>;
    document(tenantId: string): Promise<string>;
    replace(tenantId: string, text: string): Promise<void>;
  }>;
}

let azurite: Azurite | undefined;
let containers = 0;
const BACKENDS: Backend[] = [
  {
    name: 'lowdb',
    multiInstance: false,
    async create() {
      const { dir, remove } = await tempDir();
      const repo = await FilePartnerRegister.open(dir, testDisk);
      return {
        repo,
        reopen: () => FilePartnerRegister.open(dir, testDisk),
        cleanup: remove,
        document: (tenantId) => readFile(repo.fileOf(tenantId), 'utf8'),
        replace: (tenantId, text) => writeFile(repo.fileOf(tenantId), text),
      };
    },
  },
  {
    name: 'Azure Blob Storage (Azurite)',
    multiInstance: true,
    async before() {
      azurite = await startAzurite();
    },
    async after() {
      await azurite?.stop();
    },
    async create() {
      const container = azurite!.container(`partners-${++containers}`);
      return {
        repo: await BlobPartnerRegister.open(container),
        reopen: () => BlobPartnerRegister.open(container),
        cleanup: async () => {
          await container.deleteIfExists();
        },
        document: async (tenantId) => (await readBlobText(container.getBlockBlobClient(`partners/tenants/${tenantFileName(tenantId)}`)))!.text,
        replace: async (tenantId, text) => {
          await container.getBlockBlobClient(`partners/tenants/${tenantFileName(tenantId)}`).upload(text, Buffer.byteLength(text));
        },
      };
    },
  },
];

// The same behaviour from every partner store: the dialogs do not know which one runs.
for (const backend of BACKENDS) {
  describe(`PartnerRepository contract: ${backend.name}`, function () {
    this.timeout(60_000);
    let repo: PartnerRegister;
    let reopen: () => Promise<PartnerRegister>;
    let cleanup: () => Promise<void>;
    let document: (tenantId: string) => Promise<string>;
    let replace: (tenantId: string, text: string) => Promise<void>;
    before(async () => backend.before?.());
    after(async () => backend.after?.());
    beforeEach(async () => {
      ({ repo, reopen, cleanup, document, replace } = await backend.create());
      await repo.importSeed(testSeed);
    });
    afterEach(() => cleanup());

    it('adds a partner with its audit entry, kept after a restart', async () => {
      const result = await changePartner(repo, 'tenant-a', { id: 'admin-a', name: 'Megan' }, { kind: 'add', subscriptionId: 'sub-2', expectedVersion: 1, partnerId: '7654321' }, now);
      assert.ok(result.ok);
      const again = await reopen();
      assert.deepEqual(await again.getSubscription('tenant-a', 'sub-2'), { id: 'sub-2', tenantId: 'tenant-a', name: 'Office 365 E3', partnerId: '7654321', version: 2 });
      assert.deepEqual(await again.listAudit('tenant-a', 5), [
        { at: now.toISOString(), tenantId: 'tenant-a', actor: 'admin-a', actorName: 'Megan', action: 'add', subscriptionId: 'sub-2', after: '7654321' },
      ]);
    });

    it('refuses a stale version, a non-admin and another tenant\'s subscription, changing nothing', async () => {
      assert.ok((await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now)).ok);
      assert.deepEqual(await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'add', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '2345678' }, now), { ok: false, error: 'stale' });
      assert.deepEqual(await changePartner(repo, 'tenant-a', { id: 'someone' }, { kind: 'add', subscriptionId: 'sub-1', expectedVersion: 2, partnerId: '2345678' }, now), { ok: false, error: 'notAdmin' });
      assert.deepEqual(await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'add', subscriptionId: '__proto__', expectedVersion: 1, partnerId: '2345678' }, now), { ok: false, error: 'subscriptionNotFound' });
      assert.equal((await repo.listAudit('tenant-a', 10)).length, 1);
    });

    const second = async () => (backend.multiInstance ? reopen() : repo);

    it(`lets exactly one of two simultaneous changes of one subscription win${backend.multiInstance ? ', from two instances' : ''}`, async () => {
      const other = await second();
      const [a, b] = await Promise.all([
        changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '7654321' }, now),
        changePartner(other, 'tenant-a', { id: 'admin-a' }, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '2345678' }, now),
      ]);
      assert.equal([a, b].filter((r) => r.ok).length, 1);
      assert.deepEqual([a, b].find((r) => !r.ok), { ok: false, error: 'stale' });
      assert.equal((await (await reopen()).listAudit('tenant-a', 10)).length, 1);
    });

    it(`keeps both of two simultaneous changes of different subscriptions of one tenant${backend.multiInstance ? ', from two instances' : ''}`, async () => {
      const other = await second();
      const [a, b] = await Promise.all([
        changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now),
        changePartner(other, 'tenant-a', { id: 'admin-a' }, { kind: 'add', subscriptionId: 'sub-2', expectedVersion: 1, partnerId: '2345678' }, now),
      ]);
      assert.ok(a.ok && b.ok);
      const fresh = await reopen();
      assert.equal((await fresh.getSubscription('tenant-a', 'sub-1'))?.partnerId, undefined);
      assert.equal((await fresh.getSubscription('tenant-a', 'sub-2'))?.partnerId, '2345678');
      assert.equal((await fresh.listAudit('tenant-a', 10)).length, 2, 'no lost update');
    });

    it('lists relationships and accepts a 21Vianet offer with its trial', async () => {
      assert.deepEqual((await repo.listRelationships('tenant-a')).map((r) => [r.type, r.partnerId, r.partnerName]), [
        ['advisor', '1234567', 'Contoso Advisors'],
        ['reseller', '7654321', 'Northwind Traders'],
      ]);
      const accepted = await acceptOffer(repo, 'tenant-b', { id: 'admin-b' }, 'offer-1', now);
      assert.ok(accepted.ok);
      assert.ok((await repo.listRelationships('tenant-b')).some((r) => r.type === 'delegatedAdmin'));
      assert.equal((await repo.listSubscriptions('tenant-b')).length, 2);
      assert.deepEqual(await acceptOffer(repo, 'tenant-b', { id: 'admin-b' }, 'offer-1', now), { ok: false, error: 'offerNotPending' });
    });

    it('keeps every audit entry, in order, when the history outgrows the tenant document', async () => {
      const changes = 2 * AUDIT_IN_FILE + 10;
      for (let i = 0; i < changes; i++) {
        const sub = await repo.getSubscription('tenant-a', 'sub-2');
        const kind = sub?.partnerId ? 'remove' : 'add';
        assert.ok((await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind, subscriptionId: 'sub-2', expectedVersion: sub!.version, partnerId: '7654321' }, now)).ok);
      }
      const audit = await (await reopen()).listAudit('tenant-a', 10_000);
      assert.equal(audit.length, changes);
      assert.deepEqual(audit.slice(0, 3).map((e) => e.action), ['remove', 'add', 'remove'], 'newest first');
      assert.deepEqual((await repo.listAudit('tenant-a', 2)).map((e) => e.action), ['remove', 'add']);
    });

    it('refuses a damaged organisation, leaves its document untouched, and serves the others', async () => {
      const damaged = (await document('tenant-a')).slice(0, 60);
      await replace('tenant-a', damaged);
      const fresh = await reopen();
      await assert.rejects(fresh.listSubscriptions('tenant-a'), OrganisationDataError);
      await assert.rejects(
        changePartner(fresh, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now),
        OrganisationDataError,
      );
      await fresh.seedMissingTenants(testSeed);
      await fresh.flush();
      assert.equal(await document('tenant-a'), damaged);
      assert.equal((await fresh.getSubscription('tenant-b', 'sub-1'))?.name, 'Office 365 E1');
      assert.ok((await acceptOffer(fresh, 'tenant-b', { id: 'admin-b' }, 'offer-1', now)).ok);
    });

    it('imports a seed idempotently and seeds only missing tenants', async () => {
      const report = await repo.importSeed(testSeed);
      assert.equal(report.created + report.updated, 0);
      assert.ok((await changePartner(repo, 'tenant-a', { id: 'admin-a' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, now)).ok);
      await repo.seedMissingTenants(testSeed);
      assert.equal((await repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, undefined);
      assert.equal((await repo.findPartner('1234567'))?.name, 'Contoso Advisors');
    });
  });
}
