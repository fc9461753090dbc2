import { createHash } from 'node:crypto';
import type { RecentActivities, RecordedAnswer } from '../ports/recent-activities.js';

interface Entry {
  readonly at: number;
  answer?: RecordedAnswer;
  bytes: number;
  /** Repeats waiting for the answer; most entries never have one. */
  waiters?: Array<(answer: RecordedAnswer | undefined) => void>;
}

/**
 * What an entry is kept under: a fixed-size digest of its key. Ids come from outside and may be
 * long, and a key built from parsed JSON can keep the whole request text alive.
 */
const digest = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 22);

/** Recorded answers are cards of a few kilobytes; this bounds them all together. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/**
 * One instance's recent activities, in memory: at most `maxEntries` keys, each for `windowMs`
 * (the oldest go first when full), and at most 8 MB of recorded answers.
 */
export class MemoryRecentActivities implements RecentActivities {
  readonly #entries = new Map<string, Entry>();
  #answerBytes = 0;

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async claim(key: string): Promise<'first' | 'repeat'> {
    key = digest(key);
    this.#expire();
    if (this.#entries.has(key)) return 'repeat';
    this.#entries.set(key, { at: this.clock(), bytes: 0 });
    while (this.#entries.size > this.maxEntries) this.#drop(this.#entries.keys().next().value!);
    return 'first';
  }

  has(key: string): boolean {
    return this.#entries.has(digest(key));
  }

  answerOf(key: string, waitMs: number): Promise<RecordedAnswer | undefined> {
    const entry = this.#entries.get(digest(key));
    if (!entry || entry.answer) return Promise.resolve(entry?.answer);
    return new Promise((resolve) => {
      const waiters = (entry.waiters ??= []);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(done), 1);
        resolve(undefined);
      }, waitMs);
      const done = (answer: RecordedAnswer | undefined) => {
        clearTimeout(timer);
        resolve(answer);
      };
      waiters.push(done);
    });
  }

  async settle(key: string, answer: RecordedAnswer): Promise<void> {
    key = digest(key);
    const entry = this.#entries.get(key);
    if (!entry) return;
    const bytes = answer.body === undefined ? 0 : JSON.stringify(answer.body).length;
    if (bytes <= MAX_ANSWER_BYTES) {
      entry.answer = answer;
      entry.bytes = bytes;
      this.#answerBytes += bytes;
      for (const [oldest, old] of this.#entries) {
        if (this.#answerBytes <= MAX_ANSWER_BYTES) break;
        if (old.answer && oldest !== key) this.#drop(oldest);
      }
    }
    for (const waiter of entry.waiters?.splice(0) ?? []) waiter(answer);
  }

  async forget(key: string): Promise<void> {
    this.#drop(digest(key));
  }

  async close(): Promise<void> {
    for (const key of [...this.#entries.keys()]) this.#drop(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#answerBytes -= entry.bytes;
    for (const waiter of entry.waiters?.splice(0) ?? []) waiter(undefined);
  }

  /** Entries are in the order they came, so the expired ones are at the front. */
  #expire(): void {
    const oldest = this.clock() - this.windowMs;
    for (const [key, entry] of this.#entries) {
      if (entry.at > oldest) break;
      this.#drop(key);
    }
  }
}
