import { loadResources } from '../../src/i18n/i18n.js';
import { LOCALES_DIR } from '../../src/paths.js';
import { Recognizer, type IntentPhrases } from '../../src/nlu/recognizer.js';

const resources = loadResources(LOCALES_DIR);

/** The recognizer with the phrases shipped in locales/. */
export const recognizer = new Recognizer({
  en: resources.en?.intents as unknown as IntentPhrases,
  fr: resources.fr?.intents as unknown as IntentPhrases,
});
