import type { TurnContext } from 'botbuilder';
import { escapeMarkdown } from '../cards/markdown.js';
import type { AuditEntry } from '../domain/model.js';
import type { Translator } from '../i18n/i18n.js';
import { identityOf, translatorOf, turnLogOf } from './turn-state.js';
import { say, type FlowDeps } from './flow-kit.js';
import { OneStepDialog } from './one-step.dialog.js';

export const HISTORY_LENGTH = 10;

/** "What changed?": the tenant's latest partner changes, who made them and when (admins only). */
export class HistoryDialog extends OneStepDialog {
  static readonly id = 'HistoryDialog';

  constructor(private readonly deps: FlowDeps) {
    super(HistoryDialog.id);
  }

  protected async answer(context: TurnContext): Promise<void> {
    const t = translatorOf(context);
    const latest = await this.deps.history.latest(identityOf(context), HISTORY_LENGTH);
    if (!latest.ok) {
      turnLogOf(context).outcome = 'refused';
      await say(context, 'dialogs:history.notAdmin');
      return;
    }
    if (latest.entries.length === 0) {
      await say(context, 'dialogs:history.none');
      return;
    }
    const timeZone = validTimeZone(context.activity.localTimezone);
    const items = latest.entries.map((e) => ({
      when: new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(e.at)),
      who: escapeMarkdown(e.actorName ?? e.actor),
      what: describe(t, e, escapeMarkdown(e.subscriptionName ?? e.subscriptionId ?? '')),
    }));
    await context.sendActivity({ attachments: [this.deps.cards.render('history', { items, timeZone }, t)] });
  }
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
