import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import appVisualizerPlugin from '@backstage/plugin-app-visualizer';
import { navModule } from './modules/nav';
import { themeModule } from './modules/theme';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { scaffolderFieldsModule } from './modules/scaffolderFields';

/**
 * Tools for people who build the portal itself (the extension tree, the
 * template editor, the installed actions and templating extensions): shown only to those the
 * permission policy grants this permission (`permission.acme.platformPermissions`).
 */
const portalDeveloperTools = {
  permissions: { $contains: 'acme.portal.developer-tools' },
};

export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin.withOverrides({
      extensions: [
        scaffolderPlugin
          .getExtension('sub-page:scaffolder/editor')
          .override({ if: portalDeveloperTools }),
        scaffolderPlugin
          .getExtension('sub-page:scaffolder/actions')
          .override({ if: portalDeveloperTools }),
        scaffolderPlugin
          .getExtension('sub-page:scaffolder/templating-extensions')
          .override({ if: portalDeveloperTools }),
      ],
    }),
    appVisualizerPlugin.withOverrides({
      extensions: [
        appVisualizerPlugin
          .getExtension('page:app-visualizer')
          .override({ if: portalDeveloperTools }),
        appVisualizerPlugin
          .getExtension('plugin-header-action:app-visualizer')
          .override({ if: portalDeveloperTools }),
      ],
    }),
    navModule,
    themeModule,
    homeModule,
    signInModule,
    scaffolderFieldsModule,
  ],
});
