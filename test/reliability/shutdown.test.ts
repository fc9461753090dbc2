import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { startBotProcess } from '../helpers/bot-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const DEADLINE_MS = 2000;

/** Resolves with how the child ended and how long after `since` it did, or 'running' after `ms`. */
function exitWithin(child: ChildProcess, since: number, ms: number): Promise<{ code: number | null; afterMs: number } | 'running'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('running'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, afterMs: Date.now() - since });
    });
  });
}

/** `count` concurrent Emulator-style messages, each in a conversation of its own; statuses, or 0 when the connection failed. */
function load(port: number, count: number, tag: string): Promise<number[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message', id: `${tag}-${i}`, text: 'show my partners', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:9',
          deliveryMode: 'expectReplies', conversation: { id: `${tag}-conversation-${i}` }, from: { id: 'user' }, recipient: { id: 'bot' },
        }),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      ),
    ),
  );
}

// Orchestrators stop a bot with SIGTERM and kill it after a grace period; the log collector that
// reads its output may be gone, or stop reading. Real bot process, real pipes.
describe('shutdown: SIGTERM always ends the bot, whatever became of its output', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let removeData: (() => Promise<void>) | undefined;

  const start = async () => {
    const data = await tempDir();
    removeData = data.remove;
    const started = await startBotProcess({ DATA_DIR: data.dir, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: String(DEADLINE_MS) }, ['ignore', 'pipe', 'pipe']);
    child = started.child;
    return started.port;
  };
  /** 100 requests under way, SIGTERM: the bot must exit within the deadline; their statuses. */
  const stopUnderLoad = async (port: number, tag: string) => {
    const underway = load(port, 100, tag);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const since = Date.now();
    child!.kill('SIGTERM');
    const ended = await exitWithin(child!, since, DEADLINE_MS + 3000);
    assert.ok(ended !== 'running', 'still running after SIGTERM');
    assert.ok(ended.afterMs <= DEADLINE_MS + 1500, `exited after ${ended.afterMs} ms`);
    return underway;
  };
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await removeData?.();
  });

  it('exits at once when idle with its output closed', async () => {
    await start();
    child!.stdout!.destroy();
    child!.stderr!.destroy();
    const since = Date.now();
    child!.kill('SIGTERM');
    const ended = await exitWithin(child!, since, DEADLINE_MS + 3000);
    assert.ok(ended !== 'running', 'still running after SIGTERM');
    assert.equal(ended.code, 0);
    assert.ok(ended.afterMs < DEADLINE_MS, `exited after ${ended.afterMs} ms`);
  });

  it('keeps serving while nobody reads its output, then exits within the deadline under load', async () => {
    const port = await start();
    child!.stdout!.pause(); // the collector stops reading: the pipe fills with turn log lines
    child!.stderr!.pause();
    const first = await load(port, 300, 'fill');
    assert.ok(first.every((s) => s === 200), 'served with a full output pipe');
    const statuses = await stopUnderLoad(port, 'stopping');
    assert.ok(statuses.every((s) => s === 200 || s === 503 || s === 0), statuses.join(' '));
  });

  it('exits within the deadline under load with its output closed', async () => {
    const port = await start();
    child!.stdout!.destroy();
    child!.stderr!.destroy();
    await stopUnderLoad(port, 'closed');
  });
});
