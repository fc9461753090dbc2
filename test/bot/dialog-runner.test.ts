import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { ComponentDialog, DialogSet, runDialog, TextPrompt, WaterfallDialog, type DialogState } from 'botbuilder-dialogs';
import sinon from 'sinon';
import { DialogRunner, STATE_CONFIGURATION } from '../../src/bot/dialog-runner.js';

/** A root dialog that asks one question and echoes the answer. */
class AskDialog extends ComponentDialog {
  constructor() {
    super('AskDialog');
    this.addDialog(new TextPrompt('ask'));
    this.addDialog(
      new WaterfallDialog('steps', [
        async (step) => step.prompt('ask', 'name?'),
        async (step) => {
          await step.context.sendActivity(`hello ${String(step.result)}`);
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = 'steps';
  }
}

/** Replies of a two-turn conversation run by `run`, on `channelId`. */
async function converse(channelId: string, run: (context: TurnContext, state: ConversationState) => Promise<void>): Promise<Array<Partial<Activity>>> {
  const state = new ConversationState(new MemoryStorage());
  const replies: Array<Partial<Activity>> = [];
  const adapter = new TestAdapter(
    async (context) => {
      await run(context, state);
      await state.saveChanges(context);
    },
    { channelId },
    true, // keep trace activities
  );
  const turn = async (text: string) => {
    await adapter.send(text).startTest();
    replies.push(...adapter.activeQueue.splice(0));
  };
  await turn('hi');
  await turn('Megan');
  return replies;
}

// DialogRunner replaces botbuilder's runDialog to save two costs; these tests pin what it relies
// on in botbuilder-dialogs 4.23, so an upgrade that changes it fails here first.
describe('DialogRunner (runDialog without the per-turn state trace)', () => {
  afterEach(() => sinon.restore());

  it('botbuilder-dialogs still keeps its memory scopes under the turn-state key the runner reuses', async () => {
    const state = new ConversationState(new MemoryStorage());
    const adapter = new TestAdapter(async (context) => {
      await new DialogSet(state.createProperty<DialogState>('dialogState')).add(new AskDialog()).createContext(context);
      assert.ok(context.turnState.get(STATE_CONFIGURATION), `botbuilder-dialogs no longer sets "${STATE_CONFIGURATION}"`);
    });
    await adapter.send('hi').startTest();
  });

  it("botbuilder's runDialog still sends the state trace on every turn of every channel (so the runner is still worth it)", async () => {
    const replies = await converse('msteams', (context, state) => runDialog(new AskDialog(), context, state.createProperty<DialogState>('dialogState')));
    assert.equal(replies.filter((r) => r.type === 'trace' && r.name === 'BotState').length, 2);
  });

  it('runs the dialog as runDialog does, the trace going to the Emulator only', async () => {
    const runOn = (channelId: string) => {
      const runners = new WeakMap<ConversationState, DialogRunner>();
      return converse(channelId, (context, state) => {
        const runner = runners.get(state) ?? new DialogRunner(new AskDialog(), state.createProperty<DialogState>('dialogState'));
        runners.set(state, runner);
        return runner.run(context);
      });
    };
    const teams = await runOn('msteams');
    assert.deepEqual(teams.map((r) => r.text), ['name?', 'hello Megan']);
    const emulator = await runOn('emulator');
    assert.deepEqual(emulator.filter((r) => r.type === 'message').map((r) => r.text), ['name?', 'hello Megan']);
    assert.equal(emulator.filter((r) => r.type === 'trace' && r.name === 'BotState').length, 2);
  });

  it('leaves no dialog state once no dialog runs: a one-turn answer writes no conversation state', async () => {
    const storage = new MemoryStorage();
    const write = sinon.spy(storage, 'write');
    const state = new ConversationState(storage);
    const accessor = state.createProperty<DialogState>('dialogState');
    const oneTurn = new WaterfallDialog('oneTurn', [
      async (step) => {
        await step.context.sendActivity('done');
        return step.endDialog();
      },
    ]);
    const runners = { oneTurn: new DialogRunner(oneTurn, accessor), ask: new DialogRunner(new AskDialog(), accessor) };
    let use: keyof typeof runners = 'oneTurn';
    const adapter = new TestAdapter(async (context) => {
      await runners[use].run(context);
      await state.saveChanges(context);
    });
    await adapter.send('hi').assertReply('done').startTest();
    assert.equal(write.callCount, 0);

    use = 'ask';
    await adapter.send('hi').assertReply('name?').startTest();
    assert.equal(write.callCount, 1, 'a dialog waiting for an answer is saved');
    await adapter.send('Megan').assertReply('hello Megan').startTest();
    assert.equal(write.callCount, 2, 'the finished dialog is removed from the stored state');
    const stored = Object.values(await storage.read([`test/conversations/${adapter.conversation.conversation.id}/`]));
    assert.deepEqual(stored.map((item) => Object.keys(item as object).filter((k) => k !== 'eTag')), [[]]);
  });
});
