import assert from 'node:assert/strict';
import type { OrganisationProfile } from '../../src/domain/organisation.js';
import { LOCALES, type Locale } from '../../src/i18n/resolve-locale.js';
import { cardOf, cardTexts, NOW, openConversation, type Conversation } from '../helpers/conversation.js';
import { TestDirectory } from '../helpers/directory.js';

const TENANT = '4a1f6c1e-0000-4000-8000-00000000000a';
const ADMIN = { tenantId: TENANT, userId: '0b5c1d2e-0000-4000-8000-0000000000a1', name: 'Megan Bowen' };
const USER = { tenantId: TENANT, userId: '0b5c1d2e-0000-4000-8000-0000000000a2', name: 'Alex Wilber' };
const profile: OrganisationProfile = {
  name: 'Fabrikam',
  subscriptions: [
    { id: 'sub-e3', name: 'Office 365 E3', status: 'enabled', resellerTenantId: '9e8d7c6b-0000-4000-8000-0000000000f1' },
    { id: 'sub-bs', name: 'Microsoft 365 Business Standard', status: 'enabled' },
    { id: 'sub-gone', name: 'Power BI Pro', status: 'deleted' },
  ],
  resellers: [{ tenantId: '9e8d7c6b-0000-4000-8000-0000000000f1', name: 'Northwind Traders' }],
};

const ASK: Record<Locale, { add: string; view: string; refresh: string }> = {
  en: { add: 'add a partner', view: 'show my partners', refresh: 'refresh' },
  fr: { add: 'ajouter un partenaire', view: 'afficher mes partenaires', refresh: 'actualiser' },
};
const SAYS: Record<Locale, { noConsent: RegExp; unavailable: RegExp; refreshed: RegExp; notAdmin: RegExp }> = {
  en: {
    noConsent: /^I can't read your organisation in Microsoft 365 yet: .*\[allow partner-bot\]\(https:\/\/login\.example\.test\/4a1f6c1e-0000-4000-8000-00000000000a\/adminconsent\?client_id=app\)\. It lets the bot read your organisation's name and subscriptions, who holds the Global or Billing Administrator role/,
    unavailable: /^Microsoft 365 isn't answering right now, .* Nothing was changed\./,
    refreshed: /^I read your organisation again from Microsoft 365: 3 subscriptions, 2 of them active\.$/,
    notAdmin: /Only an admin/i,
  },
  fr: {
    noConsent: /^Je ne peux pas encore lire votre organisation dans Microsoft 365\u00a0: .*\[autoriser partner-bot\]\(https:\/\/login\.example\.test\/4a1f6c1e-0000-4000-8000-00000000000a\/adminconsent\?client_id=app\)\. Le bot pourra lire le nom et les abonnements de votre organisation/,
    unavailable: /^Microsoft 365 ne répond pas pour le moment\u00a0: .* Rien n'a été modifié\./,
    refreshed: /^J'ai relu votre organisation dans Microsoft 365\u00a0: 3 abonnements, dont 2 actifs\.$/,
    notAdmin: /administrateur/i,
  },
};

for (const locale of LOCALES) {
  describe(`an organisation read from Microsoft 365 (${locale})`, () => {
    let c: Conversation;
    let directory: TestDirectory;
    beforeEach(async () => {
      directory = new TestDirectory();
      directory.profiles.set(TENANT, profile);
      directory.admins.set(TENANT, new Set([ADMIN.userId]));
      c = await openConversation(locale, { who: ADMIN, graph: { source: directory, cloud: 'worldwide', refreshMs: 3_600_000, clock: () => NOW } });
    });
    afterEach(() => c.close());

    it('is read on its first request: the pick card lists its active subscriptions by product name', async () => {
      const replies = await c.say(ASK[locale].add);
      const texts = cardTexts(cardOf(replies.at(-1)));
      assert.ok(texts.some((t) => t.includes('Office 365 E3')), texts.join(' | '));
      assert.ok(texts.some((t) => t.includes('Microsoft 365 Business Standard')), texts.join(' | '));
      assert.ok(!texts.some((t) => t.includes('Power BI Pro')), 'a deleted subscription is not offered');
      assert.equal(directory.reads, 1);
      assert.equal((await c.repo.getTenant(TENANT))?.name, 'Fabrikam');
    });

    it('asks for consent, with the link an admin uses and what it grants, and keeps nothing', async () => {
      directory.failing.set(TENANT, 'noConsent');
      for (const who of [ADMIN, USER]) {
        const replies = await c.say(ASK[locale].view, who);
        assert.equal(replies.length, 1);
        assert.match(String(replies[0]!.text), SAYS[locale].noConsent);
      }
      assert.equal(await c.repo.getTenant(TENANT), undefined);
    });

    it('says Microsoft 365 is out of reach when it never read the organisation', async () => {
      directory.failing.set(TENANT, 'unavailable');
      const replies = await c.say(ASK[locale].add);
      assert.match(String(replies[0]!.text), SAYS[locale].unavailable);
    });

    it('reads it again on "refresh" and says what it found', async () => {
      await c.say(ASK[locale].view);
      const replies = await c.say(ASK[locale].refresh);
      assert.match(String(replies[0]!.text), SAYS[locale].refreshed);
      assert.equal(directory.reads, 2);
    });

    it('shows the change flow only to a holder of an admin role', async () => {
      const replies = await c.say(ASK[locale].add, USER);
      assert.match(String(replies[0]!.text), SAYS[locale].notAdmin);
      assert.equal(cardOf(replies.at(-1)), undefined);
    });
  });
}
