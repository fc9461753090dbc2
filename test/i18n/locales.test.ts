import assert from 'node:assert/strict';
import i18next from 'i18next';
import { loadResources, Texts } from '../../src/i18n/i18n.js';
import { DOMAIN_ERROR_KEYS } from '../../src/i18n/domain-errors.js';
import { resolveLocale } from '../../src/i18n/resolve-locale.js';
import { LOCALES_DIR } from '../../src/paths.js';

const keys = (tree: unknown, prefix = ''): string[] =>
  tree !== null && typeof tree === 'object' && !Array.isArray(tree)
    ? Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
    : [prefix];

describe('locales', () => {
  const resources = loadResources(LOCALES_DIR);
  const texts = Texts.fromDirectory(LOCALES_DIR);

  it('has exactly the same keys in English and French', () => {
    assert.deepEqual(keys(resources.fr).sort(), keys(resources.en).sort());
  });

  it('gives every domain error code a text in both languages', () => {
    const en = texts.translator('en');
    const fr = texts.translator('fr');
    for (const [code, key] of Object.entries(DOMAIN_ERROR_KEYS)) {
      assert.notEqual(en(key), key, `${code}: ${key} has no English text`);
      assert.notEqual(fr(key), key, `${code}: ${key} has no French text`);
    }
  });

  it('has no empty string and no leftover English in French', () => {
    const en = new Map<string, unknown>();
    const walk = (tree: unknown, prefix: string, visit: (key: string, value: unknown) => void) => {
      if (tree !== null && typeof tree === 'object') {
        for (const [k, v] of Object.entries(tree)) walk(v, `${prefix}.${k}`, visit);
      } else visit(prefix, tree);
    };
    walk(resources.en, '', (k, v) => en.set(k, v));
    walk(resources.fr, '', (k, v) => {
      assert.equal(typeof v, 'string', k);
      assert.notEqual((v as string).trim(), '', `${k} is empty`);
      // Product names and the bot's name are the same in both languages; sentences are not.
      if ((v as string).split(' ').length > 3) assert.notEqual(v, en.get(k), `${k} is not translated`);
    });
  });

  it('keeps French punctuation on its word with a no-break space before ? ! : ; »', () => {
    const walk = (tree: unknown, prefix: string): void => {
      if (tree !== null && typeof tree === 'object') {
        for (const [k, v] of Object.entries(tree)) walk(v, `${prefix}.${k}`);
      } else if (typeof tree === 'string') {
        // Skip URLs and Markdown links, whose colons are not punctuation.
        const text = tree.replace(/https?:\/\/\S+/g, '');
        assert.doesNotMatch(text, /( |\S)[?!;»]|[^\u00a0\d*]:\s|« /, `${prefix}: "${tree}"`);
      }
    };
    walk(resources.fr, 'fr');
  });

  it('resolves French for every fr-* locale and English otherwise', () => {
    for (const tag of ['fr', 'fr-FR', 'fr-CA', 'FR-be', 'fr_CH']) assert.equal(resolveLocale(tag), 'fr', tag);
    for (const tag of [undefined, '', 'en-US', 'de-DE', 'frisian']) assert.equal(resolveLocale(tag), 'en', String(tag));
  });

  it('gives each turn a fixed language, whatever other turns use', () => {
    const texts = new Texts(resources);
    const fr = texts.translator('fr');
    const en = texts.translator('en');
    assert.notEqual(fr('errors:generic'), en('errors:generic'));
    assert.equal(fr('errors:generic'), (resources.fr as { errors: { generic: string } }).errors.generic);
  });

  it('fills every {{value}} of every string exactly as i18next does, in both languages', () => {
    const texts = new Texts(resources);
    const reference = i18next.createInstance();
    void reference.init({ resources, fallbackLng: 'en', defaultNS: 'common', initAsync: false, interpolation: { escapeValue: false } });
    let checked = 0;
    for (const locale of ['en', 'fr'] as const) {
      const t = texts.translator(locale);
      const ref = reference.getFixedT(locale);
      for (const [ns, tree] of Object.entries(resources[locale]!)) {
        for (const path of keys(tree)) {
          const key = `${ns}:${path.replace(/_(one|other)$/, '')}`;
          const raw = String(ref(`${ns}:${path}`));
          const names = [...raw.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
          if (names.length === 0) continue;
          // Names with Markdown, a number, and a value missing: each as i18next writes it.
          const strings = Object.fromEntries(names.map((n) => [n, `*${n}* [x](y)`]));
          const numbers = Object.fromEntries(names.map((n) => [n, 42]));
          const missing = Object.fromEntries(names.slice(1).map((n) => [n, 'v']));
          for (const values of [strings, numbers, missing]) assert.equal(t(key, values), ref(key, values), `${locale} ${key}`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 50, `only ${checked} strings with values`);
    assert.match(texts.translator('fr')('dialogs:offers.intro', { count: 3 }), /^Vous avez 3 offres/);
    assert.match(texts.translator('en')('dialogs:offers.intro', { count: 1 }), /^Your authorized partner/);
  });
});
