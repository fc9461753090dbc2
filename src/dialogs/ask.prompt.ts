import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import {
  Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { answerOf, field, type Answer } from '../cards/card-answer.js';
import type { CardRenderer } from '../cards/render-card.js';
import { Verbs } from '../cards/verbs.js';
import type { Result } from '../domain/result.js';
import { identityOf, setCardResponse, translatorOf } from './turn-state.js';

/**
 * What a question shows. It is kept as a key and values, not as text, and rendered again at every
 * (re)prompt, so a question asked in English is asked again in French after « français ».
 */
export type View =
  | { readonly text: string; readonly values?: Readonly<Record<string, unknown>> }
  | { readonly card: string; readonly data: Readonly<Record<string, unknown>> };

export interface AskOptions {
  readonly view: View;
  /** Facts the answer is checked against (e.g. the current Partner ID, which a change must not repeat). */
  readonly given?: Readonly<Record<string, string>>;
}

interface Answered {
  /** The answer, when the question was asked (a step skipped with `given` has none). */
  readonly answer?: Answer;
  /** The message that showed the question's card, to update in place after a typed answer. */
  readonly cardActivityId?: string;
}

/**
 * What a step hands the next one: the checked value, or the card's Cancel was clicked. The same
 * type whether the question was asked or skipped because the value was already known (`given`).
 */
export type Asked<T> =
  | (Answered & { readonly cancelled: false; readonly value: T })
  | (Answered & { readonly cancelled: true; readonly answer: Answer });

/** A value known without asking, handed on as a prompt would hand it (`step.next(given(v))`). */
export const given = <T>(value: T): Asked<T> => ({ cancelled: false, value });

/** An answer refused with a text that names things (the i18n key, and its values). */
export interface Refused {
  readonly ok: false;
  readonly error: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export const refuse = (error: string, values: Record<string, unknown>): Refused => ({ ok: false, error, values });

/** Checks an answer: the value, or the i18n key of what to tell the user (and its values). */
export type Check<T> = (
  answer: Answer,
  context: TurnContext,
  given: Readonly<Record<string, string>>,
) => Promise<Result<T, string> | Refused>;

/**
 * Completes a question card's data each time it is drawn, with what is too large to keep in
 * dialog state (saved and hashed on every turn) or must be current when shown, such as a list of
 * subscriptions and their partners.
 */
export type Prepare = (context: TurnContext, data: Readonly<Record<string, unknown>>) => Promise<Readonly<Record<string, unknown>>>;

interface AskState {
  options: AskOptions;
  userId?: string | undefined;
  cardId?: string;
  cardActivityId?: string;
}

/**
 * Asks a question and waits for an answer typed or given with the question's card. A card answer
 * counts only if it comes from this question's card (`cardId`), and any answer only if it comes
 * from the person who started the task: in a group chat, someone else's click changes nothing.
 */
export class AskPrompt<T> extends Dialog<AskOptions> {
  constructor(
    id: string,
    private readonly cards: CardRenderer,
    private readonly check: Check<T>,
    private readonly prepare?: Prepare,
  ) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: AskOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error(`${this.id} needs a view to show`);
    const state = dc.activeDialog!.state as AskState;
    state.options = options;
    state.userId = identityOf(dc.context).userId;
    await this.show(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const state = dc.activeDialog!.state as AskState;
    const answer = answerOf(context.activity);
    if (!answer) return Dialog.EndOfTurn;
    if (answer.kind === 'card' && (state.cardId === undefined || field(answer.data, 'cardId') !== state.cardId)) {
      await tell(context, answer, 'dialogs:card.notCurrent');
      return Dialog.EndOfTurn;
    }
    if (identityOf(context).userId !== state.userId) {
      await tell(context, answer, 'dialogs:common.notYourTask');
      return Dialog.EndOfTurn;
    }
    const shown = state.cardActivityId ? { cardActivityId: state.cardActivityId } : {};
    if (answer.kind === 'card' && answer.verb === Verbs.cancel) {
      const cancelled: Asked<T> = { cancelled: true, answer, ...shown };
      return dc.endDialog(cancelled);
    }
    const checked = await this.check(answer, context, state.options.given ?? {});
    if (!checked.ok) {
      await tell(context, answer, checked.error, 'values' in checked ? { ...checked.values } : undefined);
      return Dialog.EndOfTurn;
    }
    const asked: Asked<T> = { cancelled: false, value: checked.value, answer, ...shown };
    return dc.endDialog(asked);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.show(context, instance.state as AskState);
  }

  private async show(context: TurnContext, state: AskState): Promise<void> {
    const t = translatorOf(context);
    const { view } = state.options;
    if ('text' in view) {
      await context.sendActivity(t(view.text, view.values));
      return;
    }
    state.cardId ??= randomUUID();
    const data = this.prepare ? await this.prepare(context, view.data) : view.data;
    const attachment = this.cards.render(view.card, { ...data, cardId: state.cardId }, t);
    const sent = await context.sendActivity({ attachments: [attachment] });
    if (sent?.id) state.cardActivityId = sent.id;
  }
}

/** Tells the user something in reply to an answer; a card click also gets it as its response. */
export async function tell(
  context: TurnContext,
  answer: Answer | undefined,
  key: string,
  values?: Record<string, unknown>,
): Promise<void> {
  const text = translatorOf(context)(key, values);
  if (answer?.kind === 'card' && answer.via === 'execute') setCardResponse(context, { kind: 'message', text });
  await context.sendActivity(text);
}
