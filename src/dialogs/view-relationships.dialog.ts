import type { TurnContext } from 'botbuilder';
import { escapeMarkdown } from '../cards/markdown.js';
import { linksFor } from '../domain/links.js';
import { identityOf, translatorOf } from './turn-state.js';
import type { FlowDeps } from './flow-kit.js';
import { partnerLabel } from './partner-views.js';
import { OneStepDialog } from './one-step.dialog.js';

/**
 * The organisation's partner relationships, as the admin center's Settings > Partner
 * relationships page lists them; "There's nothing here." when there are none. Read-only: every
 * member of the tenant may ask. It says where each fact comes from: subscriptions and resellers
 * from Microsoft 365 or from the organisation's data loaded into the bot, partners of record from
 * the bot's own register.
 */
export class ViewRelationshipsDialog extends OneStepDialog {
  static readonly id = 'ViewRelationshipsDialog';

  constructor(private readonly deps: FlowDeps) {
    super(ViewRelationshipsDialog.id);
  }

  protected async answer(context: TurnContext): Promise<void> {
    const t = translatorOf(context);
    const { cards } = this.deps;
    const { cloud, source, relationships } = await this.deps.relationships.view(identityOf(context));
    const links = linksFor(cloud);
    const items = relationships.map((r) => ({
      partner: partnerLabel(t, r.partner.id, r.partner.name),
      type: t(`cards:relationships.types.${r.type}`),
      subscriptions:
        r.subscriptions.length > 0
          ? t('cards:relationships.subscriptions', { names: r.subscriptions.map(escapeMarkdown).join(', ') })
          : t(`cards:relationships.scope.${r.type}`),
    }));
    await context.sendActivity({
      attachments: [cards.render('relationships', { items, empty: items.length === 0, source, link: links.partnerRelationships }, t)],
    });
  }
}
