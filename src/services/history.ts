import type { AuditEntry } from '../domain/model.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import type { Access, Identity } from './access.js';

/** An audit entry with the name of its subscription, as the history shows it. */
export interface HistoryEntry extends AuditEntry {
  readonly subscriptionName?: string;
}

/** "What changed?": the organisation's latest partner changes, for its admins. */
export class History {
  constructor(
    private readonly register: PartnerRegister,
    private readonly access: Access,
  ) {}

  async latest(who: Identity, limit: number): Promise<{ ok: true; entries: HistoryEntry[] } | { ok: false; refusal: 'notAdmin' }> {
    if (!(await this.access.canChangePartners(who))) return { ok: false, refusal: 'notAdmin' };
    const [entries, subscriptions] = await Promise.all([this.register.listAudit(who.tenantId, limit), this.register.listSubscriptions(who.tenantId)]);
    const names = new Map(subscriptions.map((s) => [s.id, s.name]));
    return {
      ok: true,
      entries: entries.map((e) => {
        const name = e.subscriptionId === undefined ? undefined : names.get(e.subscriptionId);
        return name === undefined ? e : { ...e, subscriptionName: name };
      }),
    };
  }
}
