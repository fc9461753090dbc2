import { randomUUID } from 'node:crypto';
import { json, startHttpsServer, type StandInAnswer, type StandInRequest } from './https-server.js';
import { GRAPH_RESOURCE } from './sign-in.js';
import type { TestPki } from './tls.js';
import type { Claims, Verified } from './tokens.js';

/** Built-in Entra role template ids (a built-in role's `roleDefinitionId`). */
export const ENTRA_ROLES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  billingAdministrator: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
} as const;

/** The application permissions the bot asks organisations to consent to. */
export const BOT_GRAPH_PERMISSIONS = [
  'Organization.Read.All',
  'RoleManagement.Read.Directory',
  'GroupMember.Read.All',
  'CrossTenantInformation.ReadBasic.All',
] as const;

/** Known SKUs: part number → SKU id, as Microsoft 365 publishes them. */
export const SKUS = {
  O365_BUSINESS_PREMIUM: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
  SPB: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46',
  ENTERPRISEPACK: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  SPE_E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
} as const;

export type SubscriptionStatus = 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';

/** A companySubscription as `GET /directory/subscriptions` returns it. */
export interface CompanySubscription {
  readonly id: string;
  readonly commerceSubscriptionId: string;
  readonly skuId: string;
  readonly skuPartNumber: string;
  readonly status: SubscriptionStatus;
  readonly totalLicenses: number;
  readonly isTrial: boolean;
  readonly createdDateTime: string;
  readonly nextLifecycleDateTime: string | null;
  readonly ownerId: string | null;
  /** Graph: "the Microsoft partner tenant that created the subscription on a customer tenant". */
  readonly ownerTenantId: string | null;
  readonly ownerType: string | null;
  readonly serviceStatus: ReadonlyArray<{ servicePlanId: string; servicePlanName: string; provisioningStatus: string; appliesTo: string }>;
}

export type SubscriptionSetup = Partial<CompanySubscription> & {
  readonly skuPartNumber?: keyof typeof SKUS | (string & {});
  /** Sold by this reseller: `ownerTenantId` is the reseller's tenant. */
  readonly resellerTenantId?: string;
};

export interface OrganisationSetup {
  readonly displayName: string;
  readonly defaultDomainName?: string;
  readonly federationBrandName?: string | null;
}

/** An organisation's directory as Graph shows it; the methods chain. */
export interface GraphOrganisation {
  readonly tenantId: string;
  /** A user holding `roleId` (Global Administrator unless told) by a direct role assignment. */
  admin(userId: string, roleId?: string): GraphOrganisation;
  /** A user holding `roleId` (Billing Administrator unless told) through a role-assignable group. */
  groupAdmin(userId: string, options?: { roleId?: string; groupId?: string }): GraphOrganisation;
  /** A user with no role (member of `groups` that are not role-assignable, if given). */
  user(userId: string, options?: { groups?: readonly string[] }): GraphOrganisation;
  /** Adds a subscription; the missing fields get plausible values. */
  subscription(setup?: SubscriptionSetup): GraphOrganisation;
  /** The subscriptions as they will be served, in order. */
  readonly subscriptions: readonly CompanySubscription[];
}

/** A fault to answer instead of the real thing, on paths starting with `path` (after `/v1.0`). */
export interface GraphFault {
  readonly status: 429 | 500 | 502 | 503 | 504;
  /** Seconds, sent as `Retry-After`. */
  readonly retryAfter?: number;
  /** How many requests get the fault; every one when absent. */
  readonly times?: number;
  /** Only requests with a token for this tenant. */
  readonly tenantId?: string;
}

export interface GraphRequest {
  readonly method: string;
  /** Path and query after the host, decoded, e.g. `/v1.0/directory/subscriptions?$top=2`. */
  readonly path: string;
  /** The tenant of the request's token, when it had a valid one. */
  readonly tenantId?: string;
  readonly status: number;
  readonly consistencyLevel?: string;
}

export interface GraphStandIn {
  /** `https://127.0.0.1:PORT`: the Graph endpoint (like `https://graph.microsoft.com`). */
  readonly url: string;
  /** Sets up (or replaces) an organisation; `findTenantInformationByTenantId` knows every one. */
  organisation(tenantId: string, setup: OrganisationSetup): GraphOrganisation;
  fault(path: string, fault: GraphFault): void;
  /** Every request, in order. */
  readonly requests: GraphRequest[];
  close(): Promise<void>;
}

