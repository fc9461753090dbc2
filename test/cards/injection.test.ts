import assert from 'node:assert/strict';
import { escapeMarkdown } from '../../src/cards/markdown.js';
import type { Seed } from '../../src/domain/seed-file.js';
import { actionData, cardOf, cardTexts, openConversation, type Conversation } from '../helpers/conversation.js';

const LINK = '[Pay here](https://evil.example)';
const TEMPLATE = '${strings.title}';
const CARD_JSON = '"}],"actions":[{"type":"Action.OpenUrl","title":"x","url":"https://evil.example"}]}';
const HOSTILE: Seed = {
  partners: [{ id: '1234567', name: `${LINK} <b>Partner</b>` }],
  tenants: [
    {
      id: 'tenant-h',
      name: 'Hostile',
      cloud: 'worldwide',
      admins: ['admin-h'],
      subscriptions: [
        { id: 'sub-1', name: TEMPLATE, partnerId: '1234567' },
        { id: 'sub-2', name: CARD_JSON },
        { id: 'sub-3', name: '*urgent* _now_ # title' },
      ],
      relationships: [{ partnerId: '7654321', partnerName: `- ${LINK}`, type: 'reseller' }],
      offers: [],
    },
  ],
};
const WHO = { tenantId: 'tenant-h', userId: 'admin-h', name: '**Boss** [me](https://evil.example)' };

const actionsOf = (card: unknown): string[] => {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) found.push(`${o.type}:${String(o.url ?? (o.data as { verb?: string } | undefined)?.verb ?? '')}`);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
};

describe('text from outside cannot break a card or inject actions', () => {
  let c: Conversation;
  beforeEach(async () => {
    c = await openConversation('en', { seed: HOSTILE, who: WHO });
  });
  afterEach(() => c.close());

  it('escapes Markdown and shows template-looking names as they are', () => {
    assert.equal(escapeMarkdown(LINK), '\\[Pay here\\](https://evil.example)');
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(escapeMarkdown('Contoso Advisors (1234567)'), 'Contoso Advisors (1234567)');
  });

  it('lists relationships with hostile names: no link, no extra action, names shown literally', async () => {
    const [reply] = await c.say('show my partners');
    const card = cardOf(reply);
    assert.deepEqual(actionsOf(card), ['Action.OpenUrl:https://go.microsoft.com/fwlink/p/?linkid=2074649']);
    const texts = cardTexts(card);
    assert.ok(texts.includes(`${escapeMarkdown(`${LINK} <b>Partner</b>`)} (1234567)`));
    assert.ok(texts.some((t) => t.includes('$\u200b{strings.title}')), 'the ${…} name is shown, not expanded');
    assert.ok(!JSON.stringify(card).includes(`"${LINK}`), 'no unescaped link');
  });

  it('offers hostile subscription names as choices and confirms them without breaking', async () => {
    const [pick] = await c.say('add a partner');
    const card = cardOf(pick);
    assert.deepEqual(actionsOf(card).map((a) => a.split(':')[1]), ['pickSubscription', 'cancel']);
    assert.ok(cardTexts(card).includes(c.t('cards:pickSubscription.noPartner', { name: escapeMarkdown(CARD_JSON) })));
    const [askId] = await c.submit({ ...actionData(card, 'pickSubscription'), subscriptionId: 'sub-3' });
    assert.equal(askId?.text, c.t('dialogs:addPartner.askId', { subscription: escapeMarkdown('*urgent* _now_ # title'), current: '' }));
    const [confirm] = await c.say('7654321');
    assert.deepEqual(actionsOf(cardOf(confirm)).map((a) => a.split(':')[1]), ['confirm', 'confirm', 'cancel', 'cancel']);
    const [done, steps] = await c.say('yes');
    assert.ok(done?.text?.includes(escapeMarkdown('*urgent* _now_ # title')));
    assert.deepEqual(actionsOf(cardOf(steps)), ['Action.OpenUrl:https://go.microsoft.com/fwlink/p/?linkid=842054']);
    assert.ok(cardTexts(cardOf(steps)).some((t) => t.includes(`**${escapeMarkdown('*urgent* _now_ # title')}**`)));
    const [history] = await c.say('what changed?');
    assert.ok(cardTexts(cardOf(history)).some((t) => t.startsWith(escapeMarkdown(WHO.name))));
  });
});
