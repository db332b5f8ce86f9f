import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-golden-paths-backend',
  'migrations',
);

/** The plugin's database client, its migrations applied (unless skipped). */
export async function migratedClient(database: DatabaseService): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** A timestamp column as ISO text: SQLite hands back numbers (ms) or strings, PostgreSQL Date objects. */
export function toIso(value: unknown): string {
  return (
    value instanceof Date ? value : new Date(value as string | number)
  ).toISOString();
}

/** Whether an insert failed on a primary key or unique constraint (PostgreSQL or SQLite). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}
