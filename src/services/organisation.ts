import type { Cloud } from '../domain/model.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import type { Identity } from './access.js';

/**
 * The organisation a request comes from, as far as guidance needs it: its cloud picks the
 * article's wording and admin-center links. An organisation not known here is guided as worldwide.
 */
export class Organisation {
  constructor(private readonly register: PartnerRegister) {}

  async cloudOf(who: Identity): Promise<Cloud> {
    return (await this.register.getTenant(who.tenantId))?.cloud ?? 'worldwide';
  }
}