interface Directory {
  readonly setup: Required<OrganisationSetup>;
  readonly users: Map<string, string[]>;
  readonly groups: Map<string, { displayName: string; isAssignableToRole: boolean }>;
  readonly assignments: Array<{ id: string; principalId: string; roleDefinitionId: string; directoryScopeId: string }>;
  readonly subscriptions: CompanySubscription[];
}

/** Application permissions that allow each kind of request (least privileged first). */
const ALLOWED_ROLES = {
  organization: ['Organization.Read.All', 'Directory.Read.All', 'Organization.ReadWrite.All', 'Directory.ReadWrite.All'],
  subscriptions: ['Organization.Read.All', 'Directory.Read.All', 'Organization.ReadWrite.All', 'Directory.ReadWrite.All'],
  tenantInformation: ['CrossTenantInformation.ReadBasic.All'],
  memberOf: ['GroupMember.Read.All', 'User.Read.All', 'Directory.Read.All', 'Group.Read.All', 'Directory.ReadWrite.All'],
  roleAssignments: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'Directory.Read.All', 'RoleManagement.ReadWrite.Directory'],
} as const;

const GRAPH_AUDIENCES = new Set([GRAPH_RESOURCE, '00000003-0000-0000-c000-000000000000']);
const DEFAULT_PAGE_SIZE = 100;

const skipToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const offsetOf = (token: string | null) => (token === null ? 0 : Number(/^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))?.[1] ?? NaN));

/**
 * A local stand-in for Microsoft Graph v1.0 over HTTPS, for the calls the bot makes: who the
 * organisation is, its subscriptions (paged), another tenant's public information, a user's
 * role-assignable groups and role assignments. Like Graph, it picks the organisation from the
 * token (`tid`), checks the token (signature from the sign-in stand-in, audience, lifetime) and the
 * application permissions in its `roles`, and answers errors in Graph's JSON shape.
 */
