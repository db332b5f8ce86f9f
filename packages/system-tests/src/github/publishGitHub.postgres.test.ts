import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  dropTestDatabases,
  productionEnv,
  RunningBackend,
  startBackendProcess,
  waitFor,
} from '../__testUtils__/runBackend';
import { FakeGitHub, generateFakeGitHubOrg } from '@internal/test-fakes';

/*
 * "New Service" with GitHub configured: the real backend (production config,
 * real PostgreSQL) runs a golden-path template whose `publish:github` step
 * creates the repository on the GitHub stand-in and pushes to it over git
 * smart HTTP (served by real `git http-backend`), then `catalog:register`
 * reads catalog-info.yaml back through the GitHub URL reader.
 */
const run = promisify(execFile);
const postgresUrl = process.env.IDP_TEST_POSTGRES_URL;
const token = 'publish-github-test-static-token-0123456789';
const ghToken = 'ghs_publishTestInstallationToken0123456789';
const prefix = `ghpub${Date.now().toString(36)}_`;

jest.setTimeout(240_000);

describe('golden path published to GitHub (stand-in)', () => {
  let backend: RunningBackend;
  let gh: FakeGitHub;
  let gitDir: string;

  beforeAll(async () => {
    gitDir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-fake-github-git-'));
    gh = await new FakeGitHub({
      org: generateFakeGitHubOrg({ repos: 2, teams: 1, usersPerTeam: 1 }),
      token: ghToken,
      gitDir,
    }).start();
    backend = await startBackendProcess({
      configs: ['app-config.yaml', 'app-config.production.yaml'],
      env: baseUrl => ({
        ...productionEnv({ baseUrl, staticToken: token }),
        APP_CONFIG_backend_database_prefix: prefix,
        ...gh.backendEnv({ webhookSecret: 'unused-webhook-secret' }),
      }),
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await gh?.stop();
    await fs.rm(gitDir, { recursive: true, force: true });
    if (postgresUrl) {
      await dropTestDatabases(prefix, new URL(postgresUrl));
    }
  });

  async function api(method: string, url: string, body?: unknown) {
    const res = await fetch(`${backend.baseUrl}${url}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function runTemplate(values: Record<string, unknown>) {
    const submitted = await api('POST', '/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/go-service',
      values,
    });
    expect(submitted.status).toBe(201);
    const task = await waitFor(
      backend,
      'the task to end',
      async () => {
        const { body } = await api(
          'GET',
          `/api/scaffolder/v2/tasks/${submitted.body.id}`,
        );
        return ['completed', 'failed'].includes(body.status) ? body : undefined;
      },
      { timeoutMs: 180_000 },
    );
    if (task.status === 'failed') {
      // The task's last log lines say why (the status alone does not).
      const { body: events } = await api(
        'GET',
        `/api/scaffolder/v2/tasks/${submitted.body.id}/events`,
      );
      task.log = (events ?? [])
        .map((e: { body?: { message?: string } }) => e.body?.message)
        .filter(Boolean)
        .slice(-15);
      // and the backend's own account of the failed request
      task.backendLog = backend
        .output()
        .split('\n')
        .filter(line => /error|warn|locations/i.test(line))
        .slice(-15);
    }
    return task;
  }

  it('creates the repository, pushes the skeleton with git and registers it', async () => {
    // The template and what the form refers to (on a busy machine the org
    // arrives after the templates).
    for (const entity of [
      'template/default/go-service',
      'group/default/team-payments',
      'system/default/payments',
    ]) {
      await waitFor(
        backend,
        entity,
        async () =>
          (
            await api('GET', `/api/catalog/entities/by-name/${entity}`)
          ).status === 200
            ? true
            : undefined,
        { timeoutMs: 120_000 },
      );
    }
    const name = 'payments-reconciler';
    const task = await runTemplate({
      name,
      description: 'Reconciles payments',
      owner: 'group:default/team-payments',
      system: 'system:default/payments',
      publishTo: 'github',
      repoUrl: `${gh.host}?owner=${gh.org.login}&repo=${name}`,
    });
    expect({
      status: task.status,
      log: task.log,
      backendLog: task.backendLog,
    }).toEqual({ status: 'completed', log: undefined, backendLog: undefined });

    // The repository exists on "GitHub" with the pushed skeleton: a real
    // clone over HTTP with the token sees the generated files.
    const clone = path.join(gitDir, 'clone');
    const auth = Buffer.from(`x-access-token:${ghToken}`).toString('base64');
    await run('git', [
      '-c',
      `http.extraHeader=Authorization: Basic ${auth}`,
      'clone',
      '--quiet',
      `${gh.url}/${gh.org.login}/${name}.git`,
      clone,
    ]);
    const files = await fs.readdir(clone);
    expect(files).toEqual(
      expect.arrayContaining([
        'Dockerfile',
        'catalog-info.yaml',
        'mkdocs.yml',
        'chart',
        'docs',
        '.github',
      ]),
    );
    const { stdout: log } = await run('git', ['log', '--format=%s'], {
      cwd: clone,
    });
    expect(log.trim()).toBe('initial commit');
    // The default branch got protected, as publish:github asks.
    expect(gh.git!.protections).toEqual([
      expect.objectContaining({ repo: name, branch: 'main' }),
    ]);

    // Registered from the GitHub URL, read back through the URL reader; the
    // task's last step waited for it, so it is served now.
    const entity = await api(
      'GET',
      `/api/catalog/entities/by-name/component/default/${name}`,
    );
    expect(entity.status).toBe(200);
    expect(entity.body.spec).toMatchObject({
      owner: 'group:default/team-payments',
      system: 'system:default/payments',
    });
    expect(
      entity.body.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(`url:${gh.url}/${gh.org.login}/${name}/tree/main/catalog-info.yaml`);
    expect(
      entity.body.metadata.annotations['backstage.io/source-template'],
    ).toBe('template:default/go-service');
  });

  it('fails clearly and pushes nothing when the repository already exists on GitHub', async () => {
    const existing = gh.org.repos[0].name;
    const filesBefore = new Map(gh.org.repos[0].files);
    const reposBefore = gh.org.repos.length;
    const pushes = () =>
      gh.requests.filter(r => r.path.endsWith('/git-receive-pack')).length;
    const pushesBefore = pushes();
    const task = await runTemplate({
      name: 'fresh-name-for-an-existing-repo',
      owner: 'group:default/team-payments',
      publishTo: 'github',
      repoUrl: `${gh.host}?owner=${gh.org.login}&repo=${existing}`,
    });
    expect(task.status).toBe('failed');
    const { body: events } = await api(
      'GET',
      `/api/scaffolder/v2/tasks/${task.id}/events`,
    );
    const messages = (events as any[])
      .map(e => e.body?.message ?? '')
      .join('\n');
    expect(messages).toContain('name already exists on this account');
    // Nothing was pushed anywhere, the existing repository is untouched and
    // nothing was registered.
    expect(pushes()).toBe(pushesBefore);
    expect(gh.org.repos).toHaveLength(reposBefore);
    expect(gh.org.repos[0].files).toEqual(filesBefore);
    expect(
      (
        await api(
          'GET',
          '/api/catalog/entities/by-name/component/default/fresh-name-for-an-existing-repo',
        )
      ).status,
    ).toBe(404);
  });
});
