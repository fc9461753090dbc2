import assert from 'node:assert/strict';
import { startLoggedBot, type LoggedBot } from '../helpers/bot-process.js';
import { startMicrosoftStandIns, type MicrosoftStandIns } from '../helpers/stand-ins/index.js';

const FABRIKAM = 'fab00000-1111-4222-8333-444455556666';
const NORTHWIND = '0a700000-1111-4222-8333-444455556666';
const LITWARE = '11700000-1111-4222-8333-444455556666';
const GLOBAL_ADMIN = { id: 'ad000000-0000-4000-8000-000000000001', name: 'Megan Bowen' };
const BILLING_ADMIN = { id: 'ad000000-0000-4000-8000-000000000002', name: 'Adele Vance' };
const PLAIN_USER = { id: 'ad000000-0000-4000-8000-000000000003', name: 'Alex Wilber' };

type Person = { readonly id: string; readonly name: string };
type Reply = { readonly text: string; readonly cards: string[] };

// A tenant the bot has never seen, in Teams, with authentication on: the real bot as a child
// process reads the organisation from the Graph stand-in with a token from the sign-in stand-in
// (MSAL), checks the channel's tokens, and replies through the HTTPS connector stand-in.
describe('organisations read from Microsoft Graph, end to end with authentication on', function () {
  this.timeout(60_000);

  let cloud: MicrosoftStandIns;
  let bot: LoggedBot;

  before(async () => {
    cloud = await startMicrosoftStandIns();
    cloud
      .organisation(FABRIKAM, { displayName: 'Fabrikam' })
      .admin(GLOBAL_ADMIN.id)
      .groupAdmin(BILLING_ADMIN.id)
      .user(PLAIN_USER.id)
      .subscription({ id: 'sub-bs', skuPartNumber: 'O365_BUSINESS_PREMIUM' })
      .subscription({ id: 'sub-bp', skuPartNumber: 'SPB', resellerTenantId: NORTHWIND })
      .subscription({ id: 'sub-e3', skuPartNumber: 'ENTERPRISEPACK', status: 'Deleted' });
    cloud.organisation(NORTHWIND, { displayName: 'Northwind Traders' });
    cloud.organisation(LITWARE, { displayName: 'Litware', consent: 'missingServicePrincipal' });
    bot = await startLoggedBot(cloud.botEnv());
  });

  after(async () => {
    await bot?.stop();
    await cloud?.close();
  });

  let counter = 0;
  const turns = () => bot.turns();

  /** Sends a Teams message as `who` of `tenantId`, waits for its turn, and returns what reached the connector. */
  const say = async (tenantId: string, who: Person, text: string, locale: string): Promise<Reply[]> => {
    counter += 1;
    const before = { turns: turns(), calls: cloud.connector.calls.length };
    const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: cloud.channelAuthorization() },
      body: JSON.stringify({
        type: 'message',
        id: `graph-activity-${counter}`,
        channelId: 'msteams',
        serviceUrl: cloud.connector.url,
        text,
        locale,
        timestamp: new Date().toISOString(),
        conversation: { id: `a:${tenantId}-${who.id}-${locale}`, conversationType: 'personal', tenantId },
        from: { id: `29:${who.id}`, name: who.name, aadObjectId: who.id },
        recipient: { id: `28:${cloud.bot.appId}`, name: 'Partner Bot' },
        channelData: { tenant: { id: tenantId } },
      }),
    });
    await response.arrayBuffer();
    assert.equal(response.status, 200);
    await bot.turnAfter(before.turns);
    return cloud.connector.calls
      .slice(before.calls)
      .filter((c) => c.method === 'POST' && c.body.type === 'message')
      .map((c) => ({
        text: String(c.body.text ?? ''),
        cards: ((c.body.attachments as Array<{ content?: unknown }> | undefined) ?? []).map((a) => JSON.stringify(a.content ?? '')),
      }));
  };
  const all = (replies: Reply[]) => replies.map((r) => `${r.text} ${r.cards.join(' ')}`).join('\n');

  const FLOWS = [
    {
      locale: 'en-US',
      who: GLOBAL_ADMIN,
      add: 'add a partner',
      confirm: 'yes',
      recorded: /^Recorded: in my records, 1234567 is now the partner of record of Microsoft 365 Business Standard\./,
    },
    {
      locale: 'fr-FR',
      who: BILLING_ADMIN,
      add: 'ajouter un partenaire',
      confirm: 'oui',
      recorded: /^Enregistré\u00a0: dans mon registre, 1234567 est maintenant le partenaire de référence de Microsoft 365 Business Premium\./,
    },
  ];

  it('lists the tenant\'s own subscriptions by product name, lets a Global Administrator record a change and says how to apply it', async () => {
    const { locale, who, add, confirm, recorded } = FLOWS[0]!;
    const pick = await say(FABRIKAM, who, add, locale);
    const shown = all(pick);
    assert.match(shown, /Microsoft 365 Business Standard/);
    assert.match(shown, /Microsoft 365 Business Premium/);
    assert.doesNotMatch(shown, /Office 365 E3/, 'a deleted subscription is not offered');
    await say(FABRIKAM, who, 'business standard', locale);
    await say(FABRIKAM, who, '1234567', locale);
    const done = await say(FABRIKAM, who, confirm, locale);
    assert.match(done.map((r) => r.text).join('\n'), recorded);
    assert.match(all(done), /admin\.microsoft\.com|go\.microsoft\.com\/fwlink/, 'the admin-center link to apply it');
    const reads = cloud.graph.requests.filter((r) => r.tenantId === FABRIKAM && r.path.startsWith('/v1.0/directory/subscriptions'));
    assert.equal(reads.length, 1, 'read once on first contact, then kept');
  });

  it('lets a Billing Administrator (through a group) do the same, in French', async () => {
    const { locale, who, add, confirm, recorded } = FLOWS[1]!;
    await say(FABRIKAM, who, add, locale);
    await say(FABRIKAM, who, 'business premium', locale);
    await say(FABRIKAM, who, '1234567', locale);
    const done = await say(FABRIKAM, who, confirm, locale);
    assert.match(done.map((r) => r.text).join('\n'), recorded);
  });

  it('refuses a user without an admin role, in both languages', async () => {
    const en = await say(FABRIKAM, PLAIN_USER, 'remove partner', 'en-US');
    assert.match(en[0]!.text, /^Only an admin of your organisation can remove a partner/);
    const fr = await say(FABRIKAM, PLAIN_USER, 'supprimer le partenaire', 'fr-FR');
    assert.match(fr[0]!.text, /^Seul un administrateur/);
    assert.equal(en.length + fr.length, 2, 'no card to act on');
  });

  it('asks for consent where none was given, with the admin-consent link, in both languages', async () => {
    const link = `${cloud.signIn.url}/${LITWARE}/adminconsent?client_id=${cloud.bot.appId}`;
    const en = await say(LITWARE, GLOBAL_ADMIN, 'show my partners', 'en-US');
    assert.equal(en.length, 1);
    assert.match(en[0]!.text, /^I can't read your organisation in Microsoft 365 yet/);
    assert.ok(en[0]!.text.includes(`(${link})`), en[0]!.text);
    const fr = await say(LITWARE, GLOBAL_ADMIN, 'afficher mes partenaires', 'fr-FR');
    assert.match(fr[0]!.text, /^Je ne peux pas encore lire votre organisation dans Microsoft 365/);
    assert.ok(fr[0]!.text.includes(`(${link})`), fr[0]!.text);
  });

  it('shows the reseller that sold a subscription, named from its tenant, as read from Microsoft 365', async () => {
    const replies = await say(FABRIKAM, PLAIN_USER, 'show my partners', 'en-US');
    const shown = all(replies);
    assert.match(shown, /Northwind Traders/);
    assert.match(shown, /read from Microsoft 365/);
  });
});
