import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace to a local bare repository and register it in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local-git',
          name: 'Publish to local git',
          input: { repoName: 'orders-api' },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Publish a sub-directory on a custom branch',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'publish:local-git',
          name: 'Publish to local git',
          input: {
            repoName: 'billing-web',
            sourcePath: 'app',
            defaultBranch: 'trunk',
            commitMessage: 'Scaffolded by the Acme Developer Portal',
          },
        },
      ],
    }),
  },
];
