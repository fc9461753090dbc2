import { DiskWorker } from '../../src/store/file/disk-worker.js';

/** The disk thread the tests' file stores share, as the stores of one bot process share theirs. */
export const testDisk = new DiskWorker();
