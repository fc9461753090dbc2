import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { setIdentity } from '../dialogs/turn-state.js';

interface TeamsChannelData {
  readonly tenant?: { readonly id?: unknown };
}

/**
 * The tenant an activity belongs to: Teams puts it in `channelData.tenant.id` (and often in
 * `conversation.tenantId`). An activity without one, from the Bot Framework Emulator, belongs to
 * the local tenant.
 */
export function tenantIdOf(activity: Partial<Activity>, localTenantId: string): string {
  const fromChannel = (activity.channelData as TeamsChannelData | undefined)?.tenant?.id;
  if (typeof fromChannel === 'string' && fromChannel !== '') return fromChannel;
  const fromConversation = activity.conversation?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation !== '') return fromConversation;
  return localTenantId;
}

/** The user's Entra object id (Teams), or the channel's user id where there is none (Emulator). */
export function userIdOf(activity: Partial<Activity>): string | undefined {
  const from = activity.from;
  if (!from) return undefined;
  if (typeof from.aadObjectId === 'string' && from.aadObjectId !== '') return from.aadObjectId;
  return typeof from.id === 'string' && from.id !== '' ? from.id : undefined;
}

/** Puts the turn's tenant and user on the turn state before any bot code runs. */
export class IdentityMiddleware implements Middleware {
  constructor(private readonly localTenantId: string) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    setIdentity(context, {
      tenantId: tenantIdOf(activity, this.localTenantId),
      userId: userIdOf(activity),
      userName: typeof activity.from?.name === 'string' ? activity.from.name.slice(0, 100) : undefined,
    });
    await next();
  }
}
