/** What a subscription is matched by: its id and its name. */
interface Named {
  readonly id: string;
  readonly name: string;
}
import { subscriptionsIn } from '../nlu/entities.js';
import { editDistance, normalize } from '../nlu/normalize.js';

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
