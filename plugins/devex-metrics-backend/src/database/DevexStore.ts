import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  DevexHistoryPoint,
  DevexSnapshot,
} from '@internal/backstage-plugin-devex-metrics-common';
import { Knex } from 'knex';
import { DeploymentEvent, SurveyAnswer } from '../service/types';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-devex-metrics-backend',
  'migrations',
);

function toDate(value: unknown): Date {
  // SQLite hands back numbers (ms) or strings, PostgreSQL Date objects.
  return value instanceof Date ? value : new Date(value as string | number);
}

/** Rows per INSERT: keeps SQLite under its bound-variable limit. */
const UPSERT_CHUNK = 100;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

export type ReadinessSubjectType = 'entity' | 'team';

/** One entity's or team's readiness on one day. */
export interface ReadinessRow {
  day: string;
  subjectType: ReadinessSubjectType;
  subjectRef: string;
  level: string | null;
  data: Record<string, unknown>;
}

/** What one day's recording stores (see DevexStore.recordDay). */
export interface DailyRecord {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Figure key to value; null: no data. */
  metrics: Record<string, number | null>;
  readiness: Omit<ReadinessRow, 'day'>[];
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' || // PostgreSQL unique_violation
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}

/** Snapshots, deployment events, survey answers and recorded first deploys. */
export class DevexStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DevexStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DevexStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  /** `fingerprint`: a hash of the computation's inputs (see latestFingerprint). */
  async addSnapshot(
    snapshot: DevexSnapshot,
    fingerprint?: string,
  ): Promise<void> {
    await this.db('devex_snapshots').insert({
      computed_at: new Date(snapshot.computedAt),
      data: JSON.stringify(snapshot),
      fingerprint: fingerprint ?? null,
    });
  }

  /**
   * Deletes snapshots computed before `before`, never the latest one (the
   * daily tables keep the long history). Returns how many went.
   */
  async pruneSnapshots(before: Date): Promise<number> {
    const latest = await this.db('devex_snapshots')
      .orderBy('id', 'desc')
      .first('id');
    if (!latest) return 0;
    return this.db('devex_snapshots')
      .where('computed_at', '<', before)
      .andWhere('id', '<', latest.id)
      .delete();
  }

  /** The input fingerprint of the latest snapshot, if it has one. */
  async latestFingerprint(): Promise<string | null> {
    const row = await this.db('devex_snapshots')
      .orderBy('id', 'desc')
      .first('fingerprint');
    return row?.fingerprint ?? null;
  }

  /**
   * Records one UTC day: every figure and every entity's and team's
   * readiness. A row of the same day and key is replaced (an upsert, so two
   * replicas recording the same day leave one row each).
   */
  async recordDay(record: DailyRecord, recordedAt = new Date()): Promise<void> {
    const metrics = Object.entries(record.metrics).map(([key, value]) => ({
      day: record.day,
      key,
      value,
      recorded_at: recordedAt,
    }));
    const readiness = record.readiness.map(r => ({
      day: record.day,
      subject_type: r.subjectType,
      subject_ref: r.subjectRef,
      level: r.level,
      data: JSON.stringify(r.data),
      recorded_at: recordedAt,
    }));
    await this.db.transaction(async tx => {
      for (const chunk of chunks(metrics, UPSERT_CHUNK)) {
        await tx('devex_daily_metrics')
          .insert(chunk)
          .onConflict(['day', 'key'])
          .merge(['value', 'recorded_at']);
      }
      for (const chunk of chunks(readiness, UPSERT_CHUNK)) {
        await tx('devex_daily_readiness')
          .insert(chunk)
          .onConflict(['day', 'subject_type', 'subject_ref'])
          .merge(['level', 'data', 'recorded_at']);
      }
    });
  }

  /** Every figure of the days from `sinceDay` on, oldest first. */
  async dailyMetrics(
    sinceDay: string,
  ): Promise<{ day: string; key: string; value: number | null }[]> {
    const rows = await this.db('devex_daily_metrics')
      .where('day', '>=', sinceDay)
      .orderBy([
        { column: 'day', order: 'asc' },
        { column: 'key', order: 'asc' },
      ])
      .select('day', 'key', 'value');
    return rows.map(r => ({
      day: r.day,
      key: r.key,
      value: r.value === null ? null : Number(r.value),
    }));
  }

  /**
   * Readiness rows from `sinceDay` on, oldest first: of one subject, or of
   * every subject of the type when `subjectRef` is left out.
   */
  async readinessHistory(options: {
    subjectType: ReadinessSubjectType;
    subjectRef?: string;
    sinceDay: string;
  }): Promise<ReadinessRow[]> {
    const q = this.db('devex_daily_readiness')
      .where('subject_type', options.subjectType)
      .andWhere('day', '>=', options.sinceDay)
      .orderBy([
        { column: 'subject_ref', order: 'asc' },
        { column: 'day', order: 'asc' },
      ]);
    if (options.subjectRef !== undefined) {
      q.andWhere('subject_ref', options.subjectRef);
    }
    const rows = await q.select('day', 'subject_ref', 'level', 'data');
    return rows.map(r => ({
      day: r.day,
      subjectType: options.subjectType,
      subjectRef: r.subject_ref,
      level: r.level ?? null,
      data: JSON.parse(r.data),
    }));
  }

  async latestSnapshot(): Promise<DevexSnapshot | null> {
    const row = await this.db('devex_snapshots')
      .orderBy('id', 'desc')
      .first('data');
    return row ? (JSON.parse(row.data) as DevexSnapshot) : null;
  }

  /** One point per computation, oldest first, at most `limit` (newest kept). */
  async history(limit = 200): Promise<DevexHistoryPoint[]> {
    const rows = await this.db('devex_snapshots')
      .orderBy('id', 'desc')
      .limit(limit)
      .select('data');
    return rows.reverse().map(r => {
      const s = JSON.parse(r.data) as DevexSnapshot;
      return {
        computedAt: s.computedAt,
        catalogCoveragePercent: s.catalog.coveragePercent,
        adoptionPercent: s.goldenPath.adoptionPercent,
        nps: s.survey.nps,
      };
    });
  }

  /**
   * Stores a deployment; a repeated delivery id is ignored (GitHub
   * redelivers). Returns false for a duplicate.
   */
  async addDeployment(
    event: DeploymentEvent & { deliveryId?: string; source: string },
  ): Promise<boolean> {
    try {
      await this.db('devex_deployments').insert({
        delivery_id: event.deliveryId ?? null,
        source: event.source,
        entity_ref: event.entityRef?.toLocaleLowerCase('en-US') ?? null,
        repository: event.repository?.toLocaleLowerCase('en-US') ?? null,
        environment: event.environment,
        status: event.status,
        deployed_at: event.deployedAt,
        received_at: new Date(),
      });
      return true;
    } catch (e) {
      if (event.deliveryId && isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async listDeployments(): Promise<DeploymentEvent[]> {
    const rows = await this.db('devex_deployments').select(
      'entity_ref',
      'repository',
      'environment',
      'status',
      'deployed_at',
    );
    return rows.map(r => ({
      entityRef: r.entity_ref,
      repository: r.repository,
      environment: r.environment,
      status: r.status,
      deployedAt: toDate(r.deployed_at),
    }));
  }

  async countDeployments(): Promise<number> {
    const [{ n }] = await this.db('devex_deployments').count({ n: '*' });
    return Number(n);
  }

  /** Throws ConflictError when the user already answered in this period. */
  async addSurveyAnswer(answer: SurveyAnswer): Promise<void> {
    try {
      await this.db('devex_survey_answers').insert({
        user_ref: answer.userRef,
        period: answer.period,
        score: answer.score,
        comment: answer.comment ?? null,
        answered_at: answer.answeredAt,
      });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ConflictError(
          `You already answered the DevEx survey for ${answer.period}`,
        );
      }
      throw e;
    }
  }

  async hasAnswered(userRef: string, period: string): Promise<boolean> {
    const row = await this.db('devex_survey_answers')
      .where({ user_ref: userRef, period })
      .first('id');
    return Boolean(row);
  }

  async surveyAnswers(period?: string): Promise<SurveyAnswer[]> {
    const q = this.db('devex_survey_answers').orderBy('answered_at', 'asc');
    if (period) q.where({ period });
    const rows = await q.select();
    return rows.map(r => ({
      userRef: r.user_ref,
      period: r.period,
      score: Number(r.score),
      comment: r.comment,
      answeredAt: toDate(r.answered_at),
    }));
  }

  /**
   * Records first deploys not stored yet; returns the new ones (each goes
   * into the histogram exactly once).
   */
  async recordFirstDeploys(
    rows: {
      entityRef: string;
      createdAt: Date;
      firstDeployAt: Date;
      seconds: number;
    }[],
  ): Promise<{ entityRef: string; seconds: number }[]> {
    if (rows.length === 0) return [];
    const known = new Set(
      (
        await this.db('devex_first_deploys')
          .whereIn(
            'entity_ref',
            rows.map(r => r.entityRef),
          )
          .select('entity_ref')
      ).map(r => r.entity_ref as string),
    );
    const fresh = rows.filter(r => !known.has(r.entityRef));
    if (fresh.length > 0) {
      await this.db('devex_first_deploys')
        .insert(
          fresh.map(r => ({
            entity_ref: r.entityRef,
            created_at: r.createdAt,
            first_deploy_at: r.firstDeployAt,
            seconds: r.seconds,
          })),
        )
        .onConflict('entity_ref')
        .ignore();
    }
    return fresh.map(r => ({ entityRef: r.entityRef, seconds: r.seconds }));
  }
}
