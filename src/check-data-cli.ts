import { loadConfig, loadDotEnv } from './config.js';
import { checkDataDir } from './store/file/check-data.js';

/**
 * `npm run check-data`: checks every data file of DATA_DIR (before or after an upgrade, with the
 * bot stopped or running) and names the damaged ones; exits 1 if there is any. Changes nothing.
 */
function main(): void {
  loadDotEnv(process.cwd());
  const config = loadConfig(process.env, process.cwd());
  const started = performance.now();
  const { checked, damaged } = checkDataDir(config.dataDir);
  for (const { file, reason } of damaged) console.log(`damaged: ${file}: ${reason}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${config.dataDir}: ${checked} data files checked in ${seconds} s, ${damaged.length} damaged.`);
  if (damaged.length > 0) {
    console.log('The bot leaves a damaged file untouched and refuses only its organisation (or conversation); fix or move it.');
    process.exitCode = 1;
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
