import type { Intent } from '../nlu/recognizer.js';

/** What a task may be started with: what the admin already said. */
export interface FlowOptions {
  readonly partnerId?: string;
  readonly subscriptionId?: string;
  /** The request as typed, for the subscription or partner it names ("change E3 to Fourth Coffee"). */
  readonly said?: string;
}

/** A task that hands over to another, e.g. adding where a partner exists becomes a change. */
export interface FlowResult {
  readonly next?: FlowOptions & { readonly intent: Intent };
}
