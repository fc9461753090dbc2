import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../logger.js';
import { tenantIdOf } from './identity.js';
import { turnLogOf } from '../dialogs/turn-state.js';

/**
 * One structured log line per turn: conversation, tenant, activity type, recognized intent,
 * latency and outcome. Never the text of the message or anything from the Authorization header.
 */
export class TurnLogMiddleware implements Middleware {
  constructor(
    private readonly logger: Logger,
    private readonly localTenantId: string,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const started = this.clock();
    const log = turnLogOf(context);
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const { activity } = context;
      this.logger.info(
        {
          conversationId: activity.conversation?.id,
          activityId: activity.id,
          tenantId: tenantIdOf(activity, this.localTenantId),
          channelId: activity.channelId,
          activityType: activity.type,
          activityName: activity.name,
          intent: log.intent,
          outcome: failed ? 'error' : (log.outcome ?? 'ok'),
          latencyMs: Math.round((this.clock() - started) * 10) / 10,
        },
        'turn',
      );
    }
  }
}
