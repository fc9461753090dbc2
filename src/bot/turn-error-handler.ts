import type { ConversationState, TurnContext } from 'botbuilder';
import type { Texts } from '../i18n/i18n.js';
import type { Logger } from '../logger.js';
import { OrganisationSourceError } from '../ports/organisation-source.js';
import { hasTranslator, translatorOf, turnLogOf } from '../dialogs/turn-state.js';

/**
 * The adapter's `onTurnError`: an unexpected error is logged with its stack and the ids needed to
 * find the turn, the user gets a localized apology, and the conversation starts over (its state
 * may be what broke the turn).
 */
export function createTurnErrorHandler(
  logger: Logger,
  conversationState: ConversationState,
  texts: Texts,
): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const { activity } = context;
    turnLogOf(context).outcome = 'error';
    logger.error(
      { err: error, conversationId: activity.conversation?.id, activityId: activity.id },
      'unhandled error in turn',
    );
    const t = hasTranslator(context) ? translatorOf(context) : texts.translator('en');
    try {
      await context.sendTraceActivity('OnTurnError Trace', error.message, 'https://www.botframework.com/schemas/error', 'TurnError');
      // Microsoft 365 out of reach in the middle of a task: said as such, not as a fault of the bot.
      await context.sendActivity(t(causedBy(error, OrganisationSourceError) ? 'dialogs:organisation.unavailable' : 'errors:generic'));
    } catch (sendError) {
      logger.error({ err: sendError, conversationId: activity.conversation?.id }, 'could not send the error reply');
    }
    try {
      await conversationState.delete(context);
    } catch (deleteError) {
      logger.error({ err: deleteError, conversationId: activity.conversation?.id }, 'could not reset the conversation');
    }
  };
}

/** True when `error`, or an error it wraps (botbuilder-dialogs' `DialogContextError.error`, `cause`), is a `type`. */
function causedBy(error: unknown, type: abstract new (...args: never[]) => Error): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof type) return true;
    const wrapper = e as { error?: unknown; cause?: unknown };
    e = wrapper.error ?? wrapper.cause;
  }
  return false;
}
