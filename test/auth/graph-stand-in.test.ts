import assert from 'node:assert/strict';
import { BOT_FRAMEWORK_RESOURCE, ENTRA_ROLES, GRAPH_RESOURCE, startMicrosoftStandIns, trustingFetch, type MicrosoftStandIns } from '../helpers/stand-ins/index.js';

const FABRIKAM = 'fab00000-1111-4222-8333-444455556666';
const NORTHWIND = 'a0b70000-1111-4222-8333-444455556666';
const TAILSPIN = '7a115000-1111-4222-8333-444455556666';
const LITWARE = '11770000-1111-4222-8333-444455556666';
const FLAKY = 'f1a40000-1111-4222-8333-444455556666';
const GLOBAL_ADMIN = 'ad000001-1111-4222-8333-444455556666';
const BILLING_ADMIN = 'ad000002-1111-4222-8333-444455556666';
const PLAIN_USER = 'ad000003-1111-4222-8333-444455556666';

type Json = Record<string, unknown>;
type GraphError = { error: { code: string; message: string; innerError: Json } };

// The Graph stand-in driven the way a Graph client drives Graph: a client-credentials token from
// the sign-in stand-in, then plain GETs with it. The organisation comes from the token's tenant.
describe('Microsoft Graph stand-in (HTTPS, tokens from the sign-in stand-in)', () => {
  let cloud: MicrosoftStandIns;
  let fetch: ReturnType<typeof trustingFetch>;

  before(async () => {
    cloud = await startMicrosoftStandIns(undefined, { graphPageSize: 2 });
    fetch = trustingFetch(cloud.pki.ca);
    cloud
      .organisation(FABRIKAM, { displayName: 'Fabrikam' })
      .admin(GLOBAL_ADMIN)
      .groupAdmin(BILLING_ADMIN)
      .user(PLAIN_USER)
      .subscription({ skuPartNumber: 'O365_BUSINESS_PREMIUM' })
      .subscription({ skuPartNumber: 'SPB', resellerTenantId: NORTHWIND })
      .subscription({ skuPartNumber: 'ENTERPRISEPACK', status: 'Deleted', nextLifecycleDateTime: null });
    cloud.organisation(NORTHWIND, { displayName: 'Northwind Traders', consent: 'missingServicePrincipal' });
    cloud.organisation(TAILSPIN, { displayName: 'Tailspin Toys', consent: 'consentRequired' });
    cloud.organisation(LITWARE, { displayName: 'Litware', graphRoles: ['Organization.Read.All'] });
    cloud.organisation(FLAKY, { displayName: 'Flaky' }).subscription();
  });
  after(() => cloud.close());

  const tokenFor = async (tenant: string, resource = GRAPH_RESOURCE) => {
    const response = await fetch(`${cloud.signIn.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: cloud.bot.appId, client_secret: cloud.bot.password, scope: `${resource}/.default`, grant_type: 'client_credentials' }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const get = async <T = Json>(tenant: string, path: string, headers: Record<string, string> = {}) => {
    const token = await tokenFor(tenant);
    const response = await fetch(path.startsWith('https://') ? path : `${cloud.graph.url}/v1.0${path}`, { headers: { authorization: `Bearer ${String(token.body.access_token)}`, ...headers } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  const advanced = { ConsistencyLevel: 'eventual' };
  const groupsOf = (user: string) => get<{ value: Json[]; '@odata.count': number }>(FABRIKAM, `/users/${user}/transitiveMemberOf/microsoft.graph.group?$filter=isAssignableToRole eq true&$select=id&$count=true`, advanced);
  const rolesOf = async (principal: string) =>
    (await get<{ value: Json[] }>(FABRIKAM, `/roleManagement/directory/roleAssignments?$filter=principalId eq '${principal}'`)).body.value.map((a) => a.roleDefinitionId);

  it("answers the token's organisation", async () => {
    const { status, body } = await get<{ value: Json[] }>(FABRIKAM, '/organization');
    assert.equal(status, 200);
    assert.deepEqual(body.value.map((o) => [o.id, o.displayName]), [[FABRIKAM, 'Fabrikam']]);
  });

  it('pages the subscriptions with an absolute @odata.nextLink carrying a $skiptoken', async () => {
    const first = await get<{ value: Json[]; '@odata.nextLink'?: string }>(FABRIKAM, '/directory/subscriptions');
    assert.equal(first.body.value.length, 2);
    const next = first.body['@odata.nextLink'] ?? '';
    assert.match(next, new RegExp(`^${cloud.graph.url}/v1\\.0/directory/subscriptions\\?\\$skiptoken=.+`));
    const second = await get<{ value: Json[]; '@odata.nextLink'?: string }>(FABRIKAM, next);
    assert.equal(second.body['@odata.nextLink'], undefined);
    const all = [...first.body.value, ...second.body.value];
    assert.deepEqual(all.map((s) => [s.skuPartNumber, s.status, s.ownerTenantId]), [
      ['O365_BUSINESS_PREMIUM', 'Enabled', FABRIKAM],
      ['SPB', 'Enabled', NORTHWIND],
      ['ENTERPRISEPACK', 'Deleted', FABRIKAM],
    ]);
    for (const field of ['id', 'commerceSubscriptionId', 'skuId', 'totalLicenses', 'isTrial', 'createdDateTime', 'nextLifecycleDateTime', 'ownerId', 'ownerType', 'serviceStatus']) {
      assert.ok(field in (all[0] ?? {}), field);
    }
  });

  it("finds another tenant's public information by its id, and 404 for an unknown one", async () => {
    const found = await get(FABRIKAM, `/tenantRelationships/findTenantInformationByTenantId(tenantId='${NORTHWIND}')`);
    assert.equal(found.status, 200);
    const { tenantId, displayName, defaultDomainName, federationBrandName } = found.body;
    assert.deepEqual([tenantId, displayName, defaultDomainName, federationBrandName], [NORTHWIND, 'Northwind Traders', 'northwindtraders.onmicrosoft.com', null]);
    const unknown = await get<GraphError>(FABRIKAM, "/tenantRelationships/findTenantInformationByTenantId(tenantId='00000000-0000-0000-0000-000000000000')");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'Request_ResourceNotFound');
  });

  it('tells a Global Administrator by a direct role, a Billing Administrator through a role-assignable group, and a user with no role', async () => {
    assert.deepEqual((await groupsOf(GLOBAL_ADMIN)).body.value, []);
    assert.deepEqual(await rolesOf(GLOBAL_ADMIN), [ENTRA_ROLES.globalAdministrator]);

    const groups = (await groupsOf(BILLING_ADMIN)).body;
    assert.equal(groups['@odata.count'], 1);
    const group = String(groups.value[0]?.id);
    assert.deepEqual(groups.value, [{ '@odata.type': '#microsoft.graph.group', id: group }]);
    assert.deepEqual(await rolesOf(BILLING_ADMIN), []);
    assert.deepEqual(await rolesOf(group), [ENTRA_ROLES.billingAdministrator]);

    assert.deepEqual((await groupsOf(PLAIN_USER)).body.value, []);
    assert.deepEqual(await rolesOf(PLAIN_USER), []);
  });

  it('refuses a filtered transitiveMemberOf without ConsistencyLevel: eventual, as Graph does', async () => {
    const { status, body } = await get<GraphError>(FABRIKAM, `/users/${BILLING_ADMIN}/transitiveMemberOf/microsoft.graph.group?$filter=isAssignableToRole eq true&$select=id&$count=true`);
    assert.equal(status, 400);
    assert.equal(body.error.code, 'Request_UnsupportedQuery');
  });

  it('gives no token for an organisation that did not consent', async () => {
    const missing = await tokenFor(NORTHWIND);
    assert.deepEqual([missing.status, missing.body.error_codes], [401, [7000229]]);
    const unconsented = await tokenFor(TAILSPIN);
    assert.deepEqual([unconsented.status, unconsented.body.error_codes], [400, [65001]]);
  });

  it('answers 403 Authorization_RequestDenied when the token lacks the permission', async () => {
    assert.equal((await get(LITWARE, '/organization')).status, 200);
    const { status, body } = await get<GraphError>(LITWARE, "/roleManagement/directory/roleAssignments?$filter=principalId eq 'x'");
    assert.equal(status, 403);
    assert.equal(body.error.code, 'Authorization_RequestDenied');
    assert.equal(body.error.message, 'Insufficient privileges to complete the operation.');
    assert.ok(body.error.innerError['request-id']);
  });

  it('answers 401 InvalidAuthenticationToken without a token, or with one for another resource', async () => {
    const none = await fetch(`${cloud.graph.url}/v1.0/organization`);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as GraphError).error.code, 'InvalidAuthenticationToken');
    const botToken = await tokenFor(FABRIKAM, BOT_FRAMEWORK_RESOURCE);
    const other = await fetch(`${cloud.graph.url}/v1.0/organization`, { headers: { authorization: `Bearer ${String(botToken.body.access_token)}` } });
    assert.equal(other.status, 401);
    assert.equal(((await other.json()) as GraphError).error.message, 'Access token validation failure. Invalid audience.');
  });

  it('throttles with 429 and Retry-After, then answers; or fails with 503 for ever', async () => {
    cloud.graph.fault('/directory/subscriptions', { status: 429, retryAfter: 1, times: 1, tenantId: FLAKY });
    const throttled = await get<GraphError>(FLAKY, '/directory/subscriptions');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '1');
    assert.equal(throttled.body.error.code, 'TooManyRequests');
    assert.equal((await get(FLAKY, '/directory/subscriptions')).status, 200);

    cloud.graph.fault('/organization', { status: 503, tenantId: FLAKY });
    for (let i = 0; i < 3; i++) assert.equal((await get(FLAKY, '/organization')).status, 503);
    assert.equal((await get(FABRIKAM, '/organization')).status, 200, 'other organisations are not affected');
  });

  it('records each request with the tenant of its token', () => {
    const memberOf = cloud.graph.requests.find((r) => r.path.includes('/transitiveMemberOf/') && r.consistencyLevel === 'eventual');
    assert.deepEqual(memberOf && { tenantId: memberOf.tenantId, status: memberOf.status }, { tenantId: FABRIKAM, status: 200 });
    assert.ok(memberOf?.path.includes('$filter=isAssignableToRole eq true'));
  });
});
