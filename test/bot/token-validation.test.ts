import assert from 'node:assert/strict';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { activity, startApp, type RunningApp } from '../helpers/app.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const CHANNEL_ISSUER = 'https://api.botframework.com';

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RS256 token as the channel signs one, with `key` and the header's `kid`. */
function token(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url({ iss: CHANNEL_ISSUER, aud: APP_ID, nbf: now - 60, iat: now - 60, exp: now + 600, serviceurl: 'http://127.0.0.1:9', ...claims })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(key).toString('base64url')}`;
}

/**
 * The channel's published signing keys, served as the Bot Framework serves them (OpenID metadata,
 * then JWKS whose keys carry the channels that endorse them): botbuilder's own validation runs.
 */
async function startChannelKeys(publicKey: KeyObject): Promise<{ url: string; close(): Promise<void> }> {
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'published', use: 'sig', alg: 'RS256', endorsements: ['msteams', 'emulator'] };
  let base = '';
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    else res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${base}/openid`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('Bot Framework tokens checked by botbuilder, every refusal a 401', () => {
  const channel = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let keys: Awaited<ReturnType<typeof startChannelKeys>>;
  let bot: RunningApp;

  before(async () => {
    keys = await startChannelKeys(channel.publicKey);
  });
  after(() => keys.close());
  beforeEach(async () => {
    bot = await startApp({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret-value',
      MicrosoftAppType: 'MultiTenant',
      ToBotFromChannelOpenIdMetadataUrl: keys.url,
    });
  });
  afterEach(() => bot.stop());

  const send = async (authorization: string) => {
    const response = await fetch(`${bot.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${authorization}` },
      body: JSON.stringify(activity({ text: 'help', channelId: 'msteams', conversation: { id: 'token-conversation', tenantId: 'local' } })),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const turns = () => bot.logs.filter((l) => l.msg === 'turn').length;

  it('runs the turn of a token the channel signed', async () => {
    const status = await send(token(channel.privateKey, 'published', {}));
    assert.equal(status, 200);
    assert.equal(turns(), 1);
  });

  const refused: Array<[string, () => string]> = [
    ['signed by a key the channel does not publish, under a published key id', () => token(stranger.privateKey, 'published', {})],
    ['naming a key the channel does not publish', () => token(stranger.privateKey, 'unknown', {})],
    ['for another bot', () => token(channel.privateKey, 'published', { aud: '99999999-2222-4333-8444-555555555555' })],
    ['from another issuer', () => token(channel.privateKey, 'published', { iss: 'https://evil.example' })],
    ['expired', () => token(channel.privateKey, 'published', { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 })],
  ];
  for (const [what, make] of refused) {
    it(`answers a token ${what} with 401, and runs no turn`, async () => {
      assert.equal(await send(make()), 401);
      assert.equal(turns(), 0);
    });
  }
});
