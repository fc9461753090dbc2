import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OrganisationDataError } from '../../src/ports/partner-register.js';
import { DiskWorker } from '../../src/store/file/disk-worker.js';
import { FilePartnerRegister, type TenantCacheOptions } from '../../src/store/file/file-partner-register.js';
import type { Seed } from '../../src/domain/seed-file.js';
import { changePartner } from '../helpers/services.js';
import { tempDir } from '../helpers/temp-dir.js';

const now = new Date('2026-11-24T09:30:00Z');
const ORGANISATIONS = 1000;
const tenantOf = (i: number) => `org-${i}`;

/** `ORGANISATIONS` organisations of 4 subscriptions each (one with a partner), their admin `admin-<i>`. */
const seed: Seed = {
  partners: [{ id: '1234567', name: 'Contoso Advisors' }],
  tenants: Array.from({ length: ORGANISATIONS }, (_, i) => ({
    id: tenantOf(i),
    name: `Organisation ${i}`,
    cloud: 'worldwide' as const,
    admins: [`admin-${i}`],
    subscriptions: Array.from({ length: 4 }, (_, s) => ({ id: `sub-${s}`, name: `Subscription ${s}`, ...(s === 0 ? { partnerId: '1234567' } : {}) })),
    relationships: [],
    offers: [],
  })),
};

/** The disk thread, noting every file it is asked to read. */
class CountingDisk extends DiskWorker {
  readonly reads: string[] = [];
  override read(file: string): Promise<string | undefined> {
    this.reads.push(file);
    return super.read(file);
  }
}

