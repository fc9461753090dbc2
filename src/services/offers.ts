import { randomUUID } from 'node:crypto';
import type { PartnerOffer } from '../domain/model.js';
import type { ChangeError, PlannedAcceptance } from '../domain/partner-change.js';
import { addMethod } from '../domain/relationship.js';
import { fail, type Result } from '../domain/result.js';
import { recordWithAcceptance } from '../domain/tenant-record.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import { actorOf, unavailable, type Access, type Identity } from './access.js';
import { durably } from './durably.js';

/** 21Vianet partner offers: the partner initiates, an admin accepts it as delegated admin. */
export class Offers {
  constructor(
    private readonly register: PartnerRegister,
    private readonly access: Access,
    private readonly newId: () => string = randomUUID,
  ) {}

  /**
   * The offers waiting for an answer, or why there is nothing to accept here: an organisation not
   * known, a worldwide one (where admins add partners themselves), a user who is not an admin.
   */
  async pending(who: Identity): Promise<{ ok: true; offers: PartnerOffer[] } | { ok: false; refusal: 'tenantUnknown' | 'worldwide' | 'notAdmin' | 'none' }> {
    const tenant = await this.register.getTenant(who.tenantId);
    if (!tenant) return { ok: false, refusal: 'tenantUnknown' };
    if (addMethod(tenant.cloud) !== 'partnerOffer') return { ok: false, refusal: 'worldwide' };
    if (!(await this.access.canChangePartners(who))) return { ok: false, refusal: 'notAdmin' };
    const offers = await this.pendingOffers(who);
    return offers.length === 0 ? { ok: false, refusal: 'none' } : { ok: true, offers };
  }

  /** The organisation's offers still waiting for an answer. */
  async pendingOffers(who: Identity): Promise<PartnerOffer[]> {
    return (await this.register.listOffers(who.tenantId)).filter((o) => o.status === 'pending');
  }

  /** One of the organisation's offers, whatever its status. */
  async find(who: Identity, offerId: string): Promise<PartnerOffer | undefined> {
    return (await this.register.listOffers(who.tenantId)).find((o) => o.id === offerId);
  }

  /** Accepts a pending offer; an offer with a trial or a purchase creates that subscription. */
  async accept(who: Identity, offerId: string, now: Date): Promise<Result<PlannedAcceptance, ChangeError>> {
    const isAdmin = await this.access.writeRule(who).catch(unavailable);
    if (!isAdmin) return fail('organisationUnavailable');
    const ctx = { actor: actorOf(who), isAdmin, now };
    const newSubscriptionId = this.newId();
    return durably(() => this.register.update(who.tenantId, (record) => recordWithAcceptance(record, ctx, offerId, newSubscriptionId)));
  }
}
