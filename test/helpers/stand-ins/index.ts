import { startConnector } from '../connector.js';
import { CHANNEL_ISSUER, startChannel, type ChannelStandIn, type ChannelTokenOptions } from './channel.js';
import { BOT_GRAPH_PERMISSIONS, startGraph, type GraphOrganisation, type GraphStandIn, type OrganisationSetup } from './graph.js';
import { BOT_FRAMEWORK_RESOURCE, startSignIn, type Consent, type SignInStandIn } from './sign-in.js';
import { testPki, type TestPki } from './tls.js';

export { CHANNEL_ISSUER } from './channel.js';
export { BOT_GRAPH_PERMISSIONS, ENTRA_ROLES, SKUS } from './graph.js';
export { BOT_FRAMEWORK_RESOURCE, GRAPH_RESOURCE } from './sign-in.js';
export { testPki, trustingFetch } from './tls.js';

/** The bot's own app registration. */
export interface BotIdentity {
  readonly appId: string;
  readonly password: string;
  /** The tenant the (single-tenant) registration lives in. */
  readonly tenantId: string;
}

export const DEFAULT_BOT: BotIdentity = {
  appId: 'b07ab07a-0000-4000-8000-00000000b075',
  password: 'bot-secret-value',
  tenantId: 'b07e4a47-0000-4000-8000-00000000b07e',
};

export interface MicrosoftStandIns {
  readonly pki: TestPki;
  readonly bot: BotIdentity;
  readonly signIn: SignInStandIn;
  readonly channel: ChannelStandIn;
  /** The Bot Connector (`serviceUrl`), accepting only tokens the sign-in stand-in gave the bot. */
  readonly connector: Awaited<ReturnType<typeof startConnector>>;
  readonly graph: GraphStandIn;
  /**
   * An organisation, known to Entra and to Graph: `consent` says how its admins answered the
   * bot's consent request (`granted` with `graphRoles`, all the bot asks for unless told).
   */
  organisation(tenantId: string, setup: OrganisationSetup & { consent?: Consent; graphRoles?: readonly string[] }): GraphOrganisation;
  /** An activity token the channel signed for the bot, for the `Authorization` header. */
  channelAuthorization(options?: Partial<ChannelTokenOptions>): string;
  /** The environment that points the bot at these stand-ins, with authentication on. */
  botEnv(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Every Microsoft service the bot reaches, as local HTTPS stand-ins sharing the test run's
 * certificate authority: Entra sign-in, the Bot Framework channel's keys, the Bot Connector and
 * Microsoft Graph. The bot's own tenant consents to its registration from the start.
 */
export async function startMicrosoftStandIns(bot: BotIdentity = DEFAULT_BOT, options: { graphPageSize?: number } = {}): Promise<MicrosoftStandIns> {
  const pki = await testPki();
  const signIn = await startSignIn(pki);
  signIn.client(bot.appId, bot.password);
  signIn.tenant(bot.tenantId, { consent: 'granted', displayName: 'Partner Bot publisher' });
  const channel = await startChannel(pki);
  const connector = await startConnector({
    tls: pki,
    authorize(authorization) {
      const checked = signIn.verify(authorization);
      if (!checked.ok) return undefined;
      const { aud, appid, tid } = checked.claims;
      return aud === BOT_FRAMEWORK_RESOURCE && appid === bot.appId && tid === bot.tenantId ? checked.claims : undefined;
    },
  });
  const graph = await startGraph(pki, signIn.verify, { pageSize: options.graphPageSize });
  signIn.graphResource(graph.url);

  return {
    pki,
    bot,
    signIn,
    channel,
    connector,
    graph,
    organisation(tenantId, { consent = 'granted', graphRoles = BOT_GRAPH_PERMISSIONS, ...setup }) {
      signIn.tenant(tenantId, { consent, graphRoles, displayName: setup.displayName });
      return graph.organisation(tenantId, setup);
    },
    channelAuthorization: (options = {}) => channel.authorization({ appId: bot.appId, serviceUrl: connector.url, ...options }),
    botEnv: () => ({
      MicrosoftAppId: bot.appId,
      MicrosoftAppPassword: bot.password,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: bot.tenantId,
      ToBotFromChannelOpenIdMetadataUrl: channel.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: signIn.authority(bot.tenantId),
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK_RESOURCE,
      ValidateAuthority: 'false',
      // The user-token service: the bot signs no user in, so nothing should call it.
      OAuthUrl: channel.url,
      CallerId: 'urn:botframework:azure',
      // Organisations read from the Graph stand-in, with tokens from the sign-in stand-in.
      ORG_SOURCE: 'graph',
      LOGIN_ENDPOINT: signIn.url,
      GRAPH_ENDPOINT: graph.url,
      NODE_EXTRA_CA_CERTS: pki.caFile,
    }),
    async close() {
      await Promise.all([signIn.close(), channel.close(), connector.close(), graph.close()]);
    },
  };
}
