import assert from 'node:assert/strict';
import { CardRenderer, CardTemplateError } from '../../src/cards/render-card.js';
import { compileTemplate } from '../../src/cards/compiled-template.js';
import { Texts } from '../../src/i18n/i18n.js';
import { LOCALES } from '../../src/i18n/resolve-locale.js';
import { CARDS_DIR, LOCALES_DIR } from '../../src/paths.js';
import { CARD_SAMPLES } from '../../support/card-samples.js';
import * as ACData from 'adaptivecards-templating';

const library = (template: unknown, root: unknown) => new ACData.Template(template).expand({ $root: root });

describe('compiled card templates', () => {
  const texts = Texts.fromDirectory(LOCALES_DIR);
  const cards = new CardRenderer(CARDS_DIR);

  for (const name of cards.names) {
    for (const locale of LOCALES) {
      it(`draws ${name} in ${locale} compiled, exactly as adaptivecards-templating does, for every sample`, () => {
        const t = texts.translator(locale);
        assert.ok(cards.isCompiled(name, t), `${name} uses something the compiled templates do not cover`);
        for (const data of CARD_SAMPLES[name] ?? []) assert.deepEqual(cards.expand(name, data, t), cards.expandWithLibrary(name, data, t));
      });
    }
  }

  const cases: Array<[string, unknown, unknown]> = [
    ['a binding alone keeps its type', { a: '${data.list}', b: '${data.yes}', c: '${data.n}' }, { data: { list: [1, 2], yes: true, n: 3 } }],
    ['text around bindings makes text', { a: 'x ${data.n} y ${data.s}' }, { data: { n: 3, s: 'z' } }],
    ['$when drops what is false, keeps what is true', { body: [{ $when: '${data.yes}', t: 1 }, { $when: '${!data.yes}', t: 2 }, { $when: "${data.s != ''}", t: 3 }] }, { data: { yes: true, s: '' } }],
    ['&& and || of booleans', { body: [{ $when: '${data.a && !data.b}', t: 1 }, { $when: '${data.b || data.a}', t: 2 }] }, { data: { a: true, b: false } }],
    ['$data repeats an object for each item, with $index', { body: [{ $data: '${data.items}', t: '${name}', i: '${$index}', r: '${$root.data.k}' }] }, { data: { k: 'K', items: [{ name: 'a' }, { name: 'b' }] } }],
    ['$data over one item gives one object, over none drops it', { body: [{ $data: '${data.one}', t: '${name}' }, { $data: '${data.none}', t: '${name}' }], x: { $data: '${data.none}', t: 1 } }, { data: { one: [{ name: 'a' }], none: [] } }],
    ['an element of a table chosen by a value', { a: '${strings.kind[data.kind]}' }, { strings: { kind: { x: 'X', y: 'Y' } }, data: { kind: 'y' } }],
    ['a missing value is left to the library, which writes its binding back', { a: '${data.missing}', b: 'x ${data.missing}' }, { data: {} }],
    ['a condition on a missing value is left to the library', { body: [{ $when: '${data.missing}', t: 1 }, { $when: '${!data.missing}', t: 2 }] }, { data: {} }],
    ['an object written into text is left to the library', { a: 'x ${data.o}' }, { data: { o: { k: 1 } } }],
    ['a null value is left to the library', { a: '${data.n}' }, { data: { n: null } }],
  ];
  for (const [behaviour, template, root] of cases) {
    it(`gives the library's output: ${behaviour}`, () => {
      const compiled = compileTemplate(template);
      assert.ok(compiled, 'compiled');
      let ours: unknown;
      try {
        ours = compiled(root);
      } catch (error) {
        assert.equal((error as Error).name, 'Uncovered');
        ours = library(template, root);
      }
      assert.deepEqual(ours, library(template, root));
    });
  }

  it('does not compile what it does not cover: functions, numbers, backslashes', () => {
    for (const template of [{ a: '${concat(data.a, data.b)}' }, { $when: '${data.n == 1}' }, { a: 'a\\n ${data.x}' }, { $when: 'yes' }]) {
      assert.equal(compileTemplate(template), undefined, JSON.stringify(template));
    }
  });

  it('fails as the library does when a card is given no data', () => {
    const t = texts.translator('en');
    const outcome = (draw: () => unknown) => {
      try {
        return { card: draw() };
      } catch (error) {
        return { error: error instanceof CardTemplateError ? 'CardTemplateError' : (error as Error).message };
      }
    };
    for (const name of cards.names) assert.deepEqual(outcome(() => cards.expand(name, {}, t)), outcome(() => cards.expandWithLibrary(name, {}, t)), name);
  });
});
