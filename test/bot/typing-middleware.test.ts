import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { TypingMiddleware } from '../../src/bot/typing-middleware.js';
import { createLogger } from '../../src/logger.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TypingMiddleware', () => {
  /** Runs one turn of `turnMs` and returns the types of every activity the bot sent. */
  const run = async (turnMs: number, fields: Partial<Activity> = {}) => {
    const sent: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      await sleep(turnMs);
      await context.sendActivity('answer');
    });
    adapter.use(async (context, next) => {
      context.onSendActivities(async (_ctx, activities, nextSend) => {
        sent.push(...activities.map((a) => a.type ?? ''));
        return nextSend();
      });
      await next();
    });
    adapter.use(new TypingMiddleware(createLogger('silent'), 20, 30));
    await adapter.receiveActivity({ type: 'message', text: 'hi', ...fields });
    await sleep(80); // a timer that outlived the turn would send now
    return sent;
  };

  it('shows typing while a slow turn runs, then stops', async () => {
    const types = await run(70);
    assert.equal(types.at(-1), 'message');
    assert.ok(types.filter((t) => t === 'typing').length >= 2, types.join(','));
  });

  it('shows nothing for a quick turn', async () => {
    assert.deepEqual(await run(0), ['message']);
  });

  it('shows nothing when the replies come back in the HTTP response', async () => {
    assert.deepEqual(await run(70, { deliveryMode: 'expectReplies' }), ['message']);
  });
});
