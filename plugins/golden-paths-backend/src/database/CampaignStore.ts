import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  UpgradeCampaign,
  UpgradeCampaignItem,
  UpgradeCampaignItemStatus,
} from '@internal/backstage-plugin-golden-paths-common';
import { Knex } from 'knex';
import { isUniqueViolation, migratedClient, toIso } from './database';
import { randomUUID } from 'node:crypto';

const CAMPAIGNS = 'upgrade_campaigns';
const ITEMS = 'upgrade_campaign_items';

/** Statuses of a service that has its outcome. */
export type CampaignOutcome = Exclude<
  UpgradeCampaignItemStatus,
  'pending' | 'running'
>;

/** What a campaign is made of when it starts. */
export interface NewUpgradeCampaign
  extends Pick<
    UpgradeCampaign,
    | 'id'
    | 'templateRef'
    | 'belowVersion'
    | 'toVersion'
    | 'parameters'
    | 'createdBy'
  > {
  createdAt: Date;
  /** The services to upgrade, one item each. */
  entityRefs: string[];
}

/** A service a replica has claimed: only that claim may record its outcome. */
export interface ClaimedCampaignItem {
  campaignId: string;
  entityRef: string;
  claimId: string;
  /** 1 the first time; more when resumed after a replica stopped. */
  attempt: number;
  parameters?: Record<string, unknown>;
}

/**
 * Upgrade campaigns and one row per service. A service is upgraded by the
 * replica that claimed it: a claim is taken with a compare-and-set UPDATE
 * (pending, or running with a claim not renewed since `staleBefore`), so
 * of two replicas only one gets it, and only the current claim can record
 * the outcome.
 */
