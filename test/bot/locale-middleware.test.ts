import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, UserState, type Activity } from 'botbuilder';
import { LocaleMiddleware } from '../../src/bot/locale-middleware.js';
import { translatorOf } from '../../src/dialogs/turn-state.js';
import type { Locale } from '../../src/i18n/resolve-locale.js';
import { texts } from '../helpers/conversation.js';

describe('LocaleMiddleware', () => {
  const run = async (activity: Partial<Activity>, chosen?: Locale): Promise<string> => {
    const storage = new MemoryStorage();
    const userState = new UserState(storage);
    void new ConversationState(storage);
    const property = userState.createProperty<Locale | undefined>('locale');
    let seen = '';
    const adapter = new TestAdapter(async (context) => {
      seen = translatorOf(context).locale;
    });
    adapter.use(async (context, next) => {
      if (chosen) await property.set(context, chosen);
      await next();
    });
    adapter.use(new LocaleMiddleware(texts, property));
    await adapter.receiveActivity({ type: 'message', text: 'hi', ...activity });
    return seen;
  };

  const cases: Array<[string, Partial<Activity>, Locale | undefined, string]> = [
    ['fr-FR', { locale: 'fr-FR' }, undefined, 'fr'],
    ['fr-CA', { locale: 'fr-CA' }, undefined, 'fr'],
    ['de-DE', { locale: 'de-DE' }, undefined, 'en'],
    ['no locale, clientInfo fr-BE', { locale: undefined, entities: [{ type: 'clientInfo', locale: 'fr-BE' }] }, undefined, 'fr'],
    ['no locale at all', { locale: undefined }, undefined, 'en'],
    ['a chosen language over the client\'s', { locale: 'fr-FR' }, 'en', 'en'],
  ];
  for (const [what, activity, chosen, expected] of cases) {
    it(`speaks ${expected} for ${what}`, async () => {
      assert.equal(await run(activity, chosen), expected);
    });
  }
});
