import { json, startHttpsServer } from './https-server.js';
import type { TestPki } from './tls.js';
import { newSigningKey, nowSeconds, publicJwk, signJwt, type Claims } from './tokens.js';

/** The issuer of the tokens the Bot Framework channels sign (`ToBotFromChannelTokenIssuer`). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface ChannelTokenOptions {
  /** The bot's app ID: the token's audience. */
  readonly appId: string;
  /** The activity's `serviceUrl`, which the token names (botbuilder checks they match). */
  readonly serviceUrl: string;
  /** Claims to add or override (`aud`, `iss`, `exp`, …). */
  readonly claims?: Claims;
  /** `stranger` signs with a key the channel does not publish. */
  readonly signedBy?: 'channel' | 'stranger';
  /** The key id in the header; the signer's own unless given. */
  readonly kid?: string;
}

export interface ChannelStandIn {
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** `ToBotFromChannelOpenIdMetadataUrl`. */
  readonly openIdMetadataUrl: string;
  /** The key id the channel publishes. */
  readonly kid: string;
  /** An activity token as the channel signs it: `Bearer …`, ready for the `Authorization` header. */
  authorization(options: ChannelTokenOptions): string;
  /** Every request the bot made for the metadata or the keys, as `METHOD /path`. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A local stand-in for the Bot Framework channel's side of authentication, over HTTPS: the OpenID
 * metadata and the signing keys (each with the channels that endorse it, as
 * login.botframework.com publishes them), and the activity tokens the channel signs with them.
 */
export async function startChannel(pki: TestPki): Promise<ChannelStandIn> {
  const channel = newSigningKey();
  const stranger = newSigningKey();
  const requests: string[] = [];
  const server = await startHttpsServer(pki, (request, base) => {
    requests.push(`${request.method} ${request.url.pathname}`);
    if (request.method === 'GET' && request.url.pathname === '/v1/.well-known/openidconfiguration') {
      return json(200, {
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (request.method === 'GET' && request.url.pathname === '/v1/.well-known/keys') {
      return json(200, { keys: [publicJwk(channel, { endorsements: ['msteams', 'webchat', 'directline', 'emulator'] })] });
    }
    return json(404, { message: 'not found' });
  });
  return {
    url: server.url,
    openIdMetadataUrl: `${server.url}/v1/.well-known/openidconfiguration`,
    kid: channel.kid,
    authorization({ appId, serviceUrl, claims = {}, signedBy = 'channel', kid }) {
      const key = signedBy === 'channel' ? channel : stranger;
      const now = nowSeconds();
      return `Bearer ${signJwt(key, { serviceurl: serviceUrl, nbf: now - 5, exp: now + 3600, iss: CHANNEL_ISSUER, aud: appId, ...claims }, kid ?? key.kid)}`;
    },
    requests,
    close: () => server.close(),
  };
}
