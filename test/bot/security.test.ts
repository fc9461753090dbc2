import assert from 'node:assert/strict';
import { activity, post, startApp, type RunningApp } from '../helpers/app.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const SECRET = 'hunter2-Secret-Value-42';
const TENANT = '99999999-8888-4777-8666-555555555555';
const jwt = (header: object, payload: object) =>
  [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';

async function raw(baseUrl: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, text };
}

describe('security: authentication on, secrets kept', () => {
  let bot: RunningApp;
  beforeEach(async () => {
    bot = await startApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppTenantId: TENANT });
  });
  afterEach(() => bot.stop());

  const refused: Array<[string, Record<string, string>]> = [
    ['no Authorization header', {}],
    ['a header that is not a bearer token', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a malformed JWT', { authorization: 'Bearer abc.def' }],
    ['an unsigned JWT (alg none)', { authorization: `Bearer ${jwt({ alg: 'none', typ: 'JWT' }, { aud: APP_ID, iss: 'https://api.botframework.com' })}` }],
    ['a JWT signed with a shared secret (HS256)', { authorization: `Bearer ${jwt({ alg: 'HS256', kid: 'x' }, { aud: APP_ID })}` }],
  ];
  for (const [what, headers] of refused) {
    it(`answers ${what} with 401 and runs no turn`, async () => {
      const result = await raw(bot.baseUrl, JSON.stringify(activity({ text: 'remove partner' })), headers);
      assert.equal(result.status, 401);
      assert.ok(!result.text.includes(SECRET));
      assert.equal(bot.logs.filter((l) => l.msg === 'turn').length, 0, 'no turn ran');
    });
  }

  it('never writes the app password in a log line or a reply', async () => {
    await raw(bot.baseUrl, JSON.stringify(activity({ text: 'help' })), { authorization: `Bearer ${SECRET}` });
    await raw(bot.baseUrl, '{"broken": ', {});
    await raw(bot.baseUrl, JSON.stringify(activity({ text: SECRET.slice(0, 4) })), {});
    const logged = JSON.stringify(bot.logs);
    assert.ok(!logged.includes(SECRET));
    assert.ok(bot.logs.length > 0, 'something was logged');
  });
});

describe('bad HTTP input: a clear 4xx, never a crash', () => {
  let bot: RunningApp;
  beforeEach(async () => {
    bot = await startApp();
  });
  afterEach(() => bot.stop());

  const cases: Array<[string, () => Promise<{ status: number; text: string }>, number]> = [
    ['a wrong content type', () => raw(bot.baseUrl, 'type=message', { 'content-type': 'application/x-www-form-urlencoded' }), 415],
    ['text/plain JSON', () => raw(bot.baseUrl, JSON.stringify(activity()), { 'content-type': 'text/plain' }), 415],
    ['an empty body', () => raw(bot.baseUrl, ''), 400],
    ['deeply nested JSON', () => raw(bot.baseUrl, '['.repeat(50_000) + ']'.repeat(50_000)), 400],
    ['a 10 MB body', () => raw(bot.baseUrl, JSON.stringify(activity({ text: 'x'.repeat(10 * 1024 * 1024) }))), 413],
    ['an unknown activity type', () => raw(bot.baseUrl, JSON.stringify(activity({ type: 'partnerHack' }))), 400],
    ['a type that is not a string', () => raw(bot.baseUrl, JSON.stringify(activity({ type: { $gt: '' } }))), 400],
  ];
  for (const [what, send, status] of cases) {
    it(`answers ${what} with ${status} JSON, then serves the next request`, async () => {
      const result = await send();
      assert.equal(result.status, status);
      assert.equal(typeof (JSON.parse(result.text) as { message: unknown }).message, 'string');
      const next = await post(bot.baseUrl, activity({ text: 'show my partners' }));
      assert.equal(next.status, 200);
      assert.equal(next.replies.length, 1);
    });
  }

  it('survives a message whose card value is nested very deeply', async () => {
    const deep = '{"nested":'.repeat(20_000) + '{}' + '}'.repeat(20_000);
    const body = JSON.stringify(activity({ value: { verb: 'confirm', cardId: 'x', deep: '@' } })).replace('"@"', deep);
    const result = await raw(bot.baseUrl, body);
    assert.equal(result.status, 400, result.text.slice(0, 200));
    assert.equal((await post(bot.baseUrl, activity({ text: 'help' }))).status, 200);
  });
});
