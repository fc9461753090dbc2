import {
  RELATIONSHIP_TYPES,
  type Relationship,
  type StoredRelationship,
  type Subscription,
} from './model.js';

/**
 * The organisation's partner relationships as the admin center's "Partner relationships" page
 * lists them: one advisor relationship per partner of record (with the subscriptions it advises),
 * then the stored reseller and delegated-admin relationships.
 */
export function relationshipsOf(
  tenantId: string,
  subscriptions: readonly Subscription[],
  stored: readonly StoredRelationship[],
  partnerName: (partnerId: string) => string | undefined,
): Relationship[] {
  const advised = new Map<string, string[]>();
  for (const s of subscriptions) {
    // A subscription deleted in Microsoft 365 no longer has an advisor.
    if (s.partnerId === undefined || s.status === 'deleted') continue;
    const ids = advised.get(s.partnerId) ?? [];
    ids.push(s.id);
    advised.set(s.partnerId, ids);
  }
  const advisors: Relationship[] = [...advised].map(([partnerId, subscriptionIds]) => {
    const name = partnerName(partnerId);
    return {
      tenantId,
      partnerId,
      ...(name === undefined ? {} : { partnerName: name }),
      type: 'advisor',
      subscriptionIds,
    };
  });
  const others: Relationship[] = stored.map((r) => ({ tenantId, ...r, subscriptionIds: [] }));
  const order = (r: Relationship): number => RELATIONSHIP_TYPES.indexOf(r.type);
  return [...advisors, ...others].sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.partnerName ?? a.partnerId).localeCompare(b.partnerName ?? b.partnerId),
  );
}
