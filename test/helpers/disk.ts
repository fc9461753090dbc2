import { DiskWorker } from '../../src/store/file/disk-worker.js';
import { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { testSeed } from './seed-data.js';
import { tempDir } from './temp-dir.js';

/** The disk thread the tests' file stores share, as the stores of one bot process share theirs. */
export const testDisk = new DiskWorker();

/** A file partner register in a fresh temporary folder, seeded with `testSeed`. */
export async function openSeededRegister(): Promise<{ register: FilePartnerRegister; dir: string; remove: () => Promise<void> }> {
  const { dir, remove } = await tempDir();
  const register = await FilePartnerRegister.open(dir, testDisk);
  await register.importSeed(testSeed);
  return { register, dir, remove };
}
