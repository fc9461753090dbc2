import type { ConversationState, TurnContext } from 'botbuilder';
import { DialogContextError } from 'botbuilder-dialogs';
import type { Texts } from '../i18n/i18n.js';
import type { Logger } from '../logger.js';
import { OrganisationSourceError } from '../ports/organisation-source.js';
import { OrganisationDataError } from '../ports/partner-register.js';
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
    // botbuilder-dialogs wraps what a dialog's step threw, with the dialog stack.
    const cause = error instanceof DialogContextError ? error.error : error;
    logger.error(
      {
        err: error,
        conversationId: activity.conversation?.id,
        activityId: activity.id,
        ...(cause instanceof OrganisationDataError ? { tenantId: cause.tenantId, file: cause.file } : {}),
      },
      cause instanceof OrganisationDataError ? 'organisation data damaged: fix or move the file' : 'unhandled error in turn',
    );
    const t = hasTranslator(context) ? translatorOf(context) : texts.translator('en');
    try {
      await context.sendTraceActivity('OnTurnError Trace', error.message, 'https://www.botframework.com/schemas/error', 'TurnError');
      await context.sendActivity(t(messageKeyOf(cause)));
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

/**
 * What the user is told: errors they can make sense of are said as such, not as a fault of the
 * bot (Microsoft 365 out of reach in the middle of a task; their organisation's data damaged,
 * while everyone else's is served); anything else is the generic apology.
 */
function messageKeyOf(error: unknown): string {
  if (error instanceof OrganisationSourceError) return 'dialogs:organisation.unavailable';
  if (error instanceof OrganisationDataError) return 'errors:organisation.damaged';
  return 'errors:generic';
}
