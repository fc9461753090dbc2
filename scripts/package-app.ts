import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, loadDotEnv } from '../src/config.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { buildPackage, PackageError } from '../support/teams-package.js';

/** `npm run package`: writes dist/teams/partner-bot.zip, to upload in Teams (Apps > Manage your apps). */
function main(): void {
  loadDotEnv(process.cwd());
  const config = loadConfig(process.env, process.cwd());
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const zip = buildPackage({
    appId: config.microsoftAppId,
    version,
    ...(config.botDomain ? { botDomain: config.botDomain } : {}),
  });
  const out = path.join(PROJECT_ROOT, 'dist', 'teams', 'partner-bot.zip');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`Teams app package written to ${out} (app id ${config.microsoftAppId}, version ${version}).`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof PackageError || error instanceof Error ? error.message : error);
  process.exit(1);
}
