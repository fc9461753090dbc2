import type { TurnContext } from 'botbuilder';
import type { Translator } from '../i18n/i18n.js';

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
