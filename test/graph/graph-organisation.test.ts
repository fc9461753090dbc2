import assert from 'node:assert/strict';
import { AppTokens } from '../../src/graph/app-tokens.js';
import { GraphClient } from '../../src/graph/graph-client.js';
import { GraphOrganisation } from '../../src/graph/graph-organisation.js';
import { HttpsClient } from '../../src/graph/https-client.js';
import { ProductNames } from '../../src/graph/product-names.js';
import { createLogger } from '../../src/logger.js';
import { PRODUCT_NAMES_FILE } from '../../src/paths.js';
import { OrganisationSourceError } from '../../src/ports/organisation-source.js';
import { DEFAULT_BOT, ENTRA_ROLES, startMicrosoftStandIns, type MicrosoftStandIns } from '../helpers/stand-ins/index.js';

const FABRIKAM = 'fab00000-1111-4222-8333-444455556666';
const NORTHWIND = '0a700000-1111-4222-8333-444455556666';
const LITWARE = '11700000-1111-4222-8333-444455556666';
const CONTOSO = 'c0700000-1111-4222-8333-444455556666';
const ADMIN = 'ad000000-0000-4000-8000-000000000001';
const GROUP_ADMIN = 'ad000000-0000-4000-8000-000000000002';
const USER = 'ad000000-0000-4000-8000-000000000003';

const failure = (reason: 'noConsent' | 'unavailable') => (error: unknown) => error instanceof OrganisationSourceError && error.reason === reason;

