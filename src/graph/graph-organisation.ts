import { SUBSCRIPTION_STATUSES, type OrganisationProfile, type ProfileReseller, type ProfileSubscription, type SubscriptionStatus } from '../domain/organisation.js';
import type { Logger } from '../logger.js';
import { OrganisationSourceError, type OrganisationSource } from '../ports/organisation-source.js';
import type { AppTokens } from './app-tokens.js';
import { unexpected, type GraphClient } from './graph-client.js';
import type { ProductNames } from './product-names.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_OF = new Map<string, SubscriptionStatus>(SUBSCRIPTION_STATUSES.map((s) => [s.toLowerCase(), s]));
const q = encodeURIComponent;

/**
 * An organisation as Microsoft Graph describes it, read with the bot's app registration:
 * - `GET /organization`: its name;
 * - `GET /directory/subscriptions` (companySubscription, Organization.Read.All): its subscriptions,
 *   named from Microsoft's product-name table; a subscription created by another tenant names its
 *   reseller, whose name comes from `findTenantInformationByTenantId` (CrossTenantInformation.ReadBasic.All);
 * - who is an admin: the user's role-assignable groups (`transitiveMemberOf`, GroupMember.Read.All),
 *   then the directory role assignments of the user and of those groups (`roleManagement/directory/
 *   roleAssignments`, RoleManagement.Read.Directory): roles given through a group count.
 */
export class GraphOrganisation implements OrganisationSource {
  private readonly adminRoles: ReadonlySet<string>;

  constructor(
    private readonly graph: GraphClient,
    private readonly tokens: AppTokens,
    private readonly products: ProductNames,
    adminRoleIds: readonly string[],
    private readonly logger: Logger,
  ) {
    this.adminRoles = new Set(adminRoleIds.map((id) => id.toLowerCase()));
  }

  async read(tenantId: string): Promise<OrganisationProfile> {
    const [organisation, listed] = await Promise.all([
      this.graph.get(tenantId, '/organization?$select=id,displayName'),
      this.graph.list(tenantId, '/directory/subscriptions'),
    ]);
    const first: unknown = Array.isArray(organisation.value) ? organisation.value[0] : undefined;
    const name = (first as { displayName?: unknown } | undefined)?.displayName;
    if (typeof name !== 'string' || name.trim() === '') throw unexpected('an organisation without a name');
    const subscriptions = named(listed.map((s) => this.subscription(tenantId, s)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    const resellerIds = [...new Set(subscriptions.flatMap((s) => (s.resellerTenantId ? [s.resellerTenantId] : [])))];
    const resellers = await Promise.all(resellerIds.map((id) => this.reseller(tenantId, id)));
    return { name: name.trim(), subscriptions, resellers };
  }

  async isAdmin(tenantId: string, userId: string): Promise<boolean> {
    // Only an Entra object ID can hold a role (the Emulator's user ids cannot).
    if (!GUID.test(userId)) return false;
    const groups = await this.graph.list(
      tenantId,
      `/users/${q(userId)}/transitiveMemberOf/microsoft.graph.group?$filter=${q('isAssignableToRole eq true')}&$select=id&$count=true`,
      { ConsistencyLevel: 'eventual' },
    );
    const principals = [userId, ...groups.map((g) => g.id).filter((id): id is string => typeof id === 'string' && GUID.test(id))];
    const assignments = await Promise.all(
      principals.map((id) =>
        this.graph.list(tenantId, `/roleManagement/directory/roleAssignments?$filter=${q(`principalId eq '${id}'`)}&$select=roleDefinitionId,directoryScopeId`),
      ),
    );
    return assignments.flat().some((a) => typeof a.roleDefinitionId === 'string' && this.adminRoles.has(a.roleDefinitionId.toLowerCase()) && a.directoryScopeId === '/');
  }

  consentUrl(tenantId: string): string {
    return this.tokens.consentUrl(tenantId);
  }

  private subscription(tenantId: string, s: Record<string, unknown>): ProfileSubscription {
    const { id, skuPartNumber, status, ownerTenantId } = s;
    if (typeof id !== 'string' || id === '' || typeof skuPartNumber !== 'string' || typeof status !== 'string') {
      throw unexpected('a subscription without id, skuPartNumber or status');
    }
    const known = STATUS_OF.get(status.toLowerCase());
    const reseller = typeof ownerTenantId === 'string' && GUID.test(ownerTenantId) && ownerTenantId.toLowerCase() !== tenantId.toLowerCase();
    return {
      id,
      name: this.products.nameOf(skuPartNumber),
      // A status Graph adds later is not one the bot knows to be active.
      status: known ?? 'suspended',
      ...(reseller ? { resellerTenantId: ownerTenantId.toLowerCase() } : {}),
    };
  }

  private async reseller(tenantId: string, resellerId: string): Promise<ProfileReseller> {
    try {
      const info = await this.graph.get(tenantId, `/tenantRelationships/findTenantInformationByTenantId(tenantId='${q(resellerId)}')`);
      const name = typeof info.displayName === 'string' && info.displayName.trim() !== '' ? info.displayName.trim() : resellerId;
      return { tenantId: resellerId, name };
    } catch (error) {
      // The reseller is still shown, by its tenant ID, when its name cannot be read.
      if (!(error instanceof OrganisationSourceError)) throw error;
      this.logger.warn({ err: error, tenantId, resellerId }, 'reseller name not read');
      return { tenantId: resellerId, name: resellerId };
    }
  }
}

/** Subscriptions of one product get a number each, so every name picks one subscription. */
function named(subscriptions: ProfileSubscription[]): ProfileSubscription[] {
  const count = new Map<string, number>();
  for (const s of subscriptions) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return subscriptions.map((s) => {
    if (count.get(s.name) === 1) return s;
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    return { ...s, name: `${s.name} (${n})` };
  });
}
