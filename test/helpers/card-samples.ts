/**
 * Representative data for every card template, as the dialogs build it: long names, a partner
 * the directory does not know, several items. Used by the card tests and the card gallery.
 */
export const CARD_SAMPLES: Record<string, Array<Record<string, unknown>>> = {
  welcome: [{}],
  'pick-subscription': ['add', 'change', 'remove'].map((kind) => ({
    kind,
    cardId: 'sample-card',
    choiceStyle: 'expanded',
    choices: [
      { title: 'Microsoft 365 Business Standard (Contoso Advisors (1234567))', value: 'sub-1' },
      { title: 'Office 365 E3', value: 'sub-2' },
    ],
  })),
  'confirm-change': [
    { kind: 'add', cardId: 'c', facts: [{ title: 'Subscription', value: 'Office 365 E3' }, { title: 'New partner', value: '4567890' }], note: 'Partner ID 4567890 is not in the directory.' },
    { kind: 'change', cardId: 'c', facts: [{ title: 'Subscription', value: 'Microsoft 365 Business Standard' }, { title: 'Current partner', value: 'Contoso Advisors (1234567)' }, { title: 'New partner', value: 'Northwind Traders (7654321)' }], note: '' },
    { kind: 'remove', cardId: 'c', facts: [{ title: 'Subscription', value: 'Microsoft 365 Business Standard' }, { title: 'Current partner', value: 'Contoso Advisors (1234567)' }], note: '' },
  ],
  summary: [
    { title: 'Change the partner?', facts: [{ title: 'Subscription', value: 'Office 365 E3' }], status: 'Done.', color: 'good' },
    { title: 'Remove the partner?', facts: [], status: 'Cancelled: nothing was changed.', color: 'default' },
  ],
  relationships: [
    {
      empty: false,
      link: 'https://go.microsoft.com/fwlink/p/?linkid=2074649',
      items: [
        { partner: 'Contoso Advisors (1234567)', type: 'Partner of record', subscriptions: 'Subscriptions: Office 365 E3, Microsoft 365 Business Standard' },
        { partner: 'Northwind Traders (7654321)', type: 'Reseller', subscriptions: 'Only the reseller can end this relationship.' },
      ],
    },
    { empty: true, link: 'https://go.microsoft.com/fwlink/p/?linkid=2074649', items: [] },
  ],
  reseller: [
    { cloud: 'worldwide', known: true, resellers: [{ partner: 'Northwind Traders (7654321)' }], partnerCenterLink: 'https://learn.microsoft.com/partner-center/customers/remove-a-relationship', relationshipsLink: 'https://go.microsoft.com/fwlink/p/?linkid=2074649' },
    { cloud: '21vianet', known: false, resellers: [], partnerCenterLink: 'https://learn.microsoft.com/partner-center/customers/remove-a-relationship', relationshipsLink: 'https://go.microsoft.com/fwlink/p/?linkid=2074649' },
  ],
  purchase: [{ cardId: 'c', purchaseLink: 'https://go.microsoft.com/fwlink/p/?linkid=868433', findPartnerLink: 'https://pinpoint.microsoft.com' }],
  offers: [
    {
      cardId: 'c',
      offers: [
        { offerId: 'offer-1', partner: 'Shanghai Partner (2345678)', includes: 'Comes with a trial of Office 365 E3' },
        { offerId: 'offer-2', partner: 'Beijing Cloud Services (3456789)', includes: 'Partner relationship only' },
      ],
    },
  ],
  'offer-terms': [{ cardId: 'c', partner: 'Shanghai Partner (2345678)', facts: [{ title: 'Partner', value: 'Shanghai Partner (2345678)' }, { title: 'Comes with', value: 'Trial of Office 365 E3' }] }],
  history: [
    {
      timeZone: 'Europe/Paris',
      items: [
        { when: '24 Nov 2026, 10:30', who: 'Megan Bowen', what: 'Partner of Office 365 E3 changed from 1234567 to 7654321' },
        { when: '23 Nov 2026, 09:12', who: 'Alex Wilber', what: 'Partner 1234567 added to Microsoft 365 Business Standard' },
      ],
    },
  ],
  help: [
    { cloud: 'worldwide', findYourPartner: 'https://learn.microsoft.com/', planYourSetup: 'https://learn.microsoft.com/' },
    { cloud: '21vianet', findYourPartner: 'https://learn.microsoft.com/', planYourSetup: 'https://learn.microsoft.com/' },
  ],
};
