import {
  CampaignDetails,
  CampaignTargets,
} from '@internal/backstage-plugin-campaigns-common';

export const targets: CampaignTargets = {
  levels: ['bronze', 'silver', 'gold'],
  checks: [
    { id: 'runbook', title: 'Runbook' },
    { id: 'on-call', title: 'On-call (PagerDuty)' },
    { id: 'dashboard', title: 'Dashboard' },
  ],
};

/** Checkout's production services at gold: 3 of 5, two owner teams. */
export const checkoutGold: CampaignDetails = {
  campaign: {
    id: 'c1',
    title: 'Checkout at gold',
    description: 'Every production service of Checkout at gold.',
    scope: {
      kind: 'Component',
      system: 'system:default/checkout',
      lifecycle: 'production',
    },
    target: { type: 'level', level: 'gold' },
    startDate: '2026-12-01',
    deadline: '2027-01-31',
    createdBy: 'user:default/pat',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedBy: 'user:default/pat',
    updatedAt: '2026-11-20T10:00:00.000Z',
  },
  status: 'active',
  progress: {
    computedAt: '2026-12-05T10:00:00.000Z',
    inScope: 5,
    atTarget: 3,
    percent: 60,
    owners: [
      {
        owner: { ref: 'group:default/team-checkout', title: 'Checkout Team' },
        inScope: 3,
        atTarget: 2,
        todo: [
          {
            entity: {
              ref: 'component:default/checkout-web',
              title: 'Checkout web',
            },
            level: 'silver',
            scored: true,
            failingChecks: [
              {
                id: 'on-call',
                title: 'On-call (PagerDuty)',
                reason: 'PagerDuty is not configured',
              },
            ],
          },
        ],
      },
      {
        owner: { ref: 'group:default/team-storefront', title: 'Storefront' },
        inScope: 2,
        atTarget: 1,
        todo: [
          {
            entity: {
              ref: 'component:default/basket-api',
              title: 'Basket API',
            },
            level: 'bronze',
            scored: true,
            failingChecks: [{ id: 'runbook', title: 'Runbook' }],
          },
        ],
      },
    ],
  },
  history: [
    { day: '2026-12-01', inScope: 5, atTarget: 1, percent: 20 },
    { day: '2026-12-03', inScope: 5, atTarget: 2, percent: 40 },
    { day: '2026-12-05', inScope: 5, atTarget: 3, percent: 60 },
  ],
};
