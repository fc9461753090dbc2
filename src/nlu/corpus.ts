import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../i18n/resolve-locale.js';

/** One utterance of the corpus and the intent it means. */
export interface Example {
  readonly intent: string;
  readonly text: string;
}

export type Corpus = Readonly<Record<Locale, readonly Example[]>>;

const INTENT_LINE = /^#\s*intent:\s*(\w+)\s*$/;

/**
 * Reads a corpus file: utterances one a line under `# intent: NAME`; blank lines and other `#`
 * lines are comments. Plain text rather than JSON, so that utterances are kept as people type
 * them (the locale files' typography rules do not apply to what users write).
 */
export function parseCorpus(text: string): Example[] {
  const examples: Example[] = [];
  let intent: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const heading = INTENT_LINE.exec(line);
    if (heading) intent = heading[1];
    else if (line !== '' && !line.startsWith('#')) {
      if (!intent) throw new Error(`corpus: "${line}" comes before any "# intent:" line`);
      examples.push({ intent, text: line });
    }
  }
  return examples;
}

/** `locales/<lang>/corpus.txt` of every language. */
export function loadCorpus(localesDir: string): Corpus {
  const read = (locale: Locale) => parseCorpus(readFileSync(path.join(localesDir, locale, 'corpus.txt'), 'utf8'));
  return Object.fromEntries(LOCALES.map((l) => [l, read(l)])) as Record<Locale, Example[]>;
}
