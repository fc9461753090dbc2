import type { Attachment, TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';
import { setCardResponse } from './turn-state.js';
import type { Answer } from '../cards/card-answer.js';

/**
 * Replaces a card that has been answered with a read-only summary, so it cannot be used twice and
 * shows what became of it. `Action.Execute` gets the new card as its invoke response; otherwise
 * the message is updated (`updateActivity`), which some clients refuse: the change is then still
 * made and reported, and the old card's buttons are refused when clicked.
 */
export class CardUpdater {
  constructor(private readonly logger: Logger) {}

  async replace(
    context: TurnContext,
    answered: { readonly answer?: Answer; readonly cardActivityId?: string },
    card: Attachment,
  ): Promise<void> {
    const { answer } = answered;
    if (answer?.kind === 'card' && answer.via === 'execute') {
      setCardResponse(context, { kind: 'card', card: card.content as Record<string, unknown> });
      return;
    }
    const id = (answer?.kind === 'card' ? answer.replyToId : undefined) ?? answered.cardActivityId;
    if (!id) return;
    try {
      await context.updateActivity({ id, type: 'message', attachments: [card] });
    } catch (error) {
      this.logger.warn(
        { err: error, conversationId: context.activity.conversation?.id, activityId: id },
        'could not update the card in place',
      );
    }
  }
}
