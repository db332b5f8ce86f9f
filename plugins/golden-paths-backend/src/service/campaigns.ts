import {
  AuditorService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CampaignStore } from '../database/CampaignStore';
import { CampaignRunner, UpgradeFunction } from './CampaignRunner';
import { CampaignService } from './CampaignService';
import { FleetService } from './FleetService';

const RESUME_TASK = 'golden-paths-campaigns-resume';

/** Services upgraded at once per replica unless configured. */
export const DEFAULT_CAMPAIGN_CONCURRENCY = 2;

/**
 * Wires upgrade campaigns: their store, this replica's runner (stopped on
 * shutdown) and the scheduled task that resumes, on whichever replica runs
 * it, the services of running campaigns that are pending or whose replica
 * stopped.
 */
export async function createCampaignService(options: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  logger: LoggerService;
  auditor: AuditorService;
  upgrade: UpgradeFunction;
  fleet: FleetService;
}): Promise<CampaignService> {
  const { config, scheduler, logger } = options;
  const concurrency =
    config.getOptionalNumber('goldenPaths.campaigns.concurrency') ??
    DEFAULT_CAMPAIGN_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(
      `goldenPaths.campaigns.concurrency must be a whole number of services, 1 or more (got ${concurrency})`,
    );
  }
  const store = await CampaignStore.create({ database: options.database });
  const runner = new CampaignRunner({
    store,
    upgrade: options.upgrade,
    logger,
    auditor: options.auditor,
    concurrency,
  });
  options.lifecycle.addShutdownHook(() => runner.stop());

  await scheduler.scheduleTask({
    id: RESUME_TASK,
    frequency: { seconds: 30 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 10 },
    fn: async () => {
      await store.finishSettledCampaigns();
      runner.kick();
    },
  });

  return new CampaignService({
    store,
    runner,
    fleet: credentials => options.fleet.fleet(credentials),
  });
}
