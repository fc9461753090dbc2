import type { Attachment, TurnContext } from 'botbuilder';
import type { Answer } from '../cards/card-answer.js';
import { escapeMarkdown } from '../cards/markdown.js';
import type { ChangeError } from '../domain/partner-change.js';
import type { Result } from '../domain/result.js';
import { errorKey } from '../i18n/domain-errors.js';
import type { CardUpdater } from './card-updater.js';
import type { CardRenderer, DeferredText } from '../cards/render-card.js';
import type { Translator } from '../i18n/i18n.js';
import type { Recognizer } from '../nlu/recognizer.js';
import type { Access } from '../services/access.js';
import type { History } from '../services/history.js';
import type { Offers } from '../services/offers.js';
import type { Organisation } from '../services/organisation.js';
import type { PartnerChanges } from '../services/partner-changes.js';
import type { PurchaseGuidance } from '../services/purchase-guidance.js';
import type { Relationships } from '../services/relationships.js';
import { translatorOf, turnLogOf } from './turn-state.js';

/** What every conversation needs, given to each dialog's constructor: the use cases, and the edge. */
export interface FlowDeps {
  readonly access: Access;
  readonly changes: PartnerChanges;
  readonly offers: Offers;
  readonly relationships: Relationships;
  readonly history: History;
  readonly purchase: PurchaseGuidance;
  readonly organisation: Organisation;
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
  return name ? t('dialogs:common.partnerWithId', { name: escapeMarkdown(name), id: partnerId }) : partnerId;
}

/** A fact line of a card: a title in the reader's language, a plain value. */
export interface Fact {
  readonly title: DeferredText;
  readonly value: string | DeferredText;
}

/** Draws the read-only card that replaces an answered one: its status line and colour. */
export type SummaryCard = (status: string, color: 'good' | 'attention' | 'default') => Attachment;

/**
 * Makes a confirmed change and reports how it went. A write that did not reach the disk and a
 * change the store refused are both told to the user, and the answered card is updated to say
 * so; only a change on disk gets "Done". Returns the store's result (a write failure is
 * `notSaved`).
 */
export async function commitChange<T>(
  context: TurnContext,
  deps: Pick<FlowDeps, 'cardUpdater'>,
  answered: { readonly answer?: Answer; readonly cardActivityId?: string },
  summary: SummaryCard,
  write: () => Promise<Result<T, ChangeError>>,
): Promise<Result<T, ChangeError>> {
  const t = translatorOf(context);
  const result = await write();
  if (!result.ok && result.error === 'notSaved') {
    turnLogOf(context).outcome = 'notSaved';
    await deps.cardUpdater.replace(context, answered, summary(t('dialogs:common.notSavedStatus'), 'attention'));
    await say(context, errorKey('notSaved'));
    return result;
  }
  if (!result.ok) {
    turnLogOf(context).outcome = 'refused';
    await deps.cardUpdater.replace(context, answered, summary(t('dialogs:common.notChangedStatus'), 'attention'));
    await say(context, errorKey(result.error));
    return result;
  }
  turnLogOf(context).outcome = 'changed';
  await deps.cardUpdater.replace(context, answered, summary(t('dialogs:common.doneStatus'), 'good'));
  return result;
}
