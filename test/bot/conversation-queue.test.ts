import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { ConversationQueueMiddleware } from '../../src/bot/conversation-queue.js';

describe('ConversationQueueMiddleware', () => {
  it('runs the turns of one conversation one at a time, and other conversations alongside', async () => {
    const queue = new ConversationQueueMiddleware();
    const events: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      events.push(`start ${context.activity.text}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      events.push(`end ${context.activity.text}`);
    });
    adapter.use(queue);
    const turn = (text: string, conversation: string) =>
      adapter.processActivity({ type: 'message', text, conversation: { id: conversation } } as Activity);
    await Promise.all([turn('a1', 'A'), turn('a2', 'A'), turn('b1', 'B')]);
    assert.ok(events.indexOf('end a1') < events.indexOf('start a2'), events.join(', '));
    assert.ok(events.indexOf('start b1') < events.indexOf('end a1'), 'B does not wait for A');
    assert.equal(queue.size, 0, 'nothing kept once the turns are over');
  });

  it('lets the next turn run after a turn that failed', async () => {
    const queue = new ConversationQueueMiddleware();
    const seen: string[] = [];
    const adapter = new TestAdapter(async (context) => {
      seen.push(context.activity.text ?? '');
      if (context.activity.text === 'boom') throw new Error('boom');
    });
    adapter.onTurnError = async () => undefined;
    adapter.use(queue);
    await Promise.all([
      adapter.processActivity({ type: 'message', text: 'boom', conversation: { id: 'A' } } as Activity),
      adapter.processActivity({ type: 'message', text: 'after', conversation: { id: 'A' } } as Activity),
    ]);
    assert.deepEqual(seen, ['boom', 'after']);
  });
});
