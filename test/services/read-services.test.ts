import assert from 'node:assert/strict';
import { fail, ok } from '../../src/domain/result.js';
import { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { changePartner, servicesOf } from '../helpers/services.js';
import { openSeededRegister } from '../helpers/disk.js';

const NOW = new Date('2026-11-25T09:00:00Z');

// The read-only use cases and guidance, without any conversation, over a real register.
describe('relationships, history, offers and purchase guidance (services)', () => {
  let register: FilePartnerRegister;
  let remove: () => Promise<void>;
  let services: ReturnType<typeof servicesOf>;
  beforeEach(async () => {
    ({ register, remove } = await openSeededRegister());
    services = servicesOf(register);
  });
  afterEach(() => remove());

  it('lists every relationship with its partner and the names of its subscriptions', async () => {
    const { cloud, source, relationships } = await services.relationships.view({ tenantId: 'tenant-a', userId: 'anyone' });
    assert.equal(cloud, 'worldwide');
    assert.equal(source, 'seed');
    assert.deepEqual(relationships, [
      { partner: { id: '1234567', name: 'Contoso Advisors' }, type: 'advisor', subscriptions: ['Microsoft 365 Business Standard'] },
      { partner: { id: '7654321', name: 'Northwind Traders' }, type: 'reseller', subscriptions: [] },
    ]);
    assert.deepEqual((await services.relationships.view({ tenantId: 'tenant-empty', userId: 'x' })).relationships, []);
  });

  it('says the organisation comes from Microsoft 365 when its record says so, from a seed file otherwise', async () => {
    const who = { tenantId: 'tenant-a', userId: 'anyone' };
    await register.update('tenant-a', (record) =>
      record ? ok({ record: { ...record, tenant: { ...record.tenant, source: 'microsoft365' as const } }, value: undefined }) : fail('tenantUnknown'),
    );
    const fromMicrosoft365 = await services.relationships.view(who);
    assert.equal(fromMicrosoft365.source, 'microsoft365');
    assert.equal(fromMicrosoft365.relationships.length, 2, 'the same relationships');
    assert.equal((await services.relationships.view({ tenantId: 'tenant-b', userId: 'x' })).source, 'seed');
  });

  it('names the resellers a customer cannot remove', async () => {
    assert.deepEqual(await services.relationships.resellers({ tenantId: 'tenant-a', userId: 'x' }), {
      cloud: 'worldwide',
      resellers: [{ id: '7654321', name: 'Northwind Traders' }],
    });
  });

  it('shows the history to admins only, with subscription names', async () => {
    await changePartner(register, 'tenant-a', { id: 'admin-a', name: 'Megan' }, { kind: 'remove', subscriptionId: 'sub-1', expectedVersion: 1 }, NOW);
    assert.deepEqual(await services.history.latest({ tenantId: 'tenant-a', userId: 'someone' }, 10), { ok: false, refusal: 'notAdmin' });
    const latest = await services.history.latest({ tenantId: 'tenant-a', userId: 'admin-a' }, 10);
    assert.ok(latest.ok);
    assert.equal(latest.entries[0]?.subscriptionName, 'Microsoft 365 Business Standard');
    assert.equal(latest.entries[0]?.action, 'remove');
  });

  it('lists pending offers in 21Vianet, and says why there is nothing to accept elsewhere', async () => {
    const pending = await services.offers.pending({ tenantId: 'tenant-b', userId: 'admin-b' });
    assert.ok(pending.ok);
    assert.deepEqual(pending.offers.map((o) => o.id), ['offer-1']);
    const refusal = async (tenantId: string, userId: string) => {
      const found = await services.offers.pending({ tenantId, userId });
      return found.ok ? 'offers' : found.refusal;
    };
    assert.equal(await refusal('tenant-a', 'admin-a'), 'worldwide');
    assert.equal(await refusal('tenant-b', 'someone'), 'notAdmin');
    assert.equal(await refusal('nobody', 'x'), 'tenantUnknown');
    assert.ok((await services.offers.accept({ tenantId: 'tenant-b', userId: 'admin-b' }, 'offer-1', NOW)).ok);
    assert.equal(await refusal('tenant-b', 'admin-b'), 'none');
  });

  it('checks a Partner ID for a purchase and names a partner the directory knows', async () => {
    assert.deepEqual(await services.purchase.checkPartnerId(' 7654321 '), { ok: true, value: { id: '7654321', name: 'Northwind Traders' } });
    assert.deepEqual(await services.purchase.checkPartnerId('4567890'), { ok: true, value: { id: '4567890' } });
    assert.deepEqual(await services.purchase.checkPartnerId('12345'), { ok: false, error: 'partnerIdTooShort' });
    assert.equal(await services.organisation.cloudOf({ tenantId: 'tenant-b', userId: 'x' }), '21vianet');
    assert.equal(await services.organisation.cloudOf({ tenantId: 'nobody', userId: 'x' }), 'worldwide');
  });
});
