/** Examples of the cost, DevEx and Crossplane actions; `examples.test.ts` runs every one. */

export const getCostExamples = [
  {
    title: 'What did team-payments spend last month',
    input: {
      entityRef: 'group:default/team-payments',
      period: 'last-month' as const,
    },
  },
  {
    title: 'One service over given days',
    input: {
      entityRef: 'payment-service',
      from: '2026-10-01',
      to: '2026-10-31',
    },
  },
];

export const getPlatformHealthExamples = [
  { title: 'How is the platform doing', input: {} },
];

export const getScorecardExamples = [
  {
    title: 'What payment-service must fix to reach the next level',
    input: { entityRef: 'payment-service' },
  },
];

export const listCrossplaneClaimsExamples = [
  {
    title: 'The databases of payment-service',
    input: { entityRef: 'component:default/payment-service' },
  },
];
