import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  ProviderHealth,
  RateLimitBudget,
} from '@internal/backstage-plugin-catalog-health-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-catalog-backend-module-github-guarded',
  'migrations',
);

// The catalog's database: our tables and migrations carry a prefix of their own.
const MIGRATIONS_TABLE = 'github_guarded__knex_migrations';
const TABLE = 'github_guarded__provider_health';

interface Row {
  provider: string;
  kind: string;
  task_id: string;
  status: string;
  last_run_started_at: string | null;
  last_run_ended_at: string | null;
  last_success_at: string | null;
  entities_found: number | null;
  errors: string;
  rate_limit: string | null;
}

function toRow(health: ProviderHealth): Row {
  return {
    provider: health.provider,
    kind: health.kind,
    task_id: health.taskId,
    status: health.status,
    last_run_started_at: health.lastRunStartedAt ?? null,
    last_run_ended_at: health.lastRunEndedAt ?? null,
    last_success_at: health.lastSuccessAt ?? null,
    entities_found: health.entitiesFound ?? null,
    errors: JSON.stringify(health.errors),
    rate_limit: health.rateLimit ? JSON.stringify(health.rateLimit) : null,
  };
}

function fromRow(row: Row): ProviderHealth {
  const health: ProviderHealth = {
    provider: row.provider,
    kind: row.kind as ProviderHealth['kind'],
    taskId: row.task_id,
    status: row.status as ProviderHealth['status'],
    errors: JSON.parse(row.errors) as string[],
  };
  if (row.last_run_started_at)
    health.lastRunStartedAt = row.last_run_started_at;
  if (row.last_run_ended_at) health.lastRunEndedAt = row.last_run_ended_at;
  if (row.last_success_at) health.lastSuccessAt = row.last_success_at;
  if (row.entities_found !== null && row.entities_found !== undefined) {
    health.entitiesFound = Number(row.entities_found);
  }
  if (row.rate_limit) {
    health.rateLimit = JSON.parse(row.rate_limit) as RateLimitBudget[];
  }
  return health;
}

/**
 * The health of each GitHub ingestion provider, shared by every replica: the
 * scheduler runs a provider on one of them, and any of them answers
 * `GET /api/catalog/github-ingestion`.
 */
export class ProviderHealthStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<ProviderHealthStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new ProviderHealthStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Makes a configured provider known: a new one starts as `scheduled`; one
   * that a replica has already run keeps its last run.
   */
  async register(
    provider: Pick<ProviderHealth, 'provider' | 'kind' | 'taskId'>,
  ): Promise<void> {
    await this.db<Row>(TABLE)
      .insert(
        toRow({
          provider: provider.provider,
          kind: provider.kind,
          taskId: provider.taskId,
          status: 'scheduled',
          errors: [],
        }),
      )
      .onConflict('provider')
      .merge(['kind', 'task_id']);
  }

  /** Stores the whole health of a provider (the replica running it owns it). */
  async save(health: ProviderHealth): Promise<void> {
    await this.db<Row>(TABLE)
      .insert(toRow(health))
      .onConflict('provider')
      .merge();
  }

  async get(provider: string): Promise<ProviderHealth | undefined> {
    const row = await this.db<Row>(TABLE).where({ provider }).first();
    return row ? fromRow(row) : undefined;
  }

  /** The given providers, in the given order (those never registered are left out). */
  async list(providers: string[]): Promise<ProviderHealth[]> {
    if (!providers.length) return [];
    const rows = await this.db<Row>(TABLE).whereIn('provider', providers);
    const byName = new Map(rows.map(r => [r.provider, fromRow(r)]));
    return providers.flatMap(p => byName.get(p) ?? []);
  }
}
