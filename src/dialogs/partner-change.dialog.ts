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
import type { Translator } from '../i18n/i18n.js';
import { linksFor } from '../domain/links.js';
import type { Subscription } from '../domain/model.js';
import type { ChangeError, PartnerChangeKind } from '../domain/partner-change.js';
import { errorKey, withErrorKey } from '../i18n/domain-errors.js';
import { parsePartnerId } from '../domain/partner-id.js';
import { addMethod } from '../domain/relationship.js';
import { fail, ok, type Result } from '../domain/result.js';
import { identityOf, translatorOf, turnLogOf } from '../bot/turn-state.js';
import { AskPrompt, type Asked } from './ask.prompt.js';
import { commitChange, knownTenant, partnerLabel, say, type Fact, type FlowDeps, type SummaryCard } from './flow-kit.js';
import { matchSubscription } from './subscription-match.js';
import type { FlowOptions, FlowResult } from './flow-result.js';

interface ChangeState {
  subscriptionId?: string;
  version?: number;
  currentPartnerId?: string;
  partnerId?: string;
}

/**
 * Add, change or remove the partner of record of one subscription: choose the subscription (card
 * or typed name), type the Partner ID (add, change), confirm on a card or by typing, and the change
 * is made in the store, which checks everything again at that moment. The three flows share these
 * steps; each subclass names its kind.
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
      new AskPrompt(this.partnerIdPromptId, deps.cards, async (a, _c, given) =>
        a.kind === 'text' ? withErrorKey(this.validatePartnerId(a.text, given.current)) : fail('dialogs:common.typeAnswer'),
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

  /** The subscriptions this kind of change applies to. */
  private candidates(subscriptions: Subscription[]): Subscription[] {
    return this.kind === 'add' ? subscriptions : subscriptions.filter((s) => s.partnerId !== undefined);
  }

  private async chooseSubscriptionStep(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const { context } = step;
    const { tenantId } = identityOf(context);
    const { repository } = this.deps;
    const tenant = await knownTenant(context, repository);
    if (!tenant) return step.endDialog();
    if (this.kind === 'add' && addMethod(tenant.cloud) === 'partnerOffer') {
      await say(context, 'dialogs:addPartner.partnerInitiated');
      const next: FlowResult = { next: { intent: 'acceptOffer' } };
      return step.endDialog(next);
    }
    if (!(await this.deps.access.canChangePartners(identityOf(context)))) {
      const page = translatorOf(context)(`dialogs:common.productsPage.${tenant.cloud}`);
      await say(context, `dialogs:${this.kind}Partner.notAdmin`, { page, link: linksFor(tenant.cloud).products });
      turnLogOf(context).outcome = 'refused';
      return step.endDialog();
    }
    const candidates = this.candidates(await repository.listSubscriptions(tenantId));
    if (candidates.length === 0) {
      await say(context, `dialogs:${this.kind}Partner.none`);
      return step.endDialog();
    }
    const state = this.state(step);
    state.partnerId = step.options?.partnerId;
    const preset = step.options?.subscriptionId;
    if (preset !== undefined && candidates.some((s) => s.id === preset)) return step.next(preset);

    return step.beginDialog(this.pickId, { view: { card: 'pick-subscription', data: {} } });
  }

  /** The subscription card's choices, read when it is drawn: current partners, reader's language. */
  private async pickData(context: TurnContext): Promise<Record<string, unknown>> {
    const t = translatorOf(context);
    const candidates = this.candidates(await this.deps.repository.listSubscriptions(identityOf(context).tenantId));
    const choices = await Promise.all(candidates.map(async (s) => ({ title: await this.subscriptionLine(t, s), value: s.id })));
    return { kind: this.kind, choices, choiceStyle: choices.length > 5 ? 'compact' : 'expanded' };
  }

  private async askPartnerIdStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const picked = step.result as Asked<string> | string;
    if (typeof picked !== 'string' && picked.cancelled) return this.cancelTask(step, picked);
    const subscriptionId = typeof picked === 'string' ? picked : picked.value;
    if (typeof picked !== 'string') await this.closePick(step.context, picked, subscriptionId);
    const { context } = step;
    const { tenantId } = identityOf(context);
    const subscription = await this.deps.repository.getSubscription(tenantId, subscriptionId);
    if (!subscription) {
      await say(context, 'errors:change.subscriptionNotFound');
      return step.endDialog();
    }
    const state = this.state(step);
    state.subscriptionId = subscription.id;
    state.version = subscription.version;
    state.currentPartnerId = subscription.partnerId;

    if (this.kind === 'add' && subscription.partnerId !== undefined) {
      const t = translatorOf(context);
      const partner = await this.deps.repository.findPartner(subscription.partnerId);
      await say(context, 'dialogs:addPartner.alreadyHasPartner', {
        subscription: escapeMarkdown(subscription.name),
        partner: partnerLabel(t, subscription.partnerId, partner?.name),
      });
      const next: FlowResult = {
        next: {
          intent: 'changePartner',
          subscriptionId: subscription.id,
          ...(state.partnerId ? { partnerId: state.partnerId } : {}),
        },
      };
      return step.endDialog(next);
    }
    if (this.kind === 'remove') return step.next();
    if (state.partnerId !== undefined) {
      const given = this.validatePartnerId(state.partnerId, state.currentPartnerId);
      if (given.ok) return step.next(given.value);
      await say(context, errorKey(given.error));
    }
    const t = translatorOf(context);
    const current = subscription.partnerId
      ? partnerLabel(t, subscription.partnerId, (await this.deps.repository.findPartner(subscription.partnerId))?.name)
      : '';
    return step.beginDialog(this.partnerIdPromptId, {
      view: { text: `dialogs:${this.kind}Partner.askId`, values: { subscription: escapeMarkdown(subscription.name), current } },
      given: subscription.partnerId ? { current: subscription.partnerId } : {},
    });
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const state = this.state(step);
    const given = step.result as Asked<string> | string | undefined;
    if (typeof given === 'string') state.partnerId = given;
    else if (given?.cancelled === false) state.partnerId = given.value;
    const data = await this.summaryData(context, state);
    return step.beginDialog(this.confirmId, {
      view: { card: 'confirm-change', data: { kind: this.kind, facts: data.facts, note: data.note } },
    });
  }

  private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const asked = step.result as Asked<boolean>;
    const state = this.state(step);
    const t = translatorOf(context);
    const { facts } = await this.summaryData(context, state);
    const summary: SummaryCard = (status, color) =>
      this.deps.cards.render('summary', { title: t(`cards:confirmChange.title.${this.kind}`), facts, status, color }, t);

    if (asked.cancelled || !asked.value) {
      turnLogOf(context).outcome = 'cancelled';
      await this.deps.cardUpdater.replace(context, asked, summary(t('dialogs:common.cancelledStatus'), 'default'));
      await say(context, 'dialogs:common.cancelled');
      return step.endDialog();
    }

    const request = {
      kind: this.kind,
      subscriptionId: state.subscriptionId ?? '',
      expectedVersion: state.version ?? -1,
      ...(state.partnerId === undefined ? {} : { partnerId: state.partnerId }),
    };
    const result = await commitChange(context, this.deps, asked, summary, () =>
      this.deps.changes.apply(identityOf(context), request, this.deps.clock()),
    );
    if (!result.ok) {
      // The subscription moved on since the card was shown: say what it holds now.
      if (result.error === 'stale') await this.sayCurrentState(context, request.subscriptionId);
      return step.endDialog();
    }
    const changed = result.value;
    await say(context, `dialogs:${this.kind}Partner.done`, {
      subscription: escapeMarkdown(changed.name),
      partner: await this.label(t, changed.partnerId),
      previous: await this.label(t, state.currentPartnerId),
    });
    return step.endDialog();
  }

  private async cancelTask(step: WaterfallStepContext, asked: Asked<unknown>): Promise<DialogTurnResult> {
    const t = translatorOf(step.context);
    turnLogOf(step.context).outcome = 'cancelled';
    await this.deps.cardUpdater.replace(
      step.context,
      asked,
      this.deps.cards.render('summary', { title: t(`cards:pickSubscription.title.${this.kind}`), facts: [], status: t('dialogs:common.cancelledStatus'), color: 'default' }, t),
    );
    await say(step.context, 'dialogs:common.cancelled');
    return step.endDialog();
  }

  /** The subscription card, answered, becomes a read-only line saying which one was chosen. */
  private async closePick(context: TurnContext, asked: Asked<string>, subscriptionId: string): Promise<void> {
    const t = translatorOf(context);
    const subscription = await this.deps.repository.getSubscription(identityOf(context).tenantId, subscriptionId);
    const facts: Fact[] = subscription ? [{ title: deferred('cards:facts.subscription'), value: escapeMarkdown(subscription.name) }] : [];
    await this.deps.cardUpdater.replace(
      context,
      asked,
      this.deps.cards.render('summary', { title: t(`cards:pickSubscription.title.${this.kind}`), facts, status: '', color: 'default' }, t),
    );
  }

  /** "Contoso Advisors (1234567)" for a Partner ID, or '' for none. */
  private async label(t: Translator, partnerId: string | undefined): Promise<string> {
    if (partnerId === undefined) return '';
    return partnerLabel(t, partnerId, (await this.deps.repository.findPartner(partnerId))?.name);
  }

  private async sayCurrentState(context: TurnContext, subscriptionId: string): Promise<void> {
    const t = translatorOf(context);
    const now = await this.deps.repository.getSubscription(identityOf(context).tenantId, subscriptionId);
    if (!now) return;
    const partner = now.partnerId ? await this.deps.repository.findPartner(now.partnerId) : undefined;
    await say(context, now.partnerId ? 'dialogs:common.nowHasPartner' : 'dialogs:common.nowHasNoPartner', {
      subscription: escapeMarkdown(now.name),
      partner: now.partnerId ? partnerLabel(t, now.partnerId, partner?.name) : '',
    });
  }

  private async subscriptionLine(t: Translator, s: Subscription): Promise<DeferredText> {
    if (s.partnerId === undefined) return deferred('cards:pickSubscription.noPartner', { name: escapeMarkdown(s.name) });
    const partner = await this.deps.repository.findPartner(s.partnerId);
    return deferred('cards:pickSubscription.withPartner', { name: escapeMarkdown(s.name), partner: partnerLabel(t, s.partnerId, partner?.name) });
  }

  /** The facts a confirmation and its summary show, and a note when the partner is unknown. */
  private async summaryData(
    context: TurnContext,
    state: ChangeState,
  ): Promise<{ facts: Fact[]; note: DeferredText | '' }> {
    const t = translatorOf(context);
    const { repository } = this.deps;
    const subscription = await repository.getSubscription(identityOf(context).tenantId, state.subscriptionId ?? '');
    const facts: Fact[] = [{ title: deferred('cards:facts.subscription'), value: escapeMarkdown(subscription?.name ?? '') }];
    let note: DeferredText | '' = '';
    if (state.currentPartnerId !== undefined) {
      const current = await repository.findPartner(state.currentPartnerId);
      facts.push({ title: deferred('cards:facts.currentPartner'), value: partnerLabel(t, state.currentPartnerId, current?.name) });
    }
    if (this.kind !== 'remove' && state.partnerId !== undefined) {
      const next = await repository.findPartner(state.partnerId);
      facts.push({ title: deferred('cards:facts.newPartner'), value: partnerLabel(t, state.partnerId, next?.name) });
      if (!next) note = deferred('cards:confirmChange.unknownPartner', { id: state.partnerId });
    }
    return { facts, note };
  }

  private validatePartnerId(raw: string, current: string | undefined): Result<string, ChangeError> {
    const parsed = parsePartnerId(raw);
    if (!parsed.ok) return parsed;
    if (this.kind === 'change' && parsed.value === current) return fail('samePartner');
    return ok(parsed.value);
  }

  private async checkPick(answer: Answer, context: TurnContext): Promise<Result<string, string>> {
    const { tenantId } = identityOf(context);
    const candidates = this.candidates(await this.deps.repository.listSubscriptions(tenantId));
    if (answer.kind === 'card') {
      const id = answer.verb === Verbs.pickSubscription ? field(answer.data, 'subscriptionId') : undefined;
      const found = candidates.find((s) => s.id === id);
      return found ? ok(found.id) : fail('dialogs:pick.notFound');
    }
    const found = matchSubscription(answer.text, candidates);
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
