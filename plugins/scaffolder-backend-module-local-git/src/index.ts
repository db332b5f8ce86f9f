/**
 * Scaffolder actions for the Acme golden paths: offline publishing to local
 * git repositories (`publish:local-git`) and early validation
 * (`acme:validate-service`), waiting for the registered entity
 * (`acme:catalog:wait`), plus the UrlReader that lets the catalog and
 * TechDocs read the published repositories.
 *
 * @packageDocumentation
 */

import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { localGitUrlReaderFactory, scaffolderModuleLocalGit } from './module';

export { scaffolderModuleLocalGit, localGitUrlReaderFactory } from './module';
export { createPublishLocalGitAction } from './actions/publishLocalGit';
export { createValidateServiceAction } from './actions/validateService';
export { createWaitForEntityAction } from './actions/waitForEntity';
export {
  createFetchLocalGitAction,
  createPublishLocalGitBranchAction,
} from './actions/localGitBranch';
export { LocalGitUrlReader } from './LocalGitUrlReader';
export { readLocalGitLayout } from './localGitConfig';
export type { LocalGitLayout } from './localGitConfig';

/**
 * The scaffolder module and the UrlReader factory together, so one
 * `backend.add(import('...'))` installs both.
 *
 * @public
 */
const localGitFeatures = createBackendFeatureLoader({
  *loader() {
    yield scaffolderModuleLocalGit;
    yield localGitUrlReaderFactory;
  },
});

export { localGitFeatures as default };
