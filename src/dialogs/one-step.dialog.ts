import type { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { FlowOptions } from './flow-result.js';

/** A task answered in one turn (view, reseller, history, help): a dialog so routing stays uniform. */
export abstract class OneStepDialog extends ComponentDialog {
  protected constructor(id: string) {
    super(id);
    this.addDialog(
      new WaterfallDialog(`${id}.steps`, [
        async (step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> => {
          await this.answer(step.context, step.options ?? {});
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = `${id}.steps`;
  }

  protected abstract answer(context: TurnContext, options: FlowOptions): Promise<void>;
}
