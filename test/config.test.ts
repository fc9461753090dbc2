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

  it('requires a connection string and a valid container for blob storage', () => {
    assert.throws(() => loadConfig({ STORAGE: 'blob' }), /BLOB_CONNECTION_STRING/);
    assert.throws(() => loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_CONTAINER: 'Bad_Name' }), /BLOB_CONTAINER/);
    const config = loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_CONTAINER: 'partners-prod' });
    assert.deepEqual([config.storage, config.blobContainer], ['blob', 'partners-prod']);
    assert.equal(loadConfig({}).storage, 'lowdb');
  });

  it('never puts the password in its error message', () => {
    assert.throws(
      () => loadConfig({ MicrosoftAppId: 'bad', MicrosoftAppPassword: 'hunter2-secret' }),
      (error: unknown) => error instanceof ConfigError && !error.message.includes('hunter2'),
    );
  });
});
