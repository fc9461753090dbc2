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
import { linksFor } from '../domain/links.js';
import type { PartnerChangeKind } from '../domain/partner-change.js';
import { fail, ok, type Result } from '../domain/result.js';
import { errorKey, withErrorKey } from '../i18n/domain-errors.js';
import type { Translator } from '../i18n/i18n.js';
import type { PartnerRef, Started, SubscriptionView } from '../services/partner-changes.js';
import { identityOf, translatorOf, turnLogOf } from './turn-state.js';
import { AskPrompt, given, type Asked } from './ask.prompt.js';
import { commitChange, partnerLabel, say, type Fact, type FlowDeps, type SummaryCard } from './flow-kit.js';
import { matchSubscription } from './subscription-match.js';
import type { FlowOptions, FlowResult } from './flow-result.js';

/** What the steps know so far; plain data, kept in the dialog state between turns. */
interface ChangeState {
  subscription?: SubscriptionView;
  partnerId?: string;
  /** The partner the change sets, as the confirmation showed it. */
  next?: PartnerRef & { known: boolean };
}

/**
 * Add, change or remove the partner of record of one subscription: choose the subscription (card
 * or typed name), type the Partner ID (add, change), confirm on a card or by typing. Each step asks
 * the partner-changes service and shows its answer; the service checks everything again when the
 * change is applied. The three flows share these steps; each subclass names its kind.
 */
export abstract class PartnerChangeDialog extends ComponentDialog {
  private readonly pickId: string;
  private readonly partnerIdPromptId: string;
  private readonly confirmId: string;

  protected constructor(
    id: string,
    private readonly kind: PartnerChangeKind,
    private readonly deps: FlowDeps,
  ) {
    super(id);
    this.pickId = `${id}.pick`;
    this.partnerIdPromptId = `${id}.partnerId`;
    this.confirmId = `${id}.confirm`;
    this.addDialog(new AskPrompt(this.pickId, deps.cards, (a, c) => this.checkPick(a, c), (c) => this.pickData(c)));
    this.addDialog(
      new AskPrompt(this.partnerIdPromptId, deps.cards, async (a, _c, known) =>
        a.kind === 'text' ? this.checkPartnerId(a.text, known.current) : fail('dialogs:common.typeAnswer'),
      ),
    );
    this.addDialog(new AskPrompt(this.confirmId, deps.cards, (a) => this.checkConfirm(a)));
    this.addDialog(
      new WaterfallDialog(`${id}.steps`, [
        this.chooseSubscriptionStep.bind(this),
        this.askPartnerIdStep.bind(this),
        this.confirmStep.bind(this),
        this.applyStep.bind(this),
      ]),
    );
    this.initialDialogId = `${id}.steps`;
  }

  private state(step: WaterfallStepContext): ChangeState {
    return step.values as ChangeState;
  }

  private async chooseSubscriptionStep(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const started = await this.deps.changes.start(identityOf(step.context), this.kind);
    if (!started.ok) return this.refuseStart(step, started);
    this.state(step).partnerId = step.options?.partnerId;
    const preset = step.options?.subscriptionId;
    if (preset !== undefined && started.candidates.some((s) => s.id === preset)) return step.next(given(preset));
    return step.beginDialog(this.pickId, { view: { card: 'pick-subscription', data: {} } });
  }

  private async refuseStart(step: WaterfallStepContext, started: Extract<Started, { ok: false }>): Promise<DialogTurnResult> {
    const { context } = step;
    const { refusal, cloud = 'worldwide' } = started;
    if (refusal === 'tenantUnknown') await say(context, errorKey('tenantUnknown'));
    if (refusal === 'none') await say(context, `dialogs:${this.kind}Partner.none`);
    if (refusal === 'partnerInitiated') {
      await say(context, 'dialogs:addPartner.partnerInitiated');
      const next: FlowResult = { next: { intent: 'acceptOffer' } };
      return step.endDialog(next);
    }
    if (refusal === 'notAdmin') {
      const page = translatorOf(context)(`dialogs:common.productsPage.${cloud}`);
      await say(context, `dialogs:${this.kind}Partner.notAdmin`, { page, link: linksFor(cloud).products });
      turnLogOf(context).outcome = 'refused';
    }
    return step.endDialog();
  }

