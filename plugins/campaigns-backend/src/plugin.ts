import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { campaignsPermissions } from '@internal/backstage-plugin-campaigns-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { CampaignStore } from './database/CampaignStore';
import { createRouter } from './router';
import { CampaignService } from './service/CampaignService';
import {
  EXAMPLE_CAMPAIGN_ID,
  exampleCampaign,
  seedsExample,
} from './service/example';
import { DevexScorecardClient } from './service/ScorecardSource';
import { readScorecardLevels } from '@internal/backstage-plugin-devex-metrics-common';

const TASK_ID = 'campaigns-progress';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 1 },
};

/**
 * Campaigns: targets the platform team sets for a scope of entities (e.g.
 * "every production service of Checkout at gold by 2027-01-31"), their
 * progress from the DevEx scorecards, a daily burn-up, each owner's to-do
 * list, and notifications to the owners at the start and a week before the
 * deadline.
 *
 * @public
 */
export const campaignsPlugin = createBackendPlugin({
  pluginId: 'campaigns',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const levels = readScorecardLevels(config);
        const store = await CampaignStore.create({ database: deps.database });
        const service = new CampaignService({
          auth: deps.auth,
          catalog: deps.catalog,
          logger,
          notifications: deps.notifications,
          scorecards: new DevexScorecardClient(deps),
          store,
          levels,
          reminderDays: config.getOptionalNumber('campaigns.reminderDays') ?? 7,
        });
        deps.permissionsRegistry.addPermissions(campaignsPermissions);

        if (seedsExample(config)) {
          const now = new Date();
          if (
            await store.createIfAbsent(
              EXAMPLE_CAMPAIGN_ID,
              exampleCampaign(now),
              'plugin:campaigns',
              now,
            )
          ) {
            logger.info(
              'Seeded the example campaign (campaigns.exampleCampaign)',
            );
          }
        }

        await scheduler.scheduleTask({
          id: TASK_ID,
          ...(config.has('campaigns.schedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('campaigns.schedule'),
              )
            : DEFAULT_SCHEDULE),
          fn: async () => {
            await service.tick(new Date());
          },
        });

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            service,
            levels,
            onChange: () => scheduler.triggerTask(TASK_ID),
          }),
        );
      },
    });
  },
});
