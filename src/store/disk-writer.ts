import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A whole-file write, as the worker receives it. */
export interface WriteJob {
  readonly id: number;
  readonly file: string;
  readonly temp: string;
  readonly text: string;
}

/** The worker's answer to a job: done, or the error the file system gave. */
export interface WriteOutcome {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code?: string };
}

interface Waiting {
  resolve(): void;
  reject(error: Error): void;
}

/** The temporary file a write goes through: `.name.json.tmp` beside `name.json`. */
export const tempFileOf = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.tmp`);

/**
 * Writes files whole (temporary file, then rename) on a worker thread, so a write costs the turn
 * waiting for it one message from the worker. Done with Node's asynchronous file API, the same
 * write is four thread-pool round trips (open, write, close, rename), and under load each round
 * trip waits behind every request the event loop has queued: that made a confirmed change take
 * ~120 ms where the write itself takes under 1 ms. The worker does one job at a time, in order,
 * so writes of one file are never reordered; a promise resolves only once the rename is done.
 */
export class DiskWriter {
  #worker: Worker | undefined;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 0;
  /** Jobs asked for during this pass of the event loop, sent to the worker together at its end. */
  #batch: WriteJob[] = [];

  write(file: string, text: string): Promise<void> {
    const worker = this.#started();
    const id = ++this.#nextId;
    return new Promise<void>((resolve, reject) => {
      // The worker keeps the process alive only while a write is under way (a CLI that awaits
      // its last write must not exit before it is done; an idle bot must be able to exit).
      if (this.#waiting.size === 0) worker.ref();
      this.#waiting.set(id, { resolve, reject });
      if (this.#batch.length === 0) setImmediate(() => this.#send());
      this.#batch.push({ id, file, temp: tempFileOf(file), text });
    });
  }

  #send(): void {
    const batch = this.#batch;
    this.#batch = [];
    this.#started().postMessage(batch);
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./disk-writer.worker.js', import.meta.url));
    worker.unref();
    worker.on('message', (outcomes: WriteOutcome[]) => outcomes.forEach((outcome) => this.#settle(outcome)));
    // A worker that dies (it should not) fails the writes it held; the next write starts another.
    const fail = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#batch = [];
      const waiting = [...this.#waiting.values()];
      this.#waiting.clear();
      for (const w of waiting) w.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the disk writer stopped (exit code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #settle({ id, error }: WriteOutcome): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) this.#worker?.unref();
    if (error) waiting.reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
    else waiting.resolve();
  }
}

/** The process's disk writer: one thread serves every store of the process. */
export const diskWriter = new DiskWriter();
