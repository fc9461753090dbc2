import { parsePartnerId } from '../domain/partner-id.js';
import type { ChangeError } from '../domain/partner-change.js';
import { ok, type Result } from '../domain/result.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import { partnerRef, type PartnerRef } from './partner-changes.js';

/**
 * Adding a partner at purchase happens in the admin center's checkout: the bot guides, and checks
 * the Partner ID the admin will type there, naming the partner when the directory knows it.
 */
export class PurchaseGuidance {
  constructor(private readonly register: PartnerRegister) {}

  async checkPartnerId(raw: string): Promise<Result<PartnerRef, ChangeError>> {
    const parsed = parsePartnerId(raw);
    if (!parsed.ok) return parsed;
    const partner = await this.register.findPartner(parsed.value);
    return ok(partnerRef(parsed.value, partner?.name));
  }
}
