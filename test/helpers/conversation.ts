import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, TestAdapter, UserState, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import sinon from 'sinon';
import { IdentityMiddleware } from '../../src/bot/identity.js';
import { LocaleMiddleware } from '../../src/bot/locale-middleware.js';
import { CardUpdater } from '../../src/dialogs/card-updater.js';
import { CardRenderer } from '../../src/cards/render-card.js';
import type { Seed } from '../../src/domain/seed-file.js';
import type { OrganisationReading } from '../../src/services/organisation.js';
import { MainDialog } from '../../src/dialogs/main.dialog.js';
import { Texts, type Translator } from '../../src/i18n/i18n.js';
import type { Locale } from '../../src/i18n/resolve-locale.js';
import { createLogger } from '../../src/logger.js';
import { CARDS_DIR, LOCALES_DIR } from '../../src/paths.js';
import { FilePartnerRegister } from '../../src/store/file/file-partner-register.js';
import { recognizer } from './recognizer.js';
import { testSeed } from './seed-data.js';
import { servicesOf } from './services.js';
import { tempDir } from './temp-dir.js';
import { testDisk } from './disk.js';

export const texts = Texts.fromDirectory(LOCALES_DIR);
const cards = new CardRenderer(CARDS_DIR);

export const NOW = new Date('2026-11-24T10:00:00Z');

export interface Who {
  readonly tenantId?: string;
  readonly userId?: string;
  readonly name?: string;
}

export interface Conversation {
  readonly repo: FilePartnerRegister;
  readonly t: Translator;
  readonly client: DialogTestClient;
  /** Activities the bot replaced in place (`updateActivity`). */
  readonly updates: Array<Partial<Activity>>;
  /** Sends a message (text) as `who`, and returns every reply of the turn. */
  say(text: string, who?: Who): Promise<Array<Partial<Activity>>>;
  /** Sends any activity as `who` (fields as a client sets them), and returns every reply of the turn. */
  send(fields: Partial<Activity>, who?: Who): Promise<Array<Partial<Activity>>>;
  /** Clicks an Action.Submit button: a message whose `value` is the action's data plus inputs. */
  submit(value: Record<string, unknown>, who?: Who): Promise<Array<Partial<Activity>>>;
  /** Clicks an Action.Execute button: an `adaptiveCard/action` invoke. */
  execute(verb: string, data: Record<string, unknown>, who?: Who): Promise<Array<Partial<Activity>>>;
  close(): Promise<void>;
}

/**
 * The real MainDialog through botbuilder-testing's DialogTestClient on Teams' channel, with the
 * turn middleware the bot uses and a real lowdb repository in a temp folder, seeded with
 * `testSeed` (tenant-a worldwide with admin-a; tenant-b 21Vianet with admin-b).
 */
export async function openConversation(
  locale: Locale,
  options: { seed?: Seed; who?: Who; openTenantId?: string; graph?: OrganisationReading } = {},
): Promise<Conversation> {
  const { dir, remove } = await tempDir();
  const repo = await FilePartnerRegister.open(dir, testDisk);
  await repo.importSeed(options.seed ?? testSeed);
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const chosenLocale = userState.createProperty<Locale | undefined>('locale');
  const dialog = new MainDialog({
    ...servicesOf(repo, options.openTenantId ? { openTenantId: options.openTenantId } : {}, options.graph),
    cards,
    cardUpdater: new CardUpdater(createLogger('silent')),
    recognizer,
    clock: () => NOW,
    texts,
    chosenLocale,
  });
  const client = new DialogTestClient('msteams', dialog, undefined, [
    new IdentityMiddleware('local'),
    new LocaleMiddleware(texts, chosenLocale),
    new AutoSaveStateMiddleware(userState),
  ], conversationState);
  const updates: Array<Partial<Activity>> = [];
  sinon.stub(TestAdapter.prototype, 'updateActivity').callsFake(async (_context, activity) => {
    updates.push(activity);
  });
  const base = options.who ?? { tenantId: 'tenant-a', userId: 'admin-a', name: 'Megan Bowen' };
  const shape = (fields: Partial<Activity>, who: Who = base): Partial<Activity> => ({
    locale: locale === 'fr' ? 'fr-FR' : 'en-US',
    from: { id: `29:${who.userId ?? 'anonymous'}`, name: who.name ?? 'User', ...(who.userId ? { aadObjectId: who.userId } : {}) },
    ...(who.tenantId ? { channelData: { tenant: { id: who.tenantId } }, conversation: { id: 'conversation-1', tenantId: who.tenantId } as Activity['conversation'] } : {}),
    ...fields,
  });
  const turn = async (activity: Partial<Activity>) => {
    const replies: Array<Partial<Activity>> = [];
    let reply = await client.sendActivity(activity);
    while (reply) {
      if (reply.type === 'message') replies.push(reply);
      reply = client.getNextReply();
    }
    return replies;
  };
  return {
    repo,
    t: texts.translator(locale),
    client,
    updates,
    say: (text, who) => turn(shape({ type: 'message', text }, who)),
    send: (fields, who) => turn(shape(fields, who)),
    submit: (value, who) => turn(shape({ type: 'message', value, replyToId: 'card-message-1' }, who)),
    execute: (verb, data, who) =>
      turn(shape({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }, who)),
    async close() {
      sinon.restore();
      await remove();
    },
  };
}

/** The Adaptive Card of a reply, or undefined. */
export function cardOf(reply: Partial<Activity> | undefined): Record<string, unknown> | undefined {
  const attachment = reply?.attachments?.[0];
  return attachment?.contentType === 'application/vnd.microsoft.card.adaptive'
    ? (attachment.content as Record<string, unknown>)
    : undefined;
}

/** Every piece of text a card shows, in order (text blocks, fact titles and values, choices, buttons). */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string') out.push(o[key] as string);
    for (const [key, value] of Object.entries(o)) if (key !== 'data' && typeof value === 'object') walk(value);
  };
  walk(card);
  return out;
}

/** The `data` of the card's first action with this verb (Action.Submit or Action.Execute). */
export function actionData(card: unknown, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown): void => {
    if (found || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    const data = o.data as Record<string, unknown> | undefined;
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && data?.verb === verb) found = data;
    else Object.values(o).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no action with verb "${verb}" on the card`);
  return found;
}
