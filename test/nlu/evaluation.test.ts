import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../../src/i18n/resolve-locale.js';
import { loadCorpus, parseCorpus } from '../../src/nlu/corpus.js';
import { INTENTS } from '../../src/nlu/recognizer.js';
import { LOCALES_DIR, PROJECT_ROOT } from '../../src/paths.js';
import { evaluate, percent, scoreSet, withTypo, WRITTEN_APART, type Evaluation } from '../../support/nlu-evaluation.js';
import { phrases, recognizer } from '../helpers/recognizer.js';

/**
 * Held-out accuracy the recognizer must keep (4-fold cross-validation on the corpus, see
 * `npm run nlu:eval`): what it reaches less a margin of about half a point. Training is
 * repeatable, so the figures only move with the corpus, the lists or the code. The corpus holds
 * requests written by several hands, terse, indirect and long, so these are lower than on a corpus
 * written by one; the sets written apart are the truer measure.
 */
const FLOOR: Record<Locale, { clean: number; typos: number }> = {
  en: { clean: 0.945, typos: 0.925 },
  fr: { clean: 0.92, typos: 0.905 },
};
/** Wrong answers given with confidence (not offered as a choice), held out: at most this rate. */
const CONFIDENT_WRONG = 0.045;
/** Each set written apart from the corpus (test/nlu/paraphrases, written-apart, blind), as written: what it reaches less a margin. */
const WRITTEN_APART_FLOOR: Record<(typeof WRITTEN_APART)[number]['folder'], Record<Locale, number>> = {
  paraphrases: { en: 0.95, fr: 0.95 },
  'written-apart': { en: 0.97, fr: 0.96 },
  // The target, 97 %, on the set nobody tuned on.
  blind: { en: 0.98, fr: 0.97 },
};
/** Wrong answers given with confidence on the sets written apart: at most this rate. */
const WRITTEN_APART_WRONG = 0.04;

describe('recognizer: held-out evaluation on the corpus', function () {
  this.timeout(120_000);
  const corpus = loadCorpus(LOCALES_DIR);
  let result: Evaluation;
  before(async () => {
    result = await evaluate(phrases, corpus);
  });

  for (const locale of LOCALES) {
    it(`has at least 40 utterances per intent in ${locale}`, () => {
      for (const intent of INTENTS) {
        const count = corpus[locale].filter((e) => e.intent === intent).length;
        assert.ok(count >= 40, `${locale} ${intent}: ${count}`);
      }
      assert.deepEqual([...new Set(corpus[locale].map((e) => e.intent))].sort(), [...INTENTS].sort());
    });

    for (const form of ['clean', 'typos'] as const) {
      it(`${locale}, ${form === 'clean' ? 'as written' : 'with one typo'}: the combination keeps its floor and beats either part alone`, () => {
        const row = result[locale][form];
        const rate = row.combined.correct / row.combined.total;
        assert.ok(rate >= FLOOR[locale][form], `${percent(row.combined)} < ${FLOOR[locale][form] * 100} %`);
        assert.ok(row.combined.confidentWrong / row.combined.total <= CONFIDENT_WRONG, `confident and wrong: ${percent(row.combined, row.combined.confidentWrong)}`);
        assert.ok(row.combined.correct > row.rules.correct, `combined ${percent(row.combined)}, rules ${percent(row.rules)}`);
        assert.ok(row.combined.correct > row.library.correct, `combined ${percent(row.combined)}, library ${percent(row.library)}`);
      });
    }
  }

  for (const set of WRITTEN_APART) {
    for (const locale of LOCALES) {
      it(`understands the utterances of test/nlu/${set.folder}, written apart from the corpus, in ${locale}`, () => {
        const examples = parseCorpus(readFileSync(path.join(PROJECT_ROOT, 'test', 'nlu', set.folder, `${locale}.txt`), 'utf8'));
        const { clean } = scoreSet(recognizer, examples);
        // The blind set's misses are not printed: reading them would end its use as a blind set.
        const misses = set.folder === 'blind' ? '' : `: ${clean.misses.map((m) => m.text).join(' | ')}`;
        assert.ok(clean.correct / clean.total >= WRITTEN_APART_FLOOR[set.folder][locale], `${percent(clean)}${misses}`);
        assert.ok(clean.confidentWrong / clean.total <= WRITTEN_APART_WRONG, `confident and wrong: ${percent(clean, clean.confidentWrong)}`);
      });
    }
  }

  it('makes one typo per utterance that has a word of 5 letters or more, always the same', () => {
    assert.equal(withTypo('change partner'), withTypo('change partner'));
    assert.notEqual(withTypo('change partner'), 'change partner');
    assert.equal(withTypo('add it'), 'add it');
  });
});
