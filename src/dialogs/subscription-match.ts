/** What a subscription is matched by: its id and its name. */
interface Named {
  readonly id: string;
  readonly name: string;
}
import { editDistance, normalize } from '../nlu/normalize.js';

/**
 * The subscription an admin means by what they typed: its number in the list ("2"), its name
 * (case, accents and a typo or two aside), or a part of its name that only it has ("E3").
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
  return partial.length === 1 ? partial[0]!.s : undefined;
}
