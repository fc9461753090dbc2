import type { Seed } from '../../src/domain/seed-file.js';

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
