import { deferred } from '../src/cards/render-card.js';

/**
 * Representative data for every card template, as the dialogs build it (text in the reader's
 * language deferred to rendering): long names, a partner the directory does not know, several
 * items. Used by the card tests and `npm run cards:gallery`.
 */
const fact = (key: string, value: string | ReturnType<typeof deferred>) => ({ title: deferred(`cards:facts.${key}`), value });
const PRODUCTS_LINK = { worldwide: 'https://go.microsoft.com/fwlink/p/?linkid=842054', '21vianet': 'https://go.microsoft.com/fwlink/p/?linkid=850626' };
const applySteps = (kind: string, cloud: keyof typeof PRODUCTS_LINK, values: Record<string, string>) => {
  const page = deferred(`dialogs:common.productsPage.${cloud}`);
  return { kind, steps: deferred(`cards:applySteps.steps.${kind}`, { page, ...values }), open: deferred('cards:applySteps.open', { page }), link: PRODUCTS_LINK[cloud] };
};
const RELATIONSHIPS_LINK = 'https://go.microsoft.com/fwlink/p/?linkid=2074649';
const relationship = (partner: string, type: string, subscriptions: ReturnType<typeof deferred>) => ({
  partner,
  type: deferred(`cards:relationships.types.${type}`),
  subscriptions,
  hasMore: false,
  more: '',
  partnerId: partner.replace(/\D/g, ''),
});
const REMOVE_RESELLER_LINK = 'https://learn.microsoft.com/partner-center/customers/remove-a-relationship';

/**
 * Subscription names of a large organisation: products a big tenant holds many of, named after
 * the site that uses them, as admins tend to. `bigOrganisation(n)` gives the first n.
 */
