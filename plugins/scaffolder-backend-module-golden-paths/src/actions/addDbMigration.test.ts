import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { createAddDbMigrationAction } from './addDbMigration';
import { examples } from './addDbMigration.examples';

type Action = ReturnType<typeof createAddDbMigrationAction>;

const TEMPLATES = path.resolve(__dirname, '../../../../templates');

/** The files the action edits, from each golden path's skeleton. */
const SKELETON_FILES: Record<string, string[]> = {
  'python-fastapi-service': ['pyproject.toml', 'Dockerfile'],
  'go-service': ['Dockerfile', 'go.mod'],
  'typescript-node-service': [
    'package.json',
    'package-lock.json',
    'Dockerfile',
  ],
  'frontend-app': [],
};

/** A clone of a service as its golden path made it (the files the action edits). */
async function serviceClone(template: string): Promise<string> {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'db-migration-'));
  const repo = path.join(workspace, 'repo');
  await fs.mkdir(path.join(repo, '.backstage'), { recursive: true });
  await fs.mkdir(path.join(repo, 'chart'));
  await fs.writeFile(
    path.join(repo, '.backstage/golden-path.json'),
    JSON.stringify({
      templateRef: `template:default/${template}`,
      templateVersion: '1.3.1',
    }),
  );
  await fs.copyFile(
    path.join(TEMPLATES, '_base/skeleton/chart/values.yaml'),
    path.join(repo, 'chart/values.yaml'),
  );
  for (const file of SKELETON_FILES[template]) {
    const content = await fs.readFile(
      path.join(TEMPLATES, template, 'skeleton', file),
      'utf8',
    );
    await fs.writeFile(
      path.join(repo, file),
      content
        .replaceAll('${{ values.name }}', 'orders')
        .replaceAll('${{ values.description | dump }}', '""'),
    );
  }
  return workspace;
}

async function run(
  workspacePath: string,
  input: Record<string, unknown>,
  isDryRun = false,
) {
  const outputs: Record<string, unknown> = {};
  const ctx = {
    input,
    workspacePath,
    isDryRun,
    logger: { info() {}, warn() {}, error() {}, debug() {}, child() {} },
    output(name: string, value: unknown) {
      outputs[name] = value;
    },
  } as unknown as Parameters<Action['handler']>[0];
  await createAddDbMigrationAction().handler(ctx);
  return outputs;
}

/** The `migrations:` block the action appended (the rest is the unrendered skeleton). */
const migrationsValues = (values: string) =>
  yaml.parse(values.slice(values.search(/^migrations:/m))).migrations;

const exampleInput = yaml.parse(examples[0].example).steps[0].input;