describe('FilePartnerRegister with many organisations: read when needed, kept within a bound', function () {
  this.timeout(60_000);
  let dir: string;
  let remove: () => Promise<void>;
  let disk: CountingDisk;
  /** Size of one organisation's file (they are all alike but for their number's digits). */
  let fileBytes: number;

  before(async () => {
    ({ dir, remove } = await tempDir());
    const seeding = new DiskWorker();
    const register = await FilePartnerRegister.open(dir, seeding);
    await register.importSeed(seed);
    await register.flush();
    await seeding.close();
    fileBytes = (await readFile(register.fileOf(tenantOf(500)), 'utf8')).length;
  });
  after(() => remove());
  beforeEach(() => {
    disk = new CountingDisk();
  });
  afterEach(() => disk.close());

  const open = (cache: Partial<TenantCacheOptions> = {}) => FilePartnerRegister.open(dir, disk, { bytes: 32 * 1024 * 1024, idleMs: 60_000, ...cache });
  const tenantReads = () => disk.reads.filter((file) => file.includes(`${path.sep}tenants${path.sep}`));

  it('reads no organisation\'s file at start, and only its own file at its first turn', async () => {
    const register = await open();
    assert.deepEqual(tenantReads(), [], 'start reads no tenant file');
    assert.equal((await register.getSubscription(tenantOf(7), 'sub-0'))?.partnerId, '1234567');
    await register.listRelationships(tenantOf(7));
    await register.listSubscriptions(tenantOf(7));
    assert.deepEqual(tenantReads(), [register.fileOf(tenantOf(7))], 'one read, of its own file, however often it is asked');
  });

  it('keeps the cache within its bound after serving every organisation, and serves each one right', async () => {
    const bound = 50 * fileBytes;
    const register = await open({ bytes: bound });
    for (let i = 0; i < ORGANISATIONS; i++) {
      assert.equal((await register.getTenant(tenantOf(i)))?.name, `Organisation ${i}`);
      assert.ok(register.cached.bytes <= bound, `${register.cached.bytes} bytes cached after ${i + 1} organisations (bound ${bound})`);
    }
    assert.ok(register.cached.tenants <= 50, `${register.cached.tenants} organisations in memory`);
    assert.ok(register.cached.tenants >= 40, 'the bound is used, not emptied');
    assert.equal(tenantReads().length, ORGANISATIONS);
  });

  it('reloads an organisation dropped from memory with its latest change', async () => {
    const register = await open({ bytes: 20 * fileBytes });
    const changed = await changePartner(register, tenantOf(3), { id: 'admin-3' }, { kind: 'add', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '1234567' }, now);
    assert.ok(changed.ok);
    for (let i = 100; i < 200; i++) await register.getTenant(tenantOf(i));
    const readsBefore = tenantReads().length;
    assert.equal((await register.getSubscription(tenantOf(3), 'sub-1'))?.partnerId, '1234567');
    assert.equal((await register.getSubscription(tenantOf(3), 'sub-1'))?.version, 2);
    assert.deepEqual((await register.listAudit(tenantOf(3), 5)).map((e) => e.subscriptionId), ['sub-1']);
    assert.equal(tenantReads().length, readsBefore + 1, 'it was read again from its file');
    // Put back as it was, for the other tests.
    assert.ok((await changePartner(register, tenantOf(3), { id: 'admin-3' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 2 }, now)).ok);
  });

  it('drops organisations idle for longer than the idle time', async () => {
    let clock = 0;
    const register = await open({ idleMs: 1000, clock: () => clock });
    for (let i = 0; i < 10; i++) await register.getTenant(tenantOf(i));
    assert.equal(register.cached.tenants, 10);
    clock = 5000;
    await register.getTenant(tenantOf(11));
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the idle sweep runs every second at this setting
    assert.equal(register.cached.tenants, 1, 'only the one used since is kept');
  });

  it('loses no change of one organisation when it is dropped from memory between them', async () => {
    // A bound of nothing: every organisation leaves memory as soon as it can.
    const register = await open({ bytes: 0 });
    const tenant = tenantOf(42);
    const changes = Array.from({ length: 3 }, (_, s) =>
      changePartner(register, tenant, { id: 'admin-42' }, { kind: 'add', subscriptionId: `sub-${s + 1}`, expectedVersion: 1, partnerId: '1234567' }, now),
    );
    const others = Array.from({ length: 30 }, (_, i) => register.getTenant(tenantOf(600 + i)));
    const results = await Promise.all([...changes, ...others]);
    assert.ok(results.slice(0, 3).every((r) => r !== undefined && 'ok' in r && r.ok));
    // And the same again, now removing them, each planned on what the one before wrote.
    const removals = await Promise.all(
      Array.from({ length: 3 }, (_, s) => changePartner(register, tenant, { id: 'admin-42' }, { kind: 'remove', subscriptionId: `sub-${s + 1}`, expectedVersion: 2 }, now)),
    );
    assert.ok(removals.every((r) => r.ok));
    const reopened = await open();
    assert.deepEqual((await reopened.listSubscriptions(tenant)).map((s) => [s.id, s.partnerId, s.version]), [
      ['sub-0', '1234567', 1],
      ['sub-1', undefined, 3],
      ['sub-2', undefined, 3],
      ['sub-3', undefined, 3],
    ]);
    assert.equal((await reopened.listAudit(tenant, 50)).length, 6, 'every change is in the audit once');
  });

  it('refuses a damaged organisation, leaves its file untouched, and serves the others', async () => {
    const register = await open();
    const file = register.fileOf(tenantOf(9));
    const original = await readFile(file, 'utf8');
    const damaged = original.slice(0, original.length / 2);
    await writeFile(file, damaged);
    try {
      await assert.rejects(register.listSubscriptions(tenantOf(9)), (error: unknown) => {
        assert.ok(error instanceof OrganisationDataError);
        assert.equal(error.tenantId, tenantOf(9));
        assert.equal(error.file, file);
        return true;
      });
      const refused = changePartner(register, tenantOf(9), { id: 'admin-9' }, { kind: 'remove', subscriptionId: 'sub-0', expectedVersion: 1 }, now);
      await assert.rejects(refused, OrganisationDataError);
      await register.importSeed({ partners: [], tenants: seed.tenants.slice(8, 11) }).catch(() => undefined);
      await register.flush();
      assert.equal(await readFile(file, 'utf8'), damaged, 'left byte for byte as it was');
      assert.equal((await register.getTenant(tenantOf(10)))?.name, 'Organisation 10');
      assert.ok((await changePartner(register, tenantOf(10), { id: 'admin-10' }, { kind: 'add', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '1234567' }, now)).ok);
      assert.ok((await changePartner(register, tenantOf(10), { id: 'admin-10' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 2 }, now)).ok);
    } finally {
      await writeFile(file, original);
    }
    assert.equal((await register.getTenant(tenantOf(9)))?.name, 'Organisation 9', 'once fixed, it is served again');
  });

  it('refuses a file that holds another organisation\'s data rather than taking it for its own', async () => {
    const register = await open();
    const file = register.fileOf(tenantOf(20));
    const original = await readFile(file, 'utf8');
    await writeFile(file, await readFile(register.fileOf(tenantOf(21)), 'utf8'));
    try {
      await assert.rejects(register.getTenant(tenantOf(20)), OrganisationDataError);
    } finally {
      await writeFile(file, original);
    }
  });

  it('does not seed over a damaged organisation that is not missing', async () => {
    const register = await open();
    const file = register.fileOf(tenantOf(30));
    const original = await readFile(file, 'utf8');
    await writeFile(file, '{');
    try {
      const report = await register.seedMissingTenants({ partners: [], tenants: seed.tenants.slice(30, 31) });
      assert.equal(report.created, 0);
      assert.equal(await readFile(file, 'utf8'), '{');
    } finally {
      await writeFile(file, original);
    }
  });
});
