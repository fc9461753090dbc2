import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { freePort, waitFor } from '../../support/net.js';

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
