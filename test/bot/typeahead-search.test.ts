import assert from 'node:assert/strict';
import { Texts } from '../../src/i18n/i18n.js';
import { LOCALES_DIR } from '../../src/paths.js';
import { bigOrganisation } from '../../support/card-samples.js';
import { actionData } from '../helpers/conversation.js';
import { bigSeed } from '../helpers/seed-data.js';
import { startTeamsBot } from '../helpers/teams-bot.js';

const texts = Texts.fromDirectory(LOCALES_DIR);
const NAMES = bigOrganisation(300);

interface SearchBody {
  readonly type?: string;
  readonly value?: { readonly results?: Array<{ readonly title: string; readonly value: string }> };
}

// Teams' typeahead search of the subscription card (`application/search` invokes), through the
// real restify server, for an organisation of 300 subscriptions next to one with the same names.
describe('typeahead search of subscriptions, as Teams sends it', () => {
  let running: Awaited<ReturnType<typeof startTeamsBot>>;

  beforeEach(async () => {
    running = await startTeamsBot();
    await running.bot.app.repository.importSeed(bigSeed(300));
  });
  afterEach(() => running.stop());

  const search = async (queryText: string, dataset: string, fields: Record<string, unknown> = {}) => {
    const answer = await running.client.send({ type: 'invoke', name: 'application/search', value: { queryText, queryOptions: { skip: 0, top: 15 }, dataset }, ...fields });
    assert.equal(answer.status, 200);
    const body = answer.body as SearchBody;
    assert.equal(body.type, 'application/vnd.microsoft.search.searchResponse');
    return body.value?.results ?? [];
  };
  const OTHER = { from: { id: '29:2xyz', name: 'Ana Souza', aadObjectId: 'admin-o' }, channelData: { tenant: { id: 'tenant-other' } }, conversation: { id: 'a:2other', conversationType: 'personal', tenantId: 'tenant-other' } };

  it('answers with at most 15 subscriptions of that organisation, fitting the typed text with a typo, in the user\'s language', async () => {
    const fr = texts.translator('fr');
    const results = await search('ofice lyon', 'subscriptions.change');
    assert.ok(results.length > 0 && results.length <= 15, `${results.length} results`);
    for (const { title, value } of results) {
      assert.match(value, /^sub-\d+$/);
      const i = Number(value.slice(4)) - 1;
      assert.notEqual(i % 3, 0, 'a change applies to subscriptions with a partner');
      assert.match(NAMES[i]!, /Office.*Lyon/);
      const partner = i % 3 === 1 ? 'Contoso Advisors (1234567)' : 'Northwind Traders (7654321)';
      assert.equal(title, fr('cards:pickSubscription.withPartner', { name: NAMES[i], partner }));
    }
    const en = texts.translator('en');
    const [first] = await search('Power BI Pro – Lyon 2', 'subscriptions.change', { locale: 'en-US' });
    assert.deepEqual(first, { title: en('cards:pickSubscription.withPartner', { name: 'Power BI Pro – Lyon 2', partner: 'Contoso Advisors (1234567)' }), value: 'sub-116' });
  });

  it('answers an empty query (the list opened) with 15 of them, and pages with skip', async () => {
    const first = await search('', 'subscriptions.add');
    assert.equal(first.length, 15);
    const subscriptions = new Set((await running.bot.app.repository.listSubscriptions('tenant-a')).map((s) => s.id));
    assert.ok(first.every((r) => subscriptions.has(r.value)));
    const answer = await running.client.send({ type: 'invoke', name: 'application/search', value: { queryText: '', queryOptions: { skip: 15, top: 50 }, dataset: 'subscriptions.add' } });
    const next = (answer.body as SearchBody).value?.results ?? [];
    assert.equal(next.length, 15, 'never more than 15');
    assert.deepEqual(new Set([...first, ...next].map((r) => r.value)).size, 30);
  });

  it('never shows another organisation\'s subscriptions, whatever the names', async () => {
    const ours = await search('office', 'subscriptions.remove');
    assert.ok(ours.length > 0 && ours.every((r) => r.value.startsWith('sub-')));
    const theirs = await search('office', 'subscriptions.remove', OTHER);
    assert.ok(theirs.length > 0 && theirs.every((r) => r.value.startsWith('other-')));
  });

  it('answers nothing to someone who may not make the change, or for an unknown dataset', async () => {
    const reader = { from: { id: '29:3abc', name: 'Alex Wilber', aadObjectId: 'reader-a' } };
    assert.deepEqual(await search('office', 'subscriptions.change', reader), []);
    assert.deepEqual(await search('office', 'partners'), []);
    assert.deepEqual(await search('office', 'subscriptions.constructor'), []);
  });

  it('leaves the question as it is: a result chosen after searching continues to the Partner ID question', async () => {
    const { client, connector } = running;
    await client.send({ type: 'message', text: 'changer de partenaire' });
    const sent = () => connector.calls.filter((c) => c.method === 'POST').map((c) => c.body);
    const pick = (sent().at(-1)?.attachments as Array<{ content: unknown }>)[0]?.content;
    const before = connector.calls.length;
    const [found] = await search('vizio lyon 3', 'subscriptions.change');
    assert.equal(connector.calls.length, before, 'a search sends no message');
    await client.send({ type: 'message', value: { ...actionData(pick, 'pickSubscription'), subscriptionId: found?.value } });
    const fr = texts.translator('fr');
    const i = Number(found?.value.slice(4)) - 1;
    assert.equal(NAMES[i], 'Visio Plan 2 – Lyon 3');
    assert.equal(sent().at(-1)?.text, fr('dialogs:changePartner.askId', { subscription: NAMES[i], current: 'Contoso Advisors (1234567)' }));
  });
});
