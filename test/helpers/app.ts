import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { tempDir } from './temp-dir.js';

export interface RunningApp {
  readonly app: App;
  readonly baseUrl: string;
  readonly dataDir: string;
  /** Every log line written so far, parsed. */
  readonly logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The real bot (config → stores → dialogs → restify) on a loopback port, in a temp DATA_DIR. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const { dir, remove } = await tempDir();
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', ...env });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await createApp(config, createLogger('debug', sink), '9.9.9-test');
  await new Promise<void>((resolve) => app.http.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.http.server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir: dir,
    logs,
    async stop() {
      await app.close();
      await remove();
    },
  };
}

let counter = 0;

/** An Emulator-style activity that asks for the replies in the HTTP response. */
export function activity(fields: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `activity-${counter}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    conversation: { id: `conversation-${counter}` },
    from: { id: 'user-1', name: 'Admin' },
    recipient: { id: 'bot', name: 'Partner Bot' },
    locale: 'en-US',
    ...fields,
  };
}

export interface Reply {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
}

/** Posts one activity and returns the bot's message replies (trace activities left out). */
export async function post(baseUrl: string, body: unknown): Promise<{ status: number; replies: Reply[]; json: unknown }> {
  const response = await fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  const activities = (json as { activities?: Reply[] } | undefined)?.activities ?? [];
  return { status: response.status, replies: activities.filter((a) => a.type === 'message'), json };
}
