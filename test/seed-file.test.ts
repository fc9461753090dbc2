import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseSeed } from '../src/domain/seed-file.js';
import { PROJECT_ROOT, SEED_DIR } from '../src/paths.js';
import { importSeedFile, SeedFileError } from '../src/seed-file.js';
import { FilePartnerRegister } from '../src/store/file/file-partner-register.js';
import { testSeed } from './helpers/seed-data.js';
import { tempDir } from './helpers/temp-dir.js';
import { testDisk } from './helpers/disk.js';

const run = promisify(execFile);

describe('seed import', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ dir, remove } = await tempDir()));
  afterEach(() => remove());

  const cli = (file: string) =>
    run(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/seed-cli.js'), file], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: path.join(dir, 'data') },
      cwd: dir,
    });

  it('imports a file with the CLI, and a second run changes nothing', async () => {
    const file = path.join(dir, 'seed.json');
    await writeFile(file, JSON.stringify(testSeed));
    const first = await cli(file);
    assert.match(first.stdout, /\b[1-9]\d* created, 0 updated/);
    const repo0 = await FilePartnerRegister.open(path.join(dir, 'data'), testDisk);
    const data = await readFile(repo0.fileOf('tenant-a'), 'utf8');
    const second = await cli(file);
    assert.match(second.stdout, /0 created, 0 updated, [1-9]\d* unchanged/);
    assert.equal(await readFile(repo0.fileOf('tenant-a'), 'utf8'), data);
    const repo = await FilePartnerRegister.open(path.join(dir, 'data'), testDisk);
    assert.equal((await repo.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
  });

  it('imports the example files shipped in seed/', async () => {
    const repo = await FilePartnerRegister.open(dir, testDisk);
    const report = await importSeedFile(path.join(SEED_DIR, 'example.json'), repo);
    assert.ok(report.created > 0);
  });

  it('rejects a malformed file with its path and reason, importing nothing', async () => {
    const file = path.join(dir, 'bad.json');
    const bad = structuredClone(testSeed) as unknown as { tenants: Array<{ subscriptions: Array<{ partnerId?: string }> }> };
    bad.tenants[2]!.subscriptions[0]!.partnerId = '12ab';
    await writeFile(file, JSON.stringify(bad));
    await assert.rejects(cli(file), (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /bad\.json: tenants\[2\]\.subscriptions\[0\]\.partnerId: must be a Partner ID/);
      assert.match(error.stderr, /Nothing was imported/);
      return true;
    });
    const repo = await FilePartnerRegister.open(path.join(dir, 'data'), testDisk);
    assert.equal(await repo.getTenant('tenant-a'), undefined);
  });

  it('rejects a file that is not JSON', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{ "tenants": [ ');
    const repo = await FilePartnerRegister.open(dir, testDisk);
    await assert.rejects(importSeedFile(file, repo), (error: unknown) => {
      assert.ok(error instanceof SeedFileError);
      assert.match(error.message, /broken\.json: is not valid JSON/);
      return true;
    });
  });

  const problems: Array<[string, unknown, RegExp]> = [
    ['a root that is not an object', [], /\(root\): must be an object/],
    ['no tenants', { partners: [] }, /tenants: must be an array/],
    ['an unknown cloud', { tenants: [{ id: 't', name: 'T', cloud: 'mars' }] }, /tenants\[0\]\.cloud: must be one of worldwide, 21vianet/],
    ['a duplicate subscription', { tenants: [{ id: 't', name: 'T', subscriptions: [{ id: 's', name: 'A' }, { id: 's', name: 'B' }] }] }, /tenants\[0\]\.subscriptions\[1\]\.id: duplicate id "s"/],
    ['an advisor stored as relationship', { tenants: [{ id: 't', name: 'T', relationships: [{ partnerId: '1234567', partnerName: 'X', type: 'advisor' }] }] }, /relationships\[0\]\.type/],
    ['a numeric Partner ID', { partners: [{ id: 1234567, name: 'X' }], tenants: [] }, /partners\[0\]\.id: must be a Partner ID/],
    ['an empty name', { tenants: [{ id: 't', name: ' ' }] }, /tenants\[0\]\.name: must be a non-empty string/],
    ['an unknown offer kind', { tenants: [{ id: 't', name: 'T', offers: [{ id: 'o', partnerId: '1234567', partnerName: 'P', includes: { kind: 'gift', product: 'E3' } }] }] }, /offers\[0\]\.includes\.kind/],
  ];
  for (const [what, data, message] of problems) {
    it(`says where the problem is for ${what}`, () => {
      const result = parseSeed(data);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.error, message);
    });
  }

  it('accepts the demo catalogue', async () => {
    const demo = JSON.parse(await readFile(path.join(SEED_DIR, 'demo.json'), 'utf8'));
    assert.ok(parseSeed(demo).ok);
  });
});

describe('seed import into Azure Blob Storage', function () {
  this.timeout(60_000);
  it('imports with the CLI when STORAGE=blob, and a second run changes nothing', async () => {
    const { startAzurite } = await import('../support/azurite.js');
    const { BlobPartnerRegister } = await import('../src/store/blob/blob-partner-register.js');
    const azurite = await startAzurite();
    const { dir, remove } = await tempDir();
    try {
      const file = path.join(dir, 'seed.json');
      await writeFile(file, JSON.stringify(testSeed));
      const env = { PATH: process.env.PATH ?? '', STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'seeded', DATA_DIR: path.join(dir, 'data') };
      const first = await run(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/seed-cli.js'), file], { env, cwd: dir });
      assert.match(first.stdout, /into blob container seeded: [1-9]\d* created/);
      const second = await run(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/seed-cli.js'), file], { env, cwd: dir });
      assert.match(second.stdout, /0 created, 0 updated/);
      const repository = await BlobPartnerRegister.open(azurite.container('seeded'));
      assert.equal((await repository.getSubscription('tenant-a', 'sub-1'))?.partnerId, '1234567');
    } finally {
      await remove();
      await azurite.stop();
    }
  });
});
