import { ActivityTypes, Channels, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogState,
  type DialogStateManagerConfiguration,
} from 'botbuilder-dialogs';

/**
 * Where botbuilder-dialogs looks for its memory scopes before building them for the turn
 * (`DialogContext`'s constructor reads it from the turn state). `test/bot/dialog-runner.test.ts`
 * fails if a botbuilder upgrade renames it.
 */
export const STATE_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * Runs a root dialog for a turn: the active dialog continues, or the root begins. This is
 * botbuilder's `runDialog` without what a skill or adaptive dialogs need, for two measured costs:
 * `runDialog` copies the whole dialog memory into a "Bot State" trace on every turn (which other
 * channels than the Emulator drop, or, with `expectReplies`, hand back to the caller), and builds
 * the dialogs' memory scopes again each turn (a service collection and its schema checks, more
 * than routing the turn costs). Here the trace goes to the Emulator only, and the scopes are built
 * once, as botbuilder's DialogManager does.
 *
 * A turn that leaves no dialog running also leaves no dialog state: an empty stack is what a
 * missing one means, and dropping it spares a one-turn request ("show my partners") the write of
 * a conversation state that would hold nothing else.
 */
export class DialogRunner {
  private readonly dialogs: DialogSet;
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(
    private readonly root: Dialog,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
  ) {
    this.dialogs = new DialogSet(dialogState).add(root);
  }

  async run(context: TurnContext): Promise<void> {
    if (this.stateConfiguration) context.turnState.set(STATE_CONFIGURATION, this.stateConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.stateConfiguration ??= context.turnState.get(STATE_CONFIGURATION) as DialogStateManagerConfiguration | undefined;
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.root.id);
    if (context.activity.channelId === Channels.Emulator) await sendStateSnapshot(dc);
    if (dc.stack.length === 0) await this.dialogState.delete(context);
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
