import type { TurnContext } from 'botbuilder';
import type { CardUpdater } from '../cards/card-updater.js';
import type { CardRenderer, DeferredText } from '../cards/render-card.js';
import type { Translator } from '../i18n/i18n.js';
import type { Recognizer } from '../nlu/recognizer.js';
import type { PartnerRepository } from '../store/partner-repository.js';
import { translatorOf } from '../bot/turn-state.js';

/** What every conversation needs, given to each dialog's constructor. */
export interface FlowDeps {
  readonly repository: PartnerRepository;
  readonly cards: CardRenderer;
  readonly cardUpdater: CardUpdater;
  readonly recognizer: Recognizer;
  readonly clock: () => Date;
}

/** Sends a localized text. */
export async function say(context: TurnContext, key: string, values?: Record<string, unknown>): Promise<void> {
  await context.sendActivity(translatorOf(context)(key, values));
}

/** "Contoso Advisors (1234567)", or the ID alone when the directory does not know the partner. */
export function partnerLabel(t: Translator, partnerId: string, name: string | undefined): string {
  return name ? t('dialogs:common.partnerWithId', { name, id: partnerId }) : partnerId;
}

/** A fact line of a card: a title in the reader's language, a plain value. */
export interface Fact {
  readonly title: DeferredText;
  readonly value: string | DeferredText;
}
