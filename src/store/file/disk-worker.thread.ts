import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { readOrUndefined, type DiskJob, type DiskOutcome } from './disk-worker.js';

/**
 * The disk thread: reads and writes whole files for the main thread, one job at a time, in the
 * order they came, so a read never overtakes a write of the same file. A write goes to a
 * temporary file beside the target, then is renamed over it: the target is always either the old
 * or the new document.
 */
function write(file: string, temp: string, text: string): void {
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

function outcomeOf(job: DiskJob): DiskOutcome {
  try {
    if (job.kind === 'read') return { id: job.id, text: readOrUndefined(job.file) };
    write(job.file, job.temp, job.text);
    return { id: job.id };
  } catch (error) {
    const { message, code } = error as NodeJS.ErrnoException;
    return { id: job.id, error: { message, ...(code ? { code } : {}) } };
  }
}

/** The main thread reads answers from this port as messages, or at once (`settleFinished`). */
const { answers } = workerData as { answers: MessagePort };

parentPort!.on('message', (jobs: DiskJob[]) => {
  answers.postMessage(jobs.map(outcomeOf));
});
