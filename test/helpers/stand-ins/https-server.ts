import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestPki } from './tls.js';

/** One request as a stand-in sees it: the body read whole, the URL parsed. */
export interface StandInRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a stand-in answers. */
export interface StandInAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): StandInAnswer => ({ status, body, headers });

export interface HttpsStandIn {
  /** `https://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * An HTTPS server on a free loopback port with the test run's certificate, answering JSON.
 * `url` names 127.0.0.1 rather than localhost so no client tries ::1 first.
 */
export async function startHttpsServer(pki: TestPki, answer: (request: StandInRequest, base: string) => StandInAnswer | Promise<StandInAnswer>): Promise<HttpsStandIn> {
  let base = '';
  const server = https.createServer({ cert: pki.cert, key: pki.key }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: StandInRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', base), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      Promise.resolve()
        .then(() => answer(request, base))
        .catch((error: unknown) => json(500, { error: { code: 'standInFailure', message: String(error) } }))
        .then(({ status, body, headers }) => {
          res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...headers });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
