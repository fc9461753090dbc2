import { editDistance } from './normalize.js';

/**
 * How many typos the speller puts back in a word of this length. One more length than the phrase
 * rules allow: a 4-letter word ("halp", "stpo") is only put back to a known word, never matched
 * loosely against a phrase.
 */
const allowanceOf = (length: number): number => (length >= 9 ? 2 : length >= 4 ? 1 : 0);

/** Every string made by deleting up to `depth` letters of `word` (the word itself included). */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set([word]);
  let layer = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of layer) {
      for (let i = 0; i < w.length; i++) {
        const shorter = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(shorter)) {
          out.add(shorter);
          next.push(shorter);
        }
      }
    }
    layer = next;
  }
  return out;
}

/**
 * Puts a mistyped word back to the known word it is closest to ("partnr" → "partner"), within the
 * typos a word of its length may carry. Known words are indexed by their deletions (the symmetric
 * delete method), so a lookup costs a few map reads instead of a distance to every known word.
 */
export class Speller {
  readonly #known = new Map<string, number>();
  readonly #byDeletion = new Map<string, string[]>();

  constructor(words: Iterable<string>) {
    for (const word of words) this.#known.set(word, (this.#known.get(word) ?? 0) + 1);
    for (const word of this.#known.keys()) {
      const allowance = allowanceOf(word.length);
      if (allowance === 0) continue;
      for (const key of deletions(word, allowance)) {
        const list = this.#byDeletion.get(key);
        if (list) list.push(word);
        else this.#byDeletion.set(key, [word]);
      }
    }
  }

  /** The known word meant, or the token itself when it is known, short, or near no known word. */
  correct(token: string): string {
    const allowance = allowanceOf(token.length);
    if (allowance === 0 || this.#known.has(token) || /\d/.test(token)) return token;
    let best = token;
    let bestDistance = allowance + 1;
    let bestCount = 0;
    for (const key of deletions(token, allowance)) {
      for (const word of this.#byDeletion.get(key) ?? []) {
        const distance = editDistance(token, word, Math.min(allowance, allowanceOf(word.length)));
        const count = this.#known.get(word) ?? 0;
        if (distance < bestDistance || (distance === bestDistance && count > bestCount)) {
          best = word;
          bestDistance = distance;
          bestCount = count;
        }
      }
    }
    return best;
  }
}
