import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  CostBasis,
  CostCategory,
  IngestionStatus,
  Rejection,
} from '@internal/backstage-plugin-cost-tracker-common';
import { CostRow, UnallocatedRow } from '../types';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-cost-tracker-backend',
  'migrations',
);

/** Rows written per INSERT statement; keeps SQLite under its variable limit. */
const BATCH_SIZE = 150;
/** Entity refs per `IN (...)` list (SQLite); PostgreSQL takes one array. */
const IN_CHUNK = 500;

/** Longest `key` of an unallocated cost (the column is a varchar(255)). */
const MAX_KEY = 255;

/** The column a cost basis is stored in. */
const column = (basis: CostBasis | undefined) =>
  basis === 'billed' ? 'billed_amount' : 'amount';

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
   * Groups of entity refs, one query each: PostgreSQL gets them all as one
   * array (`= ANY(?)`, which uses the primary key index for any number of
   * refs), other databases lists of {@link IN_CHUNK}.
   */
  private refGroups(refs: string[]): string[][] {
    return this.db.client.dialect === 'postgresql'
      ? [refs]
      : chunks(refs, IN_CHUNK);
  }

  private whereRefs(q: Knex.QueryBuilder, refs: string[]) {
    if (this.db.client.dialect === 'postgresql') {
      q.whereRaw('?? = ANY(?)', ['entity_ref', refs]);
    } else {
      q.whereIn('entity_ref', refs);
    }
  }

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
              billed_amount: r.billedAmount ?? r.amount,
              updated_at: now,
            })),
          )
          .onConflict(['entity_ref', 'day', 'category', 'source'])
          .merge(['amount', 'billed_amount', 'updated_at']);
      }
    });
    return rows.length;
  }

  /**
   * Replaces everything a source holds (within `from`..`to` when given) by
   * the rows of a new run, in one transaction: a re-read export replaces its
   * rows, and a cost that moved to another entity (or became unallocated)
   * is no longer counted for the one it left. Rows with the same key are
   * summed.
   */
  async replaceSource(options: {
    source: string;
    rows: CostRow[];
    unallocated: UnallocatedRow[];
    from?: string;
    to?: string;
  }): Promise<void> {
    const { source, from, to } = options;
    const now = new Date();
    const daily = new Map<string, Record<string, unknown>>();
    for (const r of options.rows) {
      if (r.source !== source) {
        throw new Error(`row of source ${r.source} given for ${source}`);
      }
      const entityRef = r.entityRef.toLocaleLowerCase('en-US');
      const key = `${entityRef}|${r.day}|${r.category}`;
      const row = daily.get(key) ?? {
        entity_ref: entityRef,
        day: r.day,
        category: r.category,
        source,
        amount: 0,
        billed_amount: 0,
        updated_at: now,
      };
      (row.amount as number) += r.amount;
      (row.billed_amount as number) += r.billedAmount ?? r.amount;
      daily.set(key, row);
    }
    const unallocated = new Map<string, Record<string, unknown>>();
    for (const r of options.unallocated) {
      const what = r.key.slice(0, MAX_KEY);
      const key = `${what}|${r.day}|${r.category}`;
      const row = unallocated.get(key) ?? {
        key: what,
        day: r.day,
        category: r.category,
        source,
        reason: r.reason,
        amount: 0,
        billed_amount: 0,
        updated_at: now,
      };
      (row.amount as number) += r.amount;
      (row.billed_amount as number) += r.billedAmount ?? r.amount;
      unallocated.set(key, row);
    }
    await this.db.transaction(async tx => {
      for (const table of ['cost_daily', 'cost_unallocated_daily']) {
        const q = tx(table).where({ source });
        if (from && to) {
          q.whereBetween('day', [from, to]);
        }
        await q.delete();
      }
      for (const batch of chunks([...daily.values()], BATCH_SIZE)) {
        await tx('cost_daily')
          .insert(batch)
          .onConflict(['entity_ref', 'day', 'category', 'source'])
          .merge(['amount', 'billed_amount', 'updated_at']);
      }
      for (const batch of chunks([...unallocated.values()], BATCH_SIZE)) {
        await tx('cost_unallocated_daily')
          .insert(batch)
          .onConflict(['source', 'day', 'category', 'key'])
          .merge(['amount', 'billed_amount', 'reason', 'updated_at']);
      }
    });
  }

  /**
   * Sums per day and category over all sources for a set of entities,
   * between two UTC days (both inclusive).
   */
  async dailyByCategory(options: {
    entityRefs: string[];
    from: string;
    to: string;
    basis?: CostBasis;
  }): Promise<Array<{ day: string; category: CostCategory; amount: number }>> {
    const refs = options.entityRefs.map(r => r.toLocaleLowerCase('en-US'));
    if (refs.length === 0) {
      return [];
    }
    const merged = new Map<
      string,
      { day: string; category: CostCategory; amount: number }
    >();
    for (const chunk of this.refGroups(refs)) {
      const query = this.db('cost_daily')
        .select('day', 'category')
        .sum({ amount: column(options.basis) })
        .whereBetween('day', [options.from, options.to])
        .groupBy('day', 'category');
      this.whereRefs(query, chunk);
      const rows = (await query) as Array<{
        day: string;
        category: CostCategory;
        amount: number | string;
      }>;
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
    basis?: CostBasis;
  }): Promise<Array<{ entityRef: string; amount: number }>> {
    const query = (
      refs?: string[],
    ): Promise<Array<{ entityRef: string; amount: number | string }>> => {
      const q = this.db('cost_daily')
        .select({ entityRef: 'entity_ref' })
        .sum({ amount: column(options.basis) })
        .whereBetween('day', [options.from, options.to])
        .groupBy('entity_ref')
        .orderBy([
          { column: 'amount', order: 'desc' },
          { column: 'entity_ref', order: 'asc' },
        ]);
      if (refs) {
        this.whereRefs(q, refs);
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
      for (const chunk of this.refGroups(refs)) {
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

  /**
   * Sums per day and category of everything stored, allocated or not, between
   * two UTC days (both inclusive): the organisation's daily cost.
   */
  async dailyTotals(options: {
    from: string;
    to: string;
    basis?: CostBasis;
  }): Promise<Array<{ day: string; category: CostCategory; amount: number }>> {
    const merged = new Map<
      string,
      { day: string; category: CostCategory; amount: number }
    >();
    for (const table of ['cost_daily', 'cost_unallocated_daily']) {
      const rows: Array<{
        day: string;
        category: CostCategory;
        amount: number | string;
      }> = await this.db(table)
        .select('day', 'category')
        .sum({ amount: column(options.basis) })
        .whereBetween('day', [options.from, options.to])
        .groupBy('day', 'category');
      for (const row of rows) {
        const key = `${row.day}|${row.category}`;
        const prev = merged.get(key);
        if (prev) {
          prev.amount += Number(row.amount);
        } else {
          merged.set(key, { ...row, amount: Number(row.amount) });
        }
      }
    }
    return [...merged.values()].sort((a, b) => a.day.localeCompare(b.day));
  }

  /**
   * Unallocated cost between two UTC days, per what was not matched and
   * source, highest first.
   */
  async unallocatedTotals(options: {
    from: string;
    to: string;
    basis?: CostBasis;
  }): Promise<
    Array<{ key: string; reason: string; source: string; amount: number }>
  > {
    const rows: Array<{
      key: string;
      reason: string;
      source: string;
      amount: number | string;
    }> = await this.db('cost_unallocated_daily')
      .select('key', 'source')
      .max({ reason: 'reason' })
      .sum({ amount: column(options.basis) })
      .whereBetween('day', [options.from, options.to])
      .groupBy('key', 'source');
    return rows
      .map(r => ({
        key: r.key,
        reason: r.reason,
        source: r.source,
        amount: Number(r.amount),
      }))
      .sort(
        (a, b) =>
          b.amount - a.amount ||
          a.key.localeCompare(b.key) ||
          a.source.localeCompare(b.source),
      );
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
