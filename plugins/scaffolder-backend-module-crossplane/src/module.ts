import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCrossplaneClaimCatalogEntityAction } from './actions/catalogEntity';
import { createCrossplaneClaimCreateAction } from './actions/createClaim';
import { createCrossplaneClaimRenderAction } from './actions/renderClaim';
import { createCrossplaneClaimWaitAction } from './actions/waitClaim';
import { ClusterClientProvider } from '@internal/backstage-plugin-crossplane-node';

/**
 * Registers the crossplane:claim:* scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleCrossplane = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'crossplane',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ scaffolderActions, config, logger, catalog }) {
        const clusters = ClusterClientProvider.fromConfig(config);
        logger.info(
          `Crossplane actions target ${
            clusters.clusterNames().length
              ? `clusters ${clusters.clusterNames().join(', ')}`
              : 'no cluster yet (configure kubernetes.clusterLocatorMethods); crossplane:claim:render still works'
          }`,
        );
        scaffolderActions.addActions(
          createCrossplaneClaimCreateAction({ clusters }),
          createCrossplaneClaimWaitAction({ clusters }),
          createCrossplaneClaimRenderAction(),
          createCrossplaneClaimCatalogEntityAction({ clusters, catalog }),
        );
      },
    });
  },
});
