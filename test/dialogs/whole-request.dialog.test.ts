import assert from 'node:assert/strict';
import type { Seed } from '../../src/domain/seed-file.js';
import { LOCALES, type Locale } from '../../src/i18n/resolve-locale.js';
import { actionData, cardOf, cardTexts, openConversation, type Conversation } from '../helpers/conversation.js';

/** One organisation with two E3 plans, and a partner directory that knows Fourth Coffee. */
const SEED: Seed = {
  partners: [
    { id: '1234567', name: 'Contoso Advisors' },
    { id: '7654321', name: 'Northwind Traders' },
    { id: '3456789', name: 'Fourth Coffee' },
  ],
  tenants: [
    {
      id: 'tenant-a',
      name: 'Fabrikam',
      cloud: 'worldwide',
      admins: ['admin-a'],
      subscriptions: [
        { id: 'sub-1', name: 'Microsoft 365 Business Standard', partnerId: '1234567' },
        { id: 'sub-2', name: 'Office 365 E3' },
        { id: 'sub-3', name: 'Microsoft 365 E3', partnerId: '7654321' },
        { id: 'sub-4', name: 'Power BI Pro', partnerId: '1234567' },
      ],
      relationships: [],
      offers: [],
    },
  ],
};

const SAY: Record<Locale, Record<string, string>> = {
  en: {
    changeAll: 'change the partner of Business Standard to 2345678',
    addAll: 'put 2345678 as partner on Office 365 E3',
    pointAt: 'point Power BI at a new partner',
    byName: 'switch E3 to Fourth Coffee',
    ambiguous: 'add partner 2345 678 to E3',
    ambiguousNoId: 'add a partner to E3',
    more: 'the office 365 e3 one, partner 2345678',
    missing: 'remove the partner from Dynamics 365 Sales',
    noPartner: 'change the partner of Office 365 E3 to 2345678',
    yes: 'yes',
  },
  fr: {
    changeAll: 'changer le partenaire de Business Standard pour 2345678',
    addAll: 'mettre 2345678 comme partenaire sur Office 365 E3',
    pointAt: 'pointer Power BI vers un nouveau partenaire',
    byName: 'basculer E3 vers Fourth Coffee',
    ambiguous: 'ajouter le partenaire 2345-678 à E3',
    ambiguousNoId: 'ajouter un partenaire à E3',
    more: "l'Office 365 E3, partenaire 2345678",
    missing: 'supprimer le partenaire de Dynamics 365 Sales',
    noPartner: "changer le partenaire de l'abonnement Office 365 E3 pour 2345678",
    yes: 'oui',
  },
};

for (const locale of LOCALES) {
  describe(`whole requests (${locale})`, () => {
    let c: Conversation;
    const words = SAY[locale];
    beforeEach(async () => {
      c = await openConversation(locale, { seed: SEED });
    });
    afterEach(() => c.close());

    const confirmCard = (reply: Parameters<typeof cardOf>[0], kind: string) => {
      const texts = cardTexts(cardOf(reply));
      assert.ok(texts.includes(c.t(`cards:confirmChange.title.${kind}`)), `a confirmation of ${kind}: ${texts.join(' | ')}`);
      return texts;
    };

    it('goes straight to the confirmation when a change names everything, and records it on yes', async () => {
      const [confirm, ...more] = await c.say(words.changeAll!);
      assert.deepEqual(more, []);
      const facts = confirmCard(confirm, 'change');
      assert.ok(facts.includes('Microsoft 365 Business Standard') && facts.includes('Contoso Advisors (1234567)'));
      assert.ok(facts.includes('2345678'));
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567', 'nothing before the confirmation');
      await c.say(words.yes!);
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '2345678');
    });

    it('goes straight to the confirmation when an add names everything', async () => {
      const [confirm] = await c.say(words.addAll!);
      const facts = confirmCard(confirm, 'add');
      assert.ok(facts.includes('Office 365 E3') && facts.includes('2345678'));
    });

    it('asks only what is missing: the Partner ID of the subscription named', async () => {
      const [ask] = await c.say(words.pointAt!);
      assert.equal(ask?.text, c.t('dialogs:changePartner.askId', { subscription: 'Power BI Pro', current: 'Contoso Advisors (1234567)' }));
    });

    it('takes a partner by the name the directory knows, and a subscription only one of those with a partner has', async () => {
      const [confirm] = await c.say(words.byName!);
      const facts = confirmCard(confirm, 'change');
      assert.ok(facts.includes('Microsoft 365 E3') && facts.includes('Fourth Coffee (3456789)'), facts.join(' | '));
    });

    it('asks among the matching subscriptions only, then goes on with the Partner ID given first (by card)', async () => {
      const [several, pick] = await c.say(words.ambiguous!);
      assert.equal(several?.text, c.t('dialogs:pick.several'));
      const choices = cardTexts(cardOf(pick));
      assert.ok(choices.some((x) => x.includes('Office 365 E3')) && choices.some((x) => x.includes('Microsoft 365 E3')));
      assert.ok(!choices.some((x) => x.includes('Business Standard') || x.includes('Power BI')), 'only the matching ones');
      const [confirm] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-2' });
      const facts = confirmCard(confirm, 'add');
      assert.ok(facts.includes('Office 365 E3') && facts.includes('2345678'));
    });

    it('fills the following steps from an answer that says more (by typing)', async () => {
      await c.say(words.ambiguousNoId!);
      const [confirm] = await c.say(words.more!);
      const facts = confirmCard(confirm, 'add');
      assert.ok(facts.includes('Office 365 E3') && facts.includes('2345678'));
    });

    it('says when the subscription named is not there, with the list', async () => {
      const [said, pick] = await c.say(words.missing!);
      assert.equal(said?.text, c.t('dialogs:pick.notNamed'));
      assert.ok(cardTexts(cardOf(pick)).includes(c.t('cards:pickSubscription.intro.remove')));
    });

    it('adds where a change names a subscription without a partner', async () => {
      const [said, confirm] = await c.say(words.noPartner!);
      assert.equal(said?.text, c.t('dialogs:pick.noPartnerToChange', { subscription: 'Office 365 E3' }));
      const facts = confirmCard(confirm, 'add');
      assert.ok(facts.includes('2345678'));
    });

    it('offers the two most likely tasks when unsure, and a click starts one', async () => {
      const [card] = await c.say(locale === 'fr' ? 'notre partenaire sur Power BI' : 'our partner for Power BI');
      const texts = cardTexts(cardOf(card));
      assert.equal(texts[0], c.t('cards:didYouMean.title'));
      assert.equal(texts.length, 3, texts.join(' | '));
      const [task] = texts.slice(1);
      const intent = Object.entries(c.t.tree('cards:didYouMean.task')).find(([, title]) => title === task)?.[0];
      assert.ok(intent, `a task of the list: ${task}`);
      const replies = await c.submit(actionData(cardOf(card), 'start'));
      assert.ok(replies.length > 0);
    });
  });
}
