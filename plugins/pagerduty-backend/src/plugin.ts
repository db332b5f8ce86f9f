import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { pagerDutyPermissions } from '@internal/backstage-plugin-pagerduty-common';
import { readPagerDutyConfig } from './config';
import { createRouter } from './router';
import { EntityPagerDuty } from './service/EntityPagerDuty';
import { PagerDutyClient } from './service/PagerDutyClient';

/**
 * On-call of catalog entities from PagerDuty: the service of an entity (its
 * own `pagerduty.com/service-id` or its owner team's), who is on call, open
 * incidents, and paging (creating an incident in the requester's name).
 *
 * @public
 */
export const pagerDutyPlugin = createBackendPlugin({
  pluginId: 'pagerduty',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init(deps) {
        const config = readPagerDutyConfig(deps.config);
        const client = config.apiToken
          ? new PagerDutyClient({
              baseUrl: config.apiBaseUrl,
              token: config.apiToken,
              timeoutMs: config.timeoutMs,
            })
          : undefined;
        deps.logger.info(
          client
            ? `PagerDuty at ${config.apiBaseUrl}`
            : 'PagerDuty is not configured (no pagerDuty.apiToken): the on-call card says so',
        );
        deps.permissionsRegistry.addPermissions(pagerDutyPermissions);
        const pagerDuty = new EntityPagerDuty({
          client,
          catalog: deps.catalog,
          cache: deps.cache,
          cacheTtlMs: config.cacheTtlMs,
          logger: deps.logger,
        });
        deps.httpRouter.use(
          await createRouter({
            auth: deps.auth,
            auditor: deps.auditor,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            pagerDuty,
            config,
          }),
        );
      },
    });
  },
});
