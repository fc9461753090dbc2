import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { WriteJob, WriteOutcome } from './disk-writer.js';

/**
 * Writes whole files for the main thread: the text to a temporary file beside the target, then a
 * rename over it, so the target is always either the old or the new document. Jobs are done one
 * at a time, in the order they came, so two writes of one file never cross.
 */
function write({ file, temp, text }: WriteJob): void {
  try {
    writeFileSync(temp, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // The folder is new (a state shard, a tenant folder): make it, and try once more.
    mkdirSync(path.dirname(temp), { recursive: true });
    writeFileSync(temp, text);
  }
  renameSync(temp, file);
}

function outcomeOf(job: WriteJob): WriteOutcome {
  try {
    write(job);
    return { id: job.id };
  } catch (error) {
    const { message, code } = error as NodeJS.ErrnoException;
    return { id: job.id, error: { message, ...(code ? { code } : {}) } };
  }
}

parentPort!.on('message', (jobs: WriteJob[]) => {
  parentPort!.postMessage(jobs.map(outcomeOf));
});
