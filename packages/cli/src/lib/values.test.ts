import { TemplateParameterSchema } from '@backstage/plugin-scaffolder-common';
import { parseSetFlags, validateValues } from './values';

/** The shape of the golden paths' forms: pages, a pattern with its own message, choices. */
const schema: TemplateParameterSchema = {
  title: 'Go service',
  steps: [
    {
      title: 'Service',
      schema: {
        required: ['name', 'owner'],
        properties: {
          name: {
            type: 'string',
            pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
            errorMessage: { pattern: 'Use lowercase letters.' },
          },
          owner: { type: 'string', 'ui:field': 'CatalogEntityPicker' },
          replicas: { type: 'integer', minimum: 1 },
        },
      },
    },
    {
      title: 'Infrastructure',
      schema: {
        properties: { needPostgres: { type: 'boolean', default: false } },
        dependencies: {
          needPostgres: {
            oneOf: [
              { properties: { needPostgres: { const: false } } },
              {
                required: ['postgresSize'],
                properties: {
                  needPostgres: { const: true },
                  postgresSize: {
                    type: 'string',
                    enum: ['small', 'large'],
                    default: 'small',
                  },
                },
              },
            ],
          },
        },
      },
    },
  ],
};

describe('validateValues', () => {
  it('turns command-line strings into the types the schema asks for and fills defaults', () => {
    expect(
      validateValues(schema, {
        name: 'orders',
        owner: 'team-a',
        replicas: '3',
        needPostgres: 'true',
      }),
    ).toEqual({
      name: 'orders',
      owner: 'team-a',
      replicas: 3,
      needPostgres: true,
      postgresSize: 'small',
    });
    expect(validateValues(schema, { name: 'orders', owner: 'a' })).toEqual({
      name: 'orders',
      owner: 'a',
      needPostgres: false,
    });
  });

  it('lists every problem with the flag that sets it', () => {
    expect(() =>
      validateValues(schema, {
        name: 'Orders',
        replicas: '0',
        needPostgres: 'true',
        postgresSize: 'huge',
      }),
    ).toThrow(
      [
        'Nothing was submitted; fix these values first:',
        '  --owner is required',
        '  --name "Orders": Use lowercase letters.',
        '  --set replicas 0: must be >= 1',
        '  --set postgresSize "huge": must be one of small, large',
      ].join('\n'),
    );
  });

  it('refuses parameters the template does not have, naming those it has', () => {
    expect(() =>
      validateValues(schema, { name: 'a', owner: 'b', colour: 'red' }),
    ).toThrow(
      'The template has no parameter "colour"; its parameters are: name, owner, replicas, needPostgres, postgresSize',
    );
  });
});

describe('parseSetFlags', () => {
  it('splits at the first "=" and lets a later flag win', () => {
    expect(parseSetFlags(['a=1', 'b=x=y', 'a=2'])).toEqual({
      a: '2',
      b: 'x=y',
    });
    expect(() => parseSetFlags(['novalue'])).toThrow('expected key=value');
  });
});
