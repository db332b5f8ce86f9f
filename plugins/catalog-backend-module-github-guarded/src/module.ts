/*
 * Catalog from GitHub: repository discovery (catalog.providers.github) and
 * the organisation's teams and members (catalog.providers.githubOrg), using
 * the providers of @backstage/plugin-catalog-backend-module-github, run by
 * our own scheduled tasks so that a failing run is retried with backoff and
 * never removes what the catalog already has (see guardedRun.ts), and so
 * that discovery hands over each page as it arrives (pagedDiscovery.ts).
 *
 * Off unless catalog.providers.github.organization is set (GITHUB_ORG in
 * production), so the laptop default and tests without GitHub are unaffected.
 *
 * GET /api/catalog/github-ingestion reports, per provider, the last run,
 * entities found, errors and the remaining GitHub rate-limit budget, from the
 * catalog's database (ProviderHealthStore), so every replica answers alike.
 */
import {
  coreServices,
  createBackendModule,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import {
  GithubEntityProvider,
  GithubMultiOrgEntityProvider,
} from '@backstage/plugin-catalog-backend-module-github';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import type { ProviderHealth } from '@internal/backstage-plugin-catalog-health-common';
import { ProviderHealthStore } from './database/ProviderHealthStore';
import {
  DEFAULT_RETRY_POLICY,
  GuardedEntityProvider,
  RetryPolicy,
  runWithRetries,
} from './guardedRun';
import { abortableOrgTransformers } from './orgTransformers';
import { refreshPageByPage } from './pagedDiscovery';
import { readRateLimit } from './rateLimit';
import { createRouter } from './router';

const noSchedule = { run: async () => {} };

function readRetryPolicy(config: Config): RetryPolicy {
  const c = config.getOptionalConfig('catalog.githubIngestion.retry');
  return {
    attempts: c?.getOptionalNumber('attempts') ?? DEFAULT_RETRY_POLICY.attempts,
    initialBackoffMs:
      c?.getOptionalNumber('initialBackoffMs') ??
      DEFAULT_RETRY_POLICY.initialBackoffMs,
    attemptTimeoutMs:
      c?.getOptionalNumber('attemptTimeoutMs') ??
      DEFAULT_RETRY_POLICY.attemptTimeoutMs,
  };
}

export const catalogModuleGithubGuarded = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'github-guarded',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        cache: coreServices.cache,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        events,
        cache,
        database,
        httpRouter,
      }) {
        const store = await ProviderHealthStore.create({ database });
        const configured: string[] = [];
        httpRouter.use(createRouter({ store, providers: () => configured }));

        const github = config.getOptionalConfig('catalog.providers.github');
        const org = github?.getOptionalString('organization');
        if (!github || !org) {
          logger.info(
            'GitHub ingestion is off: catalog.providers.github.organization is not set (GITHUB_ORG)',
          );
          return;
        }
        const host = github.getOptionalString('host') ?? 'github.com';
        const policy = readRetryPolicy(config);

        const schedule = (c: Config | undefined, fallback: string) =>
          c?.has('schedule')
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                c.getConfig('schedule'),
              )
            : readSchedulerServiceTaskScheduleDefinitionFromConfig(
                new ConfigReader({ frequency: fallback, timeout: 'PT1H' }),
              );

        const addGuarded = async (options: {
          kind: ProviderHealth['kind'];
          provider: EntityProvider;
          schedule: SchedulerServiceTaskScheduleDefinition;
          /** One attempt; it stops when `signal` is aborted. */
          run: (
            logger: LoggerService,
            connection: EntityProviderConnection,
            signal: AbortSignal,
          ) => Promise<void>;
        }) => {
          const name = options.provider.getProviderName();
          const taskId = `${name}:guarded-refresh`;
          configured.push(name);
          await store.register({ provider: name, kind: options.kind, taskId });
          // The health of the run in progress on this replica, if any.
          let current: ProviderHealth | undefined;
          const guarded = new GuardedEntityProvider(options.provider, count => {
            if (current) current.entitiesFound = count;
          });
          catalog.addEntityProvider(guarded);
          const taskLogger = logger.child({ target: name });
          await scheduler.scheduleTask({
            id: taskId,
            ...options.schedule,
            fn: async abortSignal => {
              // Another replica may have run it last: start from the stored state.
              const state: ProviderHealth = (await store.get(name)) ?? {
                provider: name,
                kind: options.kind,
                taskId,
                status: 'scheduled',
                errors: [],
              };
              current = state;
              state.status = 'running';
              state.lastRunStartedAt = new Date().toISOString();
              state.errors = [];
              await store.save(state);
              try {
                await guarded.connected();
                await runWithRetries(
                  signal =>
                    guarded.attempt(signal, connection =>
                      options.run(taskLogger, connection, signal),
                    ),
                  policy,
                  taskLogger,
                  {
                    signal: abortSignal,
                    onAttemptFailed: async (error, attempt) => {
                      state.status = 'retrying';
                      state.errors.push(`attempt ${attempt}: ${error.message}`);
                      await store.save(state);
                    },
                  },
                );
                state.status = 'succeeded';
                state.lastSuccessAt = new Date().toISOString();
              } catch (error) {
                state.status = 'failed';
                taskLogger.error(
                  `${name}: run failed after ${state.errors.length} attempts; the catalog keeps the entities of the last successful run`,
                  error as Error,
                );
              } finally {
                current = undefined;
                state.lastRunEndedAt = new Date().toISOString();
                state.rateLimit = await readRateLimit(config, host, org).catch(
                  () => state.rateLimit,
                );
                await store.save(state);
              }
            },
          });
        };

        for (const provider of GithubEntityProvider.fromConfig(config, {
          logger,
          events,
          schedule: noSchedule,
        })) {
          await addGuarded({
            kind: 'discovery',
            provider,
            schedule: schedule(github, 'PT30M'),
            run: (l, connection, signal) =>
              refreshPageByPage(provider, connection, l, { signal }),
          });
        }

        const orgConfig = config.getOptionalConfig(
          'catalog.providers.githubOrg',
        );
        if (orgConfig) {
          const orgs = orgConfig.getOptionalStringArray('orgs') ?? [org];
          let orgSignal: AbortSignal | undefined;
          const alwaysUseDefaultNamespace = orgs.length === 1;
          const provider = GithubMultiOrgEntityProvider.fromConfig(config, {
            id: orgConfig.getString('id'),
            githubUrl: orgConfig.getString('githubUrl'),
            orgs,
            events,
            schedule: 'manual',
            logger,
            alwaysUseDefaultNamespace,
            cache,
            ...abortableOrgTransformers({
              signal: () => orgSignal,
              alwaysUseDefaultNamespace,
            }),
          });
          await addGuarded({
            kind: 'org',
            provider,
            schedule: schedule(orgConfig, 'PT1H'),
            // Reads through the connection the catalog gave the provider;
            // GuardedEntityProvider refuses its final "full" mutation once
            // the attempt is cancelled.
            run: async (l, _connection, signal) => {
              orgSignal = signal;
              try {
                await provider.read({ logger: l });
              } finally {
                orgSignal = undefined;
              }
            },
          });
        }
      },
    });
  },
});
