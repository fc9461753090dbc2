import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { DataFileError } from '../../ports/partner-register.js';
import type { DiskWorker } from './disk-worker.js';

export interface JsonDbOptions<T> {
  readonly defaults: () => T;
  /** Shape check of what was read; a file that fails it is refused, like invalid JSON. */
  readonly isValid: (data: unknown) => data is T;
  /** Indent the file for people who read it (partner data) or keep it compact (bot state). */
  readonly pretty: boolean;
  /** The thread that reads and writes the file. */
  readonly disk: DiskWorker;
}

/**
 * A lowdb adapter for one JSON document: read once with `parse` (which may refuse it), written
 * whole, both on the disk thread (a write goes to a temporary file, then is renamed), so the file on disk is always a
 * whole, valid document. A missing file reads as null.
 */
export class JsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private readonly disk: DiskWorker,
    private readonly parse: (text: string) => T,
    private readonly stringify: (data: T) => string = (data) => JSON.stringify(data),
  ) {}

  async read(): Promise<T | null> {
    const text = await this.disk.read(this.file);
    return text === undefined ? null : this.parse(text);
  }

  write(data: T): Promise<void> {
    return this.disk.write(this.file, this.stringify(data));
  }
}

/** Parses a data file, refusing (with its name) one that is not valid JSON or not of the shape. */
export function parseDataFile<T>(file: string, text: string, isValid: (data: unknown) => data is T, what: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (!isValid(data)) throw new DataFileError(file, `not ${what} of the expected shape`);
  return data;
}

/**
 * Opens a lowdb database on `file`. A file that is not valid JSON, or not of the expected shape,
 * is refused with a message naming it, and never overwritten.
 */
export async function openJsonDb<T>(file: string, options: JsonDbOptions<T>): Promise<Low<T>> {
  await mkdir(path.dirname(file), { recursive: true });
  const adapter = new JsonFile<T>(
    file,
    options.disk,
    (text) => parseDataFile(file, text, options.isValid, 'a partner-bot data file'),
    options.pretty ? (data) => JSON.stringify(data, null, 2) : undefined,
  );
  const db = new Low<T>(adapter, options.defaults());
  await db.read();
  return db;
}

/** Runs async tasks one at a time, in order; a failed task does not stop the ones after it. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.#waiting += 1;
    const result = this.#tail.then(task).finally(() => {
      this.#waiting -= 1;
    });
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** True when no task is running or waiting. */
  get idle(): boolean {
    return this.#waiting === 0;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.#tail;
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
