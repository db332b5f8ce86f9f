/*
 * Readiness that includes the database.
 *
 * Backstage's default rootHealth answers 200 on /.backstage/health/v1/readiness
 * as soon as the backend has started, whether or not PostgreSQL is reachable.
 * Behind a Kubernetes Service that keeps sending users to replicas that can
 * only answer 500. This replacement keeps the default's lifecycle states
 * (503 before startup and during shutdown) and adds one `SELECT 1` against
 * the configured PostgreSQL server: 503 with the reason while it fails, 200
 * again as soon as it answers. Liveness stays a plain 200 so that a database
 * outage does not make Kubernetes restart every replica.
 *
 * On SQLite (the laptop default) there is no server to lose and readiness is
 * the default's.
 *
 * A backend whose startup failed exits (code 1) instead of idling unready:
 * Backstage logs the failed startup as an unhandled rejection and keeps the
 * process alive (and its startup lock, see serializedStartup.ts), so it
 * would wait for the startupProbe's deadline; exiting makes Kubernetes
 * restart it at once.
 */
import {
  coreServices,
  createServiceFactory,
  RootConfigService,
  RootHealthService,
} from '@backstage/backend-plugin-api';
import { Client, ClientConfig } from 'pg';

/** Longest a readiness probe waits for PostgreSQL. */
const DATABASE_CHECK_TIMEOUT_MS = 2_000;

/**
 * The server-level connection of `backend.database` for pg, or undefined for
 * any other client. Plugin databases (pluginDivisionMode: database) come and
 * go with plugins; the `postgres` maintenance database is always there and
 * open to every role, so it is what the probe connects to when none is set.
 */
export function readinessConnection(
  config: RootConfigService,
): ClientConfig | undefined {
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    return undefined;
  }
  const connection = config.getOptional('backend.database.connection');
  const common = {
    connectionTimeoutMillis: DATABASE_CHECK_TIMEOUT_MS,
    query_timeout: DATABASE_CHECK_TIMEOUT_MS,
    application_name: 'backstage-readiness',
  };
  if (typeof connection === 'string') {
    return { ...common, connectionString: connection };
  }
  const c = config.getOptionalConfig('backend.database.connection');
  return {
    ...common,
    host: c?.getOptionalString('host'),
    port: c?.getOptional('port') ? Number(c.getOptional('port')) : undefined,
    user: c?.getOptionalString('user'),
    password: c?.getOptionalString('password'),
    database: c?.getOptionalString('database') ?? 'postgres',
    ssl: c?.getOptional('ssl') as ClientConfig['ssl'],
  };
}

/** Resolves with undefined when the server answers, else with the reason. */
async function checkDatabase(
  connection: ClientConfig,
): Promise<string | undefined> {
  const client = new Client(connection);
  // An error after connect (server going away) must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `Database unavailable: ${(error as Error).message || error}`;
  } finally {
    await client.end().catch(() => {});
  }
}

export const databaseReadinessServiceFactory = createServiceFactory({
  service: coreServices.rootHealth,
  deps: {
    lifecycle: coreServices.rootLifecycle,
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
  },
  async factory({ lifecycle, config, logger }): Promise<RootHealthService> {
    let state: 'init' | 'up' | 'down' = 'init';
    const exitOnStartupFailure = (reason: unknown) => {
      if (
        state === 'init' &&
        (reason as Error)?.name === 'BackendStartupError'
      ) {
        logger.error('Backend startup failed; exiting so that it is restarted');
        process.exit(1);
      }
    };
    process.on('unhandledRejection', exitOnStartupFailure);
    lifecycle.addStartupHook(() => {
      state = 'up';
      process.off('unhandledRejection', exitOnStartupFailure);
    });
    lifecycle.addBeforeShutdownHook(() => {
      state = 'down';
    });
    const connection = readinessConnection(config);
    return {
      async getLiveness() {
        return { status: 200, payload: { status: 'ok' } };
      },
      async getReadiness() {
        if (state !== 'up') {
          const message =
            state === 'init'
              ? 'Backend has not started yet'
              : 'Backend is shutting down';
          return { status: 503, payload: { status: 'error', message } };
        }
        const problem = connection && (await checkDatabase(connection));
        if (problem) {
          return {
            status: 503,
            payload: { status: 'error', message: problem },
          };
        }
        return { status: 200, payload: { status: 'ok' } };
      },
    };
  },
});

export default databaseReadinessServiceFactory;
