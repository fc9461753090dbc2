import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';

/** Every .ts file under `dir`, with its import specifiers. */
function importsUnder(dir: string): Array<{ file: string; imports: string[] }> {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) files.push(p);
    }
  };
  walk(path.join(PROJECT_ROOT, dir));
  return files.map((file) => ({
    file: path.relative(PROJECT_ROOT, file),
    imports: [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!),
  }));
}

/** Resolves a relative import of `file` to a path from the project root. */
const target = (file: string, spec: string) => (spec.startsWith('.') ? path.join(path.dirname(file), spec) : spec);

// The layers of DESIGN.md §2, held against the imports: a change goes down them once.
const RULES: Array<[string, string, RegExp, string]> = [
  ['src', 'the app', /^(test|scripts|support)\//, 'imports no tests, scripts or support code'],
  ['src/services', 'a service', /^(botbuilder|i18next|restify|lowdb)|^src\/(bot|dialogs|cards|i18n|store)\//, 'imports no botbuilder, i18n, HTTP or storage backend'],
  ['src/dialogs', 'a dialog', /^src\/(store|ports|bot)\//, 'reaches no store (it calls a service), and nothing above it'],
  ['src/cards', 'card rendering', /^src\/(bot|dialogs|services|store)\//, 'knows nothing of conversations or storage'],
  ['src/store', 'a storage backend', /^src\/(services|dialogs|bot)\//, 'knows nothing above it'],
  ['test', 'a test', /^scripts\//, 'imports no script (what both use is in support/)'],
  ['scripts', 'a script', /^test\//, 'imports no test helper (what both use is in support/)'],
];

describe('layout: the layers hold', () => {
  for (const [dir, who, forbidden, rule] of RULES) {
    it(`${who} ${rule}`, () => {
      const broken = importsUnder(dir).flatMap(({ file, imports }) =>
        imports.map((spec) => target(file, spec)).filter((t) => forbidden.test(t)).map((t) => `${file} → ${t}`),
      );
      assert.deepEqual(broken, []);
    });
  }
});
