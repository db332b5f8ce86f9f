import {
  AuditorServiceEventSeverityLevel,
  coreServices,
  createServiceFactory,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import { auditTrailServiceRef } from './AuditTrailService';
import {
  CachedPermissionsService,
  PermissionDecisionEntries,
} from './CachedPermissionsService';
import { createCatalogEntityResolver } from './catalogEntityResolver';
import {
  AuditPublisher,
  SeverityLogLevels,
  TrailAuditorService,
} from './TrailAuditorService';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** `backend.auditor.severityLogLevelMappings`, as Backstage's default auditor reads it. */
function readSeverityLogLevels(config: RootConfigService): SeverityLogLevels {
  const levels: SeverityLogLevels = {
    low: 'debug',
    medium: 'info',
    high: 'info',
    critical: 'info',
  };
  for (const severity of Object.keys(
    levels,
  ) as AuditorServiceEventSeverityLevel[]) {
    const key = `backend.auditor.severityLogLevelMappings.${severity}`;
    const value = config.getOptionalString(key);
    if (value === undefined) {
      continue;
    }
    if (!(LOG_LEVELS as readonly string[]).includes(value)) {
      throw new Error(
        `The configuration value for '${key}' was given an invalid value: '${value}'. Expected one of ${LOG_LEVELS.join(
          ', ',
        )}.`,
      );
    }
    levels[severity] = value as SeverityLogLevels[typeof severity];
  }
  return levels;
}

/**
 * Replaces `coreServices.auditor`: every plugin's auditor events are logged
 * as Backstage's default auditor does (redacted), and stored and forwarded by
 * the audit plugin. Add it next to the audit plugin:
 * `backend.add(auditorServiceFactory)`.
 *
 * @public
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    trail: auditTrailServiceRef,
    catalog: catalogServiceRef,
  },
  factory({ config, logger, auth, httpAuth, plugin, trail, catalog }) {
    const publisher = new AuditPublisher({
      logger,
      trail,
      levels: readSeverityLogLevels(config),
    });
    return new TrailAuditorService({
      pluginId: plugin.getId(),
      auth,
      httpAuth,
      publisher,
      resolveEntities:
        plugin.getId() === 'catalog'
          ? createCatalogEntityResolver({ catalog, auth })
          : undefined,
    });
  },
});

/**
 * Replaces `coreServices.permissions` with Backstage's default client
 * (`ServerPermissionClient`) that also records every DENY decision in the
 * audit trail (`<plugin>.permission-denied`: who, which permission, which
 * resource). Backstage's permission backend emits no auditor event of its
 * own for decisions.
 *
 * Conditional decisions (e.g. "owners only") are applied by the plugin that
 * asked; when that refuses the action, its own auditor event fails with a
 * NotAllowedError and is recorded with outcome `denied`.
 *
 * A user's decisions are kept for 5 seconds per token
 * (CachedPermissionsService); denials are recorded on every request.
 *
 * @public
 */
export const auditedPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
    logger: coreServices.logger,
    plugin: coreServices.pluginMetadata,
    trail: auditTrailServiceRef,
  },
  createRootContext(): PermissionDecisionEntries {
    return new Map();
  },
  async factory({ auth, config, discovery, logger, plugin, trail }, entries) {
    const client = new CachedPermissionsService(
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
      { auth, entries },
    );
    const publisher = new AuditPublisher({
      logger,
      trail,
      levels: readSeverityLogLevels(config),
    });
    const pluginId = plugin.getId();

    const recordDenials = async (
      requests: Array<{
        permission: { name: string; type: string };
        resourceRef?: string;
      }>,
      results: Array<{ result: AuthorizeResult }>,
      credentials: Parameters<
        PermissionsService['authorize']
      >[1]['credentials'],
    ) => {
      for (const [index, decision] of results.entries()) {
        if (decision.result !== AuthorizeResult.DENY) {
          continue;
        }
        const request = requests[index];
        let actorId: string | undefined;
        if (auth.isPrincipal(credentials, 'user')) {
          actorId = credentials.principal.userEntityRef;
        } else if (auth.isPrincipal(credentials, 'service')) {
          actorId = credentials.principal.subject;
        }
        const event: AuditorEvent = {
          plugin: pluginId,
          eventId: 'permission-denied',
          severityLevel: 'medium',
          actor: { actorId },
          meta: {
            permission: request.permission.name,
            ...(request.resourceRef
              ? { resourceRef: request.resourceRef }
              : {}),
          },
          status: 'failed',
          error: new NotAllowedError(
            `${request.permission.name} denied by the permission policy`,
          ),
        };
        await publisher.publish(event);
      }
    };

    const service: PermissionsService = {
      async authorize(requests, options) {
        const results = await client.authorize(requests, options);
        await recordDenials(
          requests.map(r => ({
            permission: r.permission,
            resourceRef: isResourcePermission(r.permission)
              ? (r as { resourceRef?: string }).resourceRef
              : undefined,
          })),
          results,
          options.credentials,
        );
        return results;
      },
      async authorizeConditional(requests, options) {
        const results = await client.authorizeConditional(requests, options);
        await recordDenials(requests, results, options.credentials);
        return results;
      },
    };
    return service;
  },
});
