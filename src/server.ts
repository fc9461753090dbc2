import restify, { type Request, type Response } from 'restify';
import type { Logger } from './logger.js';
import type { RecordedAnswer } from './ports/recent-activities.js';
import { contentTypeProblem, readBody, refusal, type Refusal } from './request-body.js';

export interface ServerOptions {
  /** Authenticates and runs the turns (the bot's adapter). */
  readonly turns: TurnHandler;
  readonly logger: Logger;
  readonly version: string;
  readonly maxBodyBytes: number;
  /** A body must arrive whole within this time. */
  readonly bodyTimeoutMs: number;
  /** With a bot registration, requests must carry a Bot Framework token (checked by the adapter). */
  readonly authEnabled?: boolean;
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

/** `tokenProblem` as the 401 the server answers. */
function tokenRefusal(header: string | undefined): Refusal | undefined {
  const problem = tokenProblem(header);
  return problem === undefined ? undefined : refusal(401, 'Unauthorized', problem);
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

/** Fields the bot uses to route and answer an activity, which the protocol makes strings. */
const TEXT_FIELDS = ['id', 'name', 'locale', 'replyToId', 'deliveryMode'] as const;

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
  if (typeof body.channelId !== 'string' || body.channelId === '') return 'the activity has no "channelId"';
  const notText = TEXT_FIELDS.find((field) => body[field] !== undefined && body[field] !== null && typeof body[field] !== 'string');
  if (notText) return `the activity's "${notText}" must be a string`;
  return undefined;
}

/** What the bot answers to one activity: an HTTP status, and a JSON body or none. */
export type HttpAnswer = RecordedAnswer;

/** Runs the turn of one activity whose shape has been checked; authenticates it first. */
export interface TurnHandler {
  handle(activity: Record<string, unknown>, authorization: string): Promise<HttpAnswer>;
}

/**
 * How long a refused sender may go on sending before its connection is closed: long enough for
 * it to read the answer (closing at once can reset the connection before the answer is read).
 */
const LINGER_MS = 1000;

/**
 * The HTTP front of the bot: `POST /api/messages` for the Bot Framework and `GET /healthz`.
 * Created without listening, so tests start it on a loopback port of their choosing.
 *
 * `/api/messages` takes JSON only, and with authentication on refuses a request without a
 * well-formed token before reading its body. The body is read into memory up to `maxBodyBytes`
 * and for at most `bodyTimeoutMs`; no request writes anything to disk.
 */
export function createServer(options: ServerOptions): BotServer {
  const { turns, logger, version, maxBodyBytes, bodyTimeoutMs, authEnabled = false } = options;
  const server = restify.createServer({ name: 'partner-bot', handleUncaughtExceptions: false });
  // Headers must arrive promptly; a body has its own deadline (readBody).
  server.server.headersTimeout = Math.min(server.server.headersTimeout, bodyTimeoutMs + 1000);
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;

  const refuse = (req: Request, res: Response, { status, code, message }: Refusal) => {
    if (!req.complete) {
      res.header('connection', 'close');
      res.once('finish', () => setTimeout(() => req.socket.destroy(), LINGER_MS).unref());
    }
    logger.warn({ url: req.url, status, reason: message }, 'request refused');
    res.json(status, { code, message });
  };

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.json(200, { status: closing ? 'stopping' : 'ok', version });
  });

  // Clients such as the Agents Playground probe the endpoint before they start.
  server.head('/api/messages', async (_req: Request, res: Response) => {
    res.send(200);
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (closing) return refuse(req, res, refusal(503, 'ServiceUnavailable', 'the bot is shutting down'));
    const early =
      contentTypeProblem(req.headers['content-type']) ??
      (authEnabled ? tokenRefusal(req.headers.authorization) : undefined);
    if (early) return refuse(req, res, early);

    const body = await readBody(req, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs });
    if (!body.ok) return refuse(req, res, body.refusal);
    let activity: unknown;
    try {
      activity = JSON.parse(body.text);
    } catch {
      return refuse(req, res, refusal(400, 'BadRequest', 'the body is not valid JSON'));
    }
    const problem = activityProblem(activity);
    if (problem !== undefined) return refuse(req, res, refusal(400, 'BadRequest', problem));

    const turn = turns.handle(activity as Record<string, unknown>, req.headers.authorization ?? '');
    inFlight.add(turn);
    let answer: HttpAnswer;
    try {
      answer = await turn;
    } catch (err) {
      logger.error({ err, url: req.url }, 'request failed');
      answer = { status: 500, body: { code: 'InternalError', message: 'the activity could not be processed' } };
    } finally {
      inFlight.delete(turn);
    }
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.header(name, value);
    if (answer.body === undefined) res.send(answer.status);
    else res.json(answer.status, answer.body);
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
