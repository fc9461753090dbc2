import type { TurnContext } from 'botbuilder';
import { escapeMarkdown } from '../cards/markdown.js';
import { linksFor } from '../domain/links.js';
import { identityOf, translatorOf } from '../bot/turn-state.js';
import { partnerLabel, type FlowDeps } from './flow-kit.js';
import { OneStepDialog } from './one-step.dialog.js';

/**
 * The organisation's partner relationships, as the admin center's Settings > Partner
 * relationships page lists them; "There's nothing here." when there are none. Read-only: every
 * member of the tenant may ask.
 */
export class ViewRelationshipsDialog extends OneStepDialog {
  static readonly id = 'ViewRelationshipsDialog';

  constructor(private readonly deps: FlowDeps) {
    super(ViewRelationshipsDialog.id);
  }

  protected async answer(context: TurnContext): Promise<void> {
    const t = translatorOf(context);
    const { tenantId } = identityOf(context);
    const { repository, cards } = this.deps;
    const tenant = await repository.getTenant(tenantId);
    const links = linksFor(tenant?.cloud ?? 'worldwide');
    const relationships = await repository.listRelationships(tenantId);
    const subscriptions = new Map((await repository.listSubscriptions(tenantId)).map((s) => [s.id, s.name]));
    const items = relationships.map((r) => ({
      partner: partnerLabel(t, r.partnerId, r.partnerName),
      type: t(`cards:relationships.types.${r.type}`),
      subscriptions:
        r.subscriptionIds.length > 0
          ? t('cards:relationships.subscriptions', {
              names: r.subscriptionIds.map((id) => escapeMarkdown(subscriptions.get(id) ?? id)).join(', '),
            })
          : t(`cards:relationships.scope.${r.type}`),
    }));
    await context.sendActivity({
      attachments: [cards.render('relationships', { items, empty: items.length === 0, link: links.partnerRelationships }, t)],
    });
  }
}
