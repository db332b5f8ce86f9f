import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Client } from 'pg';

const HOW_TO_START =
  'run the tests with scripts/test.sh, or start a throw-away PostgreSQL first: `. scripts/postgres.sh; idp_pg_start`';

/**
 * The throw-away PostgreSQL server that scripts/postgres.sh starts
 * (scripts/test.sh does), for tests that run a whole backend on it.
 * Failing loudly beats skipping a test that proves production works.
 */
export function testPostgresUrl(): URL {
  const url =
    process.env.IDP_TEST_POSTGRES_URL ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!url) {
    throw new Error(`IDP_TEST_POSTGRES_URL is not set: ${HOW_TO_START}`);
  }
  return new URL(url);
}

/**
 * Backstage's TestDatabases, except that PostgreSQL is never dropped in
 * silence: upstream leaves it out of `eachSupportedId()` when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is unset and there is
 * no Docker (always, here), so a store test would pass on SQLite alone.
 * Like testPostgresUrl(), this fails with how to start one.
 */
export function testDatabases(ids: TestDatabaseId[]): TestDatabases {
  if (ids.includes('POSTGRES_15')) {
    const envName = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
    process.env[envName] ??= testPostgresUrl().toString();
  }
  return TestDatabases.create({ ids });
}

/**
 * Drops the databases a backend created under `APP_CONFIG_backend_database_prefix`
 * (one per plugin), so runs leave nothing behind on the shared server.
 */
export async function dropTestDatabases(
  prefix: string,
  postgresUrl: URL = testPostgresUrl(),
): Promise<void> {
  const client = new Client({ connectionString: postgresUrl.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname}"`);
    }
  } finally {
    await client.end();
  }
}
