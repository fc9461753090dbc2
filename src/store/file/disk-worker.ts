import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** A job for the disk thread: write a whole file, or read one. */
export type DiskJob =
  | { readonly kind: 'write'; readonly id: number; readonly file: string; readonly temp: string; readonly text: string }
  | { readonly kind: 'read'; readonly id: number; readonly file: string };

/** The thread's answer: done (with the text read, undefined for a missing file), or the error. */
export interface DiskOutcome {
  readonly id: number;
  readonly text?: string | undefined;
  readonly error?: { readonly message: string; readonly code?: string };
}

interface Waiting {
  resolve(text: string | undefined): void;
  reject(error: Error): void;
}

/**
 * Reads go to the thread while those on the main thread take longer than this on average: about
 * what asking the thread costs the main thread (two messages). A small file in the page cache is
 * read in ~10 µs; a cold or network disk, or a directory of 100,000 files, takes longer, and
 * then the main thread would wait where the thread can wait instead.
 */
const MAIN_READ_LIMIT_MS = 0.03;
/** How much the latest main-thread read counts in the average. */
const READ_WEIGHT = 1 / 16;
/** While reads go to the thread, one in this many is still timed on the main thread. */
const PROBE_EVERY = 64;

/** The temporary file a write goes through: `.name.json.tmp` beside `name.json`. */
const tempFileOf = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.tmp`);

/**
 * Reads and writes the stores' files on a thread of their own, so a turn that touches the disk
 * waits for one message from that thread. With Node's asynchronous file API, a write is four
 * thread-pool round trips (open, write, close, rename) and a read four (open, stat, read,
 * close), and under load each round trip waits behind every request the event loop has queued:
 * that made a confirmed change take ~120 ms where the write itself takes under 1 ms.
 *
 * The thread does one job at a time, in the order asked, so writes of one file are never
 * reordered and a read sees every write asked before it. A write resolves once the rename is
 * done: the file is whole on disk.
 */
export class DiskWorker {
  #worker: Worker | undefined;
  /** Where the thread posts its answers. */
  #answers: MessagePort | undefined;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 0;
  /** Jobs asked for during this pass of the event loop, sent to the thread together at its end. */
  #batch: DiskJob[] = [];
  /** Every job not answered yet, for `close`. */
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Files with a write asked and not answered yet (how many). */
  readonly #writing = new Map<string, number>();
  /** The average time of a read on the main thread, the latest counting most (ms). */
  #mainReadMs = 0;
  #reads = 0;
  readonly #clock: () => number;

  constructor(options: { readonly clock?: () => number } = {}) {
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** True while reads go to the thread (the main thread's reads have been slow). */
  get readsOnThread(): boolean {
    return this.#mainReadMs > MAIN_READ_LIMIT_MS;
  }

  /** Writes `text` as the whole of `file`, making its folder if needed. */
  async write(file: string, text: string): Promise<void> {
    this.#writing.set(file, (this.#writing.get(file) ?? 0) + 1);
    try {
      await this.#ask((id) => ({ kind: 'write', id, file, temp: tempFileOf(file), text }));
    } finally {
      const left = this.#writing.get(file)! - 1;
      if (left === 0) this.#writing.delete(file);
      else this.#writing.set(file, left);
    }
  }

  /**
   * The text of `file`, or undefined if there is no such file. A file with no write under way is
   * read at once on the calling thread while such reads are quick: the small files of a turn in
   * the page cache are read there for less than the two messages of asking the thread. Once they
   * are slow on average (a cold or network disk, a huge directory: at 100,000 organisations on
   * this project's machine they averaged ~50 µs, and turns/s went from ~1,400 to ~2,300 with
   * reads on the thread), they go to the thread, one in `PROBE_EVERY` still timed here so that
   * quick reads come back. A file with a write under way is read by the thread, after that write.
   */
  read(file: string): Promise<string | undefined> {
    this.#reads += 1;
    const probe = this.#reads % PROBE_EVERY === 0;
    if (this.#writing.has(file) || (this.readsOnThread && !probe)) return this.#ask((id) => ({ kind: 'read', id, file }));
    const started = this.#clock();
    try {
      return Promise.resolve(readOrUndefined(file));
    } catch (error) {
      return Promise.reject(error as Error);
    } finally {
      this.#mainReadMs += (this.#clock() - started - this.#mainReadMs) * READ_WEIGHT;
    }
  }

  #ask(job: (id: number) => DiskJob): Promise<string | undefined> {
    const answers = this.#started();
    const id = ++this.#nextId;
    const asked = new Promise<string | undefined>((resolve, reject) => {
      // The thread keeps the process alive only while a job is under way (a CLI that awaits
      // its last write must not exit before it is done; an idle bot must be able to exit).
      if (this.#waiting.size === 0) answers.ref();
      this.#waiting.set(id, { resolve, reject });
      if (this.#batch.length === 0) setImmediate(() => this.#send());
      this.#batch.push(job(id));
    });
    this.#inFlight.add(asked);
    const forget = () => void this.#inFlight.delete(asked);
    asked.then(forget, forget);
    return asked;
  }

  /**
   * Settles, now, the jobs the thread has finished. When the event loop is saturated, it gets to
   * the thread's answers only after every request queued before them; the state store calls this
   * as each turn starts reading its state, so a turn waiting for the disk goes on before new turns
   * start (at 50 users sending back to back, a partner change's p99 went from ~200 to ~150 ms).
   */
  settleFinished(): void {
    const port = this.#answers;
    if (!port || this.#waiting.size === 0) return;
    for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
      (received.message as DiskOutcome[]).forEach((outcome) => this.#settle(outcome));
    }
  }

  #send(): void {
    const batch = this.#batch;
    this.#batch = [];
    if (batch.length > 0) this.#worker?.postMessage(batch);
  }

  /** The thread, started if need be; returns the port its answers come on. */
  #started(): MessagePort {
    if (this.#answers) return this.#answers;
    const { port1: answers, port2 } = new MessageChannel();
    const worker = new Worker(new URL('./disk-worker.thread.js', import.meta.url), { workerData: { answers: port2 }, transferList: [port2] });
    answers.on('message', (outcomes: DiskOutcome[]) => outcomes.forEach((outcome) => this.#settle(outcome)));
    worker.unref();
    answers.unref();
    this.#answers = answers;
    // A thread that dies (it should not) fails the jobs it held; the next job starts another.
    const fail = (error: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      this.#answers = undefined;
      answers.close();
      this.#batch = [];
      const waiting = [...this.#waiting.values()];
      this.#waiting.clear();
      for (const w of waiting) w.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the disk thread stopped (exit code ${code})`)));
    this.#worker = worker;
    return answers;
  }

  /** Stops the thread once the jobs asked so far are done; a job asked later starts another. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    this.#answers?.close();
    this.#answers = undefined;
    await worker.terminate();
  }

  #settle({ id, text, error }: DiskOutcome): void {
    const waiting = this.#waiting.get(id);
    if (!waiting) return;
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) this.#answers?.unref();
    if (error) waiting.reject(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
    else waiting.resolve(text);
  }
}

/** The text of `file`, or undefined if there is no such file (as the thread reads it). */
export function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
