import type { TurnContext } from 'botbuilder';
import type { Translator } from '../i18n/i18n.js';
import type { Identity } from '../services/access.js';

const TRANSLATOR = Symbol('translator');
const TURN_LOG = Symbol('turnLog');

/** What the turn log line records beyond the activity itself; dialogs fill it in. */
export interface TurnLog {
  intent?: string;
  outcome?: string;
}

export function setTranslator(context: TurnContext, t: Translator): void {
  context.turnState.set(TRANSLATOR, t);
}

/** The turn's translator, put there by `LocaleMiddleware` before any bot code runs. */
export function translatorOf(context: TurnContext): Translator {
  const t = context.turnState.get(TRANSLATOR) as Translator | undefined;
  if (!t) throw new Error('no translator on this turn: is LocaleMiddleware registered?');
  return t;
}

export function hasTranslator(context: TurnContext): boolean {
  return context.turnState.has(TRANSLATOR);
}

export function turnLogOf(context: TurnContext): TurnLog {
  let log = context.turnState.get(TURN_LOG) as TurnLog | undefined;
  if (!log) {
    log = {};
    context.turnState.set(TURN_LOG, log);
  }
  return log;
}

const IDENTITY = Symbol('identity');
const CARD_RESPONSE = Symbol('cardResponse');

/** Who is talking, resolved once per turn from the activity (DESIGN.md §4): what services take. */
export type TurnIdentity = Identity;

export function setIdentity(context: TurnContext, identity: TurnIdentity): void {
  context.turnState.set(IDENTITY, identity);
}

export function identityOf(context: TurnContext): TurnIdentity {
  const identity = context.turnState.get(IDENTITY) as TurnIdentity | undefined;
  if (!identity) throw new Error('no identity on this turn: is IdentityMiddleware registered?');
  return identity;
}

/**
 * What an `Action.Execute` invoke answers: the card that replaces the clicked one, or a short
 * message when there is no card to show.
 */
export type CardResponse =
  | { readonly kind: 'card'; readonly card: Record<string, unknown> }
  | { readonly kind: 'message'; readonly text: string };

export function setCardResponse(context: TurnContext, response: CardResponse): void {
  context.turnState.set(CARD_RESPONSE, response);
}

export function cardResponseOf(context: TurnContext): CardResponse | undefined {
  return context.turnState.get(CARD_RESPONSE) as CardResponse | undefined;
}
