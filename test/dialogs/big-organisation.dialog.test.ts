import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { AuditEntry } from '../../src/domain/model.js';
import { ok } from '../../src/domain/result.js';
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

const ASK: Record<Locale, { add: string; change: string; view: string; history: string }> = {
  en: { add: 'add a partner', change: 'change partner', view: 'show my partners', history: 'what changed?' },
  fr: { add: 'ajouter un partenaire', change: 'changer de partenaire', view: 'afficher mes partenaires', history: 'historique' },
};

/** `count` changes made over the years, oldest first, written into tenant-a's record at once. */
async function manyChanges(c: Conversation, count: number): Promise<void> {
  const start = Date.parse('2020-01-01T00:00:00Z');
  const entries: AuditEntry[] = Array.from({ length: count }, (_, n) => ({
    at: new Date(start + n * 3_600_000).toISOString(),
    tenantId: 'tenant-a',
    actor: 'admin-a',
    actorName: n % 2 === 0 ? 'Megan Bowen' : 'Patti Fernandez',
    action: 'change',
    subscriptionId: `sub-${(n % 300) + 1}`,
    before: '1234567',
    after: '7654321',
  }));
  const written = await c.repo.update('tenant-a', (record) => ok({ record: { ...record!, audit: [...record!.audit, ...entries] }, value: undefined }));
  assert.ok(written.ok);
}

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
      assert.equal(several?.text, c.t('dialogs:pick.fitsSeveral', { count: lyon.length, names: lyon.slice(0, 5).map((s) => s.name).join(', ') }));
      const [askId] = await c.say('power bi lyon 2');
      assert.equal(askId?.text, c.t('dialogs:changePartner.askId', { subscription: 'Power BI Pro – Lyon 2', current: PARTNER(115) }));
    });

    it('reads a typed number as a place in the list the card shows', async () => {
      await c.say(words.change);
      const [askId] = await c.say('2');
      const second = WITH_PARTNER[1]!;
      assert.equal(askId?.text, c.t('dialogs:changePartner.askId', { subscription: second.name, current: PARTNER(second.i) }));
    });

    it('shows my partners in a short card: a few subscriptions per partner and how many more, then all of them page by page', async () => {
      const [view] = await c.say(words.view);
      const card = cardOf(view);
      assert.ok(sizeOf(view) < TEAMS_MESSAGE_LIMIT, `${sizeOf(view)} bytes`);
      const contoso = NAMES.filter((_, i) => i % 3 === 1);
      const shown = cardTexts(card);
      assert.ok(shown.includes(c.t('cards:relationships.subscriptionsAndMore', { names: contoso.slice(0, 5).join(', '), count: 95 })), shown.join('\n'));
      assert.ok(shown.includes(c.t('cards:relationships.showAll', { count: 100 })));

      const pages: string[][] = [];
      let [page] = await c.submit(actionData(card, 'start'));
      for (;;) {
        assert.ok(sizeOf(page) < TEAMS_MESSAGE_LIMIT, `${sizeOf(page)} bytes`);
        const texts = cardTexts(cardOf(page));
        assert.equal(texts[0], 'Contoso Advisors (1234567)');
        pages.push(texts);
        const next = JSON.stringify(cardOf(page)).includes('"from"') ? actionData(cardOf(page), 'start') : undefined;
        if (!next) break;
        [page] = await c.submit(next);
      }
      assert.deepEqual(
        pages.map((texts) => texts[2]),
        [['1', '40'], ['41', '80'], ['81', '100']].map(([from, to]) => c.t('cards:partnerSubscriptions.range', { count: 100, total: '100', from, to })),
      );
      const listed = pages.flatMap((texts) => texts[3]!.split('\n').map((line) => line.slice(2)));
      assert.deepEqual(listed, contoso);
    });

    it('shows the latest changes of thousands, how many there are, and older ones page by page', async () => {
      await manyChanges(c, 3000);
      const [history] = await c.say(words.history);
      assert.ok(sizeOf(history) < TEAMS_MESSAGE_LIMIT, `${sizeOf(history)} bytes`);
      const number = new Intl.NumberFormat(c.t.locale);
      const texts = cardTexts(cardOf(history));
      assert.equal(texts[1], c.t('cards:history.range', { count: 3000, total: number.format(3000), from: '1', to: '10' }));
      assert.equal(texts[2], c.t('cards:history.actions.change', { subscription: NAMES[2999 % 300], before: '1234567', after: '7654321' }), 'the newest first');
      assert.ok(texts.includes(c.t('cards:history.older')));

      const [older] = await c.submit(actionData(cardOf(history), 'start'));
      const olderTexts = cardTexts(cardOf(older));
      assert.equal(olderTexts[1], c.t('cards:history.range', { count: 3000, total: number.format(3000), from: '11', to: '20' }));
      assert.equal(olderTexts[2], c.t('cards:history.actions.change', { subscription: NAMES[2989 % 300], before: '1234567', after: '7654321' }));
    });
  });
}
