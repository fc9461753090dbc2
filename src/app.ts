import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  FileTranscriptStore,
  MemoryStorage,
  TranscriptLoggerMiddleware,
  UserState,
  type Storage,
} from 'botbuilder';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { AuthenticationConstants, GovernmentConstants, MsalServiceClientCredentialsFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';
import { BotAdapter } from './bot/bot-adapter.js';
import { ConversationQueue } from './bot/conversation-queue.js';
import type { RecentActivities } from './ports/recent-activities.js';
import { MemoryRecentActivities } from './store/memory-recent-activities.js';
import { IdentityMiddleware } from './bot/identity.js';
import { LocaleMiddleware } from './bot/locale-middleware.js';
import { ReusedClientsAuthentication } from './bot/reused-clients.js';
import { CardUpdater } from './dialogs/card-updater.js';
import { loadCorpus } from './nlu/corpus.js';
import { SubscriptionSearch } from './dialogs/subscription-search.js';
import { loadRecognizer, recognizerPhrases } from './nlu/recognizer-model.js';
import { TeamsBot } from './bot/teams-bot.js';
import { createTurnErrorHandler } from './bot/turn-error-handler.js';
import { TurnLogMiddleware } from './bot/turn-log-middleware.js';
import { TypingMiddleware } from './bot/typing-middleware.js';
import { CardRenderer } from './cards/render-card.js';
import type { AppConfig } from './config.js';
import { parseSeed } from './domain/seed-file.js';
import { MainDialog } from './dialogs/main.dialog.js';
import { Texts } from './i18n/i18n.js';
import { resolveLocale, type Locale } from './i18n/resolve-locale.js';
import type { Logger } from './logger.js';
import { CARDS_DIR, LOCALES_DIR, PRODUCT_NAMES_FILE, RECOGNIZER_MODEL_FILE, SEED_DIR } from './paths.js';
import { AppTokens } from './graph/app-tokens.js';
import { GraphClient } from './graph/graph-client.js';
import { GraphOrganisation } from './graph/graph-organisation.js';
import { HttpsClient } from './graph/https-client.js';
import { ProductNames } from './graph/product-names.js';
import { createServer, type BotServer } from './server.js';
import { DiskWorker } from './store/file/disk-worker.js';
import { FileStateStorage } from './store/file/file-state-storage.js';
import type { PartnerRegister } from './ports/partner-register.js';
import { createServices } from './services/services.js';
import { DEFAULT_TENANT_CACHE, FilePartnerRegister } from './store/file/file-partner-register.js';

export interface App {
  readonly http: BotServer;
  readonly repository: PartnerRegister;
  readonly storage: Storage & { flush(): Promise<void> };
  /** Stops taking requests, lets turns under way finish, then flushes storage. */
  close(): Promise<void>;
}

/** The demo catalogue of `seed/demo.json`, its tenant renamed to the configured local tenant. */
export async function loadDemoSeed(localTenantId: string) {
  const text = await readFile(path.join(SEED_DIR, 'demo.json'), 'utf8');
  const parsed = parseSeed(JSON.parse(text.replaceAll('"@local"', JSON.stringify(localTenantId))));
  if (!parsed.ok) throw new Error(`seed/demo.json: ${parsed.error}`);
  return parsed.value;
}

type FlushableStorage = Storage & { flush(): Promise<void> };

/** Teams re-sends an activity within seconds; ten minutes covers any retry with room to spare. */
const REPEAT_WINDOW_MS = 10 * 60_000;
const REPEAT_MAX_ENTRIES = 20_000;

interface Stores {
  readonly storage: FlushableStorage;
  readonly repository: PartnerRegister;
  readonly recent: RecentActivities;
  /** Once everything is flushed: releases what the backend holds (the file backend's disk thread). */
  close(): Promise<void>;
}

/** The stores the configuration names: lowdb files in DATA_DIR, or Azure Blob Storage containers. */
export async function openStores(config: AppConfig): Promise<Stores> {
  if (config.storage === 'blob') {
    // Loaded only when used: the Azure SDKs add start-up time and memory a single instance does not need.
    const [{ BlobServiceClient }, { BlobsStorage }, { BlobPartnerRegister }, { BlobRecentActivities }] = await Promise.all([
      import('@azure/storage-blob'),
      import('botbuilder-azure-blobs'),
      import('./store/blob/blob-partner-register.js'),
      import('./store/blob/blob-recent-activities.js'),
    ]);
    const service = BlobServiceClient.fromConnectionString(config.blobConnectionString);
    const stateContainer = `${config.blobContainer}-state`;
    await service.getContainerClient(stateContainer).createIfNotExists();
    const state = new BlobsStorage(config.blobConnectionString, stateContainer);
    return {
      storage: Object.assign(state, { flush: async () => undefined }),
      repository: await BlobPartnerRegister.open(service.getContainerClient(config.blobContainer)),
      // Shared by every instance, so a re-send that reaches another instance is answered once too.
      recent: new BlobRecentActivities(service.getContainerClient(stateContainer), REPEAT_WINDOW_MS, REPEAT_MAX_ENTRIES),
      close: async () => undefined,
    };
  }
  // The file backend: one thread reads and writes every file of DATA_DIR; it closes with the stores.
  const disk = new DiskWorker();
  const storage: FlushableStorage =
    config.stateStorage === 'memory' ? Object.assign(new MemoryStorage(), { flush: async () => undefined }) : await FileStateStorage.open(config.dataDir, { disk });
  return {
    storage,
    repository: await FilePartnerRegister.open(config.dataDir, disk, { ...DEFAULT_TENANT_CACHE, bytes: config.tenantCacheBytes }),
    recent: new MemoryRecentActivities(REPEAT_WINDOW_MS, REPEAT_MAX_ENTRIES),
    close: () => disk.close(),
  };
}

/**
 * Wires the bot: stores → states → texts and cards → dialogs → bot → adapter → HTTP server. The
 * only place that creates these singletons; `index.ts` gives it the configuration.
 */
export async function createApp(config: AppConfig, logger: Logger, version: string): Promise<App> {
  const stores = await openStores(config);
  const { storage, repository, recent } = stores;
  const sweeper = storage instanceof FileStateStorage && config.stateTtlDays > 0 ? scheduleSweep(storage, config.stateTtlDays, logger) : undefined;
  // Organisations read from Microsoft 365 need no demo; the local tenant gets one otherwise.
  if (config.orgSource === 'seed') {
    const seeded = await repository.seedMissingTenants(await loadDemoSeed(config.localTenantId));
    if (seeded.created > 0) logger.info({ tenantId: config.localTenantId }, 'demo catalogue created');
  }
  const graph = config.orgSource === 'graph' ? openGraph(config, logger) : undefined;

  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const texts = Texts.fromDirectory(LOCALES_DIR);
  const cards = new CardRenderer(CARDS_DIR);

  const chosenLocale = userState.createProperty<Locale | undefined>('locale');
  // Trained from the corpus shipped in locales/, by the build or here: nothing is downloaded.
  const { recognizer, from } = loadRecognizer(recognizerPhrases(texts), loadCorpus(LOCALES_DIR), RECOGNIZER_MODEL_FILE);
  if (from === 'training') logger.info('recognizer trained at start (no model of this corpus and code from the build)');
  // Without authentication (the Emulator), every user of the local tenant counts as its admin.
  const services = createServices(
    repository,
    config.authEnabled ? {} : { openTenantId: config.localTenantId },
    graph && { source: graph.organisation, cloud: config.cloud, refreshMs: config.graph.refreshMs, clock: () => new Date() },
  );
  const mainDialog = new MainDialog({
    ...services,
    cards,
    cardUpdater: new CardUpdater(logger),
    recognizer,
    clock: () => new Date(),
    texts,
    chosenLocale,
  });
  const bot = new TeamsBot(conversationState, userState, mainDialog, cards, new SubscriptionSearch(services));

  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
    ...botFrameworkEndpoints(config.botFramework, config.cloud),
  }, unvalidatedLoginCredentials(config));
  const adapter = new BotAdapter(new ReusedClientsAuthentication(auth), {
    logic: (context) => bot.run(context),
    recent,
    queue: new ConversationQueue(config.maxQueuedTurns),
    invokeAnswerMs: config.invokeAnswerMs,
    workingText: (activity) => texts.translator(resolveLocale(activity.locale))('dialogs:card.working'),
    logger,
  });
  adapter.use(new TurnLogMiddleware(logger, config.localTenantId));
  adapter.use(new IdentityMiddleware(config.localTenantId));
  adapter.use(new LocaleMiddleware(texts, chosenLocale));
  adapter.use(new TypingMiddleware(logger));
  if (config.transcriptDir) {
    // Opt-in, for replaying a reported problem in the Bot Framework Emulator: it records message text.
    adapter.use(new TranscriptLoggerMiddleware(new FileTranscriptStore(config.transcriptDir)));
    logger.info({ transcriptDir: config.transcriptDir }, 'recording conversations');
  }
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState, texts);

  const http = createServer({
    turns: adapter,
    logger,
    version,
    maxBodyBytes: config.maxBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    authEnabled: config.authEnabled,
  });

  return {
    http,
    repository,
    storage,
    async close() {
      if (sweeper) clearInterval(sweeper);
      await http.close();
      await adapter.drain();
      await Promise.all([storage.flush(), repository.flush(), recent.close()]);
      await stores.close();
      graph?.http.close();
    },
  };
}

