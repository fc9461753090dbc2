import { loadResources } from '../../src/i18n/i18n.js';
import { LOCALES_DIR } from '../../src/paths.js';
import { loadCorpus } from '../../src/nlu/corpus.js';
import { Recognizer, type IntentPhrases } from '../../src/nlu/recognizer.js';

const resources = loadResources(LOCALES_DIR);

export const phrases = {
  en: resources.en?.intents as unknown as IntentPhrases,
  fr: resources.fr?.intents as unknown as IntentPhrases,
};

/** The recognizer as the bot builds it: the phrases and the corpus shipped in locales/. */
export const recognizer = new Recognizer(phrases, loadCorpus(LOCALES_DIR));
