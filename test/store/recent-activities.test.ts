import assert from 'node:assert/strict';
import { startAzurite, type Azurite } from '../../support/azurite.js';
import type { RecentActivities } from '../../src/ports/recent-activities.js';
import { MemoryRecentActivities } from '../../src/store/memory-recent-activities.js';
import { BlobRecentActivities } from '../../src/store/blob/blob-recent-activities.js';

const card = (n: number) => ({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { n } } });

describe('MemoryRecentActivities', () => {
  it('knows a repeat within the window, and forgets it after', async () => {
    let now = 0;
    const recent = new MemoryRecentActivities(60_000, 100, () => now);
    assert.equal(await recent.claim('msteams/c/1'), 'first');
    assert.equal(await recent.claim('msteams/c/1'), 'repeat');
    assert.equal(await recent.claim('msteams/c/2'), 'first', 'another activity');
    now = 60_001;
    assert.equal(await recent.claim('msteams/c/1'), 'first', 'past the window it is new again');
  });

  it('keeps at most its number of entries, the oldest going first', async () => {
    const recent = new MemoryRecentActivities(60_000, 3);
    for (const id of ['a', 'b', 'c', 'd']) await recent.claim(id);
    assert.equal(recent.size, 3);
    assert.equal(await recent.claim('a'), 'first', 'the oldest was dropped');
    assert.equal(await recent.claim('d'), 'repeat');
  });

  it('keeps no more than a digest of each key, however long the ids sent', async () => {
    const recent = new MemoryRecentActivities(60_000, 10_000);
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2000; i++) await recent.claim(`msteams/c/${'x'.repeat(200_000)}${i}`); // 400 MB of ids
    const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    assert.ok(grownMb < 150, `the heap grew by ${grownMb.toFixed(0)} MB`);
    assert.equal(await recent.claim(`msteams/c/${'x'.repeat(200_000)}7`), 'repeat');
  });

  it('gives a repeat the answer of the first, waiting for it while the first runs', async () => {
    const recent = new MemoryRecentActivities(60_000, 100);
    await recent.claim('k');
    const waiting = recent.answerOf('k', 5_000);
    await recent.settle('k', card(1));
    assert.deepEqual(await waiting, card(1));
    assert.deepEqual(await recent.answerOf('k', 0), card(1));
    assert.equal(await new MemoryRecentActivities(60_000, 1).answerOf('unknown', 10), undefined);
  });

  it('answers nothing when the first has not finished in time, and lets a forgotten one run again', async () => {
    const recent = new MemoryRecentActivities(60_000, 100);
    await recent.claim('k');
    assert.equal(await recent.answerOf('k', 20), undefined);
    await recent.forget('k');
    assert.equal(await recent.claim('k'), 'first');
  });

  it('bounds the memory recorded answers take, dropping the oldest answered', async () => {
    const recent = new MemoryRecentActivities(60_000, 1000);
    const big = (n: number) => ({ status: 200, body: { value: 'x'.repeat(3 * 1024 * 1024), n } });
    for (const key of ['a', 'b', 'c', 'd']) {
      await recent.claim(key);
      await recent.settle(key, big(key.charCodeAt(0)));
    }
    assert.equal(await recent.claim('a'), 'first', 'the oldest answer made room');
    assert.deepEqual(await recent.answerOf('d', 0), big('d'.charCodeAt(0)));
  });
});

describe('BlobRecentActivities (Azurite): shared by several instances', function () {
  this.timeout(30_000);
  let azurite: Azurite;
  const opened: RecentActivities[] = [];
  let containers = 0;
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await Promise.all(opened.map((r) => r.close()));
    await azurite.stop();
  });
  const twoInstances = async () => {
    const container = azurite.container(`recent-${++containers}`);
    await container.createIfNotExists();
    const pair = [new BlobRecentActivities(container, 60_000, 100), new BlobRecentActivities(container, 60_000, 100)] as const;
    opened.push(...pair);
    return { container, pair };
  };

  it('lets exactly one instance run an activity that reaches both at once', async () => {
    const { pair } = await twoInstances();
    const claims = await Promise.all([pair[0].claim('msteams/c/1'), pair[1].claim('msteams/c/1')]);
    assert.deepEqual([...claims].sort(), ['first', 'repeat']);
    assert.equal(await pair[0].claim('msteams/c/1'), 'repeat');
    assert.equal(await pair[1].claim('msteams/c/1'), 'repeat');
  });

  it("gives the other instance the first's answer once it is recorded", async () => {
    const { pair } = await twoInstances();
    assert.equal(await pair[0].claim('k'), 'first');
    assert.equal(await pair[1].claim('k'), 'repeat');
    assert.equal(await pair[1].answerOf('k', 50), undefined, 'not answered yet');
    const waiting = pair[1].answerOf('k', 5_000);
    await pair[0].settle('k', card(7));
    assert.deepEqual(await waiting, card(7));
  });

  it('lets a forgotten activity run again, and sweeps activities older than the window', async () => {
    const { container, pair } = await twoInstances();
    await pair[0].claim('gone');
    await pair[0].forget('gone');
    assert.equal(await pair[1].claim('gone'), 'first');
    await pair[0].claim('old');
    const names = async () => {
      const list: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix: 'activities/' })) list.push(blob.name);
      return list;
    };
    assert.equal((await names()).length, 2);
    assert.equal(await pair[0].sweep(Date.now() + 60_001), 2);
    assert.deepEqual(await names(), []);
  });
});