/** Microsoft Graph with the bot's app registration: one HTTP client and one token cache for all organisations. */
function openGraph(config: AppConfig, logger: Logger) {
  const http = new HttpsClient({ timeoutMs: 10_000, maxBytes: 8 * 1024 * 1024 });
  const tokens = new AppTokens(
    { clientId: config.microsoftAppId, clientSecret: config.microsoftAppPassword, loginEndpoint: config.graph.loginEndpoint, resource: config.graph.graphEndpoint },
    http,
    logger,
  );
  // Teams waits about 15 s for a card click's answer: retries of one Graph request fit in 8 s.
  const client = new GraphClient(tokens, http, { endpoint: config.graph.graphEndpoint, budgetMs: 8_000, attempts: 4, backoffMs: 500, maxPages: 50 });
  const organisation = new GraphOrganisation(client, tokens, ProductNames.fromFile(PRODUCT_NAMES_FILE), config.graph.adminRoleIds, logger);
  return { http, organisation };
}

/** Bot Framework in Azure operated by 21Vianet (Bot Framework's own documentation for that cloud). */
const CHINA_BOT_FRAMEWORK = {
  ToChannelFromBotLoginUrl: 'https://login.partner.microsoftonline.cn/microsoftservices.partner.onmschina.cn',
  ToChannelFromBotOAuthScope: 'https://api.botframework.azure.cn',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.azure.cn',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.cn/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.partner.microsoftonline.cn/a55a4d5b-9241-49b1-b4ff-befa8db00269/v2.0/.well-known/openid-configuration',
  OAuthUrl: 'https://token.botframework.azure.cn/',
  CallerId: 'urn:botframework:azurecn',
  ValidateAuthority: 'true',
};

