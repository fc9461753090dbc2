import { existsSync } from 'node:fs';
import path from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

/**
 * Bot Framework's own endpoint settings, passed as they are to botbuilder's
 * ConfigurationBotFrameworkAuthentication; unset ones keep botbuilder's public-cloud defaults.
 */
export const BOT_FRAMEWORK_SETTINGS = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ValidateAuthority',
  'OAuthUrl',
  'CallerId',
] as const;
export type BotFrameworkSetting = (typeof BOT_FRAMEWORK_SETTINGS)[number];

/** Settings that are addresses the bot calls: HTTPS, or HTTP on this machine (tests' stand-ins). */
const ENDPOINT_SETTINGS: ReadonlySet<BotFrameworkSetting> = new Set(['ToBotFromChannelOpenIdMetadataUrl', 'ToChannelFromBotLoginUrl', 'OAuthUrl']);

export const CLOUD_SETTINGS = ['worldwide', '21vianet'] as const;
export type CloudSetting = (typeof CLOUD_SETTINGS)[number];

/** Global Administrator and Billing Administrator: who may change partners, with Microsoft Graph. */
export const DEFAULT_ADMIN_ROLE_IDS = ['62e90394-69f5-4237-9190-012177145e10', 'b0f54661-2d74-4c50-afa3-1ec803f12efe'] as const;

