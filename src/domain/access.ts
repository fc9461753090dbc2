import type { Tenant } from './model.js';

/**
 * Who may change partners. `openTenantId` names a tenant whose every user counts as an admin: the
 * local tenant of the Bot Framework Emulator, and only while authentication is off.
 */
export interface AccessPolicy {
  readonly openTenantId?: string;
}

/** True when `userId` may add, change or remove partners of `tenant`. */
export function isTenantAdmin(
  tenant: Tenant | undefined,
  userId: string | undefined,
  policy: AccessPolicy,
): boolean {
  if (!tenant) return false;
  if (policy.openTenantId !== undefined && tenant.id === policy.openTenantId) return true;
  return userId !== undefined && userId !== '' && tenant.admins.includes(userId);
}
