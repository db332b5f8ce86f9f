import { testDatabases, testPostgresUrl } from './databases';

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

describe('without PostgreSQL', () => {
  delete process.env.IDP_TEST_POSTGRES_URL;
  delete process.env[PG_ENV];
  // TestDatabases registers hooks: created here, not inside a test.
  const sqliteOnly = testDatabases(['SQLITE_3']);

  it('fails with how to start PostgreSQL when a test asks for it', () => {
    // (the other describe block has set it meanwhile: bodies run first)
    delete process.env.IDP_TEST_POSTGRES_URL;
    delete process.env[PG_ENV];
    // Throws before TestDatabases.create: no hooks registered in a test.
    expect(() => testPostgresUrl()).toThrow(
      /IDP_TEST_POSTGRES_URL is not set: run the tests with scripts\/test.sh/,
    );
    expect(() => testDatabases(['POSTGRES_15', 'SQLITE_3'])).toThrow(
      /idp_pg_start/,
    );
  });

  it('needs none for SQLite alone', () => {
    expect(sqliteOnly.eachSupportedId()).toEqual([['SQLITE_3']]);
  });
});

describe("with scripts/postgres.sh's server", () => {
  delete process.env[PG_ENV];
  process.env.IDP_TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5999';
  const both = testDatabases(['POSTGRES_15', 'SQLITE_3']);

  it("gives it to Backstage's PostgreSQL 15", () => {
    // Upstream keeps POSTGRES_15 only when its connection string is set.
    expect(both.eachSupportedId()).toEqual([['POSTGRES_15'], ['SQLITE_3']]);
  });
});
