import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Writes the claim of a small PostgreSQL database into the new repository, for Argo CD to apply',
    example: yaml.stringify({
      steps: [
        {
          id: 'render-database',
          action: 'crossplane:claim:render',
          name: 'Add the database claim to the repository',
          input: {
            name: 'orders-db',
            namespace: 'team-orders',
            parameters: { storageGB: 20, tier: 'small', region: 'eu-west-1' },
            component: 'orders-api',
            owner: 'group:default/team-orders',
            targetPath: 'deploy/crossplane/database.yaml',
          },
        },
      ],
    }),
  },
];
