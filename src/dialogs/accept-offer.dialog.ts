import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { field, type Answer } from '../cards/card-answer.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { deferred, type DeferredText } from '../cards/render-card.js';
import { Verbs } from '../cards/verbs.js';
import type { PartnerOffer } from '../domain/model.js';
import { addMethod } from '../domain/relationship.js';
import { fail, ok, type Result } from '../domain/result.js';
import { identityOf, translatorOf, turnLogOf } from '../bot/turn-state.js';
import { AskPrompt, type Asked } from './ask.prompt.js';
import { commitChange, knownTenant, partnerLabel, say, type Fact, type FlowDeps, type SummaryCard } from './flow-kit.js';
import { normalize } from '../nlu/normalize.js';

interface OfferState {
  offerId?: string;
}

/**
 * Office 365 operated by 21Vianet: the partner starts by sending an offer; the admin reads its
 * terms, answers Yes to authorize the partner as delegated admin, then Next. An offer that comes
 * with a trial or a purchase creates that subscription.
 */
export class AcceptOfferDialog extends ComponentDialog {
  static readonly id = 'AcceptOfferDialog';

  constructor(private readonly deps: FlowDeps) {
    super(AcceptOfferDialog.id);
    this.addDialog(new AskPrompt(`${AcceptOfferDialog.id}.pick`, deps.cards, (a, c) => this.checkPick(a, c)));
    this.addDialog(new AskPrompt(`${AcceptOfferDialog.id}.terms`, deps.cards, async (a) => this.checkTerms(a)));
    this.addDialog(
      new WaterfallDialog(`${AcceptOfferDialog.id}.steps`, [
        this.listStep.bind(this),
        this.termsStep.bind(this),
        this.answerStep.bind(this),
      ]),
    );
    this.initialDialogId = `${AcceptOfferDialog.id}.steps`;
  }

  private async pending(context: TurnContext): Promise<PartnerOffer[]> {
    const offers = await this.deps.repository.listOffers(identityOf(context).tenantId);
    return offers.filter((o) => o.status === 'pending');
  }

  private async listStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const { tenantId, userId } = identityOf(context);
    const { repository } = this.deps;
    const tenant = await knownTenant(context, repository);
    if (!tenant) return step.endDialog();
    if (addMethod(tenant.cloud) !== 'partnerOffer') {
      await say(context, 'dialogs:offers.worldwide');
      return step.endDialog();
    }
    if (!(await this.deps.access.canChangePartners(identityOf(context)))) {
      turnLogOf(context).outcome = 'refused';
      await say(context, 'dialogs:offers.notAdmin');
      return step.endDialog();
    }
    const pending = await this.pending(context);
    if (pending.length === 0) {
      await say(context, 'dialogs:offers.none');
      return step.endDialog();
    }
    await say(context, 'dialogs:offers.intro', { count: pending.length });
    if (pending.length === 1) return step.next(pending[0]!.id);
    const t = translatorOf(context);
    const offers = pending.map((o) => ({
      offerId: o.id,
      partner: partnerLabel(t, o.partnerId, o.partnerName),
      includes: includesText(o),
    }));
    return step.beginDialog(`${AcceptOfferDialog.id}.pick`, { view: { card: 'offers', data: { offers } } });
  }

  private async termsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const picked = step.result as Asked<string> | string;
    if (typeof picked !== 'string' && picked.cancelled) {
      await say(context, 'dialogs:common.cancelled');
      return step.endDialog();
    }
    const offerId = typeof picked === 'string' ? picked : picked.value;
    const offer = (await this.pending(context)).find((o) => o.id === offerId);
    if (!offer) {
      await say(context, 'errors:offer.notPending');
      return step.endDialog();
    }
    (step.values as OfferState).offerId = offer.id;
    const t = translatorOf(context);
    return step.beginDialog(`${AcceptOfferDialog.id}.terms`, {
      view: {
        card: 'offer-terms',
        data: { partner: partnerLabel(t, offer.partnerId, offer.partnerName), facts: this.facts(context, offer) },
      },
    });
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const asked = step.result as Asked<boolean>;
    const t = translatorOf(context);
    const offerId = (step.values as OfferState).offerId ?? '';
    const offer = (await this.deps.repository.listOffers(identityOf(context).tenantId)).find((o) => o.id === offerId);
    const summary: SummaryCard = (status, color) =>
      this.deps.cards.render(
        'summary',
        { title: t('cards:offerTerms.title'), facts: offer ? this.facts(context, offer) : [], status, color },
        t,
      );
    if (asked.cancelled || !asked.value) {
      turnLogOf(context).outcome = 'declined';
      await this.deps.cardUpdater.replace(context, asked, summary(t('dialogs:offers.notAcceptedStatus'), 'default'));
      await say(context, 'dialogs:offers.notAccepted');
      return step.endDialog();
    }
    const result = await commitChange(context, this.deps, asked, summary, () =>
      this.deps.offers.accept(identityOf(context), offerId, this.deps.clock()),
    );
    if (!result.ok) return step.endDialog();
    const accepted = result.value;
    await say(context, 'dialogs:offers.accepted', { partner: partnerLabel(t, accepted.offer.partnerId, accepted.offer.partnerName) });
    if (accepted.subscription && accepted.offer.includes) {
      await say(context, `dialogs:offers.created.${accepted.offer.includes.kind}`, { product: escapeMarkdown(accepted.subscription.name) });
    }
    return step.endDialog();
  }

  private facts(context: TurnContext, offer: PartnerOffer): Fact[] {
    const t = translatorOf(context);
    return [
      { title: deferred('cards:facts.partner'), value: partnerLabel(t, offer.partnerId, offer.partnerName) },
      { title: deferred('cards:facts.includes'), value: includesText(offer) },
    ];
  }

  private async checkPick(answer: Answer, context: TurnContext): Promise<Result<string, string>> {
    const pending = await this.pending(context);
    if (answer.kind === 'card') {
      const id = answer.verb === Verbs.reviewOffer ? field(answer.data, 'offerId') : undefined;
      return pending.some((o) => o.id === id) ? ok(id!) : fail('errors:offer.notFound');
    }
    const typed = normalize(answer.text);
    const byNumber = /^\d{1,2}$/.test(typed) ? pending[Number(typed) - 1] : undefined;
    const byName = pending.filter((o) => normalize(o.partnerName).includes(typed) || o.partnerId === typed);
    const found = byNumber ?? (byName.length === 1 ? byName[0] : undefined);
    return found ? ok(found.id) : fail('dialogs:offers.whichOne');
  }

  private checkTerms(answer: Answer): Result<boolean, string> {
    if (answer.kind === 'card') {
      if (answer.verb !== Verbs.offerNext) return fail('dialogs:confirm.useButtons');
      const authorize = field(answer.data, 'authorize');
      return authorize === 'yes' ? ok(true) : authorize === 'no' ? ok(false) : fail('dialogs:offers.chooseYesNo');
    }
    const yes = this.deps.recognizer.yesNo(answer.text);
    return yes === undefined ? fail('dialogs:offers.chooseYesNo') : ok(yes);
  }
}

/** What an offer comes with: a trial, a purchase, or the relationship alone. */
function includesText(offer: PartnerOffer): DeferredText {
  return offer.includes
    ? deferred(`cards:offers.includes.${offer.includes.kind}`, { product: escapeMarkdown(offer.includes.product) })
    : deferred('cards:offers.includes.none');
}
