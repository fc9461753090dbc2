import { containerBootstrap } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { LangFr } from '@nlpjs/lang-fr';
import { NluNeural } from '@nlpjs/nlu';
import { LOCALES, type Locale } from '../src/i18n/resolve-locale.js';
import type { Corpus, Example } from '../src/nlu/corpus.js';
import { Recognizer, type IntentPhrases } from '../src/nlu/recognizer.js';

/** The recognizers compared: today's phrase rules, NLP.js as shipped, and the two combined. */
export const VARIANTS = ['rules', 'library', 'combined'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface Score {
  correct: number;
  total: number;
  /** Wrong and acted on: a task (or help, cancel…) other than the one meant, not offered as a choice. */
  confidentWrong: number;
  /** Not sure: the two most likely tasks offered as a choice instead. */
  unsure: number;
  /** Of those, how many offered the task meant. */
  offered: number;
  readonly misses: Array<{ text: string; expected: string; got: string; unsure?: readonly string[] }>;
}

/** What a recognizer answered: its intent and, when unsure, the tasks it would offer. */
export interface Answer {
  readonly intent: string;
  readonly unsure?: readonly string[];
}

/** Adds one answer to a score. */
export function tally(score: Score, text: string, expected: string, got: Answer): void {
  score.total++;
  if (got.unsure?.length) {
    score.unsure++;
    if (got.unsure.includes(expected)) score.offered++;
  }
  if (got.intent === expected) score.correct++;
  else {
    if (got.intent !== 'none') score.confidentWrong++;
    score.misses.push({ text, expected, got: got.intent, ...(got.unsure?.length ? { unsure: got.unsure } : {}) });
  }
}

export type Evaluation = Record<Locale, Record<'clean' | 'typos', Record<Variant, Score>>>;

/** FNV-1a: a fixed pseudo-random choice per text, so that runs are repeatable. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * The text with one typo in one of its words of 5 letters or more, as fast typing makes them: two
 * letters swapped, one left out, one doubled, or one hit next to it.
 */
export function withTypo(text: string): string {
  const words = text.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^\p{L}{5,}$/u.test(w));
  if (long.length === 0) return text;
  const h = hash(text);
  const [word, index] = long[h % long.length]!;
  const at = 1 + ((h >>> 8) % (word.length - 2));
  const kinds = [
    () => word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + word[at] + word.slice(at),
    () => word.slice(0, at) + String.fromCharCode(((word.charCodeAt(at) - 96) % 26) + 97) + word.slice(at + 1),
  ];
  words[index] = kinds[(h >>> 16) % kinds.length]!();
  return words.join(' ');
}

/** Splits each intent's utterances into `folds` parts, the k-th utterance of each in part k mod folds. */
function foldOf(corpus: readonly Example[], folds: number): number[] {
  const seen = new Map<string, number>();
  return corpus.map((e) => {
    const n = seen.get(e.intent) ?? 0;
    seen.set(e.intent, n + 1);
    return n % folds;
  });
}

export const emptyScore = (): Score => ({ correct: 0, total: 0, confidentWrong: 0, unsure: 0, offered: 0, misses: [] });

/**
 * Held-out evaluation by k-fold cross-validation: each utterance is scored once by recognizers
 * trained without it (both languages' other parts for the combined recognizer, which is trained
 * on both; that language's other parts for NLP.js, one model per language as it is used), as
 * written and with one typo.
 */
export async function evaluate(phrases: Readonly<Record<Locale, IntentPhrases>>, corpus: Corpus, folds = 4): Promise<Evaluation> {
  const result = Object.fromEntries(
    LOCALES.map((l) => [l, { clean: Object.fromEntries(VARIANTS.map((v) => [v, emptyScore()])), typos: Object.fromEntries(VARIANTS.map((v) => [v, emptyScore()])) }]),
  ) as Evaluation;
  const foldsOf = Object.fromEntries(LOCALES.map((l) => [l, foldOf(corpus[l], folds)])) as Record<Locale, number[]>;
  const rules = new Recognizer(phrases);
  for (let k = 0; k < folds; k++) {
    const training = Object.fromEntries(LOCALES.map((l) => [l, corpus[l].filter((_, i) => foldsOf[l][i] !== k)])) as Record<Locale, Example[]>;
    const combined = new Recognizer(phrases, training);
    for (const locale of LOCALES) {
      const library = await trainLibrary(locale, training[locale]);
      const heldOut = corpus[locale].filter((_, i) => foldsOf[locale][i] === k);
      for (const example of heldOut) {
        for (const form of ['clean', 'typos'] as const) {
          const text = form === 'clean' ? example.text : withTypo(example.text);
          const got: Record<Variant, Answer> = {
            rules: rules.recognize(text),
            library: { intent: await library(text) },
            combined: combined.recognize(text),
          };
          for (const variant of VARIANTS) tally(result[locale][form][variant], text, example.intent, got[variant]);
        }
      }
    }
  }
  return result;
}

const LANGS: Record<Locale, unknown> = { en: LangEn, fr: LangFr };

/** NLP.js's NLU as a bot built on `@nlpjs/nlp` gets it: its normaliser, tokenizer, stemmer and network. */
async function trainLibrary(locale: Locale, examples: readonly Example[]): Promise<(text: string) => Promise<string>> {
  const container = containerBootstrap();
  container.use(LANGS[locale]);
  const nlu = new NluNeural({ locale, log: false, useNoneFeature: true }, container);
  await nlu.train(examples.map((e) => ({ utterance: e.text, intent: e.intent === 'none' ? 'None' : e.intent })));
  return async (text) => {
    const top = (await nlu.process(text)).classifications[0]?.intent ?? 'None';
    return top === 'None' ? 'none' : top;
  };
}

/**
 * The utterances written apart from the corpus, each a folder of test/nlu with one file per language:
 * paraphrases written beside the corpus and the phrase lists (whose misses were looked at as they
 * grew); requests written by other hands from a description of the bot alone, read once measured;
 * and requests written the same way that are never read while the recognizer is tuned.
 */
export const WRITTEN_APART = [
  { folder: 'paraphrases', title: 'Paraphrases written apart from the corpus' },
  { folder: 'written-apart', title: 'Requests written by other hands, read after they were measured' },
  { folder: 'blind', title: 'Requests written by other hands, never read while tuning' },
] as const;

/** Percent, one decimal. */
export const percent = (s: Score, count: number = s.correct): string => `${((100 * count) / Math.max(1, s.total)).toFixed(1)} %`;

/**
 * Scores a recognizer trained on the whole corpus on utterances written apart from it (a sanity
 * check of the cross-validation: the corpus and the phrase lists grew together), as written and
 * with one typo.
 */
export function scoreSet(recognizer: Recognizer, examples: readonly Example[]): Record<'clean' | 'typos', Score> {
  const result = { clean: emptyScore(), typos: emptyScore() };
  for (const example of examples) {
    tally(result.clean, example.text, example.intent, recognizer.recognize(example.text));
    const typed = withTypo(example.text);
    tally(result.typos, typed, example.intent, recognizer.recognize(typed));
  }
  return result;
}
