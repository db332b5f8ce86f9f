/*
 * Readiness that includes the database and says when Redis is gone.
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
 * Redis (the shared cache and, in the chart, the rate-limit counts) holds
 * nothing the portal cannot serve without: while it is unreachable readiness
 * stays 200, so the Service keeps every replica, but says
 * `{"status":"degraded","message":"Redis unavailable (cache, rate limit): …"}`
 * for whoever looks (an operator, a monitor of the JSON).
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
import { createClient } from '@redis/client';

/** Longest a readiness probe waits for PostgreSQL or Redis. */
const CHECK_TIMEOUT_MS = 2_000;

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
    connectionTimeoutMillis: CHECK_TIMEOUT_MS,
    query_timeout: CHECK_TIMEOUT_MS,
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

/** A Redis server and what the portal uses it for. */
export type RedisUse = { url: string; uses: string[] };

/**
 * The Redis servers of the configuration: the cache's
 * (`backend.cache.store: redis`) and the rate limit's
 * (`backend.rateLimit.store.type: redis`), one entry per URL.
 */
export function redisUses(config: RootConfigService): RedisUse[] {
  const byUrl = new Map<string, string[]>();
  const add = (url: string | undefined, use: string) => {
    if (url) byUrl.set(url, [...(byUrl.get(url) ?? []), use]);
  };
  if (config.getOptionalString('backend.cache.store') === 'redis') {
    const connection = config.getOptional('backend.cache.connection');
    add(typeof connection === 'string' ? connection : undefined, 'cache');
  }
  const rateLimitStore = config.getOptionalConfig('backend.rateLimit.store');
  if (rateLimitStore?.getOptionalString('type') === 'redis') {
    add(rateLimitStore.getOptionalString('connection'), 'rate limit');
  }
  return [...byUrl].map(([url, uses]) => ({ url, uses }));
}

/** Resolves with undefined when Redis answers PING, else with the reason. */
async function checkRedis({
  url,
  uses,
}: RedisUse): Promise<string | undefined> {
  const client = createClient({
    url,
    socket: { connectTimeout: CHECK_TIMEOUT_MS, reconnectStrategy: false },
    disableOfflineQueue: true,
  });
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return undefined;
  } catch (error) {
    // The message names host and port, never the URL (it may hold a password).
    return `Redis unavailable (${uses.join(', ')}): ${
      (error as Error).message || error
    }`;
  } finally {
    clearTimeout(timer);
    await client.disconnect().catch(() => {});
  }
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

export const readinessServiceFactory = createServiceFactory({
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
    const redis = redisUses(config);
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
        const [problem, ...redisProblems] = await Promise.all([
          connection && checkDatabase(connection),
          ...redis.map(checkRedis),
        ]);
        if (problem) {
          return {
            status: 503,
            payload: { status: 'error', message: problem },
          };
        }
        const degraded = redisProblems.filter(Boolean);
        if (degraded.length > 0) {
          return {
            status: 200,
            payload: { status: 'degraded', message: degraded.join('; ') },
          };
        }
        return { status: 200, payload: { status: 'ok' } };
      },
    };
  },
});
