import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ClaimsService } from './ClaimsService';
import { CommittedClaimsReader } from './CommittedClaims';
import { crossplaneClaimsReadPermission } from './permissions';
import { createRouter } from './router';

/**
 * Serves the Crossplane claims that belong to a catalog entity
 * (`GET /api/crossplane/claims?entityRef=...`).
 *
 * @public
 */
export const crossplanePlugin = createBackendPlugin({
  pluginId: 'crossplane',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
      },
      async init({
        config,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        catalog,
        urlReader,
      }) {
        permissionsRegistry.addPermissions([crossplaneClaimsReadPermission]);
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            claims: ClaimsService.fromConfig(config),
            committed: new CommittedClaimsReader(urlReader),
          }),
        );
      },
    });
  },
});
