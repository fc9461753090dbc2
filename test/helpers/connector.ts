import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
  /** The claims of the bearer token the bot sent, when the connector checks tokens. */
  readonly claims?: Record<string, unknown>;
}

export interface ConnectorOptions {
  /** Serve HTTPS with this certificate (an `https://` service URL) rather than plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /**
   * Checks the `Authorization` header: the token's claims when it is accepted, `undefined` to answer
   * 401 as the Bot Connector does. Without it every request is accepted.
   */
  readonly authorize?: (authorization: string | undefined) => Record<string, unknown> | undefined;
}

/**
 * A local stand-in for the Bot Connector service (Teams' `serviceUrl`): records what the bot
 * sends and updates, answers with activity ids as Teams does.
 */
export async function startConnector(options: ConnectorOptions = {}): Promise<{
  url: string;
  calls: ConnectorCall[];
  /** Answers the next requests with these statuses (e.g. 429 with Retry-After, 503) before succeeding. */
  failNext(...failures: Array<{ status: number; retryAfter?: string }>): void;
  /** Requests refused by `failNext`, in order. */
  refused: ConnectorCall[];
  /** Requests refused by `authorize`, in order. */
  unauthorized: ConnectorCall[];
  close(): Promise<void>;
}> {
  const calls: ConnectorCall[] = [];
  const refused: ConnectorCall[] = [];
  const unauthorized: ConnectorCall[] = [];
  const failures: Array<{ status: number; retryAfter?: string }> = [];
  let next = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const claims = options.authorize?.(req.headers.authorization);
      const call = {
        method: req.method ?? '',
        path: req.url ?? '',
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        ...(claims ? { claims } : {}),
      };
      if (options.authorize && !claims) {
        unauthorized.push(call);
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Authorization has been denied for this request.' }));
        return;
      }
      const failure = failures.shift();
      if (failure) {
        refused.push(call);
        res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}) });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'try again later' } }));
        return;
      }
      calls.push(call);
      next += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `teams-activity-${next}` }));
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle) : http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
    calls,
    refused,
    unauthorized,
    failNext: (...list) => failures.push(...list),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
