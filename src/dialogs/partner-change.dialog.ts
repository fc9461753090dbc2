import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { escapeMarkdown } from '../cards/markdown.js';
import { deferred } from '../cards/render-card.js';
import { linksFor } from '../domain/links.js';
import type { PartnerChangeKind } from '../domain/partner-change.js';
import { fail, type Result } from '../domain/result.js';
import { errorKey, withErrorKey } from '../i18n/domain-errors.js';
import type { PartnerRef, Started, SubscriptionView } from '../services/partner-changes.js';
import { identityOf, translatorOf, turnLogOf } from './turn-state.js';
import { AskPrompt, given, type Asked } from './ask.prompt.js';
import { commitChange, confirmation, endStopped, say, summaryCard, type FlowDeps } from './flow-kit.js';
import { applyInAdminCenter, changeFacts, partnerRefLabel as label, type Fact } from './partner-views.js';
import { namesProduct, partnerIdIn, partnerNamedIn, subscriptionsIn } from '../nlu/entities.js';
import { SubscriptionPick } from './subscription-pick.prompt.js';
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
  private readonly pick: SubscriptionPick;
  private readonly partnerIdPromptId: string;
  private readonly confirmId: string;

  protected constructor(
    id: string,
    private readonly kind: PartnerChangeKind,
    private readonly deps: FlowDeps,
  ) {
    super(id);
    this.partnerIdPromptId = `${id}.partnerId`;
    this.confirmId = `${id}.confirm`;
    this.pick = new SubscriptionPick(`${id}.pick`, kind, deps);
    this.addDialog(this.pick);
    this.addDialog(
      new AskPrompt(this.partnerIdPromptId, deps.cards, async (a, _c, known) =>
        a.kind === 'text' ? this.checkPartnerId(await this.partnerIdOf(a.text), known.current) : fail('dialogs:common.typeAnswer'),
      ),
    );
    this.addDialog(new AskPrompt(this.confirmId, deps.cards, async (a) => confirmation(deps.recognizer, a)));
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
    const { partnerId, subscriptionId: preset, said } = step.options ?? {};
    this.state(step).partnerId = partnerId ?? (said === undefined ? undefined : await this.partnerNamed(said));
    if (preset !== undefined && started.candidates.some((s) => s.id === preset)) return step.next(given(preset));
    return said === undefined ? step.beginDialog(this.pick.id, SubscriptionPick.view) : this.pickNamed(step, said, started.candidates);
  }

  /**
   * The subscription a request named: the one it names goes on without asking; several are asked
   * among; one this change does not apply to, or none at all, is said before the whole list.
   */
  private async pickNamed(step: WaterfallStepContext, said: string, candidates: readonly SubscriptionView[]): Promise<DialogTurnResult> {
    const { context } = step;
    if (this.kind !== 'add') {
      // The subscription of the organisation it names best, but without a partner to change or remove.
      const [other, ...more] = subscriptionsIn(said, await this.deps.changes.candidates(identityOf(context), 'add'));
      if (other && more.length === 0 && !candidates.some((s) => s.id === other.id)) {
        const values = { subscription: escapeMarkdown(other.name) };
        if (this.kind === 'change') {
          await say(context, 'dialogs:pick.noPartnerToChange', values);
          const partnerId = this.state(step).partnerId;
          const next: FlowResult = { next: { intent: 'addPartner', subscriptionId: other.id, ...(partnerId ? { partnerId } : {}) } };
          return step.endDialog(next);
        }
        await say(context, 'dialogs:pick.noPartnerToRemove', values);
        return step.beginDialog(this.pick.id, SubscriptionPick.view);
      }
    }
    const named = subscriptionsIn(said, candidates);
    if (named.length === 1) return step.next(given(named[0]!.id));
    if (named.length > 1) {
      await say(context, 'dialogs:pick.several');
      return step.beginDialog(this.pick.id, SubscriptionPick.among(named.map((s) => s.id)));
    }
    if (namesProduct(said)) await say(context, 'dialogs:pick.notNamed');
    return step.beginDialog(this.pick.id, SubscriptionPick.view);
  }

  /** The Partner ID of the partner a text names by the name the partner directory knows. */
  private async partnerNamed(text: string): Promise<string | undefined> {
    return partnerNamedIn(text, await this.deps.changes.directory())?.id;
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

  private async askPartnerIdStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const picked = step.result as Asked<string>;
    if (picked.cancelled) return endStopped(step, this.deps, picked, this.pick.summary(context));
    const t = translatorOf(context);
    const chosen = await this.deps.changes.choose(identityOf(context), this.kind, picked.value);
    await this.pick.close(context, picked, chosen.ok ? chosen.value.subscription.name : undefined);
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
    // An answer that said more than the subscription ("the E3 one, partner 2345678").
    if (state.partnerId === undefined && picked.answer?.kind === 'text') {
      state.partnerId = partnerIdIn(picked.answer.text) ?? (await this.partnerNamed(picked.answer.text));
    }
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
      view: { card: 'confirm-change', data: { kind: this.kind, facts: this.facts(context, state), note } },
    });
  }

  private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const asked = step.result as Asked<boolean>;
    const state = this.state(step);
    const t = translatorOf(context);
    const summary = summaryCard(this.deps, t, t(`cards:confirmChange.title.${this.kind}`), this.facts(context, state));
    if (asked.cancelled || !asked.value) return endStopped(step, this.deps, asked, summary);

    const who = identityOf(context);
    const request = {
      kind: this.kind,
      subscriptionId: state.subscription?.id ?? '',
      expectedVersion: state.subscription?.version ?? -1,
      ...(state.partnerId === undefined ? {} : { partnerId: state.partnerId }),
    };
    const result = await commitChange(context, this.deps, asked, summary, 'dialogs:common.recordedStatus', () =>
      this.deps.changes.apply(who, request, this.deps.clock()),
    );
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
    // Recorded in the register only: say so, then how to make the same change in Microsoft 365.
    const { subscription, previous, cloud } = result.value;
    await say(context, `dialogs:${this.kind}Partner.recorded`, {
      subscription: escapeMarkdown(subscription.name),
      partner: label(t, subscription.partner),
      previous: label(t, previous),
    });
    const steps = applyInAdminCenter(t, this.kind, cloud, subscription, previous);
    await context.sendActivity({ attachments: [this.deps.cards.render('apply-steps', steps, t)] });
    return step.endDialog();
  }

  private facts(context: TurnContext, { subscription, next }: ChangeState): Fact[] {
    return changeFacts(translatorOf(context), this.kind, subscription, next);
  }

  /** What a typed answer gives as Partner ID: one written in it ("123 4567"), a partner's name, or the text to check. */
  private async partnerIdOf(text: string): Promise<string> {
    return partnerIdIn(text) ?? (await this.partnerNamed(text)) ?? text;
  }

  private checkPartnerId(raw: string, currentId: string | undefined): Result<string, string> {
    return this.kind === 'remove' ? fail('dialogs:common.typeAnswer') : withErrorKey(this.deps.changes.checkPartnerId(this.kind, raw, currentId));
  }
}
