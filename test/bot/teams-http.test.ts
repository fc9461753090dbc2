import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Texts } from '../../src/i18n/i18n.js';
import { OrganisationSourceError } from '../../src/ports/organisation-source.js';
import { StoreWriteError } from '../../src/ports/partner-register.js';
import { LOCALES_DIR } from '../../src/paths.js';
import type { RunningApp } from '../helpers/app.js';
import type { startConnector } from '../helpers/connector.js';
import { actionData, cardTexts } from '../helpers/conversation.js';
import { testSeed } from '../helpers/seed-data.js';
import type { teamsClient } from '../helpers/teams-client.js';
import { startTeamsBot } from '../helpers/teams-bot.js';

const fr = Texts.fromDirectory(LOCALES_DIR).translator('fr');

// A whole change of partner as Teams sends it: Teams-shaped activities through the real restify
// server, replies and card updates received by a local connector at `serviceUrl`.
describe('Teams traffic end to end (HTTP + local connector)', () => {
  let running: Awaited<ReturnType<typeof startTeamsBot>>;
  let bot: RunningApp;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let client: ReturnType<typeof teamsClient>;

  beforeEach(async () => {
    running = await startTeamsBot();
    ({ bot, connector, client } = running);
  });
  afterEach(() => running.stop());

  const send = (fields: Record<string, unknown>) => client.send(fields);
  const sent = () => connector.calls.filter((c) => c.method === 'POST').map((c) => c.body);
  const lastCard = () => {
    const withCard = sent().filter((b) => Array.isArray(b.attachments)).at(-1);
    return (withCard?.attachments as Array<{ content: unknown }>)[0]?.content;
  };

  it('changes a partner in French: card choice, typed ID, Action.Execute confirmation, card updated in place', async () => {
    assert.equal((await send({ type: 'installationUpdate', action: 'add' })).status, 200);
    assert.ok(cardTexts(lastCard()).includes(fr('cards:welcome.title')), 'welcome card on install');

    await send({ type: 'message', text: '<at>Partner Bot</at> changer de partenaire' });
    const pick = lastCard();
    assert.ok(cardTexts(pick).includes(fr('cards:pickSubscription.intro.change')));
    const pickMessageId = `teams-activity-${connector.calls.length}`;

    await send({ type: 'message', replyToId: pickMessageId, value: { ...actionData(pick, 'pickSubscription'), subscriptionId: 'sub-1' } });
    const update = connector.calls.find((c) => c.method === 'PUT');
    assert.ok(update, 'the subscription card is updated in place');
    assert.ok(update.path.endsWith(`/activities/${pickMessageId}`));
    assert.equal(sent().at(-1)?.text, fr('dialogs:changePartner.askId', { subscription: 'Microsoft 365 Business Standard', current: 'Contoso Advisors (1234567)' }));

    await send({ type: 'message', text: '7654321' });
    const confirm = lastCard();
    assert.ok(cardTexts(confirm).includes(fr('cards:confirmChange.title.change')));

    const invoke = await send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'confirm', data: actionData(confirm, 'confirm') }, trigger: 'manual' },
    });
    assert.equal(invoke.status, 200);
    assert.equal(invoke.body?.statusCode, 200);
    assert.equal(invoke.body?.type, 'application/vnd.microsoft.card.adaptive');
    const summary = invoke.body?.value;
    assert.ok(cardTexts(summary).includes(fr('dialogs:common.recordedStatus')));
    assert.ok(!JSON.stringify(summary).includes('Action.'), 'the updated card has no buttons left');
    const [recorded, steps] = sent().slice(-2);
    assert.equal(recorded?.text, fr('dialogs:changePartner.recorded', { partner: 'Northwind Traders (7654321)', subscription: 'Microsoft 365 Business Standard', previous: 'Contoso Advisors (1234567)' }));
    assert.ok(cardTexts(lastCard()).includes(fr('cards:applySteps.title.change')), 'then the steps to apply it in Microsoft 365');
    assert.equal(lastCard(), (steps?.attachments as Array<{ content: unknown }>)[0]?.content);
    assert.equal((await bot.app.repository.getSubscription('tenant-a', 'sub-1'))?.partnerId, '7654321');

    const again = await send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'confirm', data: actionData(confirm, 'confirm') }, trigger: 'manual' },
    });
    assert.equal(again.body?.type, 'application/vnd.microsoft.activity.message');
    assert.equal(again.body?.value, fr('dialogs:card.notCurrent'));
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 1);
  });

  const en = Texts.fromDirectory(LOCALES_DIR).translator('en');
  const wholeRequests = [
    {
      language: 'French',
      t: fr,
      fields: { text: 'changer le partenaire de Business Standard pour 765-4321' },
      kind: 'change',
      subscriptionId: 'sub-1',
    },
    {
      language: 'English',
      t: en,
      fields: { text: 'please add partner 765 4321 to our Office 365 E3 subscription', locale: 'en-US' },
      kind: 'add',
      subscriptionId: 'sub-2',
    },
  ] as const;
  for (const { language, t, fields, kind, subscriptionId } of wholeRequests) {
    it(`takes a whole ${kind} request in ${language} to the confirmation card in one turn, then records it from the card`, async () => {
      const before = sent().length;
      await send({ type: 'message', ...fields });
      const replies = sent().slice(before).filter((b) => b.type === 'message');
      assert.equal(replies.length, 1, JSON.stringify(replies.map((r) => r.text ?? 'card')));
      const confirm = lastCard();
      const texts = cardTexts(confirm);
      assert.ok(texts.includes(t(`cards:confirmChange.title.${kind}`)), texts.join(' | '));
      assert.ok(texts.some((x) => x.includes('7654321')), 'the Partner ID, written with a space or a dash, as digits');
      const invoke = await send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        ...('locale' in fields ? { locale: fields.locale } : {}),
        value: { action: { type: 'Action.Execute', verb: 'confirm', data: actionData(confirm, 'confirm') }, trigger: 'manual' },
      });
      assert.equal(invoke.body?.statusCode, 200);
      assert.ok(cardTexts(invoke.body?.value).includes(t('dialogs:common.recordedStatus')));
      assert.equal((await bot.app.repository.getSubscription('tenant-a', subscriptionId))?.partnerId, '7654321');
    });
  }

  it('shows typing during a slow turn, then answers, and nothing outlives the turn', async () => {
    const list = bot.app.repository.listRelationships.bind(bot.app.repository);
    sinon.stub(bot.app.repository, 'listRelationships').callsFake(async (tenantId: string) => {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      return list(tenantId);
    });
    await send({ type: 'message', text: 'afficher mes partenaires' });
    const types = sent().map((b) => b.type);
    assert.equal(types[0], 'typing');
    assert.ok(cardTexts(lastCard()).includes(fr('cards:relationships.title')));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(sent().length, types.length, 'no typing after the answer');
    assert.equal((await fetch(`${bot.baseUrl}/healthz`)).status, 200);
  });

  it('greets once when Teams sends installationUpdate and conversationUpdate at the same moment', async () => {
    await Promise.all([
      send({ type: 'installationUpdate', action: 'add' }),
      send({ type: 'conversationUpdate', membersAdded: [{ id: '28:partner-bot' }, { id: '29:1abc' }] }),
    ]);
    assert.equal(sent().length, 1);
    assert.ok(cardTexts(lastCard()).includes(fr('cards:welcome.title')));
  });

  it('greets when the bot is added to a team, not when people join the channel later', async () => {
    const channel = { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-a' };
    await send({ type: 'conversationUpdate', conversation: channel, membersAdded: [{ id: '29:newcomer' }] });
    assert.equal(sent().length, 0);
    await send({ type: 'conversationUpdate', conversation: channel, membersAdded: [{ id: '28:partner-bot' }] });
    assert.ok(cardTexts(lastCard()).includes(fr('cards:welcome.title')));
  });

  it('apologizes in the user\'s language on an unexpected error, logs it, and starts over', async () => {
    sinon.stub(bot.app.repository, 'listRelationships').rejects(new Error('disk on fire'));
    await send({ type: 'message', text: 'afficher mes partenaires' });
    assert.equal(sent().at(-1)?.text, fr('errors:generic'));
    const logged = bot.logs.find((l) => l.msg === 'unhandled error in turn');
    assert.ok(logged && JSON.stringify(logged).includes('disk on fire'));
    assert.equal(bot.logs.filter((l) => l.msg === 'turn').at(-1)?.outcome, 'error');
    sinon.restore();
    await send({ type: 'message', text: 'afficher mes partenaires' });
    assert.ok(cardTexts(lastCard()).includes(fr('cards:relationships.title')), 'the next turn works');
  });

  it('says Microsoft 365 is out of reach, in the user\'s language, when it stops answering in the middle of a turn', async () => {
    sinon.stub(bot.app.repository, 'listRelationships').rejects(new OrganisationSourceError('unavailable', 'Microsoft Graph answered 503'));
    await send({ type: 'message', text: 'afficher mes partenaires' });
    assert.equal(sent().at(-1)?.text, fr('dialogs:organisation.unavailable'));
    sinon.restore();
  });

  it('tells the admin a change was not saved when the store cannot write, and acknowledges nothing', async () => {
    await send({ type: 'message', text: 'supprimer le partenaire' });
    await send({ type: 'message', text: '1' });
    sinon.stub(bot.app.repository, 'update').rejects(new StoreWriteError('partners.json', { cause: new Error('ENOSPC') }));
    await send({ type: 'message', text: 'oui' });
    assert.equal(sent().at(-1)?.text, fr('errors:change.notSaved'));
    const done = fr('dialogs:removePartner.recorded', { subscription: 'Microsoft 365 Business Standard', partner: '', previous: 'Contoso Advisors (1234567)' });
    assert.ok(!sent().some((b) => b.text === done));
    sinon.restore();
    assert.equal((await bot.app.repository.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
  });

  it('retries replies Teams throttles (429 with Retry-After) or drops (503), and the admin gets the result', async function () {
    this.timeout(20_000);
    await send({ type: 'message', text: 'supprimer le partenaire' });
    await send({ type: 'message', text: '1' });
    connector.failNext({ status: 429, retryAfter: '1' }, { status: 503 });
    const started = Date.now();
    await send({ type: 'message', text: 'oui' });
    assert.equal(connector.refused.length, 2);
    assert.ok(Date.now() - started >= 900, 'Retry-After was honoured');
    const done = fr('dialogs:removePartner.recorded', { subscription: 'Microsoft 365 Business Standard', partner: '', previous: 'Contoso Advisors (1234567)' });
    assert.equal(sent().filter((b) => b.text === done).length, 1, 'delivered once');
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 1, 'the change was made once');
  });

  it('logs a reply that finally cannot be sent, keeps the change, and keeps serving', async function () {
    this.timeout(30_000);
    await send({ type: 'message', text: 'supprimer le partenaire' });
    await send({ type: 'message', text: '1' });
    connector.failNext(...Array.from({ length: 12 }, () => ({ status: 503 })));
    await send({ type: 'message', text: 'oui' });
    assert.equal((await bot.app.repository.getSubscription('tenant-a', 'sub-1'))?.partnerId, undefined, 'the saved change stays saved');
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 1);
    assert.ok(bot.logs.some((l) => l.level === 50), 'the failure is logged');
    connector.failNext();
    await send({ type: 'message', text: 'afficher mes partenaires' });
    assert.ok(cardTexts(lastCard()).includes(fr('cards:relationships.title')), 'the bot still answers');
  });

  it('lets exactly one of two admins changing the same subscription at the same moment win', async () => {
    const admins = [
      { from: { id: '29:1', name: 'Megan Bowen', aadObjectId: 'admin-a' }, conversation: { id: 'a:megan', conversationType: 'personal', tenantId: 'tenant-a' } },
      { from: { id: '29:2', name: 'Alex Wilber', aadObjectId: 'admin-a2' }, conversation: { id: 'a:alex', conversationType: 'personal', tenantId: 'tenant-a' } },
    ];
    await bot.app.repository.importSeed({ ...testSeed, tenants: testSeed.tenants.map((t) => (t.id === 'tenant-a' ? { ...t, admins: ['admin-a', 'admin-a2'] } : t)) });
    for (const who of admins) {
      await send({ type: 'message', text: 'changer de partenaire', ...who });
      await send({ type: 'message', text: '1', ...who });
    }
    await send({ type: 'message', text: '7654321', ...admins[0] });
    await send({ type: 'message', text: '2345678', ...admins[1] });
    await Promise.all(admins.map((who) => send({ type: 'message', text: 'oui', ...who })));
    const texts = sent().map((b) => b.text);
    const done = (partner: string) =>
      fr('dialogs:changePartner.recorded', { partner, subscription: 'Microsoft 365 Business Standard', previous: 'Contoso Advisors (1234567)' });
    const candidates = { '7654321': done('Northwind Traders (7654321)'), '2345678': done('2345678') };
    const wins = texts.filter((x) => x === candidates['7654321'] || x === candidates['2345678']);
    assert.equal(wins.length, 1, 'one change applied');
    assert.ok(texts.includes(fr('errors:change.stale')), 'the other is told the subscription changed');
    const now = await bot.app.repository.getSubscription('tenant-a', 'sub-1');
    const holds = now?.partnerId === '7654321' ? 'Northwind Traders (7654321)' : '2345678';
    assert.ok(texts.includes(fr('dialogs:common.nowHasPartner', { subscription: 'Microsoft 365 Business Standard', partner: holds })), 'and what it holds now');
    assert.equal(now?.version, 2);
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 1, 'the audit holds the applied change once');
  });

  it('answers quick repeated messages in one conversation without an error', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => send({ type: 'message', id: `burst-${i}`, text: i % 2 ? 'aide' : 'afficher mes partenaires' })));
    assert.ok(results.every((r) => r.status === 200));
    assert.ok(!sent().some((b) => b.text === fr('errors:generic')), 'no error reached the user');
    assert.equal(sent().length, 8);
  });

  it('checks rights at the moment of the change: an admin removed meanwhile changes nothing', async () => {
    await send({ type: 'message', text: 'supprimer le partenaire' });
    await send({ type: 'message', text: '1' });
    await bot.app.repository.importSeed({ ...testSeed, tenants: testSeed.tenants.map((t) => (t.id === 'tenant-a' ? { ...t, admins: ['someone-else'] } : t)) });
    await send({ type: 'message', text: 'oui' });
    assert.equal(sent().at(-1)?.text, fr('errors:change.notAdmin'));
    assert.equal((await bot.app.repository.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
  });

  it('refuses a user of the tenant who is not an admin, and a user of another tenant sees none of its data', async () => {
    await send({ type: 'message', text: 'supprimer le partenaire', from: { id: '29:2', name: 'Alex', aadObjectId: 'not-admin' } });
    assert.equal(sent().at(-1)?.text, fr('dialogs:removePartner.notAdmin', { page: fr('dialogs:common.productsPage.worldwide'), link: 'https://go.microsoft.com/fwlink/p/?linkid=842054' }));

    await send({ type: 'message', text: 'afficher mes partenaires', channelData: { tenant: { id: 'tenant-z' } }, conversation: { id: 'a:other', tenantId: 'tenant-z' } });
    const shown = cardTexts(lastCard());
    assert.ok(shown.includes(fr('cards:relationships.empty')));
    assert.ok(!shown.some((line) => line.includes('Contoso')));
  });
});
