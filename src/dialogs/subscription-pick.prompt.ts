import type { TurnContext } from 'botbuilder';
import { field, type Answer } from '../cards/card-answer.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { deferred } from '../cards/render-card.js';
import { Verbs } from '../cards/verbs.js';
import type { PartnerChangeKind } from '../domain/partner-change.js';
import { fail, ok, type Result } from '../domain/result.js';
import { AskPrompt, type Asked, type AskOptions } from './ask.prompt.js';
import { summaryCard, type FlowDeps, type SummaryCard } from './flow-kit.js';
import { subscriptionChoice, type Fact } from './partner-views.js';
import { matchSubscription } from './subscription-match.js';
import { identityOf, translatorOf } from './turn-state.js';

/**
 * Asks which subscription a change is for: the card lists the candidates the partner-changes
 * service gives for this kind of change, read each time it is drawn (current partners, reader's
 * language); a click or a typed name or number answers it. Hands on the subscription's id.
 */
export class SubscriptionPick extends AskPrompt<string> {
  constructor(
    id: string,
    private readonly kind: PartnerChangeKind,
    private readonly deps: FlowDeps,
  ) {
    super(
      id,
      deps.cards,
      (answer, context, given) => this.checkPick(answer, context, given),
      (context, data) => this.choices(context, data),
    );
  }

  /** What `beginDialog` shows. */
  static readonly view: AskOptions = { view: { card: 'pick-subscription', data: {} } };

  /** The same, listing only these candidates (those a request named). */
  static among(ids: readonly string[]): AskOptions {
    const listed = ids.join('\n');
    return { view: { card: 'pick-subscription', data: { [AMONG]: listed } }, given: { [AMONG]: listed } };
  }

  /** The card once answered: read-only, with the subscription chosen (none when cancelled). */
  summary(context: TurnContext, chosen?: string): SummaryCard {
    const t = translatorOf(context);
    const facts: Fact[] = chosen === undefined ? [] : [{ title: deferred('cards:facts.subscription'), value: escapeMarkdown(chosen) }];
    return summaryCard(this.deps, t, t(`cards:pickSubscription.title.${this.kind}`), facts);
  }

  /** Turns the answered card into its summary. */
  async close(context: TurnContext, answered: Asked<string>, chosen: string | undefined): Promise<void> {
    await this.deps.cardUpdater.replace(context, answered, this.summary(context, chosen)('', 'default'));
  }

  private async choices(context: TurnContext, data: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const t = translatorOf(context);
    const candidates = among(await this.deps.changes.candidates(identityOf(context), this.kind), data[AMONG]);
    const choices = candidates.map((s) => ({ title: subscriptionChoice(t, s), value: s.id }));
    return { kind: this.kind, choices, choiceStyle: choices.length > 5 ? 'compact' : 'expanded' };
  }

  private async checkPick(answer: Answer, context: TurnContext, given: Readonly<Record<string, string>>): Promise<Result<string, string>> {
    const candidates = among(await this.deps.changes.candidates(identityOf(context), this.kind), given[AMONG]);
    const id = answer.kind === 'card' && answer.verb === Verbs.pickSubscription ? field(answer.data, 'subscriptionId') : undefined;
    const found = answer.kind === 'card' ? candidates.find((s) => s.id === id) : matchSubscription(answer.text, candidates);
    return found ? ok(found.id) : fail('dialogs:pick.notFound');
  }
}

const AMONG = 'among';

/** The candidates to show: those listed (one id a line) when the question was asked among some. */
function among<T extends { readonly id: string }>(candidates: T[], ids: unknown): T[] {
  if (typeof ids !== 'string') return candidates;
  const only = new Set(ids.split('\n'));
  return candidates.filter((s) => only.has(s.id));
}
