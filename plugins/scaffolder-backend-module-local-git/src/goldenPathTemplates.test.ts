import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { REPO_ROOT, TEMPLATE_NAMES } from './__testUtils__/scaffolderHarness';
import { serviceNameProblem } from '@internal/backstage-plugin-golden-paths-common';

/**
 * The four golden paths are near-identical: what the New Service form asks
 * and what the finished task shows must not drift apart between them. Only
 * the FastAPI path provisions its database with Crossplane (GitOps or now).
 */
const CROSSPLANE = 'python-fastapi-service';
const CROSSPLANE_STEPS = [
  'render-database',
  'create-database',
  'wait-database',
  'database-entity',
];

const templates = Object.fromEntries(
  TEMPLATE_NAMES.map(name => [
    name,
    yaml.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'templates', name, 'template.yaml'),
        'utf8',
      ),
    ),
  ]),
);
const step = (name: string, title: string) =>
  templates[name].spec.parameters.find((p: any) => p.title === title);

/** Every property schema of a parameter step, dependencies included. */
function properties(schema: any): [string, any][] {
  const out: [string, any][] = Object.entries(schema.properties ?? {});
  for (const dep of Object.values<any>(schema.dependencies ?? {})) {
    for (const branch of dep.oneOf ?? []) out.push(...properties(branch));
  }
  return out;
}

describe('the golden-path templates stay consistent', () => {
  const [first, ...others] = TEMPLATE_NAMES;

  it.each(others)('%s asks the same Service and Repository questions', name => {
    expect(step(name, 'Service')).toEqual(step(first, 'Service'));
    expect(step(name, 'Repository')).toEqual(step(first, 'Repository'));
  });

  it.each(others)('%s shows the same task output', name => {
    expect(templates[name].spec.output).toEqual(templates[first].spec.output);
  });

  it('Infrastructure: the same, plus how to provision on the Crossplane path', () => {
    const plain = TEMPLATE_NAMES.filter(n => n !== CROSSPLANE);
    for (const name of plain) {
      expect(step(name, 'Infrastructure')).toEqual(
        step(plain[0], 'Infrastructure'),
      );
    }
    // the fields as asked (not the `const` selectors of dependencies)
    const crossplane = Object.fromEntries(
      properties(step(CROSSPLANE, 'Infrastructure')).filter(
        ([, schema]) => schema.const === undefined,
      ),
    );
    expect(Object.keys(crossplane)).toEqual(
      expect.arrayContaining([
        'needPostgres',
        'postgresSize',
        'postgresProvisioning',
        'cluster',
      ]),
    );
    expect(crossplane.postgresProvisioning.enumNames).toEqual([
      'Add the claim to the repository (GitOps: Argo CD/Flux applies it after merge)',
      'Create it in the cluster now (the task waits until the database is ready)',
    ]);
    // "Cluster" only in the "create it now" branch
    const provisioning = step(CROSSPLANE, 'Infrastructure').dependencies
      .needPostgres.oneOf[1].dependencies.postgresProvisioning.oneOf;
    expect(provisioning[0].properties).not.toHaveProperty('cluster');
    expect(provisioning[1].properties.postgresProvisioning.const).toBe('apply');
    expect(provisioning[1].properties).toHaveProperty('cluster');
  });

  it.each(TEMPLATE_NAMES)(
    '%s runs the same steps (but Crossplane), with its own template ref',
    name => {
      const ids = (t: string) =>
        templates[t].spec.steps
          .map((s: any) => s.id)
          .filter((id: string) => !CROSSPLANE_STEPS.includes(id));
      expect(ids(name)).toEqual(ids(first));
      const fetch = templates[name].spec.steps.find(
        (s: any) => s.id === 'fetch',
      );
      expect(fetch.input.values.templateRef).toBe(`template:default/${name}`);
      expect(fetch.input.values.templateVersion).toBe(
        templates[name].metadata.annotations['acme.io/template-version'],
      );
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s explains every choice: a description for each field, a label for each option',
    name => {
      for (const parameters of templates[name].spec.parameters) {
        for (const [key, schema] of properties(parameters)) {
          if (schema.const !== undefined) continue; // a dependency's selector
          expect({ key, description: typeof schema.description }).toEqual({
            key,
            description: 'string',
          });
          // the form reads enumNames (not enum_names): one label per option
          expect({ key, labels: schema.enumNames?.length }).toEqual({
            key,
            labels: schema.enum?.length,
          });
        }
      }
    },
  );

  it('the name pattern of the form accepts exactly what acme:validate-service accepts', () => {
    const name = step(first, 'Service').properties.name;
    const pattern = new RegExp(name.pattern);
    for (const candidate of [
      'orders',
      'orders-api-2',
      'Bad_Name',
      '-orders',
      '1orders',
      'orders-',
      'a',
      'a'.repeat(63),
    ]) {
      const valid =
        pattern.test(candidate) && candidate.length <= name.maxLength;
      expect({ candidate, valid }).toEqual({
        candidate,
        valid: serviceNameProblem(candidate) === undefined,
      });
    }
  });
});
