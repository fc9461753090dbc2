import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';
import type { Translator } from '../i18n/i18n.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

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
  readonly #templates = new Map<string, { json: unknown; bindings: string[] }>();

  constructor(cardsDir: string) {
    for (const file of readdirSync(cardsDir).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(path.join(cardsDir, file), 'utf8');
      // The template's own bindings: one of them still in the output was not resolved. Text from
      // data that merely looks like a binding (a subscription named "${x}") is not one of them.
      const bindings = [...new Set(text.match(/\$\{[^}]*\}/g) ?? [])];
      this.#templates.set(path.basename(file, '.json'), { json: JSON.parse(text), bindings });
    }
  }

  get names(): string[] {
    return [...this.#templates.keys()].sort();
  }

  /** The expanded card JSON. Throws `CardTemplateError` if any `${…}` is left. */
  expand(name: string, data: object, t: Translator): Record<string, unknown> {
    const template = this.#templates.get(name);
    if (template === undefined) throw new Error(`no card template named "${name}"`);
    const expanded: unknown = new ACData.Template(template.json).expand({
      $root: { strings: t.tree(`cards:${name}`), common: t.tree('cards:common'), data },
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
