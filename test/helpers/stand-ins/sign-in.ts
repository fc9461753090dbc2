import { randomUUID } from 'node:crypto';
import { json, startHttpsServer, type StandInAnswer, type StandInRequest } from './https-server.js';
import type { TestPki } from './tls.js';
import { newSigningKey, nowSeconds, publicJwk, signJwt, verifyBearer, type SigningKey, type Verified } from './tokens.js';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const BOT_FRAMEWORK_RESOURCE = 'https://api.botframework.com';

/**
 * Where the app stands in a tenant, and what Entra answers its client-credentials requests there:
 * - `granted`: the app has a service principal and an admin consented; tokens carry `graphRoles`
 *   in Microsoft Graph tokens (an app consented to nothing gets a token without `roles`);
 * - `missingServicePrincipal`: 401 `invalid_client`, AADSTS7000229 (app never added to the tenant);
 * - `appNotFound`: 400 `unauthorized_client`, AADSTS700016 (what older answers and unknown apps get);
 * - `consentRequired`: 400 `invalid_grant`, AADSTS65001, suberror `consent_required`.
 */
export type Consent = 'granted' | 'missingServicePrincipal' | 'appNotFound' | 'consentRequired';

export interface TenantSetup {
  readonly consent: Consent;
  /** Application permissions on Microsoft Graph granted to the app in this tenant. */
  readonly graphRoles?: readonly string[];
  /** The directory's name, as Entra's error messages give it. */
  readonly displayName?: string;
}

/** A token request as the sign-in stand-in received it, with the status it answered. */
export interface TokenRequest {
  readonly tenant: string;
  readonly clientId: string;
  readonly scope: string;
  readonly grantType: string;
  readonly status: number;
  readonly error?: string;
}

export interface SignInStandIn {
  /** `https://127.0.0.1:PORT`: the authority host (like `https://login.microsoftonline.com`). */
  readonly url: string;
  /** The tenant's authority, `url/tenant`, as MSAL and `ToChannelFromBotLoginUrl` take it. */
  authority(tenant: string): string;
  /** Every request to `/{tenant}/oauth2/v2.0/token`, in order. */
  readonly tokenRequests: TokenRequest[];
  /** Every request, as `METHOD /path`. */
  readonly requests: string[];
  /** Sets (or replaces) how the app stands in `tenantId`. */
  tenant(tenantId: string, setup: TenantSetup): void;
  /** Registers an app and its client secret (the one app the bot is, usually). */
  client(clientId: string, secret: string): void;
  /**
   * Takes `url` as Microsoft Graph's resource too (as Graph's resource is its own address, in every
   * cloud): what a bot whose GRAPH_ENDPOINT is a stand-in asks tokens for.
   */
  graphResource(url: string): void;
  /** Checks an `Authorization` header's token: signed by this stand-in, not expired. */
  verify(authorization: string | undefined): Verified;
  close(): Promise<void>;
}

