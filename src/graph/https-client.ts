import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  readonly status: number;
  /** Header names in lower case, several values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

export interface HttpRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Overrides the client's timeout for this request. */
  readonly timeoutMs?: number;
}

/** Why a request got no usable answer: no connection or reply in time, or a reply too large. */
export class HttpFailure extends Error {
  constructor(
    readonly reason: 'network' | 'timeout' | 'tooLarge',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpFailure';
  }
}

export interface HttpsClientOptions {
  /** A request (connection, headers and body) must be over within this time. */
  readonly timeoutMs: number;
  /** Largest answer body read; a larger one is refused. */
  readonly maxBytes: number;
  /** Certificates trusted instead of the system's (tests' local stand-ins); unset: the system's. */
  readonly ca?: string | readonly string[];
}

/**
 * The one HTTP client for what the bot calls outside Bot Framework (sign-in, Microsoft Graph):
 * kept-alive connections, every request bounded in time and answer size. `http:` is used only
 * for what configuration allowed (addresses on this machine).
 */
export class HttpsClient {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  constructor(private readonly options: HttpsClientOptions) {
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32, ...(options.ca ? { ca: options.ca as string[] } : {}) });
  }

  request(url: string, request: HttpRequest = {}): Promise<HttpAnswer> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const transport = secure ? https : http;
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        req.destroy();
        reject(error instanceof HttpFailure ? error : new HttpFailure('network', `${target.host}: ${error.message}`, { cause: error }));
      };
      const req = transport.request(
        target,
        {
          method: request.method ?? 'GET',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { accept: 'application/json', ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.options.maxBytes) {
              fail(new HttpFailure('tooLarge', `${target.host} answered more than ${this.options.maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            clearTimeout(timer);
            if (settled) return;
            settled = true;
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', fail);
        },
      );
      const timer = setTimeout(() => fail(new HttpFailure('timeout', `${target.host} did not answer within ${timeoutMs} ms`)), timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
  }

  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
