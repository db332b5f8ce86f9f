import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { CostStore } from './database/CostStore';
import { createRouter } from './router';
import { readCostTrackerConfig } from './service/config';
import { IngestionService } from './service/IngestionService';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 15 },
};

/**
 * Cost tracker backend: ingests OpenCost allocations and FOCUS billing
 * exports into daily costs per catalog entity and serves them.
 *
 * @public
 */
export const costTrackerPlugin = createBackendPlugin({
  pluginId: 'cost-tracker',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        notifications: notificationService,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const config = readCostTrackerConfig(deps.config);
        const store = await CostStore.create({ database: deps.database });
        const ingestion = new IngestionService({ ...deps, store, config });

        const schedule = (key: string) =>
          deps.config.has(`costTracker.${key}.schedule`)
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                deps.config.getConfig(`costTracker.${key}.schedule`),
              )
            : DEFAULT_SCHEDULE;

        if (config.opencost) {
          await deps.scheduler.scheduleTask({
            id: 'cost-tracker-opencost',
            ...schedule('opencost'),
            fn: () => ingestion.ingestOpenCost(),
          });
        }
        if (config.focus.directories.length > 0) {
          await deps.scheduler.scheduleTask({
            id: 'cost-tracker-focus',
            ...schedule('focus'),
            fn: () => ingestion.ingestFocus(),
          });
        }

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            catalog: deps.catalog,
            store,
            config,
          }),
        );
      },
    });
  },
});
