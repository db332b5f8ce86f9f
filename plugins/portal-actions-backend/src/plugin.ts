import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { registerPortalActions } from './actions';
import { PortalApi } from './services/PortalApi';
import { PortalLinks } from './services/refs';

/**
 * Registers the portal's actions for coding agents (catalog overview with
 * on-call, golden paths, costs, DevEx, Crossplane claims) with the actions
 * registry; `@backstage/plugin-mcp-actions-backend` serves them as MCP tools
 * when `backend.actions.pluginSources` lists `portal-actions`. Every action
 * runs as its caller: catalog reads use the caller's credentials and calls to
 * other plugins carry an on-behalf-of token, so the permission policy and
 * the audit trail see the person.
 *
 * @public
 */
export const portalActionsPlugin = createBackendPlugin({
  pluginId: 'portal-actions',
  register(env) {
    env.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
      },
      async init({
        actionsRegistry,
        auth,
        catalog,
        config,
        discovery,
        logger,
        urlReader,
      }) {
        registerPortalActions({
          actionsRegistry,
          catalog,
          config,
          logger,
          urlReader,
          api: new PortalApi({ auth, discovery }),
          links: new PortalLinks(
            config.getString('app.baseUrl').replace(/\/+$/, ''),
          ),
        });
      },
    });
  },
});
