import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Texts } from '../../src/i18n/i18n.js';
import { LOCALES_DIR } from '../../src/paths.js';
import type { RunningApp } from '../helpers/app.js';
import type { startConnector } from '../helpers/connector.js';
import { actionData, cardTexts } from '../helpers/conversation.js';
import type { teamsClient } from '../helpers/teams-client.js';
import { startTeamsBot } from '../helpers/teams-bot.js';

const fr = Texts.fromDirectory(LOCALES_DIR).translator('fr');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Teams re-sends an activity that got no timely answer, with the same id; it retries a card click
// after about 15 s; and one conversation may flood the bot. Real restify server, local connector.
describe('Teams retries, slow card clicks and floods', () => {
  let running: Awaited<ReturnType<typeof startTeamsBot>>;
  let bot: RunningApp;
  let connector: Awaited<ReturnType<typeof startConnector>>;
  let client: ReturnType<typeof teamsClient>;

  const start = async (env: Record<string, string> = {}) => {
    running = await startTeamsBot(env);
    ({ bot, connector, client } = running);
  };
  afterEach(() => running.stop());

  const posts = () => connector.calls.filter((c) => c.method === 'POST').map((c) => c.body);
  const updatesOf = (messageId: string) => connector.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${messageId}`));
  const lastCard = () => (posts().filter((b) => Array.isArray(b.attachments)).at(-1)?.attachments as Array<{ content: unknown }>)[0]?.content;
  const done = fr('dialogs:changePartner.recorded', { partner: 'Northwind Traders (7654321)', subscription: 'Microsoft 365 Business Standard', previous: 'Contoso Advisors (1234567)' });

  /** Goes up to the confirmation card of a change of sub-1's partner to 7654321; returns the card's message id. */
  const upToConfirmation = async () => {
    await client.send({ type: 'message', text: 'changer de partenaire' });
    await client.send({ type: 'message', text: '1' });
    await client.send({ type: 'message', text: '7654321' });
    return { card: lastCard(), messageId: `teams-activity-${connector.calls.length}` };
  };
  const confirmClick = (card: unknown, replyToId: string) =>
    client.teams({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb: 'confirm', data: actionData(card, 'confirm') }, trigger: 'manual' },
    });

  it('answers a re-sent message once: no second reply, no second change', async () => {
    await start();
    const help = client.teams({ type: 'message', text: 'aide' });
    assert.equal((await client.post(help)).status, 200);
    const replies = posts().length;
    assert.ok(replies > 0);
    assert.equal((await client.post(help)).status, 200);
    assert.equal(posts().length, replies, 'no second reply');

    await client.send({ type: 'message', text: 'supprimer le partenaire' });
    await client.send({ type: 'message', text: '1' });
    const yes = client.teams({ type: 'message', text: 'oui' });
    const [first, again] = await Promise.all([client.post(yes), client.post(yes)]);
    assert.deepEqual([first.status, again.status], [200, 200]);
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 1, 'one change');
    const removed = fr('dialogs:removePartner.recorded', { subscription: 'Microsoft 365 Business Standard', partner: '', previous: 'Contoso Advisors (1234567)' });
    assert.equal(posts().filter((b) => b.text === removed).length, 1, 'one reply');
  });

  it('gives a re-sent card click the same answer as the first, and changes once', async () => {
    await start();
    const { card, messageId } = await upToConfirmation();
    const click = confirmClick(card, messageId);
    const first = await client.post(click);
    const again = await client.post(click);
    assert.equal(first.body?.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(again.body, first.body);
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 1);
    assert.equal(posts().filter((b) => b.text === done).length, 1);
  });

  it('answers a slow card click in time, then finishes: one change, one card update, one reply', async () => {
    await start({ INVOKE_ANSWER_MS: '300' });
    const { card, messageId } = await upToConfirmation();
    const { repository } = bot.app;
    const update = repository.update.bind(repository);
    sinon.stub(repository, 'update').callsFake(async (tenantId, plan) => {
      await pause(1500);
      return update(tenantId, plan);
    });
    const click = confirmClick(card, messageId);
    const started = Date.now();
    const first = await client.post(click);
    assert.ok(Date.now() - started < 1200, `answered after ${Date.now() - started} ms`);
    assert.equal(first.body?.type, 'application/vnd.microsoft.activity.message');
    assert.equal(first.body?.value, fr('dialogs:card.working'));
    assert.equal(updatesOf(messageId).length, 0, 'the card is not updated yet');

    const retried = await client.post(click); // Teams' retry, while the change is still being made
    assert.deepEqual(retried.body, first.body);

    for (let waited = 0; posts().every((b) => b.text !== done) && waited < 5000; waited += 100) await pause(100);
    await pause(200);
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 1, 'one change');
    const updates = updatesOf(messageId);
    assert.equal(updates.length, 1, 'one card update');
    assert.ok(cardTexts((updates[0]?.body.attachments as Array<{ content: unknown }>)[0]?.content).includes(fr('dialogs:common.recordedStatus')));
    assert.equal(posts().filter((b) => b.text === done).length, 1, 'one reply');
  });

  it('answers 429 past the queue of one conversation, while other conversations are served', async () => {
    await start({ MAX_QUEUED_TURNS: '4' });
    const list = bot.app.repository.listRelationships.bind(bot.app.repository);
    sinon.stub(bot.app.repository, 'listRelationships').callsFake(async (tenantId: string) => {
      // Long enough that the first turns still hold the queue while the rest arrive, however busy the machine.
      await pause(800);
      return list(tenantId);
    });
    const flood = Promise.all(Array.from({ length: 40 }, () => client.send({ type: 'message', text: 'afficher mes partenaires' })));
    await pause(50);
    const calm = await client.send({ type: 'message', text: 'aide', conversation: { id: 'a:calm', conversationType: 'personal', tenantId: 'tenant-a' } });
    assert.equal(calm.status, 200, 'another conversation is served during the flood');
    const statuses = (await flood).map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 4, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 36);
    const refused = (await flood).find((r) => r.status === 429);
    assert.equal(refused?.headers.get('retry-after'), '1');
    assert.equal((await client.send({ type: 'message', text: 'aide' })).status, 200, 'served again once the flood is over');
  });
});
