/*
 * The real portal backend (packages/backend/src/index.ts) in a child process,
 * as production runs it: app-config.yaml + app-config.production.yaml on a
 * throw-away PostgreSQL (scripts/postgres.sh, IDP_TEST_POSTGRES_URL), plus a
 * test layer that
 *   - points GitHub sign-in at the GitHub stand-in (real OAuth web flow),
 *   - points pagerDuty at the PagerDuty stand-in,
 *   - adds a non-member (olga.outsider, contractors only) to the org,
 *   - keeps local-git repositories in a temp dir,
 *   - caches in memory (production's Redis is one per deployment; the
 *     PagerDuty and catalog caches would wait for a Redis that is not here).
 * The process start mirrors packages/backend/src/__testUtils__/runBackend.ts
 * (the minimum of it: a test never imports another package's src/).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  dropTestDatabases,
  FakeGitHub,
  fakeGitHubAccount,
  FakePagerDuty,
  findFreePort,
  githubSignIn,
  startFakePagerDuty,
  testPostgresUrl,
} from '@internal/test-fakes';

// Test-only helper: the repository root holds the config and catalog files.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');

/** People of catalog/org/users.yaml who sign in here, and the non-member. */
const LOGINS = ['alice.nguyen', 'david.okafor', 'ivan.petrov', 'olga.outsider'];

const NON_MEMBER_YAML = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: contractors
  title: Contractors
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: olga.outsider
spec:
  profile:
    displayName: Olga Outsider
    email: olga.outsider@contractor.example
  memberOf: [contractors]
`;

export interface PortalBackend {
  baseUrl: string;
  pagerDuty: FakePagerDuty;
  /** Everything the backend printed, for failure messages. */
  output(): string;
  /** Signs in through GitHub's OAuth web flow; the person's Backstage token. */
  signIn(login: string): Promise<string>;
  /** Polls until `probe` returns a value; the error carries the backend's log. */
  waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs?: number,
  ): Promise<T>;
  /** GET with a token, JSON answer (undefined on 404). */
  get(pathAndQuery: string, token: string): Promise<any>;
  stop(): Promise<void>;
}

export async function startPortalBackend(): Promise<PortalBackend> {
  const pgUrl = testPostgresUrl();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'idp-portal-actions-'));
  const prefix = `mcp${Date.now().toString(36)}_`;
  const staticToken = 'portal-actions-test-static-token-0123456789';
  const ghToken = 'ghs_portalActionsTestToken0123456789';
  const gh = await new FakeGitHub({
    org: {
      login: 'acme',
      repos: [],
      teams: [],
      users: LOGINS.map(fakeGitHubAccount),
    },
    token: ghToken,
    oauthApp: {
      clientId: 'Iv1.portalactionstest',
      clientSecret: 'portal-actions-oauth-secret-1f2e3d',
    },
  }).start();
  const pagerDuty = await startFakePagerDuty();

  writeFileSync(path.join(dir, 'contractors.yaml'), NON_MEMBER_YAML);
  const layer = {
    catalog: {
      // the production locations (arrays replace), plus the non-member
      locations: [
        {
          type: 'file',
          target: './catalog/all.yaml',
          rules: [{ allow: ['User', 'Group'] }],
        },
        {
          type: 'file',
          target: './templates/all.yaml',
          rules: [{ allow: ['Template', 'Location'] }],
        },
        {
          type: 'file',
          target: path.join(dir, 'contractors.yaml'),
          rules: [{ allow: ['User', 'Group'] }],
        },
      ],
    },
    scaffolder: { localGit: { baseDir: path.join(dir, 'git') } },
    pagerDuty: { apiBaseUrl: pagerDuty.baseUrl, apiToken: pagerDuty.token },
    audit: { sink: { file: null } },
    backend: { cache: { store: 'memory' } },
  };
  const layerFile = path.join(dir, 'app-config.portal-actions-test.yaml');
  writeFileSync(layerFile, JSON.stringify(layer, null, 2)); // JSON is YAML

  const port = await findFreePort();
  const baseUrl = `http://localhost:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      path.join(repoRoot, 'packages/backend/src/index.ts'),
      ...['app-config.yaml', 'app-config.production.yaml'].flatMap(c => [
        '--config',
        path.join(repoRoot, c),
      ]),
      '--config',
      layerFile,
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_database_prefix: prefix,
        NODE_ENV: 'production',
        BACKSTAGE_BASE_URL: baseUrl,
        POSTGRES_HOST: pgUrl.hostname,
        POSTGRES_PORT: pgUrl.port,
        POSTGRES_USER: decodeURIComponent(pgUrl.username),
        POSTGRES_PASSWORD: decodeURIComponent(pgUrl.password) || 'unused',
        GITHUB_TOKEN: ghToken,
        GITHUB_HOST: gh.host,
        GITHUB_API_BASE_URL: gh.apiBaseUrl,
        ...gh.authEnv(),
        APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
          {
            type: 'static',
            options: { token: staticToken, subject: 'portal-actions-test' },
          },
        ]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  let exited = false;
  child.once('exit', () => (exited = true));

  const stopProcess = async () => {
    if (exited) return;
    await new Promise<void>(resolve => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  };
  const cleanUp = async () => {
    await stopProcess();
    if (process.env.PORTAL_BACKEND_LOG) {
      writeFileSync(process.env.PORTAL_BACKEND_LOG, output);
    }
    await gh.stop();
    await pagerDuty.close();
    rmSync(dir, { recursive: true, force: true });
    await dropTestDatabases(prefix, pgUrl);
  };

  const waitFor: PortalBackend['waitFor'] = async (
    what,
    probe,
    timeoutMs = 60_000,
  ) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited) {
        throw new Error(
          `backend exited waiting for ${what}:\n${output.slice(-4000)}`,
        );
      }
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}\n${output.slice(-4000)}`,
        );
      }
      await new Promise(r => setTimeout(r, 250));
    }
  };

  const get = async (pathAndQuery: string, token: string) => {
    const res = await fetch(`${baseUrl}${pathAndQuery}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (res.status === 404) return undefined;
    if (!res.ok) {
      throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`);
    }
    return res.json();
  };

  try {
    await waitFor(
      'the backend to be ready',
      async () => {
        try {
          const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
          return res.ok ? true : undefined;
        } catch {
          return undefined; // not listening yet
        }
      },
      180_000,
    );
    // The org, the templates and the non-member, as the catalog serves them.
    for (const ref of [
      'component/default/payment-service',
      'template/default/python-fastapi-service',
      'group/default/team-fraud',
      ...LOGINS.map(l => `user/default/${l}`),
    ]) {
      await waitFor(
        `${ref} in the catalog`,
        () => get(`/api/catalog/entities/by-name/${ref}`, staticToken),
        120_000,
      );
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }

  return {
    baseUrl,
    pagerDuty,
    output: () => output,
    signIn: login => githubSignIn(baseUrl, gh, login),
    waitFor,
    get,
    stop: cleanUp,
  };
}
