/**
 * Runs the turns of one conversation one after the other (turns of different conversations still
 * run side by side). Teams sends `installationUpdate` and `conversationUpdate` together on install,
 * and people click twice or type fast: without this, two turns would read the same conversation
 * state, and the second save would fail on its eTag or greet twice.
 *
 * A conversation may have at most `limit` turns running or waiting: past that, `run` refuses at
 * once, so a flood of one conversation holds a bounded amount of memory and others are not slowed.
 */
export class ConversationQueue {
  readonly #queues = new Map<string, { tail: Promise<void>; length: number }>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('the queue limit must be a whole number ≥ 1');
  }

  /**
   * Runs `turn` once the turns of `key` before it have finished; undefined (and `turn` is not
   * called) when `key` already has `limit` turns running or waiting.
   */
  run<T>(key: string, turn: () => Promise<T>): Promise<T> | undefined {
    const queue = this.#queues.get(key) ?? { tail: Promise.resolve(), length: 0 };
    if (queue.length >= this.limit) return undefined;
    queue.length += 1;
    this.#queues.set(key, queue);
    const result = queue.tail.then(turn);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    queue.tail = done;
    void done.then(() => {
      queue.length -= 1;
      if (queue.length === 0) this.#queues.delete(key);
    });
    return result;
  }

  /** Conversations with a turn running or waiting (for tests and metrics). */
  get size(): number {
    return this.#queues.size;
  }
}
