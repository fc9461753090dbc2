import {
  ActivityTypes,
  Channels,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogState,
  type DialogStateManagerConfiguration,
} from 'botbuilder-dialogs';
import { ADAPTIVE_CARD_CONTENT_TYPE, type CardRenderer } from '../cards/render-card.js';
import { cardResponseOf, translatorOf } from './turn-state.js';

/** Where botbuilder-dialogs looks for its memory scopes before building them for the turn. */
const STATE_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * Routes Teams (and Emulator) activities: messages and card actions go to the main dialog; the bot
 * greets people once per conversation when it is installed or added. State is saved at the end of
 * every turn.
 */
export class TeamsBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly welcomed: StatePropertyAccessor<boolean>;
  /**
   * The dialogs' memory scopes, built on the first turn and given to every later one, as
   * botbuilder's DialogManager does: otherwise each turn builds them again (a service collection
   * and its schema checks), which cost more than routing the turn.
   */
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly userState: UserState,
    private readonly mainDialog: Dialog,
    private readonly cards: CardRenderer,
  ) {
    super();
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState')).add(mainDialog);
    this.welcomed = conversationState.createProperty<boolean>('welcomed');

    this.onMessage(async (context, next) => {
      await this.runMainDialog(context);
      await next();
    });

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
    return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as unknown as Record<string, unknown> };
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
    await this.userState.saveChanges(context, false);
  }

  /**
   * One turn of the main dialog: the active dialog continues, or the main dialog begins. This is
   * botbuilder's `runDialog` without what a skill or adaptive dialogs need, and with its state
   * snapshot sent only to the Emulator (whose inspector shows it): `runDialog` copies the whole
   * dialog memory into a trace on every turn, which other channels drop, or, with
   * `expectReplies`, hand back to the caller.
   */
  private async runMainDialog(context: TurnContext): Promise<void> {
    if (this.stateConfiguration) context.turnState.set(STATE_CONFIGURATION, this.stateConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.stateConfiguration ??= context.turnState.get(STATE_CONFIGURATION) as DialogStateManagerConfiguration | undefined;
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.mainDialog.id);
    if (context.activity.channelId === Channels.Emulator) await sendStateSnapshot(dc);
  }

  /** Teams sends both `installationUpdate` and `conversationUpdate` on install: greet once. */
  private async welcome(context: TurnContext): Promise<void> {
    if (await this.welcomed.get(context, false)) return;
    await this.welcomed.set(context, true);
    await context.sendActivity({ attachments: [this.cards.render('welcome', {}, translatorOf(context))] });
  }
}

/** The "Bot State" trace the Emulator's inspector shows: the memory of the innermost active dialog. */
async function sendStateSnapshot(dc: DialogContext): Promise<void> {
  let active = dc;
  while (active.child) active = active.child;
  await active.state.loadAllScopes();
  await dc.context.sendActivity({
    type: ActivityTypes.Trace,
    name: 'BotState',
    label: 'Bot State',
    valueType: 'https://www.botframework.com/schemas/botState',
    value: active.state.getMemorySnapshot(),
  });
}
