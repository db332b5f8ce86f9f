import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  AuditEventRecord,
  AuditEventsPage,
} from '@internal/backstage-plugin-audit-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-audit-backend',
  'migrations',
);

/** Filters of a trail query; all optional, combined with AND. */
export interface AuditEventQuery {
  /** Exact actor (user entity ref or service subject), case-insensitive. */
  actor?: string;
  /** An action (`catalog.entity-mutate.refresh`) or a prefix of whole segments (`catalog`, `scaffolder.task`). */
  action?: string;
  /** An entity ref or `<type>:<target>` location, case-insensitive. */
  entity?: string;
  outcome?: AuditEventRecord['outcome'];
  /** Inclusive lower bound of `occurredAt`. */
  from?: Date;
  /** Exclusive upper bound of `occurredAt`. */
  to?: Date;
  limit: number;
  cursor?: string;
}

type EventRow = {
  seq: number | string;
  occurred_at: number | string;
  record: string;
};

function encodeCursor(row: EventRow): string {
  return Buffer.from(
    JSON.stringify([Number(row.occurred_at), Number(row.seq)]),
  ).toString('base64url');
}

function decodeCursor(cursor: string): [number, number] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every(v => Number.isSafeInteger(v))
    ) {
      return value as [number, number];
    }
  } catch {
    // fall through
  }
  throw new InputError(`Invalid cursor '${cursor}'`);
}

/** The audit trail in the audit plugin's database. */
export class AuditStore {
  static async create(database: DatabaseService): Promise<AuditStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new AuditStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /**
   * Stores records in one transaction (all or none): one multi-row INSERT
   * for the events and one for their entities. Idempotent on the record
   * `id`: a record already stored (a retry after a commit whose answer was
   * lost) is skipped, not an error.
   */
  async insert(records: AuditEventRecord[]): Promise<void> {
    if (records.length === 0) {
      return;
    }
    await this.knex.transaction(async tx => {
      // A few hundred rows per statement keeps under SQLite's bound
      // parameter limit (9 columns a row).
      for (let i = 0; i < records.length; i += 500) {
        const chunk = records.slice(i, i + 500);
        const rows: Array<{ seq: number | string; id: string }> = await tx(
          'audit_events',
        )
          .insert(
            chunk.map(record => ({
              id: record.id,
              occurred_at: Date.parse(record.occurredAt),
              plugin: record.plugin,
              action: record.action,
              severity: record.severityLevel,
              status: record.status,
              outcome: record.outcome,
              actor: record.actor.actorId?.toLocaleLowerCase('en-US') ?? null,
              record: JSON.stringify(record),
            })),
          )
          .onConflict('id')
          .ignore()
          .returning(['seq', 'id']);
        const byId = new Map(chunk.map(record => [record.id, record]));
        const entities = rows.flatMap(row =>
          (byId.get(row.id)?.entityRefs ?? []).map(entityRef => ({
            event_seq: row.seq,
            entity_ref: entityRef,
          })),
        );
        for (let j = 0; j < entities.length; j += 500) {
          await tx('audit_event_entities').insert(entities.slice(j, j + 500));
        }
      }
    });
  }

  /** Newest first, `limit` per page; `nextCursor` continues with older ones. */
  async query(query: AuditEventQuery): Promise<AuditEventsPage> {
    const q = this.knex<EventRow>('audit_events').select(
      'seq',
      'occurred_at',
      'record',
    );
    if (query.actor) {
      q.where('actor', query.actor.toLocaleLowerCase('en-US'));
    }
    if (query.action) {
      q.where(inner =>
        inner
          .where('action', query.action!)
          .orWhereRaw(`action LIKE ? ESCAPE '\\'`, [
            `${escapeLike(query.action!)}.%`,
          ]),
      );
    }
    if (query.outcome) {
      q.where('outcome', query.outcome);
    }
    if (query.from) {
      q.where('occurred_at', '>=', query.from.getTime());
    }
    if (query.to) {
      q.where('occurred_at', '<', query.to.getTime());
    }
    if (query.entity) {
      const entity = query.entity.trim().toLocaleLowerCase('en-US');
      q.whereExists(
        this.knex('audit_event_entities')
          .select(this.knex.raw('1'))
          .whereRaw('audit_event_entities.event_seq = audit_events.seq')
          .where('entity_ref', entity),
      );
    }
    if (query.cursor) {
      const [time, seq] = decodeCursor(query.cursor);
      q.where(inner =>
        inner
          .where('occurred_at', '<', time)
          .orWhere(same =>
            same.where('occurred_at', time).where('seq', '<', seq),
          ),
      );
    }
    const rows = await q
      .orderBy([
        { column: 'occurred_at', order: 'desc' },
        { column: 'seq', order: 'desc' },
      ])
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(row => JSON.parse(row.record)),
      ...(rows.length > query.limit
        ? { nextCursor: encodeCursor(page[page.length - 1]) }
        : {}),
    };
  }

  /** The oldest records not yet accepted by the sink, in insertion order. */
  async pendingForward(
    limit: number,
  ): Promise<Array<{ seq: number; record: AuditEventRecord }>> {
    const rows = await this.knex<EventRow>('audit_events')
      .select('seq', 'record')
      .whereNull('forwarded_at')
      .orderBy('seq', 'asc')
      .limit(limit);
    return rows.map(row => ({
      seq: Number(row.seq),
      record: JSON.parse(row.record),
    }));
  }

  async markForwarded(seqs: number[], at: Date = new Date()): Promise<void> {
    for (let i = 0; i < seqs.length; i += 500) {
      await this.knex('audit_events')
        .whereIn('seq', seqs.slice(i, i + 500))
        .update({ forwarded_at: at.getTime() });
    }
  }

  /**
   * Deletes records older than `before`. Returns how many were deleted and
   * how many of those had never reached the sink.
   */
  async deleteOlderThan(
    before: Date,
  ): Promise<{ deleted: number; unforwarded: number }> {
    const cutoff = before.getTime();
    const [{ count }] = await this.knex('audit_events')
      .where('occurred_at', '<', cutoff)
      .whereNull('forwarded_at')
      .count({ count: '*' });
    let deleted = 0;
    for (;;) {
      const seqs = (
        await this.knex('audit_events')
          .select('seq')
          .where('occurred_at', '<', cutoff)
          .limit(1000)
      ).map(row => row.seq);
      if (seqs.length === 0) {
        break;
      }
      await this.knex.transaction(async tx => {
        await tx('audit_event_entities').whereIn('event_seq', seqs).delete();
        await tx('audit_events').whereIn('seq', seqs).delete();
      });
      deleted += seqs.length;
    }
    return { deleted, unforwarded: Number(count) };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, c => `\\${c}`);
}