export class CampaignStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<CampaignStore> {
    return new CampaignStore(await migratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Stores a campaign and its services. Undefined when a campaign of the
   * same golden path is still running (one at a time per golden path, so
   * that no service is upgraded by two campaigns at once).
   */
  async createCampaign(
    campaign: NewUpgradeCampaign,
  ): Promise<UpgradeCampaign | undefined> {
    try {
      await this.db.transaction(async trx => {
        await trx(CAMPAIGNS).insert({
          id: campaign.id,
          template_ref: campaign.templateRef,
          below_version: campaign.belowVersion ?? null,
          to_version: campaign.toVersion,
          parameters: campaign.parameters
            ? JSON.stringify(campaign.parameters)
            : null,
          created_by: campaign.createdBy,
          created_at: campaign.createdAt,
          finished_at: null,
          status: 'running',
          running_template_ref: campaign.templateRef,
          total: campaign.entityRefs.length,
        });
        // 100 rows a statement: within SQLite's limit of bound values.
        await trx.batchInsert(
          ITEMS,
          campaign.entityRefs.map(entityRef => ({
            campaign_id: campaign.id,
            entity_ref: entityRef,
            status: 'pending',
            message: null,
            claim_id: null,
            claimed_at: null,
            started_at: null,
            updated_at: campaign.createdAt,
            attempts: 0,
          })),
          100,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return this.getCampaign(campaign.id);
  }

  async getCampaign(id: string): Promise<UpgradeCampaign | undefined> {
    const [campaign] = await this.campaigns(this.db(CAMPAIGNS).where({ id }));
    return campaign;
  }

  /** Newest first. */
  async listCampaigns(
    filter: { templateRef?: string; status?: string; limit?: number } = {},
  ): Promise<UpgradeCampaign[]> {
    const query = this.db(CAMPAIGNS)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit ?? 20);
    if (filter.templateRef) query.where({ template_ref: filter.templateRef });
    if (filter.status) query.where({ status: filter.status });
    return this.campaigns(query);
  }

  /** The running campaign of a golden path, if there is one. */
  async runningCampaign(
    templateRef: string,
  ): Promise<UpgradeCampaign | undefined> {
    const [campaign] = await this.campaigns(
      this.db(CAMPAIGNS).where({ running_template_ref: templateRef }),
    );
    return campaign;
  }

  /** A campaign's services, with their times, by entity ref. */
  async listItems(campaignId: string): Promise<UpgradeCampaignItem[]> {
    const rows = await this.db(ITEMS)
      .where({ campaign_id: campaignId })
      .orderBy('entity_ref');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      status: row.status,
      ...(row.message ? { message: row.message } : {}),
      ...(row.started_at ? { startedAt: toIso(row.started_at) } : {}),
      updatedAt: toIso(row.updated_at),
      attempts: Number(row.attempts),
    }));
  }

  /**
   * Claims the next service of a running campaign: a pending one, or one
   * whose claim was not renewed since `staleBefore` (its replica stopped).
   * Oldest campaign first. Undefined when there is nothing to claim.
   */
  async claimNext(options: {
    now: Date;
    staleBefore: Date;
  }): Promise<ClaimedCampaignItem | undefined> {
    const { now, staleBefore } = options;
    const claimable = (query: Knex.QueryBuilder) =>
      query
        .where(`${ITEMS}.status`, 'pending')
        .orWhere(q =>
          q
            .where(`${ITEMS}.status`, 'running')
            .where(`${ITEMS}.claimed_at`, '<', staleBefore),
        );
    const candidates = await this.db(ITEMS)
      .join(CAMPAIGNS, `${CAMPAIGNS}.id`, `${ITEMS}.campaign_id`)
      .where(`${CAMPAIGNS}.status`, 'running')
      .where(claimable)
      .orderBy([
        { column: `${CAMPAIGNS}.created_at` },
        { column: `${ITEMS}.campaign_id` },
        { column: `${ITEMS}.entity_ref` },
      ])
      .limit(10)
      .select(
        `${ITEMS}.campaign_id`,
        `${ITEMS}.entity_ref`,
        `${ITEMS}.attempts`,
        `${CAMPAIGNS}.parameters`,
      );
    for (const candidate of candidates) {
      const claimId = randomUUID();
      // Compare and set: another replica may have claimed it meanwhile.
      const updated = await this.db(ITEMS)
        .where({
          campaign_id: candidate.campaign_id,
          entity_ref: candidate.entity_ref,
        })
        .where(claimable)
        .update({
          status: 'running',
          claim_id: claimId,
          claimed_at: now,
          started_at: now,
          updated_at: now,
          attempts: this.db.raw('?? + 1', ['attempts']),
        });
      if (updated === 1) {
        return {
          campaignId: candidate.campaign_id,
          entityRef: candidate.entity_ref,
          claimId,
          attempt: Number(candidate.attempts) + 1,
          ...(candidate.parameters
            ? { parameters: JSON.parse(candidate.parameters) }
            : {}),
        };
      }
    }
    return undefined;
  }

  /** Keeps claims alive while their replica works on them. */
  async renewClaims(claimIds: string[], now: Date): Promise<void> {
    if (claimIds.length === 0) return;
    await this.db(ITEMS)
      .whereIn('claim_id', claimIds)
      .where({ status: 'running' })
      .update({ claimed_at: now });
  }

  /**
   * Records a service's outcome, if the claim is still the current one.
   * False: another replica took the service over (this claim went stale).
   */
  async finishItem(options: {
    claim: ClaimedCampaignItem;
    status: CampaignOutcome;
    message?: string;
    now: Date;
  }): Promise<boolean> {
    const { claim, status, message, now } = options;
    const updated = await this.db(ITEMS)
      .where({
        campaign_id: claim.campaignId,
        entity_ref: claim.entityRef,
        claim_id: claim.claimId,
        status: 'running',
      })
      .update({
        status,
        message: message ?? null,
        claim_id: null,
        claimed_at: null,
        updated_at: now,
      });
    return updated === 1;
  }

  /**
   * Ends running campaigns (all, or one) whose services all have an
   * outcome: `failed` if every one failed, `completed` otherwise. Returns
   * the campaigns it ended.
   */
  async finishSettledCampaigns(
    options: { campaignId?: string; now?: Date } = {},
  ): Promise<UpgradeCampaign[]> {
    const query = this.db(CAMPAIGNS)
      .where({ status: 'running' })
      .whereNotExists(
        this.db(ITEMS)
          .select(this.db.raw('1'))
          .whereRaw('??.?? = ??.??', [ITEMS, 'campaign_id', CAMPAIGNS, 'id'])
          .whereIn('status', ['pending', 'running']),
      )
      .select('id');
    if (options.campaignId) query.where({ id: options.campaignId });
    const ended: UpgradeCampaign[] = [];
    for (const { id } of await query) {
      const campaign = await this.getCampaign(id);
      if (!campaign) continue;
      const status =
        campaign.total > 0 && campaign.counts.failed === campaign.total
          ? 'failed'
          : 'completed';
      const updated = await this.db(CAMPAIGNS)
        .where({ id, status: 'running' })
        .update({
          status,
          finished_at: options.now ?? new Date(),
          running_template_ref: null,
        });
      if (updated === 1) ended.push((await this.getCampaign(id))!);
    }
    return ended;
  }

  private async campaigns(
    query: Knex.QueryBuilder,
  ): Promise<UpgradeCampaign[]> {
    const rows = await query;
    if (rows.length === 0) return [];
    const ids = rows.map((r: { id: string }) => r.id);
    const [counts, failures] = await Promise.all([
      this.db(ITEMS)
        .whereIn('campaign_id', ids)
        .groupBy('campaign_id', 'status')
        .select<
          Array<{ campaign_id: string; status: string; n: number | string }>
        >('campaign_id', 'status', this.db.raw('count(*) as n')),
      this.db(ITEMS)
        .whereIn('campaign_id', ids)
        .where({ status: 'failed' })
        .orderBy('entity_ref')
        .select('campaign_id', 'entity_ref', 'message'),
    ]);
    return rows.map((row: any): UpgradeCampaign => {
      const n = (status: UpgradeCampaignItemStatus) =>
        Number(
          counts.find(c => c.campaign_id === row.id && c.status === status)
            ?.n ?? 0,
        );
      const tally = {
        clean: n('clean'),
        conflicts: n('conflicts'),
        upToDate: n('up-to-date'),
        failed: n('failed'),
      };
      return {
        id: row.id,
        templateRef: row.template_ref,
        ...(row.below_version ? { belowVersion: row.below_version } : {}),
        toVersion: row.to_version,
        ...(row.parameters ? { parameters: JSON.parse(row.parameters) } : {}),
        createdBy: row.created_by,
        createdAt: toIso(row.created_at),
        ...(row.finished_at ? { finishedAt: toIso(row.finished_at) } : {}),
        status: row.status,
        total: Number(row.total),
        done: tally.clean + tally.conflicts + tally.upToDate + tally.failed,
        counts: tally,
        failures: failures
          .filter(f => f.campaign_id === row.id)
          .map(f => ({ entityRef: f.entity_ref, message: f.message ?? '' })),
      };
    });
  }
}
