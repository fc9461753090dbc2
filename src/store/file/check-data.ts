import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDirectoryFile } from '../../domain/tenant-record.js';
import { DataFileError } from '../../ports/partner-register.js';
import { isItemFile } from './file-state-storage.js';
import { parseTenantFile } from './file-partner-register.js';
import { isRecord, parseDataFile } from './json-file.js';

export interface DataCheck {
  /** Data files read. */
  readonly checked: number;
  /** The files the bot could not use, with why. */
  readonly damaged: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
}

/** A file of DATA_DIR and how to check it; undefined for files the bot does not read. */
function checkerOf(relative: string): ((file: string, text: string) => void) | undefined {
  const parts = relative.split(path.sep);
  const name = parts.at(-1)!;
  if (name.startsWith('.')) return undefined; // a temporary file left by an interrupted write: never read
  if (relative === 'partners.json') {
    return (file, text) => void parseDataFile(file, text, (d): d is unknown => isRecord(d) && d.schemaVersion === 1 && isRecord(d.partners) && isRecord(d.tenants), 'a partner-bot data file');
  }
  if (relative === path.join('partners', 'directory.json')) return (file, text) => void parseDataFile(file, text, isDirectoryFile, 'a partner directory');
  if (parts[0] === 'partners' && parts[1] === 'tenants' && parts.length === 3 && name.endsWith('.json')) return (file, text) => void parseTenantFile(file, text);
  if (parts[0] === 'partners' && parts[1] === 'audit' && parts.length === 3 && name.endsWith('.jsonl')) return checkArchive;
  if (parts[0] === 'state' && name.endsWith('.json')) return (file, text) => void parseDataFile(file, text, isItemFile, 'a state file');
  return undefined;
}

function checkArchive(file: string, text: string): void {
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    try {
      if (!isRecord(JSON.parse(line))) throw new Error('not an audit entry');
    } catch (error) {
      throw new DataFileError(file, `line ${i + 1} is not an audit entry (${(error as Error).message})`);
    }
  });
}

/**
 * Reads every data file of `dataDir` as the bot would (partner directory, each organisation's file
 * and audit archive, bot state) and lists those it could not use. Reads only: nothing is changed.
 * Synchronous reads one after the other: on 100,000 small files that is faster than asynchronous
 * ones, which each make several round trips through the thread pool.
 */
export function checkDataDir(dataDir: string): DataCheck {
  const damaged: Array<{ file: string; reason: string }> = [];
  let checked = 0;
  const walk = (relative: string) => {
    const dir = path.join(dataDir, relative);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && relative === '') return;
      damaged.push({ file: dir, reason: `cannot be listed (${(error as Error).message})` });
      return;
    }
    for (const entry of entries) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(child);
        continue;
      }
      const check = checkerOf(child);
      if (!check) continue;
      const file = path.join(dataDir, child);
      checked += 1;
      try {
        check(file, readFileSync(file, 'utf8'));
      } catch (error) {
        damaged.push({ file, reason: error instanceof DataFileError ? error.reason : `cannot be read (${(error as Error).message})` });
      }
    }
  };
  walk('');
  return { checked, damaged };
}
