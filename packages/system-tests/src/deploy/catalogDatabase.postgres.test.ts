/*
 * The catalog's database connections as app-config.production.yaml makes
 * them, on a real PostgreSQL with the catalog's own migrations.
 *
 * PostgreSQL plans each foreign-key check once per connection and keeps
 * that plan. Made while refresh_state held a few hundred rows (the org's
 * users and groups, processed first), it is a sequential scan; a location
 * with thousands of entities then inserts them and their references in one
 * transaction, and each reference's check scans every row inserted so far.
 * The production config has the catalog plan each check anew
 * (plan_cache_mode); the test counts the rows the checks read, not time.
 */
import { ConfigSources } from '@backstage/config-loader';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import path from 'node:path';
import {
  dropTestDatabases,
  productionEnv,
  repoRoot,
} from '../__testUtils__/runBackend';

const prefix = `catalogdbtest${Date.now().toString(36)}_`;
const migrations = path.join(
  path.dirname(
    require.resolve('@backstage/plugin-catalog-backend/package.json'),
  ),
  'migrations',
);
jest.setTimeout(120_000);

/** What the tests opened: plugin clients, the managers' admin pools. */
const clients: Knex[] = [];
const shutdownHooks: Array<() => void | Promise<void>> = [];

/** A plugin's database client, with the production config's connection. */
async function productionClient(pluginId: string): Promise<Knex> {
  const env = {
    ...productionEnv({ baseUrl: 'http://localhost:7007', staticToken: 'x' }),
    APP_CONFIG_backend_database_prefix: prefix,
  };
  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      rootDir: repoRoot,
      watch: false,
      argv: [
        '--config',
        path.join(repoRoot, 'app-config.yaml'),
        '--config',
        path.join(repoRoot, 'app-config.production.yaml'),
      ],
      env,
      substitutionFunc: async name => env[name as keyof typeof env],
    }),
  );
  const rootLifecycle = mockServices.rootLifecycle.mock({
    addShutdownHook: hook => {
      shutdownHooks.push(hook);
    },
  });
  const client = await DatabaseManager.fromConfig(config, { rootLifecycle })
    .forPlugin(pluginId, {
      logger: mockServices.logger.mock(),
      lifecycle: mockServices.lifecycle.mock(),
    })
    .getClient();
  clients.push(client);
  return client;
}

const entity = (ref: string) => ({
  entity_id: ref,
  entity_ref: ref,
  unprocessed_entity: '{}',
  errors: '[]',
  next_update_at: new Date(),
  last_discovery_at: new Date(),
});

/**
 * What the engine does with the org, then with a large location, on one
 * connection (one transaction, rolled back): returns the rows of
 * refresh_state that the large location's foreign-key checks read by
 * sequential scan. `planCacheMode` overrides the connection's setting.
 */
async function rowsScannedByReferenceChecks(
  knex: Knex,
  children: number,
  planCacheMode?: 'auto',
): Promise<number> {
  const tx = await knex.transaction();
  try {
    // a table as new, whatever an earlier call left (a rollback leaves the
    // pages it wrote, which make a scan look as costly as it is)
    await tx.raw('TRUNCATE refresh_state CASCADE');
    if (planCacheMode) {
      await tx.raw(`SET LOCAL plan_cache_mode = ${planCacheMode}`);
    }
    const org = Array.from({ length: 200 }, (_, i) => `group:default/t-${i}`);
    await tx.batchInsert('refresh_state', org.map(entity), 100);
    await tx.raw('ANALYZE refresh_state');
    // the org's own references, one statement each (as the engine writes
    // them per entity): enough executions for PostgreSQL to keep a plan
    for (const ref of org.slice(0, 10)) {
      await tx('refresh_state_references').insert({
        source_entity_ref: ref,
        target_entity_ref: ref,
      });
    }
    const refs = Array.from(
      { length: children },
      (_, i) => `component:default/svc-${i}`,
    );
    await tx.batchInsert('refresh_state', refs.map(entity), 100);
    const before = await seqTuplesRead(tx);
    await tx.batchInsert(
      'refresh_state_references',
      refs.map(ref => ({ source_entity_ref: ref, target_entity_ref: org[0] })),
      50,
    );
    return (await seqTuplesRead(tx)) - before;
  } finally {
    await tx.rollback();
  }
}

/** Rows of refresh_state read by sequential scans in this transaction. */
async function seqTuplesRead(tx: Knex.Transaction): Promise<number> {
  const row = await tx('pg_stat_xact_user_tables')
    .where({ relname: 'refresh_state' })
    .first('seq_tup_read');
  return Number(row.seq_tup_read);
}

describe('catalog database connections (production config)', () => {
  afterAll(async () => {
    // the manager's own shutdown leaves plugin clients open
    // (backend-defaults 0.19: it tests `client.config.includes`, which
    // throws on pg's config object, and swallows the error)
    await Promise.all(clients.map(client => client.destroy()));
    await Promise.all(shutdownHooks.map(hook => hook()));
    await dropTestDatabases(prefix);
  });

  it('plans each foreign-key check for the table as it is now', async () => {
    const catalog = await productionClient('catalog');
    await catalog.migrate.latest({ directory: migrations });
    const { rows } = await catalog.raw('SHOW plan_cache_mode');
    expect(rows[0].plan_cache_mode).toBe('force_custom_plan');
    // 2,000 references checked against 2,200 rows: by index, no row is
    // read by a scan; with PostgreSQL's default the plan kept from the
    // small table scans them, ~2 million rows in all
    expect(await rowsScannedByReferenceChecks(catalog, 2000)).toBeLessThan(
      2000,
    );
    expect(
      await rowsScannedByReferenceChecks(catalog, 2000, 'auto'),
    ).toBeGreaterThan(1_000_000);
  });

  it('leaves the other plugins on PostgreSQL defaults', async () => {
    const scaffolder = await productionClient('scaffolder');
    const { rows } = await scaffolder.raw('SHOW plan_cache_mode');
    expect(rows[0].plan_cache_mode).toBe('auto');
  });
});
