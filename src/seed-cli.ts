import path from 'node:path';
import { loadConfig, loadDotEnv } from './config.js';
import { importSeedFile } from './seed-file.js';
import { openStores } from './app.js';

/** `npm run seed -- FILE`: imports a seed file into DATA_DIR's partner data. */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: npm run seed -- FILE.json');
  loadDotEnv(process.cwd());
  const config = loadConfig(process.env, process.cwd());
  const stores = await openStores(config);
  const { repository, recent } = stores;
  const report = await importSeedFile(path.resolve(config.invocationDir, file), repository);
  await repository.flush();
  await recent.close();
  await stores.close();
  const where = config.storage === 'blob' ? `blob container ${config.blobContainer}` : config.dataDir;
  console.log(`Imported ${file} into ${where}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
