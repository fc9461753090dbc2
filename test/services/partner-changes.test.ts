import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { PartnerChangeKind } from '../../src/domain/partner-change.js';
import { StoreWriteError } from '../../src/ports/partner-register.js';
import { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { testSeed } from '../helpers/seed-data.js';
import { servicesOf } from '../helpers/services.js';
import { openSeededRegister } from '../helpers/disk.js';

const NOW = new Date('2026-11-25T09:00:00Z');
const admin = { tenantId: 'tenant-a', userId: 'admin-a', userName: 'Megan Bowen' };

// The partner-change use case without any conversation: what each step answers, over a real
// register in a temporary folder seeded with tenant-a (worldwide) and tenant-b (21Vianet).
describe('PartnerChanges (service)', () => {
  let register: FilePartnerRegister;
  let remove: () => Promise<void>;
  let services: ReturnType<typeof servicesOf>;
  beforeEach(async () => {
    ({ register, remove } = await openSeededRegister());
    services = servicesOf(register);
  });
  afterEach(async () => {
    sinon.restore();
    await remove();
  });

  it('starts with the subscriptions each kind applies to, partners named from the directory', async () => {
    const add = await services.changes.start(admin, 'add');
    assert.ok(add.ok);
    assert.deepEqual(add.candidates.map((s) => [s.id, s.partner?.name]), [['sub-1', 'Contoso Advisors'], ['sub-2', undefined]]);
    const change = await services.changes.start(admin, 'change');
    assert.ok(change.ok);
    assert.deepEqual(change.candidates.map((s) => s.id), ['sub-1']);
  });

  const refusals: Array<[string, { tenantId: string; userId: string }, PartnerChangeKind, string]> = [
    ['an organisation it does not know', { tenantId: 'nobody', userId: 'x' }, 'add', 'tenantUnknown'],
    ['an add in a 21Vianet tenant, which the partner starts', { tenantId: 'tenant-b', userId: 'admin-b' }, 'add', 'partnerInitiated'],
    ['a user who is not an admin', { tenantId: 'tenant-a', userId: 'someone' }, 'remove', 'notAdmin'],
    ['a change where no subscription has a partner', { tenantId: 'tenant-empty', userId: 'admin-e' }, 'change', 'none'],
  ];
  for (const [what, who, kind, refusal] of refusals) {
    it(`refuses to start for ${what}`, async () => {
      const started = await services.changes.start(who, kind);
      assert.deepEqual(started.ok ? 'started' : started.refusal, refusal);
    });
  }

  it('hands an add on a subscription that has a partner over to a change', async () => {
    const chosen = await services.changes.choose(admin, 'add', 'sub-1');
    assert.ok(chosen.ok);
    assert.equal(chosen.value.handOff, 'change');
    assert.deepEqual(await services.changes.choose(admin, 'add', 'sub-of-someone-else'), { ok: false, error: 'subscriptionNotFound' });
  });

  it('checks the Partner ID: digits, and a change to another partner', () => {
    assert.deepEqual(services.changes.checkPartnerId('change', ' 1234567 ', '1234567'), { ok: false, error: 'samePartner' });
    assert.deepEqual(services.changes.checkPartnerId('add', '12ab567', undefined), { ok: false, error: 'partnerIdNotDigits' });
    assert.deepEqual(services.changes.checkPartnerId('change', '7654321', '1234567'), { ok: true, value: '7654321' });
  });

  it('previews a known and an unknown partner', async () => {
    assert.deepEqual((await services.changes.preview(admin, 'sub-2', '7654321'))?.next, { id: '7654321', name: 'Northwind Traders', known: true });
    assert.deepEqual((await services.changes.preview(admin, 'sub-2', '4567890'))?.next, { id: '4567890', known: false });
  });

  it('applies a change and says what the subscription held before', async () => {
    const applied = await services.changes.apply(admin, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '7654321' }, NOW);
    assert.ok(applied.ok);
    assert.deepEqual(applied.value.subscription.partner, { id: '7654321', name: 'Northwind Traders' });
    assert.deepEqual(applied.value.previous, { id: '1234567', name: 'Contoso Advisors' });
    assert.equal(applied.value.cloud, 'worldwide');
    assert.equal((await register.listAudit('tenant-a', 1))[0]?.actorName, 'Megan Bowen');
  });

  it("names the cloud of the tenant a change is recorded for, whose admin center applies it", async () => {
    const applied = await services.changes.apply({ tenantId: 'tenant-b', userId: 'admin-b' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, NOW);
    assert.ok(applied.ok);
    assert.equal(applied.value.cloud, '21vianet');
    assert.deepEqual(applied.value.previous, { id: '2345678' });
  });

  it('decides rights at the moment of the write: an admin removed after the start changes nothing', async () => {
    assert.ok((await services.changes.start(admin, 'remove')).ok);
    await register.importSeed({ ...testSeed, tenants: testSeed.tenants.map((t) => (t.id === 'tenant-a' ? { ...t, admins: ['someone-else'] } : t)) });
    assert.deepEqual(await services.changes.apply(admin, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, NOW), { ok: false, error: 'notAdmin' });
    assert.equal((await register.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
  });

  it('refuses a change prepared against an older version, and tells what it holds now', async () => {
    assert.ok((await services.changes.apply(admin, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, NOW)).ok);
    assert.deepEqual(await services.changes.apply(admin, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '7654321' }, NOW), { ok: false, error: 'stale' });
    assert.equal((await services.changes.current(admin, 'sub-1'))?.partner, undefined);
  });

  it('reports a write the register could not make as notSaved, and nothing changed', async () => {
    sinon.stub(register, 'update').rejects(new StoreWriteError('partners/tenants/x.json', { cause: new Error('ENOSPC') }));
    assert.deepEqual(await services.changes.apply(admin, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, NOW), { ok: false, error: 'notSaved' });
    sinon.restore();
    assert.equal((await register.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
  });
});

describe('Offers (service)', () => {
  let register: FilePartnerRegister;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ register, remove } = await openSeededRegister());
  });
  afterEach(() => remove());

  it('accepts a pending offer: delegated admin, and the trial it comes with', async () => {
    const { offers } = servicesOf(register);
    const accepted = await offers.accept({ tenantId: 'tenant-b', userId: 'admin-b' }, 'offer-1', NOW);
    assert.ok(accepted.ok);
    assert.equal(accepted.value.subscription?.name, 'Office 365 E3');
    assert.ok((await register.listRelationships('tenant-b')).some((r) => r.type === 'delegatedAdmin' && r.partnerId === '2345678'));
  });

  it("lets only an admin of that tenant accept, and only an offer of the tenant's own", async () => {
    const { offers } = servicesOf(register);
    assert.deepEqual(await offers.accept({ tenantId: 'tenant-b', userId: 'admin-a' }, 'offer-1', NOW), { ok: false, error: 'notAdmin' });
    assert.deepEqual(await offers.accept({ tenantId: 'tenant-a', userId: 'admin-a' }, 'offer-1', NOW), { ok: false, error: 'offerNotFound' });
  });
});
