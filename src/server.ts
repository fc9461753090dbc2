import restify, { type Request, type Response } from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from './logger.js';

export interface ServerOptions {
  readonly adapter: CloudAdapter;
  /** The bot's turn logic, e.g. `(context) => bot.run(context)`. */
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly logger: Logger;
  readonly version: string;
  readonly maxBodyBytes: number;
  /** With a bot registration, requests must carry a Bot Framework token (checked by the adapter). */
  readonly authEnabled?: boolean;
  /** Called as each request comes in, before it is read (see `DiskWorker.settleFinished`). */
  readonly onRequest?: () => void;
}

export interface BotServer {
  readonly server: restify.Server;
  /** Stops accepting requests and resolves once every turn under way has finished. */
  close(): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The activity types of the Bot Framework protocol; anything else is refused. */
const ACTIVITY_TYPES = new Set([
  'message', 'contactRelationUpdate', 'conversationUpdate', 'typing', 'endOfConversation', 'event',
  'invoke', 'invokeResponse', 'deleteUserData', 'messageUpdate', 'messageDelete', 'installationUpdate',
  'messageReaction', 'suggestion', 'trace', 'handoff', 'command', 'commandResult',
]);

const SIGNED_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

/**
 * Why an Authorization header cannot be a Bot Framework token, or undefined. Tokens are signed
 * with RSA and name their key: anything else (missing, malformed, `alg: none`) is refused here,
 * before the adapter would fetch signing keys for it. Signatures are checked by the adapter.
 */
export function tokenProblem(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) return 'a Bot Framework token is required';
  try {
    const head = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8')) as { alg?: unknown; kid?: unknown };
    if (!SIGNED_ALGORITHMS.has(String(head.alg)) || typeof head.kid !== 'string') return 'the token is not signed';
  } catch {
    return 'the token is malformed';
  }
  return undefined;
}

/** Real activities (and card submits) are a few levels deep; much deeper JSON is refused. */
export const MAX_DEPTH = 64;

/** True when `value` nests objects or arrays deeper than `max` (checked without recursion). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Why a request body is not a Bot Framework activity the bot can answer, or undefined. */
export function activityProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body must be a JSON object (a Bot Framework activity)';
  if (nestedDeeperThan(body, MAX_DEPTH)) return `the activity is nested more than ${MAX_DEPTH} levels deep`;
  if (typeof body.type !== 'string' || body.type === '') return 'the activity has no "type"';
  if (!ACTIVITY_TYPES.has(body.type)) return `"${body.type.slice(0, 40)}" is not a Bot Framework activity type`;
  if (!isObject(body.conversation) || typeof body.conversation.id !== 'string') {
    return 'the activity has no "conversation.id"';
  }
  if (!isObject(body.from) || typeof body.from.id !== 'string') return 'the activity has no "from.id"';
  if (typeof body.serviceUrl !== 'string' || body.serviceUrl === '') {
    return 'the activity has no "serviceUrl"';
  }
  return undefined;
}

/**
 * The HTTP front of the bot: `POST /api/messages` for the Bot Framework and `GET /healthz`.
 * Created without listening, so tests start it on a loopback port of their choosing.
 */
export function createServer(options: ServerOptions): BotServer {
  const { adapter, logic, logger, version, maxBodyBytes, authEnabled = false, onRequest } = options;
  const server = restify.createServer({ name: 'partner-bot', handleUncaughtExceptions: false });
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  if (onRequest) {
    server.pre((_req: Request, _res: Response, next: restify.Next) => {
      onRequest();
      next();
    });
  }
  server.use(
    restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false, mapFiles: false }),
  );

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json(200, { status: closing ? 'stopping' : 'ok', version });
  });

  // Clients such as the Agents Playground probe the endpoint before they start.
  server.head('/api/messages', async (_req: Request, res: Response) => {
    res.send(200);
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (closing) {
      res.json(503, { code: 'ServiceUnavailable', message: 'the bot is shutting down' });
      return;
    }
    if (authEnabled) {
      const refused = tokenProblem(req.headers.authorization);
      if (refused !== undefined) {
        res.json(401, { code: 'Unauthorized', message: refused });
        return;
      }
    }
    const problem = activityProblem(req.body);
    if (problem !== undefined) {
      res.json(400, { code: 'BadRequest', message: problem });
      return;
    }
    const turn = adapter.process(req, res, logic);
    inFlight.add(turn);
    try {
      await turn;
    } finally {
      inFlight.delete(turn);
    }
  });

  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number }, callback: () => void) => {
    if ((err.statusCode ?? 500) >= 500) logger.error({ err, url: req.url }, 'request failed');
    else logger.warn({ url: req.url, status: err.statusCode, reason: err.message }, 'request refused');
    callback();
  });

  return {
    server,
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      // Connections kept alive after their last response would hold the close until they time out.
      server.server.closeIdleConnections();
      await closed;
    },
  };
}
