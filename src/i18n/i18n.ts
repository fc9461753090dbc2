import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { LOCALES, type Locale } from './resolve-locale.js';

/** Text in one language, fixed for a whole turn. */
export interface Translator {
  readonly locale: Locale;
  (key: string, values?: Record<string, unknown>): string;
  /** A subtree of strings, e.g. all of `cards:welcome` for a card template. */
  tree(key: string): Record<string, unknown>;
}

/** Reads `locales/<lang>/<namespace>.json` for every supported language. */
export function loadResources(localesDir: string): Resource {
  const resources: Resource = {};
  for (const locale of LOCALES) {
    const dir = path.join(localesDir, locale);
    const namespaces: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      namespaces[path.basename(file, '.json')] = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    }
    resources[locale] = namespaces;
  }
  return resources;
}

/**
 * One i18next instance for the whole process, with every string bundled at start. Turns never
 * switch its language (a global shared by concurrent turns): each gets a fixed translator.
 */
export class Texts {
  readonly #i18n: I18n;
  readonly #translators = new Map<Locale, Translator>();

  constructor(resources: Resource) {
    this.#i18n = i18next.createInstance();
    void this.#i18n.init({
      resources,
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...LOCALES],
      ns: Object.keys(resources.en ?? {}),
      defaultNS: 'common',
      initAsync: false,
      returnNull: false,
      // Values reach Teams messages and Adaptive Card text, which render Markdown, not HTML. Names
      // from outside are escaped once, where they are read (see escapeMarkdown), not here.
      interpolation: { escapeValue: false },
    });
  }

  /** A whole namespace in one language (the recognizer's phrases). */
  tree(locale: Locale, namespace: string): Record<string, unknown> {
    return (this.#i18n.getResourceBundle(locale, namespace) ?? {}) as Record<string, unknown>;
  }

  static fromDirectory(localesDir: string): Texts {
    return new Texts(loadResources(localesDir));
  }

  /** The translator of a language; made once, as the texts never change while the bot runs. */
  translator(locale: Locale): Translator {
    const known = this.#translators.get(locale);
    if (known) return known;
    const t = this.#i18n.getFixedT(locale);
    const trees = new Map<string, Record<string, unknown>>();
    const plain = new Map<string, string>();
    const translate = (key: string, values?: Record<string, unknown>): string => {
      if (values) return t(key, values) as string;
      let text = plain.get(key);
      if (text === undefined) {
        text = t(key) as string;
        plain.set(key, text);
      }
      return text;
    };
    const translator: Translator = Object.assign(translate, {
      locale,
      tree: (key: string) => {
        let tree = trees.get(key);
        if (!tree) {
          tree = Object.freeze(t(key, { returnObjects: true })) as unknown as Record<string, unknown>;
          trees.set(key, tree);
        }
        return tree;
      },
    });
    this.#translators.set(locale, translator);
    return translator;
  }
}
