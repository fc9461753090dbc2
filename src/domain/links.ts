import type { Cloud } from './model.js';

/** Admin-center and documentation pages the article points to, per cloud. */
export interface CloudLinks {
  /** Billing > Products (worldwide) or Billing > Your products (21Vianet). */
  readonly products: string;
  /** Billing > Purchase services (worldwide only: 21Vianet purchases start from the partner). */
  readonly purchaseServices?: string;
  /** Settings > Partner relationships. */
  readonly partnerRelationships: string;
  /** Partner Center: "Remove a reseller relationship", which the reseller follows. */
  readonly removeResellerRelationship: string;
  /** Where to find a partner when the organisation has none. */
  readonly findPartner?: string;
  /** "Find your partner or reseller". */
  readonly findYourPartner: string;
  /** "Plan your setup of Microsoft 365 for business". */
  readonly planYourSetup: string;
}

const REMOVE_RESELLER = 'https://learn.microsoft.com/partner-center/customers/remove-a-relationship';
const FIND_YOUR_PARTNER =
  'https://learn.microsoft.com/microsoft-365/commerce/manage-partners/find-your-partner-or-reseller';
const PLAN_YOUR_SETUP = 'https://learn.microsoft.com/microsoft-365/admin/setup/plan-your-setup';

const LINKS: Record<Cloud, CloudLinks> = {
  worldwide: {
    products: 'https://go.microsoft.com/fwlink/p/?linkid=842054',
    purchaseServices: 'https://go.microsoft.com/fwlink/p/?linkid=868433',
    partnerRelationships: 'https://go.microsoft.com/fwlink/p/?linkid=2074649',
    removeResellerRelationship: REMOVE_RESELLER,
    findPartner: 'https://pinpoint.microsoft.com',
    findYourPartner: FIND_YOUR_PARTNER,
    planYourSetup: PLAN_YOUR_SETUP,
  },
  '21vianet': {
    products: 'https://go.microsoft.com/fwlink/p/?linkid=850626',
    partnerRelationships: 'https://go.microsoft.com/fwlink/p/?linkid=2074649',
    removeResellerRelationship: REMOVE_RESELLER,
    findYourPartner: FIND_YOUR_PARTNER,
    planYourSetup: PLAN_YOUR_SETUP,
  },
};

/** The links an answer gives an admin of a tenant in `cloud`. */
export const linksFor = (cloud: Cloud): CloudLinks => LINKS[cloud];
