/*
 * One replica at a time runs startup (database creation and migrations).
 *
 * Every plugin migrates its own database when the backend starts (knex
 * migrations, plus the scheduler's and the auth key store's tables). Two
 * replicas starting at the same moment on an empty or older database race on
 * them: "Migration table is already locked", "relation ... already exists",
 * and the losers' startup fails (upstream: the process then idles unready).
 * This database service takes a PostgreSQL advisory lock before any plugin
 * gets its database and holds it until the backend has started, so a second
 * replica waits for the first and then finds the tables in place. The lock
 * belongs to a connection: a replica that dies releases it.
 *
 * Otherwise the default database service (backend-defaults); on SQLite, the
 * laptop default, there is nothing to share and no lock.
 */
import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Client } from 'pg';
import { readinessConnection } from './readiness';

/** pg_advisory_lock key of the portal's startup: "acme" + 7007. */
export const STARTUP_LOCK_KEY = 0x61636d65_7007;

export const serializedStartupDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    const connection = readinessConnection(config);
    if (connection) {
      const client = new Client({
        ...connection,
        application_name: 'backstage-startup-lock',
        query_timeout: undefined,
      });
      client.on('error', () => {}); // a lost connection only frees the lock
      await client.connect();
      const started = Date.now();
      await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
      rootLogger.info(
        `Startup lock taken after ${
          Date.now() - started
        } ms (one replica migrates at a time)`,
      );
      rootLifecycle.addStartupHook(async () => {
        await client.end().catch(() => {});
      });
    }
    return DatabaseManager.fromConfig(
      config.getOptional('backend.database')
        ? config
        : new ConfigReader({
            backend: {
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
          }),
      { rootLifecycle, rootLogger },
    );
  },
  async factory({ pluginMetadata, lifecycle, logger }, databaseManager) {
    return databaseManager.forPlugin(pluginMetadata.getId(), {
      lifecycle,
      logger,
    });
  },
});
