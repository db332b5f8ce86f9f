import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const fetchExamples: TemplateExample[] = [
  {
    description: 'Clones the local git repository "orders" into ./repo',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:local-git',
          name: 'Clone the service',
          input: { repoName: 'orders', targetPath: 'repo' },
        },
      ],
    }),
  },
];

export const branchExamples: TemplateExample[] = [
  {
    description:
      'Commits ./repo on the branch db-migration/0001-create-orders and pushes it to "orders"',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local-git:branch',
          name: 'Push a branch for review',
          input: {
            repoName: 'orders',
            sourcePath: 'repo',
            branchName: 'db-migration/0001-create-orders',
            commitMessage: 'Add migration 0001 create_orders',
          },
        },
      ],
    }),
  },
];
