import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/paths.js';
import { activity, post, startApp, type RunningApp } from '../helpers/app.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);

describe('transcripts for the Bot Framework Emulator', () => {
  let bot: RunningApp;
  let out: { dir: string; remove: () => Promise<void> };
  beforeEach(async () => {
    out = await tempDir();
    bot = await startApp({ TRANSCRIPT_DIR: path.join(out.dir, 'transcripts') });
  });
  afterEach(async () => {
    await bot.stop();
    await out.remove();
  });

  it('records a conversation and writes it as a .transcript file the Emulator opens', async () => {
    const conversation = { id: 'conv/with:odd chars' };
    await post(bot.baseUrl, activity({ text: 'help', conversation, timestamp: new Date().toISOString() }));
    await post(bot.baseUrl, activity({ text: 'show my partners', conversation, timestamp: new Date().toISOString() }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the recorder writes after the turn
    const { stdout } = await run(process.execPath, [path.join(PROJECT_ROOT, 'dist/scripts/transcript.js'), conversation.id, 'out.transcript'], {
      env: { PATH: process.env.PATH ?? '', TRANSCRIPT_DIR: path.join(out.dir, 'transcripts'), INIT_CWD: out.dir },
      cwd: out.dir,
    });
    assert.match(stdout, /activities written to/);
    const activities = JSON.parse(await readFile(path.join(out.dir, 'out.transcript'), 'utf8')) as Array<{ type: string; text?: string; from: { id: string } }>;
    const messages = activities.filter((a) => a.type === 'message');
    assert.equal(messages[0]?.text, 'help');
    assert.equal(messages[0]?.from.id, 'user-1');
    assert.ok(messages.some((m) => m.from.id === 'bot'), 'the bot\'s replies are recorded too');
    assert.ok(messages.some((m) => m.text === 'show my partners'));
  });

  it('says clearly when the conversation was not recorded', async () => {
    await assert.rejects(
      run(process.execPath, [path.join(PROJECT_ROOT, 'dist/scripts/transcript.js'), 'nope'], {
        env: { PATH: process.env.PATH ?? '', TRANSCRIPT_DIR: path.join(out.dir, 'transcripts') },
        cwd: out.dir,
      }),
      (error: { stderr: string }) => /No recorded conversation|No recorded conversations/.test(error.stderr),
    );
  });
});
