import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  DialogTurnStatus,
  type DialogContext,
  type DialogReason,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { answerOf, field } from '../cards/card-answer.js';
import { Verbs } from '../cards/verbs.js';
import type { Texts } from '../i18n/i18n.js';
import { LOCALES, type Locale } from '../i18n/resolve-locale.js';
import { INTENTS, TASK_INTENTS, type Intent } from '../nlu/recognizer.js';
import type { Served } from '../services/organisation.js';
import { identityOf, setTranslator, translatorOf, turnLogOf } from './turn-state.js';
import { AcceptOfferDialog } from './accept-offer.dialog.js';
import { AddAtPurchaseDialog } from './add-at-purchase.dialog.js';
import { AddPartnerDialog } from './add-partner.dialog.js';
import { tell } from './ask.prompt.js';
import { ChangePartnerDialog } from './change-partner.dialog.js';
import { say, type FlowDeps } from './flow-kit.js';
import type { FlowOptions, FlowResult } from './flow-result.js';
import { helpCard, HelpDialog } from './help.dialog.js';
import { HistoryDialog } from './history.dialog.js';
import { RemovePartnerDialog } from './remove-partner.dialog.js';
import { RemoveResellerDialog } from './remove-reseller.dialog.js';
import { ViewRelationshipsDialog } from './view-relationships.dialog.js';

export interface MainDeps extends FlowDeps {
  readonly texts: Texts;
  /** The language the user chose by saying "English" or « français », kept in user state. */
  readonly chosenLocale: StatePropertyAccessor<Locale | undefined>;
}

type RouteOptions = FlowOptions & { readonly intent?: Intent };

const FLOWS: Partial<Record<Intent, string>> = {
  addPartner: AddPartnerDialog.id,
  changePartner: ChangePartnerDialog.id,
  removePartner: RemovePartnerDialog.id,
  viewRelationships: ViewRelationshipsDialog.id,
  removeReseller: RemoveResellerDialog.id,
  addAtPurchase: AddAtPurchaseDialog.id,
  acceptOffer: AcceptOfferDialog.id,
  history: HistoryDialog.id,
  help: HelpDialog.id,
};

const ROUTE = `MainDialog.route`;

/**
 * Routes one request, then hands over to the task it names, and to the next task if that one
 * asks for it. A plain `Dialog` rather than a two-step waterfall: each waterfall step builds a
 * dialog context of its own (with its memory scopes) on every turn, which routing has no use for.
 * It never waits: it either starts a task or ends in the turn it began.
 */
class RouteDialog extends Dialog<RouteOptions> {
  constructor(
    private readonly route: (dc: DialogContext, options: RouteOptions) => Promise<DialogTurnResult>,
    private readonly followUp: (dc: DialogContext, result: unknown) => Promise<DialogTurnResult>,
  ) {
    super(ROUTE);
  }

  override beginDialog(dc: DialogContext, options?: RouteOptions): Promise<DialogTurnResult> {
    return this.route(dc, options ?? {});
  }

  override continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return dc.endDialog();
  }

  override resumeDialog(dc: DialogContext, _reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    return this.followUp(dc, result);
  }
}

/**
 * The top of every conversation: understands what the admin asks (text or a card's button) and
 * starts the task. While a task runs, "help" shows help and asks the same question again, "cancel"
 * ends it, "English" / « français » switches language and asks again in it, and asking for another
 * task switches to that task.
 */
export class MainDialog extends ComponentDialog {
  static readonly id = 'MainDialog';

  constructor(private readonly deps: MainDeps) {
    super(MainDialog.id);
    this.addDialog(new AddPartnerDialog(deps));
    this.addDialog(new ChangePartnerDialog(deps));
    this.addDialog(new RemovePartnerDialog(deps));
    this.addDialog(new ViewRelationshipsDialog(deps));
    this.addDialog(new RemoveResellerDialog(deps));
    this.addDialog(new AddAtPurchaseDialog(deps));
    this.addDialog(new AcceptOfferDialog(deps));
    this.addDialog(new HistoryDialog(deps));
    this.addDialog(new HelpDialog(deps));
    this.addDialog(new RouteDialog(this.route.bind(this), this.followUp.bind(this)));
    this.initialDialogId = ROUTE;
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return (await this.interrupt(innerDc)) ?? super.onContinueDialog(innerDc);
  }

