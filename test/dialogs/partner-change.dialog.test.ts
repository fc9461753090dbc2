import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { Cloud } from '../../src/domain/model.js';
import type { PartnerChangeKind } from '../../src/domain/partner-change.js';
import { LOCALES, type Locale } from '../../src/i18n/resolve-locale.js';
import { actionData, cardOf, cardTexts, NOW, openConversation, type Conversation } from '../helpers/conversation.js';
import { changePartner } from '../helpers/services.js';

/** What a confirmed change begins with, in the user's language: recorded, not done. */
const RECORDED: Record<Locale, RegExp> = { en: /^Recorded: in my records, /, fr: /^Enregistré\u00a0: dans mon registre, / };
/** The admin-center page of Billing > Products (worldwide) or Your products (21Vianet), per the article. */
const PRODUCTS_LINK: Record<Cloud, string> = {
  worldwide: 'https://go.microsoft.com/fwlink/p/?linkid=842054',
  '21vianet': 'https://go.microsoft.com/fwlink/p/?linkid=850626',
};
/** How many steps the article gives each task. */
const STEPS: Record<PartnerChangeKind, number> = { add: 4, change: 5, remove: 3 };

/** The Action.OpenUrl buttons of a card. */
const openUrls = (card: unknown): Array<{ title: unknown; url: unknown }> => {
  const found: Array<{ title: unknown; url: unknown }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.OpenUrl') found.push({ title: o.title, url: o.url });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
};

/**
 * The replies to a confirmed change: it is recorded (named subscription and partners), and a card
 * gives the article's steps of that task in the admin center of the tenant's cloud, with its link.
 */
function assertRecorded(
  c: Conversation,
  locale: Locale,
  replies: Array<Partial<Activity>>,
  kind: PartnerChangeKind,
  cloud: Cloud,
  values: { subscription: string; partner: string; previous: string; partnerId?: string },
): void {
  const [said, card, ...more] = replies;
  assert.equal(said?.text, c.t(`dialogs:${kind}Partner.recorded`, values));
  assert.match(said?.text ?? '', RECORDED[locale]);
  assert.ok(said?.text?.includes(values.subscription), 'names the subscription');
  assert.ok(said?.text?.includes(kind === 'remove' ? values.previous : values.partner), 'names the partner and its ID');
  const steps = cardOf(card);
  const [title, list = '', ...rest] = cardTexts(steps);
  assert.equal(title, c.t(`cards:applySteps.title.${kind}`));
  const page = c.t(`dialogs:common.productsPage.${cloud}`);
  assert.equal(list, c.t(`cards:applySteps.steps.${kind}`, { page, subscription: values.subscription, partnerId: values.partnerId ?? '', partner: values.previous }));
  assert.deepEqual(list.split('\n').map((line) => line.slice(0, 3)), ['1. ', '2. ', '3. ', '4. ', '5. '].slice(0, STEPS[kind]));
  assert.ok(list.includes(`**${page}**`), 'the page of the tenant\'s cloud');
  assert.ok(list.includes(`**${values.subscription}**`), 'the subscription to select');
  if (values.partnerId) assert.ok(list.includes(`**${values.partnerId}**`), 'the Partner ID to type');
  else assert.ok(list.includes(values.previous), 'the partner to remove');
  assert.deepEqual(openUrls(steps), [{ title: c.t('cards:applySteps.open', { page }), url: PRODUCTS_LINK[cloud] }]);
  assert.deepEqual(rest, [c.t('cards:applySteps.open', { page })]);
  assert.deepEqual(more, [], 'nothing else');
}

const ASK: Record<Locale, { add: string; change: string; remove: string; yes: string; no: string; e3: string }> = {
  en: { add: 'add a partner', change: 'I would like to switch partners', remove: 'remove the partner', yes: 'yes', no: 'no', e3: 'office 365 e3' },
  fr: { add: 'ajouter un partenaire', change: 'je voudrais changer de partenaire', remove: 'supprimer le partenaire', yes: 'oui', no: 'non', e3: 'Office 365 E3' },
};

