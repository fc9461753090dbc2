import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCALES } from '../../src/i18n/resolve-locale.js';
import { loadCorpus, parseCorpus, type Corpus } from '../../src/nlu/corpus.js';
import { loadRecognizer, modelFingerprint, writeRecognizerModel } from '../../src/nlu/recognizer-model.js';
import type { Recognizer } from '../../src/nlu/recognizer.js';
import { LOCALES_DIR, PROJECT_ROOT } from '../../src/paths.js';
import { phrases, recognizer as trained } from '../helpers/recognizer.js';

/** Every utterance the recognizer is measured on: the corpus and the sets written apart from it. */
const corpus = loadCorpus(LOCALES_DIR);
const utterances = LOCALES.flatMap((l) => [
  ...corpus[l].map((e) => e.text),
  ...['paraphrases', 'blind'].flatMap((set) => parseCorpus(readFileSync(path.join(PROJECT_ROOT, 'test', 'nlu', set, `${l}.txt`), 'utf8')).map((e) => e.text)),
]);
const answersOf = (r: Recognizer) => utterances.map((text) => JSON.stringify(r.recognize(text)));

describe('recognizer model file', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'recognizer-model-'));
    file = path.join(dir, 'model.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written once, and a recognizer loaded from it answers every utterance as the trained one does', () => {
    assert.equal(writeRecognizerModel(phrases, corpus, file), 'written');
    assert.equal(writeRecognizerModel(phrases, corpus, file), 'unchanged');
    const { recognizer, from } = loadRecognizer(phrases, corpus, file);
    assert.equal(from, 'model');
    assert.deepEqual(answersOf(recognizer), answersOf(trained));
  });

  it('is not used for another corpus: the recognizer is trained on the corpus it is given', () => {
    writeRecognizerModel(phrases, corpus, file);
    const grown: Corpus = { ...corpus, en: [...corpus.en, ...['zorblax', 'zorblax please', 'show the zorblax'].map((text) => ({ intent: 'history', text }))] };
    assert.notEqual(modelFingerprint(phrases, grown), modelFingerprint(phrases, corpus));
    const { recognizer, from } = loadRecognizer(phrases, grown, file);
    assert.equal(from, 'training');
    assert.equal(recognizer.recognize('zorblax').intent, 'history');
    assert.notEqual(trained.recognize('zorblax').intent, 'history');
  });

  it('is not used for other phrase lists', () => {
    writeRecognizerModel(phrases, corpus, file);
    const other = { ...phrases, fr: { concepts: { ...phrases.fr.concepts, cancel: [...phrases.fr.concepts.cancel, 'basta'] } } };
    assert.equal(loadRecognizer(other, corpus, file).from, 'training');
  });

  it('trains at start when the file is missing, cut short or of the wrong shape, and a build writes it again', () => {
    assert.equal(loadRecognizer(phrases, corpus, file).from, 'training');
    writeRecognizerModel(phrases, corpus, file);
    const whole = readFileSync(file, 'utf8');
    writeFileSync(file, whole.slice(0, whole.length / 2));
    assert.equal(loadRecognizer(phrases, corpus, file).from, 'training');
    writeFileSync(file, JSON.stringify({ fingerprint: modelFingerprint(phrases, corpus), trained: { network: {}, regression: {} } }));
    const { recognizer, from } = loadRecognizer(phrases, corpus, file);
    assert.equal(from, 'training');
    assert.equal(recognizer.recognize('change the partner of E3').intent, 'changePartner');
    assert.equal(writeRecognizerModel(phrases, corpus, file), 'written');
    assert.equal(loadRecognizer(phrases, corpus, file).from, 'model');
  });
});
