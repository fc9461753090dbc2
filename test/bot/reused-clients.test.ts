import assert from 'node:assert/strict';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import { ClaimsIdentity, ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import sinon from 'sinon';
import { ReusedClientsAuthentication } from '../../src/bot/reused-clients.js';
import { startConnector } from '../helpers/connector.js';

const activityFor = (serviceUrl: string) => ({ type: 'message', channelId: 'msteams', serviceUrl, conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }) as Activity;

describe('ReusedClientsAuthentication (connector clients kept between turns)', () => {
  afterEach(() => sinon.restore());

  it('gives every turn to one service URL the same connector and token clients, another URL its own', async () => {
    const auth = new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({}));
    const clientOf = async (url: string) => {
      const result = await auth.authenticateRequest(activityFor(url), '');
      return { connector: await result.connectorFactory!.create(url, result.audience), tokens: await auth.createUserTokenClient(result.claimsIdentity) };
    };
    const first = await clientOf('https://smba.trafficmanager.net/emea/');
    const second = await clientOf('https://smba.trafficmanager.net/emea/');
    const other = await clientOf('https://smba.trafficmanager.net/amer/');
    assert.equal(second.connector, first.connector);
    assert.equal(second.tokens, first.tokens);
    assert.notEqual(other.connector, first.connector);
  });

  it('does not keep a client whose creation failed', async () => {
    const made = { id: 'client' } as unknown as ConnectorClient;
    class FlakyFactory extends ConnectorFactory {
      calls = 0;
      override async create(): Promise<ConnectorClient> {
        this.calls += 1;
        if (this.calls === 1) throw new Error('no credentials');
        return made;
      }
    }
    const flaky = new FlakyFactory();
    const inner = new ConfigurationBotFrameworkAuthentication({});
    sinon.stub(inner, 'authenticateRequest').resolves({ claimsIdentity: new ClaimsIdentity([], true), audience: 'a', callerId: '', connectorFactory: flaky });
    const { connectorFactory } = await new ReusedClientsAuthentication(inner).authenticateRequest(activityFor('https://a.example/'), '');
    await assert.rejects(connectorFactory!.create('https://a.example/', 'a'), /no credentials/);
    assert.equal(await connectorFactory!.create('https://a.example/', 'a'), made);
    assert.equal(await connectorFactory!.create('https://a.example/', 'a'), made);
    assert.equal(flaky.calls, 2);
  });

  it("sends each conversation's replies to its own connector", async () => {
    const [emea, amer] = await Promise.all([startConnector(), startConnector()]);
    try {
      const auth = new ReusedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({}));
      for (const connector of [emea, amer, emea]) {
        const result = await auth.authenticateRequest(activityFor(connector.url), '');
        const client = await result.connectorFactory!.create(connector.url, result.audience);
        await client.conversations.sendToConversation('c', { type: 'message', text: `to ${connector.url}` } as Activity);
      }
      assert.deepEqual(emea.calls.map((c) => c.body.text), [`to ${emea.url}`, `to ${emea.url}`]);
      assert.deepEqual(amer.calls.map((c) => c.body.text), [`to ${amer.url}`]);
    } finally {
      await Promise.all([emea.close(), amer.close()]);
    }
  });
});
