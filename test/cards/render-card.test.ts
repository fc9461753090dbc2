import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CardRenderer, CardTemplateError, deferred, translateDeferred } from '../../src/cards/render-card.js';
import { Texts } from '../../src/i18n/i18n.js';
import { LOCALES } from '../../src/i18n/resolve-locale.js';
import { CARDS_DIR, LOCALES_DIR } from '../../src/paths.js';
import { CARD_SAMPLES } from '../../support/card-samples.js';

describe('card rendering', () => {
  const texts = Texts.fromDirectory(LOCALES_DIR);
  const cards = new CardRenderer(CARDS_DIR);

  it('has sample data for every card template', () => {
    assert.deepEqual(Object.keys(CARD_SAMPLES).sort(), cards.names);
  });

  for (const name of cards.names) {
    for (const locale of LOCALES) {
      it(`renders ${name} in ${locale} with every binding resolved`, () => {
        for (const data of CARD_SAMPLES[name] ?? []) {
          const card = cards.expand(name, data, texts.translator(locale));
          assert.equal(card.version, '1.5');
          const text = JSON.stringify(card);
          assert.doesNotMatch(text, /\$\{/);
          assert.doesNotMatch(text, /"(title|text|label|placeholder|errorMessage)":"(cards:)?[a-z]+(\.[a-zA-Z]+)+"/, 'an i18n key shown as text');
        }
      });
    }
  }

  it('translates a deferred text whose values are deferred texts themselves, in the reader\'s language', () => {
    const text = deferred('dialogs:changePartner.notAdmin', { page: deferred('dialogs:common.productsPage.21vianet'), link: 'https://example.test/${x}' });
    const fr = translateDeferred(text, texts.translator('fr')) as string;
    assert.ok(fr.includes('Facturation > Vos produits'), fr);
    assert.ok(fr.includes('https://example.test/$\u200b{x}'), 'values are defused too');
    assert.ok((translateDeferred(text, texts.translator('en')) as string).includes('Billing > Your products'));
  });

  it('fails on a binding with no string behind it, rather than show "${…}" to users', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cards-'));
    await writeFile(path.join(dir, 'broken.json'), JSON.stringify({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${strings.missing}' }] }));
    const renderer = new CardRenderer(dir);
    assert.throws(() => renderer.expand('broken', {}, texts.translator('en')), CardTemplateError);
  });
});
