import type { TurnContext } from 'botbuilder';
import { answerOf, field } from '../cards/card-answer.js';
import { escapeMarkdown } from '../cards/markdown.js';
import type { AuditEntry } from '../domain/model.js';
import type { Translator } from '../i18n/i18n.js';
import { identityOf, translatorOf, turnLogOf } from './turn-state.js';
import { say, type FlowDeps } from './flow-kit.js';
import { OneStepDialog } from './one-step.dialog.js';

export const HISTORY_LENGTH = 10;

/**
 * "What changed?": the tenant's partner changes, who made them and when (admins only), the latest
 * `HISTORY_LENGTH` first; the card says how many there are and shows older ones page by page.
 */
export class HistoryDialog extends OneStepDialog {
  static readonly id = 'HistoryDialog';

  constructor(private readonly deps: FlowDeps) {
    super(HistoryDialog.id);
  }

  protected async answer(context: TurnContext): Promise<void> {
    const t = translatorOf(context);
    const page = await this.deps.history.page(identityOf(context), HISTORY_LENGTH, olderThan(context));
    if (!page.ok) {
      turnLogOf(context).outcome = 'refused';
      await say(context, 'dialogs:history.notAdmin');
      return;
    }
    if (page.entries.length === 0) {
      await say(context, 'dialogs:history.none');
      return;
    }
    const timeZone = validTimeZone(context.activity.localTimezone);
    const when = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const items = page.entries.map((e) => ({
      when: when.format(new Date(e.at)),
      who: escapeMarkdown(e.actorName ?? e.actor),
      what: describe(t, e, escapeMarkdown(e.subscriptionName ?? e.subscriptionId ?? '')),
    }));
    const number = new Intl.NumberFormat(t.locale);
    const newest = page.total - page.older - page.entries.length + 1;
    const range = t('cards:history.range', { count: page.total, total: number.format(page.total), from: number.format(newest), to: number.format(newest + page.entries.length - 1) });
    const data = { items, timeZone, range, hasOlder: page.older > 0, before: String(page.older) };
    await context.sendActivity({ attachments: [this.deps.cards.render('history', data, t)] });
  }
}

/** Where a "Show older" button of the history card asks the history to resume, or undefined for the latest. */
function olderThan(context: TurnContext): number | undefined {
  const answer = answerOf(context.activity);
  const before = answer?.kind === 'card' ? field(answer.data, 'before') : undefined;
  return before !== undefined && /^\d{1,9}$/.test(before) ? Number(before) : undefined;
}

function describe(t: Translator, e: AuditEntry, subscription: string): string {
  return t(`cards:history.actions.${e.action}`, { subscription, before: e.before ?? '', after: e.after ?? '' });
}

/** The user's IANA time zone from Teams, or UTC when it is missing or unknown. */
function validTimeZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}
