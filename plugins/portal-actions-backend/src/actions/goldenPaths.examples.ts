/** Examples of the golden-path actions; `examples.test.ts` runs every one. */

const fraudRules = {
  name: 'fraud-rules',
  description: 'Rules that score payments for fraud',
  owner: 'group:default/team-fraud',
  needPostgres: true,
  postgresSize: 'small',
  postgresProvisioning: 'gitops',
  publishTo: 'local',
};

export const listGoldenPathsExamples = [
  { title: 'Every golden path you may run', input: {} },
  { title: 'Python golden paths', input: { text: 'python' } },
];

export const runGoldenPathExamples = [
  {
    title:
      'A FastAPI service called fraud-rules for team-fraud with a small Postgres',
    description:
      'The database is a Crossplane claim the template adds to the new repository (GitOps).',
    input: {
      templateRef: 'template:default/python-fastapi-service',
      values: fraudRules,
    },
  },
];

export const getGoldenPathRunExamples = [
  {
    title: 'Wait up to a minute for a run to finish',
    input: { taskId: '5f0c1c4e-1d0a-4c55-9a3e-2c1b0c0ffee1', waitSeconds: 60 },
  },
];

export const dryRunGoldenPathExamples = [
  {
    title: 'Check the values of a new FastAPI service without creating it',
    input: { templateRef: 'python-fastapi-service', values: fraudRules },
  },
];
