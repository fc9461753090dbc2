import { Texts } from '../src/i18n/i18n.js';
import { LOCALES } from '../src/i18n/resolve-locale.js';
import { loadCorpus } from '../src/nlu/corpus.js';
import type { IntentPhrases } from '../src/nlu/recognizer.js';
import { LOCALES_DIR } from '../src/paths.js';
import { evaluate, percent, VARIANTS } from '../support/nlu-evaluation.js';

/**
 * `npm run nlu:eval [-- --misses]`: the held-out evaluation of the recognizers on the corpus of
 * locales/{en,fr}/corpus.txt (4-fold cross-validation, as written and with one typo), as a
 * Markdown table; `--misses` lists what each got wrong.
 */
const texts = Texts.fromDirectory(LOCALES_DIR);
const phrases = {
  en: texts.tree('en', 'intents') as unknown as IntentPhrases,
  fr: texts.tree('fr', 'intents') as unknown as IntentPhrases,
};
const corpus = loadCorpus(LOCALES_DIR);
const result = await evaluate(phrases, corpus);
console.log(`| language | utterances | typed | ${VARIANTS.join(' | ')} |`);
console.log(`|:--|--:|:--|${VARIANTS.map(() => '--:').join('|')}|`);
for (const locale of LOCALES) {
  for (const form of ['clean', 'typos'] as const) {
    const row = result[locale][form];
    console.log(`| ${locale} | ${row.rules.total} | ${form === 'clean' ? 'as written' : 'one typo'} | ${VARIANTS.map((v) => percent(row[v])).join(' | ')} |`);
  }
}
if (process.argv.includes('--misses')) {
  for (const locale of LOCALES) {
    for (const form of ['clean', 'typos'] as const) {
      for (const variant of VARIANTS) {
        for (const m of result[locale][form][variant].misses) console.log(`${locale} ${form} ${variant}: ${m.expected} → ${m.got}: ${m.text}`);
      }
    }
  }
}
