import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';

/**
 * `GET /api/catalog/acme/change-stamp` (service callers only): a stamp
 * that changes whenever the catalog's content does, so that a reader of the
 * whole catalog, such as the search index of
 * `@internal/backstage-plugin-search-backend-module-acme`, can tell in one
 * cheap request that nothing changed since it last read everything.
 */
export const catalogModuleAcmeChangeStamp = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'acme-change-stamp',
  register(reg) {
    reg.registerInit({
      deps: {
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ database, httpAuth, httpRouter }) {
        httpRouter.use(await createRouter({ database, httpAuth }));
      },
    });
  },
});
