import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from './app.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { limitHeapGrowth } from './heap.js';
import { createLogger, createLogOutput } from './logger.js';
import { PROJECT_ROOT } from './paths.js';
import { DataFileError } from './ports/partner-register.js';

async function main(): Promise<void> {
  limitHeapGrowth();
  loadDotEnv(process.cwd());
  const config = loadConfig(process.env, process.cwd());
  const output = createLogOutput();
  const logger = createLogger(config.logLevel, output);
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  // A promise nobody awaited failing (in a library, after its turn ended) is logged, not fatal:
  // one conversation's mishap must not stop the bot for everyone.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const app = await createApp(config, logger, version);

  await new Promise<void>((resolve) => app.http.server.listen(config.port, resolve));
  logger.info(
    {
      url: `${app.http.server.url}/api/messages`,
      dataDir: config.dataDir,
      auth: config.authEnabled ? 'Bot Framework tokens required' : 'off (local / Emulator mode)',
      version,
    },
    'partner-bot is listening',
  );

  // Stopping: turns under way finish, storage is flushed, then the bot exits; past the deadline it
  // exits anyway (non-zero), having flushed what it could. Logs never hold the exit up.
  let stopping = false;
  const exit = async (code: number) => {
    await output.flush(1000);
    process.exit(code);
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error({ deadlineMs: config.shutdownTimeoutMs }, 'turns still under way at the shutdown deadline: exiting');
      void exit(1);
    }, config.shutdownTimeoutMs);
    logger.info({ signal }, 'stopping: finishing turns under way and flushing storage');
    app.close().then(
      () => {
        logger.info({ droppedLogLines: output.dropped }, 'stopped');
        return exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        return exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Before the logger exists (bad configuration), or a data file refused at start.
  const known = error instanceof ConfigError || error instanceof DataFileError;
  console.error(known ? error.message : error);
  process.exit(1);
});
