import cookiecutterModule from '@backstage/plugin-scaffolder-backend-module-cookiecutter';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from '@internal/test-fakes';
import {
  ScaffolderHarness,
  startScaffolderBackend,
} from './__testUtils__/scaffolderHarness';

/*
 * Templates teams already have: a cookiecutter skeleton run by the real
 * scaffolder with `fetch:cookiecutter` (Backstage's module, the local
 * `cookiecutter` from PyPI that scripts/bootstrap.sh installs, no Docker),
 * then published and registered like a golden path.
 */
jest.setTimeout(180_000);

const fixture = path.join(__dirname, '__fixtures__/cookiecutter-team-template');

describe('a team cookiecutter template', () => {
  let harness: ScaffolderHarness;
  let copy: string;

  beforeAll(async () => {
    // A copy, so that the broken-skeleton case can change it.
    copy = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-cookiecutter-'));
    await fs.cp(fixture, copy, { recursive: true });
    await fs.cp(
      path.join(copy, 'template.yaml'),
      path.join(copy, 'broken.template.yaml'),
    );
    const broken = path.join(copy, 'broken.template.yaml');
    await fs.writeFile(
      broken,
      (await fs.readFile(broken, 'utf8'))
        .replace(
          'name: team-cookiecutter-library',
          'name: team-cookiecutter-broken',
        )
        .replace('url: ./skeleton', 'url: ./broken-skeleton'),
    );
    await fs.cp(
      path.join(copy, 'skeleton'),
      path.join(copy, 'broken-skeleton'),
      {
        recursive: true,
      },
    );
    await fs.writeFile(
      path.join(copy, 'broken-skeleton/README.md'),
      '# {{ cookiecutter.no_such_value }}\n',
    );
    harness = await startScaffolderBackend({
      features: [cookiecutterModule],
      templateFiles: [
        path.join(copy, 'template.yaml'),
        path.join(copy, 'broken.template.yaml'),
      ],
    });
    await harness.waitFor(
      'the cookiecutter templates in the catalog',
      async () =>
        (await harness.getEntity(
          'template:default/team-cookiecutter-library',
        )) &&
        (await harness.getEntity('template:default/team-cookiecutter-broken'))
          ? true
          : undefined,
    );
  });

  afterAll(async () => {
    await harness?.stop();
    await fs.rm(copy, { recursive: true, force: true });
  });

  it('renders, publishes and registers the repository', async () => {
    const submitted = await harness.submit('team-cookiecutter-library', {
      name: 'ledger-utils',
      owner: 'group:default/team-payments',
      license: 'Apache-2.0',
    });
    expect(submitted.status).toBe(201);
    const task = await harness.waitForTask(submitted.body.id);
    expect(task).toMatchObject({ status: 'completed', error: undefined });

    const checkout = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-cc-clone-'));
    try {
      await run(
        'git',
        [
          'clone',
          '--quiet',
          path.join(harness.gitDir, 'repos', 'ledger-utils.git'),
          checkout,
        ],
        { cwd: os.tmpdir() },
      );
      const read = (p: string) => fs.readFile(path.join(checkout, p), 'utf8');
      // derived default (package_name from project_name) and the values given
      expect(await read('src/ledger_utils/__init__.py')).toBe(
        '"""ledger-utils, owned by group:default/team-payments."""\n\n__version__ = "0.1.0"\n',
      );
      expect(await read('pyproject.toml')).toContain('license = "Apache-2.0"');
      expect(await read('tests/test_version.py')).toContain(
        'from ledger_utils import __version__',
      );
      // copied without rendering: GitHub's own ${{ }} is kept
      expect(await read('.github/workflows/ci.yaml')).toContain(
        '${{ secrets.PIP_INDEX_URL }}',
      );
    } finally {
      await fs.rm(checkout, { recursive: true, force: true });
    }

    const entity = await harness.waitFor('ledger-utils in the catalog', () =>
      harness.getEntity('component:default/ledger-utils'),
    );
    expect(entity.spec).toMatchObject({
      type: 'library',
      owner: 'group:default/team-payments',
    });
  });

  it("fails the step with cookiecutter's own error when the skeleton is broken, publishing nothing", async () => {
    const submitted = await harness.submit('team-cookiecutter-broken', {
      name: 'broken-lib',
      owner: 'group:default/team-payments',
    });
    const task = await harness.waitForTask(submitted.body.id);
    expect(task.status).toBe('failed');
    const events = await harness.api(
      'GET',
      `/api/scaffolder/v2/tasks/${submitted.body.id}/events`,
    );
    const log = (events.body as any[])
      .map(e => e.body?.message ?? '')
      .join('\n');
    // what cookiecutter said: the undefined variable, in the file it is in
    expect(log).toMatch(/no_such_value/);
    expect(log).toMatch(/README\.md/);
    await expect(
      fs.stat(path.join(harness.gitDir, 'repos', 'broken-lib.git')),
    ).rejects.toThrow(/ENOENT/);
  });
});
