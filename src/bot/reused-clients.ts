import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

/** Most clients kept at once; Teams uses a handful of service URLs per region. */
const MAX_CLIENTS = 64;

/** The bot's own app ID as the channel's token names it (empty when authentication is off). */
const appIdOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

/** A small map that forgets its oldest entry past its size, and a failed creation at once. */
class ClientCache<T> {
  readonly #entries = new Map<string, Promise<T>>();

  get(key: string, create: () => Promise<T>): Promise<T> {
    const known = this.#entries.get(key);
    if (known) return known;
    const made = create();
    made.catch(() => this.#entries.get(key) === made && this.#entries.delete(key));
    this.#entries.set(key, made);
    if (this.#entries.size > MAX_CLIENTS) this.#entries.delete(this.#entries.keys().next().value!);
    return made;
  }
}

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly cache: ClientCache<ConnectorClient>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(`${this.appId}\n${serviceUrl}\n${audience ?? ''}`, () => this.inner.create(serviceUrl, audience));
  }
}

/**
 * The Bot Framework authentication of the configuration, with the clients it makes kept for later
 * turns. CloudAdapter asks for a new connector client and user-token client on every turn; each
 * builds a whole HTTP pipeline, which cost more CPU than most of a turn's own work. The clients
 * hold no per-turn state (tokens are fetched and cached by their credentials), so one per app ID,
 * service URL and audience serves every turn.
 */
export class ReusedClientsAuthentication extends BotFrameworkAuthentication {
  readonly #connectors = new ClientCache<ConnectorClient>();
  readonly #userTokens = new ClientCache<UserTokenClient>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    return { ...result, connectorFactory: this.#reusing(result.connectorFactory, result.claimsIdentity) };
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    return { ...result, connectorFactory: this.#reusing(result.connectorFactory, result.claimsIdentity) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.#reusing(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.#userTokens.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  #reusing(factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory;
  #reusing(factory: ConnectorFactory | undefined, identity: ClaimsIdentity): ConnectorFactory | undefined;
  #reusing(factory: ConnectorFactory | undefined, identity: ClaimsIdentity): ConnectorFactory | undefined {
    return factory && new ReusingConnectorFactory(factory, appIdOf(identity), this.#connectors);
  }
}
