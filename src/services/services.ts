import type { AccessPolicy } from '../domain/access.js';
import type { PartnerRegister } from '../ports/partner-register.js';
import { Access } from './access.js';
import { History } from './history.js';
import { Offers } from './offers.js';
import { Organisation, type OrganisationReading } from './organisation.js';
import { PartnerChanges } from './partner-changes.js';
import { PurchaseGuidance } from './purchase-guidance.js';
import { Relationships } from './relationships.js';

/**
 * Every use case of the bot over one partner register, with the rule of who may change partners
 * and, with Microsoft Graph, where organisations are read.
 */
export function createServices(register: PartnerRegister, policy: AccessPolicy, graph?: OrganisationReading) {
  const access = new Access(register, policy, graph?.source);
  return {
    access,
    changes: new PartnerChanges(register, access),
    offers: new Offers(register, access),
    relationships: new Relationships(register),
    history: new History(register, access),
    purchase: new PurchaseGuidance(register),
    organisation: new Organisation(register, graph),
  };
}

export type Services = ReturnType<typeof createServices>;
