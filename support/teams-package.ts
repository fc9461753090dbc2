import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { zipSync } from 'fflate';
import { PROJECT_ROOT } from '../src/paths.js';

const require = createRequire(import.meta.url);

export const MANIFEST_DIR = path.join(PROJECT_ROOT, 'manifest');
export const SCHEMA_VERSION = 'v1.30';
const SCHEMA_DIR = path.join(
  path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build/json-schemas/teams',
  SCHEMA_VERSION,
);

/** Teams' documented limits for bot commands (the JSON schema allows more than Teams shows). */
export const COMMAND_TITLE_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 128;

type Json = Record<string, unknown>;
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

interface Validator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string }> | null;
}

/** The official manifest and localization JSON schemas, shipped offline in @microsoft/app-manifest. */
export function schemaValidators(): { manifest: Validator; localization: Validator } {
  const Ajv = require('ajv-draft-04') as new (options: object) => {
    compile(schema: object): Validator;
  };
  const addFormats = require('ajv-formats') as (ajv: object) => void;
  // The schemas' patterns are not valid with the `u` flag Ajv adds by default.
  const regExp = Object.assign((pattern: string, flags = '') => new RegExp(pattern, flags.replace('u', '')), {
    code: 'new RegExp',
  });
  const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp } });
  addFormats(ajv);
  return {
    manifest: ajv.compile(readJson(path.join(SCHEMA_DIR, 'MicrosoftTeams.schema.json'))),
    localization: ajv.compile(readJson(path.join(SCHEMA_DIR, 'MicrosoftTeams.Localization.schema.json'))),
  };
}

export const describeErrors = (validator: Validator): string[] =>
  (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim());

/** Every problem of a manifest and its French file: schema errors and Teams' own limits. */
export function manifestProblems(manifest: Json, fr: Json): string[] {
  const { manifest: checkManifest, localization: checkLocalization } = schemaValidators();
  const problems: string[] = [];
  if (!checkManifest(manifest)) problems.push(...describeErrors(checkManifest).map((e) => `manifest.json ${e}`));
  if (!checkLocalization(fr)) problems.push(...describeErrors(checkLocalization).map((e) => `fr.json ${e}`));
  const versionOf = (schema: unknown) => /\/teams\/(v[\d.]+|vDevPreview)\//.exec(String(schema))?.[1];
  if (versionOf(manifest.$schema) !== SCHEMA_VERSION || versionOf(fr.$schema) !== SCHEMA_VERSION) {
    problems.push(`manifest.json and fr.json must both use the ${SCHEMA_VERSION} schemas`);
  }
  const bots = (manifest.bots ?? []) as Array<{ commandLists?: Array<{ commands: Array<{ title: string; description?: string }> }> }>;
  bots[0]?.commandLists?.forEach((list, i) =>
    list.commands.forEach((command, j) => {
      const key = `bots[0].commandLists[${i}].commands[${j}]`;
      const texts: Array<[string, unknown, number]> = [
        [`${key}.title`, command.title, COMMAND_TITLE_MAX],
        [`${key}.description`, command.description, COMMAND_DESCRIPTION_MAX],
        [`fr ${key}.title`, fr[`${key}.title`], COMMAND_TITLE_MAX],
        [`fr ${key}.description`, fr[`${key}.description`], COMMAND_DESCRIPTION_MAX],
      ];
      for (const [where, text, max] of texts) {
        if (typeof text !== 'string' || text === '') problems.push(`${where} is missing`);
        else if (text.length > max) problems.push(`${where} has ${text.length} characters; Teams shows at most ${max}`);
      }
    }),
  );
  return problems;
}

export class PackageError extends Error {}

/**
 * The sideloadable Teams app package: manifest.json (with the bot's app id), fr.json and the two
 * icons, zipped at the top level as Teams expects.
 */
export function buildPackage(options: { appId: string; version: string; botDomain?: string }): Uint8Array {
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!guid.test(options.appId)) {
    throw new PackageError(
      'MicrosoftAppId must be set to the bot registration\'s application (client) ID to build the Teams package (in .env or the environment).',
    );
  }
  const manifest = readJson(path.join(MANIFEST_DIR, 'manifest.json'));
  const fr = readJson(path.join(MANIFEST_DIR, 'fr.json'));
  const bots = manifest.bots as Array<Json>;
  const packaged: Json = {
    ...manifest,
    id: options.appId,
    version: options.version,
    bots: bots.map((bot) => ({ ...bot, botId: options.appId })),
    validDomains: options.botDomain ? [options.botDomain] : manifest.validDomains,
  };
  const problems = manifestProblems(packaged, fr);
  if (problems.length > 0) throw new PackageError(`the Teams manifest is not valid:\n  - ${problems.join('\n  - ')}`);
  const file = (name: string) => new Uint8Array(readFileSync(path.join(MANIFEST_DIR, name)));
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(packaged, null, 2)),
    'fr.json': file('fr.json'),
    'color.png': file('color.png'),
    'outline.png': file('outline.png'),
  });
}
