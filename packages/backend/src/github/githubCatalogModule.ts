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
 * entities found, errors and the remaining GitHub rate-limit budget.
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
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
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
import Router from 'express-promise-router';
import {
  DEFAULT_RETRY_POLICY,
  GuardedEntityProvider,
  RetryPolicy,
  runWithRetries,
} from './guardedRun';
import { refreshPageByPage } from './pagedDiscovery';

export interface ProviderHealth {
  provider: string;
  kind: 'discovery' | 'org';
  taskId: string;
  status: 'scheduled' | 'running' | 'retrying' | 'succeeded' | 'failed';
  lastRunStartedAt?: string;
  lastRunEndedAt?: string;
  lastSuccessAt?: string;
  /** Entities (locations for discovery; users + groups for org) last applied. */
  entitiesFound?: number;
  /** Failed attempts in the last run, with their errors. */
  errors: string[];
  rateLimit?: {
    resource: string;
    limit: number;
    remaining: number;
    reset: string;
  }[];
}

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

async function readRateLimit(
  config: Config,
  host: string,
  org: string,
): Promise<ProviderHealth['rateLimit']> {
  const integrations = ScmIntegrations.fromConfig(config);
  const integration = integrations.github.byHost(host);
  if (!integration?.config.apiBaseUrl) return undefined;
  const { headers } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: `https://${host}/${org}` });
  // GET /rate_limit does not count against the budget.
  const res = await fetch(`${integration.config.apiBaseUrl}/rate_limit`, {
    headers: { ...headers, Accept: 'application/vnd.github+json' },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) return undefined;
  const body = (await res.json()) as {
    resources: Record<
      string,
      { limit: number; remaining: number; reset: number }
    >;
  };
  return ['core', 'graphql']
    .filter(r => body.resources?.[r])
    .map(r => ({
      resource: r,
      limit: body.resources[r].limit,
      remaining: body.resources[r].remaining,
      reset: new Date(body.resources[r].reset * 1000).toISOString(),
    }));
}

export const catalogModuleGithubIngestion = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'github-ingestion',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        events,
        cache,
        httpRouter,
      }) {
        const health = new Map<string, ProviderHealth>();
        const router = Router();
        router.get('/github-ingestion', (_req, res) => {
          res.json({ providers: [...health.values()] });
        });
        httpRouter.use(router);

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
          run: (
            logger: LoggerService,
            connection: EntityProviderConnection,
          ) => Promise<void>;
        }) => {
          const name = options.provider.getProviderName();
          const taskId = `${name}:guarded-refresh`;
          const state: ProviderHealth = {
            provider: name,
            kind: options.kind,
            taskId,
            status: 'scheduled',
            errors: [],
          };
          health.set(name, state);
          const guarded = new GuardedEntityProvider(
            options.provider,
            count => (state.entitiesFound = count),
          );
          catalog.addEntityProvider(guarded);
          const taskLogger = logger.child({ target: name });
          await scheduler.scheduleTask({
            id: taskId,
            ...options.schedule,
            fn: async () => {
              state.status = 'running';
              state.lastRunStartedAt = new Date().toISOString();
              state.errors = [];
              try {
                const connection = await guarded.connection();
                await runWithRetries(
                  () => options.run(taskLogger, connection),
                  policy,
                  taskLogger,
                  (error, attempt) => {
                    state.status = 'retrying';
                    state.errors.push(`attempt ${attempt}: ${error.message}`);
                  },
                );
                state.status = 'succeeded';
                state.lastSuccessAt = new Date().toISOString();
              } catch (error) {
                state.status = 'failed';
                taskLogger.error(
                  `${name}: run failed after ${policy.attempts} attempts; the catalog keeps the entities of the last successful run`,
                  error as Error,
                );
              } finally {
                state.lastRunEndedAt = new Date().toISOString();
                state.rateLimit = await readRateLimit(config, host, org).catch(
                  () => state.rateLimit,
                );
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
            run: (l, connection) => refreshPageByPage(provider, connection, l),
          });
        }

        const orgConfig = config.getOptionalConfig(
          'catalog.providers.githubOrg',
        );
        if (orgConfig) {
          const orgs = orgConfig.getOptionalStringArray('orgs') ?? [org];
          const provider = GithubMultiOrgEntityProvider.fromConfig(config, {
            id: orgConfig.getString('id'),
            githubUrl: orgConfig.getString('githubUrl'),
            orgs,
            events,
            schedule: 'manual',
            logger,
            alwaysUseDefaultNamespace: orgs.length === 1,
            cache,
          });
          await addGuarded({
            kind: 'org',
            provider,
            schedule: schedule(orgConfig, 'PT1H'),
            run: l => provider.read({ logger: l }),
          });
        }
      },
    });
  },
});

export default catalogModuleGithubIngestion;
