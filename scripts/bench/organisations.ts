import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { directoryWithSeed, recordWithSeed, SeedTally, type TenantFile } from '../../src/domain/tenant-record.js';
import { BENCH_ADMIN, benchSeed, benchTenant } from './prefill.js';

/** Bumped whenever the data set changes shape, so an older one on disk is made again. */
const FORMAT = 1;

/**
 * A DATA_DIR of `organisations` organisations (bench-tenant-0 …), each with `subscriptions`
 * subscriptions (a third with a partner of record) and a reseller, written straight in the file
 * layout of the partner register: 100,000 organisations in seconds, where the seed command would
 * take minutes. The folder is kept between runs (a stamp says what it holds) and its bot state
 * removed, so paired runs of two builds start from the same data.
 */
export function organisationData(dir: string, organisations: number, subscriptions: number): { dir: string; made: boolean } {
  const stamp = `${dir}.json`;
  const wanted = JSON.stringify({ format: FORMAT, organisations, subscriptions });
  rmSync(path.join(dir, 'state'), { recursive: true, force: true });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return { dir, made: false };
  rmSync(dir, { recursive: true, force: true });
  rmSync(stamp, { force: true });
  const tenants = path.join(dir, 'partners', 'tenants');
  mkdirSync(tenants, { recursive: true });
  const one = benchSeed(1, subscriptions);
  writeFileSync(path.join(dir, 'partners', 'directory.json'), JSON.stringify(directoryWithSeed({ schemaVersion: 1, partners: {} }, one, new SeedTally()), null, 2));
  const template = one.tenants[0]!;
  for (let i = 0; i < organisations; i++) {
    const id = benchTenant(i);
    const seedTenant = {
      ...template,
      id,
      name: `Organisation ${i}`,
      admins: [BENCH_ADMIN],
      subscriptions: template.subscriptions.map((s, n) => ({ ...s, name: `Subscription ${n} of organisation ${i}` })),
    };
    const file: TenantFile = { schemaVersion: 1, record: recordWithSeed(undefined, seedTenant, new SeedTally()) };
    const hash = createHash('sha256').update(id).digest('hex').slice(0, 40);
    writeFileSync(path.join(tenants, `${hash}.json`), JSON.stringify(file, null, 2));
  }
  writeFileSync(stamp, wanted);
  return { dir, made: true };
}
