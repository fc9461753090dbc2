import sinon from 'sinon';
import { startApp, type RunningApp } from './app.js';
import { startConnector } from './connector.js';
import { testSeed } from './seed-data.js';
import { teamsClient } from './teams-client.js';

/**
 * The real bot on a loopback port, seeded with `testSeed`, whose replies go to a local connector;
 * `client` posts Teams-shaped activities to it. `stop()` also restores sinon's stubs.
 */
export async function startTeamsBot(env: Record<string, string> = {}) {
  const connector = await startConnector();
  const bot: RunningApp = await startApp(env);
  await bot.app.repository.importSeed(testSeed);
  return {
    bot,
    connector,
    client: teamsClient(bot.baseUrl, connector.url),
    async stop() {
      sinon.restore();
      await bot.stop();
      await connector.close();
    },
  };
}
