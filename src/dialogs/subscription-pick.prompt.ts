import type { TurnContext } from 'botbuilder';
import { field, type Answer } from '../cards/card-answer.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { deferred } from '../cards/render-card.js';
import { Verbs } from '../cards/verbs.js';
import type { PartnerChangeKind } from '../domain/partner-change.js';
import { fail, ok, type Result } from '../domain/result.js';
import { AskPrompt, type Asked, type AskOptions, type Refused, refuse } from './ask.prompt.js';
import { summaryCard, type FlowDeps, type SummaryCard } from './flow-kit.js';
import type { SubscriptionView } from '../services/partner-changes.js';
import { subscriptionChoice, type Fact } from './partner-views.js';
import { matchSubscription, rankSubscriptions } from './subscription-match.js';
import { datasetOf, searchesAsYouType } from './subscription-search.js';
import { identityOf, translatorOf } from './turn-state.js';

/** Up to this many subscriptions, the card lists them all as radio buttons. */
export const LISTED_IN_FULL = 5;
/**
 * Past that, the card lists this many (the likeliest) and Teams' typeahead searches the others;
 * clients without typeahead (the Emulator, the Agents Playground) still have these and typing.
 */
export const STATIC_CHOICES = 10;
/** A typed name that fits several subscriptions is answered with this many of them. */
const SEVERAL_NAMED = 5;

/**
 * Asks which subscription a change is for: the card lists the candidates the partner-changes
 * service gives for this kind of change, read each time it is drawn (current partners, reader's
 * language); a click, a search result or a typed name or number answers it. Hands on the
 * subscription's id.
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

  /**
   * The subscriptions the card offers, in the order it shows them: all of a short list as they
   * come; of a long one, the likeliest first, of which the card lists the head and searches the rest.
   */
  private async offered(context: TurnContext, only: unknown): Promise<{ readonly all: readonly SubscriptionView[]; readonly shown: readonly SubscriptionView[] }> {
    const who = identityOf(context);
    const candidates = among(await this.deps.changes.candidates(who, this.kind), only);
    if (candidates.length <= LISTED_IN_FULL) return { all: candidates, shown: candidates };
    // The candidates just read, put in order: not read a second time.
    const likely = await this.deps.changes.likelyCandidates(who, this.kind, candidates);
    return { all: likely, shown: likely.slice(0, STATIC_CHOICES) };
  }

  private async choices(context: TurnContext, data: Readonly<Record<string, unknown>>): Promise<Record<string, unknown>> {
    const t = translatorOf(context);
    const { all, shown } = await this.offered(context, data[AMONG]);
    const choices = shown.map((s) => ({ title: subscriptionChoice(t, s), value: s.id }));
    if (all.length <= LISTED_IN_FULL) return { kind: this.kind, choices, long: false, search: false };
    const count = all.length;
    if (!searchesAsYouType(context.activity)) {
      return { kind: this.kind, choices, long: true, search: false, hint: deferred('cards:pickSubscription.listHint', { count, shown: shown.length }) };
    }
    return { kind: this.kind, choices, long: true, search: true, dataset: datasetOf(this.kind), hint: deferred('cards:pickSubscription.searchHint', { count }) };
  }

  private async checkPick(answer: Answer, context: TurnContext, given: Readonly<Record<string, string>>): Promise<Result<string, string> | Refused> {
    const { all, shown } = await this.offered(context, given[AMONG]);
    if (answer.kind === 'card') {
      const id = answer.verb === Verbs.pickSubscription ? field(answer.data, 'subscriptionId') : undefined;
      const found = all.find((s) => s.id === id);
      return found ? ok(found.id) : fail('dialogs:pick.notFound');
    }
    // A number is a place in the list the card shows; a name is looked for among them all.
    if (/^\s*\d{1,3}\s*$/.test(answer.text)) {
      const found = matchSubscription(answer.text, shown);
      return found ? ok(found.id) : fail('dialogs:pick.notFound');
    }
    const named = matchSubscription(answer.text, all);
    if (named) return ok(named.id);
    const [best, ...others] = rankSubscriptions(answer.text, all);
    if (!best) return fail('dialogs:pick.notFound');
    const tied = others.filter((f) => f.score === best.score);
    if (tied.length === 0) return ok(best.subscription.id);
    const names = [best, ...tied].slice(0, SEVERAL_NAMED).map((f) => escapeMarkdown(f.subscription.name));
    return refuse('dialogs:pick.fitsSeveral', { count: tied.length + 1, names: names.join(', ') });
  }
}

const AMONG = 'among';

/** The candidates to show: those listed (one id a line) when the question was asked among some. */
function among<T extends { readonly id: string }>(candidates: T[], ids: unknown): T[] {
  if (typeof ids !== 'string') return candidates;
  const only = new Set(ids.split('\n'));
  return candidates.filter((s) => only.has(s.id));
}
