import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Adds an Alembic migration creating the table "orders" to the FastAPI service cloned into ./repo',
    example: yaml.stringify({
      steps: [
        {
          id: 'migration',
          action: 'acme:db-migration:add',
          name: 'Add the migration',
          input: { path: 'repo', name: 'create_orders', table: 'orders' },
        },
      ],
    }),
  },
];
