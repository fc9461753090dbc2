import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type InvokeResponse,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import type { Dialog, DialogState } from 'botbuilder-dialogs';
import { ADAPTIVE_CARD_CONTENT_TYPE, MESSAGE_RESPONSE_TYPE, type CardRenderer } from '../cards/render-card.js';
import { DialogRunner } from './dialog-runner.js';
import type { SubscriptionSearch } from '../dialogs/subscription-search.js';
import { cardResponseOf, translatorOf } from '../dialogs/turn-state.js';

/** Teams' typeahead search of an `Input.ChoiceSet` whose choices come from a `Data.Query`. */
export const SEARCH_INVOKE = 'application/search';
const SEARCH_RESPONSE_TYPE = 'application/vnd.microsoft.search.searchResponse';

/**
 * Routes Teams (and Emulator) activities: messages and card actions go to the main dialog; the bot
 * greets people once per conversation when it is installed or added. State is saved at the end of
 * every turn.
 */
export class TeamsBot extends TeamsActivityHandler {
  private readonly runner: DialogRunner;
  private readonly welcomed: StatePropertyAccessor<boolean>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    mainDialog: Dialog,
    private readonly cards: CardRenderer,
    private readonly search: SubscriptionSearch,
  ) {
    super();
    this.runner = new DialogRunner(mainDialog, conversationState.createProperty<DialogState>('dialogState'));
    this.welcomed = conversationState.createProperty<boolean>('welcomed');

    this.onMembersAdded(async (context, next) => {
      const { membersAdded = [], recipient, conversation } = context.activity;
      const botAdded = membersAdded.some((m) => m.id === recipient.id);
      // In a channel or group chat, people joining later are not greeted: the card would go to all.
      const personal = (conversation.conversationType ?? 'personal') === 'personal';
      const userAdded = membersAdded.some((m) => m.id !== recipient.id);
      if (botAdded || (personal && userAdded)) await this.welcome(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  /**
   * A message goes to the main dialog. Overridden rather than registered with `onMessage`: the
   * handler chains botbuilder runs around registered handlers (for messages, then for dialogs)
   * would each hold a frame for the whole turn, with nothing else registered in them.
   */
  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    await this.runMainDialog(context);
  }

  /**
   * `Action.Execute` (Teams' Universal Actions): the click goes through the dialogs like a submit,
   * and the answer is the card that replaces the clicked one, or a short message.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    await this.runMainDialog(context);
    const response = cardResponseOf(context);
    if (response?.kind === 'card') {
      return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: response.card };
    }
    const text = response?.text ?? translatorOf(context)('dialogs:card.received');
    return { statusCode: 200, type: MESSAGE_RESPONSE_TYPE, value: text as unknown as Record<string, unknown> };
  }

  /**
   * A typeahead search is answered here, before any dialog: it is not an answer to the card's
   * question and must leave the conversation as it is. botbuilder's own handling refuses an empty
   * query, which Teams sends when the list opens; it gets the likeliest subscriptions.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== SEARCH_INVOKE) return super.onInvokeActivity(context);
    const results = await this.search.results(context, context.activity.value);
    return { status: 200, body: { statusCode: 200, type: SEARCH_RESPONSE_TYPE, value: { results } } };
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }

  private runMainDialog(context: TurnContext): Promise<void> {
    return this.runner.run(context);
  }

  /** Teams sends both `installationUpdate` and `conversationUpdate` on install: greet once. */
  private async welcome(context: TurnContext): Promise<void> {
    if (await this.welcomed.get(context, false)) return;
    await this.welcomed.set(context, true);
    await context.sendActivity({ attachments: [this.cards.render('welcome', {}, translatorOf(context))] });
  }
}
