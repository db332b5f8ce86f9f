import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Record the golden path in the workspace as the last step before publishing, so the repository can be offered upgrades',
    example: yaml.stringify({
      steps: [
        {
          id: 'record',
          action: 'acme:golden-path:record',
          name: 'Record the golden path and its version',
          input: { parameters: '${{ parameters }}' },
        },
      ],
    }),
  },
];
