import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { cardIdIn, postAsAdmin, startBotProcess } from '../helpers/bot-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { testDisk } from '../helpers/disk.js';

const TENANT = 'crash-tenant';
const ADMIN = 'crash-admin';
const SUBSCRIPTIONS = 16;
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);

interface Acknowledged {
  subscriptionId: string;
  action: 'add' | 'remove';
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))),
  );
  return nested.flat();
}

// The real bot as a child process, many admins changing partners at once, killed with SIGKILL at
// a random moment, restarted on the same DATA_DIR, several rounds: every change whose "Recorded"
// reply was received must be on disk, and every file must still be valid JSON.
describe(`crash: SIGKILL during concurrent partner changes (${ROUNDS} rounds)`, function () {
  this.timeout(120_000);

  it('keeps every acknowledged change and every file valid', async () => {
    const { dir, remove } = await tempDir();
    const dataDir = path.join(dir, 'data');
    let child: ChildProcess | undefined;
    try {
      const seed = {
        partners: [{ id: '7654321', name: 'Northwind Traders' }],
        tenants: [{ id: TENANT, name: 'Crash Co', admins: [ADMIN], subscriptions: Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({ id: `sub-${i}`, name: `Subscription ${i}` })) }],
      };
      await writeFile(path.join(dir, 'seed.json'), JSON.stringify(seed));
      await new Promise((resolve, reject) =>
        spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/seed-cli.js'), path.join(dir, 'seed.json')], { env: { ...process.env, DATA_DIR: dataDir }, stdio: 'ignore' })
          .on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error('seed failed')))),
      );

      const acknowledged: Acknowledged[] = [];
      let kills = 0;
      let requests = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const started = await startBotProcess({ DATA_DIR: dataDir });
        child = started.child;
        const { port } = started;
        let alive = true;
        const post = async (conversation: string, fields: Record<string, unknown>) => {
          requests += 1;
          return (await postAsAdmin(port, { tenantId: TENANT, admin: ADMIN, conversation }, fields)).text;
        };
        const cardId = cardIdIn;
        const worker = async (i: number) => {
          for (let n = 0; alive; n++) {
            const subscriptionId = `sub-${i}`;
            const conversation = `crash-${round}-${i}-${n}`;
            try {
              const repository = await FilePartnerRegister.open(dataDir, testDisk);
              const has = (await repository.getSubscription(TENANT, subscriptionId))?.partnerId !== undefined;
              const action = has ? 'remove' : 'add';
              const pick = await post(conversation, { text: has ? 'remove partner' : 'add partner 7654321' });
              const confirm = await post(conversation, { value: { verb: 'pickSubscription', cardId: cardId(pick), subscriptionId } });
              const done = await post(conversation, { value: { verb: 'confirm', cardId: cardId(confirm) } });
              if (done.includes('Recorded:')) acknowledged.push({ subscriptionId, action });
            } catch {
              return; // the bot was killed under this request: nothing acknowledged
            }
          }
        };
        const workers = Array.from({ length: SUBSCRIPTIONS }, (_, i) => worker(i));
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
        child.kill('SIGKILL');
        kills += 1;
        alive = false;
        await new Promise((resolve) => child!.once('exit', resolve));
        await Promise.all(workers);
      }

      // Every file is whole, valid JSON (state files, tenant files, the directory).
      for (const file of await allFiles(dataDir)) {
        if (file.endsWith('.tmp')) continue; // temporary files of writes cut short, never read
        const text = await readFile(file, 'utf8');
        if (file.endsWith('.jsonl')) text.split('\n').filter(Boolean).forEach((line) => JSON.parse(line));
        else JSON.parse(text);
      }
      // Every acknowledged change is in the audit, which matches the subscriptions' versions.
      const repository = await FilePartnerRegister.open(dataDir, testDisk);
      const audit = (await repository.listAudit(TENANT, 100_000)).reverse();
      for (let i = 0; i < SUBSCRIPTIONS; i++) {
        const id = `sub-${i}`;
        const acked = acknowledged.filter((a) => a.subscriptionId === id).map((a) => a.action);
        const applied = audit.filter((a) => a.subscriptionId === id).map((a) => a.action);
        // Acknowledged changes appear in the audit in order; unacknowledged ones (cut by a kill) may
        // sit between them, as a change can reach the disk just before the reply is lost.
        let at = 0;
        for (const action of applied) if (at < acked.length && action === acked[at]) at += 1;
        assert.equal(at, acked.length, `${id}: acknowledged ${acked.join(',')} not all in applied ${applied.join(',')}`);
        assert.ok(applied.length <= acked.length + ROUNDS, `${id}: at most one unacknowledged change per kill`);
        const subscription = await repository.getSubscription(TENANT, id);
        assert.equal(subscription?.version, 1 + applied.length, `${id}: version matches its audit`);
        assert.equal(subscription?.partnerId !== undefined, applied.at(-1) === 'add', `${id}: state matches the last change`);
      }
      assert.equal(kills, ROUNDS);
      assert.ok(acknowledged.length > 0, 'changes were acknowledged between kills');
      console.log(`      ${kills} kills, ${requests} requests, ${acknowledged.length} acknowledged changes, all on disk`);

      // And the bot starts again on that data and answers.
      child = (await startBotProcess({ DATA_DIR: dataDir })).child;
    } finally {
      child?.kill('SIGKILL');
      await remove();
    }
  });
});
