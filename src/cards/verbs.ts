/** The `verb` of every card action, shared by the card templates and the handlers. */
export const Verbs = {
  /** Start a task from the welcome or menu card: `{ verb, intent }`. */
  start: 'start',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];
