import type { AuditEntry } from '../domain/model.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import type { Access, Identity } from './access.js';

/** An audit entry with the name of its subscription, as the history shows it. */
export interface HistoryEntry extends AuditEntry {
  readonly subscriptionName?: string;
}

/**
 * One page of the history, newest first: its entries, how many there are in all, and how many are
 * older than the page. Pages are counted from the oldest entry, which never moves (the audit is only
 * appended to), so "older" still means the same entries after new changes are made.
 */
export interface HistoryPage {
  readonly entries: HistoryEntry[];
  readonly total: number;
  readonly older: number;
}

/** "What changed?": the organisation's latest partner changes, for its admins. */
export class History {
  constructor(
    private readonly register: PartnerRegister,
    private readonly access: Access,
  ) {}

  async latest(who: Identity, limit: number): Promise<{ ok: true; entries: HistoryEntry[] } | { ok: false; refusal: 'notAdmin' }> {
    const page = await this.page(who, limit);
    return page.ok ? { ok: true, entries: page.entries } : page;
  }

  /**
   * The `size` entries just newer than the oldest `before` (the latest ones without it), newest
   * first, for an admin.
   */
  async page(who: Identity, size: number, before?: number): Promise<({ ok: true } & HistoryPage) | { ok: false; refusal: 'notAdmin' }> {
    if (!(await this.access.canChangePartners(who))) return { ok: false, refusal: 'notAdmin' };
    const [all, subscriptions] = await Promise.all([this.register.listAudit(who.tenantId, Number.MAX_SAFE_INTEGER), this.register.listSubscriptions(who.tenantId)]);
    const total = all.length;
    const end = Math.min(Math.max(before ?? total, 0), total);
    const older = Math.max(end - size, 0);
    const names = new Map(subscriptions.map((s) => [s.id, s.name]));
    const entries = all.slice(total - end, total - older).map((e) => {
      const name = e.subscriptionId === undefined ? undefined : names.get(e.subscriptionId);
      return name === undefined ? e : { ...e, subscriptionName: name };
    });
    return { ok: true, entries, total, older };
  }
}
