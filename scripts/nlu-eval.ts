import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Texts } from '../src/i18n/i18n.js';
import { LOCALES } from '../src/i18n/resolve-locale.js';
import { loadCorpus, parseCorpus } from '../src/nlu/corpus.js';
import { Recognizer } from '../src/nlu/recognizer.js';
import { recognizerPhrases } from '../src/nlu/recognizer-model.js';
import { LOCALES_DIR, PROJECT_ROOT } from '../src/paths.js';
import { evaluate, percent, scoreSet, VARIANTS, WRITTEN_APART, type Score } from '../support/nlu-evaluation.js';

/**
 * `npm run nlu:eval [-- --misses [--blind]]`: the held-out evaluation of the recognizers on the corpus of
 * locales/{en,fr}/corpus.txt (4-fold cross-validation, as written and with one typo), and the
 * recognizer trained on the whole corpus scored on the sets written apart from it (test/nlu/paraphrases, test/nlu/blind), as
 * Markdown tables; `--misses` lists what each got wrong (the combined recognizer's, with the tasks
 * it offered when unsure), but for the blind set's, which `--blind` adds.
 */
const phrases = recognizerPhrases(Texts.fromDirectory(LOCALES_DIR));
const corpus = loadCorpus(LOCALES_DIR);
const result = await evaluate(phrases, corpus);
const wrong = (s: Score) => percent(s, s.confidentWrong);
const unsure = (s: Score) => `${percent(s, s.unsure)} (${s.offered} right)`;
console.log(`| language | utterances | typed | ${VARIANTS.join(' | ')} | combined: confident and wrong | combined: unsure (task meant offered) |`);
console.log(`|:--|--:|:--|${VARIANTS.map(() => '--:').join('|')}|--:|--:|`);
for (const locale of LOCALES) {
  for (const form of ['clean', 'typos'] as const) {
    const row = result[locale][form];
    console.log(`| ${locale} | ${row.rules.total} | ${form === 'clean' ? 'as written' : 'one typo'} | ${VARIANTS.map((v) => percent(row[v])).join(' | ')} | ${wrong(row.combined)} | ${unsure(row.combined)} |`);
  }
}

const recognizer = new Recognizer(phrases, corpus);
const sets = WRITTEN_APART.map((set) => ({
  ...set,
  scores: LOCALES.map((locale) => {
    const examples = parseCorpus(readFileSync(path.join(PROJECT_ROOT, 'test', 'nlu', set.folder, `${locale}.txt`), 'utf8'));
    return { locale, score: scoreSet(recognizer, examples) };
  }),
}));
for (const set of sets) {
  console.log(`\n${set.title} (recognizer trained on the whole corpus):\n`);
  console.log('| language | utterances | typed | combined | confident and wrong | unsure (task meant offered) |');
  console.log('|:--|--:|:--|--:|--:|--:|');
  for (const { locale, score } of set.scores) {
    for (const form of ['clean', 'typos'] as const) {
      const s = score[form];
      console.log(`| ${locale} | ${s.total} | ${form === 'clean' ? 'as written' : 'one typo'} | ${percent(s)} | ${wrong(s)} | ${unsure(s)} |`);
    }
  }
}

if (process.argv.includes('--misses')) {
  const show = (label: string, s: Score) => {
    for (const m of s.misses) console.log(`${label}: ${m.expected} → ${m.got}${m.unsure ? ` (offers ${m.unsure.join(', ')})` : ''}: ${m.text}`);
  };
  console.log('');
  for (const locale of LOCALES) {
    for (const form of ['clean', 'typos'] as const) {
      for (const variant of process.argv.includes('--all') ? VARIANTS : (['combined'] as const)) show(`${locale} ${form} ${variant}`, result[locale][form][variant]);
    }
  }
  for (const set of sets) {
    // The blind set's misses only with --blind: reading them ends its use as a blind set.
    if (set.folder === 'blind' && !process.argv.includes('--blind')) continue;
    for (const { locale, score } of set.scores) for (const form of ['clean', 'typos'] as const) show(`${locale} ${form} ${set.folder}`, score[form]);
  }
}
