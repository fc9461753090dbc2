import assert from 'node:assert/strict';
import { fail, ok } from '../../src/domain/result.js';
import { LOCALES, type Locale } from '../../src/i18n/resolve-locale.js';
import { actionData, cardOf, cardTexts, openConversation, type Conversation } from '../helpers/conversation.js';
import { testSeed } from '../helpers/seed-data.js';

const ASK: Record<Locale, Record<string, string>> = {
  en: { view: 'show my partners', reseller: 'remove my reseller', purchase: 'add a partner when buying', offer: 'accept a partner offer', add: 'add partner', history: 'what changed?', help: 'help', cancel: 'cancel', other: 'français', yes: 'yes', remove: 'remove partner' },
  fr: { view: 'afficher mes partenaires', reseller: 'supprimer mon revendeur', purchase: "ajouter un partenaire à l'achat", offer: 'accepter une offre de partenaire', add: 'ajouter un partenaire', history: "qu'est-ce qui a changé ?", help: 'aide', cancel: 'annuler', other: 'English', yes: 'oui', remove: 'supprimer le partenaire' },
};
const VIANET = { tenantId: 'tenant-b', userId: 'admin-b', name: 'Li Wei' };
/** Where the relationship view says its facts come from, in the user's language. */
const SOURCES: Record<Locale, Record<'seed' | 'microsoft365' | 'register', RegExp>> = {
  en: {
    seed: /^Subscriptions and reseller relationships: from your organisation's data as loaded into me, not read from Microsoft 365\.$/,
    microsoft365: /^Subscriptions and reseller relationships: read from Microsoft 365\.$/,
    register: /^Partners of record, .*: recorded here by me, not read from Microsoft 365\./,
  },
  fr: {
    seed: /^Abonnements et relations de revendeur\u00a0: issus des données de votre organisation telles qu'elles m'ont été chargées, et non lus dans Microsoft 365\.$/,
    microsoft365: /^Abonnements et relations de revendeur\u00a0: lus dans Microsoft 365\.$/,
    register: /^Partenaires de référence .*\u00a0: enregistrés ici par moi, et non lus dans Microsoft 365\./,
  },
};
/** What a recorded answer begins with, in the user's language. */
const RECORDED: Record<Locale, RegExp> = { en: /^Recorded: in my records, /, fr: /^Enregistré\u00a0: dans mon registre, / };
/** Where the article says a 21Vianet partner is authorized: from the link in its e-mail. */
const AUTHORIZED_FROM_EMAIL: Record<Locale, RegExp> = {
  en: /not authorize the partner yet: .* authorized in Office 365, from the link in the e-mail/,
  fr: /pas encore autorisé .* s'autorise dans Office 365, depuis le lien de l'e-mail/,
};

