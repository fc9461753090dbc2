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
    const templates = new Map<string, Template | null>();
    const byCount = new Map<string, string>();
    const translate = (key: string, values?: Record<string, unknown>): string => {
      if (values) {
        let template = templates.get(key);
        if (template === undefined) {
          template = this.#template(locale, key);
          templates.set(key, template);
        }
        const filled = template ? fill(template, values) : undefined;
        if (filled !== undefined) return filled;
        // A count alone picks one plural form: the same text every time for one key and count.
        const count = countAlone(values);
        if (count === undefined) return t(key, values) as string;
        const counted = `${key}\n${count}`;
        let text = byCount.get(counted);
        if (text === undefined) {
          text = t(key, values) as string;
          if (byCount.size >= MAX_COUNTED) byCount.clear();
          byCount.set(counted, text);
        }
        return text;
      }
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

  /**
   * A string whose only i18next feature is `{{name}}` interpolation, split once into its parts;
   * null for anything else (plurals, nesting, formats, a missing key), which i18next handles.
   */
  #template(locale: Locale, key: string): Template | null {
    const colon = key.indexOf(':');
    const [ns, path] = colon >= 0 ? [key.slice(0, colon), key.slice(colon + 1)] : ['common', key];
    const raw: unknown = this.#i18n.getResource(locale, ns, path) ?? this.#i18n.getResource('en', ns, path);
    if (typeof raw !== 'string' || raw.includes('$t(')) return null;
    const parts = raw.split(/\{\{([A-Za-z0-9_]+)\}\}/);
    return parts.some((part, i) => i % 2 === 0 && part.includes('{{')) ? null : parts;
  }
}

/** Texts of a key and a count kept per language; past this, they are forgotten and made again. */
const MAX_COUNTED = 2_000;

/** The value of `count` when it is the only value given (a whole number), else undefined. */
function countAlone(values: Record<string, unknown>): number | undefined {
  let count: number | undefined;
  for (const name in values) {
    if (name !== 'count' || !Number.isInteger(values[name])) return undefined;
    count = values[name] as number;
  }
  return count;
}

/** Literal text at even indexes, value names at odd ones: "Hi {{name}}!" → ["Hi ", "name", "!"]. */
type Template = string[];

/** Options i18next reads from the values it is given: such a call is left to i18next. */
const I18NEXT_OPTIONS = new Set(['count', 'context', 'ordinal', 'lng', 'lngs', 'ns', 'defaultValue', 'replace', 'returnObjects', 'joinArrays', 'postProcess', 'interpolation', 'skipInterpolation', 'keySeparator', 'nsSeparator']);

/**
 * The template with its values, as i18next would write them (no escaping); undefined when a value
 * is missing or not a plain string, number or boolean, or when an option is given.
 */
function fill(template: Template, values: Record<string, unknown>): string | undefined {
  for (const name in values) if (I18NEXT_OPTIONS.has(name)) return undefined;
  let text = template[0]!;
  for (let i = 1; i < template.length; i += 2) {
    const value = values[template[i]!];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    text += String(value) + template[i + 1]!;
  }
  return text;
}
