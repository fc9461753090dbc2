import { CloudAdapter, INVOKE_RESPONSE_KEY, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult, type BotFrameworkAuthentication } from 'botframework-connector';
import { ADAPTIVE_CARD_CONTENT_TYPE, MESSAGE_RESPONSE_TYPE } from '../cards/render-card.js';
import type { Logger } from '../logger.js';
import type { HttpAnswer, TurnHandler } from '../server.js';
import type { ConversationQueue } from './conversation-queue.js';
import { SEARCH_INVOKE } from './teams-bot.js';
import type { RecentActivities } from '../ports/recent-activities.js';

const CARD_ACTION = 'adaptiveCard/action';

/** What jsonwebtoken throws for a bad token; botbuilder lets most of them through as they are. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

const isRefusedToken = (error: unknown): boolean =>
  error instanceof AuthenticationError || (error instanceof Error && TOKEN_ERRORS.has(error.name));

export interface BotAdapterOptions {
  /** The bot's turn logic, e.g. `(context) => bot.run(context)`. */
  readonly logic: (context: TurnContext) => Promise<void>;
  readonly recent: RecentActivities;
  readonly queue: ConversationQueue;
  /**
   * A card click (Teams retries it after about 15 s) still running after this long is answered
   * "working on it"; its card is updated when the turn ends.
   */
  readonly invokeAnswerMs: number;
  /** The "working on it" text, in the language of the activity. */
  readonly workingText: (activity: Activity) => string;
  readonly logger: Logger;
}

interface InvokeBody {
  readonly type?: unknown;
  readonly value?: unknown;
}

/**
 * The Bot Framework adapter behind the HTTP server. Each activity is authenticated (every refused
 * token is a 401, whichever way the token is wrong), a re-sent activity is answered once, the turns
 * of a conversation run one at a time with a bounded queue (429 past it), and a slow card click is
 * answered in time and finished afterwards.
 */
export class BotAdapter extends CloudAdapter implements TurnHandler {
  readonly #background = new Set<Promise<void>>();

  constructor(
    auth: BotFrameworkAuthentication,
    private readonly options: BotAdapterOptions,
  ) {
    super(auth);
  }

  async handle(body: Record<string, unknown>, authorization: string): Promise<HttpAnswer> {
    const activity = withDates(body as unknown as Activity);
    let auth: AuthenticateRequestResult;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    } catch (error) {
      if (isRefusedToken(error)) {
        this.options.logger.warn({ reason: (error as Error).message }, 'token refused');
        return { status: 401, body: { code: 'Unauthorized', message: 'the token was refused' } };
      }
      throw error;
    }

    const conversation = `${activity.channelId}/${activity.conversation.id}`;
    // A typeahead search only reads: it needs no once-only answer, and it does not wait for the
    // conversation's turns (a card's list must fill as the user types), only for earlier searches.
    const search = activity.type === 'invoke' && activity.name === SEARCH_INVOKE;
    const key = activity.id && !search ? `${conversation}/${activity.id}` : undefined;
    if (key && (await this.options.recent.claim(key)) === 'repeat') return this.#answerRepeat(activity, key);

    // A card click still running at the deadline is answered "working on it"; its turn then ends
    // by delivering its answer itself (the turn context is revoked once the turn is over).
    const clock = { finished: false, late: false };
    const turn = this.options.queue.run(search ? `${conversation}/search` : conversation, () =>
      this.processActivity(auth, activity, async (context) => {
        await this.options.logic(context);
        if (clock.late) await this.#deliverLate(context);
        clock.finished = true;
      }),
    );
    if (!turn) {
      if (key) await this.options.recent.forget(key);
      this.options.logger.warn({ conversationId: activity.conversation.id }, 'too many turns waiting in one conversation');
      return { status: 429, headers: { 'retry-after': '1' }, body: { code: 'TooManyRequests', message: 'too many activities at once in this conversation' } };
    }

    const guarded = turn.catch(forgetting(this.options.recent, key));
    const isCardAction = activity.type === 'invoke' && activity.name === CARD_ACTION;
    const inTime = isCardAction ? await withDeadline(guarded, this.options.invokeAnswerMs, clock) : true;
    if (inTime) {
      const answer = toHttp(await guarded);
      if (key && activity.type === 'invoke') await this.options.recent.settle(key, answer);
      return answer;
    }
    const working = this.#working(activity);
    if (key) await this.options.recent.settle(key, working);
    this.#track(guarded.then(() => undefined));
    return working;
  }

  /** Resolves once every card click answered early has finished its work. */
  async drain(): Promise<void> {
    while (this.#background.size > 0) await Promise.allSettled([...this.#background]);
  }

  async #answerRepeat(activity: Activity, key: string): Promise<HttpAnswer> {
    this.options.logger.info({ conversationId: activity.conversation.id, activityId: activity.id }, 'repeated activity answered once');
    if (activity.type !== 'invoke') return activity.deliveryMode === 'expectReplies' ? { status: 200, body: { activities: [] } } : { status: 200 };
    return (await this.options.recent.answerOf(key, this.options.invokeAnswerMs)) ?? this.#working(activity);
  }

  #working(activity: Activity): HttpAnswer {
    return { status: 200, body: { statusCode: 200, type: MESSAGE_RESPONSE_TYPE, value: this.options.workingText(activity) } };
  }

  /** The answer of a card click that came after Teams was told "working on it": the card, updated in place, or a message. */
  async #deliverLate(context: TurnContext): Promise<void> {
    const response = context.turnState.get(INVOKE_RESPONSE_KEY) as { value?: InvokeResponse } | undefined;
    const body = response?.value?.body as InvokeBody | undefined;
    const { replyToId } = context.activity;
    if (body?.type === ADAPTIVE_CARD_CONTENT_TYPE && replyToId) {
      await context.updateActivity({
        id: replyToId,
        type: 'message',
        attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: body.value }],
      });
    } else if (body?.type === MESSAGE_RESPONSE_TYPE && typeof body.value === 'string') {
      await context.sendActivity(body.value);
    }
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.options.logger.error({ err }, 'could not finish a card click answered early'));
    this.#background.add(tracked);
    void tracked.then(() => this.#background.delete(tracked));
  }
}

/** botbuilder's own request handling turns the activity's time stamps into dates. */
function withDates(activity: Activity): Activity {
  const raw = activity as Activity & Record<string, unknown>;
  for (const [field, rawField] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    const value = raw[field];
    if (typeof value === 'string') {
      raw[rawField] = value;
      raw[field] = new Date(value);
    }
  }
  return activity;
}

const toHttp = (response: InvokeResponse | undefined): HttpAnswer =>
  response ? { status: response.status, body: response.body ?? undefined } : { status: 200 };

/** A turn that failed before it ran (no connector, say) may run again when re-sent. */
const forgetting =
  (recent: RecentActivities, key: string | undefined) =>
  async (error: unknown): Promise<never> => {
    if (key) await recent.forget(key);
    throw error;
  };

/**
 * True when `work` ends within `ms`; false once `ms` has passed with the turn unfinished, which
 * marks it late (synchronously, so the turn either sees the mark or had already finished).
 */
function withDeadline(work: Promise<unknown>, ms: number, clock: { finished: boolean; late: boolean }): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      if (clock.finished) return;
      clock.late = true;
      resolve(false);
    }, ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
