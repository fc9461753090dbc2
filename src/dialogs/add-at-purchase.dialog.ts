import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { field } from '../cards/card-answer.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { Verbs } from '../cards/verbs.js';
import { linksFor } from '../domain/links.js';
import { parsePartnerId } from '../domain/partner-id.js';
import { withErrorKey } from '../i18n/domain-errors.js';
import { addMethod } from '../domain/relationship.js';
import { fail } from '../domain/result.js';
import { identityOf } from '../bot/turn-state.js';
import { AskPrompt, type Asked } from './ask.prompt.js';
import { say, type FlowDeps } from './flow-kit.js';
import type { FlowOptions, FlowResult } from './flow-result.js';

/**
 * Adding a partner at the time of purchase happens in the admin center's checkout: the bot gives
 * the article's steps with their links, the way to find a partner, and checks the Partner ID the
 * admin will type there. In a 21Vianet tenant, it explains that the partner starts it.
 */
export class AddAtPurchaseDialog extends ComponentDialog {
  static readonly id = 'AddAtPurchaseDialog';

  constructor(private readonly deps: FlowDeps) {
    super(AddAtPurchaseDialog.id);
    this.addDialog(
      new AskPrompt(`${AddAtPurchaseDialog.id}.partnerId`, deps.cards, async (answer) => {
        if (answer.kind === 'text') return withErrorKey(parsePartnerId(answer.text));
        if (answer.verb !== Verbs.checkPartnerId) return fail('dialogs:common.typeAnswer');
        return withErrorKey(parsePartnerId(field(answer.data, 'partnerId') ?? ''));
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${AddAtPurchaseDialog.id}.steps`, [
        this.guideStep.bind(this),
        this.checkedStep.bind(this),
      ]),
    );
    this.initialDialogId = `${AddAtPurchaseDialog.id}.steps`;
  }

  private async guideStep(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const { context } = step;
    const cloud = (await this.deps.repository.getTenant(identityOf(context).tenantId))?.cloud ?? 'worldwide';
    if (addMethod(cloud) === 'partnerOffer') {
      await say(context, 'dialogs:purchase.partnerInitiated');
      const next: FlowResult = { next: { intent: 'acceptOffer' } };
      return step.endDialog(next);
    }
    const given = step.options?.partnerId;
    if (given !== undefined && parsePartnerId(given).ok) return step.next(given);
    const links = linksFor(cloud);
    return step.beginDialog(`${AddAtPurchaseDialog.id}.partnerId`, {
      view: {
        card: 'purchase',
        data: { purchaseLink: links.purchaseServices ?? links.products, findPartnerLink: links.findPartner ?? links.findYourPartner },
      },
    });
  }

  private async checkedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const result = step.result as Asked<string> | string;
    if (typeof result !== 'string' && result.cancelled) {
      await say(context, 'dialogs:common.cancelled');
      return step.endDialog();
    }
    const partnerId = typeof result === 'string' ? result : result.value;
    const partner = await this.deps.repository.findPartner(partnerId);
    await say(context, partner ? 'dialogs:purchase.idKnown' : 'dialogs:purchase.idValid', {
      name: partner ? escapeMarkdown(partner.name) : '',
      id: partnerId,
    });
    return step.endDialog();
  }
}
