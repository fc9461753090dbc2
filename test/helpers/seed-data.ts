import type { Seed } from '../../src/domain/seed-file.js';
import { bigOrganisation } from '../../support/card-samples.js';

/** Two tenants, one per cloud, with partners, a reseller and a pending 21Vianet offer. */
export const testSeed: Seed = {
  partners: [
    { id: '1234567', name: 'Contoso Advisors' },
    { id: '7654321', name: 'Northwind Traders' },
  ],
  tenants: [
    {
      id: 'tenant-a',
      name: 'Fabrikam',
      cloud: 'worldwide',
      admins: ['admin-a'],
      subscriptions: [
        { id: 'sub-1', name: 'Microsoft 365 Business Standard', partnerId: '1234567' },
        { id: 'sub-2', name: 'Office 365 E3' },
      ],
      relationships: [{ partnerId: '7654321', partnerName: 'Northwind Traders', type: 'reseller' }],
      offers: [],
    },
    {
      id: 'tenant-empty',
      name: 'Tailspin Toys',
      cloud: 'worldwide',
      admins: ['admin-e'],
      subscriptions: [],
      relationships: [],
      offers: [],
    },
    {
      id: 'tenant-b',
      name: 'Shanghai Co',
      cloud: '21vianet',
      admins: ['admin-b'],
      subscriptions: [{ id: 'sub-1', name: 'Office 365 E1', partnerId: '2345678' }],
      relationships: [],
      offers: [
        {
          id: 'offer-1',
          partnerId: '2345678',
          partnerName: 'Shanghai Partner',
          includes: { kind: 'trial', product: 'Office 365 E3' },
        },
      ],
    },
  ],
};

/**
 * A large organisation (tenant-a, admin-a): `count` subscriptions named as in the card samples,
 * one in three without a partner, the others with Contoso or Northwind; and another organisation
 * (tenant-other, admin-o) with subscriptions of the very same names, which tenant-a must never see.
 */
export function bigSeed(count: number): Seed {
  const names = bigOrganisation(count);
  const partnerOf = (i: number) => (i % 3 === 0 ? {} : { partnerId: i % 3 === 1 ? '1234567' : '7654321' });
  return {
    partners: testSeed.partners,
    tenants: [
      {
        id: 'tenant-a',
        name: 'Fabrikam',
        cloud: 'worldwide',
        admins: ['admin-a'],
        subscriptions: names.map((name, i) => ({ id: `sub-${i + 1}`, name, ...partnerOf(i) })),
        relationships: [{ partnerId: '7654321', partnerName: 'Northwind Traders', type: 'reseller' }],
        offers: [],
      },
      {
        id: 'tenant-other',
        name: 'Woodgrove',
        cloud: 'worldwide',
        admins: ['admin-o'],
        subscriptions: names.map((name, i) => ({ id: `other-${i + 1}`, name, ...partnerOf(i) })),
        relationships: [],
        offers: [],
      },
    ],
  };
}
