import assert from 'node:assert/strict';
import { partnerIdIn, partnerNamedIn, subscriptionsIn } from '../../src/nlu/entities.js';

const IDS: Array<[string, string | undefined]> = [
  ['add partner 1234567', '1234567'],
  ['change the partner of Business Standard to 2345678', '2345678'],
  ['partner 123 4567 please', '1234567'],
  ['ID: 123-4567', '1234567'],
  ['12.34.567', '1234567'],
  ['mettre 2345678 comme partenaire sur Office 365 E3', '2345678'],
  ['mettre le partenaire 234 5678 sur Microsoft 365 E3', '2345678'],
  ['Microsoft 365 1234567', '1234567'],
  ['Office 365 E3', undefined],
  ['partner 12345', undefined],
  ['12345678901', undefined],
  ['the 2nd one', undefined],
  ['sub-1234567x', undefined],
];

const SUBSCRIPTIONS = [
  { id: 'sub-1', name: 'Microsoft 365 Business Standard' },
  { id: 'sub-2', name: 'Office 365 E3' },
  { id: 'sub-3', name: 'Microsoft 365 E3' },
  { id: 'sub-4', name: 'Microsoft 365 Business Basic' },
  { id: 'sub-5', name: 'Microsoft Teams Essentials' },
  { id: 'sub-6', name: 'Power BI Pro' },
];

const NAMED: Array<[string, string[]]> = [
  ['change the partner of Business Standard to 2345678', ['sub-1']],
  ['change partner on busness standrad', ['sub-1']],
  ['partner for standard business', ['sub-1']],
  ['point Power BI at a new partner', ['sub-6']],
  ['give E3 a partner', ['sub-2', 'sub-3']],
  ['the office 365 e3 one', ['sub-2']],
  ['mettre 2345678 comme partenaire sur Office 365 E3', ['sub-2']],
  ["changer le partenaire de l'abonnement Teams", ['sub-5']],
  ['supprimer le partenaire de Business Basic', ['sub-4']],
  ['business', ['sub-1', 'sub-4']],
  ['change partner', []],
  ['remove the partner from Dynamics 365 Sales', []],
];

const PARTNERS = [
  { id: '1234567', name: 'Contoso Advisors' },
  { id: '7654321', name: 'Northwind Traders' },
  { id: '3456789', name: 'Fourth Coffee' },
  { id: '4567890' },
];

const PARTNERS_NAMED: Array<[string, string | undefined]> = [
  ['switch to Fourth Coffee', '3456789'],
  ['passer à Fourth Coffee', '3456789'],
  ['make northwind traders our advisor', '7654321'],
  ['switch to Forth Coffee', '3456789'],
  ['switch to Contoso Advisors Inc', '1234567'],
  ['switch to Coffee', undefined],
  ['change partner', undefined],
];

describe('entities', () => {
  for (const [text, id] of IDS) {
    it(`reads the Partner ID of "${text}" as ${String(id)}`, () => assert.equal(partnerIdIn(text), id));
  }
  for (const [text, ids] of NAMED) {
    it(`finds ${ids.length === 0 ? 'no subscription' : ids.join(', ')} named in "${text}"`, () => {
      assert.deepEqual(subscriptionsIn(text, SUBSCRIPTIONS).map((s) => s.id), ids);
    });
  }
  for (const [text, id] of PARTNERS_NAMED) {
    it(`finds the partner ${String(id)} named in "${text}"`, () => assert.equal(partnerNamedIn(text, PARTNERS)?.id, id));
  }
});
