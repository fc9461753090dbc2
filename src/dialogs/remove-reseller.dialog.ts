import type { TurnContext } from 'botbuilder';
import { linksFor } from '../domain/links.js';
import { identityOf, translatorOf, turnLogOf } from './turn-state.js';
import type { FlowDeps } from './flow-kit.js';
import { partnerLabel } from './partner-views.js';
import { OneStepDialog } from './one-step.dialog.js';

/**
 * A reseller relationship cannot be removed by the customer: the option is greyed out in the admin
 * center and the reseller must do it in Partner Center. The bot says so, names the tenant's
 * resellers, gives the links, and changes nothing.
 */
export class RemoveResellerDialog extends OneStepDialog {
  static readonly id = 'RemoveResellerDialog';

  constructor(private readonly deps: FlowDeps) {
    super(RemoveResellerDialog.id);
  }

  protected async answer(context: TurnContext): Promise<void> {
    const t = translatorOf(context);
    const { cards } = this.deps;
    const found = await this.deps.relationships.resellers(identityOf(context));
    const { cloud } = found;
    const links = linksFor(cloud);
    const resellers = found.resellers.map((r) => ({ partner: partnerLabel(t, r.id, r.name) }));
    turnLogOf(context).outcome = 'explained';
    await context.sendActivity({
      attachments: [
        cards.render(
          'reseller',
          {
            cloud,
            resellers,
            known: resellers.length > 0,
            partnerCenterLink: links.removeResellerRelationship,
            relationshipsLink: links.partnerRelationships,
          },
          t,
        ),
      ],
    });
  }
}
