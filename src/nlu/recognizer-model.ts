import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Texts } from '../i18n/i18n.js';
import { LOCALES, type Locale } from '../i18n/resolve-locale.js';
import type { Corpus } from './corpus.js';
import { Recognizer, type IntentPhrases, type TrainedClassifiers } from './recognizer.js';

/**
 * The trained recognizer kept in a file, so that the bot's start does not pay for training (about
 * a second on this corpus, and it grows with it): `npm run build` trains it once, and a start
 * loads it when it was trained from the same phrases, corpus, recognizer code and NLP.js version,
 * and trains in process otherwise. Loaded or trained, the recognizer is the same.
 */
interface ModelFile {
  readonly fingerprint: string;
  readonly trained: TrainedClassifiers;
}

type Phrases = Readonly<Record<Locale, IntentPhrases>>;

/** The phrase lists of every language (`locales/<lang>/intents.json`). */
export function recognizerPhrases(texts: Texts): Phrases {
  return Object.fromEntries(LOCALES.map((l) => [l, texts.tree(l, 'intents') as unknown as IntentPhrases])) as Record<Locale, IntentPhrases>;
}

const CODE_DIR = path.dirname(fileURLToPath(import.meta.url));
const NLPJS_VERSION = (createRequire(import.meta.url)('@nlpjs/neural/package.json') as { version: string }).version;

/** What a trained model depends on: the phrases, the corpus, this folder's code, NLP.js's version. */
export function modelFingerprint(phrases: Phrases, corpus: Corpus): string {
  const hash = createHash('sha256').update(JSON.stringify(phrases)).update(JSON.stringify(corpus)).update(NLPJS_VERSION);
  for (const file of readdirSync(CODE_DIR).filter((f) => f.endsWith('.js')).sort()) {
    hash.update(file).update(readFileSync(path.join(CODE_DIR, file)));
  }
  return hash.digest('hex');
}

/** The model file's content, if it has the shape of one. */
function readModel(file: string): ModelFile | undefined {
  try {
    const model = JSON.parse(readFileSync(file, 'utf8')) as Partial<ModelFile> | null;
    const { network, regression } = model?.trained ?? {};
    const shaped = typeof model?.fingerprint === 'string' && Array.isArray(network?.perceptrons) && Array.isArray(regression?.weights);
    return shaped ? (model as ModelFile) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The recognizer of these phrases and corpus: from the model file when it matches them, trained
 * now when there is none, it is unreadable or it was trained from anything else.
 */
export function loadRecognizer(phrases: Phrases, corpus: Corpus, file: string): { recognizer: Recognizer; from: 'model' | 'training' } {
  const model = readModel(file);
  if (model?.fingerprint === modelFingerprint(phrases, corpus)) {
    try {
      return { recognizer: new Recognizer(phrases, corpus, model.trained), from: 'model' };
    } catch {
      // A file of the right fingerprint but the wrong shape: trained again below.
    }
  }
  return { recognizer: new Recognizer(phrases, corpus), from: 'training' };
}

/** Trains and writes the model file, unless the one there already matches. Written whole or not at all. */
export function writeRecognizerModel(phrases: Phrases, corpus: Corpus, file: string): 'written' | 'unchanged' {
  const fingerprint = modelFingerprint(phrases, corpus);
  if (readModel(file)?.fingerprint === fingerprint) return 'unchanged';
  const trained = new Recognizer(phrases, corpus).trained();
  if (!trained) throw new Error('the recognizer trained no classifier');
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ fingerprint, trained } satisfies ModelFile));
  renameSync(temporary, file);
  return 'written';
}
