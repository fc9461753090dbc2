import assert from 'node:assert/strict';
import sinon from 'sinon';
import { TeamsBot } from '../../src/bot/teams-bot.js';
import { Texts } from '../../src/i18n/i18n.js';
import { LOCALES_DIR } from '../../src/paths.js';
import { activity, post, startApp, type Reply, type RunningApp } from '../helpers/app.js';

const texts = Texts.fromDirectory(LOCALES_DIR);
const en = texts.translator('en');
const fr = texts.translator('fr');

const cardText = (reply: Reply | undefined): string => JSON.stringify(reply?.attachments?.[0]?.content ?? null);

describe('HTTP server (real restify on a loopback port)', () => {
  let bot: RunningApp;

  beforeEach(async () => {
    bot = await startApp();
  });
  afterEach(async () => {
    sinon.restore();
    await bot.stop();
  });

  it('answers /healthz with its status and version', async () => {
    const response = await fetch(`${bot.baseUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', version: '9.9.9-test' });
  });

  it('answers malformed JSON with a 400 JSON error and keeps serving', async () => {
    const bad = await post(bot.baseUrl, '{"type": "message", ');
    assert.equal(bad.status, 400);
    assert.equal(typeof (bad.json as { message: unknown }).message, 'string');
    const good = await post(bot.baseUrl, activity({ text: 'help' }));
    assert.equal(good.status, 200);
    assert.ok(cardText(good.replies[0]).includes(JSON.stringify(en('cards:help.title'))));
  });

  const notActivities: Array<[string, unknown]> = [
    ['an array', [1, 2]],
    ['a string', '"hello"'],
    ['an object without type', { text: 'hi' }],
    ['an activity without conversation', { ...activity(), conversation: undefined }],
    ['an activity without from', { ...activity(), from: undefined }],
    ['an activity without serviceUrl', { ...activity(), serviceUrl: undefined }],
    ['an activity whose channelId is not a string', { ...activity(), channelId: { toString: 'x' } }],
    ['an activity whose id is not a string', { ...activity(), id: ['a'] }],
  ];
  for (const [what, body] of notActivities) {
    it(`answers ${what} with a 400 JSON error`, async () => {
      const result = await post(bot.baseUrl, body);
      assert.equal(result.status, 400);
      assert.equal((result.json as { code: string }).code, 'BadRequest');
    });
  }

  it('refuses a body over the size limit with 413', async () => {
    const big = activity({ text: 'x'.repeat(300 * 1024) });
    const result = await post(bot.baseUrl, big);
    assert.equal(result.status, 413);
    assert.equal((await fetch(`${bot.baseUrl}/healthz`)).status, 200);
  });

  it('returns the reply in the HTTP response with deliveryMode expectReplies, in French', async () => {
    const result = await post(bot.baseUrl, activity({ text: 'aide', locale: 'fr-FR' }));
    assert.equal(result.status, 200);
    assert.equal(result.replies.length, 1);
    assert.ok(cardText(result.replies[0]).includes(JSON.stringify(fr('cards:help.title'))));
  });

  it("shows the dialogs' state to the Emulator's inspector, and to no other channel", async () => {
    const traces = (json: unknown) =>
      ((json as { activities: Array<{ type: string; name?: string; value?: unknown }> }).activities ?? []).filter((a) => a.type === 'trace');
    const emulator = await post(bot.baseUrl, activity({ text: 'add a partner', conversation: { id: 'inspected' } }));
    const [state] = traces(emulator.json);
    assert.equal(state?.name, 'BotState');
    assert.match(JSON.stringify(state?.value), /pick-subscription/);
    const teams = await post(bot.baseUrl, activity({ text: 'add a partner', channelId: 'msteams', conversation: { id: 'teams', tenantId: 'local' } }));
    assert.ok(cardText(teams.replies[0]).includes(JSON.stringify(en('cards:pickSubscription.title.add'))));
    assert.deepEqual(traces(teams.json), []);
  });

  it('welcomes a user added to the conversation with the localized welcome card, once', async () => {
    const update = activity({
      type: 'conversationUpdate',
      locale: 'fr-FR',
      membersAdded: [{ id: 'bot' }, { id: 'user-1' }],
    });
    const first = await post(bot.baseUrl, update);
    const card = first.replies[0]?.attachments?.[0];
    assert.equal(card?.contentType, 'application/vnd.microsoft.card.adaptive');
    const body = JSON.stringify(card?.content);
    assert.ok(body.includes(JSON.stringify(fr('cards:welcome.title'))));
    assert.ok(body.includes(JSON.stringify(fr('cards:welcome.add'))));
    const again = await post(bot.baseUrl, { ...update, id: 'again', type: 'installationUpdate', action: 'add', membersAdded: undefined });
    assert.equal(again.replies.length, 0);
  });

  it('shows the menu card for a message it does not understand, in English', async () => {
    const result = await post(bot.baseUrl, activity({ text: 'the weather is nice', locale: 'en-GB' }));
    assert.equal(result.replies[0]?.text, en('dialogs:main.notUnderstood'));
    assert.ok(cardText(result.replies[1]).includes(JSON.stringify(en('cards:welcome.intro'))));
  });

  it('writes one structured log line per turn, without the message text', async () => {
    await post(bot.baseUrl, activity({ text: 'help me with secret-words', conversation: { id: 'conv-log' } }));
    const line = bot.logs.find((l) => l.msg === 'turn' && l.conversationId === 'conv-log');
    assert.ok(line, 'a turn line');
    assert.equal(line.tenantId, 'local');
    assert.equal(line.activityType, 'message');
    assert.equal(line.outcome, 'ok');
    assert.equal(typeof line.latencyMs, 'number');
    assert.ok(!JSON.stringify(bot.logs).includes('secret-words'));
  });

  it('lets a turn under way finish when it is closed, and refuses new ones', async () => {
    let closing: Promise<void> | undefined;
    const run = TeamsBot.prototype.run;
    sinon.stub(TeamsBot.prototype, 'run').callsFake(async function (this: TeamsBot, context) {
      closing ??= bot.app.http.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await run.call(this, context);
    });
    const result = await post(bot.baseUrl, activity({ text: 'help' }));
    await closing;
    assert.ok(closing, 'closed while the turn was under way');
    assert.equal(result.status, 200);
    assert.ok(cardText(result.replies[0]).includes(JSON.stringify(en('cards:help.title'))));
    await assert.rejects(fetch(`${bot.baseUrl}/healthz`));
  });
});
