import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

// src/domain holds the rules of the article as pure code: no bot, storage, i18n, HTTP, file
// system or process access, so it can be tested and reused without any of them.
describe('domain purity', () => {
  const dir = path.join(PROJECT_ROOT, 'src', 'domain');
  const forbidden = /from\s+['"](botbuilder[^'"]*|i18next|lowdb[^'"]*|restify|pino|node:[^'"]+|fs|path|process)['"]/;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    it(`${file} imports nothing from infrastructure and reads no clock or environment`, () => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(source, forbidden);
      assert.doesNotMatch(source, /\bprocess\.|Date\.now\(|new Date\(\)/);
    });
    it(`${file} speaks in domain codes, not i18n keys`, () => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(source, /['"`](errors|dialogs|cards|intents):[A-Za-z]/);
    });
  }
});
