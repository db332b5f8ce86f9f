import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import { GOLDEN_PATHS } from '../__testUtils__/goldenPathFiles';
import {
  ScaffolderHarness,
  startScaffolderBackend,
} from '../__testUtils__/scaffolderHarness';
import { examples as publishExamples } from './publishLocalGit.examples';
import { examples as validateExamples } from './validateService.examples';
import { examples as waitExamples } from './waitForEntity.examples';

/**
 * Every action example runs as a dry run through the real scaffolder
 * (POST /v2/dry-run): inputs are validated against the action schemas and
 * the dry-run code paths execute, creating nothing.
 */
describe('action examples (scaffolder dry run)', () => {
  let harness: ScaffolderHarness;

  beforeAll(async () => {
    harness = await startScaffolderBackend();
    await harness.waitFor('group team-checkout', () =>
      harness.getEntity('group:default/team-checkout'),
    );
  }, 120_000);

  afterAll(() => harness?.stop());

  const dryRun = (steps: unknown[], values: Record<string, unknown>) =>
    harness.api('POST', '/api/scaffolder/v2/dry-run', {
      template: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'example' },
        spec: { type: 'service', parameters: [], steps },
      },
      values,
      directoryContents: [
        {
          path: 'app/catalog-info.yaml',
          base64Content: Buffer.from('kind: Component\n').toString('base64'),
        },
      ],
    });

  /** The files below `dir`, named relative to `root`. */
  const readDirectoryContents = async (dir: string, root = dir) => {
    const entries = await fs.readdir(dir, {
      recursive: true,
      withFileTypes: true,
    });
    return Promise.all(
      entries
        .filter(e => e.isFile())
        .map(async e => {
          const full = path.join(e.parentPath, e.name);
          return {
            path: path.relative(root, full),
            base64Content: (await fs.readFile(full)).toString('base64'),
          };
        }),
    );
  };

  const logOf = (body: any) =>
    (body.log as any[]).map(e => e.body?.message).join('\n');

  it.each(publishExamples.map(e => [e.description, e]))(
    'publish:local-git: %s',
    async (_, example) => {
      const { steps } = yaml.parse(example.example);
      const res = await dryRun(steps, {});
      expect(res.status).toBe(200);
      expect(logOf(res.body)).toMatch(/Dry run: would publish to file:\/\//);
      expect(await fs.readdir(harness.gitDir).catch(() => [])).toEqual([]);
    },
  );

  it.each(validateExamples.map(e => [e.description, e]))(
    'acme:validate-service: %s',
    async (_, example) => {
      const { steps } = yaml.parse(example.example);
      const ok = await dryRun(steps, {
        name: 'brand-new-service',
        owner: 'group:default/team-checkout',
        system: 'system:default/developer-platform',
      });
      expect(ok.status).toBe(200);
      expect(logOf(ok.body)).toContain('is valid');

      const bad = await dryRun(steps, {
        name: 'Brand New',
        owner: 'group:default/nobody',
        system: 'system:default/nowhere',
      });
      expect(bad.status).toBe(400);
      const message = bad.body.error.message;
      expect(message).toContain(
        `Cannot create service "Brand New": Name "Brand New" is not valid: Use lowercase letters, digits and '-' only; start with a letter.`,
      );
      expect(message).toContain(
        'Owner "group:default/nobody" was not found in the catalog.',
      );
      expect(message).toContain(
        'System "system:default/nowhere" was not found in the catalog.',
      );
    },
  );

  it.each(waitExamples.map(e => [e.description, e]))(
    'acme:catalog:wait: %s',
    async (_, example) => {
      const { steps } = yaml.parse(example.example);
      const res = await dryRun(
        [
          {
            id: 'register',
            action: 'debug:log',
            input: { message: 'registered' },
          },
          ...steps.map((step: any) => ({
            ...step,
            input: { ...step.input, entityRef: 'component:default/dry-run' },
          })),
        ],
        {},
      );
      expect(res.status).toBe(200);
      expect(logOf(res.body)).toContain(
        'Dry run: would wait for component:default/dry-run in the catalog',
      );
    },
  );

  it.each(GOLDEN_PATHS)(
    '$name dry-runs end to end without creating anything',
    async ({ file, template }) => {
      // The skeletons its fetch steps name (the base and its own), placed
      // beside the template as in templates/.
      const dir = path.dirname(file);
      const skeletons = template.spec.steps
        .filter((step: any) => step.action === 'fetch:template')
        .map((step: any) => path.resolve(dir, step.input.url));
      expect(skeletons.length).toBe(2);
      const res = await harness.api('POST', '/api/scaffolder/v2/dry-run', {
        template,
        values: {
          name: 'dry-run-service',
          owner: 'group:default/team-checkout',
          publishTo: 'local',
        },
        directoryContents: (
          await Promise.all(
            skeletons.map((skeleton: string) =>
              readDirectoryContents(skeleton, dir),
            ),
          )
        ).flat(),
      });
      expect(res.status).toBe(200);
      // both skeletons generated: the base's chart and the language's CI steps
      const generated = (res.body.directoryContents as { path: string }[]).map(
        f => f.path,
      );
      expect(generated).toEqual(
        expect.arrayContaining([
          'chart/templates/deployment.yaml',
          'catalog-info.yaml',
          '.github/actions/lint-and-test/action.yaml',
          'Dockerfile',
        ]),
      );
      expect(logOf(res.body)).toContain('Dry run: would publish to file://');
      expect(await fs.readdir(harness.gitDir).catch(() => [])).toEqual([]);
    },
  );
});
