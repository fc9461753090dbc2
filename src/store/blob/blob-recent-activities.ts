import { createHash } from 'node:crypto';
import { RestError, type ContainerClient } from '@azure/storage-blob';
import type { RecentActivities, RecordedAnswer } from '../../ports/recent-activities.js';
import { MemoryRecentActivities } from '../memory-recent-activities.js';
import { readBlobText } from './blob-text.js';

const PREFIX = 'activities/';
/** A repeat that reached another instance while the first runs asks this often for its answer. */
const POLL_MS = 250;

const isStatus = (error: unknown, ...codes: number[]) => error instanceof RestError && codes.includes(error.statusCode ?? 0);

/**
 * Recent activities shared by every instance on one container: the first instance to create an
 * activity's blob (`If-None-Match: *`, which the storage service applies atomically) runs it; the
 * others answer the re-send once. Each instance also remembers its own in memory, so a repeat that
 * comes back to it costs no request. Blobs older than the window are removed by a sweep.
 */
export class BlobRecentActivities implements RecentActivities {
  readonly #local: MemoryRecentActivities;
  readonly #sweeper: NodeJS.Timeout;

  constructor(
    private readonly container: ContainerClient,
    private readonly windowMs: number,
    maxEntries: number,
  ) {
    this.#local = new MemoryRecentActivities(windowMs, maxEntries);
    this.#sweeper = setInterval(() => void this.sweep().catch(() => undefined), windowMs).unref();
  }

  #blob(key: string) {
    return this.container.getBlockBlobClient(PREFIX + createHash('sha256').update(key).digest('hex').slice(0, 40));
  }

  async claim(key: string): Promise<'first' | 'repeat'> {
    if ((await this.#local.claim(key)) === 'repeat') return 'repeat';
    try {
      await this.#blob(key).upload('{}', 2, { conditions: { ifNoneMatch: '*' } });
      return 'first';
    } catch (error) {
      await this.#local.forget(key);
      if (isStatus(error, 409, 412)) return 'repeat';
      throw error;
    }
  }

  async answerOf(key: string, waitMs: number): Promise<RecordedAnswer | undefined> {
    if (this.#local.has(key)) return this.#local.answerOf(key, waitMs);
    const until = Date.now() + waitMs;
    for (;;) {
      const answer = await this.#recordedAnswer(key);
      if (answer || Date.now() >= until) return answer;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, until - Date.now())));
    }
  }

  async #recordedAnswer(key: string): Promise<RecordedAnswer | undefined> {
    const read = await readBlobText(this.#blob(key));
    return read && (JSON.parse(read.text) as { answer?: RecordedAnswer }).answer;
  }

  async settle(key: string, answer: RecordedAnswer): Promise<void> {
    await this.#local.settle(key, answer);
    const text = JSON.stringify({ answer });
    await this.#blob(key).upload(text, Buffer.byteLength(text));
  }

  async forget(key: string): Promise<void> {
    await this.#local.forget(key);
    await this.#blob(key).deleteIfExists();
  }

  /** Removes the blobs of activities older than the window; returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    for await (const blob of this.container.listBlobsFlat({ prefix: PREFIX })) {
      if (blob.properties.lastModified.getTime() > now - this.windowMs) continue;
      await this.container.deleteBlob(blob.name).catch((error: unknown) => {
        if (!isStatus(error, 404)) throw error;
      });
      removed += 1;
    }
    return removed;
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    await this.#local.close();
  }
}
