import {
  AuditorServiceEventSeverityLevel,
  coreServices,
  createServiceFactory,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { AuditorEvent } from '@backstage/backend-defaults/auditor';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionDecisionObserver,
  permissionDecisionObserverServiceRef,
} from '@internal/backstage-plugin-permission-node-decision-cache';
import { auditTrailServiceRef } from './AuditTrailService';
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
 * Records every DENY decision of a plugin's permissions service in the audit
 * trail (`<plugin>.permission-denied`: who, which permission, which
 * resource); Backstage's permission backend emits no auditor event of its
 * own for decisions. An observer of the portal's permissions service: add it
 * next to `cachedPermissionsServiceFactory` of
 * `@internal/backstage-plugin-permission-node-decision-cache`.
 *
 * Conditional decisions (e.g. "owners only") are applied by the plugin that
 * asked; when that refuses the action, its own auditor event fails with a
 * NotAllowedError and is recorded with outcome `denied`.
 *
 * Denials are recorded on every request, also when the decision came from
 * the decision cache; the plugin gets the decision once the record is
 * committed.
 *
 * @public
 */
export const permissionDenialRecorderServiceFactory = createServiceFactory({
  service: permissionDecisionObserverServiceRef,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    plugin: coreServices.pluginMetadata,
    trail: auditTrailServiceRef,
  },
  async factory({ auth, config, logger, plugin, trail }) {
    const publisher = new AuditPublisher({
      logger,
      trail,
      levels: readSeverityLogLevels(config),
    });
    const pluginId = plugin.getId();

    const recorder: PermissionDecisionObserver = {
      async observe({ requests, results, credentials }) {
        for (const [index, decision] of results.entries()) {
          if (decision.result !== AuthorizeResult.DENY) {
            continue;
          }
          const request = requests[index];
          const resourceRef = isResourcePermission(request.permission)
            ? request.resourceRef
            : undefined;
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
              ...(resourceRef ? { resourceRef } : {}),
            },
            status: 'failed',
            error: new NotAllowedError(
              `${request.permission.name} denied by the permission policy`,
            ),
          };
          await publisher.publish(event);
        }
      },
    };
    return recorder;
  },
});
