import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { auditPermissions } from '@internal/backstage-plugin-audit-common';
import { AuditStore } from './database/AuditStore';
import { Forwarder } from './forward/Forwarder';
import { readSinkFromConfig } from './forward/sinks';
import { createRouter } from './router';
import { auditTrailServiceRef } from './trail/AuditTrailService';

const DEFAULT_RETENTION: HumanDuration = { days: 365 };
const DEFAULT_FORWARD_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 10 },
  timeout: { minutes: 5 },
};

function readRetention(config: Config): HumanDuration {
  if (!config.has('audit.retention')) {
    return DEFAULT_RETENTION;
  }
  const retention = readDurationFromConfig(config, { key: 'audit.retention' });
  if (durationToMilliseconds(retention) <= 0) {
    throw new Error('audit.retention must be a positive duration');
  }
  return retention;
}

/**
 * The audit trail: stores the auditor events of every plugin (captured by
 * {@link auditorServiceFactory}), serves them to admins at
 * `GET /api/audit/events`, forwards them as JSON lines to `audit.sink`, and
 * deletes records older than `audit.retention`.
 *
 * @public
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        trail: auditTrailServiceRef,
      },
      async init({
        config,
        database,
        httpAuth,
        httpRouter,
        lifecycle,
        logger,
        permissions,
        permissionsRegistry,
        scheduler,
        trail,
      }) {
        const store = await AuditStore.create(database);
        const retention = readRetention(config);
        const sink = readSinkFromConfig(config, logger);

        permissionsRegistry.addPermissions(auditPermissions);

        let forwardTaskScheduled = false;
        // Set when records were stored while a forward run was going on
        // here: that run goes round once more instead of leaving them for
        // the next tick.
        let forwardAgain = false;
        trail.setWriter(async records => {
          await store.insert(records);
          if (forwardTaskScheduled) {
            forwardAgain = true;
            // Forward soon rather than at the next tick; whichever replica
            // holds the task runs it (a running task ignores the trigger).
            scheduler.triggerTask('audit-forward').catch(() => {});
          }
        });
        lifecycle.addShutdownHook(() => trail.flush());

        await scheduler.scheduleTask({
          id: 'audit-retention',
          frequency: { hours: 1 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const before = new Date(
              Date.now() - durationToMilliseconds(retention),
            );
            const { deleted, unforwarded } = await store.deleteOlderThan(
              before,
            );
            if (deleted > 0) {
              logger.info(
                `Audit retention: deleted ${deleted} records older than ${before.toISOString()}`,
              );
            }
            if (unforwarded > 0) {
              logger.error(
                `Audit retention: ${unforwarded} of them had never reached the sink`,
              );
            }
          },
        });

        if (sink) {
          const forwarder = new Forwarder({ store, sink, logger });
          const schedule = config.has('audit.sink.schedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig('audit.sink.schedule'),
              )
            : DEFAULT_FORWARD_SCHEDULE;
          await scheduler.scheduleTask({
            id: 'audit-forward',
            ...schedule,
            fn: async signal => {
              do {
                forwardAgain = false;
                await forwarder.run(signal);
              } while (forwardAgain && !forwarder.failing && !signal?.aborted);
            },
          });
          forwardTaskScheduled = true;
          logger.info(`Audit records are forwarded to ${sink.description}`);
        } else {
          logger.info(
            'No audit.sink configured: audit records are only stored',
          );
        }

        httpRouter.use(await createRouter({ httpAuth, permissions, store }));
      },
    });
  },
});
