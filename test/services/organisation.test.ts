import assert from 'node:assert/strict';
import type { OrganisationProfile } from '../../src/domain/organisation.js';
import type { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { FilePartnerRegister as Register } from '../../src/store/file/file-partner-register.js';
import { createServices, type Services } from '../../src/services/services.js';
import { TestDirectory } from '../helpers/directory.js';
import { testDisk } from '../helpers/disk.js';
import { tempDir } from '../helpers/temp-dir.js';

const TENANT = '4a1f6c1e-0000-4000-8000-00000000000a';
const ADMIN = '0b5c1d2e-0000-4000-8000-0000000000a1';
const USER = '0b5c1d2e-0000-4000-8000-0000000000a2';
const RESELLER = '9e8d7c6b-0000-4000-8000-0000000000f1';
const admin = { tenantId: TENANT, userId: ADMIN, userName: 'Megan Bowen' };
const user = { tenantId: TENANT, userId: USER };

const profile: OrganisationProfile = {
  name: 'Fabrikam',
  subscriptions: [
    { id: 'sub-e3', name: 'Office 365 E3', status: 'enabled', resellerTenantId: RESELLER },
    { id: 'sub-bs', name: 'Microsoft 365 Business Standard', status: 'warning' },
    { id: 'sub-old', name: 'Power BI Pro', status: 'deleted' },
    { id: 'sub-susp', name: 'Microsoft 365 E5', status: 'suspended' },
  ],
  resellers: [{ tenantId: RESELLER, name: 'Northwind Traders' }],
};

// Organisations read from Microsoft 365 (through the organisation-source port) and kept in a real
// file register: first contact, re-reads, consent and outages, and who may change partners.
describe('Organisation and Access with Microsoft 365 (services)', () => {
  let register: FilePartnerRegister;
  let remove: () => Promise<void>;
  let directory: TestDirectory;
  let services: Services;
  let now: Date;

  beforeEach(async () => {
    let dir: string;
    ({ dir, remove } = await tempDir());
    register = await Register.open(dir, testDisk);
    directory = new TestDirectory();
    directory.profiles.set(TENANT, profile);
    directory.admins.set(TENANT, new Set([ADMIN]));
    now = new Date('2026-11-25T09:00:00Z');
    services = createServices(register, {}, { source: directory, cloud: 'worldwide', refreshMs: 3_600_000, clock: () => now });
  });
  afterEach(() => remove());

  it('reads an organisation on its first request and keeps it: active subscriptions offered, reseller shown', async () => {
    assert.equal(await register.getTenant(TENANT), undefined);
    assert.deepEqual(await services.organisation.ready(admin), { ok: true, value: undefined });
    const tenant = await register.getTenant(TENANT);
    assert.equal(tenant?.name, 'Fabrikam');
    assert.equal(tenant?.source, 'microsoft365');
    const started = await services.changes.start(admin, 'add');
    assert.ok(started.ok);
    // Deleted and suspended subscriptions are not offered.
    assert.deepEqual(started.candidates.map((s) => s.name).sort(), ['Microsoft 365 Business Standard', 'Office 365 E3']);
    const relationships = await services.relationships.view(admin);
    assert.ok(relationships.relationships.some((r) => r.type === 'reseller' && r.partner.name === 'Northwind Traders'), JSON.stringify(relationships));
  });

  it('reads again only once what it read is old, keeping partners of record; a subscription gone is kept as deleted', async () => {
    await services.organisation.ready(admin);
    const sub = (await register.getSubscription(TENANT, 'sub-e3'))!;
    const added = await services.changes.apply(admin, { kind: 'add', subscriptionId: 'sub-e3', partnerId: '1234567', expectedVersion: sub.version }, now);
    assert.ok(added.ok, JSON.stringify(added));
    await services.organisation.ready(admin);
    assert.equal(directory.reads, 1);
    directory.profiles.set(TENANT, { ...profile, subscriptions: profile.subscriptions.filter((s) => s.id !== 'sub-bs') });
    now = new Date(now.getTime() + 3_600_000);
    await services.organisation.ready(admin);
    assert.equal(directory.reads, 2);
    assert.equal((await register.getSubscription(TENANT, 'sub-e3'))?.partnerId, '1234567');
    assert.equal((await register.getSubscription(TENANT, 'sub-bs'))?.status, 'deleted');
    const started = await services.changes.start(admin, 'add');
    assert.ok(started.ok);
    assert.deepEqual(started.candidates.map((s) => s.id), ['sub-e3']);
  });

  it('says where an admin allows the bot when the organisation has not, and keeps nothing', async () => {
    directory.failing.set(TENANT, 'noConsent');
    const served = await services.organisation.ready(user);
    assert.deepEqual(served, { ok: false, reason: 'noConsent', consentUrl: directory.consentUrl(TENANT) });
    assert.equal(await register.getTenant(TENANT), undefined);
  });

  it('serves what it read before while Microsoft 365 is out of reach, and says so when it never read it', async () => {
    directory.failing.set(TENANT, 'unavailable');
    assert.deepEqual(await services.organisation.ready(admin), { ok: false, reason: 'unavailable' });
    directory.failing.delete(TENANT);
    await services.organisation.ready(admin);
    directory.failing.set(TENANT, 'unavailable');
    now = new Date(now.getTime() + 2 * 3_600_000);
    assert.deepEqual(await services.organisation.ready(admin), { ok: true, value: undefined });
    // "refresh" itself says Microsoft 365 is out of reach.
    assert.deepEqual(await services.organisation.refresh(admin), { ok: false, reason: 'unavailable' });
  });

  it('reads an organisation once for requests that arrive together', async () => {
    let release!: () => void;
    directory.gate = new Promise((resolve) => (release = resolve));
    const together = [services.organisation.ready(admin), services.organisation.ready(user), services.organisation.ready(admin)];
    release();
    await Promise.all(together);
    assert.equal(directory.reads, 1);
  });

  it('counts the refreshed subscriptions, and has nothing to read for a seeded organisation', async () => {
    assert.deepEqual(await services.organisation.refresh(admin), { ok: true, value: { subscriptions: 4, active: 2 } });
    const seeded = createServices(register, {});
    assert.deepEqual(await seeded.organisation.refresh(admin), { ok: true, value: undefined });
  });

  it('lets role holders change partners, asks afresh at the moment of the write, and refuses others', async () => {
    await services.organisation.ready(admin);
    assert.equal(await services.access.canChangePartners(admin), true);
    assert.equal(await services.access.canChangePartners(admin), true);
    assert.equal(await services.access.canChangePartners(user), false);
    assert.equal(directory.roleChecks, 2, 'a read may use an answer up to a minute old');
    const refused = await services.changes.apply(user, { kind: 'add', subscriptionId: 'sub-bs', partnerId: '1234567', expectedVersion: 1 }, now);
    assert.deepEqual(refused, { ok: false, error: 'notAdmin' });
    // The role is removed after the card was shown: the write asks again and refuses.
    directory.admins.set(TENANT, new Set());
    const late = await services.changes.apply(admin, { kind: 'add', subscriptionId: 'sub-bs', partnerId: '1234567', expectedVersion: 1 }, now);
    assert.deepEqual(late, { ok: false, error: 'notAdmin' });
    assert.equal((await register.getSubscription(TENANT, 'sub-bs'))?.partnerId, undefined);
  });

  it('changes nothing when Microsoft 365 cannot confirm the role at the moment of the write', async () => {
    await services.organisation.ready(admin);
    assert.equal(await services.access.canChangePartners(admin), true);
    directory.failing.set(TENANT, 'unavailable');
    const result = await services.changes.apply(admin, { kind: 'add', subscriptionId: 'sub-bs', partnerId: '1234567', expectedVersion: 1 }, now);
    assert.deepEqual(result, { ok: false, error: 'organisationUnavailable' });
    assert.equal((await register.getSubscription(TENANT, 'sub-bs'))?.partnerId, undefined);
    assert.equal((await register.listAudit(TENANT, 10)).length, 0);
  });

  it("keeps the deployment's cloud on organisations it reads: in 21Vianet, partners are added by their offer", async () => {
    const china = createServices(register, {}, { source: directory, cloud: '21vianet', refreshMs: 3_600_000, clock: () => now });
    await china.organisation.ready(admin);
    assert.equal((await register.getTenant(TENANT))?.cloud, '21vianet');
    assert.deepEqual(await china.changes.start(admin, 'add'), { ok: false, refusal: 'partnerInitiated', cloud: '21vianet' });
  });

  it('refuses a change of a subscription suspended since the card was shown', async () => {
    await services.organisation.ready(admin);
    directory.profiles.set(TENANT, { ...profile, subscriptions: profile.subscriptions.map((s) => (s.id === 'sub-bs' ? { ...s, status: 'suspended' as const } : s)) });
    await services.organisation.refresh(admin);
    const result = await services.changes.apply(admin, { kind: 'add', subscriptionId: 'sub-bs', partnerId: '1234567', expectedVersion: 1 }, now);
    assert.deepEqual(result, { ok: false, error: 'subscriptionInactive' });
  });
});
