import { isTenantAdmin, type AccessPolicy } from '../domain/access.js';
import type { Tenant } from '../domain/model.js';
import type { Actor } from '../domain/partner-change.js';
import type { PartnerRegister } from '../ports/partner-register.js';

/** Who asks: the organisation (tenant) and the user, as the channel identified them. */
export interface Identity {
  readonly tenantId: string;
  /** Entra object id in Teams; the channel's user id in the Emulator. */
  readonly userId: string | undefined;
  readonly userName?: string | undefined;
}

export const actorOf = (who: Identity): Actor => ({ id: who.userId, name: who.userName });

/**
 * Who may change partners (DESIGN.md §4): the tenant's admins, and every user of the open local
 * tenant while authentication is off. Asked to guide (reads) and decided again inside every write.
 */
export class Access {
  constructor(
    private readonly register: PartnerRegister,
    private readonly policy: AccessPolicy,
  ) {}

  async canChangePartners(who: Identity): Promise<boolean> {
    return this.ruleFor(who)(await this.register.getTenant(who.tenantId));
  }

  /** The check a write makes on the tenant as its record holds it at that moment. */
  ruleFor(who: Identity): (tenant: Tenant | undefined) => boolean {
    return (tenant) => isTenantAdmin(tenant, who.userId, this.policy);
  }
}