// The Graph organisation source against HTTPS stand-ins of Entra sign-in and Microsoft Graph:
// MSAL's client-credentials flow and the bot's HTTP client run for real, over TLS.
describe('GraphOrganisation (Microsoft Graph and Entra sign-in stand-ins)', function () {
  this.timeout(20_000);
  let cloud: MicrosoftStandIns;
  let http: HttpsClient;
  let tokens: AppTokens;
  let source: GraphOrganisation;

  const open = (budgetMs = 8_000) => {
    http = new HttpsClient({ timeoutMs: 5_000, maxBytes: 1024 * 1024, ca: cloud.pki.ca });
    tokens = new AppTokens({ clientId: DEFAULT_BOT.appId, clientSecret: DEFAULT_BOT.password, loginEndpoint: cloud.signIn.url, resource: cloud.graph.url }, http, createLogger('silent'));
    const graph = new GraphClient(tokens, http, { endpoint: cloud.graph.url, budgetMs, attempts: 4, backoffMs: 100, maxPages: 5 });
    source = new GraphOrganisation(graph, tokens, ProductNames.fromFile(PRODUCT_NAMES_FILE), [ENTRA_ROLES.globalAdministrator, ENTRA_ROLES.billingAdministrator], createLogger('silent'));
  };

  beforeEach(async () => {
    cloud = await startMicrosoftStandIns(DEFAULT_BOT, { graphPageSize: 2 });
    cloud
      .organisation(FABRIKAM, { displayName: 'Fabrikam' })
      .admin(ADMIN)
      .groupAdmin(GROUP_ADMIN)
      .user(USER)
      .subscription({ id: 'sub-bs', skuPartNumber: 'O365_BUSINESS_PREMIUM' })
      .subscription({ id: 'sub-bp', skuPartNumber: 'SPB', resellerTenantId: NORTHWIND })
      .subscription({ id: 'sub-e3', skuPartNumber: 'ENTERPRISEPACK', status: 'Deleted' })
      .subscription({ id: 'sub-x', skuPartNumber: 'CONTOSO_UNKNOWN_SKU', status: 'Suspended' });
    cloud.organisation(NORTHWIND, { displayName: 'Northwind Traders', consent: 'missingServicePrincipal' });
    open();
  });
  afterEach(async () => {
    http.close();
    await cloud.close();
  });

  it('reads the organisation: its name, every page of subscriptions by product name and status, and its reseller by name', async () => {
    const profile = await source.read(FABRIKAM);
    assert.equal(profile.name, 'Fabrikam');
    assert.deepEqual(
      profile.subscriptions.map((s) => [s.id, s.name, s.status, s.resellerTenantId]),
      [
        ['sub-bp', 'Microsoft 365 Business Premium', 'enabled', NORTHWIND],
        ['sub-bs', 'Microsoft 365 Business Standard', 'enabled', undefined],
        ['sub-e3', 'Office 365 E3', 'deleted', undefined],
        ['sub-x', 'CONTOSO_UNKNOWN_SKU', 'suspended', undefined],
      ],
    );
    assert.deepEqual(profile.resellers, [{ tenantId: NORTHWIND, name: 'Northwind Traders' }]);
    assert.ok(cloud.graph.requests.filter((r) => r.path.startsWith('/v1.0/directory/subscriptions')).length >= 2, 'the second page was read');
  });

  it('tells admins by a direct role and through a group from users with no role', async () => {
    assert.equal(await source.isAdmin(FABRIKAM, ADMIN), true);
    assert.equal(await source.isAdmin(FABRIKAM, GROUP_ADMIN), true);
    assert.equal(await source.isAdmin(FABRIKAM, USER), false);
    // Not an Entra object ID (the Emulator's): nobody to ask about.
    assert.equal(await source.isAdmin(FABRIKAM, 'user-1'), false);
    assert.ok(cloud.graph.requests.some((r) => r.path.includes('transitiveMemberOf') && r.consistencyLevel === 'eventual'));
  });

  it("keeps each organisation's token: one sign-in per tenant however many reads", async () => {
    cloud.organisation(CONTOSO, { displayName: 'Contoso' }).subscription();
    await source.read(FABRIKAM);
    await source.isAdmin(FABRIKAM, ADMIN);
    await source.read(CONTOSO);
    await source.read(FABRIKAM);
    const graphTokens = cloud.signIn.tokenRequests.filter((r) => r.scope === `${cloud.graph.url}/.default`);
    assert.deepEqual(graphTokens.map((r) => [r.tenant, r.status]), [[FABRIKAM, 200], [CONTOSO, 200]]);
  });

  it('says the organisation has not allowed the bot, however Entra or Graph says it', async () => {
    cloud.organisation(CONTOSO, { displayName: 'Contoso', consent: 'consentRequired' });
    cloud.organisation(LITWARE, { displayName: 'Litware', graphRoles: ['CrossTenantInformation.ReadBasic.All'] }).subscription();
    await assert.rejects(source.read(NORTHWIND), failure('noConsent'));
    await assert.rejects(source.read(CONTOSO), failure('noConsent'));
    // A token without the permissions: Graph answers 403.
    await assert.rejects(source.read(LITWARE), failure('noConsent'));
    await assert.rejects(source.read('70700000-1111-4222-8333-444455556666'), failure('noConsent'));
    assert.equal(source.consentUrl(CONTOSO), `${cloud.signIn.url}/${CONTOSO}/adminconsent?client_id=${DEFAULT_BOT.appId}`);
  });

  it("waits as long as Graph's Retry-After asks, then reads", async () => {
    cloud.graph.fault('/directory/subscriptions', { status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    const profile = await source.read(FABRIKAM);
    assert.equal(profile.subscriptions.length, 4);
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
  });

  it('gives up within its time budget when Graph stays unavailable', async () => {
    http.close();
    open(1_500);
    cloud.graph.fault('/organization', { status: 503 });
    const started = Date.now();
    await assert.rejects(source.read(FABRIKAM), failure('unavailable'));
    assert.ok(Date.now() - started < 2_000, `gave up after ${Date.now() - started} ms`);
    assert.ok(cloud.graph.requests.filter((r) => r.path.startsWith('/v1.0/organization')).length >= 2, 'tried again');
  });

  it('refuses an answer too large or of the wrong shape, and never sends its token off Graph', async () => {
    http.close();
    http = new HttpsClient({ timeoutMs: 5_000, maxBytes: 600, ca: cloud.pki.ca });
    tokens = new AppTokens({ clientId: DEFAULT_BOT.appId, clientSecret: DEFAULT_BOT.password, loginEndpoint: cloud.signIn.url, resource: cloud.graph.url }, http, createLogger('silent'));
    const graph = new GraphClient(tokens, http, { endpoint: cloud.graph.url, budgetMs: 5_000, attempts: 2, backoffMs: 100, maxPages: 5 });
    // An answer larger than the client takes (here the sign-in metadata) fails the read as unavailable.
    await assert.rejects(new GraphOrganisation(graph, tokens, ProductNames.of({}), [], createLogger('silent')).read(FABRIKAM), failure('unavailable'));
    open();
    const client = new GraphClient(tokens, http, { endpoint: cloud.graph.url, budgetMs: 5_000, attempts: 2, backoffMs: 100, maxPages: 1 });
    await assert.rejects(client.list(FABRIKAM, '/directory/subscriptions'), failure('unavailable'));
    await assert.rejects(client.get(FABRIKAM, 'https://evil.example/v1.0/organization'), failure('unavailable'));
  });
});
