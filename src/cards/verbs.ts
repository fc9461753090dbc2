/** The `verb` of every card action, shared by the card templates and the handlers. */
export const Verbs = {
  /** Start a task from the welcome or help card: `{ verb, intent }`. */
  start: 'start',
  /** Choose the subscription of a partner change: `{ verb, cardId, subscriptionId }`. */
  pickSubscription: 'pickSubscription',
  /** Confirm or cancel a change: `{ verb, cardId }`. */
  confirm: 'confirm',
  cancel: 'cancel',
  /** Check the Partner ID an admin will type at checkout: `{ verb, cardId, partnerId }`. */
  checkPartnerId: 'checkPartnerId',
  /** Open a 21Vianet partner offer: `{ verb, cardId, offerId }`. */
  reviewOffer: 'reviewOffer',
  /** Answer an offer's terms, then Next: `{ verb, cardId, authorize: 'yes' | 'no' }`. */
  offerNext: 'offerNext',
} as const;
