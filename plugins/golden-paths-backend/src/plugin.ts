import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { goldenPathsPermissions } from '@internal/backstage-plugin-golden-paths-common';
import { readLocalGitLayout } from '@internal/backstage-plugin-scaffolder-backend-module-local-git';
import { GoldenPathsStore } from './database/GoldenPathsStore';
import { ScaffolderRenderer } from './service/renderer';
import { createRouter } from './service/router';
import { TemplateSource } from './service/templateSource';
import { UpgradeService } from './service/UpgradeService';
import { FleetService } from './service/FleetService';
import { createCampaignService } from './service/campaigns';

/** Checks of the world as it is now; a render only reproduces files. */
const DEFAULT_SKIPPED_ACTIONS = ['acme:validate-service'];

const CAPTURE_TASK = 'golden-paths-capture-versions';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

/**
 * Golden paths that stay golden: keeps every version of every golden path
 * (so any of them can be rendered again), and computes a service's upgrade
 * to the latest version as a three-way merge pushed to a branch of its
 * repository.
 *
 * @public
 */
export const goldenPathsPlugin = createBackendPlugin({
  pluginId: 'golden-paths',
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
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init(deps) {
        const { config, scheduler } = deps;
        const store = await GoldenPathsStore.create({
          database: deps.database,
        });
        const integrations = ScmIntegrations.fromConfig(config);
        const source = new TemplateSource({
          urlReader: deps.urlReader,
          integrations,
        });
        const service = new UpgradeService({
          auth: deps.auth,
          catalog: deps.catalog,
          logger: deps.logger,
          store,
          source,
          renderer: new ScaffolderRenderer({
            ...deps,
            skipActions:
              config.getOptionalStringArray('goldenPaths.render.skipActions') ??
              DEFAULT_SKIPPED_ACTIONS,
          }),
          localGit: readLocalGitLayout(config),
          integrations,
        });
        deps.permissionsRegistry.addPermissions(goldenPathsPermissions);

        // A version must be kept while it is the current one, to be
        // rendered again once services made from it need an upgrade.
        await scheduler.scheduleTask({
          id: CAPTURE_TASK,
          ...(config.has('goldenPaths.captureSchedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('goldenPaths.captureSchedule'),
              )
            : DEFAULT_SCHEDULE),
          fn: async () => {
            await service.captureTemplateVersions();
          },
        });

        // Every service behind upgraded in the background, resumable.
        const campaigns = await createCampaignService({
          ...deps,
          upgrade: (entityRef, parameters) =>
            service.upgrade(entityRef, parameters),
          fleet: new FleetService({
            catalog: deps.catalog,
            logger: deps.logger,
            store,
            source,
            reviews: service,
          }),
        });

        deps.httpRouter.use(
          await createRouter({
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            store,
            service,
            fleet: new FleetService({
              catalog: deps.catalog,
              logger: deps.logger,
              store,
              source,
              reviews: service,
            }),
            campaigns,
          }),
        );
      },
    });
  },
});
