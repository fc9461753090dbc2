import { OrganisationSourceError } from '../ports/organisation-source.js';
import type { AppTokens } from './app-tokens.js';
import { HttpFailure, type HttpsClient } from './https-client.js';

export interface GraphClientOptions {
  /** Microsoft Graph, e.g. https://graph.microsoft.com (no trailing slash). */
  readonly endpoint: string;
  /** All attempts of one request, waits included, end within this time. */
  readonly budgetMs: number;
  /** Most attempts of one request (429, 503 and 504 are tried again). */
  readonly attempts: number;
  /** Waits between attempts, when Graph does not say (Retry-After). */
  readonly backoffMs: number;
  /** Most pages read of one collection. */
  readonly maxPages: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const RETRIED = new Set([429, 503, 504]);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A Graph answer of a shape the bot does not expect: refused like an unavailable one. */
export const unexpected = (what: string) => new OrganisationSourceError('unavailable', `unexpected answer from Microsoft Graph: ${what}`);

/**
 * Reads Microsoft Graph for one organisation with an app-only token: 429, 503 and 504 are tried
 * again after Graph's `Retry-After` (or a growing wait), within a time budget that fits a Teams
 * turn; 401 and 403 mean the organisation has not granted the permissions; anything else, or an
 * answer that is not JSON, is `unavailable`. The token is only ever sent to the configured Graph.
 */
export class GraphClient {
  private readonly origin: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly tokens: AppTokens,
    private readonly http: HttpsClient,
    private readonly options: GraphClientOptions,
  ) {
    this.origin = new URL(options.endpoint).origin;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** GET of a path under /v1.0 (or a full URL on Graph, e.g. a next link): the JSON object answered. */
  async get(tenantId: string, pathOrUrl: string, headers: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>> {
    const url = pathOrUrl.startsWith('/') ? `${this.options.endpoint}/v1.0${pathOrUrl}` : pathOrUrl;
    if (new URL(url).origin !== this.origin) throw unexpected(`a link outside ${this.origin}`);
    const deadline = Date.now() + this.options.budgetMs;
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.token(tenantId);
      const left = deadline - Date.now();
      if (left <= 0) throw new OrganisationSourceError('unavailable', `Microsoft Graph did not answer within ${this.options.budgetMs} ms`);
      let answer;
      try {
        answer = await this.http.request(url, { headers: { ...headers, authorization: `Bearer ${token}` }, timeoutMs: left });
      } catch (error) {
        if (error instanceof HttpFailure) throw new OrganisationSourceError('unavailable', `Microsoft Graph: ${error.message}`, { cause: error });
        throw error;
      }
      if (answer.status === 200) return parse(answer.text);
      if (answer.status === 401 || answer.status === 403) {
        throw new OrganisationSourceError('noConsent', `Microsoft Graph refused ${new URL(url).pathname} (${answer.status}): ${graphError(answer.text)}`);
      }
      const wait = RETRIED.has(answer.status) ? this.waitBefore(attempt, answer.headers['retry-after']) : undefined;
      if (wait === undefined || attempt >= this.options.attempts || Date.now() + wait >= deadline) {
        throw new OrganisationSourceError('unavailable', `Microsoft Graph answered ${answer.status} to ${new URL(url).pathname}: ${graphError(answer.text)}`);
      }
      await this.sleep(wait);
    }
  }

  /** Every item of a collection, following `@odata.nextLink` up to `maxPages` pages. */
  async list(tenantId: string, path: string, headers: Readonly<Record<string, string>> = {}): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let next: string | undefined = path;
    for (let page = 0; next !== undefined; page++) {
      if (page >= this.options.maxPages) throw unexpected(`more than ${this.options.maxPages} pages of ${path}`);
      const body = await this.get(tenantId, next, headers);
      const value = body.value;
      if (!Array.isArray(value) || !value.every(isRecord)) throw unexpected(`${path} without a list of objects`);
      items.push(...value);
      const link = body['@odata.nextLink'];
      if (link !== undefined && typeof link !== 'string') throw unexpected('a next link that is not a string');
      next = link;
    }
    return items;
  }

  /** Graph's Retry-After (seconds or a date), else a wait that doubles with each attempt. */
  private waitBefore(attempt: number, retryAfter: string | undefined): number {
    const seconds = retryAfter === undefined ? NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = retryAfter === undefined ? NaN : Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
    return this.options.backoffMs * 2 ** (attempt - 1);
  }
}

function parse(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw unexpected('not JSON');
  }
  if (!isRecord(body)) throw unexpected('not a JSON object');
  return body;
}

/** Graph's error code and message, for the log. */
function graphError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return `${String(body.error?.code ?? '')} ${String(body.error?.message ?? '')}`.trim().slice(0, 300);
  } catch {
    return text.slice(0, 200);
  }
}
