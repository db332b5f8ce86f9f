import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { devexMetricsPermissions } from '@internal/backstage-plugin-devex-metrics-common';
import { catalogChangeStampReader } from '@internal/backstage-plugin-portal-node';
import { readDevexConfig } from './config';
import { DevexStore } from './database/DevexStore';
import { createRouter, UNAUTHENTICATED_PATHS } from './router';
import { subscribeToGithubDeployments } from './service/deployments';
import { DevexInstruments } from './service/instruments';
import { DevexMetricsService } from './service/DevexMetricsService';
import { PagerDutyOnCallClient } from './service/readinessEvidence';
import { ScaffolderTasksClient } from './service/ScaffolderTasksClient';

/**
 * DevEx metrics and scorecards: catalog coverage, golden-path adoption,
 * template executions, time to first deploy, the DevEx survey (NPS) and
 * production-readiness scorecards, computed on a schedule and on demand,
 * served to the dashboard and exported as Prometheus metrics.
 *
 * @public
 */
export const devexMetricsPlugin = createBackendPlugin({
  pluginId: 'devex-metrics',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        metrics: metricsServiceRef,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init(deps) {
        const config = readDevexConfig(deps.config);
        if (deps.config.has('devexMetrics.deployments.githubWebhookSecret')) {
          deps.logger.warn(
            'devexMetrics.deployments.githubWebhookSecret is no longer read: GitHub deployment_status webhooks go to /api/events/http/github, verified with events.modules.github.webhookSecret',
          );
        }
        const store = await DevexStore.create({ database: deps.database });
        const instruments = new DevexInstruments(deps.metrics, () =>
          store.latestSnapshot(),
        );
        const service = new DevexMetricsService({
          auth: deps.auth,
          catalog: deps.catalog,
          config,
          logger: deps.logger,
          store,
          tasks: new ScaffolderTasksClient(deps),
          urlReader: deps.urlReader,
          onCall: new PagerDutyOnCallClient(deps),
          instruments,
          catalogChangeStamp: catalogChangeStampReader(deps),
        });
        deps.permissionsRegistry.addPermissions(devexMetricsPermissions);
        await subscribeToGithubDeployments({ ...deps, store });

        await deps.scheduler.scheduleTask({
          id: 'devex-metrics-refresh',
          ...config.schedule,
          fn: async () => {
            await service.refresh();
          },
        });
        // Live figures: a new template run or catalog change shows within a
        // minute. The catalog publishes no entity-change events in this
        // Backstage version, so this is a short schedule (once across
        // replicas) that recomputes only when the inputs changed.
        if (config.live) {
          await deps.scheduler.scheduleTask({
            id: 'devex-metrics-live',
            ...config.live,
            fn: async () => {
              await service.refreshIfChanged();
            },
          });
        }

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            store,
            service,
            config,
          }),
        );
        for (const path of UNAUTHENTICATED_PATHS) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
      },
    });
  },
});
