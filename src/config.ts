import { existsSync } from 'node:fs';
import path from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

/** The bot's settings, read once at start (DESIGN.md §5). */
export interface AppConfig {
  /** Empty: local mode for the Bot Framework Emulator, without authentication. */
  readonly microsoftAppId: string;
  readonly microsoftAppPassword: string;
  readonly microsoftAppType: AppType;
  readonly microsoftAppTenantId: string;
  readonly port: number;
  readonly dataDir: string;
  readonly localTenantId: string;
  readonly logLevel: LogLevel;
  /** Largest request body accepted on /api/messages, in bytes. */
  readonly maxBodyBytes: number;
  /** The folder `npm run` was started from, for relative paths given on the command line. */
  readonly invocationDir: string;
  readonly authEnabled: boolean;
  /** Public host name of the bot (e.g. partner-bot.azurewebsites.net), for the Teams manifest. */
  readonly botDomain: string | undefined;
  /** Where conversations are recorded for the Bot Framework Emulator; unset: not recorded. */
  readonly transcriptDir: string | undefined;
  /** Conversation and user state idle for longer than this is removed (0: kept forever). */
  readonly stateTtlDays: number;
  /** `memory` keeps bot state in memory only (benchmarks); partner data is always on disk. */
  readonly stateStorage: 'lowdb' | 'memory';
  /** `lowdb` (one instance, files in DATA_DIR) or `blob` (Azure Blob Storage, several instances). */
  readonly storage: 'lowdb' | 'blob';
  readonly blobConnectionString: string;
  /** Container of the partner data; bot state goes to `<container>-state`. */
  readonly blobContainer: string;
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
  const microsoftAppType = oneOf('MicrosoftAppType', APP_TYPES, 'MultiTenant');
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
  if (microsoftAppType !== 'MultiTenant' && microsoftAppId !== '' && !GUID.test(microsoftAppTenantId)) {
    problems.push(`MicrosoftAppTenantId must be a tenant GUID when MicrosoftAppType is ${microsoftAppType}`);
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

  const config: AppConfig = {
    microsoftAppId,
    microsoftAppPassword,
    microsoftAppType,
    microsoftAppTenantId,
    port: integer('PORT', 3978, 0, 65535),
    dataDir: path.resolve(cwd, get('DATA_DIR') || 'data'),
    localTenantId,
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    maxBodyBytes: integer('MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
    invocationDir: get('INIT_CWD') || cwd,
    authEnabled: microsoftAppId !== '',
    botDomain,
    transcriptDir: transcriptDir === '' ? undefined : path.resolve(cwd, transcriptDir),
    stateTtlDays: integer('STATE_TTL_DAYS', 30, 0, 3650),
    stateStorage: oneOf('STATE_STORAGE', ['lowdb', 'memory'] as const, 'lowdb'),
    storage,
    blobConnectionString,
    blobContainer,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Loads `DIR/.env` into `process.env` when it exists; variables already set win over the file. */
export function loadDotEnv(dir: string): void {
  const file = path.join(dir, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
