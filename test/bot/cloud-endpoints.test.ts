import assert from 'node:assert/strict';
import { botFrameworkEndpoints } from '../../src/app.js';

describe("Bot Framework endpoints of the bot's cloud", () => {
  it('keeps botbuilder\'s own public-cloud defaults when nothing is set', () => {
    assert.deepEqual(botFrameworkEndpoints({}, 'worldwide'), {});
  });

  it('fills the public cloud around what is set, so one setting does not drop the others', () => {
    const endpoints = botFrameworkEndpoints({ ToChannelFromBotLoginUrl: 'https://127.0.0.1:8443/tenant' }, 'worldwide');
    assert.equal(endpoints.ToChannelFromBotLoginUrl, 'https://127.0.0.1:8443/tenant');
    assert.equal(endpoints.ToBotFromChannelTokenIssuer, 'https://api.botframework.com');
    assert.equal(endpoints.ToChannelFromBotOAuthScope, 'https://api.botframework.com');
  });

  it("uses Azure operated by 21Vianet's Bot Framework with CLOUD=21vianet, what is set still winning", () => {
    const china = botFrameworkEndpoints({}, '21vianet');
    assert.equal(china.ToBotFromChannelTokenIssuer, 'https://api.botframework.azure.cn');
    assert.equal(china.ToChannelFromBotOAuthScope, 'https://api.botframework.azure.cn');
    assert.equal(china.ToBotFromChannelOpenIdMetadataUrl, 'https://login.botframework.azure.cn/v1/.well-known/openidconfiguration');
    assert.match(china.ToChannelFromBotLoginUrl!, /^https:\/\/login\.partner\.microsoftonline\.cn\//);
    const ownTenant = botFrameworkEndpoints({ ToChannelFromBotLoginUrl: 'https://login.partner.microsoftonline.cn/my-tenant' }, '21vianet');
    assert.equal(ownTenant.ToChannelFromBotLoginUrl, 'https://login.partner.microsoftonline.cn/my-tenant');
  });
});
