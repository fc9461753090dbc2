import { LOCALES, type Locale } from '../i18n/resolve-locale.js';
import { IntentClassifier, type Features, type Scored } from './classifier.js';
import type { Corpus } from './corpus.js';
import { namesProduct, partnerIdIn } from './entities.js';
import { editDistance, normalize, typoAllowance } from './normalize.js';
import { StemmerEn } from '@nlpjs/lang-en-min';
import { StemmerFr } from '@nlpjs/lang-fr';
import { Speller } from './spelling.js';
import { SoftmaxClassifier, type RegressionJson } from './softmax.js';
import type { NetworkJson } from '@nlpjs/neural';

/**
 * What the phrase lists name. `other` is a word class of things the bot has nothing to do with (a
 * printer, a guest, a password): no rule uses it, the classifiers weigh it against the tasks.
 */
export const CONCEPTS = [
  'add', 'change', 'remove', 'view', 'partner', 'reseller', 'purchase', 'offer', 'accept',
  'history', 'relationship', 'help', 'cancel', 'yes', 'no', 'language', 'refresh', 'other',
] as const;
export type Concept = (typeof CONCEPTS)[number];

export const INTENTS = [
  'addPartner', 'changePartner', 'removePartner', 'viewRelationships', 'removeReseller',
  'addAtPurchase', 'acceptOffer', 'history', 'refresh', 'help', 'cancel', 'switchLanguage', 'none',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents that start a task; typing one in the middle of another task switches to it. */
export const TASK_INTENTS: readonly Intent[] = [
  'addPartner', 'changePartner', 'removePartner', 'viewRelationships', 'removeReseller',
  'addAtPurchase', 'acceptOffer', 'history', 'refresh',
];

/** What training gave: NLP.js's network in its own format and the regression's weights. */
export interface TrainedClassifiers {
  readonly network: NetworkJson;
  readonly regression: RegressionJson<Intent>;
}

export interface Recognized {
  readonly intent: Intent;
  /**
   * Set when the recognizer is not sure enough to act: the tasks the text most likely asks for,
   * most likely first, to offer as a choice (`intent` is then `none`).
   */
  readonly unsure?: readonly Intent[];
  /** A Partner ID in the text ("1234567", "123 4567"), taken as one the admin already gave. */
  readonly partnerId?: string;
  /** With `switchLanguage`: the language asked for (none named: the other one). */
  readonly language?: Locale;
}

/** The recognizer's phrases for one language: `locales/<lang>/intents.json`. */
export interface IntentPhrases {
  readonly concepts: Readonly<Record<Concept, readonly string[]>>;
}

interface Keyword {
  readonly words: readonly string[];
  /** The last word may be a prefix ("partenair*" matches partenaire, partenaires). */
  readonly prefix: boolean;
}

type Rule = { intent: Intent; all: Concept[]; none?: Concept[] };

/**
 * How concepts combine into intents, first match wins. The order settles overlaps: "what
 * changed" is history before it is a change; "remove my reseller" is about the reseller, not a
 * partner of record, unless the reseller makes an offer; "help me add a partner" is a task, not help.
 */
const RULES: readonly Rule[] = [
  { intent: 'cancel', all: ['cancel'], none: ['partner', 'reseller', 'offer'] },
  { intent: 'refresh', all: ['refresh'] },
  { intent: 'removeReseller', all: ['reseller', 'remove'], none: ['offer'] },
  { intent: 'removeReseller', all: ['reseller'], none: ['view', 'offer'] },
  { intent: 'viewRelationships', all: ['reseller'], none: ['offer'] },
  { intent: 'history', all: ['history'] },
  { intent: 'acceptOffer', all: ['offer'] },
  { intent: 'acceptOffer', all: ['accept', 'partner'] },
  { intent: 'addAtPurchase', all: ['purchase'] },
  { intent: 'viewRelationships', all: ['relationship'], none: ['add', 'change', 'remove'] },
  { intent: 'viewRelationships', all: ['view', 'partner'], none: ['add', 'change', 'remove'] },
  { intent: 'changePartner', all: ['change'] },
  { intent: 'removePartner', all: ['remove'] },
  { intent: 'addPartner', all: ['add'] },
  { intent: 'viewRelationships', all: ['view'] },
  { intent: 'help', all: ['help'] },
  { intent: 'help', all: ['partner'] },
];

/** Concepts that only this bot's requests have: a text with none of them is likely about something else. */
const DOMAIN: readonly Concept[] = ['partner', 'reseller', 'offer', 'purchase', 'relationship', 'history', 'refresh'];

/** Concepts that name something a task acts on. */
const PARTIES: readonly Concept[] = ['partner', 'reseller', 'offer', 'relationship'];

/** Concepts that say nothing of what to do. */
const NOT_ACTIONS: readonly Concept[] = ['partner', 'yes', 'no'];

const MEMO_SIZE = 5000;

/** At or above this score the classifier's first choice is taken as it is. */
export const CONFIDENT = 0.5;
/** A task read from a text that names none (only a partner) is taken only at or above this score. */
export const SURE = 0.95;
/** Below CONFIDENT but at least this, the two most likely tasks are offered as a choice. */
export const CLOSE = 0.25;

/**
 * Understands plain requests in French and English, whatever the language of the turn: an admin
 * in an English Teams client may well type in French. Two parts, both data-driven: concepts, from
 * phrase lists that match whatever the case, accents, word order and small typos; and, when a
 * corpus is given, NLP.js's classifier and a logistic regression, trained at start on the corpus
 * of both languages, which see the words (spelled back to known ones), their stems, the concepts,
 * whether a product is named or nothing of the bot's domain is, and what the concepts' rules alone
 * would say. Below a confidence threshold it does not guess (`unsure`).
 */
export class Recognizer {
  readonly #keywords: ReadonlyMap<Concept, readonly Keyword[]>;
  readonly #languageWords: ReadonlyMap<Locale, readonly Keyword[]>;
  /** NLP.js's network and a logistic regression on the same features; their scores are averaged. */
  readonly #classifiers: ReadonlyArray<{ classify(features: Features): Array<Scored<Intent>> }> = [];
  readonly #trained: { network: IntentClassifier<Intent>; regression: SoftmaxClassifier<Intent> } | undefined;
  readonly #speller: Speller | undefined;
  /**
   * With the speller, tokens are spelled as known words and phrases are matched exactly: phrases
   * indexed by their first word, and one-word prefixes ("partner*") apart.
   */
  readonly #byFirstWord = new Map<string, Array<{ concept: Concept; keyword: Keyword }>>();
  readonly #prefixWords: Array<{ concept: Concept; stem: string }> = [];
  readonly #stemmers = [new StemmerEn(), new StemmerFr()];
  /** People type the same few requests: remember what each text meant (bounded). */
  readonly #memo = new Map<string, Recognized>();

  /**
   * With a corpus, the classifiers are trained on it, or taken as they are from `trained`: what
   * `trained()` gave for the same phrases, corpus and code (see recognizer-model.ts).
   */
  constructor(phrases: Readonly<Record<Locale, IntentPhrases>>, corpus?: Corpus, trained?: TrainedClassifiers) {
    const keywords = new Map<Concept, Keyword[]>();
    const languageWords = new Map<Locale, Keyword[]>();
    for (const locale of LOCALES) {
      for (const concept of CONCEPTS) {
        const list = (phrases[locale].concepts[concept] ?? []).map(toKeyword);
        if (concept === 'language') languageWords.set(locale, list);
        else keywords.set(concept, [...(keywords.get(concept) ?? []), ...list]);
      }
    }
    this.#keywords = keywords;
    this.#languageWords = languageWords;
    if (!corpus) return;
    for (const [concept, list] of keywords) {
      for (const keyword of list) {
        const [first] = keyword.words;
        if (first === undefined) continue;
        if (keyword.prefix && keyword.words.length === 1) this.#prefixWords.push({ concept, stem: first });
        else this.#byFirstWord.set(first, [...(this.#byFirstWord.get(first) ?? []), { concept, keyword }]);
      }
    }
    const examples = LOCALES.flatMap((l) => corpus[l]).filter((e) => (INTENTS as readonly string[]).includes(e.intent));
    this.#speller = spellerOf([...keywords.values(), ...languageWords.values()].flat(), examples.flatMap((e) => tokensOf(e.text)));
    let network: IntentClassifier<Intent>;
    let regression: SoftmaxClassifier<Intent>;
    if (trained) {
      network = new IntentClassifier<Intent>(trained.network);
      regression = new SoftmaxClassifier<Intent>(trained.regression);
    } else {
      const training = examples.map((e) => ({ intent: e.intent as Intent, features: this.read(e.text).features }));
      // The network trains in time proportional to the features of each utterance: the words as
      // typed would make it half as slow again to build, and the regression gains more from them.
      network = new IntentClassifier(training.map((e) => ({ intent: e.intent, features: withoutWords(e.features) })));
      regression = new SoftmaxClassifier(training);
    }
    this.#trained = { network, regression };
    this.#classifiers = [{ classify: (f) => network.classify(withoutWords(f)) }, regression];
  }

  /** The trained classifiers as plain data, to build the same recognizer again without training. */
  trained(): TrainedClassifiers | undefined {
    const trained = this.#trained;
    return trained && { network: trained.network.toJSON(), regression: trained.regression.toJSON() };
  }

  recognize(text: string): Recognized {
    const known = this.#memo.get(text);
    if (known) return known;
    const recognized = this.understand(text);
    if (this.#memo.size >= MEMO_SIZE) this.#memo.delete(this.#memo.keys().next().value as string);
    this.#memo.set(text, recognized);
    return recognized;
  }

  /** The intent the concepts' rules alone give (the recognizer without its classifier). */
  ruleIntent(text: string): Intent {
    return this.read(text).rule;
  }

  private understand(text: string): Recognized {
    const partnerId = partnerIdIn(text);
    const extra = partnerId ? { partnerId } : {};
    const { tokens, concepts, rule, features } = this.read(text);
    if (tokens.length === 0) return { intent: 'none', ...extra };

    // "English", « en français »: a short message naming a language switches to it.
    const language =
      tokens.length === 1 && (LOCALES as readonly string[]).includes(tokens[0]!)
        ? (tokens[0] as Locale)
        : tokens.length <= 4
          ? this.languageIn(tokens)
          : undefined;
    if (language) return { intent: 'switchLanguage', language };
    if (this.#classifiers.length === 0) return { intent: rule, ...extra };

    const ranked = this.classify(features);
    const [first, second] = ranked;
    if (!first) return { intent: rule, ...extra };
    // Unsure, the classifier still decides when the rules agree with one of its two first choices.
    const agreed = rule !== 'none' && (rule === first.intent || rule === second?.intent);
    let intent: Intent = first.score >= CONFIDENT ? first.intent : agreed ? rule : 'none';
    // « le partenaire de E3 », "our partner for Power BI": a partner and nothing that says what
    // to do with it. Whatever the scores, that is a guess: offer the likeliest tasks instead.
    // Named with a product, it is no call for help either ("partner" alone is).
    const guess =
      first.score < SURE &&
      (TASK_INTENTS.includes(intent) || (intent === 'help' && features['x:product'] === 1)) &&
      !concepts.some((c) => !NOT_ACTIONS.includes(c));
    if (guess) intent = 'none';
    if (intent === 'switchLanguage') {
      // "change language" with no language named: the dialog switches to the other one.
      const asked = this.languageIn(tokens);
      return asked ? { intent, language: asked } : { intent };
    }
    if (intent !== 'none' || (!guess && (first.score < CLOSE || !TASK_INTENTS.includes(first.intent)))) return { intent, ...extra };
    // The two likeliest tasks, past any help or cancel ranked between them.
    const unsure = ranked.filter((s) => TASK_INTENTS.includes(s.intent)).slice(0, 2).map((s) => s.intent);
    intent = 'none';
    return { intent, unsure, ...extra };
  }

  /** The classifiers' scores averaged, most likely first. */
  private classify(features: Features): Array<Scored<Intent>> {
    const total = new Map<Intent, number>();
    for (const classifier of this.#classifiers) {
      for (const { intent, score } of classifier.classify(features)) total.set(intent, (total.get(intent) ?? 0) + score / this.#classifiers.length);
    }
    return [...total].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score);
  }

  /** The words as the classifier sees them, the rules' intent, and the classifier's features. */
  private read(text: string): { tokens: string[]; concepts: Concept[]; rule: Intent; features: Features } {
    const speller = this.#speller;
    const tokens = tokensOf(text).map((t) => (speller ? speller.correct(t) : t));
    const found = speller ? this.conceptsIn(tokens) : new Set(CONCEPTS.filter((c) => this.has(c, tokens)));
    const rule =
      RULES.find((r) => r.all.every((c) => found.has(c)) && !(r.none ?? []).some((c) => found.has(c)))?.intent ?? 'none';
    const features: Record<string, number> = { [`r:${rule}`]: 1 };
    const concepts = [...found];
    if (!speller) return { tokens, concepts, rule, features };
    for (const concept of found) features[`c:${concept}`] = 1;
    const product = namesProduct(text);
    if (product) features['x:product'] = 1;
    // "change the wifi password", « acheter un café »: the bot's verbs about something else.
    if (!product && !DOMAIN.some((c) => found.has(c)) && !partnerIdIn(text)) features['x:offtopic'] = 1;
    // "add a printer", « changer ma photo »: the rules' task with no partner, reseller, offer or
    // product to act on is a feature apart, so that the classifiers weigh the bare verb on its own.
    if (!product && !PARTIES.some((c) => found.has(c)) && !partnerIdIn(text)) {
      delete features[`r:${rule}`];
      features[`o:${rule}`] = 1;
    }
    // Two words side by side ("no longer", « mettre fin »): the regression only, as the words as typed.
    for (let i = 0; i + 1 < tokens.length; i++) features[`w:${tokens[i]}_${tokens[i + 1]}`] = 1;
    for (const token of tokens) {
      if (/^\d+$/.test(token)) {
        if (token.length >= 6 && token.length <= 10) features['#id'] = 1;
        continue;
      }
      // The word as typed tells apart what its stem merges ("changes" is history, "change" a task).
      features[`w:${token}`] = 1;
      for (const stemmer of this.#stemmers) features[`s:${stemmer.stemWord(token)}`] = 1;
    }
    return { tokens, concepts, rule, features };
  }

  /** The concepts of tokens spelled as known words (exact matches, through the index). */
  private conceptsIn(tokens: readonly string[]): Set<Concept> {
    const found = new Set<Concept>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      for (const { concept, keyword } of this.#byFirstWord.get(token) ?? []) {
        if (!found.has(concept) && matchesAt(keyword, tokens, i)) found.add(concept);
      }
      for (const { concept, stem } of this.#prefixWords) if (token.startsWith(stem)) found.add(concept);
    }
    return found;
  }

  private languageIn(tokens: readonly string[]): Locale | undefined {
    for (const [language, words] of this.#languageWords) {
      if (words.some((k) => matches(k, tokens))) return language;
    }
    return undefined;
  }

  /** Reads a typed answer to a yes/no question: true, false, or undefined when it is neither. */
  yesNo(text: string): boolean | undefined {
    const tokens = tokensOf(text);
    const yes = this.has('yes', tokens);
    const no = this.has('no', tokens);
    return yes === no ? undefined : yes;
  }

  /** Without the speller, phrases match loosely (a typo or two). */
  private has(concept: Concept, tokens: readonly string[]): boolean {
    return (this.#keywords.get(concept) ?? []).some((k) => matches(k, tokens));
  }
}
/**
 * The speller of the phrase lists' words and the corpus's. The corpus keeps typos on purpose
 * ("remvoe", « suprimer »): a word of it is taken as known when it is seen twice or more, unless it
 * is a typo of a list's whole word (or of a frequent word a listed prefix such as "supprim*"
 * starts) that the corpus has five times as often; the rest are spelled back like any other typo.
 */
function spellerOf(lists: readonly Keyword[], corpusTokens: readonly string[]): Speller {
  const words = lists.flatMap((k) => k.words);
  const listed = new Set(words);
  const seen = new Map<string, number>();
  for (const token of corpusTokens) seen.set(token, (seen.get(token) ?? 0) + 1);
  const stems = lists.filter((k) => k.prefix).map((k) => k.words.at(-1)!);
  const whole = lists.flatMap((k) => (k.prefix ? k.words.slice(0, -1) : k.words));
  const frequent = [...seen].filter(([token, count]) => count >= 5 && stems.some((stem) => token.startsWith(stem))).map(([token]) => token);
  const vocabulary = new Speller([...whole, ...frequent]);
  const isTypo = (token: string, count: number) => {
    const meant = vocabulary.correct(token);
    return meant !== token && (seen.get(meant) ?? 0) >= 5 * count;
  };
  const known = [...seen].flatMap(([token, count]) => (listed.has(token) || (count >= 2 && !isTypo(token, count)) ? Array<string>(count).fill(token) : []));
  return new Speller([...words, ...known]);
}

/** The features but the words as typed (`w:`). */
function withoutWords(features: Features): Features {
  const kept: Record<string, number> = {};
  for (const key in features) if (!key.startsWith('w:')) kept[key] = features[key]!;
  return kept;
}

function tokensOf(text: string): string[] {
  const normalized = normalize(text);
  return normalized === '' ? [] : normalized.replace(/\?/g, ' ? ').trim().split(/\s+/);
}

function toKeyword(phrase: string): Keyword {
  const prefix = phrase.endsWith('*');
  const words = normalize(prefix ? phrase.slice(0, -1) : phrase).split(' ').filter(Boolean);
  return { words, prefix };
}

function wordMatches(keyword: string, token: string, prefix: boolean, fuzzy: boolean): boolean {
  if (token === keyword) return true;
  if (!fuzzy) return prefix && token.startsWith(keyword);
  const allowance = typoAllowance(keyword.length);
  if (prefix) {
    if (token.startsWith(keyword)) return true;
    if (allowance === 0 || token.length < keyword.length - 1) return false;
    // A typo inside the stem: compare the stem with the token's start, a letter more or less.
    return [0, 1, -1].some(
      (d) => editDistance(token.slice(0, keyword.length + d), keyword, allowance) <= allowance,
    );
  }
  return allowance > 0 && editDistance(token, keyword, allowance) <= allowance;
}

/** True when the keyword's words are the tokens from `start` on, exactly (its last word as a prefix if it is one). */
function matchesAt(keyword: Keyword, tokens: readonly string[], start: number): boolean {
  const { words, prefix } = keyword;
  const last = words.length - 1;
  if (start + last >= tokens.length) return false;
  for (let j = 0; j <= last; j++) {
    const token = tokens[start + j]!;
    if (!(token === words[j] || (prefix && j === last && token.startsWith(words[j]!)))) return false;
  }
  return true;
}

/** True when the keyword's words appear in the tokens, one after the other. */
function matches(keyword: Keyword, tokens: readonly string[], fuzzy = true): boolean {
  const { words, prefix } = keyword;
  const last = words.length - 1;
  for (let start = 0; start + last < tokens.length; start++) {
    if (words.every((w, i) => wordMatches(w, tokens[start + i]!, prefix && i === last, fuzzy))) return true;
  }
  return false;
}
