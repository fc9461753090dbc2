import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';
import type { Translator } from '../i18n/i18n.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

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
 * Replaces every `DeferredText` in card data with its text in the turn's language, and defuses
 * text that looks like a template binding ("${…}", e.g. in a subscription's name): a zero-width
 * space keeps it from being taken for one of the card's own unresolved bindings.
 */
export function translateDeferred(value: unknown, t: Translator): unknown {
  if (isDeferred(value)) return defuse(t(value.$t, value.values ? { ...value.values } : undefined));
  if (typeof value === 'string') return defuse(value);
  if (Array.isArray(value)) return value.map((v) => translateDeferred(v, t));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translateDeferred(v, t)]));
  }
  return value;
}

const defuse = (text: string): string => text.replaceAll('${', '$\u200b{');

/** A card that still holds template text after expansion: a missing string or value. */
export class CardTemplateError extends Error {
  constructor(card: string, leftover: string) {
    super(`card "${card}" has an unresolved binding after expansion: ${leftover}`);
    this.name = 'CardTemplateError';
  }
}

/**
 * The Adaptive Card templates of `cards/`, loaded once at start. `render` expands one with the
 * strings of its own `cards:<name>` subtree in the turn's language and a view model.
 */
export class CardRenderer {
  /** Parsed once: parsing a template's expressions costs far more than binding data to it. */
  readonly #templates = new Map<string, { template: ACData.Template; bindings: string[] }>();

  constructor(cardsDir: string) {
    for (const file of readdirSync(cardsDir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(path.join(cardsDir, file), 'utf8');
      // The template's own bindings: one of them still in the output was not resolved. Text from
      // data that merely looks like a binding (a subscription named "${x}") is not one of them.
      const bindings = [...new Set(text.match(/\$\{[^}]*\}/g) ?? [])];
      this.#templates.set(path.basename(file, '.json'), { template: new ACData.Template(JSON.parse(text)), bindings });
    }
  }

  get names(): string[] {
    return [...this.#templates.keys()].sort();
  }

  /** The expanded card JSON. Throws `CardTemplateError` if any `${…}` is left. */
  expand(name: string, data: object, t: Translator): Record<string, unknown> {
    const template = this.#templates.get(name);
    if (template === undefined) throw new Error(`no card template named "${name}"`);
    const expanded: unknown = template.template.expand({
      $root: {
        strings: t.tree(`cards:${stringsKey(name)}`),
        common: t.tree('cards:common'),
        data: translateDeferred(data, t),
      },
    });
    const output = JSON.stringify(expanded);
    const leftover = template.bindings.find((binding) => output.includes(binding));
    if (leftover !== undefined) throw new CardTemplateError(name, leftover);
    return expanded as Record<string, unknown>;
  }

  render(name: string, data: object, t: Translator): Attachment {
    return CardFactory.adaptiveCard(this.expand(name, data, t));
  }
}

/** A card file's strings live under its name in camel case: offer-terms → cards:offerTerms. */
const stringsKey = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
