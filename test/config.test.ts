import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';

const GUID = '00000000-0000-4000-8000-000000000001';

describe('loadConfig', () => {
  it('gives local-mode defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/bot');
    assert.equal(config.port, 3978);
    assert.equal(config.dataDir, path.resolve('/srv/bot', 'data'));
    assert.equal(config.localTenantId, 'local');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.authEnabled, false);
    assert.ok(Object.isFrozen(config));
  });

  it('reads every setting', () => {
    const config = loadConfig(
      {
        MicrosoftAppId: GUID,
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'singletenant',
        MicrosoftAppTenantId: GUID,
        PORT: '8080',
        DATA_DIR: '/var/lib/partner-bot',
        LOCAL_TENANT_ID: 'dev-tenant',
        LOG_LEVEL: 'debug',
        MAX_BODY_BYTES: '65536',
      },
      '/srv/bot',
    );
    assert.equal(config.microsoftAppType, 'SingleTenant');
    assert.equal(config.port, 8080);
    assert.equal(config.dataDir, '/var/lib/partner-bot');
    assert.equal(config.localTenantId, 'dev-tenant');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.maxBodyBytes, 65536);
    assert.equal(config.authEnabled, true);
  });

  it('lists every problem at once', () => {
    assert.throws(
      () =>
        loadConfig({
          MicrosoftAppId: 'not-a-guid',
          MicrosoftAppType: 'Everyone',
          PORT: '99999',
          LOG_LEVEL: 'loud',
          LOCAL_TENANT_ID: 'has spaces',
          MAX_BODY_BYTES: 'lots',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const text = error.problems.join('\n');
        for (const name of ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'PORT', 'LOG_LEVEL', 'LOCAL_TENANT_ID', 'MAX_BODY_BYTES']) {
          assert.match(text, new RegExp(name), `${name} should be reported`);
        }
        assert.equal(error.problems.length, 7);
        return true;
      },
    );
  });

  it('requires a tenant for a single-tenant registration and refuses a password without an app id', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }),
      /MicrosoftAppTenantId/,
    );
    assert.throws(() => loadConfig({ MicrosoftAppPassword: 'x' }), /MicrosoftAppId is empty/);
  });

  it('takes a registration as single-tenant unless told otherwise, as Azure creates them since July 2025', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'x' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 1 &&
        /MicrosoftAppTenantId/.test(error.message) &&
        /SingleTenant/.test(error.message) &&
        /MultiTenant/.test(error.message),
    );
    const single = loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: GUID });
    assert.equal(single.microsoftAppType, 'SingleTenant');
    const multi = loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant' });
    assert.equal(multi.microsoftAppType, 'MultiTenant');
  });

  it('reads the front door settings, with bounds', () => {
    const config = loadConfig({ BODY_TIMEOUT_MS: '2000', INVOKE_ANSWER_MS: '500', MAX_QUEUED_TURNS: '4', SHUTDOWN_TIMEOUT_MS: '3000' });
    assert.deepEqual(
      [config.bodyTimeoutMs, config.invokeAnswerMs, config.maxQueuedTurns, config.shutdownTimeoutMs],
      [2000, 500, 4, 3000],
    );
    const defaults = loadConfig({});
    assert.deepEqual([defaults.bodyTimeoutMs, defaults.invokeAnswerMs, defaults.maxQueuedTurns, defaults.shutdownTimeoutMs], [10_000, 10_000, 10, 10_000]);
    assert.throws(() => loadConfig({ MAX_QUEUED_TURNS: '0', BODY_TIMEOUT_MS: 'soon' }), (error: unknown) => error instanceof ConfigError && error.problems.length === 2);
  });

  it('bounds the organisation data kept in memory by TENANT_CACHE_MB', () => {
    assert.equal(loadConfig({}).tenantCacheBytes, 16 * 1024 * 1024);
    assert.equal(loadConfig({ TENANT_CACHE_MB: '200' }).tenantCacheBytes, 200 * 1024 * 1024);
    assert.throws(() => loadConfig({ TENANT_CACHE_MB: 'lots' }), /TENANT_CACHE_MB must be a whole number/);
  });

  it("passes Bot Framework's endpoint settings through, and refuses an address that is not HTTPS off this machine", () => {
    const config = loadConfig({ ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.cn/v1/.well-known/openidconfiguration', CallerId: 'urn:botframework:azure', ToChannelFromBotLoginUrl: 'http://127.0.0.1:4443/tenant' });
    assert.deepEqual(config.botFramework, {
      ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.cn/v1/.well-known/openidconfiguration',
      ToChannelFromBotLoginUrl: 'http://127.0.0.1:4443/tenant',
      CallerId: 'urn:botframework:azure',
    });
    assert.deepEqual(loadConfig({}).botFramework, {});
    assert.throws(
      () => loadConfig({ ToBotFromChannelOpenIdMetadataUrl: 'http://keys.example.com/openid', ValidateAuthority: 'maybe' }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 2 && /https/.test(error.message),
    );
  });

  it('requires a connection string and a valid container for blob storage', () => {
    assert.throws(() => loadConfig({ STORAGE: 'blob' }), /BLOB_CONNECTION_STRING/);
    assert.throws(() => loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_CONTAINER: 'Bad_Name' }), /BLOB_CONTAINER/);
    const config = loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_CONTAINER: 'partners-prod' });
    assert.deepEqual([config.storage, config.blobContainer], ['blob', 'partners-prod']);
    assert.equal(loadConfig({}).storage, 'lowdb');
  });

  it('reads organisations from Microsoft Graph once the bot has a registration with a secret, from seed files otherwise', () => {
    const registered = { MicrosoftAppId: GUID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: GUID };
    const graph = loadConfig(registered);
    assert.equal(graph.orgSource, 'graph');
    assert.equal(graph.cloud, 'worldwide');
    assert.deepEqual(graph.graph, {
      loginEndpoint: 'https://login.microsoftonline.com',
      graphEndpoint: 'https://graph.microsoft.com',
      adminRoleIds: ['62e90394-69f5-4237-9190-012177145e10', 'b0f54661-2d74-4c50-afa3-1ec803f12efe'],
      refreshMs: 3_600_000,
    });
    assert.equal(loadConfig({}).orgSource, 'seed');
    assert.equal(loadConfig({ ...registered, ORG_SOURCE: 'seed' }).orgSource, 'seed');
    assert.throws(() => loadConfig({ ORG_SOURCE: 'graph' }), /ORG_SOURCE=graph needs MicrosoftAppId and MicrosoftAppPassword/);
  });

  it("takes 21Vianet's sign-in and Graph with CLOUD=21vianet, and every endpoint and role from its setting", () => {
    const china = loadConfig({ CLOUD: '21Vianet' });
    assert.equal(china.cloud, '21vianet');
    assert.equal(china.graph.loginEndpoint, 'https://login.chinacloudapi.cn');
    assert.equal(china.graph.graphEndpoint, 'https://microsoftgraph.chinacloudapi.cn');
    const local = loadConfig({ LOGIN_ENDPOINT: 'https://127.0.0.1:8443/', GRAPH_ENDPOINT: 'http://localhost:8080', ADMIN_ROLE_IDS: ` ${GUID} `, ORG_REFRESH_MINUTES: '5' });
    assert.deepEqual(local.graph, { loginEndpoint: 'https://127.0.0.1:8443', graphEndpoint: 'http://localhost:8080', adminRoleIds: [GUID], refreshMs: 300_000 });
    assert.throws(
      () => loadConfig({ LOGIN_ENDPOINT: 'http://127.0.0.1:8443', GRAPH_ENDPOINT: 'http://graph.example.com', ADMIN_ROLE_IDS: 'global-admin', CLOUD: 'moon' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.length === 4 &&
        ['LOGIN_ENDPOINT', 'GRAPH_ENDPOINT', 'ADMIN_ROLE_IDS', 'CLOUD'].every((name) => error.message.includes(name)),
    );
  });

  it('never puts the password in its error message', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppId: 'bad', MicrosoftAppPassword: 'hunter2-secret' }),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('hunter2'),
    );
  });
});
