import { DiskWorker } from '../../src/store/file/disk-worker.js';
import { FileStateStorage } from '../../src/store/file/file-state-storage.js';
import { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import type { Seed } from '../../src/domain/seed-file.js';

export const BENCH_ADMIN = 'bench-admin';
export const benchTenant = (i: number) => `bench-tenant-${i}`;

/** 1k tenants with 50 subscriptions each (a third with a partner of record), and a reseller. */
export function benchSeed(tenants: number, subscriptionsPerTenant: number): Seed {
  return {
    partners: [
      { id: '1234567', name: 'Contoso Advisors' },
      { id: '7654321', name: 'Northwind Traders' },
    ],
    tenants: Array.from({ length: tenants }, (_, t) => ({
      id: benchTenant(t),
      name: `Organisation ${t}`,
      cloud: 'worldwide' as const,
      admins: [BENCH_ADMIN],
      subscriptions: Array.from({ length: subscriptionsPerTenant }, (_, s) => ({
        id: `sub-${s}`,
        name: `Subscription ${s} of organisation ${t}`,
        ...(s % 3 === 1 ? { partnerId: '1234567' } : {}),
      })),
      relationships: [{ partnerId: '7654321', partnerName: 'Northwind Traders', type: 'reseller' as const }],
      offers: [],
    })),
  };
}

/** A conversation's state as the bot leaves it mid-task: a dialog stack a few levels deep. */
function conversationState(i: number): Record<string, unknown> {
  return {
    dialogState: {
      dialogStack: [
        { id: 'MainDialog', state: { dialogs: { dialogStack: [
          { id: 'MainDialog.route', state: { options: {}, values: { instanceId: `route-${i}` }, stepIndex: 0 } },
          { id: 'ChangePartnerDialog', state: { dialogs: { dialogStack: [
            { id: 'ChangePartnerDialog.steps', state: { options: {}, values: { subscriptionId: 'sub-1', version: 3, currentPartnerId: '1234567' }, stepIndex: 1 } },
            { id: 'ChangePartnerDialog.partnerId', state: { options: { view: { text: 'dialogs:changePartnerDialog.askId', values: { subscription: `Subscription ${i}`, current: 'Contoso Advisors (1234567)' } } }, userId: `user-${i}` } },
          ] } } },
        ] } } },
      ],
    },
    welcomed: true,
  };
}

/** Fills DATA_DIR with `conversations` stored conversations and the bench organisations. */
export async function prefill(dataDir: string, conversations: number, tenants: number, subscriptionsPerTenant: number): Promise<void> {
  const disk = new DiskWorker();
  const repository = await FilePartnerRegister.open(dataDir, disk);
  await repository.importSeed(benchSeed(tenants, subscriptionsPerTenant));
  await repository.flush();
  const storage = await FileStateStorage.open(dataDir, { cacheSize: 1000, disk });
  const batch = 256;
  for (let start = 0; start < conversations; start += batch) {
    const items: Record<string, Record<string, unknown>> = {};
    for (let i = start; i < Math.min(conversations, start + batch); i++) {
      items[`msteams/conversations/prefilled-${i}/`] = conversationState(i);
    }
    await storage.write(items);
  }
  await storage.flush();
  await disk.close();
}
