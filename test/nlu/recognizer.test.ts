import assert from 'node:assert/strict';
import type { Intent } from '../../src/nlu/recognizer.js';
import { recognizer } from '../helpers/recognizer.js';

// What admins type, in both languages, with the intent each must give. Typos, accents, case,
// word order and polite forms are on purpose.
const UTTERANCES: Array<[string, Intent]> = [
  // add
  ['add a partner', 'addPartner'],
  ['Add partner', 'addPartner'],
  ['I want to add a partner to my subscription', 'addPartner'],
  ['could you please add an advisor?', 'addPartner'],
  ['ad a partnr', 'addPartner'],
  ['assign a partner of record', 'addPartner'],
  ['ajouter un partenaire', 'addPartner'],
  ['Ajoutez un partenaire SVP', 'addPartner'],
  ['je voudrais ajouter un partenaire à mon abonnement', 'addPartner'],
  ['ajoutter un partenair', 'addPartner'],
  ['nouveau partenaire', 'addPartner'],
  ['partenaire à ajouter', 'addPartner'],
  // change
  ['change partner', 'changePartner'],
  ["I'd like to switch partners", 'changePartner'],
  ['replace the partner of my subscription', 'changePartner'],
  ['chnage partner', 'changePartner'],
  ['modify the advisor on Office 365 E3', 'changePartner'],
  ['changer de partenaire', 'changePartner'],
  ['je voudrais changer de partenaire', 'changePartner'],
  ['Remplacer le partenaire', 'changePartner'],
  ['modifier le partenaire de mon abonnement', 'changePartner'],
  ['CHANGER PARTENAIRE', 'changePartner'],
  ['partenaire : changer', 'changePartner'],
  // remove
  ['remove partner', 'removePartner'],
  ['delete the partner from my subscription', 'removePartner'],
  ['please remove the advisor', 'removePartner'],
  ['get rid of my partner', 'removePartner'],
  ['remvoe partner', 'removePartner'],
  ['supprimer le partenaire', 'removePartner'],
  ['Supprimez le partenaire de cet abonnement', 'removePartner'],
  ['retirer mon partenaire', 'removePartner'],
  ['enlever le conseiller', 'removePartner'],
  ['suprimer partenaire', 'removePartner'],
  // view
  ['show my partners', 'viewRelationships'],
  ['who is my partner?', 'viewRelationships'],
  ['list partner relationships', 'viewRelationships'],
  ['partner relationships', 'viewRelationships'],
  ['view partners', 'viewRelationships'],
  ['afficher mes partenaires', 'viewRelationships'],
  ['Quels sont mes partenaires ?', 'viewRelationships'],
  ['relations de partenaires', 'viewRelationships'],
  ['voir les partenaires', 'viewRelationships'],
  ['qui est mon partenaire', 'viewRelationships'],
  ['show my reseller', 'viewRelationships'],
  // reseller
  ['remove my reseller', 'removeReseller'],
  ['delete the reseller relationship', 'removeReseller'],
  ['how do I remove a reseller?', 'removeReseller'],
  ['supprimer mon revendeur', 'removeReseller'],
  ['Supprimer la relation de revendeur', 'removeReseller'],
  ['retirer le revendeur', 'removeReseller'],
  ['resseller', 'removeReseller'],
  // purchase
  ['add a partner when buying', 'addAtPurchase'],
  ['add partner at purchase', 'addAtPurchase'],
  ['how do I add a partner when I buy a subscription', 'addAtPurchase'],
  ["ajouter un partenaire à l'achat", 'addAtPurchase'],
  ['ajouter un partenaire au moment de l’achat', 'addAtPurchase'],
  ['partenaire lors de la commande', 'addAtPurchase'],
  // offers (21Vianet)
  ['accept a partner offer', 'acceptOffer'],
  ['show partner offers', 'acceptOffer'],
  ['accept the partner', 'acceptOffer'],
  ['accepter une offre de partenaire', 'acceptOffer'],
  ['voir les offres', 'acceptOffer'],
  ['autoriser le partenaire', 'acceptOffer'],
  // history
  ['what changed?', 'history'],
  ['show the history', 'history'],
  ['who changed the partner', 'history'],
  ['recent changes', 'history'],
  ["qu'est-ce qui a changé ?", 'history'],
  ['historique', 'history'],
  ['historique des modifications', 'history'],
  // help, cancel, language
  ['help', 'help'],
  ['HELP!', 'help'],
  ['what can you do?', 'help'],
  ['aide', 'help'],
  ['Aidez-moi', 'help'],
  ['que peux-tu faire ?', 'help'],
  ['bonjour', 'help'],
  ['partner', 'help'],
  ['cancel', 'cancel'],
  ['Annuler', 'cancel'],
  ['never mind', 'cancel'],
  ['laisse tomber', 'cancel'],
  ['stop', 'cancel'],
  ['English', 'switchLanguage'],
  ['in english please', 'switchLanguage'],
  ['français', 'switchLanguage'],
  ['en francais', 'switchLanguage'],
  // nothing
  ['the weather is nice', 'none'],
  ['', 'none'],
  ['1234567', 'none'],
];

describe('Recognizer', () => {
  it(`covers at least 60 utterances`, () => assert.ok(UTTERANCES.length >= 60));

  for (const [text, intent] of UTTERANCES) {
    it(`"${text}" → ${intent}`, () => {
      assert.equal(recognizer.recognize(text).intent, intent);
    });
  }

  it('strips the Teams mention of the bot before recognizing', () => {
    assert.equal(recognizer.recognize('<at>Partner Bot</at> changer de partenaire').intent, 'changePartner');
  });

  it('picks up a Partner ID given with the request', () => {
    assert.deepEqual(recognizer.recognize('add partner 4567890 please'), { intent: 'addPartner', partnerId: '4567890' });
    assert.equal(recognizer.recognize('add partner 12345').partnerId, undefined);
  });

  it('tells which language is asked for', () => {
    assert.equal(recognizer.recognize('English').language, 'en');
    assert.equal(recognizer.recognize('Français').language, 'fr');
    assert.equal(recognizer.recognize('fr').language, 'fr');
    assert.equal(recognizer.recognize('EN').language, 'en');
  });

  for (const text of ['le partenaire de E3', 'the partner of E3', 'our partner for Power BI', 'notre partenaire sur Power BI']) {
    it(`does not guess a task for "${text}", which names a partner and nothing to do with it`, () => {
      const recognized = recognizer.recognize(text);
      assert.equal(recognized.intent, 'none');
      assert.equal(recognized.unsure?.length, 2);
    });
  }

  const answers: Array<[string, boolean | undefined]> = [
    ['yes', true], ['Yes, please', true], ['ok', true], ['oui', true], ["d'accord", true], ['Confirmer', true],
    ['no', false], ['non', false], ['nope', false], ['pas maintenant', false],
    ['maybe', undefined], ['oui non', undefined],
  ];
  for (const [text, expected] of answers) {
    it(`reads "${text}" as ${String(expected)}`, () => assert.equal(recognizer.yesNo(text), expected));
  }
});
