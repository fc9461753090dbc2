import assert from 'node:assert/strict';
import { startLoggedBot, type LoggedBot } from '../helpers/bot-process.js';
import { BOT_FRAMEWORK_RESOURCE, startMicrosoftStandIns, type MicrosoftStandIns } from '../helpers/stand-ins/index.js';

const CUSTOMER = 'c0570e4a-1111-4222-8333-444455556666';
const ADMIN = 'ad000000-1111-4222-8333-444455556666';

// The real bot (dist/src/index.js) as a child process with authentication on, every Microsoft
// service a local HTTPS stand-in: botbuilder checks the channel's tokens against the channel's
// published keys, and gets its own token for the connector from the sign-in stand-in with MSAL.
describe('the bot with authentication on, against HTTPS stand-ins', function () {
  this.timeout(30_000);

  let cloud: MicrosoftStandIns;
  let bot: LoggedBot;

  before(async () => {
    cloud = await startMicrosoftStandIns();
    bot = await startLoggedBot(cloud.botEnv());
  });

  after(async () => {
    await bot?.stop();
    await cloud?.close();
  });

  let counter = 0;
  let lastBody = '';
  const post = async (authorization: string, fields: Record<string, unknown> = {}) => {
    counter += 1;
    const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        type: 'message',
        id: `auth-activity-${counter}`,
        channelId: 'msteams',
        serviceUrl: cloud.connector.url,
        text: 'help',
        locale: 'en-US',
        timestamp: new Date().toISOString(),
        conversation: { id: `a:auth-conversation-${counter}`, conversationType: 'personal', tenantId: CUSTOMER },
        from: { id: '29:auth-admin', name: 'Megan Bowen', aadObjectId: ADMIN },
        recipient: { id: `28:${cloud.bot.appId}`, name: 'Partner Bot' },
        channelData: { tenant: { id: CUSTOMER } },
        ...fields,
      }),
    });
    lastBody = await response.text();
    return response.status;
  };
  const turns = () => bot.turns();
  const waitForTurns = (count: number) => bot.turnAfter(count - 1);

  it('runs the turn of a token the channel signed, and replies through the connector with a token the sign-in endpoint issued', async () => {
    assert.equal(await post(cloud.channelAuthorization()), 200);
    await waitForTurns(1);
    assert.equal(turns(), 1);
    const replies = cloud.connector.calls.filter((c) => c.method === 'POST' && c.body.type === 'message');
    assert.ok(replies.length >= 1, 'the reply reached the connector');
    assert.deepEqual(cloud.connector.unauthorized, []);
    for (const call of cloud.connector.calls) {
      assert.equal(call.claims?.aud, BOT_FRAMEWORK_RESOURCE);
      assert.equal(call.claims?.appid, cloud.bot.appId);
      assert.equal(call.claims?.tid, cloud.bot.tenantId);
    }
    assert.deepEqual(
      cloud.signIn.tokenRequests.map(({ tenant, clientId, scope, status }) => ({ tenant, clientId, scope, status })),
      [{ tenant: cloud.bot.tenantId, clientId: cloud.bot.appId, scope: `${BOT_FRAMEWORK_RESOURCE}/.default`, status: 200 }],
    );
  });

  it('asks the sign-in endpoint once for its connector token, not on every turn', async () => {
    const before = turns();
    assert.equal(await post(cloud.channelAuthorization()), 200);
    assert.equal(await post(cloud.channelAuthorization()), 200);
    await waitForTurns(before + 2);
    assert.equal(turns(), before + 2);
    assert.equal(cloud.signIn.tokenRequests.length, 1);
  });

  it('authenticates a typeahead search like every activity: refused without a valid token, answered with one', async () => {
    const search = { type: 'invoke', name: 'application/search', value: { queryText: 'office', queryOptions: { skip: 0, top: 15 }, dataset: 'subscriptions.change' } };
    const turnsBefore = turns();
    assert.equal(await post('', search), 401);
    assert.equal(await post(cloud.channelAuthorization({ signedBy: 'stranger' }), search), 401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(turns(), turnsBefore, 'no turn ran');
    assert.equal(await post(cloud.channelAuthorization(), search), 200);
    assert.equal((JSON.parse(lastBody) as { type?: string }).type, 'application/vnd.microsoft.search.searchResponse');
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refused: Array<[string, () => string]> = [
    ['for another bot', () => cloud.channelAuthorization({ claims: { aud: '99999999-2222-4333-8444-555555555555' } })],
    ['from another issuer', () => cloud.channelAuthorization({ claims: { iss: 'https://evil.example' } })],
    ['expired', () => cloud.channelAuthorization({ claims: { exp: now() - 3600, nbf: now() - 7200 } })],
    ['signed by a key the channel does not publish, under the published key id', () => cloud.channelAuthorization({ signedBy: 'stranger', kid: cloud.channel.kid })],
    ['naming a key the channel does not publish', () => cloud.channelAuthorization({ signedBy: 'stranger' })],
    ['for another service URL', () => cloud.channelAuthorization({ serviceUrl: 'https://smba.trafficmanager.net/emea/' })],
  ];
  for (const [what, authorization] of refused) {
    it(`answers a token ${what} with 401, runs no turn and calls no connector`, async () => {
      const turnsBefore = turns();
      const callsBefore = cloud.connector.calls.length + cloud.connector.unauthorized.length;
      assert.equal(await post(authorization()), 401);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(turns(), turnsBefore);
      assert.equal(cloud.connector.calls.length + cloud.connector.unauthorized.length, callsBefore);
    });
  }
});