  /** The subscription card's choices, read when it is drawn: current partners, reader's language. */
  private async pickData(context: TurnContext): Promise<Record<string, unknown>> {
    const t = translatorOf(context);
    const candidates = await this.deps.changes.candidates(identityOf(context), this.kind);
    const choices = candidates.map((s) => ({ title: subscriptionLine(t, s), value: s.id }));
    return { kind: this.kind, choices, choiceStyle: choices.length > 5 ? 'compact' : 'expanded' };
  }

  private async askPartnerIdStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const picked = step.result as Asked<string>;
    if (picked.cancelled) return this.cancelTask(step, picked);
    const { context } = step;
    const t = translatorOf(context);
    const chosen = await this.deps.changes.choose(identityOf(context), this.kind, picked.value);
    await this.closePick(context, picked, chosen.ok ? chosen.value.subscription.name : undefined);
    if (!chosen.ok) {
      await say(context, errorKey(chosen.error));
      return step.endDialog();
    }
    const { subscription, handOff } = chosen.value;
    const state = this.state(step);
    state.subscription = subscription;
    if (handOff) {
      await say(context, 'dialogs:addPartner.alreadyHasPartner', {
        subscription: escapeMarkdown(subscription.name),
        partner: label(t, subscription.partner),
      });
      const next: FlowResult = {
        next: { intent: 'changePartner', subscriptionId: subscription.id, ...(state.partnerId ? { partnerId: state.partnerId } : {}) },
      };
      return step.endDialog(next);
    }
    if (this.kind === 'remove') return step.next(given(undefined));
    if (state.partnerId !== undefined) {
      const checked = this.deps.changes.checkPartnerId(this.kind, state.partnerId, subscription.partner?.id);
      if (checked.ok) return step.next(given(checked.value));
      await say(context, errorKey(checked.error));
    }
    return step.beginDialog(this.partnerIdPromptId, {
      view: {
        text: `dialogs:${this.kind}Partner.askId`,
        values: { subscription: escapeMarkdown(subscription.name), current: label(t, subscription.partner) },
      },
      given: subscription.partner ? { current: subscription.partner.id } : {},
    });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const state = this.state(step);
    const asked = step.result as Asked<string | undefined>;
    if (!asked.cancelled && asked.value !== undefined) state.partnerId = asked.value;
    const preview = await this.deps.changes.preview(identityOf(context), state.subscription?.id ?? '', this.kind === 'remove' ? undefined : state.partnerId);
    if (preview?.next) state.next = preview.next;
    const note = state.next && !state.next.known ? deferred('cards:confirmChange.unknownPartner', { id: state.next.id }) : '';
    return step.beginDialog(this.confirmId, {
      view: { card: 'confirm-change', data: { kind: this.kind, facts: this.facts(translatorOf(context), state), note } },
    });
  }

  private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const asked = step.result as Asked<boolean>;
    const state = this.state(step);
    const t = translatorOf(context);
    const facts = this.facts(t, state);
    const summary: SummaryCard = (status, color) =>
      this.deps.cards.render('summary', { title: t(`cards:confirmChange.title.${this.kind}`), facts, status, color }, t);

    if (asked.cancelled || !asked.value) {
      turnLogOf(context).outcome = 'cancelled';
      await this.deps.cardUpdater.replace(context, asked, summary(t('dialogs:common.cancelledStatus'), 'default'));
      await say(context, 'dialogs:common.cancelled');
      return step.endDialog();
    }

    const who = identityOf(context);
    const request = {
      kind: this.kind,
      subscriptionId: state.subscription?.id ?? '',
      expectedVersion: state.subscription?.version ?? -1,
      ...(state.partnerId === undefined ? {} : { partnerId: state.partnerId }),
    };
    const result = await commitChange(context, this.deps, asked, summary, () => this.deps.changes.apply(who, request, this.deps.clock()));
    if (!result.ok) {
      // The subscription moved on since the card was shown: say what it holds now.
      const now = result.error === 'stale' ? await this.deps.changes.current(who, request.subscriptionId) : undefined;
      if (now) {
        await say(context, now.partner ? 'dialogs:common.nowHasPartner' : 'dialogs:common.nowHasNoPartner', {
          subscription: escapeMarkdown(now.name),
          partner: label(t, now.partner),
        });
      }
      return step.endDialog();
    }
    const { subscription, previous } = result.value;
    await say(context, `dialogs:${this.kind}Partner.done`, {
      subscription: escapeMarkdown(subscription.name),
      partner: label(t, subscription.partner),
      previous: label(t, previous),
    });
    return step.endDialog();
  }

  private async cancelTask(step: WaterfallStepContext, asked: Asked<unknown>): Promise<DialogTurnResult> {
    turnLogOf(step.context).outcome = 'cancelled';
    await this.replacePick(step.context, asked, [], 'dialogs:common.cancelledStatus');
    await say(step.context, 'dialogs:common.cancelled');
    return step.endDialog();
  }

  /** The subscription card, answered, becomes a read-only line saying which one was chosen. */
  private async closePick(context: TurnContext, asked: Asked<string>, name: string | undefined): Promise<void> {
    const facts: Fact[] = name === undefined ? [] : [{ title: deferred('cards:facts.subscription'), value: escapeMarkdown(name) }];
    await this.replacePick(context, asked, facts);
  }

  private async replacePick(context: TurnContext, asked: Asked<unknown>, facts: Fact[], statusKey?: string): Promise<void> {
    const t = translatorOf(context);
    const status = statusKey ? t(statusKey) : '';
    const card = this.deps.cards.render('summary', { title: t(`cards:pickSubscription.title.${this.kind}`), facts, status, color: 'default' }, t);
    await this.deps.cardUpdater.replace(context, asked, card);
  }

  /** The facts a confirmation and its summary show. */
  private facts(t: Translator, state: ChangeState): Fact[] {
    const { subscription, next } = state;
    const facts: Fact[] = [{ title: deferred('cards:facts.subscription'), value: escapeMarkdown(subscription?.name ?? '') }];
    if (subscription?.partner) facts.push({ title: deferred('cards:facts.currentPartner'), value: label(t, subscription.partner) });
    if (this.kind !== 'remove' && next) facts.push({ title: deferred('cards:facts.newPartner'), value: label(t, next) });
    return facts;
  }

  private checkPartnerId(raw: string, currentId: string | undefined): Result<string, string> {
    return this.kind === 'remove' ? fail('dialogs:common.typeAnswer') : withErrorKey(this.deps.changes.checkPartnerId(this.kind, raw, currentId));
  }

  private async checkPick(answer: Answer, context: TurnContext): Promise<Result<string, string>> {
    const candidates = await this.deps.changes.candidates(identityOf(context), this.kind);
    const id = answer.kind === 'card' && answer.verb === Verbs.pickSubscription ? field(answer.data, 'subscriptionId') : undefined;
    const found = answer.kind === 'card' ? candidates.find((s) => s.id === id) : matchSubscription(answer.text, candidates);
    return found ? ok(found.id) : fail('dialogs:pick.notFound');
  }

  private async checkConfirm(answer: Answer): Promise<Result<boolean, string>> {
    if (answer.kind === 'card') {
      return answer.verb === Verbs.confirm ? ok(true) : fail('dialogs:confirm.useButtons');
    }
    const yes = this.deps.recognizer.yesNo(answer.text);
    return yes === undefined ? fail('dialogs:confirm.yesOrNo') : ok(yes);
  }
}

/** "Contoso Advisors (1234567)" for a partner, or '' for none. */
const label = (t: Translator, partner: PartnerRef | undefined): string =>
  partner === undefined ? '' : partnerLabel(t, partner.id, partner.name);

function subscriptionLine(t: Translator, s: SubscriptionView): DeferredText {
  const name = escapeMarkdown(s.name);
  return s.partner ? deferred('cards:pickSubscription.withPartner', { name, partner: label(t, s.partner) }) : deferred('cards:pickSubscription.noPartner', { name });
}
