import { ActivityTypes, DeliveryModes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';

/**
 * Shows "typing…" in Teams while a message takes long to answer: after `delayMs`, then every
 * `periodMs` until the turn ends. Unlike botbuilder's ShowTypingMiddleware, a typing indicator
 * that cannot be sent, or one whose timer fires as the turn ends, is only logged: it never
 * outlives the turn or takes the process down. Not sent when the replies come back in the HTTP
 * response (`expectReplies`): the client gets them all at once anyway.
 */
export class TypingMiddleware implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly delayMs = 800,
    private readonly periodMs = 2500,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type !== ActivityTypes.Message || activity.deliveryMode === DeliveryModes.ExpectReplies) {
      await next();
      return;
    }
    let running = true;
    let timer: NodeJS.Timeout | undefined;
    const conversation = activity.conversation;
    const reference = { conversationId: conversation?.id, activityId: activity.id };
    const send = () => {
      if (!running) return;
      context.sendActivity({ type: ActivityTypes.Typing, relatesTo: activity.relatesTo }).then(
        () => {
          if (running) timer = setTimeout(send, this.periodMs);
        },
        (error: unknown) => this.logger.debug({ err: error, ...reference }, 'typing indicator not sent'),
      );
    };
    timer = setTimeout(send, this.delayMs);
    try {
      await next();
    } finally {
      running = false;
      clearTimeout(timer);
    }
  }
}
