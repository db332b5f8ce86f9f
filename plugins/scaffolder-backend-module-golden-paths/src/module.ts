import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAddDbMigrationAction } from './actions/addDbMigration';
import { createRecordGoldenPathAction } from './actions/recordGoldenPath';

/**
 * Registers `acme:golden-path:record` and `acme:db-migration:add` in the
 * scaffolder.
 *
 * @public
 */
export const scaffolderModuleGoldenPaths = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-paths',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolderActions: scaffolderActionsExtensionPoint },
      async init({ scaffolderActions }) {
        scaffolderActions.addActions(
          createRecordGoldenPathAction(),
          createAddDbMigrationAction(),
        );
      },
    });
  },
});
