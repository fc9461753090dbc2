import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { FlowOptions } from './flow-result.js';

/**
 * A task answered in one turn (view, reseller, history, help): a dialog so routing stays uniform.
 * A plain `Dialog`, not a component with a one-step waterfall: each of those would build two more
 * dialog contexts (each with its own memory scopes) on every turn that shows it, for nothing.
 */
export abstract class OneStepDialog extends Dialog<FlowOptions> {
  protected constructor(id: string) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: FlowOptions): Promise<DialogTurnResult> {
    await this.answer(dc.context, options ?? {});
    return dc.endDialog();
  }

  protected abstract answer(context: TurnContext, options: FlowOptions): Promise<void>;
}
