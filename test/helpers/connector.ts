import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/**
 * A local stand-in for the Bot Connector service (Teams' `serviceUrl`): records what the bot
 * sends and updates, answers with activity ids as Teams does.
 */
export async function startConnector(): Promise<{
  url: string;
  calls: ConnectorCall[];
  /** Answers the next requests with these statuses (e.g. 429 with Retry-After, 503) before succeeding. */
  failNext(...failures: Array<{ status: number; retryAfter?: string }>): void;
  /** Requests refused by `failNext`, in order. */
  refused: ConnectorCall[];
  close(): Promise<void>;
}> {
  const calls: ConnectorCall[] = [];
  const refused: ConnectorCall[] = [];
  const failures: Array<{ status: number; retryAfter?: string }> = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const call = { method: req.method ?? '', path: req.url ?? '', body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
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
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    refused,
    failNext: (...list) => failures.push(...list),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
