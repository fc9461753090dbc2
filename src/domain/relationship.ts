import type { Cloud, RelationshipType } from './model.js';

export const ACTIONS = ['view', 'add', 'change', 'remove'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * What a customer's admin may do with each kind of relationship. A reseller relationship can only
 * be ended by the reseller, in Partner Center; a delegated-admin relationship is only ever added by
 * accepting a partner's offer.
 */
const ALLOWED: Record<RelationshipType, readonly Action[]> = {
  advisor: ['view', 'add', 'change', 'remove'],
  reseller: ['view'],
  delegatedAdmin: ['view', 'add'],
};

/** True when a customer's admin may take `action` on a relationship of this type. */
export const canPerform = (type: RelationshipType, action: Action): boolean =>
  ALLOWED[type].includes(action);

/**
 * How a partner of record is added in each cloud: worldwide admins type the partner's ID; in
 * Office 365 operated by 21Vianet the partner sends an offer that the admin accepts.
 */
const ADD_METHOD: Record<Cloud, 'partnerId' | 'partnerOffer'> = {
  worldwide: 'partnerId',
  '21vianet': 'partnerOffer',
};

export const addMethod = (cloud: Cloud): 'partnerId' | 'partnerOffer' => ADD_METHOD[cloud];
