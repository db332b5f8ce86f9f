import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  IndexRecord,
  IndexStatusStore,
  PrebuildRecord,
  SucceededRun,
} from './IndexStatusStore';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-search-backend-module-acme',
  'migrations',
);

const INDEX_TABLE = 'acme_search_index_status';
const PREBUILD_TABLE = 'acme_search_techdocs_prebuild';
const PREBUILD_ID = 'techdocs';

type IndexRow = {
  type: string;
  ready: boolean;
  documents: number;
  last_indexed_at: Date | string | null;
  last_run_started_at: Date | string | null;
  last_run_ended_at: Date | string | null;
  last_error: string | null;
  source_stamp: string | null;
};

type PrebuildRow = {
  id: string;
  last_pass_started_at: Date | string | null;
  last_pass_ended_at: Date | string | null;
  first_pass_completed_at: Date | string | null;
  built: number;
  skipped: number;
  failed: number;
  entities: number;
  last_error: string | null;
};

function toDate(value: Date | string | null): Date | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  return value instanceof Date ? value : new Date(value);
}

/**
 * Index status in the search plugin's database, next to the PostgreSQL
 * engine's documents, so that every replica answers the same.
 */
export class DatabaseIndexStatusStore implements IndexStatusStore {
  static async create(database: DatabaseService) {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      // The PostgreSQL engine owns knex_migrations in this database.
      await knex.migrate.latest({
        directory: migrationsDir,
        tableName: 'acme_search_knex_migrations',
      });
    }
    return new DatabaseIndexStatusStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  async runStarted(type: string, startedAt: Date) {
    await this.db(INDEX_TABLE)
      .insert({ type, last_run_started_at: startedAt })
      .onConflict('type')
      .merge(['last_run_started_at']);
  }

  async runSucceeded(type: string, run: SucceededRun) {
    const hasDocuments = run.documents > 0;
    await this.db(INDEX_TABLE)
      .insert({
        type,
        ready: run.ready,
        documents: run.documents,
        last_indexed_at: hasDocuments ? run.endedAt : null,
        source_stamp: hasDocuments ? run.sourceStamp ?? null : null,
        last_run_started_at: run.startedAt,
        last_run_ended_at: run.endedAt,
        last_error: null,
      })
      .onConflict('type')
      .merge({
        ready: this.db.raw(`??.ready OR excluded.ready`, [INDEX_TABLE]),
        // An engine keeps its previous index when a run yields no documents.
        ...(hasDocuments
          ? {
              documents: run.documents,
              last_indexed_at: run.endedAt,
              source_stamp: run.sourceStamp ?? null,
            }
          : {}),
        last_run_ended_at: run.endedAt,
        last_error: null,
      });
  }

  async runFailed(type: string, run: { endedAt: Date; error: string }) {
    await this.db(INDEX_TABLE)
      .insert({ type, last_run_ended_at: run.endedAt, last_error: run.error })
      .onConflict('type')
      .merge(['last_run_ended_at', 'last_error']);
  }

  async listIndexes(): Promise<IndexRecord[]> {
    const rows = await this.db<IndexRow>(INDEX_TABLE).select().orderBy('type');
    return rows.map(row => ({
      type: row.type,
      ready: Boolean(row.ready),
      documents: Number(row.documents),
      lastIndexedAt: toDate(row.last_indexed_at),
      lastRunStartedAt: toDate(row.last_run_started_at),
      lastRunEndedAt: toDate(row.last_run_ended_at),
      lastError: row.last_error ?? undefined,
      sourceStamp: row.source_stamp ?? undefined,
    }));
  }

  async prebuildStarted(startedAt: Date) {
    await this.db(PREBUILD_TABLE)
      .insert({ id: PREBUILD_ID, last_pass_started_at: startedAt })
      .onConflict('id')
      .merge(['last_pass_started_at']);
  }

  async prebuildProgress(
    progress: Pick<
      PrebuildRecord,
      'built' | 'skipped' | 'failed' | 'entities' | 'lastError'
    >,
  ) {
    const values = {
      built: progress.built,
      skipped: progress.skipped,
      failed: progress.failed,
      entities: progress.entities,
      last_error: progress.lastError ?? null,
    };
    await this.db(PREBUILD_TABLE)
      .insert({ id: PREBUILD_ID, ...values })
      .onConflict('id')
      .merge(values);
  }

  async prebuildPassCompleted(endedAt: Date) {
    await this.db(PREBUILD_TABLE)
      .where({ id: PREBUILD_ID })
      .update({
        last_pass_ended_at: endedAt,
        first_pass_completed_at: this.db.raw(
          'COALESCE(first_pass_completed_at, ?)',
          [endedAt],
        ),
      });
  }

  async getPrebuild(): Promise<PrebuildRecord | undefined> {
    const row = await this.db<PrebuildRow>(PREBUILD_TABLE)
      .where({ id: PREBUILD_ID })
      .first();
    if (!row) {
      return undefined;
    }
    return {
      lastPassStartedAt: toDate(row.last_pass_started_at),
      lastPassEndedAt: toDate(row.last_pass_ended_at),
      firstPassCompletedAt: toDate(row.first_pass_completed_at),
      built: Number(row.built),
      skipped: Number(row.skipped),
      failed: Number(row.failed),
      entities: Number(row.entities),
      lastError: row.last_error ?? undefined,
    };
  }
}
