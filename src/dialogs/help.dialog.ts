import type { TurnContext } from 'botbuilder';
import { linksFor } from '../domain/links.js';
import { identityOf, translatorOf } from './turn-state.js';
import type { FlowDeps } from './flow-kit.js';
import { OneStepDialog } from './one-step.dialog.js';

/** What the bot can do, the article's "before you begin" advice and related links, per cloud. */
export class HelpDialog extends OneStepDialog {
  static readonly id = 'HelpDialog';

  constructor(private readonly deps: FlowDeps) {
    super(HelpDialog.id);
  }

  protected async answer(context: TurnContext): Promise<void> {
    await context.sendActivity({ attachments: [await helpCard(context, this.deps)] });
  }
}

/** The help card, also sent when "help" interrupts a task. */
export async function helpCard(context: TurnContext, deps: Pick<FlowDeps, 'organisation' | 'cards'>) {
  const cloud = await deps.organisation.cloudOf(identityOf(context));
  const links = linksFor(cloud);
  return deps.cards.render(
    'help',
    { cloud, findYourPartner: links.findYourPartner, planYourSetup: links.planYourSetup },
    translatorOf(context),
  );
}
