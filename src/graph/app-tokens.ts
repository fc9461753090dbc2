import { AuthError, ConfidentialClientApplication, LogLevel, type ServerError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import type { Logger } from '../logger.js';
import { OrganisationSourceError } from '../ports/organisation-source.js';
import { HttpFailure, type HttpsClient } from './https-client.js';

/**
 * Sign-in answers that mean the organisation has not (or no longer) allowed the bot: no admin
 * consent (65001), no service principal in the tenant (7000229, 700016), the tenant does not exist
 * for this app (90002), the app is disabled in the tenant (7000112).
 */
const NO_CONSENT = /AADSTS(65001|7000229|700016|90002|7000112)\b/;

/** MSAL's requests, made by the bot's own bounded HTTP client. */
class MsalNetwork implements INetworkModule {
  constructor(private readonly http: HttpsClient) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'GET', options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>(url, 'POST', options);
  }

  private async send<T>(url: string, method: 'GET' | 'POST', options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const answer = await this.http.request(url, {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      ...(timeout ? { timeoutMs: timeout } : {}),
    });
    return { status: answer.status, headers: { ...answer.headers }, body: JSON.parse(answer.text || '{}') as T };
  }
}

export interface AppTokensOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The cloud's sign-in endpoint, e.g. https://login.microsoftonline.com. */
  readonly loginEndpoint: string;
  /** The resource tokens are for, e.g. https://graph.microsoft.com. */
  readonly resource: string;
}

/**
 * App-only tokens for one resource, per organisation: one MSAL confidential client, whose cache
 * keeps each tenant's token until shortly before it expires.
 */
export class AppTokens {
  private readonly msal: ConfidentialClientApplication;
  private readonly scope: string;
  /** Token requests under way, by tenant: requests arriving meanwhile share them. */
  private readonly asking = new Map<string, Promise<string>>();

  constructor(
    private readonly options: AppTokensOptions,
    http: HttpsClient,
    logger: Logger,
  ) {
    this.scope = `${options.resource}/.default`;
    this.msal = new ConfidentialClientApplication({
      auth: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        authority: `${options.loginEndpoint}/organizations`,
        // The configured sign-in endpoint is trusted as it is (no instance discovery elsewhere).
        knownAuthorities: [new URL(options.loginEndpoint).host],
      },
      system: {
        networkClient: new MsalNetwork(http),
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (level, message) => {
            if (level <= LogLevel.Warning) logger.warn({ msal: message }, 'sign-in library warning');
          },
        },
      },
    });
  }

  /** A token for `tenantId`. Rejects with `OrganisationSourceError`: `noConsent` or `unavailable`. */
  token(tenantId: string): Promise<string> {
    const under = this.asking.get(tenantId);
    if (under) return under;
    const asking = this.ask(tenantId).finally(() => this.asking.delete(tenantId));
    this.asking.set(tenantId, asking);
    return asking;
  }

  private async ask(tenantId: string): Promise<string> {
    try {
      const result = await this.msal.acquireTokenByClientCredential({
        scopes: [this.scope],
        authority: `${this.options.loginEndpoint}/${tenantId}`,
      });
      if (!result?.accessToken) throw new Error('no access token in the sign-in answer');
      return result.accessToken;
    } catch (error) {
      if (error instanceof AuthError && NO_CONSENT.test(`${error.errorMessage} AADSTS${(error as ServerError).errorNo ?? ''}`)) {
        throw new OrganisationSourceError('noConsent', `the organisation has not allowed this app: ${error.errorMessage.split('\n')[0]}`, { cause: error });
      }
      const cause = error instanceof HttpFailure ? error : (error as Error);
      throw new OrganisationSourceError('unavailable', `sign-in failed: ${cause.message}`, { cause: error });
    }
  }

  /** Where an admin of `tenantId` grants the app its permissions. */
  consentUrl(tenantId: string): string {
    return `${this.options.loginEndpoint}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(this.options.clientId)}`;
  }
}
