import type { Activity } from 'botbuilder';

/**
 * What a user answered: typed text, or a card action. Card actions arrive as a message `value`
 * (`Action.Submit`, the Emulator) or as an `adaptiveCard/action` invoke (`Action.Execute`, Teams'
 * Universal Actions); both become the same answer. Nothing in it is trusted: handlers re-check
 * every id against the store.
 */
export type Answer =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'card';
      readonly verb: string;
      readonly data: Readonly<Record<string, unknown>>;
      readonly via: 'submit' | 'execute';
      /** The id of the message holding the card, so it can be updated in place. */
      readonly replyToId?: string;
    };

const MAX_TEXT = 2000;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The answer an activity carries, or undefined when it carries none. */
export function answerOf(activity: Partial<Activity>): Answer | undefined {
  const replyTo = typeof activity.replyToId === 'string' ? { replyToId: activity.replyToId } : {};
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const action = isObject(activity.value) ? activity.value.action : undefined;
    if (!isObject(action)) return undefined;
    const data = isObject(action.data) ? action.data : {};
    const verb = typeof action.verb === 'string' ? action.verb : data.verb;
    return typeof verb === 'string' ? { kind: 'card', verb, data, via: 'execute', ...replyTo } : undefined;
  }
  if (activity.type !== 'message') return undefined;
  if (isObject(activity.value) && typeof activity.value.verb === 'string') {
    return { kind: 'card', verb: activity.value.verb, data: activity.value, via: 'submit', ...replyTo };
  }
  // An empty message is still an answer: a question for a Partner ID says what is missing.
  const text = typeof activity.text === 'string' ? activity.text.slice(0, MAX_TEXT).trim() : '';
  return { kind: 'text', text };
}

/** A string field of card data, or undefined (wrong type, empty, or absurdly long). */
export function field(data: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = Object.hasOwn(data, name) ? data[name] : undefined;
  return typeof value === 'string' && value !== '' && value.length <= 200 ? value : undefined;
}
