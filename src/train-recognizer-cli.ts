import { Texts } from './i18n/i18n.js';
import { loadCorpus } from './nlu/corpus.js';
import { recognizerPhrases, writeRecognizerModel } from './nlu/recognizer-model.js';
import { LOCALES_DIR, RECOGNIZER_MODEL_FILE } from './paths.js';

/**
 * Part of `npm run build`: trains the recognizer on locales/ and writes it to dist/, so that the
 * bot's start loads it instead of training (it trains at start if the file is missing or stale).
 */
const started = performance.now();
const done = writeRecognizerModel(recognizerPhrases(Texts.fromDirectory(LOCALES_DIR)), loadCorpus(LOCALES_DIR), RECOGNIZER_MODEL_FILE);
if (done === 'written') console.log(`recognizer trained in ${Math.round(performance.now() - started)} ms: ${RECOGNIZER_MODEL_FILE}`);
