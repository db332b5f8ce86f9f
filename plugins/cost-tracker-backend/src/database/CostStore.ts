import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CostCategory, CostRow, IngestionStatus, Rejection } from '../types';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-cost-tracker-backend',
  'migrations',
);

/** Rows written per INSERT statement; keeps SQLite under its variable limit. */
const BATCH_SIZE = 150;
/** Entity refs per `IN (...)` list. */
const IN_CHUNK = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** Stores daily costs, ingestion status and budget alerts. */
export class CostStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<CostStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new CostStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Writes daily rows; a row with the same entity, day, category and source
   * replaces the stored amount, so re-ingesting a window never double counts.
   */
  async upsertDaily(rows: CostRow[]): Promise<number> {
    if (rows.length === 0) {
      return 0;
    }
    const now = new Date();
    await this.db.transaction(async tx => {
      for (const batch of chunks(rows, BATCH_SIZE)) {
        await tx('cost_daily')
          .insert(
            batch.map(r => ({
              entity_ref: r.entityRef.toLocaleLowerCase('en-US'),
              day: r.day,
              category: r.category,
              source: r.source,
              amount: r.amount,
              updated_at: now,
            })),
          )
          .onConflict(['entity_ref', 'day', 'category', 'source'])
          .merge(['amount', 'updated_at']);
      }
    });
    return rows.length;
  }

  /**
   * Sums per day and category over all sources for a set of entities,
   * between two UTC days (both inclusive).
   */
  async dailyByCategory(options: {
    entityRefs: string[];
    from: string;
    to: string;
  }): Promise<Array<{ day: string; category: CostCategory; amount: number }>> {
    const refs = options.entityRefs.map(r => r.toLocaleLowerCase('en-US'));
    if (refs.length === 0) {
      return [];
    }
    const merged = new Map<
      string,
      { day: string; category: CostCategory; amount: number }
    >();
    for (const chunk of chunks(refs, IN_CHUNK)) {
      const rows: Array<{
        day: string;
        category: CostCategory;
        amount: number | string;
      }> = await this.db('cost_daily')
        .select('day', 'category')
        .sum({ amount: 'amount' })
        .whereIn('entity_ref', chunk)
        .whereBetween('day', [options.from, options.to])
        .groupBy('day', 'category');
      for (const row of rows) {
        const key = `${row.day}|${row.category}`;
        const prev = merged.get(key);
        const amount = Number(row.amount);
        if (prev) {
          prev.amount += amount;
        } else {
          merged.set(key, { day: row.day, category: row.category, amount });
        }
      }
    }
    return [...merged.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  /**
   * Total per entity between two UTC days, highest first. Without
   * `entityRefs` every entity of the given kind (or any kind) is considered.
   */
  async totalsByEntity(options: {
    from: string;
    to: string;
    entityRefs?: string[];
    kind?: string;
    limit?: number;
  }): Promise<Array<{ entityRef: string; amount: number }>> {
    const query = (
      refs?: string[],
    ): Promise<Array<{ entityRef: string; amount: number | string }>> => {
      const q = this.db('cost_daily')
        .select({ entityRef: 'entity_ref' })
        .sum({ amount: 'amount' })
        .whereBetween('day', [options.from, options.to])
        .groupBy('entity_ref')
        .orderBy([
          { column: 'amount', order: 'desc' },
          { column: 'entity_ref', order: 'asc' },
        ]);
      if (refs) {
        q.whereIn('entity_ref', refs);
      }
      if (options.kind) {
        q.where(
          'entity_ref',
          'like',
          `${options.kind.toLocaleLowerCase('en-US')}:%`,
        );
      }
      if (options.limit && !refs) {
        q.limit(options.limit);
      }
      return q as unknown as Promise<
        Array<{ entityRef: string; amount: number | string }>
      >;
    };
    let rows: Array<{ entityRef: string; amount: number | string }>;
    if (options.entityRefs) {
      const refs = options.entityRefs.map(r => r.toLocaleLowerCase('en-US'));
      rows = [];
      for (const chunk of chunks(refs, IN_CHUNK)) {
        rows.push(...(await query(chunk)));
      }
    } else {
      rows = await query();
    }
    const result = rows
      .map(r => ({ entityRef: r.entityRef, amount: Number(r.amount) }))
      .sort(
        (a, b) => b.amount - a.amount || a.entityRef.localeCompare(b.entityRef),
      );
    return options.limit ? result.slice(0, options.limit) : result;
  }

  /** Records the outcome of an ingestion run. */
  async setStatus(status: {
    source: string;
    status: IngestionStatus['status'];
    message?: string;
    rowsIngested: number;
    rejections?: Rejection[];
    at: Date;
  }): Promise<void> {
    const rejections = status.rejections ?? [];
    const row = {
      source: status.source,
      status: status.status,
      message: status.message ?? null,
      rows_ingested: status.rowsIngested,
      rows_rejected: rejections.length,
      // Keep the first 1000 so one broken export cannot bloat the table.
      rejections: JSON.stringify(rejections.slice(0, 1000)),
      last_attempt_at: status.at,
    };
    const success =
      status.status === 'failed' ? {} : { last_success_at: status.at };
    await this.db('cost_ingestion_status')
      .insert({ ...row, ...success })
      .onConflict('source')
      .merge({ ...row, ...success });
  }

  /** The latest ingestion outcome of every source. */
  async listStatus(): Promise<IngestionStatus[]> {
    const rows = await this.db('cost_ingestion_status').orderBy('source');
    return rows.map(r => ({
      source: r.source,
      status: r.status,
      message: r.message ?? undefined,
      rowsIngested: Number(r.rows_ingested),
      rowsRejected: Number(r.rows_rejected),
      rejections: r.rejections ? JSON.parse(r.rejections) : [],
      lastAttemptAt: new Date(r.last_attempt_at).toISOString(),
      lastSuccessAt: r.last_success_at
        ? new Date(r.last_success_at).toISOString()
        : undefined,
    }));
  }

  /**
   * Claims the budget alert of an entity for a period. Returns false when it
   * was already claimed, so an owner hears about a crossed budget once.
   */
  async claimBudgetAlert(alert: {
    entityRef: string;
    period: string;
    budget: number;
    spent: number;
  }): Promise<boolean> {
    const entityRef = alert.entityRef.toLocaleLowerCase('en-US');
    return this.db.transaction(async tx => {
      const existing = await tx('cost_budget_alerts')
        .where({ entity_ref: entityRef, period: alert.period })
        .first();
      if (existing) {
        return false;
      }
      await tx('cost_budget_alerts').insert({
        entity_ref: entityRef,
        period: alert.period,
        budget: alert.budget,
        spent: alert.spent,
        notified_at: new Date(),
      });
      return true;
    });
  }

  /** Releases a claimed alert, e.g. when sending the notification failed. */
  async releaseBudgetAlert(entityRef: string, period: string): Promise<void> {
    await this.db('cost_budget_alerts')
      .where({ entity_ref: entityRef.toLocaleLowerCase('en-US'), period })
      .delete();
  }
}
