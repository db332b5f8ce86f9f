import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Waits up to 20 minutes for a PostgreSQL database claim to be Ready and Synced',
    example: yaml.stringify({
      steps: [
        {
          id: 'wait-database',
          action: 'crossplane:claim:wait',
          name: 'Wait for the database',
          input: {
            cluster: 'dev',
            name: 'orders-db',
            namespace: 'team-orders',
            timeoutSeconds: 1200,
          },
        },
      ],
    }),
  },
];
