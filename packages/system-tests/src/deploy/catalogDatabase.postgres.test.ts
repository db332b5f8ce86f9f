/*
 * The catalog's database connections as app-config.production.yaml makes
 * them, on a real PostgreSQL with the catalog's own migrations.
 *
 * PostgreSQL plans each foreign-key check once per connection and keeps
 * that plan. Made while refresh_state held a few hundred rows (the org's
 * users and groups, processed first), it is a sequential scan; a location
 * with thousands of entities then inserts them and their references in one
 * transaction, and each reference's check scans every row inserted so far.
 * Our patch of @backstage/plugin-catalog-backend (.yarn/patches) has that
 * transaction plan its checks anew (plan_cache_mode, SET LOCAL); every other
 * statement keeps PostgreSQL's cached plans (a connection-wide setting cost
 * the stitching ~10 s of a 20,000-entity ingestion). The test counts the
 * rows the checks read, not time.
 */
import { ConfigSources } from '@backstage/config-loader';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import path from 'node:path';
import {
  dropTestDatabases,
  productionEnv,
  repoRoot,
} from '../__testUtils__/runBackend';

const prefix = `catalogdbtest${Date.now().toString(36)}_`;
const catalogPackage = path.dirname(
  require.resolve('@backstage/plugin-catalog-backend/package.json'),
);
const migrations = path.join(catalogPackage, 'migrations');
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

/** The catalog's own databases (not exported by the package). */
const catalogDatabase = (name: string) =>
  require(path.join(catalogPackage, `dist/database/${name}.cjs.js`))[name];
const DefaultProcessingDatabase = catalogDatabase('DefaultProcessingDatabase');
const DefaultProviderDatabase = catalogDatabase('DefaultProviderDatabase');

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

/**
 * What the engine does with the org, then with a large location, on one
 * connection: returns the rows of refresh_state that the foreign-key checks
 * of the location's references read by sequential scan. `write` adds the
 * location's children and their references inside one transaction.
 */
async function rowsScannedByReferenceChecks(
  knex: Knex,
  children: number,
  write: (tx: Knex.Transaction, refs: string[]) => Promise<void>,
): Promise<number> {
  // a table as new, whatever an earlier call left (a rollback leaves the
  // pages it wrote, which make a scan look as costly as it is)
  await knex.raw('TRUNCATE refresh_state CASCADE');
  const org = Array.from({ length: 200 }, (_, i) => `group:default/t-${i}`);
  await knex.batchInsert(
    'refresh_state',
    [...org, 'location:default/large'].map(entity),
    100,
  );
  await knex.raw('ANALYZE refresh_state');
  // the org's own references, one statement each (as the engine writes
  // them per entity): enough executions for PostgreSQL to keep a plan
  for (const ref of org.slice(0, 10)) {
    await knex('refresh_state_references').insert({
      source_entity_ref: ref,
      target_entity_ref: ref,
    });
  }
  const refs = Array.from(
    { length: children },
    (_, i) => `component:default/svc-${i}`,
  );
  const tx = await knex.transaction();
  try {
    const before = await seqTuplesRead(tx);
    await write(tx, refs);
    expect(
      await tx('refresh_state_references')
        .where({ source_entity_ref: 'location:default/large' })
        .orWhere({ source_key: 'large-provider' })
        .count({ n: '*' }),
    ).toEqual([{ n: String(children) }]);
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

  it("plans a location's reference checks for the table as it is now", async () => {
    const catalog = await productionClient('catalog');
    await catalog.migrate.latest({ directory: migrations });
    // one connection, so that the plans PostgreSQL keeps are the ones used
    const knex = knexFactory({
      client: 'pg',
      connection: catalog.client.config.connection,
      pool: { min: 1, max: 1 },
    });
    clients.push(knex);
    const { rows } = await knex.raw('SHOW plan_cache_mode');
    expect(rows[0].plan_cache_mode).toBe('auto');

    // 2,000 references checked against 2,200 rows: the catalog's own write
    // checks them by index (what scans remain, a few thousand rows, are its
    // other statements planned from the small table's statistics)
    const processing = new DefaultProcessingDatabase({
      database: knex,
      logger: mockServices.logger.mock(),
      refreshInterval: () => 100,
      events: mockServices.events.mock(),
      // the catalog's gauges, not read here
      metrics: { createObservableGauge: () => ({ addCallback() {} }) },
    });
    expect(
      await rowsScannedByReferenceChecks(knex, 2000, (tx, refs) =>
        processing.addUnprocessedEntities(tx, {
          sourceEntityRef: 'location:default/large',
          entities: refs.map((_, i) => ({
            entity: component(`svc-${i}`),
            locationKey: 'file:/large.yaml',
          })),
        }),
      ),
    ).toBeLessThan(20_000);
    // the same for an entity provider's full run (e.g. GitHub discovery)
    const providers = new DefaultProviderDatabase({
      database: knex,
      logger: mockServices.logger.mock(),
    });
    expect(
      await rowsScannedByReferenceChecks(knex, 2000, (tx, refs) =>
        providers.replaceUnprocessedEntities(tx, {
          sourceKey: 'large-provider',
          type: 'full',
          items: refs.map((_, i) => ({
            entity: component(`svc-${i}`),
            locationKey: 'url:https://example.com/large',
          })),
        }),
      ),
    ).toBeLessThan(20_000);
    // the same rows written as upstream writes them: the plan kept from
    // the small table scans them, ~2 million rows in all
    expect(
      await rowsScannedByReferenceChecks(knex, 2000, async (tx, refs) => {
        await tx.batchInsert('refresh_state', refs.map(entity), 100);
        await tx.batchInsert(
          'refresh_state_references',
          refs.map(ref => ({
            source_entity_ref: 'location:default/large',
            target_entity_ref: ref,
          })),
          50,
        );
      }),
    ).toBeGreaterThan(1_000_000);
  });
});
