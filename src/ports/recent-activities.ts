/** An HTTP answer as it was given: its status, body and headers. */
export interface RecordedAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The activities seen lately, so that one Teams re-sends (same conversation, same activity id,
 * when the first got no timely answer) is answered once. Keys are `channel/conversation/activity`.
 */
export interface RecentActivities {
  /** Records `key`; 'repeat' when it was already recorded within the window. */
  claim(key: string): Promise<'first' | 'repeat'>;
  /** What the first was answered, for a repeat (invokes only); waits up to `waitMs` for it. */
  answerOf(key: string, waitMs: number): Promise<RecordedAnswer | undefined>;
  /** Records the answer given to the first. */
  settle(key: string, answer: RecordedAnswer): Promise<void>;
  /** Forgets `key`, when its first could not be run (refused before its turn): a re-send may run. */
  forget(key: string): Promise<void>;
  close(): Promise<void>;
}

