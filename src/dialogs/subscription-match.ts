import { subscriptionsIn } from '../nlu/entities.js';
import { editDistance, normalize, typoAllowance } from '../nlu/normalize.js';

/** What a subscription is matched by: its id and its name. */
interface Named {
  readonly id: string;
  readonly name: string;
}

/**
 * The subscription an admin means by what they typed: its number in the list ("2"), its name
 * (case, accents and a typo or two aside), or a part of its name that only it has ("E3"), also
 * within a longer answer.
 */
export function matchSubscription<T extends Named>(text: string, candidates: readonly T[]): T | undefined {
  const typed = normalize(text);
  if (typed === '') return undefined;
  if (/^\d{1,3}$/.test(typed)) return candidates[Number(typed) - 1];
  const named = candidates.map((s) => ({ s, name: normalize(s.name) }));
  const exact = named.filter((c) => c.name === typed || normalize(c.s.id) === typed);
  if (exact.length === 1) return exact[0]!.s;
  const close = named.filter((c) => editDistance(c.name, typed, 2) <= 2);
  if (close.length === 1) return close[0]!.s;
  const words = typed.split(' ');
  const partial = named.filter((c) => words.every((w) => c.name.split(' ').includes(w)));
  if (partial.length === 1) return partial[0]!.s;
  // An answer that says more ("the E3 one, partner 2345678"): the one subscription it names.
  const mentioned = subscriptionsIn(text, candidates);
  return mentioned.length === 1 ? mentioned[0] : undefined;
}

/** A subscription that fits typed text, and how well (lower is better). */
export interface Fit<T> {
  readonly subscription: T;
  readonly score: number;
}

/**
 * The subscriptions whose name fits what has been typed so far, best first: the name itself, names
 * that begin with it, names whose words begin with the typed words (in any order), names that
 * contain it, then names a typo or two away; among names whose words fit, those where more typed
 * words are whole words first ("lyon 3" is Lyon 3 before Lyon 1's "365"). Case and accents never
 * count. Nothing typed: the candidates as given, all alike.
 */
export function rankSubscriptions<T extends Named>(text: string, candidates: readonly T[]): Array<Fit<T>> {
  const typed = normalize(text);
  if (typed === '') return candidates.map((subscription) => ({ subscription, score: 0 }));
  const words = typed.split(' ');
  const found: Array<Fit<T> & { readonly index: number }> = [];
  candidates.forEach((subscription, index) => {
    const score = fit(normalize(subscription.name), normalize(subscription.id), typed, words);
    if (score !== undefined) found.push({ subscription, score, index });
  });
  return found.sort((a, b) => a.score - b.score || a.index - b.index).map(({ subscription, score }) => ({ subscription, score }));
}

/** The first `limit` subscriptions `rankSubscriptions` gives: what typeahead search answers. */
export const searchSubscriptions = <T extends Named>(text: string, candidates: readonly T[], limit: number): T[] =>
  rankSubscriptions(text, candidates)
    .slice(0, limit)
    .map((f) => f.subscription);

/** How well a name fits the typed text (lower is better), or undefined when it does not. */
function fit(name: string, id: string, typed: string, words: readonly string[]): number | undefined {
  if (name === typed || id === typed) return 0;
  if (name.startsWith(typed)) return 1;
  const nameWords = name.split(' ');
  // A fraction below 1 orders names whose words fit by how many typed words are not whole words.
  const partly = words.filter((w) => !nameWords.includes(w)).length / (words.length + 1);
  if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) return 2 + partly;
  if (name.includes(typed)) return 3;
  if (editDistance(name, typed, 2) <= 2) return 4;
  if (words.every((w) => nameWords.some((n) => n.startsWith(w) || nearly(n, w)))) return 5 + partly;
  return undefined;
}

/** A name's word that the typed word spells with a typo or two, whole or as its beginning. */
function nearly(word: string, typed: string): boolean {
  const allowed = typoAllowance(typed.length);
  if (allowed === 0) return false;
  return editDistance(word, typed, allowed) <= allowed || editDistance(word.slice(0, typed.length), typed, allowed) <= allowed;
}
