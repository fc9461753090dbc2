import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { activity, post, startApp, type RunningApp } from '../helpers/app.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const TENANT = '99999999-8888-4777-8666-555555555555';

interface RawAnswer {
  readonly status: number;
  readonly body: string;
  /** Bytes of the body the client had written when the answer came. */
  readonly written: number;
}

/**
 * A request written by hand: `send` writes the body (all at once, in chunks, or never ending) and
 * the promise resolves with the answer, whenever it comes.
 */
function request(
  baseUrl: string,
  headers: Record<string, string>,
  send: (req: http.ClientRequest, written: { bytes: number }) => void,
): Promise<RawAnswer> {
  const url = new URL('/api/messages', baseUrl);
  return new Promise((resolve, reject) => {
    const written = { bytes: 0 };
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), written: written.bytes }));
    });
    req.on('error', reject);
    send(req, written);
  });
}

const whole = (body: string) => (req: http.ClientRequest, written: { bytes: number }) => {
  written.bytes = Buffer.byteLength(body);
  req.end(body);
};

/** Most an endless body writes: an answer before that came while the body was still coming. */
const ENDLESS_BYTES = 64 * 1024 * 1024;

/** Writes 16 KB chunks until the answer comes (or 64 MB), as a client streaming a huge body. */
const endless = (req: http.ClientRequest, written: { bytes: number }) => {
  const chunk = Buffer.alloc(16 * 1024, 'x');
  let answered = false;
  req.once('response', () => (answered = true));
  const pump = () => {
    if (answered || req.destroyed || written.bytes >= ENDLESS_BYTES) return;
    written.bytes += chunk.length;
    if (req.write(chunk)) setTimeout(pump, 1);
    else req.once('drain', pump);
  };
  req.write('{"type":"message","text":"');
  pump();
};

/** Sends the headers and a few bytes, then nothing more. */
const stalled = (req: http.ClientRequest, written: { bytes: number }) => {
  written.bytes = 10;
  req.write('{"type":"m');
};

const multipart = (boundary: string) =>
  [
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="big.bin"',
    'Content-Type: application/octet-stream',
    '',
    'x'.repeat(200 * 1024),
    `--${boundary}--`,
    '',
  ].join('\r\n');

/** Entries of the system's temporary folder, the bot's own data folder left out. */
async function tempEntries(bot: RunningApp): Promise<Set<string>> {
  const mine = path.basename(bot.dataDir);
  return new Set((await readdir(os.tmpdir())).filter((name) => name !== mine));
}

const turnsRun = (bot: RunningApp) => bot.logs.filter((l) => l.msg === 'turn').length;

describe('the front door: JSON only, bounded bodies, nothing on disk', () => {
  let bot: RunningApp;
  beforeEach(async () => {
    bot = await startApp({ BODY_TIMEOUT_MS: '400' });
  });
  afterEach(() => bot.stop());

  const form = 'type=message&text=remove%20partner&conversation[id]=c1&from[id]=u1&serviceUrl=http://127.0.0.1:9&deliveryMode=expectReplies';
  const cases: Array<[string, Record<string, string>, (req: http.ClientRequest, w: { bytes: number }) => void, number]> = [
    ['a multipart upload', { 'content-type': 'multipart/form-data; boundary=b0und' }, whole(multipart('b0und')), 415],
    ['a form-encoded activity with bracketed keys', { 'content-type': 'application/x-www-form-urlencoded' }, whole(form), 415],
    ['text/plain JSON', { 'content-type': 'text/plain' }, whole(JSON.stringify(activity())), 415],
    ['a body with no content type', {}, whole(JSON.stringify(activity())), 415],
    ['JSON in another charset', { 'content-type': 'application/json; charset=utf-16' }, whole(JSON.stringify(activity())), 415],
    ['a declared length over the limit', { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) }, stalled, 413],
    ['a chunked body over the limit', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, endless, 413],
    ['a body that never ends', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, stalled, 408],
  ];
  for (const [what, headers, send, status] of cases) {
    it(`answers ${what} with ${status}, runs no turn, leaves no file, and serves the next request`, async () => {
      const before = await tempEntries(bot);
      const answer = await request(bot.baseUrl, headers, send);
      assert.equal(answer.status, status, answer.body);
      assert.equal(typeof (JSON.parse(answer.body) as { message: unknown }).message, 'string');
      assert.ok(answer.written < ENDLESS_BYTES, 'answered while the body was still coming');
      assert.equal(turnsRun(bot), 0, 'no turn ran');
      const after = await tempEntries(bot);
      assert.deepEqual([...after].filter((name) => !before.has(name)), [], 'nothing new in the temporary folder');
      const next = await post(bot.baseUrl, activity({ text: 'show my partners' }));
      assert.equal(next.status, 200);
      assert.equal(next.replies.length, 1);
    });
  }

  it('takes application/json with a UTF-8 charset, as the Bot Framework sends it', async () => {
    const answer = await request(bot.baseUrl, { 'content-type': 'Application/JSON; charset="UTF-8"' }, whole(JSON.stringify(activity({ text: 'help' }))));
    assert.equal(answer.status, 200);
    assert.equal(turnsRun(bot), 1);
  });
});

describe('the front door with authentication on', () => {
  let bot: RunningApp;
  beforeEach(async () => {
    bot = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret-value', MicrosoftAppTenantId: TENANT, BODY_TIMEOUT_MS: '5000' });
  });
  afterEach(() => bot.stop());

  it('refuses a request without a token before reading its body', async () => {
    const started = Date.now();
    const answer = await request(bot.baseUrl, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, stalled);
    assert.equal(answer.status, 401);
    assert.ok(Date.now() - started < 2000, 'answered without waiting for the body');
    assert.equal(turnsRun(bot), 0);
  });

  it('refuses a multipart upload without a token with 415, before anything is parsed', async () => {
    const before = await tempEntries(bot);
    const answer = await request(bot.baseUrl, { 'content-type': 'multipart/form-data; boundary=zz' }, whole(multipart('zz')));
    assert.equal(answer.status, 415);
    assert.deepEqual([...(await tempEntries(bot))].filter((name) => !before.has(name)), []);
  });
});
