import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';

/** A data file that exists but cannot be used. The bot refuses to start rather than overwrite it. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}. Fix or move this file; it was left untouched.`);
    this.name = 'DataFileError';
  }
}

/** A write that did not reach the disk: whatever it carried was not saved. */
export class StoreWriteError extends Error {
  constructor(file: string, options: { cause: unknown }) {
    super(`could not write ${file}`, options);
    this.name = 'StoreWriteError';
  }
}

export interface JsonDbOptions<T> {
  readonly defaults: () => T;
  /** Shape check of what was read; a file that fails it is refused, like invalid JSON. */
  readonly isValid: (data: unknown) => data is T;
  /** Indent the file for people who read it (partner data) or keep it compact (bot state). */
  readonly pretty: boolean;
}

/**
 * Opens a lowdb database on `file`. Writes go through steno (write to a temporary file, then
 * rename), so the file on disk is always a whole, valid document. A file that is not valid JSON,
 * or not of the expected shape, is refused with a message naming it, and never overwritten.
 */
export async function openJsonDb<T>(file: string, options: JsonDbOptions<T>): Promise<Low<T>> {
  await mkdir(path.dirname(file), { recursive: true });
  const adapter = new DataFile<T>(file, {
    parse: (text) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw new DataFileError(file, `not valid JSON (${(error as Error).message})`);
      }
      if (!options.isValid(data)) {
        throw new DataFileError(file, 'not a partner-bot data file of the expected shape');
      }
      return data;
    },
    stringify: (data) => (options.pretty ? JSON.stringify(data, null, 2) : JSON.stringify(data)),
  });
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
