import type { Attachment, TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Answer } from '../cards/card-answer.js';
import { Verbs } from '../cards/verbs.js';
import type { ChangeError } from '../domain/partner-change.js';
import { fail, ok, type Result } from '../domain/result.js';
import { errorKey } from '../i18n/domain-errors.js';
import type { CardUpdater } from './card-updater.js';
import type { CardRenderer } from '../cards/render-card.js';
import type { Translator } from '../i18n/i18n.js';
import type { Recognizer } from '../nlu/recognizer.js';
import type { Access } from '../services/access.js';
import type { History } from '../services/history.js';
import type { Offers } from '../services/offers.js';
import type { Organisation } from '../services/organisation.js';
import type { PartnerChanges } from '../services/partner-changes.js';
import type { PurchaseGuidance } from '../services/purchase-guidance.js';
import type { Relationships } from '../services/relationships.js';
import type { Fact } from './partner-views.js';
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

/** Draws the read-only card that replaces an answered one: its status line and colour. */
export type SummaryCard = (status: string, color: 'good' | 'attention' | 'default') => Attachment;

/** The read-only card an answered one becomes: its title and facts, and the status it is given. */
export function summaryCard(deps: Pick<FlowDeps, 'cards'>, t: Translator, title: string, facts: readonly Fact[]): SummaryCard {
  return (status, color) => deps.cards.render('summary', { title, facts, status, color }, t);
}

/** How a task the user stops ends: the card's status line, the message, the turn log's outcome. */
export interface Stopped {
  readonly status: string;
  readonly message: string;
  readonly outcome: string;
}

const CANCELLED: Stopped = { status: 'dialogs:common.cancelledStatus', message: 'dialogs:common.cancelled', outcome: 'cancelled' };

/** Ends a task the user cancelled or declined: the answered card and a message say so; nothing changed. */
export async function endStopped(
  step: WaterfallStepContext,
  deps: Pick<FlowDeps, 'cardUpdater'>,
  answered: { readonly answer?: Answer; readonly cardActivityId?: string },
  summary: SummaryCard,
  how: Stopped = CANCELLED,
): Promise<DialogTurnResult> {
  const { context } = step;
  turnLogOf(context).outcome = how.outcome;
  await deps.cardUpdater.replace(context, answered, summary(translatorOf(context)(how.status), 'default'));
  await say(context, how.message);
  return step.endDialog();
}

/** Reads the answer to a confirmation card: its Confirm button, or a typed yes or no. */
export function confirmation(recognizer: Recognizer, answer: Answer): Result<boolean, string> {
  if (answer.kind === 'card') return answer.verb === Verbs.confirm ? ok(true) : fail('dialogs:confirm.useButtons');
  const yes = recognizer.yesNo(answer.text);
  return yes === undefined ? fail('dialogs:confirm.yesOrNo') : ok(yes);
}

/**
 * Records a confirmed change in the register and reports how it went. A write that did not reach
 * the disk and a change the store refused are both told to the user, and the answered card is
 * updated to say so; only a change on disk gets the `recorded` status. The register is the bot's
 * own record, not Microsoft 365: the caller then says how to apply the change there. Returns the
 * store's result (a write failure is `notSaved`).
 */
export async function commitChange<T>(
  context: TurnContext,
  deps: Pick<FlowDeps, 'cardUpdater'>,
  answered: { readonly answer?: Answer; readonly cardActivityId?: string },
  summary: SummaryCard,
  recorded: string,
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
  await deps.cardUpdater.replace(context, answered, summary(t(recorded), 'good'));
  return result;
}
