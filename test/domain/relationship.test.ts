import assert from 'node:assert/strict';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../src/domain/model.js';
import { ACTIONS, addMethod, canPerform, type Action } from '../../src/domain/relationship.js';

describe('relationship rules', () => {
  const table: Record<RelationshipType, Record<Action, boolean>> = {
    advisor: { view: true, add: true, change: true, remove: true },
    reseller: { view: true, add: false, change: false, remove: false },
    delegatedAdmin: { view: true, add: true, change: false, remove: false },
  };
  for (const type of RELATIONSHIP_TYPES) {
    for (const action of ACTIONS) {
      const expected = table[type][action];
      it(`${expected ? 'allows' : 'refuses'} ${action} on ${type} relationships`, () => {
        assert.equal(canPerform(type, action), expected);
      });
    }
  }

  it('never lets the customer remove a reseller relationship', () => {
    assert.equal(canPerform('reseller', 'remove'), false);
  });

  it('adds partners by Partner ID worldwide and by partner offer in 21Vianet', () => {
    assert.equal(addMethod('worldwide'), 'partnerId');
    assert.equal(addMethod('21vianet'), 'partnerOffer');
  });
});
