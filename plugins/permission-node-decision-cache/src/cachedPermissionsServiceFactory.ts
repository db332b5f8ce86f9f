import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import {
  CachedPermissionsService,
  PermissionDecisionEntries,
} from './CachedPermissionsService';
import {
  ObservedPermissionDecisions,
  permissionDecisionObserverServiceRef,
} from './permissionDecisionObserver';

/**
 * Replaces `coreServices.permissions` with Backstage's default client
 * (`ServerPermissionClient`, reading `permission.enabled`) that keeps a
 * user's decisions for 5 seconds per token (`CachedPermissionsService`; one
 * cache shared by every plugin of the process), and shows every decision,
 * cached or not, to the {@link permissionDecisionObserverServiceRef}
 * observers before the plugin gets it.
 *
 * @public
 */
export const cachedPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
    observers: permissionDecisionObserverServiceRef,
  },
  createRootContext(): PermissionDecisionEntries {
    return new Map();
  },
  async factory({ auth, config, discovery, observers }, entries) {
    const cached = new CachedPermissionsService(
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
      { auth, entries },
    );
    const observe = async (decisions: ObservedPermissionDecisions) => {
      for (const observer of observers) {
        await observer.observe(decisions);
      }
    };
    const service: PermissionsService = {
      async authorize(requests, options) {
        const results = await cached.authorize(requests, options);
        await observe({ requests, results, credentials: options.credentials });
        return results;
      },
      async authorizeConditional(requests, options) {
        const results = await cached.authorizeConditional(requests, options);
        await observe({ requests, results, credentials: options.credentials });
        return results;
      },
    };
    return service;
  },
});
