import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Applies a small PostgreSQL database claim for a service to the dev cluster',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-database',
          action: 'crossplane:claim:create',
          name: 'Request a PostgreSQL database',
          input: {
            cluster: 'dev',
            name: 'orders-db',
            namespace: 'team-orders',
            parameters: { storageGB: 20, tier: 'small', region: 'eu-west-1' },
            component: 'orders-api',
            owner: 'group:default/team-orders',
          },
        },
      ],
    }),
  },
  {
    description:
      'Applies a production database, choosing the Composition by label and taking over fields from another field manager',
    example: yaml.stringify({
      steps: [
        {
          id: 'create-database',
          action: 'crossplane:claim:create',
          name: 'Request a production database',
          input: {
            cluster: 'dev',
            apiVersion: 'db.example.org/v1alpha1',
            kind: 'PostgreSQLDatabase',
            name: 'payments-db',
            namespace: 'team-payments',
            parameters: {
              storageGB: 200,
              tier: 'production',
              region: 'eu-central-1',
            },
            compositionSelector: { provider: 'aws' },
            connectionSecretName: 'payments-db-credentials',
            force: true,
          },
        },
      ],
    }),
  },
];
