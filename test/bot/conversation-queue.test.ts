import assert from 'node:assert/strict';
import { ConversationQueue } from '../../src/bot/conversation-queue.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConversationQueue', () => {
  it('runs the turns of one conversation one at a time, and other conversations alongside', async () => {
    const queue = new ConversationQueue(10);
    const events: string[] = [];
    const turn = (text: string, conversation: string) =>
      queue.run(conversation, async () => {
        events.push(`start ${text}`);
        await pause(20);
        events.push(`end ${text}`);
      });
    await Promise.all([turn('a1', 'A'), turn('a2', 'A'), turn('b1', 'B')]);
    assert.ok(events.indexOf('end a1') < events.indexOf('start a2'), events.join(', '));
    assert.ok(events.indexOf('start b1') < events.indexOf('end a1'), 'B does not wait for A');
    await pause(0);
    assert.equal(queue.size, 0, 'nothing kept once the turns are over');
  });

  it('lets the next turn run after a turn that failed', async () => {
    const queue = new ConversationQueue(10);
    const seen: string[] = [];
    const failed = queue.run('A', async () => {
      seen.push('boom');
      throw new Error('boom');
    });
    const after = queue.run('A', async () => void seen.push('after'));
    await assert.rejects(failed!, /boom/);
    await after;
    assert.deepEqual(seen, ['boom', 'after']);
  });

  it('refuses turns of a conversation past its limit, and only of that conversation', async () => {
    const queue = new ConversationQueue(3);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const accepted = Array.from({ length: 3 }, () => queue.run('flood', () => gate));
    assert.ok(accepted.every((turn) => turn !== undefined));
    assert.equal(queue.run('flood', async () => assert.fail('must not run')), undefined, 'the fourth is refused');
    assert.ok(queue.run('calm', async () => undefined), 'another conversation is not limited');
    release();
    await Promise.all(accepted);
    await pause(0);
    assert.ok(queue.run('flood', async () => undefined), 'accepted again once the queue has drained');
  });
});
