import assert from 'node:assert/strict';
import { startApp, type RunningApp } from '../helpers/app.js';
import { testSeed } from '../helpers/seed-data.js';
import { seededRandom } from '../../support/random.js';


const CASES = 2000;
const SEED = 20261124;

const NASTY_STRINGS = [
  '', ' ', '${strings.title}', '${data.cardId}', '**bold** [link](https://evil.example)', '<script>alert(1)</script>',
  '"}],"actions":[{"type":"Action.OpenUrl","url":"https://evil.example"}]', '\u0000\u0001', '👩🏽‍💻 ∑ 𝕏', 'é'.repeat(5000),
  'x'.repeat(100_000), '1234567', '12345678901', 'sub-1', 'sub-1-of-b', 'constructor', '__proto__', 'toString',
  'supprimer le partenaire', 'yes', 'oui', 'English', 'annuler',
];
const VERBS = ['start', 'pickSubscription', 'confirm', 'cancel', 'checkPartnerId', 'reviewOffer', 'offerNext', 'nope', ''];

describe(`fuzz: ${CASES} mutated activities and card submits`, function () {
  this.timeout(120_000);
  let bot: RunningApp;
  before(async () => {
    bot = await startApp();
    await bot.app.repository.importSeed(testSeed);
  });
  after(() => bot.stop());

  it('never answers 5xx, never crashes, changes no partner data, and does not grow memory without bound', async () => {
    const rand = seededRandom(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const anything = (depth = 0): unknown => {
      const r = rand();
      if (r < 0.35) return pick(NASTY_STRINGS);
      if (r < 0.45) return Math.floor(rand() * 1e9) * (rand() < 0.5 ? -1 : 1);
      if (r < 0.5) return null;
      if (r < 0.55) return rand() < 0.5;
      if (r < 0.7 && depth < 4) return Array.from({ length: Math.floor(rand() * 4) }, () => anything(depth + 1));
      if (depth < 4) return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick(NASTY_STRINGS).slice(0, 20) || 'k', anything(depth + 1)]));
      return pick(NASTY_STRINGS);
    };
    const before = JSON.stringify(await Promise.all(['tenant-a', 'tenant-b'].map((t) => bot.app.repository.listSubscriptions(t))));
    const rssBefore = process.memoryUsage().rss;

    const statuses = new Map<number, number>();
    const bodyOf = (i: number): string => {
      const admin = rand() < 0.4;
      const base: Record<string, unknown> = {
        type: 'message',
        id: `fuzz-${i}`,
        channelId: pick(['msteams', 'emulator', 'webchat']),
        serviceUrl: 'http://127.0.0.1:9',
        deliveryMode: 'expectReplies',
        locale: pick(['fr-FR', 'en-US', 'xx', '']),
        conversation: { id: `fuzz-conversation-${Math.floor(rand() * 20)}`, tenantId: pick(['tenant-a', 'tenant-b', 'evil']) },
        from: { id: `29:${i % 7}`, aadObjectId: admin ? 'admin-a' : pick(['someone', '', 'admin-b']), name: pick(NASTY_STRINGS).slice(0, 50) },
        recipient: { id: 'bot' },
        channelData: { tenant: { id: pick(['tenant-a', 'tenant-b', 'evil', '__proto__']) } },
      };
      const verb = pick(VERBS);
      const data = { verb, cardId: pick(['x', '', 'forged', anything()]), subscriptionId: pick(['sub-1', 'sub-2', 'sub-1-of-b', '__proto__', anything()]), partnerId: anything(), intent: pick(['addPartner', 'removePartner', 'help', 'nope', anything()]), offerId: 'offer-1', authorize: pick(['yes', 'no', anything()]) };
      const shape = admin ? pick(['submit', 'invoke']) : pick(['text', 'submit', 'invoke', 'mutant', 'update']);
      if (shape === 'text') base.text = pick(NASTY_STRINGS);
      if (shape === 'submit') base.value = rand() < 0.8 ? data : anything();
      if (shape === 'invoke') Object.assign(base, { type: 'invoke', name: pick(['adaptiveCard/action', 'task/fetch', 'nope']), value: { action: { type: pick(['Action.Execute', 'Action.Submit']), verb, data } } });
      if (shape === 'update') Object.assign(base, { type: pick(['conversationUpdate', 'installationUpdate', 'messageReaction']), membersAdded: anything(), action: anything() });
      if (shape === 'mutant') {
        const key = pick(Object.keys(base));
        base[key] = anything();
      }
      let body = JSON.stringify(base);
      // Keys JSON.parse turns into own properties, which plain objects would treat as prototypes.
      if (rand() < 0.1) body = body.replace('{"type"', '{"__proto__":{"isAdmin":true,"polluted":true},"constructor":{"prototype":{"polluted":true}},"type"');
      return body;
    };

    let next = 0;
    const worker = async () => {
      while (next < CASES) {
        const i = next++;
        const response = await fetch(`${bot.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(i) });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        assert.ok(response.status < 500, `case ${i} (seed ${SEED}) got ${response.status}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));

    assert.equal([...statuses.values()].reduce((a, b) => a + b, 0), CASES);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    const after = JSON.stringify(await Promise.all(['tenant-a', 'tenant-b'].map((t) => bot.app.repository.listSubscriptions(t))));
    assert.equal(after, before, 'no partner data changed');
    assert.equal((await bot.app.repository.listAudit('tenant-a', 10)).length, 0);
    assert.equal((await fetch(`${bot.baseUrl}/healthz`)).status, 200);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    assert.ok(grownMb < 300, `memory grew by ${grownMb.toFixed(0)} MB`);
  });
});