/** Where a cloud signs in and serves Microsoft Graph. */
export const CLOUD_ENDPOINTS: Record<CloudSetting, { readonly login: string; readonly graph: string }> = {
  worldwide: { login: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' },
  '21vianet': { login: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
};

/** How the bot reads organisations: from Microsoft Graph with its app registration, or a seed file. */
export interface GraphSettings {
  /** Sign-in endpoint (no trailing slash), e.g. https://login.microsoftonline.com. */
  readonly loginEndpoint: string;
  /** Microsoft Graph (no trailing slash), e.g. https://graph.microsoft.com. */
  readonly graphEndpoint: string;
  /** Directory role template IDs whose holders may change partners. */
  readonly adminRoleIds: readonly string[];
  /** An organisation's profile and subscriptions are read again after this long. */
  readonly refreshMs: number;
}

/** The bot's settings, read once at start (DESIGN.md §5). */
export interface AppConfig {
  /** Empty: local mode for the Bot Framework Emulator, without authentication. */
  readonly microsoftAppId: string;
  readonly microsoftAppPassword: string;
  readonly microsoftAppType: AppType;
  readonly microsoftAppTenantId: string;
  /** The Bot Framework endpoint settings that are set. */
  readonly botFramework: Readonly<Partial<Record<BotFrameworkSetting, string>>>;
  readonly port: number;
  readonly dataDir: string;
  readonly localTenantId: string;
  readonly logLevel: LogLevel;
  /** Largest request body accepted on /api/messages, in bytes. */
  readonly maxBodyBytes: number;
  /** A request body must arrive whole within this time. */
  readonly bodyTimeoutMs: number;
  /** A card click still running after this long is answered "working on it", then finished. */
  readonly invokeAnswerMs: number;
  /** Turns of one conversation running or waiting at once; more get 429. */
  readonly maxQueuedTurns: number;
  /** On SIGTERM, turns under way get this long to finish before the bot exits regardless. */
  readonly shutdownTimeoutMs: number;
  /** The folder `npm run` was started from, for relative paths given on the command line. */
  readonly invocationDir: string;
  readonly authEnabled: boolean;
  /** Public host name of the bot (e.g. partner-bot.azurewebsites.net), for the Teams manifest. */
  readonly botDomain: string | undefined;
  /** Where conversations are recorded for the Bot Framework Emulator; unset: not recorded. */
  readonly transcriptDir: string | undefined;
  /** Conversation and user state idle for longer than this is removed (0: kept forever). */
  readonly stateTtlDays: number;
  /** Organisation data kept in memory, in bytes of its files (lowdb); least recently used dropped first. */
  readonly tenantCacheBytes: number;
  /** `memory` keeps bot state in memory only (benchmarks); partner data is always on disk. */
  readonly stateStorage: 'lowdb' | 'memory';
  /** `lowdb` (one instance, files in DATA_DIR) or `blob` (Azure Blob Storage, several instances). */
  readonly storage: 'lowdb' | 'blob';
  readonly blobConnectionString: string;
  /** Container of the partner data; bot state goes to `<container>-state`. */
  readonly blobContainer: string;
  /** The Microsoft cloud the bot runs in: its sign-in, Graph and Bot Framework endpoints. */
  readonly cloud: CloudSetting;
  /** `graph`: organisations are read from Microsoft 365; `seed`: from seed files (`npm run seed`). */
  readonly orgSource: 'graph' | 'seed';
  readonly graph: GraphSettings;
}

/** Every problem found in the environment, listed together. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Reads and validates the settings from `env`. Pure: give it `process.env` in `main()` and a plain
 * object in tests. Throws one `ConfigError` listing every problem at once.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = '.',
): AppConfig {
  const problems: string[] = [];
  const get = (name: string): string => (env[name] ?? '').trim();

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = get(name);
    if (raw === '') return fallback;
    const match = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
    if (!match) problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return match ?? fallback;
  };

  const microsoftAppId = get('MicrosoftAppId');
  const microsoftAppPassword = get('MicrosoftAppPassword');
  // Azure Bot Service creates single-tenant (or managed identity) bots only since July 2025. Without
  // an app ID nothing is authenticated and the type only has to be one botbuilder accepts alone.
  const microsoftAppType = oneOf('MicrosoftAppType', APP_TYPES, microsoftAppId === '' ? 'MultiTenant' : 'SingleTenant');
  const microsoftAppTenantId = get('MicrosoftAppTenantId');

  if (microsoftAppId !== '' && !GUID.test(microsoftAppId)) {
    problems.push('MicrosoftAppId must be the bot registration\'s application (client) ID, a GUID');
  }
  if (microsoftAppId !== '' && microsoftAppType !== 'UserAssignedMSI' && microsoftAppPassword === '') {
    problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
  }
  if (microsoftAppId === '' && microsoftAppPassword !== '') {
    problems.push('MicrosoftAppPassword is set but MicrosoftAppId is empty');
  }
  const appTypeKnown = get('MicrosoftAppType') === '' || APP_TYPES.some((t) => t.toLowerCase() === get('MicrosoftAppType').toLowerCase());
  if (appTypeKnown && microsoftAppType !== 'MultiTenant' && microsoftAppId !== '' && !GUID.test(microsoftAppTenantId)) {
    problems.push(
      get('MicrosoftAppType') === ''
        ? 'MicrosoftAppTenantId must be the tenant GUID of the bot registration: MicrosoftAppType is SingleTenant unless set ' +
            '(new Azure Bots are SingleTenant or UserAssignedMSI; set MicrosoftAppType=MultiTenant only for a registration created as multi-tenant)'
        : `MicrosoftAppTenantId must be a tenant GUID when MicrosoftAppType is ${microsoftAppType}`,
    );
  }

  const botFramework: Partial<Record<BotFrameworkSetting, string>> = {};
  for (const name of BOT_FRAMEWORK_SETTINGS) {
    const value = get(name);
    if (value === '') continue;
    if (ENDPOINT_SETTINGS.has(name) && !isEndpoint(value)) {
      problems.push(`${name} must be an https:// address (http:// only on localhost)`);
    }
    if (name === 'ValidateAuthority' && !/^(true|false)$/i.test(value)) problems.push('ValidateAuthority must be true or false');
    botFramework[name] = value;
  }

  const localTenantId = get('LOCAL_TENANT_ID') || 'local';
  if (!TENANT_ID.test(localTenantId)) {
    problems.push('LOCAL_TENANT_ID must be 1 to 64 letters, digits, dots, dashes or underscores');
  }

  const botDomain = get('BOT_DOMAIN') || undefined;
  if (botDomain !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(botDomain)) {
    problems.push(`BOT_DOMAIN must be a host name such as partner-bot.azurewebsites.net (got "${botDomain}")`);
  }
  const transcriptDir = get('TRANSCRIPT_DIR');

  const storage = oneOf('STORAGE', ['lowdb', 'blob'] as const, 'lowdb');
  const blobConnectionString = get('BLOB_CONNECTION_STRING');
  const blobContainer = get('BLOB_CONTAINER') || 'partner-bot';
  if (storage === 'blob' && !/(AccountName=|BlobEndpoint=|UseDevelopmentStorage=true)/i.test(blobConnectionString)) {
    problems.push('BLOB_CONNECTION_STRING must be an Azure Storage connection string when STORAGE is blob');
  }
  if (!/^(?!.*--)[a-z0-9][a-z0-9-]{1,55}[a-z0-9]$/.test(blobContainer)) {
    problems.push('BLOB_CONTAINER must be 3 to 57 lowercase letters, digits or single dashes (it gets a "-state" sibling)');
  }

  const cloud = oneOf('CLOUD', CLOUD_SETTINGS, 'worldwide');
  const hasSecret = microsoftAppId !== '' && microsoftAppPassword !== '';
  const orgSource = oneOf('ORG_SOURCE', ['graph', 'seed'] as const, hasSecret ? 'graph' : 'seed');
  if (orgSource === 'graph' && !hasSecret) {
    problems.push('ORG_SOURCE=graph needs MicrosoftAppId and MicrosoftAppPassword: the bot reads organisations with its own app registration');
  }
  const endpoint = (name: string, fallback: string, httpsOnly: boolean): string => {
    const value = get(name).replace(/\/+$/, '');
    if (value === '') return fallback;
    if (httpsOnly ? !value.startsWith('https://') || !isEndpoint(value) : !isEndpoint(value)) {
      problems.push(`${name} must be an https:// address${httpsOnly ? '' : ' (http:// only on localhost)'}`);
    }
    return value;
  };
  const adminRoleIds = (get('ADMIN_ROLE_IDS') || DEFAULT_ADMIN_ROLE_IDS.join(',')).split(',').map((id) => id.trim().toLowerCase()).filter((id) => id !== '');
  if (adminRoleIds.length === 0 || !adminRoleIds.every((id) => GUID.test(id))) {
    problems.push('ADMIN_ROLE_IDS must be a comma-separated list of directory role template IDs (GUIDs)');
  }
  const graph: GraphSettings = {
    // MSAL signs in over HTTPS only.
    loginEndpoint: endpoint('LOGIN_ENDPOINT', CLOUD_ENDPOINTS[cloud].login, true),
    graphEndpoint: endpoint('GRAPH_ENDPOINT', CLOUD_ENDPOINTS[cloud].graph, false),
    adminRoleIds: Object.freeze(adminRoleIds),
    refreshMs: integer('ORG_REFRESH_MINUTES', 60, 1, 7 * 24 * 60) * 60_000,
  };

  const config: AppConfig = {
    microsoftAppId,
    microsoftAppPassword,
    microsoftAppType,
    microsoftAppTenantId,
    botFramework: Object.freeze(botFramework),
    port: integer('PORT', 3978, 0, 65535),
    dataDir: path.resolve(cwd, get('DATA_DIR') || 'data'),
    localTenantId,
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    maxBodyBytes: integer('MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    bodyTimeoutMs: integer('BODY_TIMEOUT_MS', 10_000, 100, 120_000),
    invokeAnswerMs: integer('INVOKE_ANSWER_MS', 10_000, 10, 60_000),
    maxQueuedTurns: integer('MAX_QUEUED_TURNS', 10, 1, 1000),
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    invocationDir: get('INIT_CWD') || cwd,
    authEnabled: microsoftAppId !== '',
    botDomain,
    transcriptDir: transcriptDir === '' ? undefined : path.resolve(cwd, transcriptDir),
    stateTtlDays: integer('STATE_TTL_DAYS', 30, 0, 3650),
    tenantCacheBytes: integer('TENANT_CACHE_MB', 16, 0, 64 * 1024) * 1024 * 1024,
    stateStorage: oneOf('STATE_STORAGE', ['lowdb', 'memory'] as const, 'lowdb'),
    storage,
    blobConnectionString,
    blobContainer,
    cloud,
    orgSource,
    graph: Object.freeze(graph),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function isEndpoint(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

/** Loads `DIR/.env` into `process.env` when it exists; variables already set win over the file. */
export function loadDotEnv(dir: string): void {
  const file = path.join(dir, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
