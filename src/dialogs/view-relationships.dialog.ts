import type { TurnContext } from 'botbuilder';
import { answerOf, field } from '../cards/card-answer.js';
import { escapeMarkdown } from '../cards/markdown.js';
import type { Translator } from '../i18n/i18n.js';
import type { RelationshipView } from '../services/relationships.js';
import { linksFor } from '../domain/links.js';
import { identityOf, translatorOf } from './turn-state.js';
import type { FlowDeps } from './flow-kit.js';
import { partnerLabel } from './partner-views.js';
import { OneStepDialog } from './one-step.dialog.js';

/** A relationship lists this many of its subscriptions by name, then says how many more. */
export const NAMES_PER_RELATIONSHIP = 5;
/** A card shows this many relationships; a button shows the next ones. */
export const RELATIONSHIPS_PER_CARD = 10;
/** The subscriptions of one partner of record are listed this many at a time. */
export const SUBSCRIPTIONS_PER_PAGE = 40;

/**
 * The organisation's partner relationships, as the admin center's Settings > Partner
 * relationships page lists them; "There's nothing here." when there are none. Read-only: every
 * member of the tenant may ask. It says where each fact comes from: subscriptions and resellers
 * from Microsoft 365 or from the organisation's data loaded into the bot, partners of record from
 * the bot's own register. A large organisation's card stays short: each relationship names a few
 * subscriptions and says how many more, with a button that lists them all, page by page.
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
    const link = linksFor(cloud).partnerRelationships;
    const asked = askedFor(context);
    const partner = asked.partnerId === undefined ? undefined : relationships.find((r) => r.type === 'advisor' && r.partner.id === asked.partnerId);
    if (partner) {
      await context.sendActivity({ attachments: [cards.render('partner-subscriptions', this.subscriptionsPage(t, partner, asked.from), t)] });
      return;
    }
    const from = Math.min(asked.from, Math.max(relationships.length - 1, 0));
    const shown = relationships.slice(from, from + RELATIONSHIPS_PER_CARD);
    const items = shown.map((r) => ({
      partner: partnerLabel(t, r.partner.id, r.partner.name),
      type: t(`cards:relationships.types.${r.type}`),
      subscriptions: subscriptionsLine(t, r),
      hasMore: r.subscriptions.length > NAMES_PER_RELATIONSHIP,
      more: t('cards:relationships.showAll', { count: r.subscriptions.length }),
      partnerId: r.partner.id,
    }));
    const next = from + shown.length;
    const rest = relationships.length - next;
    await context.sendActivity({
      attachments: [
        cards.render(
          'relationships',
          {
            items,
            empty: items.length === 0,
            source,
            link,
            hasRest: rest > 0,
            rest: rest > 0 ? t('cards:relationships.rest', { count: rest }) : '',
            next: String(next),
          },
          t,
        ),
      ],
    });
  }

  /** One page of the subscriptions of a partner of record: their names, and a button for the next page. */
  private subscriptionsPage(t: Translator, r: RelationshipView, asked: number): Record<string, unknown> {
    const count = r.subscriptions.length;
    const from = asked < count ? asked : 0;
    const page = r.subscriptions.slice(from, from + SUBSCRIPTIONS_PER_PAGE);
    const to = from + page.length;
    const number = new Intl.NumberFormat(t.locale);
    return {
      partner: partnerLabel(t, r.partner.id, r.partner.name),
      type: t(`cards:relationships.types.${r.type}`),
      range: t('cards:partnerSubscriptions.range', { count, total: number.format(count), from: number.format(from + 1), to: number.format(to) }),
      list: page.map((name) => `- ${escapeMarkdown(name)}`).join('\n'),
      partnerId: r.partner.id,
      hasNext: to < count,
      nextLabel: t('cards:partnerSubscriptions.next', { count: Math.min(count - to, SUBSCRIPTIONS_PER_PAGE) }),
      next: String(to),
    };
  }
}

/** "Subscriptions: A, B, C", or the first few and how many more. */
function subscriptionsLine(t: Translator, r: RelationshipView): string {
  if (r.subscriptions.length === 0) return t(`cards:relationships.scope.${r.type}`);
  const names = r.subscriptions.slice(0, NAMES_PER_RELATIONSHIP).map(escapeMarkdown).join(', ');
  const more = r.subscriptions.length - NAMES_PER_RELATIONSHIP;
  return more > 0 ? t('cards:relationships.subscriptionsAndMore', { names, count: more }) : t('cards:relationships.subscriptions', { names });
}

/** What a button of a relationships card asks for: a partner's subscriptions, and from where. */
function askedFor(context: TurnContext): { readonly partnerId?: string; readonly from: number } {
  const answer = answerOf(context.activity);
  if (answer?.kind !== 'card') return { from: 0 };
  const from = field(answer.data, 'from');
  const partnerId = field(answer.data, 'partnerId');
  return { ...(partnerId ? { partnerId } : {}), from: from !== undefined && /^\d{1,6}$/.test(from) ? Number(from) : 0 };
}
