import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';
import type { Translator } from '../i18n/i18n.js';
import { compileTemplate, Uncovered } from './compiled-template.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** An `Action.Execute` answered with a short message instead of a card. */
export const MESSAGE_RESPONSE_TYPE = 'application/vnd.microsoft.activity.message';

/**
 * Text whose language is decided when the card is drawn, not when its data is built: a question's
 * card kept in dialog state is drawn again in French after « français ».
 */
export interface DeferredText {
  readonly $t: string;
  readonly values?: Readonly<Record<string, unknown>>;
}

export const deferred = (key: string, values?: Record<string, unknown>): DeferredText =>
  values ? { $t: key, values } : { $t: key };

const isDeferred = (value: unknown): value is DeferredText =>
  typeof value === 'object' && value !== null && typeof (value as DeferredText).$t === 'string';

/**
 * Replaces every `DeferredText` in card data with its text in the turn's language (its values
 * too, so a value may itself be a deferred text, such as the name of an admin-center page), and
 * defuses text that looks like a template binding ("${…}", e.g. in a subscription's name): a
 * zero-width space keeps it from being taken for one of the card's own unresolved bindings.
 */
export function translateDeferred(value: unknown, t: Translator): unknown {
  if (typeof value === 'string') return defuse(value);
  if (typeof value !== 'object' || value === null) return value;
  if (isDeferred(value)) {
    const values = value.values === undefined ? undefined : (translateDeferred(value.values, t) as Record<string, unknown>);
    return defuse(t(value.$t, values));
  }
  if (Array.isArray(value)) return value.map((v) => translateDeferred(v, t));
  const translated: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(translated, key, translateDeferred((value as Record<string, unknown>)[key], t));
  return translated;
}

/** As `Object.fromEntries` does: an own property, even for a key such as `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const defuse = (text: string): string => (text.includes('${') ? text.replaceAll('${', '$\u200b{') : text);

/** A card that still holds template text after expansion: a missing string or value. */
export class CardTemplateError extends Error {
  constructor(card: string, leftover: string) {
    super(`card "${card}" has an unresolved binding after expansion: ${leftover}`);
    this.name = 'CardTemplateError';
  }
}

interface Parsed {
  readonly template: ACData.Template;
  /** The same template as plain functions, when it uses only what `compileTemplate` covers. */
  readonly compiled: ((root: unknown) => unknown) | undefined;
  /** The template's own bindings: one of them still in the output was not resolved. */
  readonly bindings: readonly string[];
}

/** `${strings.a.b}`, `${common.x}` (or with `$root.`): text that is the same for every card of a language. */
const STATIC_BINDING = /\$\{(?:\$root\.)?(strings|common)\.([A-Za-z0-9_.]+)\}/g;

/**
 * The Adaptive Card templates of `cards/`, loaded once at start. `render` expands one with the
 * strings of its own `cards:<name>` subtree in the turn's language and a view model.
 *
 * Each template is prepared once per language: its fixed strings written in, then its
 * expressions parsed (parsing costs far more than binding data); only what depends on the
 * data is evaluated at each render.
 */
export class CardRenderer {
  readonly #sources = new Map<string, string>();
  readonly #prepared = new Map<string, Parsed>();

  constructor(cardsDir: string) {
    for (const file of readdirSync(cardsDir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(path.join(cardsDir, file), 'utf8');
      JSON.parse(text); // a broken template fails at start, not at its first use
      this.#sources.set(path.basename(file, '.json'), text);
    }
  }

  get names(): string[] {
    return [...this.#sources.keys()].sort();
  }

  /** The template of `name` with the language's fixed strings written in, parsed. */
  #template(name: string, t: Translator): Parsed {
    const key = `${name}\n${t.locale}`;
    const known = this.#prepared.get(key);
    if (known) return known;
    const source = this.#sources.get(name);
    if (source === undefined) throw new Error(`no card template named "${name}"`);
    const trees = { strings: t.tree(`cards:${stringsKey(name)}`), common: t.tree('cards:common') };
    const baked = bake(JSON.parse(source), (binding, tree, keyPath) => {
      const value = keyPath.split('.').reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), trees[tree]);
      // Text only; a missing string stays a binding, which the check after expansion reports.
      return typeof value === 'string' ? defuse(value) : binding;
    });
    const bakedText = JSON.stringify(baked);
    const parsed: Parsed = {
      template: new ACData.Template(baked),
      compiled: compileTemplate(baked),
      bindings: [...new Set(bakedText.match(/\$\{[^}]*\}/g) ?? [])],
    };
    this.#prepared.set(key, parsed);
    return parsed;
  }

  /** The expanded card JSON. Throws `CardTemplateError` if any `${…}` is left. */
  expand(name: string, data: object, t: Translator): Record<string, unknown> {
    return this.#expand(name, data, t, true);
  }

  /** `expand` through adaptivecards-templating alone: what the compiled templates are held to. */
  expandWithLibrary(name: string, data: object, t: Translator): Record<string, unknown> {
    return this.#expand(name, data, t, false);
  }

  /** True when `name` is drawn by its compiled template in the language of `t`. */
  isCompiled(name: string, t: Translator): boolean {
    return this.#template(name, t).compiled !== undefined;
  }

  #expand(name: string, data: object, t: Translator, useCompiled: boolean): Record<string, unknown> {
    const { template, compiled: ready, bindings } = this.#template(name, t);
    const compiled = useCompiled ? ready : undefined;
    const root = {
      strings: t.tree(`cards:${stringsKey(name)}`),
      common: t.tree('cards:common'),
      data: translateDeferred(data, t),
    };
    const expanded = expandWith(template, compiled, root);
    const leftover = leftoverIn(expanded, bindings);
    if (leftover !== undefined) throw new CardTemplateError(name, leftover);
    return expanded as Record<string, unknown>;
  }

  render(name: string, data: object, t: Translator): Attachment {
    return CardFactory.adaptiveCard(this.expand(name, data, t));
  }
}

/** The compiled template's output, or the library's where the compiled one leaves the case to it. */
function expandWith(template: ACData.Template, compiled: Parsed['compiled'], root: unknown): unknown {
  if (compiled) {
    try {
      return compiled(root);
    } catch (error) {
      if (!(error instanceof Uncovered)) throw error;
    }
  }
  return template.expand({ $root: root });
}

/** The first of the template's own bindings still in a text (or key) of the card, if any. */
function leftoverIn(node: unknown, bindings: readonly string[]): string | undefined {
  if (typeof node === 'string') return node.includes('${') ? bindings.find((binding) => node.includes(binding)) : undefined;
  if (typeof node !== 'object' || node === null) return undefined;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = leftoverIn(item, bindings);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(node)) {
    const found = leftoverIn(key, bindings) ?? leftoverIn((node as Record<string, unknown>)[key], bindings);
    if (found !== undefined) return found;
  }
  return undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The template with each fixed-string binding in its strings replaced by `replace`'s text. */
function bake(node: unknown, replace: (binding: string, tree: 'strings' | 'common', keyPath: string) => string): unknown {
  if (typeof node === 'string') {
    return node.replace(STATIC_BINDING, (binding, tree: 'strings' | 'common', keyPath: string) => replace(binding, tree, keyPath));
  }
  if (Array.isArray(node)) return node.map((item) => bake(item, replace));
  if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, bake(v, replace)]));
  return node;
}

/** A card file's strings live under its name in camel case: offer-terms → cards:offerTerms. */
const stringsKey = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
