import { readFile } from 'node:fs/promises';
import { parseSeed } from './domain/seed-file.js';
import type { PartnerRegister, SeedReport } from './ports/partner-register.js';

/** A seed file that cannot be imported; nothing of it was. */
export class SeedFileError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}. Nothing was imported.`);
    this.name = 'SeedFileError';
  }
}

/** Reads, checks and imports a seed file as one change: all of it, or nothing. */
export async function importSeedFile(file: string, repository: PartnerRegister): Promise<SeedReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SeedFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SeedFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
  const seed = parseSeed(data);
  if (!seed.ok) throw new SeedFileError(file, seed.error);
  return repository.importSeed(seed.value);
}
