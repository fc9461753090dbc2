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
import { withErrorKey } from '../i18n/domain-errors.js';
import type { PartnerRef } from '../services/partner-changes.js';
import { addMethod } from '../domain/relationship.js';
import { fail } from '../domain/result.js';
import { identityOf } from './turn-state.js';
import { AskPrompt, given, type Asked } from './ask.prompt.js';
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
        if (answer.kind === 'text') return withErrorKey(await deps.purchase.checkPartnerId(answer.text));
        if (answer.verb !== Verbs.checkPartnerId) return fail('dialogs:common.typeAnswer');
        return withErrorKey(await deps.purchase.checkPartnerId(field(answer.data, 'partnerId') ?? ''));
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
    const cloud = await this.deps.organisation.cloudOf(identityOf(context));
    if (addMethod(cloud) === 'partnerOffer') {
      await say(context, 'dialogs:purchase.partnerInitiated');
      const next: FlowResult = { next: { intent: 'acceptOffer' } };
      return step.endDialog(next);
    }
    const known = step.options?.partnerId === undefined ? undefined : await this.deps.purchase.checkPartnerId(step.options.partnerId);
    if (known?.ok) return step.next(given(known.value));
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
    const result = step.result as Asked<PartnerRef>;
    if (result.cancelled) {
      await say(context, 'dialogs:common.cancelled');
      return step.endDialog();
    }
    const partner = result.value;
    await say(context, partner.name ? 'dialogs:purchase.idKnown' : 'dialogs:purchase.idValid', {
      name: partner.name ? escapeMarkdown(partner.name) : '',
      id: partner.id,
    });
    return step.endDialog();
  }
}
