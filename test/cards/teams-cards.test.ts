import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { CardRenderer } from '../../src/cards/render-card.js';
import { LOCALES } from '../../src/i18n/resolve-locale.js';
import { CARDS_DIR } from '../../src/paths.js';
import { CARD_SAMPLES } from '../../support/card-samples.js';
import { texts } from '../helpers/conversation.js';

// The official Adaptive Cards JavaScript SDK (its UMD build runs in Node), as a second opinion on
// every card as users get it: expanded, in both languages, with representative data.
const require = createRequire(import.meta.url);
interface SdkCard {
  parse(json: unknown, context: SdkContext): void;
  validateProperties(): { validationEvents: Array<{ message: string }> };
}
interface SdkContext {
  eventCount: number;
  getEventAt(i: number): { message: string };
}
const AC = require('adaptivecards-sdk/dist/adaptivecards.js') as {
  AdaptiveCard: new () => SdkCard;
  SerializationContext: new () => SdkContext;
};

/** What Teams renders of Adaptive Cards 1.5. */
const TEAMS_ELEMENTS = new Set([
  'AdaptiveCard', 'TextBlock', 'RichTextBlock', 'TextRun', 'Image', 'ImageSet', 'Container', 'ColumnSet', 'Column',
  'FactSet', 'ActionSet', 'Table', 'TableRow', 'TableCell', 'Input.Text', 'Input.Number', 'Input.Date',
  'Input.Time', 'Input.Toggle', 'Input.ChoiceSet', 'Data.Query',
  'Action.OpenUrl', 'Action.Submit', 'Action.ShowCard', 'Action.ToggleVisibility', 'Action.Execute',
]);

function types(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => types(n, out));
  else if (typeof node === 'object' && node !== null) {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string') out.push(o.type);
    for (const [key, value] of Object.entries(o)) if (key !== 'data') types(value, out);
  }
  return out;
}

describe('cards as Teams gets them', () => {
  const cards = new CardRenderer(CARDS_DIR);
  for (const name of cards.names) {
    for (const locale of LOCALES) {
      it(`${name} (${locale}) passes the Adaptive Cards SDK, is 1.5 at most and uses only what Teams renders`, () => {
        for (const data of CARD_SAMPLES[name] ?? []) {
          const json = cards.expand(name, data, texts.translator(locale));
          const context = new AC.SerializationContext();
          const card = new AC.AdaptiveCard();
          card.parse(json, context);
          const events = [...Array(context.eventCount).keys()].map((i) => context.getEventAt(i).message);
          events.push(...card.validateProperties().validationEvents.map((e) => e.message));
          assert.deepEqual(events, [], `${name}: ${events.join('; ')}`);
          assert.ok(Number(json.version) <= 1.5, `version ${String(json.version)}`);
          const unsupported = types(json).filter((t) => !TEAMS_ELEMENTS.has(t));
          assert.deepEqual(unsupported, []);
        }
      });
    }
  }
});