/**
 * botbuilder takes its public-cloud endpoints only when none is configured: once one is set, it
 * uses exactly what it is given. So the ones not set are filled with the cloud's own here
 * (21Vianet's always, since botbuilder has no defaults for it).
 */
export function botFrameworkEndpoints(set: AppConfig['botFramework'], cloud: AppConfig['cloud']): Record<string, string> {
  if (cloud === '21vianet') return { ...CHINA_BOT_FRAMEWORK, ...set };
  if (Object.keys(set).length === 0) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: 'true',
    ...set,
  };
}

/**
 * botbuilder hands `ValidateAuthority` to its credentials but never on to MSAL, and MSAL checks a
 * login host it has no metadata for with login.microsoftonline.com's instance discovery, refusing
 * it when that fails or does not know the host (a local endpoint in tests). With
 * `ValidateAuthority=false` and a login URL other than the public or US Government cloud's, the
 * bot's token comes from an MSAL client that lists that host as a known authority, as the setting
 * means; otherwise botbuilder's own credentials are used, unchanged.
 */
function unvalidatedLoginCredentials(config: AppConfig): ServiceClientCredentialsFactory | undefined {
  const loginUrl = config.botFramework.ToChannelFromBotLoginUrl?.toLowerCase();
  const cloudPrefixes = [AuthenticationConstants.ToChannelFromBotLoginUrlPrefix, GovernmentConstants.ToChannelFromBotLoginUrlPrefix];
  if (!loginUrl || cloudPrefixes.some((prefix) => loginUrl.startsWith(prefix))) return undefined;
  if (config.botFramework.ValidateAuthority?.toLowerCase() !== 'false' || config.microsoftAppPassword === '') return undefined;
  const application = new ConfidentialClientApplication({
    auth: { clientId: config.microsoftAppId, clientSecret: config.microsoftAppPassword, authority: loginUrl, knownAuthorities: [new URL(loginUrl).host] },
  });
  // botframework-connector is typed against the MSAL major it bundles; it only calls
  // acquireTokenByClientCredential({ scopes, skipCache }), which every MSAL Node major has.
  return new MsalServiceClientCredentialsFactory(config.microsoftAppId, application as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1]);
}

const DAY_MS = 24 * 3600 * 1000;

/** Removes idle conversation state once a day (and soon after start), off the turns' path. */
function scheduleSweep(storage: FileStateStorage, ttlDays: number, logger: Logger): NodeJS.Timeout {
  const sweep = () => {
    storage.sweep(ttlDays * DAY_MS).then(
      (removed) => removed > 0 && logger.info({ removed, ttlDays }, 'idle conversation state removed'),
      (error: unknown) => logger.warn({ err: error }, 'idle state sweep failed'),
    );
  };
  setTimeout(sweep, 60_000).unref();
  return setInterval(sweep, DAY_MS).unref();
}
