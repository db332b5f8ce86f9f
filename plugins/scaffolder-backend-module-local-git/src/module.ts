import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createFetchLocalGitAction,
  createPublishLocalGitBranchAction,
} from './actions/localGitBranch';
import { createPublishLocalGitAction } from './actions/publishLocalGit';
import { createValidateServiceAction } from './actions/validateService';
import { createWaitForEntityAction } from './actions/waitForEntity';
import { LocalGitUrlReader } from './LocalGitUrlReader';
import { readLocalGitDeployment } from './localGitConfig';

/**
 * Registers `publish:local-git`, `acme:validate-service`, `acme:catalog:wait`,
 * and for day-2 templates `fetch:local-git` and `publish:local-git:branch`,
 * in the scaffolder. Refuses to start when `scaffolder.localGit.replicas` is
 * more than 1 and `scaffolder.localGit.baseDir` is not declared shared
 * (`scaffolder.localGit.shared`), unless the action is turned off
 * (`scaffolder.localGit.enabled: false`).
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
        // Throws, stopping the backend, on several replicas with a
        // repository directory each (scaffolder.localGit.shared unset).
        const { layout, enabled } = readLocalGitDeployment(config);
        scaffolderActions.addActions(
          createValidateServiceAction({
            catalog,
            layout,
            localGitEnabled: enabled,
          }),
          createPublishLocalGitAction({ layout, enabled }),
          createWaitForEntityAction({ catalog }),
          createFetchLocalGitAction({ layout }),
          createPublishLocalGitBranchAction({ layout, enabled }),
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