/** What Entra answers for an error: its JSON shape, with trace and correlation ids. */
function entraError(base: string, status: number, error: string, code: number, message: string, correlationId: string, extra: Record<string, unknown> = {}): StandInAnswer {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${base}/error?code=${code}`,
    ...extra,
  });
}

/** The v2.0 OpenID configuration of a tenant, with Entra's fields, every endpoint on the stand-in. */
function openIdConfiguration(base: string, tenant: string): Record<string, unknown> {
  const at = `${base}/${tenant}`;
  return {
    token_endpoint: `${at}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${at}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${at}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${at}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${at}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${at}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${at}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

const TOKEN_LIFETIME_SECONDS = 3599;

/**
 * A local stand-in for the Microsoft Entra sign-in endpoint (login.microsoftonline.com), over
 * HTTPS: tenants' OpenID configuration and signing keys, and the token endpoint's
 * client-credentials grant, answering per tenant as Entra does (see `Consent`). Access tokens are
 * shaped as Entra's v1.0 tokens for Graph and the Bot Framework: `aud` the resource, `tid`,
 * `appid`, `roles`, `iss` `https://sts.windows.net/{tid}/`, signed RS256 with this stand-in's key.
 */
export async function startSignIn(pki: TestPki): Promise<SignInStandIn> {
  const key: SigningKey = newSigningKey();
  const tenants = new Map<string, TenantSetup>();
  const secrets = new Map<string, string>();
  const tokenRequests: TokenRequest[] = [];
  const requests: string[] = [];
  const graphResources = new Set([GRAPH_RESOURCE]);
  const knownResources = new Set([GRAPH_RESOURCE, BOT_FRAMEWORK_RESOURCE]);

  const token = (base: string, request: StandInRequest, tenant: string): StandInAnswer => {
    const form = new URLSearchParams(request.body);
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
    if (basic?.[1]) {
      const [id, password] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent);
      clientId = id ?? clientId;
      secret = password ?? secret;
    }
    const scope = form.get('scope') ?? '';
    const grantType = form.get('grant_type') ?? '';
    const correlationId = String(request.headers['client-request-id'] ?? randomUUID());
    const record = (answer: StandInAnswer): StandInAnswer => {
      const error = (answer.body as { error?: string } | undefined)?.error;
      tokenRequests.push({ tenant, clientId, scope, grantType, status: answer.status, ...(error ? { error } : {}) });
      return answer;
    };
    const fail = (status: number, error: string, code: number, message: string, extra: Record<string, unknown> = {}) =>
      record(entraError(base, status, error, code, message, correlationId, extra));

    const setup = tenants.get(tenant);
    if (!setup) {
      return fail(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
    }
    if (grantType !== 'client_credentials') {
      return fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
    }
    const directory = setup.displayName ?? tenant;
    const expected = secrets.get(clientId);
    if (expected === undefined || setup.consent === 'appNotFound') {
      return fail(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    if (!secret) return fail(401, 'invalid_client', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
    if (secret !== expected) {
      return fail(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    if (setup.consent === 'missingServicePrincipal') {
      return fail(401, 'invalid_client', 7000229, `The client application ${clientId} is missing service principal in the tenant ${tenant}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`);
    }
    const scopes = scope.split(' ').filter(Boolean);
    const resource = scopes.length === 1 && scopes[0]?.endsWith('/.default') ? scopes[0].slice(0, -'/.default'.length) : undefined;
    if (resource === undefined) {
      return fail(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    if (!knownResources.has(resource)) {
      return fail(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${directory}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
    }
    if (setup.consent === 'consentRequired') {
      return fail(400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${clientId}' named '${clientId}'. Send an interactive authorization request for this user and resource.`, { suberror: 'consent_required' });
    }
    const now = nowSeconds();
    const roles = graphResources.has(resource) ? (setup.graphRoles ?? []) : [];
    const servicePrincipal = `sp-${clientId}-${tenant}`;
    const accessToken = signJwt(key, {
      aud: resource,
      iss: `https://sts.windows.net/${tenant}/`,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
      appid: clientId,
      appidacr: '1',
      idp: `https://sts.windows.net/${tenant}/`,
      idtyp: 'app',
      oid: servicePrincipal,
      ...(roles.length > 0 ? { roles: [...roles] } : {}),
      sub: servicePrincipal,
      tid: tenant,
      uti: randomUUID().replaceAll('-', ''),
      ver: '1.0',
    });
    return record(json(200, { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: accessToken }));
  };

  const server = await startHttpsServer(pki, (request, base) => {
    requests.push(`${request.method} ${request.url.pathname}`);
    const [tenant = '', ...rest] = request.url.pathname.split('/').filter(Boolean);
    const route = `${request.method} ${rest.join('/')}`;
    const correlationId = String(request.headers['client-request-id'] ?? randomUUID());
    if (route === 'POST oauth2/v2.0/token') return token(base, request, tenant);
    if (route !== 'GET v2.0/.well-known/openid-configuration' && route !== 'GET discovery/v2.0/keys') {
      return json(404, { error: 'not_found', error_description: `no ${route} on the sign-in stand-in` });
    }
    if (!tenants.has(tenant)) {
      return entraError(base, 400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`, correlationId);
    }
    if (route === 'GET discovery/v2.0/keys') return json(200, { keys: [publicJwk(key, { issuer: `${base}/${tenant}/v2.0` })] });
    return json(200, openIdConfiguration(base, tenant));
  });

  return {
    url: server.url,
    authority: (tenant) => `${server.url}/${tenant}`,
    tokenRequests,
    requests,
    tenant: (tenantId, setup) => void tenants.set(tenantId, setup),
    client: (clientId, secret) => void secrets.set(clientId, secret),
    graphResource(url) {
      graphResources.add(url);
      knownResources.add(url);
    },
    verify: (authorization) => verifyBearer(authorization, [key]),
    close: () => server.close(),
  };
}
