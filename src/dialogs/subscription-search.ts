import type { Activity, TurnContext } from 'botbuilder';
import { translateDeferred } from '../cards/render-card.js';
import { PARTNER_CHANGE_KINDS, type PartnerChangeKind } from '../domain/partner-change.js';
import type { FlowDeps } from './flow-kit.js';
import { subscriptionChoice } from './partner-views.js';
import { searchSubscriptions } from './subscription-match.js';
import { identityOf, translatorOf } from './turn-state.js';

/** Teams shows at most this many results of a typeahead search. */
export const SEARCH_RESULTS = 15;

const DATASET = 'subscriptions.';

/** The `Data.Query` dataset of a subscription card: which change its search is for. */
export const datasetOf = (kind: PartnerChangeKind): string => `${DATASET}${kind}`;

function kindOf(dataset: unknown): PartnerChangeKind | undefined {
  if (typeof dataset !== 'string' || !dataset.startsWith(DATASET)) return undefined;
  const kind = dataset.slice(DATASET.length);
  return (PARTNER_CHANGE_KINDS as readonly string[]).includes(kind) ? (kind as PartnerChangeKind) : undefined;
}

/**
 * Whether the client answering a card searches with `Data.Query`: Microsoft Teams does. The
 * Microsoft 365 Agents Playground speaks as Teams (`msteams`) but does not: it warns that typeahead
 * search is not supported and shows an empty list, not even the card's own choices. It talks to the
 * bot from a local address over plain HTTP, where Teams always uses its HTTPS Bot Connector
 * service. The Bot Framework Emulator (`emulator`) has no typeahead either.
 */
export function searchesAsYouType(activity: Partial<Activity>): boolean {
  if (activity.channelId !== 'msteams' || typeof activity.serviceUrl !== 'string') return false;
  return URL.canParse(activity.serviceUrl) && new URL(activity.serviceUrl).protocol === 'https:';
}

/** One result of a typeahead search: the text shown, the value the card then sends. */
export interface SearchResult {
  readonly title: string;
  readonly value: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback);

/**
 * Answers Teams' typeahead search of a subscription card (an `application/search` invoke): the
 * subscriptions of the asker's organisation that the change applies to and whose name fits what
 * was typed, as typed names are matched (case, accents, typos), in the asker's language. Only to
 * someone who may make that change, as the card itself. It reads, and keeps nothing: a search is
 * not an answer to the card's question, so no dialog runs.
 */
export class SubscriptionSearch {
  constructor(private readonly deps: Pick<FlowDeps, 'changes'>) {}

  async results(context: TurnContext, value: unknown): Promise<SearchResult[]> {
    const query = isObject(value) ? value : {};
    const kind = kindOf(query.dataset);
    if (!kind) return [];
    const who = identityOf(context);
    const started = await this.deps.changes.start(who, kind);
    if (!started.ok) return [];
    const text = typeof query.queryText === 'string' ? query.queryText.slice(0, 200) : '';
    const options = isObject(query.queryOptions) ? query.queryOptions : {};
    const skip = count(options.skip, 0);
    const top = Math.min(count(options.top, SEARCH_RESULTS), SEARCH_RESULTS);
    const candidates = await this.deps.changes.likelyCandidates(who, kind);
    const t = translatorOf(context);
    return searchSubscriptions(text, candidates, skip + top)
      .slice(skip)
      .map((s) => ({ title: translateDeferred(subscriptionChoice(t, s), t) as string, value: s.id }));
  }
}
