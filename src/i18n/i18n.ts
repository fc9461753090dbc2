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
      // Values reach Adaptive Cards and Teams messages, not HTML: no HTML escaping.
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

  translator(locale: Locale): Translator {
    const t = this.#i18n.getFixedT(locale);
    const translate = (key: string, values?: Record<string, unknown>): string =>
      t(key, values ?? {}) as string;
    return Object.assign(translate, {
      locale,
      tree: (key: string) => t(key, { returnObjects: true }) as unknown as Record<string, unknown>,
    });
  }
}
