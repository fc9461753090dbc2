import { escapeMarkdown } from '../cards/markdown.js';
import { deferred, type DeferredText } from '../cards/render-card.js';
import { linksFor } from '../domain/links.js';
import type { Cloud } from '../domain/model.js';
import type { PartnerChangeKind } from '../domain/partner-change.js';
import type { Translator } from '../i18n/i18n.js';
import type { PartnerRef, SubscriptionView } from '../services/partner-changes.js';

/** A fact line of a card: a title in the reader's language, a plain value. */
export interface Fact {
  readonly title: DeferredText;
  readonly value: string | DeferredText;
}

/** "Contoso Advisors (1234567)", or the ID alone when the directory does not know the partner. */
export function partnerLabel(t: Translator, partnerId: string, name: string | undefined): string {
  return name ? t('dialogs:common.partnerWithId', { name: escapeMarkdown(name), id: partnerId }) : partnerId;
}

/** A partner reference as `partnerLabel` writes it, or '' for none. */
export const partnerRefLabel = (t: Translator, partner: PartnerRef | undefined): string =>
  partner === undefined ? '' : partnerLabel(t, partner.id, partner.name);

/** One choice of the subscription card: its name, and its partner when it has one. */
export function subscriptionChoice(t: Translator, s: SubscriptionView): DeferredText {
  const name = escapeMarkdown(s.name);
  return s.partner
    ? deferred('cards:pickSubscription.withPartner', { name, partner: partnerRefLabel(t, s.partner) })
    : deferred('cards:pickSubscription.noPartner', { name });
}

/** What a confirmation and its summary show: the subscription, its partner, the partner it gets. */
export function changeFacts(
  t: Translator,
  kind: PartnerChangeKind,
  subscription: SubscriptionView | undefined,
  next: PartnerRef | undefined,
): Fact[] {
  const facts: Fact[] = [{ title: deferred('cards:facts.subscription'), value: escapeMarkdown(subscription?.name ?? '') }];
  if (subscription?.partner) facts.push({ title: deferred('cards:facts.currentPartner'), value: partnerRefLabel(t, subscription.partner) });
  if (kind !== 'remove' && next) facts.push({ title: deferred('cards:facts.newPartner'), value: partnerRefLabel(t, next) });
  return facts;
}

/**
 * The `apply-steps` card of a change recorded in the register: the article's steps for that task in
 * the admin center of the tenant's cloud (Billing > Products, or Your products in 21Vianet), naming
 * the subscription and the Partner ID, and the page's link.
 */
export function applyInAdminCenter(
  t: Translator,
  kind: PartnerChangeKind,
  cloud: Cloud,
  subscription: SubscriptionView,
  previous: PartnerRef | undefined,
): Record<string, unknown> {
  const page = deferred(`dialogs:common.productsPage.${cloud}`);
  const steps = deferred(`cards:applySteps.steps.${kind}`, {
    page,
    subscription: escapeMarkdown(subscription.name),
    partnerId: subscription.partner?.id ?? '',
    partner: partnerRefLabel(t, previous),
  });
  return { kind, steps, open: deferred('cards:applySteps.open', { page }), link: linksFor(cloud).products };
}
