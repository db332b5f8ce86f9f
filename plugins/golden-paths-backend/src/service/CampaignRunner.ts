import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { UpgradeResponse } from '@internal/backstage-plugin-golden-paths-common';
import {
  CampaignOutcome,
  CampaignStore,
  ClaimedCampaignItem,
} from '../database/CampaignStore';

/** Upgrades one service (UpgradeService.upgrade). */
export type UpgradeFunction = (
  entityRef: string,
  parameters?: Record<string, unknown>,
) => Promise<UpgradeResponse>;

/** How often a replica renews the claims of the services it works on. */
const DEFAULT_HEARTBEAT_MS = 10_000;
/** A claim not renewed for this long belongs to a replica that stopped. */
const DEFAULT_STALE_AFTER_MS = 60_000;

function outcomeOf(result: UpgradeResponse): CampaignOutcome {
  if (result.status === 'up-to-date') return 'up-to-date';
  return result.state;
}

/**
 * Works through the services of running campaigns on this replica, at most
 * `concurrency` at a time: claims a service in the database, upgrades it,
 * records the outcome (a failure with its message; the campaign goes on),
 * and claims the next. Claims are renewed while the upgrade runs, so a
 * service whose replica was killed is taken over by another once its claim
 * is stale (`kick`, from the scheduled task), and never by two at once.
 */
export class CampaignRunner {
  private readonly inFlight = new Map<string, ClaimedCampaignItem>();
  private filling?: Promise<void>;
  private fillAgain = false;
  private stopped = false;
  private heartbeat?: ReturnType<typeof setTimeout>;
  private idleWaiters: Array<() => void> = [];
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;

  constructor(
    private readonly options: {
      store: CampaignStore;
      upgrade: UpgradeFunction;
      logger: LoggerService;
      /** Services upgraded at once on this replica. */
      concurrency: number;
      auditor?: AuditorService;
      heartbeatMs?: number;
      staleAfterMs?: number;
      now?: () => Date;
    },
  ) {
    this.heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Takes pending services (and services with a stale claim) while slots
   * are free. Returns at once; the upgrades run in the background.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = this.fill()
      .catch(error =>
        this.options.logger.error(
          `Could not claim services of upgrade campaigns: ${error}`,
        ),
      )
      .finally(() => {
        this.filling = undefined;
        if (this.fillAgain) {
          this.fillAgain = false;
          this.kick();
        } else if (this.inFlight.size === 0) {
          this.notifyIdle();
        }
      });
  }

  /** Resolves once nothing runs here and nothing was left to claim. */
  idle(): Promise<void> {
    if (!this.filling && this.inFlight.size === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** Claims nothing more; what runs finishes (or is resumed elsewhere). */
  stop(): void {
    this.stopped = true;
  }

  private notifyIdle() {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach(resolve => resolve());
  }

  private async fill() {
    const { store, concurrency } = this.options;
    while (!this.stopped && this.inFlight.size < concurrency) {
      const now = this.now();
      const item = await store.claimNext({
        now,
        staleBefore: new Date(now.getTime() - this.staleAfterMs),
      });
      if (!item) return;
      this.inFlight.set(item.claimId, item);
      this.scheduleHeartbeat();
      void this.run(item);
    }
  }

  /**
   * Renews this replica's claims while it works. Not scheduled work for the
   * scheduler: each replica must renew its own claims.
   */
  private scheduleHeartbeat() {
    if (this.heartbeat) return;
    this.heartbeat = setTimeout(async () => {
      try {
        await this.options.store.renewClaims(
          [...this.inFlight.keys()],
          this.now(),
        );
      } catch (error) {
        this.options.logger.warn(
          `Could not renew the claims of upgrade campaign services: ${error}`,
        );
      }
      this.heartbeat = undefined;
      if (this.inFlight.size > 0) this.scheduleHeartbeat();
    }, this.heartbeatMs);
    this.heartbeat.unref?.();
  }

  private async run(item: ClaimedCampaignItem) {
    const { store, upgrade, logger, auditor } = this.options;
    const event = await auditor
      ?.createEvent({
        eventId: 'golden-path-upgrade',
        severityLevel: 'medium',
        meta: {
          entityRef: item.entityRef,
          campaignId: item.campaignId,
          attempt: item.attempt,
        },
      })
      .catch(() => undefined);
    try {
      if (item.attempt > 1) {
        logger.info(
          `Upgrade campaign ${item.campaignId}: resuming ${item.entityRef} (attempt ${item.attempt}, its previous replica stopped)`,
        );
      }
      let status: CampaignOutcome;
      let message: string | undefined;
      try {
        const result = await upgrade(item.entityRef, item.parameters);
        status = outcomeOf(result);
        await event?.success({
          meta:
            result.status === 'up-to-date'
              ? { status: result.status, version: result.version }
              : {
                  status: result.state,
                  from: result.fromVersion,
                  to: result.toVersion,
                  commit: result.commit,
                },
        });
      } catch (error) {
        status = 'failed';
        message = error instanceof Error ? error.message : String(error);
        await event?.fail({ error: error as Error });
      }
      const recorded = await store.finishItem({
        claim: item,
        status,
        message,
        now: this.now(),
      });
      if (!recorded) {
        logger.warn(
          `Upgrade campaign ${item.campaignId}: ${item.entityRef} was taken over by another replica; its outcome here (${status}) is not recorded`,
        );
        return;
      }
      for (const ended of await store.finishSettledCampaigns({
        campaignId: item.campaignId,
        now: this.now(),
      })) {
        const { counts } = ended;
        logger.info(
          `Upgrade campaign ${ended.id} (${ended.templateRef} to ${ended.toVersion}) ${ended.status}: ${counts.clean} clean, ${counts.conflicts} with conflicts, ${counts.upToDate} up to date, ${counts.failed} failed`,
        );
      }
    } catch (error) {
      // The database is unreachable: the claim goes stale and the service
      // is resumed by the scheduled task.
      logger.error(
        `Upgrade campaign ${item.campaignId}: could not record the outcome of ${item.entityRef}: ${error}`,
      );
    } finally {
      this.inFlight.delete(item.claimId);
      if (this.inFlight.size === 0 && this.heartbeat) {
        clearTimeout(this.heartbeat);
        this.heartbeat = undefined;
      }
      this.kick();
      if (!this.filling && this.inFlight.size === 0) this.notifyIdle();
    }
  }
}
