import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { createAddDbMigrationAction } from './addDbMigration';
import { examples } from './addDbMigration.examples';

type Action = ReturnType<typeof createAddDbMigrationAction>;

const TEMPLATES = path.resolve(__dirname, '../../../../templates');

/** A clone of a FastAPI service as the golden path made it (the files the action edits). */
async function fastApiClone(templateRef: string): Promise<string> {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'db-migration-'));
  const repo = path.join(workspace, 'repo');
  await fs.mkdir(path.join(repo, '.backstage'), { recursive: true });
  await fs.mkdir(path.join(repo, 'chart'));
  await fs.writeFile(
    path.join(repo, '.backstage/golden-path.json'),
    JSON.stringify({ templateRef, templateVersion: '1.3.1' }),
  );
  for (const [from, to] of [
    ['python-fastapi-service/skeleton/pyproject.toml', 'pyproject.toml'],
    ['python-fastapi-service/skeleton/Dockerfile', 'Dockerfile'],
    ['_base/skeleton/chart/values.yaml', 'chart/values.yaml'],
  ]) {
    await fs.copyFile(path.join(TEMPLATES, from), path.join(repo, to));
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

const exampleInput = yaml.parse(examples[0].example).steps[0].input;

describe('acme:db-migration:add', () => {
  const workspaces: string[] = [];
  const clone = async (ref = 'template:default/python-fastapi-service') => {
    const workspace = await fastApiClone(ref);
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

  it('refuses a stack without a migration tool and a name that is not snake_case', async () => {
    const workspace = await clone('template:default/frontend-app');
    await expect(run(workspace, exampleInput)).rejects.toThrow(
      'Database migrations are not supported for template:default/frontend-app yet; supported: template:default/python-fastapi-service (alembic)',
    );
    await expect(
      run(await clone(), { path: 'repo', name: 'Create Orders', table: 'x-y' }),
    ).rejects.toThrow(
      /Migration name "Create Orders" is not valid.*; Table name "x-y" is not valid/,
    );
  });
});
