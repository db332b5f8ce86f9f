import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  BurnUpPoint,
  Campaign,
  CampaignInput,
} from '@internal/backstage-plugin-campaigns-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-campaigns-backend',
  'migrations',
);

/** The kinds of notification an owner gets, each at most once per campaign. */
export type NotificationKind = 'start' | 'reminder';

export interface SentNotification {
  ownerRef: string;
  kind: NotificationKind;
  sentAt: Date;
}

interface CampaignRow {
  id: string;
  title: string;
  description: string;
  scope: string;
  target: string;
  start_date: string;
  deadline: string;
  created_by: string;
  created_at: unknown;
  updated_by: string;
  updated_at: unknown;
}

function toDate(value: unknown): Date {
  // SQLite hands back numbers (ms) or strings, PostgreSQL Date objects.
  return value instanceof Date ? value : new Date(value as string | number);
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' || // PostgreSQL unique_violation
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}

function percentOf(atTarget: number, inScope: number): number | null {
  return inScope === 0 ? null : Math.round((atTarget / inScope) * 1000) / 10;
}

function fromRow(row: CampaignRow): Campaign {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    scope: JSON.parse(row.scope),
    target: JSON.parse(row.target),
    startDate: row.start_date,
    deadline: row.deadline,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at).toISOString(),
    updatedBy: row.updated_by,
    updatedAt: toDate(row.updated_at).toISOString(),
  };
}

function inputColumns(input: CampaignInput) {
  return {
    title: input.title,
    description: input.description,
    scope: JSON.stringify(input.scope),
    target: JSON.stringify(input.target),
    start_date: input.startDate,
    deadline: input.deadline,
  };
}

/** Campaigns, their daily progress and the notifications already sent. */
export class CampaignStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<CampaignStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new CampaignStore(knex);
  }

  private constructor(private readonly db: Knex) {}

  /** Every campaign, the nearest deadline first. */
  async list(): Promise<Campaign[]> {
    const rows = await this.db<CampaignRow>('campaigns')
      .select()
      .orderBy([
        { column: 'deadline', order: 'asc' },
        { column: 'title', order: 'asc' },
      ]);
    return rows.map(fromRow);
  }

  async get(id: string): Promise<Campaign | undefined> {
    const row = await this.db<CampaignRow>('campaigns').where({ id }).first();
    return row ? fromRow(row) : undefined;
  }

  async create(
    input: CampaignInput,
    by: string,
    now: Date,
    id: string = randomUUID(),
  ): Promise<Campaign> {
    await this.db('campaigns').insert({
      id,
      ...inputColumns(input),
      created_by: by,
      created_at: now,
      updated_by: by,
      updated_at: now,
    });
    return (await this.get(id))!;
  }

  /**
   * Creates the campaign with this id unless it exists (whatever it holds
   * now): for the example campaign, seeded once and then left as edited.
   */
  async createIfAbsent(
    id: string,
    input: CampaignInput,
    by: string,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.create(input, by, now, id);
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** The updated campaign, or undefined when there is no such campaign. */
  async update(
    id: string,
    input: CampaignInput,
    by: string,
    now: Date,
  ): Promise<Campaign | undefined> {
    const count = await this.db('campaigns')
      .where({ id })
      .update({ ...inputColumns(input), updated_by: by, updated_at: now });
    return count === 0 ? undefined : this.get(id);
  }

  /** Records the campaign's figures for a day; a later run that day replaces them. */
  async recordProgress(point: {
    campaignId: string;
    day: string;
    inScope: number;
    atTarget: number;
    recordedAt: Date;
  }): Promise<void> {
    await this.db('campaign_progress')
      .insert({
        campaign_id: point.campaignId,
        day: point.day,
        in_scope: point.inScope,
        at_target: point.atTarget,
        recorded_at: point.recordedAt,
      })
      .onConflict(['campaign_id', 'day'])
      .merge(['in_scope', 'at_target', 'recorded_at']);
  }

  /** The recorded days of a campaign, oldest first. */
  async history(campaignId: string): Promise<BurnUpPoint[]> {
    const rows = await this.db('campaign_progress')
      .where({ campaign_id: campaignId })
      .orderBy('day', 'asc')
      .select('day', 'in_scope', 'at_target');
    return rows.map(r => ({
      day: r.day,
      inScope: Number(r.in_scope),
      atTarget: Number(r.at_target),
      percent: percentOf(Number(r.at_target), Number(r.in_scope)),
    }));
  }

  /**
   * Claims the right to send one notification: true the first time for a
   * campaign, owner and kind, false ever after (also when two replicas race).
   */
  async claimNotification(
    campaignId: string,
    ownerRef: string,
    kind: NotificationKind,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.db('campaign_notifications').insert({
        campaign_id: campaignId,
        owner_ref: ownerRef,
        kind,
        sent_at: now,
      });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  /** Gives a claim back when sending failed, so the next run tries again. */
  async releaseNotification(
    campaignId: string,
    ownerRef: string,
    kind: NotificationKind,
  ): Promise<void> {
    await this.db('campaign_notifications')
      .where({ campaign_id: campaignId, owner_ref: ownerRef, kind })
      .delete();
  }

  async sentNotifications(campaignId: string): Promise<SentNotification[]> {
    const rows = await this.db('campaign_notifications')
      .where({ campaign_id: campaignId })
      .orderBy([{ column: 'sent_at' }, { column: 'owner_ref' }])
      .select('owner_ref', 'kind', 'sent_at');
    return rows.map(r => ({
      ownerRef: r.owner_ref,
      kind: r.kind,
      sentAt: toDate(r.sent_at),
    }));
  }
}

export { percentOf };
