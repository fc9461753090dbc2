import assert from 'node:assert/strict';
import { isTenantAdmin } from '../../src/domain/access.js';
import type { PartnerOffer, Subscription, Tenant } from '../../src/domain/model.js';
import {
  planOfferAcceptance,
  planPartnerChange,
  type ChangeContext,
  type PartnerChangeRequest,
} from '../../src/domain/partner-change.js';
import { relationshipsOf } from '../../src/domain/relationships.js';

const now = new Date('2026-11-24T10:00:00Z');
const tenant: Tenant = { id: 't1', name: 'Fabrikam', cloud: 'worldwide', admins: ['admin-1'] };
const vianet: Tenant = { id: 't2', name: 'Shanghai Co', cloud: '21vianet', admins: ['admin-2'] };
const withPartner: Subscription = { id: 's1', tenantId: 't1', name: 'E3', partnerId: '1234567', version: 3 };
const without: Subscription = { id: 's2', tenantId: 't1', name: 'E5', version: 1 };

const ctx = (over: Partial<ChangeContext> = {}): ChangeContext => ({
  tenant,
  subscription: without,
  actor: { id: 'admin-1' },
  isAdmin: true,
  now,
  ...over,
});

describe('planPartnerChange', () => {
  const refusals: Array<[string, Partial<ChangeContext>, PartnerChangeRequest, string]> = [
    ['an unknown tenant', { tenant: undefined }, { kind: 'add', subscriptionId: 's2', expectedVersion: 1, partnerId: '1234567' }, 'tenantUnknown'],
    ['a user who is not an admin', { isAdmin: false }, { kind: 'add', subscriptionId: 's2', expectedVersion: 1, partnerId: '1234567' }, 'notAdmin'],
    ['a subscription of another tenant', { subscription: { ...without, tenantId: 'other' } }, { kind: 'add', subscriptionId: 's2', expectedVersion: 1, partnerId: '1234567' }, 'subscriptionNotFound'],
    ['a missing subscription', { subscription: undefined }, { kind: 'remove', subscriptionId: 'nope', expectedVersion: 1 }, 'subscriptionNotFound'],
    ['a stale version', {}, { kind: 'add', subscriptionId: 's2', expectedVersion: 0, partnerId: '1234567' }, 'stale'],
    ['add in a 21Vianet tenant', { tenant: vianet, subscription: { ...without, tenantId: 't2' } }, { kind: 'add', subscriptionId: 's2', expectedVersion: 1, partnerId: '1234567' }, 'partnerInitiated'],
    ['add where a partner exists', { subscription: withPartner }, { kind: 'add', subscriptionId: 's1', expectedVersion: 3, partnerId: '2345678' }, 'alreadyHasPartner'],
    ['add with letters in the ID', {}, { kind: 'add', subscriptionId: 's2', expectedVersion: 1, partnerId: '12ab567' }, 'partnerIdNotDigits'],
    ['change with no partner', {}, { kind: 'change', subscriptionId: 's2', expectedVersion: 1, partnerId: '2345678' }, 'noPartner'],
    ['change to the same ID', { subscription: withPartner }, { kind: 'change', subscriptionId: 's1', expectedVersion: 3, partnerId: ' 1234567 ' }, 'samePartner'],
    ['change to a 5-digit ID', { subscription: withPartner }, { kind: 'change', subscriptionId: 's1', expectedVersion: 3, partnerId: '12345' }, 'partnerIdTooShort'],
    ['remove with no partner', {}, { kind: 'remove', subscriptionId: 's2', expectedVersion: 1 }, 'noPartner'],
  ];
  for (const [what, over, request, code] of refusals) {
    it(`refuses ${what} with ${code}`, () => {
      assert.deepEqual(planPartnerChange(ctx(over), request), { ok: false, error: code });
    });
  }

  it('adds a partner, bumps the version and writes who did it', () => {
    const result = planPartnerChange(ctx(), { kind: 'add', subscriptionId: 's2', expectedVersion: 1, partnerId: ' 7654321' });
    assert.deepEqual(result, {
      ok: true,
      value: {
        subscription: { ...without, partnerId: '7654321', version: 2 },
        audit: { at: now.toISOString(), tenantId: 't1', actor: 'admin-1', action: 'add', subscriptionId: 's2', after: '7654321' },
      },
    });
  });

  it('replaces the partner in one step when changing it', () => {
    const result = planPartnerChange(ctx({ subscription: withPartner }), { kind: 'change', subscriptionId: 's1', expectedVersion: 3, partnerId: '7654321' });
    assert.ok(result.ok);
    assert.deepEqual(result.value.subscription, { ...withPartner, partnerId: '7654321', version: 4 });
    assert.equal(result.value.audit.before, '1234567');
    assert.equal(result.value.audit.after, '7654321');
  });

  it('removes the partner and keeps the rest of the subscription', () => {
    const result = planPartnerChange(ctx({ subscription: withPartner }), { kind: 'remove', subscriptionId: 's1', expectedVersion: 3 });
    assert.ok(result.ok);
    assert.deepEqual(result.value.subscription, { id: 's1', tenantId: 't1', name: 'E3', version: 4 });
    assert.equal(result.value.audit.before, '1234567');
    assert.equal(result.value.audit.after, undefined);
  });

  it('allows change and remove in a 21Vianet tenant', () => {
    const sub = { ...withPartner, tenantId: 't2' };
    assert.ok(planPartnerChange(ctx({ tenant: vianet, subscription: sub }), { kind: 'change', subscriptionId: 's1', expectedVersion: 3, partnerId: '2345678' }).ok);
    assert.ok(planPartnerChange(ctx({ tenant: vianet, subscription: sub }), { kind: 'remove', subscriptionId: 's1', expectedVersion: 3 }).ok);
  });
});