  /** Handles what may be said at any step; undefined lets the current question have the answer. */
  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    const answer = answerOf(context.activity);
    if (answer?.kind === 'card') {
      if (answer.verb !== Verbs.start) return undefined;
      await innerDc.cancelAllDialogs();
      return innerDc.beginDialog(ROUTE);
    }
    if (!answer) return undefined;
    const recognized = this.deps.recognizer.recognize(answer.text);
    // Only a clear request interrupts, one the phrase rules give too: an answer to the question
    // ("no", "the E3 one") must reach it, whatever the classifier makes of it out of context.
    if (recognized.intent !== 'switchLanguage' && this.deps.recognizer.ruleIntent(answer.text) !== recognized.intent) return undefined;
    switch (recognized.intent) {
      case 'cancel':
        turnLogOf(context).intent = 'cancel';
        await innerDc.cancelAllDialogs();
        await say(context, 'dialogs:common.cancelled');
        return { status: DialogTurnStatus.cancelled };
      case 'help':
        turnLogOf(context).intent = 'help';
        await context.sendActivity({ attachments: [await helpCard(context, this.deps)] });
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      case 'switchLanguage':
        turnLogOf(context).intent = 'switchLanguage';
        await this.switchLanguage(context, recognized.language ?? otherLanguage(translatorOf(context).locale));
        await innerDc.repromptDialog();
        return { status: DialogTurnStatus.waiting };
      default:
        if (!TASK_INTENTS.includes(recognized.intent)) return undefined;
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(ROUTE);
    }
  }

  private async route(dc: DialogContext, options: RouteOptions): Promise<DialogTurnResult> {
    const { context } = dc;
    let intent = options.intent;
    let partnerId = options.partnerId;
    let said: string | undefined;
    if (!intent) {
      const answer = answerOf(context.activity);
      if (answer?.kind === 'card') {
        const asked = field(answer.data, 'intent');
        if (answer.verb !== Verbs.start || !INTENTS.includes(asked as Intent)) {
          // A button of a card whose task is over (already used, cancelled, or from an old chat).
          turnLogOf(context).outcome = 'staleCard';
          await tell(context, answer, 'dialogs:card.notCurrent');
          return dc.endDialog();
        }
        intent = asked as Intent;
      } else {
        const recognized = this.deps.recognizer.recognize(answer?.text ?? '');
        intent = recognized.intent;
        partnerId = recognized.partnerId;
        said = answer?.text;
        if (recognized.unsure?.length) {
          turnLogOf(context).intent = 'unsure';
          const t = translatorOf(context);
          const choices = recognized.unsure.map((task) => ({ intent: task, title: t(`cards:didYouMean.task.${task}`) }));
          await context.sendActivity({ attachments: [this.deps.cards.render('did-you-mean', { choices }, t)] });
          return dc.endDialog();
        }
        if (intent === 'switchLanguage') {
          turnLogOf(context).intent = intent;
          await this.switchLanguage(context, recognized.language ?? otherLanguage(translatorOf(context).locale));
          return dc.endDialog();
        }
      }
    }
    turnLogOf(context).intent = intent;
    const who = identityOf(context);
    if (intent === 'refresh') {
      const read = await this.deps.organisation.refresh(who);
      if (!read.ok) await this.notServed(context, read);
      else if (read.value === undefined) await say(context, 'dialogs:organisation.seeded');
      else await say(context, 'dialogs:organisation.refreshed', { count: read.value.subscriptions, active: read.value.active });
      return dc.endDialog();
    }
    const flow = FLOWS[intent];
    if (flow && intent !== 'help') {
      // The organisation is read from Microsoft 365 on its first request, and again once old.
      const served = await this.deps.organisation.ready(who);
      if (!served.ok) {
        await this.notServed(context, served);
        return dc.endDialog();
      }
    }
    if (flow) {
      const flowOptions: FlowOptions = {
        ...(partnerId ? { partnerId } : {}),
        ...(options.subscriptionId ? { subscriptionId: options.subscriptionId } : {}),
        ...(said ? { said } : {}),
      };
      return dc.beginDialog(flow, flowOptions);
    }
    if (intent === 'cancel') {
      await say(context, 'dialogs:common.nothingToCancel');
      return dc.endDialog();
    }
    await say(context, 'dialogs:main.notUnderstood');
    await context.sendActivity({ attachments: [this.deps.cards.render('welcome', {}, translatorOf(context))] });
    return dc.endDialog();
  }

  /** Why the organisation cannot be served: consent to give (and where), or Microsoft 365 out of reach. */
  private async notServed(context: TurnContext, served: Exclude<Served<unknown>, { ok: true }>): Promise<void> {
    turnLogOf(context).outcome = served.reason;
    if (served.reason === 'noConsent') {
      const t = translatorOf(context);
      await say(context, 'dialogs:organisation.noConsent', { link: served.consentUrl, permissions: t('dialogs:organisation.permissions') });
      return;
    }
    await say(context, `dialogs:organisation.${served.reason}`);
  }

  private async followUp(dc: DialogContext, result: unknown): Promise<DialogTurnResult> {
    const next = (result as FlowResult | undefined)?.next;
    return next ? dc.replaceDialog(ROUTE, next) : dc.endDialog();
  }

  private async switchLanguage(context: TurnContext, language: Locale): Promise<void> {
    await this.deps.chosenLocale.set(context, language);
    setTranslator(context, this.deps.texts.translator(language));
    await say(context, 'dialogs:language.switched');
  }
}

/** "change language" names none: the one the user is not reading. */
function otherLanguage(locale: Locale): Locale {
  return LOCALES.find((l) => l !== locale) ?? locale;
}
