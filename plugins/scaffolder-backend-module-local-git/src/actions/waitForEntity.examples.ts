import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Wait until the component registered by the previous step is served, so "Open in catalog" works at once',
    example: yaml.stringify({
      steps: [
        {
          id: 'wait-for-entity',
          action: 'acme:catalog:wait',
          name: 'Wait for the catalog',
          input: {
            entityRef: '${{ steps.register.output.entityRef }}',
            timeoutSeconds: 60,
          },
        },
      ],
    }),
  },
];
