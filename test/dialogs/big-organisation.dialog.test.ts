import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { LOCALES, type Locale } from '../../src/i18n/resolve-locale.js';
import { bigOrganisation } from '../../support/card-samples.js';
import { actionData, cardOf, cardTexts, NOW, openConversation, type Conversation } from '../helpers/conversation.js';
import { bigSeed } from '../helpers/seed-data.js';
import { changePartner } from '../helpers/services.js';

/** What Teams accepts in one message with a card: about 28 KB. */
export const TEAMS_MESSAGE_LIMIT = 28 * 1024;
export const sizeOf = (reply: Partial<Activity> | undefined): number => Buffer.byteLength(JSON.stringify(reply ?? {}), 'utf8');

const NAMES = bigOrganisation(300);
/** Every subscription of the big seed with a partner: what a change applies to (200 of 300). */
const WITH_PARTNER = NAMES.map((name, i) => ({ id: `sub-${i + 1}`, name, i })).filter(({ i }) => i % 3 !== 0);
const PARTNER = (i: number) => (i % 3 === 1 ? 'Contoso Advisors (1234567)' : 'Northwind Traders (7654321)');

/** The subscription input of a pick card. */
function choiceSet(card: unknown): Record<string, unknown> {
  const body = (card as { body: Array<Record<string, unknown>> }).body;
  const inputs = body.filter((e) => e.type === 'Input.ChoiceSet');
  assert.equal(inputs.length, 1, 'one subscription input');
  return inputs[0]!;
}

const ASK: Record<Locale, { add: string; change: string }> = {
  en: { add: 'add a partner', change: 'change partner' },
  fr: { add: 'ajouter un partenaire', change: 'changer de partenaire' },
};

for (const locale of LOCALES) {
  describe(`an organisation with 300 subscriptions (${locale})`, () => {
    let c: Conversation;
    const words = ASK[locale];
    beforeEach(async () => {
      c = await openConversation(locale, { seed: bigSeed(300) });
    });
    afterEach(() => c.close());

    it('asks with a typeahead search in Teams: a filtered list searched through a Data.Query dataset, ten choices listed, under the size limit', async () => {
      const [pick] = await c.say(words.change);
      const card = cardOf(pick);
      const input = choiceSet(card);
      assert.equal(input.style, 'filtered');
      assert.deepEqual(input['choices.data'], { type: 'Data.Query', dataset: 'subscriptions.change' });
      assert.equal(input.placeholder, c.t('cards:pickSubscription.searchPlaceholder'));
      const choices = input.choices as Array<{ title: string; value: string }>;
      assert.equal(choices.length, 10);
      assert.deepEqual(
        choices.map((ch) => ch.title),
        WITH_PARTNER.slice(0, 10).map(({ name, i }) => c.t('cards:pickSubscription.withPartner', { name, partner: PARTNER(i) })),
      );
      assert.ok(cardTexts(card).includes(c.t('cards:pickSubscription.searchHint', { count: 200 })));
      assert.ok(sizeOf(pick) < TEAMS_MESSAGE_LIMIT, `${sizeOf(pick)} bytes`);
    });

    it('lists the subscriptions changed most recently first', async () => {
      await changePartner(c.repo, 'tenant-a', { id: 'admin-a', name: 'Megan Bowen' }, { kind: 'change', subscriptionId: 'sub-299', partnerId: '7654321', expectedVersion: 1 }, NOW);
      const [pick] = await c.say(words.change);
      const choices = choiceSet(cardOf(pick)).choices as Array<{ value: string }>;
      assert.equal(choices[0]?.value, 'sub-299');
      assert.equal(choices.length, 10);
    });

    it('keeps a usable list where there is no typeahead (Emulator, Agents Playground): the ten listed, and how to find the others', async () => {
      const [pick] = await c.send({ type: 'message', text: words.change, serviceUrl: 'http://127.0.0.1:56150/_connector' });
      const card = cardOf(pick);
      const input = choiceSet(card);
      assert.equal(input['choices.data'], undefined, 'no Data.Query where it would empty the list');
      assert.equal((input.choices as unknown[]).length, 10);
      assert.ok(cardTexts(card).includes(c.t('cards:pickSubscription.listHint', { count: 200, shown: 10 })));
    });

    it('continues to the Partner ID question with a subscription found by searching (not among those listed)', async () => {
      const [pick] = await c.say(words.change);
      const [askId] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'sub-299' });
      assert.equal(askId?.text, c.t('dialogs:changePartner.askId', { subscription: NAMES[298], current: PARTNER(298) }));
    });

    it('refuses a subscription of another organisation sent as if chosen on the card', async () => {
      const [pick] = await c.say(words.change);
      const [refused] = await c.submit({ ...actionData(cardOf(pick), 'pickSubscription'), subscriptionId: 'other-2' });
      assert.equal(refused?.text, c.t('dialogs:pick.notFound'));
    });

    it('takes a part of a name, with a typo, that only one subscription has', async () => {
      await c.say(words.add);
      const [askId] = await c.say('defendr LYON 3');
      assert.equal(askId?.text, c.t('dialogs:addPartner.askId', { subscription: 'Microsoft Defender for Office 365 (Plan 2) – Lyon 3', current: '' }));
    });

    it('says how many subscriptions a typed name fits, and names some, when it fits several', async () => {
      await c.say(words.change);
      const [several] = await c.say('lyon');
      const lyon = WITH_PARTNER.filter(({ name }) => name.includes('Lyon'));
      assert.equal(several?.text, c.t('dialogs:pick.several', { count: lyon.length, names: lyon.slice(0, 5).map((s) => s.name).join(', ') }));
      const [askId] = await c.say('power bi lyon 2');
      assert.equal(askId?.text, c.t('dialogs:changePartner.askId', { subscription: 'Power BI Pro – Lyon 2', current: PARTNER(115) }));
    });

    it('reads a typed number as a place in the list the card shows', async () => {
      await c.say(words.change);
      const [askId] = await c.say('2');
      const second = WITH_PARTNER[1]!;
      assert.equal(askId?.text, c.t('dialogs:changePartner.askId', { subscription: second.name, current: PARTNER(second.i) }));
    });
  });
}
