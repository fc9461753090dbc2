import type { Middleware, TurnContext } from 'botbuilder';

/**
 * Runs the turns of one conversation one after the other (turns of different conversations still
 * run side by side). Teams sends `installationUpdate` and `conversationUpdate` together on install,
 * and people click twice or type fast: without this, two turns would read the same conversation
 * state, and the second save would fail on its eTag or greet twice.
 */
export class ConversationQueueMiddleware implements Middleware {
  readonly #tails = new Map<string, Promise<void>>();

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = `${context.activity.channelId}/${context.activity.conversation?.id ?? ''}`;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      await next();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Conversations with a turn running or waiting (for tests and metrics). */
  get size(): number {
    return this.#tails.size;
  }
}