export async function startGraph(pki: TestPki, verify: (authorization: string | undefined) => Verified, options: { pageSize?: number } = {}): Promise<GraphStandIn> {
  const directories = new Map<string, Directory>();
  const faults: Array<{ path: string; fault: GraphFault; used: number }> = [];
  const requests: GraphRequest[] = [];
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;

  const answer = (request: StandInRequest, base: string): { answer: StandInAnswer; tenantId?: string } => {
    const clientRequestId = String(request.headers['client-request-id'] ?? randomUUID());
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}): StandInAnswer =>
      json(status, { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': clientRequestId } } }, { 'request-id': randomUUID(), 'client-request-id': clientRequestId, ...headers });

    const checked = verify(request.headers.authorization);
    if (!checked.ok) {
      const messages = { missing: 'Access token is empty.', expired: 'Lifetime validation failed, the token is expired.', notYetValid: 'Lifetime validation failed, the token is not yet valid.' } as const;
      const message = checked.problem in messages ? messages[checked.problem as keyof typeof messages] : 'Access token validation failure. Invalid signature.';
      return { answer: error(401, 'InvalidAuthenticationToken', message) };
    }
    const claims: Claims = checked.claims;
    if (!GRAPH_AUDIENCES.has(String(claims.aud)) && claims.aud !== base) return { answer: error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.') };
    const tenantId = String(claims.tid ?? '');
    if (claims.iss !== `https://sts.windows.net/${tenantId}/`) return { answer: error(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.') };

    const path = decodeURIComponent(request.url.pathname).replace(/^\/v1\.0(?=\/)/, '');
    const fault = faults.find((f) => path.startsWith(f.path) && (f.fault.times === undefined || f.used < f.fault.times) && (f.fault.tenantId === undefined || f.fault.tenantId === tenantId));
    if (fault) {
      fault.used += 1;
      const retry: Record<string, string> = fault.fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.fault.retryAfter) };
      return fault.fault.status === 429
        ? { answer: error(429, 'TooManyRequests', 'Too many requests.', retry), tenantId }
        : { answer: error(fault.fault.status, 'serviceNotAvailable', 'Service unavailable', retry), tenantId };
    }

    const roles = Array.isArray(claims.roles) ? (claims.roles as string[]) : [];
    const may = (kind: keyof typeof ALLOWED_ROLES) => ALLOWED_ROLES[kind].some((role) => roles.includes(role));
    const denied = () => ({ answer: error(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), tenantId });
    const notFound = (id: string) => ({ answer: error(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`), tenantId });
    const ok = (body: unknown) => ({ answer: json(200, body, { 'request-id': randomUUID(), 'client-request-id': clientRequestId }), tenantId });
    const query = request.url.searchParams;
    const directory = directories.get(tenantId);
    if (request.method !== 'GET') return { answer: error(405, 'Request_BadRequest', `The ${request.method} method is not supported by the stand-in.`), tenantId };

    if (path === '/organization') {
      if (!may('organization')) return denied();
      const organisation = directory ? [organisationResource(tenantId, directory)] : [];
      return ok({ '@odata.context': `${base}/v1.0/$metadata#organization`, value: organisation.map((o) => select(o, query.get('$select'))) });
    }

    if (path === '/directory/subscriptions') {
      if (!may('subscriptions')) return denied();
      const all = directory?.subscriptions ?? [];
      const top = query.has('$top') ? Number(query.get('$top')) : pageSize;
      const offset = offsetOf(query.get('$skiptoken'));
      if (!Number.isInteger(top) || top < 1 || !Number.isInteger(offset)) return { answer: error(400, 'Request_BadRequest', 'Invalid $top or $skiptoken value.'), tenantId };
      const next = offset + top < all.length ? `${base}/v1.0/directory/subscriptions?${query.has('$top') ? `$top=${top}&` : ''}$skiptoken=${skipToken(offset + top)}` : undefined;
      return ok({
        '@odata.context': `${base}/v1.0/$metadata#directory/subscriptions`,
        ...(next ? { '@odata.nextLink': next } : {}),
        value: all.slice(offset, offset + top).map((s) => select({ ...s }, query.get('$select'))),
      });
    }

    const information = /^\/tenantRelationships\/findTenantInformationByTenantId\(tenantId='([^']*)'\)$/.exec(path);
    if (information) {
      if (!may('tenantInformation')) return denied();
      const found = directories.get(information[1] ?? '');
      if (!found) return notFound(information[1] ?? '');
      return ok({
        '@odata.context': `${base}/v1.0/$metadata#microsoft.graph.tenantInformation`,
        tenantId: information[1],
        federationBrandName: found.setup.federationBrandName,
        displayName: found.setup.displayName,
        defaultDomainName: found.setup.defaultDomainName,
      });
    }

    const memberOf = /^\/users\/([^/]+)\/transitiveMemberOf(\/microsoft\.graph\.group)?$/.exec(path);
    if (memberOf) {
      if (!may('memberOf')) return denied();
      const userId = memberOf[1] ?? '';
      const groups = directory?.users.get(userId);
      if (!groups) return notFound(userId);
      const filter = query.get('$filter');
      const advanced = request.headers.consistencylevel === 'eventual' && query.get('$count') === 'true';
      if (filter !== null && !advanced) {
        return {
          answer: error(400, 'Request_UnsupportedQuery', "Operator 'eq' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information"),
          tenantId,
        };
      }
      if (filter !== null && !/^isAssignableToRole eq (true|false)$/.test(filter)) {
        return { answer: error(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property of resource 'Group'.`), tenantId };
      }
      const wanted = filter === null ? undefined : filter.endsWith('true');
      const value = groups
        .map((id) => ({ id, group: directory?.groups.get(id) }))
        .filter(({ group }) => group && (wanted === undefined || group.isAssignableToRole === wanted))
        .map(({ id, group }) => select({ '@odata.type': '#microsoft.graph.group', id, displayName: group?.displayName, isAssignableToRole: group?.isAssignableToRole, securityEnabled: true, mailEnabled: false, groupTypes: [] }, query.get('$select'), ['@odata.type']));
      return ok({
        '@odata.context': `${base}/v1.0/$metadata#groups${query.has('$select') ? `(${query.get('$select')})` : ''}`,
        ...(advanced ? { '@odata.count': value.length } : {}),
        value,
      });
    }

    if (path === '/roleManagement/directory/roleAssignments') {
      if (!may('roleAssignments')) return denied();
      const filter = query.get('$filter');
      const principals = filter === null ? undefined : principalIds(filter);
      if (principals === null) return { answer: error(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property of resource \'UnifiedRoleAssignment\'.'), tenantId };
      const value = (directory?.assignments ?? []).filter((a) => principals === undefined || principals.includes(a.principalId));
      return ok({ '@odata.context': `${base}/v1.0/$metadata#roleManagement/directory/roleAssignments`, value });
    }

    return { answer: error(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`), tenantId };
  };

  const server = await startHttpsServer(pki, (request, base) => {
    const { answer: result, tenantId } = answer(request, base);
    const consistencyLevel = request.headers.consistencylevel;
    requests.push({
      method: request.method,
      path: decodeURIComponent(request.url.pathname + request.url.search),
      ...(tenantId ? { tenantId } : {}),
      status: result.status,
      ...(typeof consistencyLevel === 'string' ? { consistencyLevel } : {}),
    });
    return result;
  });

  return {
    url: server.url,
    organisation(tenantId, setup) {
      const directory: Directory = {
        setup: { defaultDomainName: `${setup.displayName.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'tenant'}.onmicrosoft.com`, federationBrandName: null, ...setup },
        users: new Map(),
        groups: new Map(),
        assignments: [],
        subscriptions: [],
      };
      directories.set(tenantId, directory);
      return organisationBuilder(tenantId, directory);
    },
    fault: (path, fault) => void faults.push({ path, fault, used: 0 }),
    requests,
    close: () => server.close(),
  };
}

function organisationBuilder(tenantId: string, directory: Directory): GraphOrganisation {
  const assign = (principalId: string, roleDefinitionId: string) =>
    directory.assignments.push({ id: `${randomUUID()}-${directory.assignments.length + 1}`, principalId, roleDefinitionId, directoryScopeId: '/' });
  const builder: GraphOrganisation = {
    tenantId,
    admin(userId, roleId = ENTRA_ROLES.globalAdministrator) {
      if (!directory.users.has(userId)) directory.users.set(userId, []);
      assign(userId, roleId);
      return builder;
    },
    groupAdmin(userId, { roleId = ENTRA_ROLES.billingAdministrator, groupId = randomUUID() } = {}) {
      if (!directory.groups.has(groupId)) {
        directory.groups.set(groupId, { displayName: `Role group ${directory.groups.size + 1}`, isAssignableToRole: true });
        assign(groupId, roleId);
      }
      directory.users.set(userId, [...(directory.users.get(userId) ?? []), groupId]);
      return builder;
    },
    user(userId, { groups = [] } = {}) {
      for (const id of groups) if (!directory.groups.has(id)) directory.groups.set(id, { displayName: `Group ${directory.groups.size + 1}`, isAssignableToRole: false });
      directory.users.set(userId, [...(directory.users.get(userId) ?? []), ...groups]);
      return builder;
    },
    subscription(setup = {}) {
      directory.subscriptions.push(companySubscription(tenantId, directory, setup));
      return builder;
    },
    get subscriptions() {
      return directory.subscriptions;
    },
  };
  return builder;
}

function companySubscription(tenantId: string, directory: Directory, setup: SubscriptionSetup): CompanySubscription {
  const { resellerTenantId, ...fields } = setup;
  const skuPartNumber = fields.skuPartNumber ?? 'O365_BUSINESS_PREMIUM';
  const owner = directory.assignments.find((a) => directory.users.has(a.principalId))?.principalId ?? randomUUID();
  return {
    id: randomUUID(),
    commerceSubscriptionId: randomUUID(),
    skuId: SKUS[skuPartNumber as keyof typeof SKUS] ?? randomUUID(),
    status: 'Enabled',
    totalLicenses: 25,
    isTrial: false,
    createdDateTime: '2024-03-01T00:00:00Z',
    nextLifecycleDateTime: '2026-03-01T00:00:00Z',
    ownerId: resellerTenantId === undefined ? owner : randomUUID(),
    ownerTenantId: resellerTenantId ?? tenantId,
    ownerType: 'User',
    serviceStatus: [{ servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c', servicePlanName: 'EXCHANGE_S_STANDARD', provisioningStatus: 'Success', appliesTo: 'User' }],
    ...fields,
    skuPartNumber,
  };
}

function organisationResource(tenantId: string, directory: Directory): Record<string, unknown> {
  const { displayName, defaultDomainName } = directory.setup;
  return {
    id: tenantId,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: 'FR',
    createdDateTime: '2019-05-02T09:00:00Z',
    defaultUsageLocation: null,
    displayName,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    postalCode: null,
    preferredLanguage: 'fr',
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    assignedPlans: [],
    privacyProfile: null,
    provisionedPlans: [],
    verifiedDomains: [{ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: defaultDomainName, type: 'Managed' }],
  };
}

/** Only the `$select`ed fields (and those Graph always keeps), when there is a `$select`. */
function select<T extends Record<string, unknown>>(item: T, fields: string | null, always: readonly string[] = []): Record<string, unknown> {
  if (fields === null) return item;
  const wanted = new Set([...fields.split(',').map((f) => f.trim()), ...always]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => wanted.has(name)));
}

/** `principalId eq 'x'` or `principalId in ('x','y')`: the ids; `null` for any other filter. */
function principalIds(filter: string): string[] | null {
  const one = /^principalId eq '([^']+)'$/.exec(filter.trim());
  if (one?.[1]) return [one[1]];
  const many = /^principalId in \(((?:\s*'[^']+'\s*,?)+)\)$/.exec(filter.trim());
  if (many?.[1]) return [...many[1].matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
  return null;
}
