import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '@internal/test-fakes';

// Test-only helper: the source location is the right anchor here.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');

export interface LaptopPortal {
  baseUrl: string;
  dir: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The portal as `./scripts/start.sh` runs it on a laptop: packages/backend
 * with app-config.yaml (guest sign-in, the catalog of catalog/ and
 * templates/, the scaffolder publishing to local git), under `yarn start`'s
 * NODE_ENV=development, in a child process. Its SQLite files, git
 * repositories and TechDocs go to a temporary directory.
 */
export async function startLaptopPortal(): Promise<LaptopPortal> {
  const port = await findFreePort();
  const baseUrl = `http://localhost:${port}`;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'idp-cli-portal-'));
  await fs.mkdir(path.join(dir, 'focus'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      path.join(repoRoot, 'packages/backend/src/index.ts'),
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
    ],
    {
      cwd: path.join(repoRoot, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
        APP_CONFIG_backend_baseUrl: baseUrl,
        APP_CONFIG_app_baseUrl: baseUrl,
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_database_connection_directory: path.join(
          dir,
          'sqlite',
        ),
        APP_CONFIG_scaffolder_localGit_baseDir: path.join(dir, 'git'),
        APP_CONFIG_techdocs_publisher_local_publishDirectory: path.join(
          dir,
          'techdocs',
        ),
        APP_CONFIG_costTracker_focus_directories: JSON.stringify([
          path.join(dir, 'focus'),
        ]),
        // no TechDocs builds in the background of a test
        APP_CONFIG_search_acme_techdocsPrebuild_schedule_initialDelay:
          JSON.stringify({ hours: 24 }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const getOutput = () => output;
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async () => {
    if (!exited) {
      await new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      });
    }
    await fs.rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`backend exited during startup:\n${output.slice(-4000)}`);
    }
    const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) {
      return { baseUrl, dir, output: getOutput, stop };
    }
    await new Promise(r => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`backend not ready in time:\n${output.slice(-4000)}`);
}

/**
 * What the person does in the browser after `idp login` printed the URL,
 * through the same requests the portal's pages make: the authorize URL
 * redirects to the consent page, "Enter" signs in as guest, "Approve"
 * approves the session, and the browser follows the redirect to the CLI's
 * loopback address.
 */
export async function approveInBrowser(
  portal: string,
  authorizeUrl: string,
): Promise<{ consentPage: string; clientName: string }> {
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const consentPage = authorize.headers.get('location') ?? '';
  const sessionId = consentPage.split('/').pop()!;
  const session = await (
    await fetch(`${portal}/api/auth/v1/sessions/${sessionId}`)
  ).json();
  const identity = await (
    await fetch(`${portal}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    })
  ).json();
  const approve = await fetch(
    `${portal}/api/auth/v1/sessions/${sessionId}/approve`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${identity.backstageIdentity.token}`,
      },
    },
  );
  const { redirectUrl } = await approve.json();
  const callback = await fetch(redirectUrl);
  if (!callback.ok) {
    throw new Error(`loopback answered ${callback.status}`);
  }
  return { consentPage, clientName: session.clientName };
}
