import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { serviceNameProblem } from '@internal/backstage-plugin-golden-paths-common';
import {
  BASE_SKELETON,
  filesBelow,
  GOLDEN_PATHS,
  LISTED_TEMPLATES,
  TEMPLATE_NAMES,
  TEMPLATES_DIR,
} from './__testUtils__/goldenPathFiles';
import { EXPECTED_TEST_REPORTS, REPO_CHECKS } from '@internal/test-fakes';

/**
 * The golden paths are near-identical: what the New Service form asks and
 * what the finished task shows must not drift apart between them. The
 * FastAPI, data-pipeline and ML model serving paths provision their database
 * with Crossplane (GitOps or now); the others take its URL from the secret
 * store.
 */
const CROSSPLANE = [
  'python-fastapi-service',
  'data-pipeline',
  'ml-model-serving',
];
const CROSSPLANE_STEPS = [
  'render-database',
  'create-database',
  'wait-database',
  'database-entity',
];

const templates = Object.fromEntries(
  GOLDEN_PATHS.map(({ name, template }) => [name, template]),
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

  it('Infrastructure: the same, plus how to provision on the Crossplane paths', () => {
    const plain = TEMPLATE_NAMES.filter(n => !CROSSPLANE.includes(n));
    for (const name of plain) {
      expect(step(name, 'Infrastructure')).toEqual(
        step(plain[0], 'Infrastructure'),
      );
    }
    const [firstCrossplane] = CROSSPLANE;
    for (const name of CROSSPLANE) {
      expect(step(name, 'Infrastructure')).toEqual(
        step(firstCrossplane, 'Infrastructure'),
      );
    }
    // the fields as asked (not the `const` selectors of dependencies)
    const crossplane = Object.fromEntries(
      properties(step(firstCrossplane, 'Infrastructure')).filter(
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
    const provisioning = step(firstCrossplane, 'Infrastructure').dependencies
      .needPostgres.oneOf[1].dependencies.postgresProvisioning.oneOf;
    expect(provisioning[0].properties).not.toHaveProperty('cluster');
    expect(provisioning[1].properties.postgresProvisioning.const).toBe('apply');
    expect(provisioning[1].properties).toHaveProperty('cluster');
  });

  it.each(CROSSPLANE)(
    '%s provisions its database with the same Crossplane steps',
    name => {
      const crossplaneSteps = (t: string) =>
        templates[t].spec.steps.filter((s: any) =>
          CROSSPLANE_STEPS.includes(s.id),
        );
      expect(crossplaneSteps(name).map((s: any) => s.id)).toEqual(
        CROSSPLANE_STEPS,
      );
      expect(crossplaneSteps(name)).toEqual(crossplaneSteps(CROSSPLANE[0]));
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s runs the same steps (but Crossplane), with its own template ref',
    name => {
      const ids = (t: string) =>
        templates[t].spec.steps
          .map((s: any) => s.id)
          .filter((id: string) => !CROSSPLANE_STEPS.includes(id));
      expect(ids(name)).toEqual(ids(first));
      const fetch = templates[name].spec.steps.find(
        (s: any) => s.id === 'fetch-base',
      );
      expect(fetch.input.values.templateRef).toBe(`template:default/${name}`);
      expect(fetch.input.values.templateVersion).toBe(
        templates[name].metadata.annotations['acme.io/template-version'],
      );
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s records itself (golden-path-record) after every step that writes files, before publishing, and says what its version changed',
    name => {
      const ids: string[] = templates[name].spec.steps.map((s: any) => s.id);
      const record = ids.indexOf('record');
      expect(record).toBeGreaterThan(ids.indexOf('fetch'));
      expect(
        ids.slice(record + 1).every(id => !/^(fetch|render)/.test(id)),
      ).toBe(true);
      expect(ids.indexOf('publish-github')).toBe(record + 1);
      expect(templates[name].spec.steps[record].input).toEqual({
        parameters: '${{ parameters }}',
      });
      const version =
        templates[name].metadata.annotations['acme.io/template-version'];
      const changelog = fs.readFileSync(
        path.join(TEMPLATES_DIR, name, 'CHANGELOG.md'),
        'utf8',
      );
      expect(changelog).toMatch(
        new RegExp(`^## ${version.replace(/\./g, '\\.')} `, 'm'),
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

describe('templates/all.yaml is the list of golden paths', () => {
  it('lists every Template in templates/ (one not listed is neither offered nor tested)', () => {
    const templateFiles = fs
      .readdirSync(TEMPLATES_DIR, { recursive: true })
      .map(String)
      .filter(
        file =>
          /\.ya?ml$/.test(file) && !file.split(path.sep).includes('skeleton'),
      )
      .map(file => path.join(TEMPLATES_DIR, file))
      .filter(file =>
        yaml
          .parseAllDocuments(fs.readFileSync(file, 'utf8'))
          .some(doc => doc.toJS()?.kind === 'Template'),
      )
      .sort();
    expect(templateFiles.length).toBeGreaterThan(0);
    expect(LISTED_TEMPLATES.map(p => p.file).sort()).toEqual(templateFiles);
  });

  it('gives every golden path its own repository checks, and no others', () => {
    expect(Object.keys(REPO_CHECKS).sort()).toEqual([...TEMPLATE_NAMES].sort());
    expect(Object.keys(EXPECTED_TEST_REPORTS).sort()).toEqual(
      [...TEMPLATE_NAMES].sort(),
    );
  });
});

/** The values a skeleton's files use (`${{ values.x }}`, `{% if values.x %}`). */
function valuesUsedBy(skeleton: string): string[] {
  const used = new Set<string>();
  for (const file of filesBelow(skeleton)) {
    const text = fs.readFileSync(path.join(skeleton, file), 'utf8');
    // only inside Nunjucks expressions and tags: prose says `chart/values.yaml`
    for (const [expression] of text.matchAll(
      /\$\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g,
    )) {
      for (const [, key] of expression.matchAll(/\bvalues\.([A-Za-z_]\w*)/g)) {
        used.add(key);
      }
    }
  }
  return [...used].sort();
}

/** The relative path to a skeleton or its `fetch:template` step. */
function fetchStep(name: string, id: string) {
  return templates[name].spec.steps.find((s: any) => s.id === id);
}

/**
 * The pages of a template's TechDocs nav: the base mkdocs.yml's own entries
 * and, from the entry inside its Nunjucks loop, the template's docsNav value.
 */
function navPages(name: string): string[] {
  const mkdocs = yaml.parse(
    fs
      .readFileSync(path.join(BASE_SKELETON, 'mkdocs.yml'), 'utf8')
      .replace(/^\s*\{%.*%\}\n/gm, ''),
  );
  const basePages = mkdocs.nav
    .flatMap((entry: Record<string, string>) => Object.values(entry))
    .filter((page: string) => !page.includes('${{'));
  const docsNav: { file: string }[] = fetchStep(name, 'fetch-base').input.values
    .docsNav;
  return [...basePages, ...docsNav.map(page => page.file)];
}

describe('one base for every golden path, each adding its own language', () => {
  const baseFiles = filesBelow(BASE_SKELETON);

  it.each(GOLDEN_PATHS)(
    '$name generates the base first, then its own skeleton, both inside its directory',
    ({ name, file }) => {
      const ids = templates[name].spec.steps.map((s: any) => s.id);
      expect(ids.indexOf('fetch-base')).toBeGreaterThan(-1);
      expect(ids.indexOf('fetch-base')).toBeLessThan(ids.indexOf('fetch'));
      const base = fetchStep(name, 'fetch-base');
      const own = fetchStep(name, 'fetch');
      expect([base.action, own.action]).toEqual([
        'fetch:template',
        'fetch:template',
      ]);
      // fetch:template resolves the url against the template file; for file
      // locations it refuses anything outside the template's directory.
      const dir = path.dirname(file);
      for (const [url, expected] of [
        [base.input.url, BASE_SKELETON],
        [own.input.url, path.join(TEMPLATES_DIR, name, 'skeleton')],
      ]) {
        const resolved = path.resolve(dir, url);
        expect(resolved).toBe(expected);
        expect(path.relative(dir, resolved).startsWith('..')).toBe(false);
        expect(fs.statSync(resolved).isDirectory()).toBe(true);
      }
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s: its own files never replace a base file (fetch:template would skip them)',
    name => {
      const own = filesBelow(path.join(TEMPLATES_DIR, name, 'skeleton'));
      expect(own.filter(file => baseFiles.includes(file))).toEqual([]);
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s adds what the base refers to: its docs pages, CI steps and Dockerfile',
    name => {
      const own = filesBelow(path.join(TEMPLATES_DIR, name, 'skeleton'));
      const pages = navPages(name).map(page => path.join('docs', page));
      const ci = yaml.parse(
        fs.readFileSync(
          path.join(BASE_SKELETON, '.github/workflows/ci.yaml'),
          'utf8',
        ),
      );
      const localActions = Object.values<any>(ci.jobs)
        .flatMap(job => job.steps)
        .map(s => s.uses)
        .filter((uses?: string) => uses?.startsWith('./'))
        .map((uses: string) => path.join(uses, 'action.yaml'));
      expect(localActions.length).toBeGreaterThan(0);
      const needed = [...pages, ...localActions, 'Dockerfile'].filter(
        file => !baseFiles.includes(file),
      );
      expect(needed.filter(file => !own.includes(file))).toEqual([]);
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s: every docs page it generates is in the TechDocs nav',
    name => {
      const generated = [
        ...filesBelow(path.join(BASE_SKELETON, 'docs')),
        ...filesBelow(path.join(TEMPLATES_DIR, name, 'skeleton/docs')),
      ];
      expect(navPages(name).sort()).toEqual(generated.sort());
      const docsNav: { title: string; file: string }[] = fetchStep(
        name,
        'fetch-base',
      ).input.values.docsNav;
      for (const page of docsNav) {
        // the nav's title is the page's own heading
        expect(
          fs.readFileSync(
            path.join(TEMPLATES_DIR, name, 'skeleton/docs', page.file),
            'utf8',
          ),
        ).toMatch(new RegExp(`^# ${page.title}\n`));
      }
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s passes every value the base and its own skeleton use',
    name => {
      const base = fetchStep(name, 'fetch-base');
      const own = fetchStep(name, 'fetch');
      const missing = (values: object, used: string[]) =>
        used.filter(key => !(key in values));
      expect(valuesUsedBy(BASE_SKELETON)).toContain('templateVersion');
      expect(missing(base.input.values, valuesUsedBy(BASE_SKELETON))).toEqual(
        [],
      );
      const ownSkeleton = path.join(TEMPLATES_DIR, name, 'skeleton');
      expect(valuesUsedBy(ownSkeleton)).toContain('name');
      expect(missing(own.input.values, valuesUsedBy(ownSkeleton))).toEqual([]);
    },
  );

  it.each(TEMPLATE_NAMES)(
    '%s generates the base the same way as the others (only the values differ)',
    name => {
      const [first] = TEMPLATE_NAMES;
      const { values, ...input } = fetchStep(name, 'fetch-base').input;
      const { values: firstValues, ...firstInput } = fetchStep(
        first,
        'fetch-base',
      ).input;
      expect(input).toEqual(firstInput);
      expect(Object.keys(values).sort()).toEqual(
        Object.keys(firstValues).sort(),
      );
    },
  );
});
