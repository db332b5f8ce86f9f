import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalGitAction } from './actions/publishLocalGit';
import { createValidateServiceAction } from './actions/validateService';
import { createWaitForEntityAction } from './actions/waitForEntity';
import { LocalGitUrlReader } from './LocalGitUrlReader';
import { readLocalGitLayout } from './localGitConfig';

/**
 * Registers `publish:local-git`, `acme:validate-service` and `acme:catalog:wait`
 * in the scaffolder.
 *
 * @public
 */
export const scaffolderModuleLocalGit = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'local-git',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolderActions, config, catalog }) {
        const layout = readLocalGitLayout(config);
        scaffolderActions.addActions(
          createValidateServiceAction({ catalog, layout }),
          createPublishLocalGitAction({ layout }),
          createWaitForEntityAction({ catalog }),
        );
      },
    });
  },
});

/**
 * Lets every plugin's UrlReader (catalog, TechDocs) read the working copies
 * `publish:local-git` keeps under `<baseDir>/checkouts`.
 *
 * @public
 */
export const localGitUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return LocalGitUrlReader.factory;
  },
});