describe('acme:db-migration:add', () => {
  const workspaces: string[] = [];
  const clone = async (template = 'python-fastapi-service') => {
    const workspace = await serviceClone(template);
    workspaces.push(workspace);
    return workspace;
  };
  afterAll(() =>
    Promise.all(workspaces.map(w => fs.rm(w, { recursive: true }))),
  );

  it('dry run: says what it would write and writes nothing', async () => {
    const workspace = await clone();
    const outputs = await run(workspace, exampleInput, true);
    expect(outputs).toEqual({
      tool: 'alembic',
      revision: '0001',
      files: [
        'Dockerfile',
        'alembic.ini',
        'chart/templates/db-migrations-job.yaml',
        'chart/values.yaml',
        'migrations/env.py',
        'migrations/script.py.mako',
        'migrations/versions/0001_create_orders.py',
        'pyproject.toml',
      ],
    });
    await expect(
      fs.stat(path.join(workspace, 'repo/alembic.ini')),
    ).rejects.toThrow('ENOENT');
  });

  it('the example, then a second migration: versioned, the setup added once', async () => {
    const workspace = await clone();
    const repo = path.join(workspace, 'repo');
    await run(workspace, exampleInput);
    const pyproject = await fs.readFile(
      path.join(repo, 'pyproject.toml'),
      'utf8',
    );
    expect(pyproject).toContain('  "psycopg[binary]>=3.1,<4",\n]');

    const second = await run(workspace, { path: 'repo', name: 'add_index' });
    expect(second).toEqual({
      tool: 'alembic',
      revision: '0002',
      files: ['migrations/versions/0002_add_index.py'],
    });
    const revision = await fs.readFile(
      path.join(repo, 'migrations/versions/0002_add_index.py'),
      'utf8',
    );
    expect(revision).toContain('revision = "0002"\ndown_revision = "0001"\n');
    expect(revision).toContain('Revises: 0001\n');
    expect(await fs.readFile(path.join(repo, 'pyproject.toml'), 'utf8')).toBe(
      pyproject,
    );
  });

  it('Go: a goose SQL migration, goose pinned in the image, the Job running it', async () => {
    const workspace = await clone('go-service');
    const repo = path.join(workspace, 'repo');
    const goModBefore = await fs.readFile(path.join(repo, 'go.mod'), 'utf8');
    expect(await run(workspace, exampleInput)).toEqual({
      tool: 'goose',
      revision: '0001',
      files: [
        'Dockerfile',
        'chart/templates/db-migrations-job.yaml',
        'chart/values.yaml',
        'migrations/0001_create_orders.sql',
      ],
    });
    const read = (file: string) => fs.readFile(path.join(repo, file), 'utf8');
    expect(await read('migrations/0001_create_orders.sql')).toContain(
      '-- +goose Up\nCREATE TABLE orders (\n    id BIGSERIAL PRIMARY KEY,',
    );
    const dockerfile = await read('Dockerfile');
    expect(dockerfile).toMatch(
      /^FROM golang:1\.23 AS migrate\nRUN CGO_ENABLED=0 go install .* github\.com\/pressly\/goose\/v3\/cmd\/goose@v\d+\.\d+\.\d+$/m,
    );
    // the migrate stage comes before the final image, which gets goose and the migrations
    expect(dockerfile).toMatch(
      /AS migrate\n[\s\S]*FROM gcr\.io\/distroless\/static-debian12:nonroot\nCOPY --from=build \/out\/service \/service\nCOPY --from=migrate \/go\/bin\/goose \/goose\nCOPY migrations \/migrations\n/,
    );
    expect(migrationsValues(await read('chart/values.yaml')).command).toEqual([
      '/goose',
      '-dir',
      '/migrations',
      'postgres',
      '$(DATABASE_URL)',
      'up',
    ]);
    // the service's own module is untouched
    expect(await read('go.mod')).toBe(goModBefore);

    expect(await run(workspace, { path: 'repo', name: 'add_index' })).toEqual({
      tool: 'goose',
      revision: '0002',
      files: ['migrations/0002_add_index.sql'],
    });
    expect(await read('migrations/0002_add_index.sql')).toContain(
      '-- +goose Up\n-- Write the schema change here',
    );
  });

  it('TypeScript: a node-pg-migrate SQL migration, the tool in package.json and its lock', async () => {
    const workspace = await clone('typescript-node-service');
    const repo = path.join(workspace, 'repo');
    const read = (file: string) => fs.readFile(path.join(repo, file), 'utf8');
    const lockBefore = JSON.parse(await read('package-lock.json'));
    expect(await run(workspace, exampleInput)).toEqual({
      tool: 'node-pg-migrate',
      revision: '0001',
      files: [
        'Dockerfile',
        'chart/templates/db-migrations-job.yaml',
        'chart/values.yaml',
        'migrations/0001_create_orders.sql',
        'package-lock.json',
        'package.json',
      ],
    });
    expect(await read('migrations/0001_create_orders.sql')).toContain(
      '-- Up Migration\nCREATE TABLE orders (',
    );
    const pkg = JSON.parse(await read('package.json'));
    expect(pkg.dependencies).toEqual({
      'node-pg-migrate': expect.stringMatching(/^\d+\.\d+\.\d+$/),
      pg: expect.any(String),
      'prom-client': '^15.1.3',
    });
    expect(pkg.scripts.migrate).toBe(
      'node-pg-migrate --migrations-dir migrations',
    );
    const lock = JSON.parse(await read('package-lock.json'));
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages['node_modules/node-pg-migrate'].version).toBe(
      pkg.dependencies['node-pg-migrate'],
    );
    // what the service had stays as it was
    const { '': rootBefore, ...packagesBefore } = lockBefore.packages;
    expect(lock.packages).toEqual(expect.objectContaining(packagesBefore));
    expect(lock.packages[''].devDependencies).toEqual(
      rootBefore.devDependencies,
    );
    expect(await read('Dockerfile')).toContain(
      'COPY package.json ./\nCOPY migrations ./migrations\nUSER node',
    );
    expect(migrationsValues(await read('chart/values.yaml')).command).toEqual([
      '/app/node_modules/.bin/node-pg-migrate',
      'up',
      '--migrations-dir',
      '/app/migrations',
    ]);

    expect(await run(workspace, { path: 'repo', name: 'add_index' })).toEqual({
      tool: 'node-pg-migrate',
      revision: '0002',
      files: ['migrations/0002_add_index.sql'],
    });
  });

  it('TypeScript: stops when the lock has another version of a package the tool needs', async () => {
    const workspace = await clone('typescript-node-service');
    const lockFile = path.join(workspace, 'repo/package-lock.json');
    const lock = JSON.parse(await fs.readFile(lockFile, 'utf8'));
    lock.packages['node_modules/yargs'] = { version: '1.0.0' };
    await fs.writeFile(lockFile, JSON.stringify(lock));
    await expect(run(workspace, exampleInput)).rejects.toThrow(
      /^package-lock\.json has yargs@1\.0\.0, node-pg-migrate needs \d+\.\d+\.\d+; run "npm install node-pg-migrate@/,
    );
  });

  it('refuses a stack without a migration tool and a name that is not snake_case', async () => {
    const workspace = await clone('frontend-app');
    await expect(run(workspace, exampleInput)).rejects.toThrow(
      'Database migrations are not supported for template:default/frontend-app yet; supported: template:default/python-fastapi-service (alembic), template:default/go-service (goose), template:default/typescript-node-service (node-pg-migrate)',
    );
    await expect(
      run(await clone(), { path: 'repo', name: 'Create Orders', table: 'x-y' }),
    ).rejects.toThrow(
      /Migration name "Create Orders" is not valid.*; Table name "x-y" is not valid/,
    );
  });
});
