import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'After crossplane:claim:wait, adds the database to catalog-info.yaml as a Resource owned by the team',
    example: yaml.stringify({
      steps: [
        {
          id: 'database-entity',
          action: 'crossplane:claim:catalog-entity',
          name: 'Add the database to the catalog',
          input: {
            cluster: 'dev',
            name: 'orders-db',
            namespace: 'team-orders',
            component: 'component:default/orders-api',
            owner: 'group:default/team-orders',
          },
        },
      ],
    }),
  },
];
