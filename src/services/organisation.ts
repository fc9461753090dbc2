import type { Cloud } from '../domain/model.js';
import { ok } from '../domain/result.js';
import { recordWithOrganisation } from '../domain/tenant-record.js';
import { OrganisationSourceError, type OrganisationSource, type SourceFailure } from '../ports/organisation-source.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import type { Identity } from './access.js';
import { durably } from './durably.js';

/** Reading organisations from Microsoft 365: its cloud, and how long what was read is used. */
export interface OrganisationReading {
  readonly source: OrganisationSource;
  readonly cloud: Cloud;
  readonly refreshMs: number;
  readonly clock: () => Date;
}

/**
 * The organisation served, or why it cannot be now: not allowed to read it yet (with where an
 * admin allows it), Microsoft 365 out of reach, or read but not kept by the register.
 */
export type Served<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'noConsent'; readonly consentUrl: string }
  | { readonly ok: false; readonly reason: 'unavailable' | 'notSaved' };

export interface Read {
  /** Subscriptions listed by Microsoft 365, and how many of them may have their partner changed. */
  readonly subscriptions: number;
  readonly active: number;
}

/**
 * The organisation a request comes from. With Microsoft Graph, an organisation is read on its
 * first request and again once what was read is older than `refreshMs` (or when asked to), and
 * kept in the partner register; while Microsoft 365 cannot be reached, what was read before is
 * used. Seeded organisations are served from their record as they are.
 */
export class Organisation {
  private readonly reading = new Map<string, Promise<Served<Read>>>();

  constructor(
    private readonly register: PartnerRegister,
    private readonly graph?: OrganisationReading,
  ) {}

  async cloudOf(who: Identity): Promise<Cloud> {
    return (await this.register.getTenant(who.tenantId))?.cloud ?? this.graph?.cloud ?? 'worldwide';
  }

  /** Makes sure the organisation is known and recent enough to serve a request. */
  async ready(who: Identity): Promise<Served<void>> {
    if (!this.graph) return ok(undefined);
    const tenant = await this.register.getTenant(who.tenantId);
    const readAt = tenant?.source === 'microsoft365' && tenant.readAt ? Date.parse(tenant.readAt) : NaN;
    const age = this.graph.clock().getTime() - readAt;
    if (age >= 0 && age < this.graph.refreshMs) return ok(undefined);
    const read = await this.read(who);
    // Microsoft 365 out of reach: what was read before still serves.
    if (!read.ok && read.reason === 'unavailable' && Number.isFinite(readAt)) return ok(undefined);
    return read.ok ? ok(undefined) : read;
  }

  /** Reads the organisation from Microsoft 365 now ("refresh"); seeded ones have nothing to read. */
  async refresh(who: Identity): Promise<Served<Read | undefined>> {
    return this.graph ? this.read(who) : ok(undefined);
  }

  /** One read per organisation at a time: requests arriving meanwhile share it. */
  private read(who: Identity): Promise<Served<Read>> {
    const under = this.reading.get(who.tenantId);
    if (under) return under;
    const reading = this.readNow(who).finally(() => this.reading.delete(who.tenantId));
    this.reading.set(who.tenantId, reading);
    return reading;
  }

  private async readNow(who: Identity): Promise<Served<Read>> {
    const { source, cloud, clock } = this.graph!;
    let profile;
    try {
      profile = await source.read(who.tenantId);
    } catch (error) {
      if (!(error instanceof OrganisationSourceError)) throw error;
      return notServed(error.reason, source, who.tenantId);
    }
    const kept = await durably(() => this.register.update(who.tenantId, (record) => ok({ record: recordWithOrganisation(record, who.tenantId, cloud, profile, clock()), value: undefined })));
    if (!kept.ok) return { ok: false, reason: 'notSaved' };
    const active = profile.subscriptions.filter((s) => s.status === 'enabled' || s.status === 'warning').length;
    return ok({ subscriptions: profile.subscriptions.length, active });
  }
}

function notServed(reason: SourceFailure, source: OrganisationSource, tenantId: string): Served<never> {
  return reason === 'noConsent' ? { ok: false, reason, consentUrl: source.consentUrl(tenantId) } : { ok: false, reason };
}
