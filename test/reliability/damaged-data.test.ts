import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Seed } from '../../src/domain/seed-file.js';
import { Texts } from '../../src/i18n/i18n.js';
import { LOCALES_DIR, PROJECT_ROOT } from '../../src/paths.js';
import { DiskWorker } from '../../src/store/file/disk-worker.js';
import { FilePartnerRegister, tenantFileName } from '../../src/store/file/file-partner-register.js';
import { activity, post, startApp, type RunningApp } from '../helpers/app.js';
import { testSeed } from '../helpers/seed-data.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const texts = Texts.fromDirectory(LOCALES_DIR);

/** The test seed and tenant-c, worldwide, with a partner of record. */
const SEED: Seed = {
  ...testSeed,
  tenants: [
    ...testSeed.tenants,
    { id: 'tenant-c', name: 'Tailwind', cloud: 'worldwide', admins: ['admin-c'], subscriptions: [{ id: 'own-sub', name: 'Tailwind E5', partnerId: '1234567' }], relationships: [], offers: [] },
  ],
};

/** A message as Teams sends it, from an admin of `tenantId`. */
const fromTenant = (tenantId: string, admin: string, text: string, locale = 'en-US') =>
  activity({
    channelId: 'msteams',
    locale,
    text,
    conversation: { id: `damaged-${tenantId}-${text}-${locale}`, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    from: { id: `29:${admin}`, name: admin, aadObjectId: admin },
  });

/** A DATA_DIR holding `seed`, written by the register as the bot writes it. */
async function seededDir(seed: Seed): Promise<{ dir: string; remove: () => Promise<void>; register: FilePartnerRegister; disk: DiskWorker }> {
  const { dir, remove } = await tempDir();
  const disk = new DiskWorker();
  const register = await FilePartnerRegister.open(dir, disk);
  await register.importSeed(seed);
  await register.flush();
  return { dir, remove: async () => { await disk.close(); await remove(); }, register, disk };
}

describe('damaged organisation data: one organisation refused, every other one served', function () {
  this.timeout(60_000);
  let bot: RunningApp | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await bot?.stop();
    await cleanup?.();
    bot = undefined;
    cleanup = undefined;
  });

  it('starts without reading any of 1,000 organisations\' files (all damaged here), and serves its own', async () => {
    const { dir, remove } = await tempDir();
    cleanup = remove;
    const tenants = path.join(dir, 'partners', 'tenants');
    await mkdir(tenants, { recursive: true });
    for (let i = 0; i < 1000; i++) await writeFile(path.join(tenants, tenantFileName(`org-${i}`)), `{ "org": ${i}, `);
    bot = await startApp({ DATA_DIR: dir });
    const { status, replies } = await post(bot.baseUrl, activity({ text: 'show my partners' }));
    assert.equal(status, 200);
    assert.ok(JSON.stringify(replies).includes('Contoso'), 'the local demo organisation is served');
    assert.equal(await readFile(path.join(tenants, tenantFileName('org-999')), 'utf8'), '{ "org": 999, ');
  });

  it('answers a damaged organisation in its language, leaves its file byte for byte, and serves the others meanwhile', async () => {
    const data = await seededDir(SEED);
    cleanup = data.remove;
    const file = data.register.fileOf('tenant-a');
    const damaged = (await readFile(file, 'utf8')).replace('"subscriptions"', '"subscriptions" "');
    await writeFile(file, damaged);
    bot = await startApp({ DATA_DIR: data.dir });

    const view = await post(bot.baseUrl, fromTenant('tenant-a', 'admin-a', 'show my partners'));
    assert.equal(view.status, 200);
    assert.deepEqual(view.replies.map((r) => r.text), [texts.translator('en')('errors:organisation.damaged')]);
    const change = await post(bot.baseUrl, fromTenant('tenant-a', 'admin-a', 'supprimer le partenaire', 'fr-FR'));
    assert.deepEqual(change.replies.map((r) => r.text), [texts.translator('fr')('errors:organisation.damaged')]);
    assert.ok(bot.logs.some((line) => line.msg === 'organisation data damaged: fix or move the file' && line.file === file && line.tenantId === 'tenant-a'));

    const other = await post(bot.baseUrl, fromTenant('tenant-c', 'admin-c', 'show my partners'));
    assert.equal(other.status, 200);
    assert.ok(JSON.stringify(other.replies).includes('Contoso Advisors'), 'another organisation is served in the same process');
    assert.ok(!JSON.stringify(other.replies).includes(texts.translator('en')('errors:organisation.damaged')));

    await bot.app.repository.flush();
    assert.equal(await readFile(file, 'utf8'), damaged, 'the damaged file is left as it was');
  });

  it('check-data names every damaged file and exits non-zero; exits 0 once they are fixed', async () => {
    const data = await seededDir(SEED);
    cleanup = data.remove;
    const checkData = (dir: string) =>
      run(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/check-data-cli.js')], { cwd: dir, env: { ...process.env, DATA_DIR: dir } }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const clean = await checkData(data.dir);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /5 data files checked in [\d.]+ s, 0 damaged/);

    const tenantFile = data.register.fileOf('tenant-b');
    const tenantText = await readFile(tenantFile, 'utf8');
    await writeFile(tenantFile, tenantText.slice(0, 40));
    const misplaced = data.register.fileOf('tenant-nobody');
    await writeFile(misplaced, await readFile(data.register.fileOf('tenant-c'), 'utf8'));
    const stateFile = path.join(data.dir, 'state', 'ab', 'ab0123.json');
    await mkdir(path.dirname(stateFile), { recursive: true });
    await writeFile(stateFile, '{"key": 3}');
    await writeFile(path.join(path.dirname(tenantFile), `.${path.basename(tenantFile)}.tmp`), 'half a write');

    const found = await checkData(data.dir);
    assert.equal(found.code, 1, found.stdout);
    const named = found.stdout.split('\n').filter((line) => line.startsWith('damaged: ')).map((line) => line.slice('damaged: '.length).split(': ')[0]);
    assert.deepEqual(named.sort(), [tenantFile, misplaced, stateFile].sort());
    assert.match(found.stdout, /7 data files checked in [\d.]+ s, 3 damaged/);
    assert.equal(await readFile(tenantFile, 'utf8'), tenantText.slice(0, 40), 'check-data changes nothing');
  });
});
