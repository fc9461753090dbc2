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
import { fail, ok, type Result } from '../domain/result.js';
import { identityOf, translatorOf, turnLogOf } from './turn-state.js';
import { AskPrompt, given, type Asked } from './ask.prompt.js';
import { errorKey } from '../i18n/domain-errors.js';
import type { Translator } from '../i18n/i18n.js';
import { commitChange, endStopped, say, summaryCard, type FlowDeps } from './flow-kit.js';
import { partnerLabel, type Fact } from './partner-views.js';
import { normalize } from '../nlu/normalize.js';

const DECLINED = { status: 'dialogs:offers.notAcceptedStatus', message: 'dialogs:offers.notAccepted', outcome: 'declined' };

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

  private async listStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const found = await this.deps.offers.pending(identityOf(context));
    if (!found.ok) {
      if (found.refusal === 'notAdmin') turnLogOf(context).outcome = 'refused';
      await say(context, found.refusal === 'tenantUnknown' ? errorKey('tenantUnknown') : `dialogs:offers.${found.refusal}`);
      return step.endDialog();
    }
    const pending = found.offers;
    await say(context, 'dialogs:offers.intro', { count: pending.length });
    if (pending.length === 1) return step.next(given(pending[0]!.id));
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
    const picked = step.result as Asked<string>;
    if (picked.cancelled) {
      await say(context, 'dialogs:common.cancelled');
      return step.endDialog();
    }
    const offer = (await this.deps.offers.pendingOffers(identityOf(context))).find((o) => o.id === picked.value);
    if (!offer) {
      await say(context, errorKey('offerNotPending'));
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
    const offer = await this.deps.offers.find(identityOf(context), offerId);
    const summary = summaryCard(this.deps, t, t('cards:offerTerms.title'), offer ? this.facts(context, offer) : []);
    if (asked.cancelled || !asked.value) return endStopped(step, this.deps, asked, summary, DECLINED);
    const result = await commitChange(context, this.deps, asked, summary, 'dialogs:offers.recordedStatus', () =>
      this.deps.offers.accept(identityOf(context), offerId, this.deps.clock()),
    );
    if (!result.ok) return step.endDialog();
    // Recorded here only: the partner is authorized from the link in its e-mail (the article's steps).
    const { offer: accepted, subscription } = result.value;
    await say(context, 'dialogs:offers.recorded', { partner: partnerLabel(t, accepted.partnerId, accepted.partnerName) });
    if (subscription && accepted.includes) {
      await say(context, `dialogs:offers.created.${accepted.includes.kind}`, { product: escapeMarkdown(subscription.name) });
    }
    await context.sendActivity({ attachments: [this.deps.cards.render('apply-steps', authorizeSteps(t, accepted), t)] });
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
    const pending = await this.deps.offers.pendingOffers(identityOf(context));
    if (answer.kind === 'card') {
      const id = answer.verb === Verbs.reviewOffer ? field(answer.data, 'offerId') : undefined;
      return pending.some((o) => o.id === id) ? ok(id!) : fail(errorKey('offerNotFound'));
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

/**
 * The `apply-steps` card of an accepted offer: the article's 21Vianet steps, from the partner's
 * e-mail to the authorization page (and the trial or purchase account the offer comes with). The
 * link is the e-mail's own, so the card has none.
 */
function authorizeSteps(t: Translator, offer: PartnerOffer): Record<string, unknown> {
  const steps = deferred(`cards:applySteps.steps.acceptOffer.${offer.includes?.kind ?? 'none'}`, {
    partner: partnerLabel(t, offer.partnerId, offer.partnerName),
    product: escapeMarkdown(offer.includes?.product ?? ''),
  });
  return { kind: 'acceptOffer', steps, open: '', link: '' };
}

/** What an offer comes with: a trial, a purchase, or the relationship alone. */
function includesText(offer: PartnerOffer): DeferredText {
  return offer.includes
    ? deferred(`cards:offers.includes.${offer.includes.kind}`, { product: escapeMarkdown(offer.includes.product) })
    : deferred('cards:offers.includes.none');
}
