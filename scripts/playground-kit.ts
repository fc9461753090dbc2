import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';
import { bigOrganisation } from '../support/card-samples.js';
import { freePort, waitFor } from '../support/net.js';

/** What the Agents Playground scripts share: its configuration, a seed for its tenant, processes. */
const require = createRequire(import.meta.url);

export const TENANT = '7a3c2f10-4b5e-4d6f-8a9b-0c1d2e3f4a5b';
export const ADMIN = '3f1e2d4c-5b6a-4798-8a0b-1c2d3e4f5a60';


export function playgroundConfig(): string {
  const user = (i: number, name: string) => {
    const [given, surname] = name.split(' ');
    const login = `${given!.toLowerCase()}${surname![0]!.toLowerCase()}@fabrikam.example`;
    return `  - id: user-id-${i}\n    name: ${name}\n    userPrincipleName: ${login}\n    aadObjectId: 3f1e2d4c-5b6a-4798-8a0b-1c2d3e4f5a6${i}\n    givenName: ${given}\n    surname: ${surname}\n    email: ${login}\n`;
  };
  return `version: "0.1.1"
tenantId: ${TENANT}
bot:
  id: 00000000-0000-0000-0000-00000000000011
  name: Partner Bot
currentUser:
  id: user-id-0
  name: Megan Bowen
  userPrincipleName: meganb@fabrikam.example
  aadObjectId: ${ADMIN}
  givenName: Megan
  surname: Bowen
  email: meganb@fabrikam.example
users:
${['Alex Wilber', 'Adele Vance', 'Isaiah Langer', 'Patti Fernandez', 'Lynne Robbins'].map((n, i) => user(i + 1, n)).join('')}personalChat:
  id: personal-chat-id
groupChat:
  id: group-chat-id
  name: Group Chat
team:
  id: team-id
  name: Fabrikam
  aadGroupId: 00000000-0000-0000-0000-000000000031
  channels:
    - id: channel-general-id
      name: Partners
`;
}

export const SEED = {
  partners: [
    { id: '1234567', name: 'Contoso Advisors' },
    { id: '7654321', name: 'Northwind Traders' },
  ],
  tenants: [
    {
      id: TENANT,
      name: 'Fabrikam',
      cloud: 'worldwide',
      admins: [ADMIN],
      subscriptions: [
        { id: 'sub-1', name: 'Microsoft 365 Business Standard', partnerId: '1234567' },
        { id: 'sub-2', name: 'Office 365 E3' },
      ],
      relationships: [{ partnerId: '7654321', partnerName: 'Northwind Traders', type: 'reseller' }],
    },
  ],
};


/**
 * The same organisation grown large: 300 subscriptions (as named in the card samples), one in three
 * without a partner, the others with Contoso Advisors or Northwind Traders.
 */
export const BIG_SEED = {
  ...SEED,
  tenants: SEED.tenants.map((tenant) => ({
    ...tenant,
    subscriptions: bigOrganisation(300).map((name, i) => ({
      id: `sub-${i + 1}`,
      name,
      ...(i % 3 === 0 ? {} : { partnerId: i % 3 === 1 ? '1234567' : '7654321' }),
    })),
  })),
};

/** Imports the Playground tenant's seed (or `data`) into `dataDir` (idempotent). */
export async function seedPlaygroundTenant(dataDir: string, workDir: string, data: object = SEED): Promise<void> {
  const file = path.join(workDir, 'playground-seed.json');
  writeFileSync(file, JSON.stringify(data));
  const seed = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/seed-cli.js'), file], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  await new Promise((resolve, reject) => seed.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error('seed failed')))));
}

/** Starts a process in its own group, so that stopping it also stops what it started. */
export function startProcess(args: string[], env: Record<string, string>, cwd: string, onOutput?: (b: Buffer) => void): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (b: Buffer) => onOutput?.(b));
  child.stderr?.on('data', (b: Buffer) => onOutput?.(b));
  return child;
}

export function stopProcess(child: ChildProcess): void {
  if (child.exitCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** Starts the bot and the Playground in front of it; resolves once both answer. */
export async function startBotAndPlayground(options: {
  dataDir: string;
  workDir: string;
  onBotOutput?: (b: Buffer) => void;
  onPlaygroundOutput?: (b: Buffer) => void;
  botPort?: number;
  playgroundPort?: number;
}): Promise<{ bot: ChildProcess; playground: ChildProcess; botPort: number; playgroundUrl: string }> {
  const botPort = options.botPort ?? (await freePort());
  const bot = startProcess(
    ['--disable-warning=DEP0111', path.join(PROJECT_ROOT, 'dist/src/index.js')],
    { DATA_DIR: options.dataDir, PORT: String(botPort), MicrosoftAppId: '', MicrosoftAppPassword: '' },
    options.workDir,
    options.onBotOutput,
  );
  try {
    await waitFor(`http://127.0.0.1:${botPort}/healthz`, 'the bot');
    const playgroundPort = options.playgroundPort ?? (await freePort());
    writeFileSync(path.join(options.workDir, '.m365agentsplayground.yml'), playgroundConfig());
    const playground = startProcess(
      [require.resolve('@microsoft/m365agentsplayground/cli.js'), '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '-p', String(playgroundPort), '--disable-telemetry'],
      { TEAMSAPPTESTER_BROWSER: 'none' },
      options.workDir,
      options.onPlaygroundOutput,
    );
    const playgroundUrl = `http://127.0.0.1:${playgroundPort}`;
    try {
      await waitFor(playgroundUrl, 'the Agents Playground');
    } catch (error) {
      stopProcess(playground);
      throw error;
    }
    return { bot, playground, botPort, playgroundUrl };
  } catch (error) {
    stopProcess(bot);
    throw error;
  }
}
