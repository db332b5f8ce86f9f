import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import {
  dropTestDatabases,
  findFreePort,
  testPostgresUrl,
} from '@internal/test-fakes';

export { dropTestDatabases, findFreePort };

/** Repository root, where app-config*.yaml, catalog/ and templates/ live. */
// Test-only helper: the source location is the right anchor here.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = path.resolve(__dirname, '../../../..');

/** The software catalog the production config registers (catalog/all.yaml). */
export const catalogDir = path.join(repoRoot, 'catalog');

export interface RunningBackend {
  baseUrl: string;
  process: ChildProcess;
  /** Everything the backend printed, for assertion messages. */
  output(): string;
  /** Milliseconds from spawn until the readiness probe answered 200. */
  startupMs: number;
  /**
   * SIGTERM, then SIGKILL if the backend has not exited 15 s later (as a
   * pod's grace period would end). Says how it ended.
   */
  stop(): Promise<BackendExit>;
}

export interface BackendExit {
  code: number | null;
  /** 'SIGKILL' when it had to be killed; null when it exited by itself. */
  signal: NodeJS.Signals | null;
  /** Milliseconds from SIGTERM to exit (0 if it had exited before). */
  stopMs: number;
}

/**
 * Starts packages/backend/src/index.ts in a child process exactly as
 * `backstage-cli package start` does (the same TypeScript loader), from the
 * repository root like the container image, with the given config files and
 * environment, and waits until /.backstage/health/v1/readiness says ok.
 */
export async function startBackendProcess(options: {
  /** The backend to start; packages/backend/src/index.ts unless given. */
  entry?: string;
  /** Extra options for node, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
  /**
   * Run TypeScript sources through Backstage's loader, with source maps
   * (the default); false for a JavaScript entry as a production build runs.
   */
  typescript?: boolean;
  /** Config files, relative to the repository root. */
  configs: string[];
  /**
   * Working directory: the repository root (as in the container image) or
   * packages/backend (as under `yarn start`); relative paths in config
   * resolve from here.
   */
  cwd?: string;
  /** Environment for the child; gets the base URL the backend will serve. */
  env: (baseUrl: string) => Record<string, string>;
  timeoutMs?: number;
}): Promise<RunningBackend> {
  const port = await findFreePort();
  const baseUrl = `http://localhost:${port}`;
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.typescript === false
      ? []
      : [
          '--enable-source-maps',
          '--require',
          require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        ]),
    options.entry ?? path.join(repoRoot, 'packages/backend/src/index.ts'),
    ...options.configs.flatMap(c => ['--config', path.resolve(repoRoot, c)]),
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env: {
      ...process.env,
      ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
      APP_CONFIG_backend_listen_port: String(port),
      ...options.env(baseUrl),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const getOutput = () => output;
  let exited: BackendExit | undefined;
  child.once('exit', (code, signal) => {
    exited = { code, signal, stopMs: 0 };
  });

  const stop = async (): Promise<BackendExit> => {
    if (exited) return exited;
    const stopping = Date.now();
    return new Promise<BackendExit>(resolve => {
      child.once('exit', (code, signal) =>
        resolve({ code, signal, stopMs: Date.now() - stopping }),
      );
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  };

  const deadline = started + (options.timeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`backend exited during startup:\n${output.slice(-4000)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) {
        return {
          baseUrl,
          process: child,
          output: getOutput,
          startupMs: Date.now() - started,
          stop,
        };
      }
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`backend not ready after timeout:\n${output.slice(-4000)}`);
}

/**
 * Environment for app-config.production.yaml against the test PostgreSQL:
 * placeholder GitHub credentials (override them to talk to a stand-in) and
 * a static external-access token, the way a CI job reads the API.
 */
export function productionEnv(options: {
  baseUrl: string;
  staticToken: string;
  /** Another PostgreSQL server than scripts/postgres.sh's. */
  postgresUrl?: URL;
}): Record<string, string> {
  const url = options.postgresUrl ?? testPostgresUrl();
  return {
    NODE_ENV: 'production',
    BACKSTAGE_BASE_URL: options.baseUrl,
    POSTGRES_HOST: url.hostname,
    POSTGRES_PORT: url.port,
    POSTGRES_USER: decodeURIComponent(url.username),
    POSTGRES_PASSWORD: decodeURIComponent(url.password) || 'unused',
    GITHUB_TOKEN: 'placeholder-github-token',
    AUTH_GITHUB_CLIENT_ID: 'placeholder-client-id',
    AUTH_GITHUB_CLIENT_SECRET: 'placeholder-client-secret',
    APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
      {
        type: 'static',
        options: { token: options.staticToken, subject: 'integration-test' },
      },
    ]),
  };
}

/**
 * Polls `probe` until it returns a value; on timeout the error carries the
 * backend's last output, which is usually what explains the wait.
 */
export async function waitFor<T>(
  backend: RunningBackend,
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}\n${backend.output().slice(-4000)}`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 250));
  }
}
