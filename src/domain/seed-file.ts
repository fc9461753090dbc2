import {
  CLOUDS,
  OFFER_INCLUDES,
  OFFER_STATUSES,
  RELATIONSHIP_TYPES,
  type Cloud,
  type OfferIncludeKind,
  type OfferStatus,
  type Partner,
  type StoredRelationship,
} from './model.js';
import { parsePartnerId } from './partner-id.js';
import { fail, ok, type Result } from './result.js';

/** The import format of `npm run seed` (DESIGN.md §5). */
export interface Seed {
  readonly partners: readonly Partner[];
  readonly tenants: readonly SeedTenant[];
}

export interface SeedTenant {
  readonly id: string;
  readonly name: string;
  readonly cloud: Cloud;
  readonly admins: readonly string[];
  readonly subscriptions: readonly { id: string; name: string; partnerId?: string }[];
  readonly relationships: readonly StoredRelationship[];
  readonly offers: readonly SeedOffer[];
}

export interface SeedOffer {
  readonly id: string;
  readonly partnerId: string;
  readonly partnerName: string;
  readonly includes?: { readonly kind: OfferIncludeKind; readonly product: string };
  readonly status?: OfferStatus;
}

const MAX_TEXT = 200;

class Invalid extends Error {
  constructor(at: string, reason: string) {
    super(`${at}: ${reason}`);
  }
}

type Obj = Record<string, unknown>;

function object(value: unknown, at: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Invalid(at, 'must be an object');
  }
  return value as Obj;
}

function array(value: unknown, at: string, optional = false): unknown[] {
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) throw new Invalid(at, 'must be an array');
  return value;
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Invalid(at, 'must be a non-empty string');
  }
  if (value.length > MAX_TEXT) throw new Invalid(at, `must be at most ${MAX_TEXT} characters`);
  return value.trim();
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], at: string): T {
  if (!allowed.includes(value as T)) throw new Invalid(at, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function partnerId(value: unknown, at: string): string {
  const parsed = parsePartnerId(typeof value === 'string' ? value : String(value ?? ''));
  if (typeof value !== 'string' || !parsed.ok) {
    throw new Invalid(at, 'must be a Partner ID: a string of 6 to 10 digits');
  }
  return parsed.value;
}

function unique<T extends { id: string }>(items: T[], at: string): T[] {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) throw new Invalid(`${at}[${i}].id`, `duplicate id "${item.id}"`);
    seen.add(item.id);
  });
  return items;
}

function parseTenant(value: unknown, at: string): SeedTenant {
  const t = object(value, at);
  return {
    id: text(t.id, `${at}.id`),
    name: text(t.name, `${at}.name`),
    cloud: oneOf(t.cloud ?? 'worldwide', CLOUDS, `${at}.cloud`),
    admins: array(t.admins, `${at}.admins`, true).map((a, i) => text(a, `${at}.admins[${i}]`)),
    subscriptions: unique(
      array(t.subscriptions, `${at}.subscriptions`, true).map((v, i) => {
        const p = `${at}.subscriptions[${i}]`;
        const s = object(v, p);
        return {
          id: text(s.id, `${p}.id`),
          name: text(s.name, `${p}.name`),
          ...(s.partnerId === undefined ? {} : { partnerId: partnerId(s.partnerId, `${p}.partnerId`) }),
        };
      }),
      `${at}.subscriptions`,
    ),
    relationships: array(t.relationships, `${at}.relationships`, true).map((v, i) => {
      const p = `${at}.relationships[${i}]`;
      const r = object(v, p);
      return {
        partnerId: partnerId(r.partnerId, `${p}.partnerId`),
        partnerName: text(r.partnerName, `${p}.partnerName`),
        type: oneOf(r.type, RELATIONSHIP_TYPES.filter((x) => x !== 'advisor'), `${p}.type`),
      };
    }),
    offers: unique(
      array(t.offers, `${at}.offers`, true).map((v, i) => {
        const p = `${at}.offers[${i}]`;
        const o = object(v, p);
        const includes =
          o.includes === undefined ? undefined : object(o.includes, `${p}.includes`);
        return {
          id: text(o.id, `${p}.id`),
          partnerId: partnerId(o.partnerId, `${p}.partnerId`),
          partnerName: text(o.partnerName, `${p}.partnerName`),
          ...(includes
            ? {
                includes: {
                  kind: oneOf(includes.kind, OFFER_INCLUDES, `${p}.includes.kind`),
                  product: text(includes.product, `${p}.includes.product`),
                },
              }
            : {}),
          ...(o.status === undefined ? {} : { status: oneOf(o.status, OFFER_STATUSES, `${p}.status`) }),
        };
      }),
      `${at}.offers`,
    ),
  };
}

/**
 * Checks a parsed seed file whole. The first problem found is returned as "path: reason" (e.g.
 * `tenants[0].subscriptions[2].partnerId: must be …`), so nothing of a malformed file is imported.
 */
export function parseSeed(data: unknown): Result<Seed, string> {
  try {
    const root = object(data, '(root)');
    const seed: Seed = {
      partners: unique(
        array(root.partners, 'partners', true).map((v, i) => {
          const p = object(v, `partners[${i}]`);
          return { id: partnerId(p.id, `partners[${i}].id`), name: text(p.name, `partners[${i}].name`) };
        }),
        'partners',
      ),
      tenants: unique(
        array(root.tenants, 'tenants').map((v, i) => parseTenant(v, `tenants[${i}]`)),
        'tenants',
      ),
    };
    return ok(seed);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return fail(error.message);
  }
}
