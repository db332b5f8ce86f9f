import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Validate the form values of a golden-path template before anything is created',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'acme:validate-service',
          name: 'Validate',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            system: '${{ parameters.system }}',
          },
        },
      ],
    }),
  },
];
