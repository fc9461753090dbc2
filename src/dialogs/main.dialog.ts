import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { CardRenderer } from '../cards/render-card.js';
import { Verbs } from '../cards/verbs.js';
import { translatorOf, turnLogOf } from '../bot/turn-state.js';

const HELP_WORDS = /^\s*(help|aide|\?)\s*[.!?]*\s*$/i;

/** The top-level conversation: help on request, the menu card otherwise. */
export class MainDialog extends ComponentDialog {
  static readonly id = 'MainDialog';

  constructor(private readonly cards: CardRenderer) {
    super(MainDialog.id);
    this.addDialog(new WaterfallDialog(`${MainDialog.id}.waterfall`, [this.routeStep.bind(this)]));
    this.initialDialogId = `${MainDialog.id}.waterfall`;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { activity } = step.context;
    const t = translatorOf(step.context);
    const value = activity.value as { verb?: unknown; intent?: unknown } | undefined;
    const asksHelp =
      HELP_WORDS.test(activity.text ?? '') || (value?.verb === Verbs.start && value.intent === 'help');
    turnLogOf(step.context).intent = asksHelp ? 'help' : 'menu';
    if (asksHelp) await step.context.sendActivity(t('common:help.text'));
    else await step.context.sendActivity({ attachments: [this.cards.render('welcome', {}, t)] });
    return step.endDialog();
  }
}
