import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { PROJECT_ROOT } from '../../src/paths.js';
import type { Intent } from '../../src/nlu/recognizer.js';
import { readPngHeader } from '../../support/png.js';
import { buildPackage, MANIFEST_DIR, manifestProblems, PackageError } from '../../support/teams-package.js';
import { recognizer } from '../helpers/recognizer.js';

const read = (name: string) => JSON.parse(readFileSync(path.join(MANIFEST_DIR, name), 'utf8')) as Record<string, unknown>;
const APP_ID = '11111111-2222-4333-8444-555555555555';

describe('Teams app package', () => {
  const manifest = read('manifest.json');
  const fr = read('fr.json');

  it('validates manifest.json and fr.json against the official v1.30 schemas and Teams\' limits', () => {
    assert.deepEqual(manifestProblems(manifest, fr), []);
  });

  it('reports a manifest that breaks the schema or the limits', () => {
    const broken = { ...manifest, accentColor: 'blue', name: { short: 'x'.repeat(40) } };
    const frBroken = { ...fr, 'bots[0].commandLists[0].commands[0].title': 'une commande beaucoup trop longue pour Teams' };
    const problems = manifestProblems(broken, frBroken);
    assert.ok(problems.some((p) => p.includes('/accentColor')));
    assert.ok(problems.some((p) => p.includes('/name/short')));
    assert.ok(problems.some((p) => p.includes('fr bots[0].commandLists[0].commands[0].title has')));
  });

  it('translates every command into French, and every command title is understood as its task', () => {
    const expected: Record<string, Intent> = {
      'add a partner': 'addPartner', 'change partner': 'changePartner', 'remove partner': 'removePartner',
      'show my partners': 'viewRelationships', 'remove my reseller': 'removeReseller',
      'add a partner when buying': 'addAtPurchase', 'accept a partner offer': 'acceptOffer', refresh: 'refresh', help: 'help',
    };
    const lists = (manifest.bots as Array<{ commandLists: Array<{ commands: Array<{ title: string }> }> }>)[0]!.commandLists;
    lists.forEach((list, i) =>
      list.commands.forEach((command, j) => {
        const intent = expected[command.title];
        assert.ok(intent, `unexpected command "${command.title}"`);
        assert.equal(recognizer.recognize(command.title).intent, intent, command.title);
        const french = fr[`bots[0].commandLists[${i}].commands[${j}].title`] as string;
        assert.equal(recognizer.recognize(french).intent, intent, french);
      }),
    );
  });

  it('has the icons Teams requires: 192×192 colour, 32×32 white outline on transparent', () => {
    const color = readFileSync(path.join(MANIFEST_DIR, 'color.png'));
    const outline = readFileSync(path.join(MANIFEST_DIR, 'outline.png'));
    assert.deepEqual(readPngHeader(color), { width: 192, height: 192, bitDepth: 8, colorType: 6 });
    assert.deepEqual(readPngHeader(outline), { width: 32, height: 32, bitDepth: 8, colorType: 6 });
  });

  it('builds a sideloadable zip with the bot\'s app id and the project version', () => {
    const zip = unzipSync(buildPackage({ appId: APP_ID, version: '1.2.3', botDomain: 'partner-bot.example.net' }));
    assert.deepEqual(Object.keys(zip).sort(), ['color.png', 'fr.json', 'manifest.json', 'outline.png']);
    const packaged = JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as Record<string, unknown>;
    assert.equal(packaged.id, APP_ID);
    assert.equal((packaged.bots as Array<{ botId: string }>)[0]?.botId, APP_ID);
    assert.equal(packaged.version, '1.2.3');
    assert.deepEqual(packaged.validDomains, ['partner-bot.example.net']);
  });

  it('refuses to build a package without an app id, with a clear message', () => {
    assert.throws(() => buildPackage({ appId: '', version: '1.0.0' }), (error: unknown) => error instanceof PackageError && /MicrosoftAppId/.test(error.message));
  });

  it('uses the project version in manifest.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(manifest.version, version);
  });
});