for (const locale of LOCALES) {
  describe(`other tasks (${locale})`, () => {
    let c: Conversation;
    const words = ASK[locale]!;
    beforeEach(async () => {
      c = await openConversation(locale);
    });
    afterEach(() => c.close());

    it('lists every relationship with its type, partner and subscriptions', async () => {
      const [reply] = await c.say(words.view!);
      const shown = cardTexts(cardOf(reply));
      assert.ok(shown.includes(c.t('cards:relationships.title')));
      assert.ok(shown.includes('Contoso Advisors (1234567)'));
      assert.ok(shown.includes(c.t('cards:relationships.types.advisor')));
      assert.ok(shown.includes(c.t('cards:relationships.subscriptions', { names: 'Microsoft 365 Business Standard' })));
      assert.ok(shown.includes('Northwind Traders (7654321)'));
      assert.ok(shown.includes(c.t('cards:relationships.types.reseller')));
      assert.ok(!shown.includes(c.t('cards:relationships.empty')));
    });

    it('says where the facts of a seeded organisation come from: its data as loaded, and the partners of record recorded here', async () => {
      const [reply] = await c.say(words.view!);
      const sources = cardTexts(cardOf(reply)).slice(-4, -1);
      assert.deepEqual(sources, [
        c.t('cards:relationships.sources.title'),
        c.t('cards:relationships.sources.organisation.seed'),
        c.t('cards:relationships.sources.register'),
      ]);
      assert.match(sources[1]!, SOURCES[locale].seed);
      assert.match(sources[2]!, SOURCES[locale].register);
    });

    it('says subscriptions and resellers come from Microsoft 365 when the organisation\'s record does, partners of record still from here', async () => {
      await c.repo.update('tenant-a', (record) =>
        record ? ok({ record: { ...record, tenant: { ...record.tenant, source: 'microsoft365' as const } }, value: undefined }) : fail('tenantUnknown'),
      );
      const [reply] = await c.say(words.view!);
      const shown = cardTexts(cardOf(reply));
      assert.deepEqual(shown.slice(-4, -1), [
        c.t('cards:relationships.sources.title'),
        c.t('cards:relationships.sources.organisation.microsoft365'),
        c.t('cards:relationships.sources.register'),
      ]);
      assert.match(shown.at(-3)!, SOURCES[locale].microsoft365);
      assert.ok(!shown.includes(c.t('cards:relationships.sources.organisation.seed')));
      assert.ok(shown.includes('Contoso Advisors (1234567)'), 'the same relationships');
    });

    it(`says "${locale === 'fr' ? "Il n'y a rien ici." : "There's nothing here."}" when there is no relationship, and nothing more`, async () => {
      const [reply] = await c.say(words.view!, { tenantId: 'tenant-nobody', userId: 'x' });
      assert.ok(cardTexts(cardOf(reply)).includes(locale === 'fr' ? "Il n'y a rien ici." : "There's nothing here."));
      assert.deepEqual(cardTexts(cardOf(reply)), [c.t('cards:relationships.title'), c.t('cards:relationships.empty'), c.t('cards:relationships.open')]);
    });

    it('explains that only the reseller can remove a reseller relationship, and changes nothing', async () => {
      const before = await c.repo.listRelationships('tenant-a');
      const [reply] = await c.say(words.reseller!);
      const shown = cardTexts(cardOf(reply));
      assert.ok(shown.includes(c.t('cards:reseller.cannot.worldwide')));
      assert.ok(shown.includes('- Northwind Traders (7654321)'));
      assert.ok(shown.includes(c.t('cards:reseller.partnerCenter')));
      assert.ok(JSON.stringify(cardOf(reply)).includes('https://learn.microsoft.com/partner-center/customers/remove-a-relationship'));
      assert.deepEqual(await c.repo.listRelationships('tenant-a'), before);
      assert.equal((await c.repo.listAudit('tenant-a', 5)).length, 0);
    });

    it('uses the 21Vianet wording for a reseller in a 21Vianet tenant', async () => {
      const [reply] = await c.say(words.reseller!, VIANET);
      const shown = cardTexts(cardOf(reply));
      assert.ok(shown.includes(c.t('cards:reseller.cannot.21vianet')));
      assert.ok(shown.includes(c.t('cards:reseller.noneKnown')));
    });

    it('guides a purchase-time partner and checks the ID the admin will type', async () => {
      const [guide] = await c.say(words.purchase!);
      const card = cardOf(guide);
      assert.ok(cardTexts(card).includes(c.t('cards:purchase.steps')));
      assert.ok(JSON.stringify(card).includes('https://go.microsoft.com/fwlink/p/?linkid=868433'));
      const [bad] = await c.submit({ ...actionData(card, 'checkPartnerId'), partnerId: '12' });
      assert.equal(bad?.text, c.t('errors:partnerId.tooShort'));
      const [good] = await c.submit({ ...actionData(card, 'checkPartnerId'), partnerId: '1234567' });
      assert.equal(good?.text, c.t('dialogs:purchase.idKnown', { name: 'Contoso Advisors', id: '1234567' }));
    });

    it('explains that in 21Vianet the partner initiates, then lists the pending offer', async () => {
      const replies = await c.say(words.add!, VIANET);
      assert.equal(replies[0]?.text, c.t('dialogs:addPartner.partnerInitiated'));
      assert.equal(replies[1]?.text, c.t('dialogs:offers.intro', { count: 1 }));
      assert.ok(cardTexts(cardOf(replies[2])).includes(c.t('cards:offerTerms.question')));
    });

    it('accepts a 21Vianet offer: Yes, Next, delegated admin and the trial subscription', async () => {
      const replies = await c.say(words.offer!, VIANET);
      const terms = cardOf(replies.at(-1));
      assert.ok(cardTexts(terms).includes('Shanghai Partner (2345678)'));
      const [required] = await c.execute('offerNext', actionData(terms, 'offerNext'), VIANET);
      assert.equal(required?.text, c.t('dialogs:offers.chooseYesNo'));
      const done = await c.execute('offerNext', { ...actionData(terms, 'offerNext'), authorize: 'yes' }, VIANET);
      assert.equal(done[0]?.text, c.t('dialogs:offers.recorded', { partner: 'Shanghai Partner (2345678)' }));
      assert.match(done[0]?.text ?? '', RECORDED[locale]);
      assert.match(done[0]?.text ?? '', AUTHORIZED_FROM_EMAIL[locale]);
      assert.equal(done[1]?.text, c.t('dialogs:offers.created.trial', { product: 'Office 365 E3' }));
      const steps = cardOf(done[2]);
      const shown = cardTexts(steps);
      assert.deepEqual(shown, [
        c.t('cards:applySteps.title.acceptOffer'),
        c.t('cards:applySteps.steps.acceptOffer.trial', { partner: 'Shanghai Partner (2345678)', product: 'Office 365 E3' }),
      ]);
      assert.equal(shown[1]?.split('\n').length, 4, "the article's four steps, the last for the trial");
      assert.ok(shown[1]?.includes('Shanghai Partner (2345678)') && shown[1].includes('**Office 365 E3**'));
      assert.ok(!JSON.stringify(steps).includes('Action.'), "the authorization link is the e-mail's, not the card's");
      assert.equal(done.length, 3);
      const relationships = await c.repo.listRelationships('tenant-b');
      assert.ok(relationships.some((r) => r.type === 'delegatedAdmin' && r.partnerId === '2345678'));
      assert.ok((await c.repo.listSubscriptions('tenant-b')).some((s) => s.name === 'Office 365 E3' && s.partnerId === '2345678'));
      const [none] = await c.say(words.offer!, VIANET);
      assert.equal(none?.text, c.t('dialogs:offers.none'));
    });

    it('says an offer accepted by Action.Submit is recorded, on the answered card too; an offer alone has three steps', async () => {
      await c.close();
      c = await openConversation(locale, {
        seed: { ...testSeed, tenants: testSeed.tenants.map((t) => (t.id === 'tenant-b' ? { ...t, offers: [{ id: 'offer-2', partnerId: '3456789', partnerName: 'Beijing Cloud Services' }] } : t)) },
      });
      const replies = await c.say(words.offer!, VIANET);
      const terms = cardOf(replies.at(-1));
      assert.ok(cardTexts(terms).includes(c.t('cards:offerTerms.terms')));
      const done = await c.submit({ ...actionData(terms, 'offerNext'), authorize: 'yes' }, VIANET);
      assert.equal(done[0]?.text, c.t('dialogs:offers.recorded', { partner: 'Beijing Cloud Services (3456789)' }));
      assert.match(done[0]?.text ?? '', RECORDED[locale]);
      const steps = cardTexts(cardOf(done[1]));
      assert.equal(steps[1], c.t('cards:applySteps.steps.acceptOffer.none', { partner: 'Beijing Cloud Services (3456789)', product: '' }));
      assert.equal(steps[1]?.split('\n').length, 3);
      assert.equal(done.length, 2, 'no subscription came with it');
      const status = cardTexts(cardOf(c.updates.at(-1))).at(-1);
      assert.equal(status, c.t('dialogs:offers.recordedStatus'));
      assert.match(status ?? '', locale === 'fr' ? /^Enregistré\. / : /^Recorded\. /);
      assert.equal((await c.repo.listOffers('tenant-b'))[0]?.status, 'accepted');
    });

    it('leaves the offer pending when the admin answers No', async () => {
      await c.say(words.offer!, VIANET);
      const [declined] = await c.say(locale === 'fr' ? 'non' : 'no', VIANET);
      assert.equal(declined?.text, c.t('dialogs:offers.notAccepted'));
      assert.equal((await c.repo.listOffers('tenant-b'))[0]?.status, 'pending');
    });

    it('tells a worldwide admin that offers are for 21Vianet', async () => {
      const [reply] = await c.say(words.offer!);
      assert.equal(reply?.text, c.t('dialogs:offers.worldwide'));
    });

    it('shows recent changes with who made them', async () => {
      const [none] = await c.say(words.history!);
      assert.equal(none?.text, c.t('dialogs:history.none'));
      await c.say(words.remove!);
      await c.say('1');
      await c.say(words.yes!);
      const [history] = await c.say(words.history!);
      const shown = cardTexts(cardOf(history));
      assert.ok(shown.includes(c.t('cards:history.actions.remove', { before: '1234567', subscription: 'Microsoft 365 Business Standard' })));
      assert.ok(shown.some((line) => line.startsWith('Megan Bowen · ')));
    });

    it('shows help in the middle of a task, then asks the same question again', async () => {
      await c.say(words.add!);
      await c.say('2');
      const replies = await c.say(words.help!);
      assert.ok(cardTexts(cardOf(replies[0])).includes(c.t('cards:help.before.worldwide')));
      assert.equal(replies[1]?.text, c.t('dialogs:addPartner.askId', { subscription: 'Office 365 E3', current: '' }));
      const [confirm] = await c.say('7654321');
      assert.ok(cardOf(confirm), 'the task goes on');
    });

    it('cancels a task at any step and changes nothing', async () => {
      await c.say(words.remove!);
      await c.say('1');
      const [cancelled] = await c.say(words.cancel!);
      assert.equal(cancelled?.text, c.t('dialogs:common.cancelled'));
      assert.notEqual(c.client.dialogTurnResult.status, 'waiting', 'no task waits for an answer');
      assert.equal((await c.repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
    });

    it('switches language mid-task, asks again in the new language, and remembers it', async () => {
      const other: Locale = locale === 'fr' ? 'en' : 'fr';
      await c.say(words.add!);
      await c.say('2');
      const [switched, again] = await c.say(words.other!);
      assert.equal(switched?.text, (await import('../helpers/conversation.js')).texts.translator(other)('dialogs:language.switched'));
      const t2 = (await import('../helpers/conversation.js')).texts.translator(other);
      assert.equal(again?.text, t2('dialogs:addPartner.askId', { subscription: 'Office 365 E3', current: '' }));
      const [confirm] = await c.say('7654321');
      assert.ok(cardTexts(cardOf(confirm)).includes(t2('cards:confirmChange.title.add')), 'later turns too');
    });

    it('switches to the other language when asked to change language without naming one', async () => {
      const other: Locale = locale === 'fr' ? 'en' : 'fr';
      const t2 = (await import('../helpers/conversation.js')).texts.translator(other);
      const [switched] = await c.say(locale === 'fr' ? 'changer de langue' : 'change language');
      assert.equal(switched?.text, t2('dialogs:language.switched'));
      const [back] = await c.say(other === 'fr' ? 'changer de langue' : 'change language');
      assert.equal(back?.text, c.t('dialogs:language.switched'));
    });

    it('switches to another task when asked in the middle of one', async () => {
      await c.say(words.add!);
      const [view] = await c.say(words.view!);
      assert.ok(cardTexts(cardOf(view)).includes(c.t('cards:relationships.title')));
    });

    it('answers what it does not understand with the menu card, in the user\'s language', async () => {
      const [sorry, menu] = await c.say('blah blah');
      assert.equal(sorry?.text, c.t('dialogs:main.notUnderstood'));
      assert.ok(cardTexts(cardOf(menu)).includes(c.t('cards:welcome.add')));
    });

    it('starts a task from the menu card', async () => {
      const [pick] = await c.submit({ verb: 'start', intent: 'removePartner' });
      assert.ok(cardTexts(cardOf(pick)).includes(c.t('cards:pickSubscription.intro.remove')));
    });

    it('says an old card is no longer active when clicked outside its task', async () => {
      const [reply] = await c.execute('confirm', { verb: 'confirm', cardId: 'from-last-week' });
      assert.equal(reply?.text, c.t('dialogs:card.notCurrent'));
    });
  });
}