describe('planOfferAcceptance', () => {
  const offer: PartnerOffer = {
    id: 'o1',
    tenantId: 't2',
    partnerId: '2345678',
    partnerName: 'Shanghai Partner',
    includes: { kind: 'trial', product: 'Office 365 E3' },
    status: 'pending',
  };
  const base = { tenant: vianet, offer, actor: { id: 'admin-2' }, isAdmin: true, now, newSubscriptionId: 'new-sub' };

  it('accepts a pending offer and creates the trial it comes with', () => {
    const result = planOfferAcceptance(base);
    assert.ok(result.ok);
    assert.equal(result.value.offer.status, 'accepted');
    assert.deepEqual(result.value.subscription, { id: 'new-sub', tenantId: 't2', name: 'Office 365 E3', partnerId: '2345678', version: 1 });
    assert.equal(result.value.audit.action, 'acceptOffer');
  });

  it('creates no subscription for an offer without trial or purchase', () => {
    const { includes: _, ...bare } = offer;
    const result = planOfferAcceptance({ ...base, offer: bare });
    assert.ok(result.ok);
    assert.equal(result.value.subscription, undefined);
  });

  const refusals: Array<[string, Partial<typeof base>, string]> = [
    ['a non-admin', { isAdmin: false }, 'notAdmin'],
    ['an offer of another tenant', { offer: { ...offer, tenantId: 't1' } }, 'offerNotFound'],
    ['an answered offer', { offer: { ...offer, status: 'accepted' } }, 'offerNotPending'],
    ['a worldwide tenant', { tenant: { ...vianet, cloud: 'worldwide' } }, 'offerWrongCloud'],
  ];
  for (const [what, over, code] of refusals) {
    it(`refuses ${what} with ${code}`, () => {
      assert.deepEqual(planOfferAcceptance({ ...base, ...over }), { ok: false, error: code });
    });
  }
});

describe('isTenantAdmin', () => {
  it('lets only listed admins change partners', () => {
    assert.equal(isTenantAdmin(tenant, 'admin-1', {}), true);
    assert.equal(isTenantAdmin(tenant, 'someone', {}), false);
    assert.equal(isTenantAdmin(tenant, undefined, {}), false);
    assert.equal(isTenantAdmin(undefined, 'admin-1', {}), false);
  });

  it('treats everyone as admin of the open (local) tenant only', () => {
    assert.equal(isTenantAdmin(tenant, 'someone', { openTenantId: 't1' }), true);
    assert.equal(isTenantAdmin(vianet, 'someone', { openTenantId: 't1' }), false);
  });
});

describe('relationshipsOf', () => {
  it('groups subscriptions by partner of record and lists advisors before resellers', () => {
    const subs: Subscription[] = [
      withPartner,
      without,
      { id: 's3', tenantId: 't1', name: 'Teams', partnerId: '1234567', version: 1 },
      { id: 's4', tenantId: 't1', name: 'Visio', partnerId: '9999999', version: 1 },
    ];
    const names: Record<string, string> = { '1234567': 'Contoso' };
    const result = relationshipsOf('t1', subs, [{ partnerId: '7654321', partnerName: 'Northwind', type: 'reseller' }], (id) => names[id]);
    assert.deepEqual(result, [
      { tenantId: 't1', partnerId: '9999999', type: 'advisor', subscriptionIds: ['s4'] },
      { tenantId: 't1', partnerId: '1234567', partnerName: 'Contoso', type: 'advisor', subscriptionIds: ['s1', 's3'] },
      { tenantId: 't1', partnerId: '7654321', partnerName: 'Northwind', type: 'reseller', subscriptionIds: [] },
    ]);
  });

  it('is empty when there is nothing', () => {
    assert.deepEqual(relationshipsOf('t1', [without], [], () => undefined), []);
  });
});
