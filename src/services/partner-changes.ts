import type { Subscription } from '../domain/model.js';
import type { ChangeError, PartnerChangeRequest } from '../domain/partner-change.js';
import type { Result } from '../domain/result.js';
import { recordWithChange } from '../domain/tenant-record.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import { actorOf, type Access, type Identity } from './access.js';
import { durably } from './durably.js';

/** Adding, changing and removing the partner of record of a subscription. */
export class PartnerChanges {
  constructor(
    private readonly register: PartnerRegister,
    private readonly access: Access,
  ) {}

  /**
   * Applies a confirmed change: the register hands the tenant's record as stored at this moment,
   * the domain checks everything against it (rights, subscription, version, the article's rules)
   * and plans the next record, which is durable before this resolves.
   */
  apply(who: Identity, request: PartnerChangeRequest, now: Date): Promise<Result<Subscription, ChangeError>> {
    const ctx = { actor: actorOf(who), isAdmin: this.access.ruleFor(who), now };
    return durably(() => this.register.update(who.tenantId, (record) => recordWithChange(record, ctx, request)));
  }
}
