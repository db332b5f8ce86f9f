import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  BurnUpPoint,
  Campaign,
  CampaignDetails,
  CampaignProgress,
  CampaignSummary,
  CampaignTargets,
  campaignStatus,
  dayOf,
  describeTarget,
  scopeNoun,
  startOfDay,
} from '@internal/backstage-plugin-campaigns-common';
import {
  Scorecard,
  ScorecardLevel,
} from '@internal/backstage-plugin-devex-metrics-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CampaignStore, NotificationKind } from '../database/CampaignStore';
import { computeProgress, entityTitle, refKey } from './progress';
import { inScope, ownerOf } from './scope';
import { ScorecardSource } from './ScorecardSource';

const DAY_MS = 24 * 60 * 60 * 1000;

const ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.tags',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
];

/** Everything progress is computed from, read once per request or run. */
interface World {
  entities: Entity[];
  scorecards: Map<string, Scorecard>;
  checkTitles: Map<string, string>;
  ownerTitles: Map<string, string>;
}

/**
 * Campaign progress from the catalog and the DevEx scorecards, the daily
 * burn-up points and the owners' notifications.
 */
export class CampaignService {
  constructor(
    private readonly deps: {
      auth: AuthService;
      catalog: CatalogService;
      logger: LoggerService;
      notifications: NotificationService;
      scorecards: ScorecardSource;
      store: CampaignStore;
      levels: ScorecardLevel[];
      /** Days before the deadline the reminder goes out (default 7). */
      reminderDays?: number;
    },
  ) {}

