import { LOCALES, type Locale } from '../i18n/resolve-locale.js';
import { editDistance, normalize, typoAllowance } from './normalize.js';

export const CONCEPTS = [
  'add', 'change', 'remove', 'view', 'partner', 'reseller', 'purchase', 'offer', 'accept',
  'history', 'relationship', 'help', 'cancel', 'yes', 'no', 'language', 'refresh',
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

export interface Recognized {
  readonly intent: Intent;
  /** A 6–10 digit number in the text, taken as a Partner ID the admin already gave. */
  readonly partnerId?: string;
  /** With `switchLanguage`: the language asked for. */
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
 * partner of record; "help me add a partner" is a task, not help.
 */
const RULES: readonly Rule[] = [
  { intent: 'cancel', all: ['cancel'], none: ['partner', 'reseller', 'offer'] },
  { intent: 'refresh', all: ['refresh'] },
  { intent: 'removeReseller', all: ['reseller'], none: ['view'] },
  { intent: 'viewRelationships', all: ['reseller'] },
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

const MEMO_SIZE = 5000;

const PARTNER_ID_IN_TEXT = /(?:^|\D)(\d{6,10})(?!\d)/;

/**
 * Understands plain requests in French and English, whatever the language of the turn: an admin
 * in an English Teams client may well type in French. Phrases are data (one file per language);
 * matching ignores case, accents, word order and small typos.
 */
export class Recognizer {
  readonly #keywords: ReadonlyMap<Concept, readonly Keyword[]>;
  readonly #languageWords: ReadonlyMap<Locale, readonly Keyword[]>;
  /** People type the same few requests: remember what each text meant (bounded). */
  readonly #memo = new Map<string, Recognized>();

  constructor(phrases: Readonly<Record<Locale, IntentPhrases>>) {
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
  }

  recognize(text: string): Recognized {
    const known = this.#memo.get(text);
    if (known) return known;
    const recognized = this.understand(text);
    if (this.#memo.size >= MEMO_SIZE) this.#memo.delete(this.#memo.keys().next().value as string);
    this.#memo.set(text, recognized);
    return recognized;
  }

  private understand(text: string): Recognized {
    const tokens = tokensOf(text);
    const partnerId = PARTNER_ID_IN_TEXT.exec(text)?.[1];
    const extra = partnerId ? { partnerId } : {};
    if (tokens.length === 0) return { intent: 'none', ...extra };

    // "English", « en français »: a short message naming a language switches to it.
    if (tokens.length <= 4) {
      for (const [language, words] of this.#languageWords) {
        if (words.some((k) => matches(k, tokens))) return { intent: 'switchLanguage', language };
      }
    }
    const found = new Set(CONCEPTS.filter((c) => this.has(c, tokens)));
    const rule = RULES.find(
      (r) => r.all.every((c) => found.has(c)) && !(r.none ?? []).some((c) => found.has(c)),
    );
    return { intent: rule?.intent ?? 'none', ...extra };
  }

  /** Reads a typed answer to a yes/no question: true, false, or undefined when it is neither. */
  yesNo(text: string): boolean | undefined {
    const tokens = tokensOf(text);
    const yes = this.has('yes', tokens);
    const no = this.has('no', tokens);
    return yes === no ? undefined : yes;
  }

  private has(concept: Concept, tokens: readonly string[]): boolean {
    return (this.#keywords.get(concept) ?? []).some((k) => matches(k, tokens));
  }
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

function wordMatches(keyword: string, token: string, prefix: boolean): boolean {
  if (token === keyword) return true;
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

/** True when the keyword's words appear in the tokens, one after the other. */
function matches(keyword: Keyword, tokens: readonly string[]): boolean {
  const { words, prefix } = keyword;
  const last = words.length - 1;
  for (let start = 0; start + last < tokens.length; start++) {
    if (words.every((w, i) => wordMatches(w, tokens[start + i]!, prefix && i === last))) return true;
  }
  return false;
}
