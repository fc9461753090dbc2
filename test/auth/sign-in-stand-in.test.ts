import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BOT_FRAMEWORK_RESOURCE, GRAPH_RESOURCE, startSignIn, type SignInStandIn } from '../helpers/stand-ins/sign-in.js';
import { testPki, trustingFetch } from '../helpers/stand-ins/tls.js';

const APP = '0a0a0a0a-1111-4222-8333-444455556666';
const SECRET = 'the-secret';
const CONSENTED = '7e7e7e7e-1111-4222-8333-444455556666';

type Json = Record<string, unknown>;
const claimsOf = (token: string): Json => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json;

// The sign-in stand-in speaks Entra's protocol: what MSAL reads (OpenID configuration, keys) and
// the token endpoint's client-credentials answers, errors in Entra's JSON shape.
describe('sign-in stand-in (Entra protocol over HTTPS)', () => {
  let signIn: SignInStandIn;
  let fetchJson: (url: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) => Promise<{ status: number; body: Json }>;

  before(async () => {
    const pki = await testPki();
    const trusted = trustingFetch(pki.ca);
    fetchJson = async (url, init) => {
      const response = await trusted(url, init);
      return { status: response.status, body: (await response.json()) as Json };
    };
    signIn = await startSignIn(pki);
    signIn.client(APP, SECRET);
    signIn.tenant(CONSENTED, { consent: 'granted', graphRoles: ['Organization.Read.All'] });
    signIn.tenant('no-sp', { consent: 'missingServicePrincipal' });
    signIn.tenant('not-found', { consent: 'appNotFound', displayName: 'Contoso' });
    signIn.tenant('needs-consent', { consent: 'consentRequired' });
  });
  after(() => signIn.close());

  const requestToken = (tenant: string, fields: Record<string, string> = {}) =>
    fetchJson(`${signIn.url}/${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'client-request-id': 'corr-1' },
      body: new URLSearchParams({ client_id: APP, client_secret: SECRET, scope: `${GRAPH_RESOURCE}/.default`, grant_type: 'client_credentials', ...fields }).toString(),
    });

  it("serves a tenant's OpenID configuration, every endpoint on the stand-in, and its signing keys", async () => {
    const { status, body } = await fetchJson(`${signIn.url}/${CONSENTED}/v2.0/.well-known/openid-configuration`);
    assert.equal(status, 200);
    assert.equal(body.issuer, `${signIn.url}/${CONSENTED}/v2.0`);
    assert.equal(body.token_endpoint, `${signIn.url}/${CONSENTED}/oauth2/v2.0/token`);
    assert.equal(body.authorization_endpoint, `${signIn.url}/${CONSENTED}/oauth2/v2.0/authorize`);
    assert.equal(body.end_session_endpoint, `${signIn.url}/${CONSENTED}/oauth2/v2.0/logout`);
    const keys = await fetchJson(String(body.jwks_uri));
    assert.equal(keys.status, 200);
    assert.deepEqual((keys.body.keys as Json[]).map((k) => [k.kty, k.use]), [['RSA', 'sig']]);
  });

  it('answers AADSTS90002 for a tenant it does not know', async () => {
    const { status, body } = await fetchJson(`${signIn.url}/unknown-tenant/v2.0/.well-known/openid-configuration`);
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_tenant');
    assert.deepEqual(body.error_codes, [90002]);
  });

  it('issues an RS256 token for the requested resource, with the tenant, the app and its roles', async () => {
    const { status, body } = await requestToken(CONSENTED);
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3599);
    assert.equal(body.ext_expires_in, 3599);
    const claims = claimsOf(String(body.access_token));
    assert.equal(claims.aud, GRAPH_RESOURCE);
    assert.equal(claims.tid, CONSENTED);
    assert.equal(claims.appid, APP);
    assert.deepEqual(claims.roles, ['Organization.Read.All']);
    assert.ok(signIn.verify(`Bearer ${String(body.access_token)}`).ok);
  });

  it('puts no roles in a token for another resource', async () => {
    const { body } = await requestToken(CONSENTED, { scope: `${BOT_FRAMEWORK_RESOURCE}/.default` });
    const claims = claimsOf(String(body.access_token));
    assert.equal(claims.aud, BOT_FRAMEWORK_RESOURCE);
    assert.equal(claims.roles, undefined);
  });

  const refusals: Array<[string, () => ReturnType<typeof requestToken>, number, string, number, Json?]> = [
    ['a wrong secret', () => requestToken(CONSENTED, { client_secret: 'wrong' }), 401, 'invalid_client', 7000215],
    ['no secret', () => requestToken(CONSENTED, { client_secret: '' }), 401, 'invalid_client', 7000216],
    ['an app without a service principal in the tenant', () => requestToken('no-sp'), 401, 'invalid_client', 7000229],
    ['an app the tenant does not know', () => requestToken('not-found'), 400, 'unauthorized_client', 700016],
    ['an app without consent', () => requestToken('needs-consent'), 400, 'invalid_grant', 65001, { suberror: 'consent_required' }],
    ['a scope without /.default', () => requestToken(CONSENTED, { scope: `${GRAPH_RESOURCE}/Organization.Read.All` }), 400, 'invalid_scope', 1002012],
    ['another grant type', () => requestToken(CONSENTED, { grant_type: 'password' }), 400, 'unsupported_grant_type', 70003],
  ];
  for (const [what, request, status, error, code, extra] of refusals) {
    it(`refuses ${what} as Entra does (${status} ${error}, AADSTS${code})`, async () => {
      const answer = await request();
      assert.equal(answer.status, status);
      assert.equal(answer.body.error, error);
      assert.deepEqual(answer.body.error_codes, [code]);
      assert.match(String(answer.body.error_description), new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: .+\\r\\nCorrelation ID: corr-1\\r\\nTimestamp: `));
      assert.equal(answer.body.correlation_id, 'corr-1');
      for (const [name, value] of Object.entries(extra ?? {})) assert.equal(answer.body[name], value);
    });
  }

  it('records every token request with its tenant, client, scope and answer', () => {
    const failed = signIn.tokenRequests.find((r) => r.tenant === 'no-sp');
    assert.deepEqual(failed, { tenant: 'no-sp', clientId: APP, scope: `${GRAPH_RESOURCE}/.default`, grantType: 'client_credentials', status: 401, error: 'invalid_client' });
  });

  it("is trusted by a child process given the run's CA as NODE_EXTRA_CA_CERTS, and only then", async () => {
    const pki = await testPki();
    const url = `${signIn.url}/${CONSENTED}/v2.0/.well-known/openid-configuration`;
    const script = `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status), (e) => console.log(e.cause?.code ?? e.message))`;
    const run = (env: Record<string, string>) => promisify(execFile)(process.execPath, ['-e', script], { env: { ...process.env, ...env } });
    assert.equal((await run({ NODE_EXTRA_CA_CERTS: pki.caFile })).stdout.trim(), '200');
    assert.equal((await run({ NODE_EXTRA_CA_CERTS: '' })).stdout.trim(), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