  /** Reads the entities of the campaigns' kinds and every scorecard. */
  private async world(campaigns: Campaign[]): Promise<World> {
    const { auth, catalog } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const kinds = campaigns.map(c => c.scope.kind);
    const filter = kinds.some(k => !k)
      ? undefined
      : [...new Set(kinds.map(k => k!.toLocaleLowerCase('en-US')))].map(
          kind => ({ kind }),
        );
    let scorecardList: Scorecard[];
    const [{ items: entities }] = await Promise.all([
      catalog.getEntities({ filter, fields: ENTITY_FIELDS }, { credentials }),
      this.deps.scorecards.getScorecards().then(
        list => {
          scorecardList = list;
        },
        (error: Error) => {
          throw new ServiceUnavailableError(
            `The DevEx scorecards cannot be read (devex-metrics plugin): ${error.message}`,
          );
        },
      ),
    ]);
    const scorecards = new Map(
      scorecardList!.map(s => [s.entityRef.toLocaleLowerCase('en-US'), s]),
    );
    const checkTitles = new Map<string, string>();
    for (const card of scorecardList!) {
      for (const check of card.checks) checkTitles.set(check.id, check.title);
    }

    const ownerRefs = [
      ...new Set(entities.map(ownerOf).filter((r): r is string => !!r)),
    ];
    const ownerTitles = new Map<string, string>();
    if (ownerRefs.length) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: ownerRefs,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.profile.displayName',
          ],
        },
        { credentials },
      );
      for (const owner of items) {
        if (owner) ownerTitles.set(refKey(owner), entityTitle(owner));
      }
    }
    return { entities, scorecards, checkTitles, ownerTitles };
  }

  private progressIn(
    world: World,
    campaign: Campaign,
    now: Date,
  ): CampaignProgress {
    return computeProgress({
      entities: world.entities.filter(e => inScope(e, campaign.scope)),
      scorecards: world.scorecards,
      levels: this.deps.levels,
      target: campaign.target,
      ownerTitles: world.ownerTitles,
      now,
    });
  }

  /** Where one campaign stands now. */
  async progress(campaign: Campaign, now: Date): Promise<CampaignProgress> {
    return this.progressIn(await this.world([campaign]), campaign, now);
  }

  /** What a campaign can aim at: the levels and the checks of the scorecards. */
  async targets(): Promise<CampaignTargets> {
    let titles = new Map<string, string>();
    try {
      const cards = await this.deps.scorecards.getScorecards();
      titles = new Map(cards.flatMap(c => c.checks.map(k => [k.id, k.title])));
    } catch (error) {
      this.deps.logger.warn(
        `Campaign targets without check titles: ${(error as Error).message}`,
      );
    }
    const ids = [...new Set(this.deps.levels.flatMap(l => l.checks))];
    return {
      levels: this.deps.levels.map(l => l.name),
      checks: ids.map(id => ({ id, title: titles.get(id) ?? id })),
    };
  }

  /** Every campaign with its figures now (none when the scorecards cannot be read). */
  async summaries(now: Date): Promise<CampaignSummary[]> {
    const campaigns = await this.deps.store.list();
    let world: World | undefined;
    let progressError: string | undefined;
    if (campaigns.length) {
      try {
        world = await this.world(campaigns);
      } catch (error) {
        progressError = (error as Error).message;
        this.deps.logger.warn(`Campaign progress: ${progressError}`);
      }
    }
    return campaigns.map(campaign => {
      const status = campaignStatus(campaign, now);
      if (!world) {
        return {
          campaign,
          status,
          inScope: 0,
          atTarget: 0,
          percent: null,
          progressError,
        };
      }
      const p = this.progressIn(world, campaign, now);
      return {
        campaign,
        status,
        inScope: p.inScope,
        atTarget: p.atTarget,
        percent: p.percent,
      };
    });
  }

  /**
   * A campaign's page: progress now, and the burn-up: the recorded days from
   * the start to the deadline, today's being the live figure while it runs.
   */
  async details(id: string, now: Date): Promise<CampaignDetails> {
    const campaign = await this.deps.store.get(id);
    if (!campaign) throw new NotFoundError(`No campaign ${id}`);
    const status = campaignStatus(campaign, now);
    const [progress, recorded] = await Promise.all([
      this.progress(campaign, now),
      this.deps.store.history(id),
    ]);
    const history: BurnUpPoint[] = recorded.filter(
      p => p.day >= campaign.startDate && p.day <= campaign.deadline,
    );
    if (status === 'active') {
      const today = dayOf(now);
      const live: BurnUpPoint = {
        day: today,
        inScope: progress.inScope,
        atTarget: progress.atTarget,
        percent: progress.percent,
      };
      const last = history[history.length - 1];
      if (last?.day === today) history[history.length - 1] = live;
      else history.push(live);
    }
    return { campaign, status, progress, history };
  }

  /** Records today's figures of a running campaign (one point per day). */
  async recordToday(campaign: Campaign, now: Date): Promise<CampaignProgress> {
    const progress = await this.progress(campaign, now);
    await this.deps.store.recordProgress({
      campaignId: campaign.id,
      day: dayOf(now),
      inScope: progress.inScope,
      atTarget: progress.atTarget,
      recordedAt: now,
    });
    return progress;
  }

  /**
   * The scheduled run: for every running campaign, records today's point of
   * the burn-up and notifies the owners who have something to fix, once when
   * the campaign starts and once `reminderDays` before its deadline.
   */
  async tick(now: Date): Promise<void> {
    const running = (await this.deps.store.list()).filter(
      c => campaignStatus(c, now) === 'active',
    );
    if (!running.length) return;
    const world = await this.world(running);
    for (const campaign of running) {
      try {
        const progress = this.progressIn(world, campaign, now);
        await this.deps.store.recordProgress({
          campaignId: campaign.id,
          day: dayOf(now),
          inScope: progress.inScope,
          atTarget: progress.atTarget,
          recordedAt: now,
        });
        await this.notifyOwners(campaign, progress, world, now);
      } catch (error) {
        this.deps.logger.error(
          `Campaign "${campaign.title}" (${campaign.id}): ${
            (error as Error).message
          }`,
        );
      }
    }
  }

  private async notifyOwners(
    campaign: Campaign,
    progress: CampaignProgress,
    world: World,
    now: Date,
  ): Promise<void> {
    const reminderDays = this.deps.reminderDays ?? 7;
    const reminderFrom = new Date(
      startOfDay(campaign.deadline).getTime() - reminderDays * DAY_MS,
    );
    const sent = await this.deps.store.sentNotifications(campaign.id);
    const startedAt = new Map(
      sent.filter(s => s.kind === 'start').map(s => [s.ownerRef, s.sentAt]),
    );
    for (const owner of progress.owners) {
      if (!owner.owner || owner.todo.length === 0) continue;
      const ownerRef = owner.owner.ref;
      let told = startedAt.get(ownerRef);
      if (!told) {
        if (!(await this.sendOnce(campaign, owner, 'start', world, now))) {
          continue; // not sent: the next run tries again, start first
        }
        told = now;
      }
      // an owner told at the start inside the last week gets no second message
      if (now >= reminderFrom && told < reminderFrom) {
        await this.sendOnce(campaign, owner, 'reminder', world, now);
      }
    }
  }

  /**
   * Sends one notification unless it was sent before; false when sending
   * failed (the claim is given back, so the next run tries again).
   */
  private async sendOnce(
    campaign: Campaign,
    owner: CampaignProgress['owners'][number],
    kind: NotificationKind,
    world: World,
    now: Date,
  ): Promise<boolean> {
    const ownerRef = owner.owner!.ref;
    const { store, logger } = this.deps;
    if (!(await store.claimNotification(campaign.id, ownerRef, kind, now))) {
      return true; // sent before (or by another replica just now)
    }
    try {
      await this.send(campaign, owner, kind, world);
      return true;
    } catch (error) {
      await store.releaseNotification(campaign.id, ownerRef, kind);
      logger.warn(
        `Campaign "${
          campaign.title
        }": notifying ${ownerRef} (${kind}) failed, trying again on the next run: ${
          (error as Error).message
        }`,
      );
      return false;
    }
  }

  private async send(
    campaign: Campaign,
    owner: CampaignProgress['owners'][number],
    kind: NotificationKind,
    world: World,
  ): Promise<void> {
    const reminderDays = this.deps.reminderDays ?? 7;
    const target = describeTarget(
      campaign.target,
      campaign.target.type === 'check'
        ? world.checkTitles.get(campaign.target.check)
        : undefined,
    );
    const names = owner.todo.map(t => t.entity.title);
    const listed =
      names.length > 5
        ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`
        : names.join(', ');
    const noun = scopeNoun(campaign.scope, owner.inScope);
    const left = owner.todo.length;
    const verb = left === 1 ? 'is' : 'are';
    const description =
      kind === 'start'
        ? `${owner.owner!.title}: ${left} of your ${
            owner.inScope
          } ${noun} ${verb} not ${target} yet (${listed}). Deadline ${
            campaign.deadline
          }.`
        : `${owner.owner!.title}: ${left} of your ${
            owner.inScope
          } ${noun} ${verb} still not ${target} (${listed}). Deadline ${
            campaign.deadline
          }.`;
    await this.deps.notifications.send({
      recipients: { type: 'entity', entityRef: owner.owner!.ref },
      payload: {
        title:
          kind === 'start'
            ? `Campaign started: ${campaign.title}`
            : `${
                reminderDays === 7 ? 'One week' : `${reminderDays} days`
              } left: ${campaign.title}`,
        description,
        link: `/campaigns/${encodeURIComponent(campaign.id)}`,
        severity: kind === 'start' ? 'normal' : 'high',
        topic: 'campaigns',
        scope: `campaign:${campaign.id}:${kind}`,
      },
    });
  }
}
