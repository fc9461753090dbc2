import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, loadDotEnv } from '../src/config.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { seedPlaygroundTenant, startBotAndPlayground, stopProcess } from './playground-kit.js';

/**
 * `npm run playground`: the bot (on DATA_DIR) and the Microsoft 365 Agents Playground in front of
 * it, signed in as an admin of a seeded organisation. Open the printed address; Ctrl+C stops both.
 */
async function main(): Promise<void> {
  loadDotEnv(process.cwd());
  const config = loadConfig(process.env, process.cwd());
  const work = path.join(PROJECT_ROOT, 'dist', 'playground');
  mkdirSync(work, { recursive: true });
  await seedPlaygroundTenant(config.dataDir, work);
  const { bot, playground, playgroundUrl } = await startBotAndPlayground({
    dataDir: config.dataDir,
    workDir: work,
    botPort: config.port,
    playgroundPort: 56150,
    onBotOutput: (b) => process.stdout.write(b),
  });
  console.log(`\nAgents Playground: open ${playgroundUrl.replace('127.0.0.1', 'localhost')} (Ctrl+C stops the bot and the Playground)\n`);
  const stop = () => {
    stopProcess(playground);
    stopProcess(bot);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