for (const locale of LOCALES) {
  describe(`partner changes (${locale})`, () => {
    let c: Conversation;
    const words = ASK[locale];
    beforeEach(async () => {
      c = await openConversation(locale);
    });
    afterEach(() => c.close());

    it('adds a partner by card: subscription, Partner ID, confirmation, saved, card updated', async () => {
      const [pick] = await c.say(words.add);
      const pickCard = cardOf(pick);
      assert.ok(cardTexts(pickCard).includes(c.t('cards:pickSubscription.intro.add')));
      assert.ok(cardTexts(pickCard).includes(c.t('cards:pickSubscription.noPartner', { name: 'Office 365 E3' })));

      const [askId] = await c.submit({ ...actionData(pickCard, 'pickSubscription'), subscriptionId: 'sub-2' });
      assert.equal(askId?.text, c.t('dialogs:addPartner.askId', { subscription: 'Office 365 E3', current: '' }));

      const [confirm] = await c.say('7654321');
      const confirmCard = cardOf(confirm);
      assert.ok(cardTexts(confirmCard).includes(c.t('cards:confirmChange.title.add')));
      assert.ok(cardTexts(confirmCard).includes('Northwind Traders (7654321)'));
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-2'))?.partnerId, undefined, 'nothing before confirming');

      const recorded = await c.execute('confirm', actionData(confirmCard, 'confirm'));
      assertRecorded(c, locale, recorded, 'add', 'worldwide', { partner: 'Northwind Traders (7654321)', subscription: 'Office 365 E3', previous: '', partnerId: '7654321' });
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-2'))?.partnerId, '7654321');
      const [audit] = await c.repo.listAudit('tenant-a', 1);
      assert.deepEqual(audit, { at: NOW.toISOString(), tenantId: 'tenant-a', actor: 'admin-a', actorName: 'Megan Bowen', action: 'add', subscriptionId: 'sub-2', after: '7654321' });
      assert.equal(c.client.dialogTurnResult.status, 'complete');
    });

    it('adds a partner by typing only: name, ID, yes', async () => {
      await c.say(words.add);
      await c.say(words.e3);
      const [confirm] = await c.say('  4567890 ');
      assert.ok(cardTexts(cardOf(confirm)).includes(c.t('cards:confirmChange.unknownPartner', { id: '4567890' })));
      const recorded = await c.say(words.yes);
      assertRecorded(c, locale, recorded, 'add', 'worldwide', { partner: '4567890', subscription: 'Office 365 E3', previous: '', partnerId: '4567890' });
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-2'))?.partnerId, '4567890');
    });

    it('takes a Partner ID given with the request', async () => {
      await c.say(`${words.add} 7654321`);
      const [confirm] = await c.say('2');
      assert.ok(cardTexts(cardOf(confirm)).includes('Northwind Traders (7654321)'));
    });

    const badIds: Array<[string, string]> = [
      ['12ab567', 'errors:partnerId.notDigits'],
      ['12345', 'errors:partnerId.tooShort'],
      ['12345678901', 'errors:partnerId.tooLong'],
      ['', 'errors:partnerId.empty'],
      ['123 45a7', 'errors:partnerId.notDigits'],
    ];
    for (const [typed, code] of badIds) {
      it(`refuses the Partner ID ${JSON.stringify(typed)} with a clear message and asks again`, async () => {
        await c.say(words.add);
        await c.say(words.e3);
        const [error] = await c.say(typed);
        assert.equal(error?.text, c.t(code));
        const [confirm] = await c.say('7654321');
        assert.ok(cardOf(confirm), 'a valid ID afterwards goes on');
        assert.equal((await c.repo.getSubscription('tenant-a', 'sub-2'))?.partnerId, undefined);
      });
    }

    it('says so when the typed subscription is not in the list', async () => {
      await c.say(words.add);
      const [error] = await c.say('Dynamics 365 Sales');
      assert.equal(error?.text, c.t('dialogs:pick.notFound'));
    });

    it('offers the change flow when the subscription already has a partner', async () => {
      await c.say(words.add);
      const replies = await c.say('Microsoft 365 Business Standard');
      assert.equal(replies[0]?.text, c.t('dialogs:addPartner.alreadyHasPartner', { subscription: 'Microsoft 365 Business Standard', partner: 'Contoso Advisors (1234567)' }));
      assert.equal(replies[1]?.text, c.t('dialogs:changePartner.askId', { subscription: 'Microsoft 365 Business Standard', current: 'Contoso Advisors (1234567)' }));
    });

    it('changes the partner in one step and refuses the same ID', async () => {
      const [pick] = await c.say(words.change);
      const choices = cardTexts(cardOf(pick));
      assert.ok(!choices.some((x) => x.includes('Office 365 E3')), 'only subscriptions with a partner');
      await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1' });
      const [same] = await c.say('1234567');
      assert.equal(same?.text, c.t('errors:change.samePartner'));
      const [confirm] = await c.say('7654321');
      const facts = cardTexts(cardOf(confirm));
      assert.ok(facts.includes('Contoso Advisors (1234567)') && facts.includes('Northwind Traders (7654321)'));
      const recorded = await c.submit(actionData(cardOf(confirm), 'confirm'));
      assertRecorded(c, locale, recorded, 'change', 'worldwide', {
        partner: 'Northwind Traders (7654321)',
        subscription: 'Microsoft 365 Business Standard',
        previous: 'Contoso Advisors (1234567)',
        partnerId: '7654321',
      });
      const sub = await c.repo.getSubscription('tenant-a', 'sub-1');
      assert.deepEqual([sub?.partnerId, sub?.version], ['7654321', 2]);
      assert.equal((await c.repo.listAudit('tenant-a', 5)).length, 1, 'one change, one audit entry');
      const update = c.updates.at(-1);
      assert.equal(update?.id, 'card-message-1');
      const status = cardTexts(cardOf(update)).at(-1);
      assert.equal(status, c.t('dialogs:common.recordedStatus'));
      assert.match(status ?? '', locale === 'fr' ? /^Enregistré\. / : /^Recorded\. /);
    });


    it('removes the partner after confirmation', async () => {
      const [pick] = await c.say(words.remove);
      await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1' });
      const recorded = await c.say(words.yes);
      assertRecorded(c, locale, recorded, 'remove', 'worldwide', { subscription: 'Microsoft 365 Business Standard', partner: '', previous: 'Contoso Advisors (1234567)' });
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, undefined);
    });

    it('gives a 21Vianet admin the steps on its own "Your products" page, with its link', async () => {
      const vianet = { tenantId: 'tenant-b', userId: 'admin-b', name: 'Li Wei' };
      await c.say(words.change, vianet);
      await c.say('1', vianet);
      await c.say('7654321', vianet);
      const changed = await c.say(words.yes, vianet);
      assertRecorded(c, locale, changed, 'change', '21vianet', { partner: 'Northwind Traders (7654321)', subscription: 'Office 365 E1', previous: '2345678', partnerId: '7654321' });
      assert.ok(cardTexts(cardOf(changed[1])).some((text) => text.includes(locale === 'fr' ? '**Facturation > Vos produits**' : '**Billing > Your products**')));

      await c.say(words.remove, vianet);
      await c.say('1', vianet);
      const removed = await c.say(words.yes, vianet);
      assertRecorded(c, locale, removed, 'remove', '21vianet', { subscription: 'Office 365 E1', partner: '', previous: 'Northwind Traders (7654321)' });
      assert.equal((await c.repo.getSubscription('tenant-b', 'sub-1'))?.partnerId, undefined);
    });

    it('changes nothing when the confirmation is cancelled, and updates the card', async () => {
      const [pick] = await c.say(words.remove);
      const [confirm] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1' });
      const [cancelled] = await c.execute('cancel', actionData(cardOf(confirm), 'cancel'));
      assert.equal(cancelled?.text, c.t('dialogs:common.cancelled'));
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
      const [typedNo] = await c.say(words.no);
      assert.notEqual(typedNo?.text, c.t('dialogs:common.cancelled'), 'the task is over');
    });

    it('says no, typed, changes nothing', async () => {
      await c.say(words.remove);
      await c.say('1');
      const [cancelled] = await c.say(words.no);
      assert.equal(cancelled?.text, c.t('dialogs:common.cancelled'));
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
    });

    it('refuses a stale card: the subscription changed since it was shown', async () => {
      const [pick] = await c.say(words.remove);
      const [confirm] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1' });
      const other = await changePartner(c.repo, 'tenant-a', { id: 'admin-a' }, { kind: 'change', subscriptionId: 'sub-1', expectedVersion: 1, partnerId: '2345678' }, NOW);
      assert.ok(other.ok);
      const replies = await c.execute('confirm', actionData(cardOf(confirm), 'confirm'));
      assert.equal(replies[0]?.text, c.t('errors:change.stale'));
      assert.equal(replies[1]?.text, c.t('dialogs:common.nowHasPartner', { subscription: 'Microsoft 365 Business Standard', partner: '2345678' }));
      assert.match(replies[1]?.text ?? '', locale === 'fr' ? /^Dans mon registre, / : /^In my records, /, 'what the register holds, not Microsoft 365');
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '2345678');
    });

    it('applies a double submit once: the second click is told the card is no longer active', async () => {
      const [pick] = await c.say(words.remove);
      const [confirm] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1' });
      const data = actionData(cardOf(confirm), 'confirm');
      await c.submit(data);
      const [second] = await c.submit(data);
      assert.equal(second?.text, c.t('dialogs:card.notCurrent'));
      assert.equal((await c.repo.listAudit('tenant-a', 5)).length, 1);
    });

    it('ignores a forged submit naming another tenant\'s subscription', async () => {
      const [pick] = await c.say(words.remove);
      const [error] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1-of-b' });
      assert.equal(error?.text, c.t('dialogs:pick.notFound'));
      const [again] = await c.submit({ verb: 'pickSubscription', cardId: 'forged', subscriptionId: 'sub-1' });
      assert.equal(again?.text, c.t('dialogs:card.notCurrent'));
    });

    it('refuses a user who is not an admin, with guidance, and changes nothing', async () => {
      const [refusal] = await c.say(words.add, { tenantId: 'tenant-a', userId: 'someone' });
      assert.equal(refusal?.text, c.t('dialogs:addPartner.notAdmin', { page: c.t('dialogs:common.productsPage.worldwide'), link: 'https://go.microsoft.com/fwlink/p/?linkid=842054' }));
      assert.equal(c.client.dialogTurnResult.status, 'complete');
    });

    it('lets only the person who started a task answer it (group chats)', async () => {
      const [pick] = await c.say(words.remove);
      const [refused] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1' }, { tenantId: 'tenant-a', userId: 'admin-2', name: 'Alex' });
      assert.equal(refused?.text, c.t('dialogs:common.notYourTask'));
      const [confirm] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-1' });
      assert.ok(cardOf(confirm));
    });

    it('says so when the organisation has no subscription at all', async () => {
      const [none] = await c.say(words.add, { tenantId: 'tenant-empty', userId: 'admin-e' });
      assert.equal(none?.text, c.t('dialogs:addPartner.none'));
    });

    it('says when no subscription has a partner to change', async () => {
      await c.say(words.remove);
      await c.say('1');
      await c.say(words.yes);
      const [none] = await c.say(words.change);
      assert.equal(none?.text, c.t('dialogs:changePartner.none'));
    });
  });
}
