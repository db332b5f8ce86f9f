/** Examples of the catalog actions; `examples.test.ts` runs every one. */

export const findEntitiesExamples = [
  {
    title: 'Services about payments',
    description: 'Free text over names, titles and descriptions, one kind.',
    input: { text: 'payment', kind: 'Component' },
  },
  {
    title: "A team's services",
    description: 'Everything team-payments owns that is a service.',
    input: { owner: 'team-payments', type: 'service' },
  },
];

export const getEntityOverviewExamples = [
  {
    title: 'Who is on call for payment-service and what does it depend on',
    description:
      'Owner, on-call, runbook, dependencies and what uses it; the kind defaults to Component.',
    input: { entityRef: 'payment-service' },
  },
  {
    title: 'A database resource',
    input: { entityRef: 'resource:default/postgres-payments' },
  },
];
