import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort, waitFor } from '../../support/net.js';
import { tempDir } from './temp-dir.js';

/**
 * The real bot as a child process on a free loopback port; resolves once /healthz answers. Its
 * output is ignored unless `stdio` says otherwise.
 */
export async function startBotProcess(env: Record<string, string>, stdio: StdioOptions = 'ignore'): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', path.join(PROJECT_ROOT, 'dist/src/index.js')], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'silent', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
    stdio,
  });
  await waitFor(`http://127.0.0.1:${port}/healthz`, 'the bot', 30_000);
  return { child, port };
}

/**
 * Posts a Teams-shaped message from an admin of `tenantId` with expectReplies, and returns the
 * HTTP status and the replies as JSON text.
 */
export async function postAsAdmin(
  port: number,
  who: { tenantId: string; admin: string; conversation: string },
  fields: Record<string, unknown>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9', deliveryMode: 'expectReplies', locale: 'en-US',
      conversation: { id: who.conversation, tenantId: who.tenantId }, channelData: { tenant: { id: who.tenantId } },
      from: { id: `29:${who.admin}`, aadObjectId: who.admin, name: who.admin }, recipient: { id: 'bot' }, ...fields,
    }),
  });
  return { status: response.status, text: JSON.stringify(await response.json()) };
}

/** The `cardId` in the replies' cards. */
export const cardIdIn = (text: string): string | undefined => /"cardId":"([^"]+)"|\\"cardId\\":\\"([^\\"]+)\\"/.exec(text)?.slice(1).find(Boolean);

/** The real bot as a child process, in a temporary DATA_DIR, whose JSON log lines are kept to wait for its turns. */
export interface LoggedBot {
  readonly port: number;
  readonly logs: Array<Record<string, unknown>>;
  /** How many turns it has logged so far. */
  turns(): number;
  /** Resolves once it has logged more than `count` turns (or after about 5 s). */
  turnAfter(count: number): Promise<void>;
  /** SIGTERM, waits for the exit, and removes its DATA_DIR. */
  stop(): Promise<void>;
}

export async function startLoggedBot(env: Record<string, string>): Promise<LoggedBot> {
  const data = await tempDir();
  const { child, port } = await startBotProcess({ LOG_LEVEL: 'info', DATA_DIR: data.dir, ...env }, ['ignore', 'pipe', 'pipe']);
  const logs: Array<Record<string, unknown>> = [];
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.resume();
  const turns = () => logs.filter((l) => l.msg === 'turn').length;
  return {
    port,
    logs,
    turns,
    async turnAfter(count) {
      for (let i = 0; i < 200 && turns() <= count; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await data.remove();
    },
  };
}