const PRODUCTS = [
  'Microsoft 365 E5',
  'Office 365 E3',
  'Microsoft 365 Business Premium',
  'Microsoft Defender for Office 365 (Plan 2)',
  'Dynamics 365 Sales Enterprise',
  'Power BI Pro',
  'Microsoft Teams Rooms Pro',
  'Visio Plan 2',
  'Project Plan 3',
  'Exchange Online (Plan 1)',
];
const SITES = ['Paris', 'Lyon', 'Marseille', 'Lille', 'Nantes', 'Bordeaux', 'Toulouse', 'Strasbourg', 'Rennes', 'Montréal'];
export const bigOrganisation = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${PRODUCTS[i % PRODUCTS.length]!} – ${SITES[Math.floor(i / PRODUCTS.length) % SITES.length]!} ${Math.floor(i / (PRODUCTS.length * SITES.length)) + 1}`);
const BIG_ORGANISATION = bigOrganisation(300);

export const CARD_SAMPLES: Record<string, Array<Record<string, unknown>>> = {
  welcome: [{}],
  'did-you-mean': [
    { choices: ['changePartner', 'addPartner'].map((intent) => ({ intent, title: deferred(`cards:didYouMean.task.${intent}`) })) },
  ],
  'pick-subscription': [
    ...['add', 'change', 'remove'].map((kind) => ({
      kind,
      cardId: 'sample-card',
      long: false,
      search: false,
      choices: [
        { title: deferred('cards:pickSubscription.withPartner', { name: 'Microsoft 365 Business Standard', partner: 'Contoso Advisors (1234567)' }), value: 'sub-1' },
        { title: deferred('cards:pickSubscription.noPartner', { name: 'Office 365 E3' }), value: 'sub-2' },
        { title: deferred('cards:pickSubscription.noPartner', { name: 'Microsoft Defender for Office 365 (Plan 2)' }), value: 'sub-3' },
      ],
    })),
    // A large organisation: the likeliest ten listed; in Teams, typeahead search for the others.
    ...[true, false].map((search) => ({
      kind: 'change',
      cardId: 'sample-card',
      long: true,
      search,
      dataset: 'subscriptions.change',
      hint: search ? deferred('cards:pickSubscription.searchHint', { count: 300 }) : deferred('cards:pickSubscription.listHint', { count: 300, shown: 10 }),
      choices: BIG_ORGANISATION.slice(0, 10).map((name, i) => ({
        title: deferred('cards:pickSubscription.withPartner', { name, partner: 'Contoso Advisors (1234567)' }),
        value: `sub-${i + 1}`,
      })),
    })),
  ],
  'confirm-change': [
    { kind: 'add', cardId: 'c', facts: [fact('subscription', 'Office 365 E3'), fact('newPartner', '4567890')], note: deferred('cards:confirmChange.unknownPartner', { id: '4567890' }) },
    { kind: 'change', cardId: 'c', facts: [fact('subscription', 'Microsoft 365 Business Standard'), fact('currentPartner', 'Contoso Advisors (1234567)'), fact('newPartner', 'Northwind Traders (7654321)')], note: '' },
    { kind: 'remove', cardId: 'c', facts: [fact('subscription', 'Microsoft 365 Business Standard'), fact('currentPartner', 'Contoso Advisors (1234567)')], note: '' },
  ],
  'apply-steps': [
    applySteps('add', 'worldwide', { subscription: 'Microsoft Defender for Office 365 (Plan 2)', partnerId: '7654321' }),
    applySteps('change', '21vianet', { subscription: 'Office 365 E3', partnerId: '2345678' }),
    applySteps('remove', 'worldwide', { subscription: 'Microsoft 365 Business Standard', partner: 'Contoso Advisors (1234567)' }),
    {
      kind: 'acceptOffer',
      steps: deferred('cards:applySteps.steps.acceptOffer.trial', { partner: 'Shanghai Partner (2345678)', product: 'Office 365 E3' }),
      open: '',
      link: '',
    },
  ],
  summary: [
    { title: deferred('cards:confirmChange.title.change'), facts: [fact('subscription', 'Office 365 E3'), fact('newPartner', 'Northwind Traders (7654321)')], status: deferred('dialogs:common.recordedStatus'), color: 'good' },
    { title: deferred('cards:pickSubscription.title.remove'), facts: [], status: deferred('dialogs:common.cancelledStatus'), color: 'default' },
    { title: deferred('cards:confirmChange.title.add'), facts: [fact('subscription', 'Office 365 E3')], status: deferred('dialogs:common.notSavedStatus'), color: 'attention' },
  ],
  relationships: [
    {
      empty: false,
      source: 'seed',
      link: RELATIONSHIPS_LINK,
      hasRest: false,
      rest: '',
      next: '3',
      items: [
        relationship('Contoso Advisors (1234567)', 'advisor', deferred('cards:relationships.subscriptions', { names: 'Office 365 E3, Microsoft 365 Business Standard' })),
        relationship('Northwind Traders (7654321)', 'reseller', deferred('cards:relationships.scope.reseller')),
        relationship('Shanghai Partner (2345678)', 'delegatedAdmin', deferred('cards:relationships.scope.delegatedAdmin')),
      ],
    },
    {
      empty: false,
      source: 'microsoft365',
      link: RELATIONSHIPS_LINK,
      hasRest: false,
      rest: '',
      next: '1',
      items: [relationship('Northwind Traders (7654321)', 'reseller', deferred('cards:relationships.scope.reseller'))],
    },
    { empty: true, source: 'seed', link: RELATIONSHIPS_LINK, hasRest: false, rest: '', next: '0', items: [] },
    // A large organisation: a few names per partner, how many more, a button to list them all.
    {
      empty: false,
      source: 'microsoft365',
      link: RELATIONSHIPS_LINK,
      hasRest: true,
      rest: deferred('cards:relationships.rest', { count: 4 }),
      next: '10',
      items: [
        { ...relationship('Contoso Advisors (1234567)', 'advisor', deferred('cards:relationships.subscriptionsAndMore', { names: BIG_ORGANISATION.slice(0, 5).join(', '), count: 195 })), hasMore: true, more: deferred('cards:relationships.showAll', { count: 200 }) },
        { ...relationship('Northwind Traders (7654321)', 'advisor', deferred('cards:relationships.subscriptionsAndMore', { names: BIG_ORGANISATION.slice(200, 205).join(', '), count: 95 })), hasMore: true, more: deferred('cards:relationships.showAll', { count: 100 }) },
        relationship('Northwind Traders (7654321)', 'reseller', deferred('cards:relationships.scope.reseller')),
      ],
    },
  ],
  'partner-subscriptions': [
    {
      partner: 'Contoso Advisors (1234567)',
      type: deferred('cards:relationships.types.advisor'),
      range: deferred('cards:partnerSubscriptions.range', { count: 200, total: '200', from: '41', to: '80' }),
      list: BIG_ORGANISATION.slice(40, 80).map((name) => `- ${name}`).join('\n'),
      partnerId: '1234567',
      hasNext: true,
      nextLabel: deferred('cards:partnerSubscriptions.next', { count: 40 }),
      next: '80',
    },
    {
      partner: '4567890',
      type: deferred('cards:relationships.types.advisor'),
      range: deferred('cards:partnerSubscriptions.range', { count: 1, total: '1', from: '1', to: '1' }),
      list: '- Microsoft Defender for Office 365 (Plan 2)',
      partnerId: '4567890',
      hasNext: false,
      nextLabel: '',
      next: '1',
    },
  ],
  reseller: [
    { cloud: 'worldwide', known: true, resellers: [{ partner: 'Northwind Traders (7654321)' }], partnerCenterLink: REMOVE_RESELLER_LINK, relationshipsLink: RELATIONSHIPS_LINK },
    { cloud: '21vianet', known: false, resellers: [], partnerCenterLink: REMOVE_RESELLER_LINK, relationshipsLink: RELATIONSHIPS_LINK },
  ],
  purchase: [{ cardId: 'c', purchaseLink: 'https://go.microsoft.com/fwlink/p/?linkid=868433', findPartnerLink: 'https://pinpoint.microsoft.com' }],
  offers: [
    {
      cardId: 'c',
      offers: [
        { offerId: 'offer-1', partner: 'Shanghai Partner (2345678)', includes: deferred('cards:offers.includes.trial', { product: 'Office 365 E3' }) },
        { offerId: 'offer-2', partner: 'Beijing Cloud Services (3456789)', includes: deferred('cards:offers.includes.none') },
      ],
    },
  ],
  'offer-terms': [{ cardId: 'c', partner: 'Shanghai Partner (2345678)', facts: [fact('partner', 'Shanghai Partner (2345678)'), fact('includes', deferred('cards:offers.includes.trial', { product: 'Office 365 E3' }))] }],
  history: [
    {
      timeZone: 'Europe/Paris',
      range: deferred('cards:history.range', { count: 2, total: '2', from: '1', to: '2' }),
      hasOlder: false,
      before: '0',
      items: [
        { when: '24/11/2026 10:30', who: 'Megan Bowen', what: deferred('cards:history.actions.change', { subscription: 'Office 365 E3', before: '1234567', after: '7654321' }) },
        { when: '23/11/2026 09:12', who: 'Alex Wilber', what: deferred('cards:history.actions.add', { subscription: 'Microsoft 365 Business Standard', after: '1234567' }) },
      ],
    },
    // Thousands of changes: the latest ten, how many in all, a button for the previous ones.
    {
      timeZone: 'America/Toronto',
      range: deferred('cards:history.range', { count: 3000, total: '3000', from: '1', to: '10' }),
      hasOlder: true,
      before: '2990',
      items: BIG_ORGANISATION.slice(0, 10).map((subscription, i) => ({
        when: `24/11/2026 10:${String(50 - i).padStart(2, '0')}`,
        who: i % 2 === 0 ? 'Megan Bowen' : 'Patti Fernandez',
        what: deferred('cards:history.actions.change', { subscription, before: '1234567', after: '7654321' }),
      })),
    },
  ],
  help: [
    { cloud: 'worldwide', findYourPartner: 'https://learn.microsoft.com/microsoft-365/commerce/manage-partners/find-your-partner-or-reseller', planYourSetup: 'https://learn.microsoft.com/microsoft-365/admin/setup/plan-your-setup' },
    { cloud: '21vianet', findYourPartner: 'https://learn.microsoft.com/microsoft-365/commerce/manage-partners/find-your-partner-or-reseller', planYourSetup: 'https://learn.microsoft.com/microsoft-365/admin/setup/plan-your-setup' },
  ],
};
