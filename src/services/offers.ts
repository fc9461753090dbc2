import { randomUUID } from 'node:crypto';
import type { ChangeError, PlannedAcceptance } from '../domain/partner-change.js';
import type { Result } from '../domain/result.js';
import { recordWithAcceptance } from '../domain/tenant-record.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import { actorOf, type Access, type Identity } from './access.js';
import { durably } from './durably.js';

/** 21Vianet partner offers: the partner initiates, an admin accepts it as delegated admin. */
export class Offers {
  constructor(
    private readonly register: PartnerRegister,
    private readonly access: Access,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Accepts a pending offer; an offer with a trial or a purchase creates that subscription. */
  accept(who: Identity, offerId: string, now: Date): Promise<Result<PlannedAcceptance, ChangeError>> {
    const ctx = { actor: actorOf(who), isAdmin: this.access.ruleFor(who), now };
    const newSubscriptionId = this.newId();
    return durably(() => this.register.update(who.tenantId, (record) => recordWithAcceptance(record, ctx, offerId, newSubscriptionId)));
  }
}
