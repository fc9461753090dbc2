import type { AccessPolicy } from '../../src/domain/access.js';
import type { Actor, PartnerChangeRequest } from '../../src/domain/partner-change.js';
import type { PartnerRegister } from '../../src/ports/partner-register.js';
import type { OrganisationReading } from '../../src/services/organisation.js';
import { createServices } from '../../src/services/services.js';

/** The services over a register, as the bot wires them. */
export const servicesOf = (register: PartnerRegister, policy: AccessPolicy = {}, graph?: OrganisationReading) => createServices(register, policy, graph);

/** A partner change asked by `actor` of `tenantId`, through the service. */
export const changePartner = (register: PartnerRegister, tenantId: string, actor: Actor, request: PartnerChangeRequest, now: Date) =>
  servicesOf(register).changes.apply({ tenantId, userId: actor.id, userName: actor.name }, request, now);

/** A 21Vianet offer accepted by `actor` of `tenantId`, through the service. */
export const acceptOffer = (register: PartnerRegister, tenantId: string, actor: Actor, offerId: string, now: Date) =>
  servicesOf(register).offers.accept({ tenantId, userId: actor.id, userName: actor.name }, offerId, now);
